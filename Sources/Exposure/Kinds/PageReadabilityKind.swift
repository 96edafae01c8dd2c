import AuditCore
import Foundation

/// Pages that were fetched but not read (a sign-in page, an app shell, a consent wall, a bot check, an
/// empty page): one finding listing each with its reason and what to do, so that no such page passes
/// for a clean one. The markers are a data file the check names.
struct PageReadabilityKind: CheckKind {
    static let description = KindDescription(
        identifier: "page-readability",
        family: "exposure",
        summary: "Lists the pages read that showed no content to check (sign-in page, app shell, consent wall, bot check, empty), each with its reason and what to do.",
        parameters: [ParameterSpec("markers", required: true, "a readability-markers data file beside the check: wording (en, nl, fr, de), markup traces, limits and social platforms")],
        examples: examples)

    let rules: ReadabilityRules

    init(parameters: Parameters) throws {
        rules = try ReadabilityRules.read(try parameters.dataFile("markers"))
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try ExposureScan.from(context)
        if let skipped = PageFindings.nothingRead(scan) { return skipped }
        let unreadable = scan.pages.filter { !$0.verdict.isReadable }
        guard !unreadable.isEmpty else { return .passed(evidence: ExposureTexts.allReadable(scan.pages.count)) }
        let rendered = scan.rendered
        let subjects = unreadable.map { page in
            let reason = page.verdict.reason!
            // Keys the reports already label in both languages: the reason under status, the steps under advice.
            var status = ExposureTexts.reason(reason)
            var advice = ExposureTexts.advice(reason, rendered: rendered)
            var fields: [Subject.Field] = [.init("url", page.url)]
            if let platform = page.verdict.platform {
                fields.append(.init("service", platform.name))
                status = status + ExposureTexts.profileSeen(shown: Self.shown(page.text), hidden: platform.hidden)
                advice = advice + LocalizedText(en: ". ", nl: ". ") + platform.viewAs
            }
            fields += [.init(ExposureTexts.reasonKey, status), .init(ExposureTexts.adviceKey, advice)]
            return Subject(PageFindings.display(page.url), fields)
        }
        let key = "unreadable|" + unreadable.map { "\($0.url)=\($0.verdict.reason!.rawValue)" }.sorted().joined(separator: ",")
        return .failed([FindingDraft(key: key, title: nil,
                                     detail: ExposureTexts.unreadableDetail(unreadable.count, of: scan.pages.count),
                                     subjects: subjects)])
    }

    /// What a logged-out profile page still shows: its `og:` and `twitter:` tags and JSON-LD values.
    static func shown(_ text: PageText) -> [String] {
        var labels: [String] = []
        var seen = Set<String>()
        for block in text.blocks where block.isField {
            let field = text.text(of: block)
            guard let colon = field.firstIndex(of: ":") else { continue }
            var label = String(field[..<colon])
            if label == "og" || label == "twitter" {
                // og:title: the label itself holds a colon.
                let rest = field[field.index(after: colon)...]
                label += ":" + rest.prefix { $0 != ":" }
            }
            guard label.hasPrefix("og:") || label.hasPrefix("twitter:"), seen.insert(label).inserted else { continue }
            labels.append(label)
        }
        if text.signals.jsonLDValues > 0 { labels.append("JSON-LD (\(text.signals.jsonLDValues))") }
        return labels
    }
}
