import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene safety` in-process: answers files, the four formats, countries, --save, --helper and the letter.
@Suite struct SafetyCLITests {
    /// A folder outside the sandbox's home for answers files, so that what the command writes can be told apart.
    final class Files: @unchecked Sendable {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-answers-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: folder) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = folder + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    /// Every file below a folder, with its permissions.
    static func tree(_ root: String) -> [String: Int] {
        var found: [String: Int] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return found }
        for case let path as String in walker {
            found[path] = (try? FileManager.default.attributesOfItem(atPath: root + "/" + path)[.posixPermissions] as? Int) ?? -1
        }
        return found
    }

    @Test func answersFromAFileGiveGuidanceAndStoreNothing() async throws {
        let files = Files()
        let answers = try files.write("answers.yaml", "escalating: yes\nex-partner: yes\nweapons: no\n")
        let sandbox = Sandbox()
        let before = Self.tree(sandbox.home)
        let run = await sandbox.run(["safety", "--answers", answers])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Risk check: stalking\n"))
        #expect(run.output.contains("Stalking that escalates is a reason for concern"))
        #expect(run.output.contains("Of all stalkers, former partners turn to violence most often"))
        #expect(run.output.contains("Call Veilig Thuis"))
        #expect(run.output.contains("only on a complaint"))
        #expect(!run.output.contains("CALL 112 NOW"))
        #expect(run.errors.contains("Nothing was stored"))
        // Nothing written: no state database, no cache, no saved answers.
        #expect(Self.tree(sandbox.home) == before)
    }

    @Test func saveKeepsTheAnswersInAFileOnlyTheOwnerCanRead() async throws {
        let files = Files()
        let answers = try files.write("answers.yaml", "threats: yes\n")
        let sandbox = Sandbox()
        let run = await sandbox.run(["safety", "--answers", answers, "--save", "--format", "json"])
        #expect(run.code == 0, "\(run.errors)")
        let folder = sandbox.home + "/data/hygiene/safety"
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(saved.count == 1)
        let file = folder + "/" + (saved.first ?? "")
        #expect(saved.first?.hasPrefix("risk-") == true && saved.first?.hasSuffix(".yaml") == true)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int == 0o700)
        #expect(run.errors.contains("Your answers were saved in \(file)"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("version: 1\nanswered: ") && text.contains("threats: yes\n") && text.contains("weapons: unknown\n"))
        // Only the safety folder was written: no state database.
        #expect(!FileManager.default.fileExists(atPath: sandbox.home + "/data/hygiene/state.sqlite"))
        // The saved file reads back.
        let again = await sandbox.run(["safety", "--answers", file, "--format", "json"])
        #expect(again.code == 0, "\(again.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])
        #expect((object["raised"] as? [[String: Any]])?.map { $0["id"] as? String } == ["threats"])
        #expect(object["answeredAt"] as? String != nil)
    }

    @Test func forgetLeavesTheSavedAnswersAndSaysWhere() async throws {
        let files = Files()
        let sandbox = Sandbox()
        _ = await sandbox.run(["safety", "--answers", try files.write("a.yaml", "threats: yes\n"), "--save"])
        let forget = await sandbox.run(["forget"])
        #expect(forget.code == 0)
        #expect(forget.output.contains("Your saved answers to the risk questions (1) were not deleted"))
        #expect(forget.output.contains(sandbox.home + "/data/hygiene/safety"))
        #expect(SafetyCLITests.tree(sandbox.home + "/data/hygiene/safety").count == 1)
    }

    /// A bad answers file stops the run with exit status 2 and names the file and line.
    @Test(arguments: [
        ("unknown-id.yaml", "escalating: yes\nchildren: yes\n", 2, "unknown question 'children'"),
        ("bad-value.yaml", "escalating: yes\nweapons: maybe\n", 2, "'maybe' is not an answer to 'weapons'"),
        ("not-a-mapping.yaml", "- escalating\n- weapons\n", 1, "expected a mapping of question ids"),
        ("syntax.yaml", "escalating: yes\nweapons: [no\n", 3, "not valid YAML"),
        ("list-value.yaml", "escalating: yes\n\nweapons: [yes]\n", 3, "the answer must be yes, no or unknown"),
    ] as [(String, String, Int, String)])
    func badAnswersFilesExitTwoWithTheirLine(name: String, text: String, line: Int, message: String) async throws {
        let files = Files()
        let path = try files.write(name, text)
        let run = await Sandbox().run(["safety", "--answers", path])
        #expect(run.code == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("\(path):\(line):"), "\(run.errors)")
        #expect(run.errors.contains(message), "\(run.errors)")
    }

    @Test func aMissingAnswersFileIsNamed() async throws {
        let run = await Sandbox().run(["safety", "--answers", "/nonexistent/answers.yaml"])
        #expect(run.code == 2)
        #expect(run.errors.contains("/nonexistent/answers.yaml: cannot read: no such file"))
    }

    /// Danger right now: the emergency number and what to do come first in every format.
    @Test(arguments: ReportFormat.allCases)
    func acuteAnswersPut112FirstInEveryFormat(format: ReportFormat) async throws {
        let files = Files()
        let path = try files.write("acute.yaml", "at-the-door: no\ngetting-in: yes\nex-partner: yes\n")
        let run = await Sandbox().run(["safety", "--answers", path, "--format", format.rawValue])
        #expect(run.code == 0, "\(run.errors)")
        switch format {
        case .text:
            #expect(run.output.hasPrefix("⚠ CALL 112 NOW\n"))
        case .markdown:
            #expect(run.output.hasPrefix("# ⚠ Call 112 now\n"))
        case .json:
            #expect(run.output.hasPrefix("{\n  \"emergency\" : {\n    \"number\" : \"112\",\n    \"questions\" : [\n      \"getting-in\""))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            #expect((object["emergency"] as? [String: Any])?["questions"] as? [String] == ["getting-in"])
        case .html:
            #expect(run.output.contains("<title>Call 112 now — "))
            let body = try #require(run.output.range(of: "<body>\n")).upperBound
            #expect(run.output[body...].hasPrefix("<section class=\"emergency\" role=\"alert\">\n<h1>⚠ Call 112 now</h1>"))
        }
    }

    @Test func acuteInDutch() async throws {
        let files = Files()
        let path = try files.write("acute.yaml", "weapon-now: ja\n")
        let run = await Sandbox().run(["safety", "--answers", path, "--lang", "nl"])
        #expect(run.output.hasPrefix("⚠ BEL NU 112\n"))
        #expect(run.output.contains("Je antwoordde ja: Bedreigt de persoon je nu met een wapen?"))
    }

    @Test func belgianHelplinesWithCountryOrTheLocale() async throws {
        let files = Files()
        let path = try files.write("answers.yaml", "ex-partner: yes\nthreats: yes\n")
        let run = await Sandbox().run(["safety", "--answers", path, "--country", "be"])
        #expect(run.code == 0, "\(run.errors)")
        for expected in ["Police: 101", "1712", "Victim support of the CAW", "justice houses", "First-line legal aid", "mobile stalking alarm"] {
            #expect(run.output.contains(expected), "\(expected) is missing")
        }
        #expect(!run.output.contains("0900-8844") && !run.output.contains("Veilig Thuis 0800"))
        let sandbox = Sandbox()
        sandbox.extraVariables["LANG"] = "nl_BE.UTF-8"
        let flemish = await sandbox.run(["safety", "--answers", path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(flemish.output.utf8)) as? [String: Any])
        #expect(object["country"] as? String == "be" && object["language"] as? String == "nl")
        // The configuration's country wins over the locale.
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "version: 1\ncountry: nl\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let configured = await sandbox.run(["safety", "--answers", path, "--format", "json"])
        #expect(configured.output.contains("\"country\" : \"nl\""))
    }

    @Test func usageErrorsExit64() async throws {
        let sandbox = Sandbox()
        let noTerminal = await sandbox.run(["safety"])
        #expect(noTerminal.code == 64)
        #expect(noTerminal.errors.contains("give --answers FILE") && noTerminal.errors.contains("at-the-door, getting-in"))
        // Off a terminal the numbers come first, before how to answer.
        #expect(noTerminal.output.hasPrefix("Whom to call in ") && noTerminal.output.contains("112"), "\(noTerminal.output)")
        #expect(await sandbox.run(["safety", "--country", "de", "--answers", "x.yaml"]).code == 64)
        #expect(await sandbox.run(["safety", "--helper", "--answers", "x.yaml"]).code == 64)
        #expect(await sandbox.run(["safety", "--helper", "--save"]).code == 64)
        #expect(await sandbox.run(["safety", "letter", "--format", "pdf"]).code == 64)
        #expect(Self.tree(sandbox.home).isEmpty)
    }

    @Test(arguments: ReportFormat.allCases)
    func theHelpersGuide(format: ReportFormat) async throws {
        let run = await Sandbox().run(["safety", "--helper", "--format", format.rawValue])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("Helping someone who is being stalked"))
        #expect(run.output.contains("0900-8844"))
        #expect(run.output.contains("hygiene audit --only exposure"))
        #expect(!run.output.contains("CALL 112 NOW"))
    }

    @Test func theLetterInBothLanguages() async throws {
        let english = await Sandbox().run(["safety", "letter"])
        #expect(english.code == 0)
        #expect(english.output.contains("I do not want any contact with you."))
        #expect(english.output.contains("Registered mail gives you proof"))
        let dutch = await Sandbox().run(["safety", "letter", "--lang", "nl", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dutch.output.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hygiene-safety-letter/1")
        #expect((object["letter"] as? String)?.hasPrefix("[Je naam]\n[Plaats], [datum]\n") == true)
    }

    /// A user's own safety data replaces the shipped data when the shipped check is skipped; a broken
    /// file of theirs is named with its line, and stops the run with exit status 2.
    @Test func aBrokenHelplinesFileOfTheUsersIsLocated() async throws {
        let sandbox = Sandbox()
        let mine = sandbox.home + "/my-checks"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        let repository = ShippedCheckTests.repository.appendingPathComponent("Checks/safety")
        for name in ["safety.yaml", "risk.yaml", "helper.yaml", "letter.yaml", "helplines.yaml"] {
            var text = try String(contentsOf: repository.appendingPathComponent(name), encoding: .utf8)
            if name == "safety.yaml" { text = text.replacingOccurrences(of: "id: safety.risk", with: "id: mine.risk") }
            if name == "helplines.yaml" { text = text.replacingOccurrences(of: "number: \"0800-2000\"", with: "number: \"ring Veilig Thuis\"") }
            try text.write(toFile: mine + "/" + name, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "version: 1\nskip: [safety.risk]\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let run = await sandbox.run(["safety", "--helper", "--checks", mine])
        #expect(run.code == 2)
        let text = try String(contentsOfFile: mine + "/helplines.yaml", encoding: .utf8)
        let line = text[..<text.range(of: "ring Veilig Thuis")!.lowerBound].filter { $0 == "\n" }.count + 1
        #expect(run.errors.contains("\(mine)/helplines.yaml:\(line):17: number: 'ring Veilig Thuis' is not a phone number"), "\(run.errors)")
        // `hygiene checks validate` names it too.
        let validate = await sandbox.run(["checks", "validate", mine])
        #expect(validate.errors.contains("helplines.yaml:\(line):") || validate.output.contains("helplines.yaml:\(line):"), "\(validate.output)\(validate.errors)")
    }
}
