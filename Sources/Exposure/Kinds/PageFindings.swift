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

    static func passed(_ scan: ExposureScan, what: LocalizedText) -> CheckOutcome {
        let pages = LocalizedText.count(scan.pages.count, en: ("page", "pages"), nl: ("pagina", "pagina's"))
        return .passed(evidence: LocalizedText(en: "no \(what.en.lowercased()) on \(pages.en) read", nl: "geen \(what.nl.lowercased()) op \(pages.nl) gelezen"))
    }

    static func label(_ parameters: Parameters) throws -> LocalizedText {
        guard parameters.has("label") else { throw Parameters.Problem(message: "params.label: is required (en and nl)") }
        let label = try parameters.mapping("label")
        try label.allowOnly(["en", "nl"])
        return LocalizedText(en: try label.string("en"), nl: try label.string("nl"))
    }
}
