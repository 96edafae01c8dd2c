import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// With `situation: stalking` or `breakup` in the configuration, the audit report opens with the
/// country's helplines and the reminder to keep evidence, in every format; without it, it does not.
@Suite struct SafetyAuditOpeningTests {
    func sandbox(config: String?) throws -> Sandbox {
        let sandbox = Sandbox()
        if let config {
            try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
            try config.write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        }
        return sandbox
    }

    @Test(arguments: ReportFormat.allCases)
    func theReportOpensWithTheHelplinesWhenTheSituationIsSet(format: ReportFormat) async throws {
        let tree = try wellKeptMachine()
        let run = try await sandbox(config: "version: 1\nsituation: stalking\n")
            .run(["audit", "--root", tree.root, "--no-state", "--format", format.rawValue])
        #expect(run.code == 0, "\(run.errors)")
        let output = run.output
        switch format {
        case .text:
            #expect(output.hasPrefix("Help, if you need it (the Netherlands)\n  • Emergency number: 112 — danger right now\n"))
        case .markdown:
            #expect(output.hasPrefix("> **Help, if you need it (the Netherlands)**\n>\n> - Emergency number: 112 — danger right now\n"))
        case .json:
            #expect(output.hasPrefix("{\n  \"opening\" : {\n    \"lines\" : [\n      \"Emergency number: 112 — danger right now\""), "\(output.prefix(200))")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            #expect((object["opening"] as? [String: Any])?["title"] as? String == "Help, if you need it (the Netherlands)")
            #expect(object["schema"] as? String == "hygiene-report/1")
        case .html:
            let body = try #require(output.range(of: "<body>\n")).upperBound
            #expect(output[body...].hasPrefix("<section class=\"opening\" role=\"note\">\n<h2>Help, if you need it (the Netherlands)</h2>"))
        }
        for expected in ["Veilig Thuis (domestic violence and child abuse): 0800-2000", "0900-0101", "0900-8844",
                         "Keep evidence before you change settings or block anyone", "hygiene evidence add"] {
            #expect(output.contains(expected), "\(format): \(expected) is missing")
        }
        // The opening comes before the report's own title (in HTML: in the page's body).
        let start = output.range(of: "<body>")?.upperBound ?? output.startIndex
        let body = output[start...]
        #expect(try #require(body.range(of: "112")).lowerBound < (body.range(of: "Privacy and security check")?.lowerBound ?? body.endIndex))
    }

    @Test(arguments: ReportFormat.allCases)
    func noOpeningWithoutASituation(format: ReportFormat) async throws {
        let tree = try wellKeptMachine()
        for config in [nil, "version: 1\ncountry: be\n"] {
            let run = try await sandbox(config: config).run(["audit", "--root", tree.root, "--no-state", "--format", format.rawValue])
            #expect(run.code == 0)
            #expect(!run.output.contains("Help, if you need it"))
            #expect(!run.output.contains("opening"))
            #expect(!run.output.contains("hygiene evidence add"))
            #expect(!run.output.contains("safety.risk"))
        }
    }

    @Test func belgianAndDutchOpeningForABreakup() async throws {
        let tree = try wellKeptMachine()
        let run = try await sandbox(config: "version: 1\nsituation: breakup\ncountry: be\nlanguage: nl\n")
            .run(["audit", "--root", tree.root, "--no-state"])
        #expect(run.output.hasPrefix("Hulp, als je die nodig hebt (België)\n  • Noodnummer: 112 — direct gevaar\n  • Politie: 101"))
        #expect(run.output.contains("  • 1712 — vragen over geweld en misbruik"))
        // The text is wrapped to the terminal's width; its lines joined again:
        let flat = run.output.replacingOccurrences(of: "\n    ", with: " ")
        #expect(flat.contains("Leg vast wat er gebeurde met 'hygiene evidence add'."))
        #expect(run.output.contains("te maken hebt met een relatiebreuk"))
    }

    /// The risk check points to `hygiene safety` as an item to review, and costs no points.
    @Test func theSafetyCheckIsAnItemToReviewThatDoesNotChangeTheScore() async throws {
        let tree = try neglectedMachine()
        let without = try await sandbox(config: nil).run(["audit", "--root", tree.root, "--no-state", "--format", "json"])
        let with = try await sandbox(config: "version: 1\nsituation: stalking\n").run(["audit", "--root", tree.root, "--no-state", "--format", "json"])
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(without.output.utf8)) as? [String: Any])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(with.output.utf8)) as? [String: Any])
        #expect(report["score"] as? Int == plain["score"] as? Int)
        let finding = try #require((report["findings"] as? [[String: Any]])?.first { $0["check"] as? String == "safety.risk" })
        #expect(finding["severity"] as? String == "info")
        #expect((finding["detail"] as? String)?.contains("'hygiene safety'") == true)
        #expect(!(report["doFirst"] as? [String] ?? []).contains { $0.hasPrefix("safety.risk") })
    }
}
