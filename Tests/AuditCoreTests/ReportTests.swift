import AuditCore
import Foundation
import Testing
import TestSupport

/// Each report format against a golden file. Set HYGIENE_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
@Suite struct ReportTests {
    static let date = Date(timeIntervalSince1970: 1_795_000_000)

    static func report() async throws -> AuditReport {
        let checks = try loadScripted([
            ("test.firewall", "fail", "high", "caution: {en: \"They may notice.\", nl: \"Ze kunnen het merken.\"}\nreferences: [https://example.org/firewall]"),
            ("test.lock", "pass", "high", ""), ("test.review", "info", "medium", ""),
            ("test.root", "skip", "critical", ""), ("test.broken", "throw", "low", ""),
        ])
        var results = await Auditor(jobs: 1).run(checks, host: try FixtureTree().machine(), inputs: AuditInputs())
        for index in results.indices { results[index].duration = .zero }
        let trend = Trend(previousAuditAt: date.addingTimeInterval(-3 * 86_400), previousScore: 40,
                          newFingerprints: Set(results.flatMap(\.findings).filter { $0.checkID == "test.firewall" }.map(\.fingerprint)),
                          fixed: [.init(checkID: "test.lock", title: LocalizedText(en: "Screen lock", nl: "Schermvergrendeling"), count: 1)])
        return AuditReport(toolVersion: "0.0.0-test", generatedAt: date, system: OSInfo(id: "debian", name: "Debian GNU/Linux 12 (bookworm)"),
                           privileged: false, checks: results, trend: trend,
                           notes: [LocalizedText(en: "Remember <this> & that.", nl: "Denk aan <dit> & dat.")],
                           sources: [SourceStatus(name: "https://example.org/?a=1&b=<2>", ok: true, detail: LocalizedText(en: "fetched: HTTP 200, 12 KB", nl: "opgehaald: HTTP 200, 12 KB")),
                                     SourceStatus(name: "https://down.example/", ok: false, detail: LocalizedText(en: "the connection was refused", nl: "de verbinding werd geweigerd"))])
    }

    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func compare(_ text: String, to name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["HYGIENE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }

    @Test(arguments: ReportFormat.allCases, Language.allCases)
    func formatMatchesGolden(format: ReportFormat, language: Language) async throws {
        let text = try format.renderer(color: false, width: 80).render(try await Self.report(), language: language)
        let suffix = ["text": "txt", "markdown": "md", "json": "json", "html": "html"][format.rawValue]!
        try compare(text, to: "report-\(language.rawValue).\(suffix)")
    }

    @Test func jsonFollowsTheDocumentedSchema() async throws {
        let text = try JSONRenderer().render(try await Self.report(), language: .en)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hygiene-report/1")
        #expect(object["score"] as? Int == 60)  // earned 6 + 3 of possible 6 + 6 + 3
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        for finding in findings {
            for key in ["check", "severity", "title", "subjects", "fix", "fingerprint", "id"] {
                #expect(finding[key] != nil, "finding without \(key)")
            }
        }
        #expect((findings[0]["subjects"] as? [[String: String]])?.first?["name"] == "thing")
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.map { $0["status"] as? String } == ["failed", "passed", "failed", "skipped", "error"])
        #expect(checks[3]["reason"] as? String == "needs root")
        #expect((object["trend"] as? [String: Any])?["scoreChange"] as? Int == 20)
    }

    @Test func textHasNoColourUnlessAskedAndWrapsToTheWidth() async throws {
        let report = try await Self.report()
        let plain = TextRenderer(color: false, width: 50).render(report, language: .en)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.split(separator: "\n").allSatisfy { $0.count <= 50 || !$0.contains(" ") })
        let coloured = TextRenderer(color: true, width: 50).render(report, language: .en)
        #expect(coloured.contains("\u{1B}[1;31m[HIGH]\u{1B}[0m"))
        #expect(plain.hasSuffix("1. Title test.firewall — Do it\n"))
    }

    @Test func htmlIsSelfContainedAndEscapesText() async throws {
        let html = HTMLRenderer().render(try await Self.report(), language: .nl)
        #expect(html.contains("<style>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        #expect(html.contains("Denk aan &lt;dit&gt; &amp; dat."))
        #expect(html.contains("<html lang=\"nl\">"))
        #expect(html.components(separatedBy: "class=\"caution\"").count == 2, "only the finding with a caution shows one")
        #expect(!html.contains("nil"))
    }
}
