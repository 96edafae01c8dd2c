import AuditCore
import Foundation

/// One finding per page for a kind of data: every match on the page as a subject.
enum PageFindings {
    static func drafts(kind: String, label: LocalizedText, matchesByPage: [(url: String, matches: [Match])],
                       severity: (Match) -> Severity? = { _ in nil }) -> [FindingDraft] {
        matchesByPage.filter { !$0.matches.isEmpty }.map { page in
            let count = page.matches.count
            let prints = page.matches.map(\.fingerprint).sorted().joined(separator: ",")
            let severities = page.matches.compactMap(severity)
            let own = page.matches.filter(\.own).map(\.masked)
            let yours = own.isEmpty ? LocalizedText(en: "", nl: "") : LocalizedText(
                en: " \(own.count == 1 ? "One is" : "\(own.count) are") in your identity file: \(own.joined(separator: ", ")).",
                nl: " \(own.count == 1 ? "Eén daarvan staat" : "\(own.count) daarvan staan") in je identiteitsbestand: \(own.joined(separator: ", ")).")
            return FindingDraft(
                // The key changes when a value appears or goes, so the next audit shows it as new.
                key: "\(kind)|\(page.url)|\(prints)",
                title: LocalizedText(en: "\(label.en) on \(display(page.url))", nl: "\(label.nl) op \(display(page.url))"),
                detail: LocalizedText(
                    en: "\(count == 1 ? "One value" : "\(count) values") found on \(page.url).\(yours.en) Anyone who visits the page can read \(count == 1 ? "it" : "them"), and search engines keep copies.",
                    nl: "\(count == 1 ? "Eén gegeven" : "\(count) gegevens") gevonden op \(page.url).\(yours.nl) Iedereen die de pagina bezoekt kan \(count == 1 ? "het" : "ze") lezen, en zoekmachines bewaren kopieën."),
                subjects: page.matches.map(\.subject),
                severity: severities.max())
        }
    }

    /// `example.nl/contact`: the address without its scheme, for titles.
    static func display(_ url: String) -> String {
        var text = url
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if text.hasSuffix("/") { text.removeLast() }
        return text.count > 60 ? String(text.prefix(59)) + "…" : text
    }

    /// Skipped, not passed, when no page could be read.
    static func nothingRead(_ scan: ExposureScan) -> CheckOutcome? {
        guard scan.pages.isEmpty else { return nil }
        return .skipped(reason: LocalizedText(en: "no page could be read; see the pages read below",
                                              nl: "geen enkele pagina kon worden gelezen; zie de gelezen pagina's hieronder"))
    }

    /// Nothing found: passed on the pages that were read, saying how many could not be; skipped when
    /// none could (a page that was not read never counts as clean).
    static func passed(_ scan: ExposureScan, what: LocalizedText) -> CheckOutcome {
        let readable = scan.pages.filter(\.verdict.isReadable).count
        let unreadable = scan.pages.count - readable
        guard readable > 0 else { return .skipped(reason: ExposureTexts.noneReadable) }
        let pages = LocalizedText.count(readable, en: ("page", "pages"), nl: ("pagina", "pagina's"))
        var evidence = LocalizedText(en: "no \(what.en.lowercased()) on \(pages.en) read", nl: "geen \(what.nl.lowercased()) op \(pages.nl) gelezen")
        if unreadable > 0 { evidence = evidence + ExposureTexts.notChecked(unreadable) }
        return .passed(evidence: evidence)
    }

    /// A matcher's matches on every page, each snippet hiding what every other matcher of the scan
    /// found on that page too (the postcode's snippet does not show the street the street finding masks).
    static func matchesByPage(_ matcher: some PageMatching, in scan: ExposureScan, identity: Identity?) -> [(url: String, matches: [Match])] {
        scan.pages.indices.map { index in
            let page = scan.pages[index]
            let own = scan.found.matches(page: index, matcher: matcher.matcherID) { matcher.pageMatches(page, identity: identity) }
            guard !own.isEmpty else { return (page.url, own) }
            var hiders: [Masking.Hider] = []
            for other in scan.matchers where other.matcherID != matcher.matcherID {
                hiders += scan.found.hiders(page: index, matcher: other.matcherID) { other.pageMatches(page, identity: identity) }
            }
            return (page.url, own.map { Masking.hiding(hiders, in: $0) })
        }
    }

    static func label(_ parameters: Parameters) throws -> LocalizedText {
        guard parameters.has("label") else { throw Parameters.Problem(message: "params.label: is required (en and nl)") }
        let label = try parameters.mapping("label")
        try label.allowOnly(["en", "nl"])
        return LocalizedText(en: try label.string("en"), nl: try label.string("nl"))
    }
}

/// A kind that finds values on a page: the scan runs each once per page, and every finding's snippet
/// hides the values the others found.
protocol PageMatching: Sendable {
    var matcherID: String { get }
    func pageMatches(_ page: ScannedPage, identity: Identity?) -> [Match]
}

/// The matches per page and matcher, each computed once however many checks ask for them.
final class FoundValues: @unchecked Sendable {
    private final class Cell: @unchecked Sendable {
        let lock = NSLock()
        var matches: [Match]?
        var hiders: [Masking.Hider]?
    }
    private let lock = NSLock()
    private var cells: [String: Cell] = [:]

    func matches(page: Int, matcher: String, compute: () -> [Match]) -> [Match] {
        let cell = cell(page: page, matcher: matcher)
        // One cell's lock is held only while its own matches are computed, never while waiting for another.
        return cell.lock.withLock {
            if let matches = cell.matches { return matches }
            let matches = compute()
            cell.matches = matches
            return matches
        }
    }

    /// The same matches as the other findings' snippets look for them.
    func hiders(page: Int, matcher: String, compute: () -> [Match]) -> [Masking.Hider] {
        let cell = cell(page: page, matcher: matcher)
        return cell.lock.withLock {
            if let hiders = cell.hiders { return hiders }
            if cell.matches == nil { cell.matches = compute() }
            let hiders = cell.matches!.map(Masking.Hider.init)
            cell.hiders = hiders
            return hiders
        }
    }

    private func cell(page: Int, matcher: String) -> Cell {
        lock.withLock { () -> Cell in
            let key = "\(page)|\(matcher)"
            if let cell = cells[key] { return cell }
            let cell = Cell()
            cells[key] = cell
            return cell
        }
    }
}
