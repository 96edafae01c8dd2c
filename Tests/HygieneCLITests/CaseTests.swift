import AuditCore
import Foundation
@testable import HygieneCLI
import Safety
import Testing
import TestSupport

/// A helper's cases (`--case`, `HYGIENE_CASE`, `hygiene case …`): each person's data apart, named on every
/// output, deleted whole.
@Suite struct CaseTests {
    /// Every regular file under `folder`, with its bytes.
    static func files(under folder: String) -> [String: Data] {
        var found: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return found }
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            found[path] = FileManager.default.contents(atPath: path) ?? Data()
        }
        return found
    }

    /// The files under `folder` (names and contents) that hold any of `values`.
    static func holding(_ values: [String], under folder: String) -> [String] {
        files(under: folder).compactMap { path, data in
            values.contains { path.contains($0) || data.range(of: Data($0.utf8)) != nil } ? path : nil
        }.sorted()
    }

    /// A Bitwarden export with one login planted: its e-mail and password are the person's own.
    static func vault(_ sandbox: Sandbox, _ name: String, email: String, password: String) throws -> String {
        let folder = sandbox.home + "/given-" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/bitwarden.json"
        try """
            {"encrypted": false, "items": [
             {"type": 1, "name": "Gmail", "login": {"uris": [{"uri": "https://accounts.google.com"}], "username": "\(email)",
              "password": "\(password)"}},
             {"type": 1, "name": "Mail copy", "login": {"uris": [{"uri": "https://accounts.google.com/signin"}], "username": "\(email)",
              "password": "\(password)"}}
            ]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func casesFolder(_ sandbox: Sandbox) -> String { sandbox.home + "/data/hygiene/cases" }

    @Test(arguments: ["../anna", ".anna", "a/b", "_anna", "anna bob", String(repeating: "a", count: 65), "..", "~anna", "anna\n", "/tmp/x"])
    func badNamesAreRefused(name: String) async throws {
        let sandbox = Sandbox()
        let made = await sandbox.run(["case", "new", name])
        #expect(made.code == 64, "\(made.errors)")
        #expect(made.errors.contains("cannot be a case's name"))
        let flagged = await sandbox.run(["history", "--case", name])
        #expect(flagged.code == 64, "\(flagged.errors)")
        sandbox.extraVariables["HYGIENE_CASE"] = name
        let fromEnvironment = await sandbox.run(["evidence", "add", "--no-prompt", "--note", "x"])
        #expect(fromEnvironment.code == 64, "\(fromEnvironment.errors)")
        let dutch = await sandbox.run(["history", "--lang", "nl"])
        #expect(dutch.code == 64 && dutch.errors.contains("kan geen naam van een casus zijn"), "\(dutch.errors)")
        // Nothing was made anywhere: not a case, not the user's own logbook, nothing beside the sandbox.
        #expect(Self.files(under: sandbox.home).isEmpty)
    }

    @Test func anUnknownCaseIsAnErrorListingTheKnownOnes() async throws {
        let sandbox = Sandbox()
        let none = await sandbox.run(["history", "--case", "carl"])
        #expect(none.code == 2 && none.errors.contains("no case yet"), "\(none.errors)")
        #expect(await sandbox.run(["case", "new", "ben"]).code == 0)
        #expect(await sandbox.run(["case", "new", "anna", "--note", "via the women's shelter"]).code == 0)
        let unknown = await sandbox.run(["evidence", "add", "--case", "carl", "--no-prompt", "--note", "x"])
        #expect(unknown.code == 2)
        #expect(unknown.errors.contains("there is no case 'carl'; the cases are: anna, ben"), "\(unknown.errors)")
        #expect(!FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/carl"))
        let dutch = await sandbox.run(["case", "show", "carl", "--lang", "nl"])
        #expect(dutch.code == 2 && dutch.errors.contains("er is geen casus 'carl'; de casussen zijn: anna, ben"))
        let again = await sandbox.run(["case", "new", "anna"])
        #expect(again.code == 2 && again.errors.contains("exists already"))
    }

    @Test func caseFoldersArePrivateAndListed() async throws {
        let sandbox = Sandbox()
        let made = await sandbox.run(["case", "new", "anna", "--note", "first visit"])
        #expect(made.code == 0 && made.output.contains("--case anna"), "\(made.errors)")
        for folder in [casesFolder(sandbox), casesFolder(sandbox) + "/anna", casesFolder(sandbox) + "/anna/tmp"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int)
            #expect(mode == 0o700, "\(folder): \(String(mode, radix: 8))")
        }
        #expect(await sandbox.run(["evidence", "add", "--case", "anna", "--no-prompt", "--note", "called 12 times"]).code == 0)
        let list = await sandbox.run(["case", "list"])
        #expect(list.code == 0 && list.output.hasPrefix("anna  "), "\(list.output)")
        #expect(list.output.contains("1 evidence record"))
        let show = await sandbox.run(["case", "show", "anna", "--lang", "nl"])
        #expect(show.output.contains("Casus: anna") && show.output.contains("Notitie: first visit") && show.output.contains("1 vermelding"))
        let empty = await Sandbox().run(["case", "list"])
        #expect(empty.output.contains("No cases yet"))
    }

    /// The quality bar: what is planted in one case is in no output, file or temporary file of the other, nor in
    /// the user's own data, which the cases leave as it was.
    @Test func valuesPlantedInOneCaseStayInIt() async throws {
        let sandbox = Sandbox()
        // The helper's own data first: a logbook record and an audit.
        #expect(await sandbox.run(["evidence", "add", "--no-prompt", "--note", "OWN-NOTE-7731"]).code == 0)
        let tree = try wellKeptMachine()
        #expect(await sandbox.run(["audit", "--root", tree.root]).code != 2)
        let ownFolder = sandbox.home + "/data/hygiene"
        let own = Self.files(under: ownFolder)
        #expect(own.keys.contains(ownFolder + "/state.sqlite"))

        struct Planted { var name, email, password, note: String }
        let people = [Planted(name: "anna", email: "anna.k.planted@example.org", password: "Anna!Planted#4471", note: "ANNA-NOTE-5512"),
                      Planted(name: "ben", email: "ben.r.planted@example.org", password: "Ben!Planted#9924", note: "BEN-NOTE-3308")]
        var outputs: [String: String] = [:]
        for person in people {
            #expect(await sandbox.run(["case", "new", person.name]).code == 0)
            let vault = try Self.vault(sandbox, person.name, email: person.email, password: person.password)
            var said = ""
            for arguments in [["audit", "--only", "vault", "--vault", vault, "--format", "json"],
                              ["evidence", "add", "--no-prompt", "--note", person.note, vault],
                              ["reset", "show", "--vault", vault, "--since", "2026-01-01", "--format", "markdown"],
                              ["reset", "done", "1"],
                              ["history"], ["evidence", "list"]] {
                let run = await sandbox.run(arguments + ["--case", person.name])
                #expect(run.code != 2, "\(arguments): \(run.errors)")
                said += run.output + run.errors
            }
            outputs[person.name] = said
        }
        for (person, other) in [(people[0], people[1]), (people[1], people[0])] {
            let planted = [person.email, person.password, person.note]
            // In its own case: the report names the account, the logbook the note and the file.
            #expect(outputs[person.name]!.contains(person.email) && outputs[person.name]!.contains(person.note))
            #expect(!Self.holding([person.note], under: casesFolder(sandbox) + "/" + person.name).isEmpty)
            // Nowhere else: not in the other case's outputs or files (temporary folder included), not in the user's own.
            for value in planted { #expect(!outputs[other.name]!.contains(value), "\(value) in \(other.name)'s output") }
            #expect(Self.holding(planted, under: casesFolder(sandbox) + "/" + other.name).isEmpty)
            #expect(Self.holding(planted, under: ownFolder).allSatisfy { $0.hasPrefix(casesFolder(sandbox) + "/" + person.name + "/") })
            #expect(Self.holding(planted, under: sandbox.home + "/config").isEmpty)
            #expect(Self.holding(planted, under: sandbox.home + "/.cache").isEmpty)
        }
        // The user's own data is as it was: no file of theirs changed, none added outside the cases.
        let after = Self.files(under: ownFolder).filter { !$0.key.hasPrefix(casesFolder(sandbox) + "/") }
        #expect(after == own)
        #expect(Self.holding(["OWN-NOTE-7731"], under: casesFolder(sandbox)).isEmpty)
        let ownHistory = await sandbox.run(["history"])
        #expect(ownHistory.output.split(separator: "\n").count == 1, "\(ownHistory.output)")
        let ownList = await sandbox.run(["evidence", "list"])
        #expect(ownList.output.contains("OWN-NOTE-7731") && !ownList.output.contains("ANNA-NOTE") && !ownList.output.contains("BEN-NOTE"))
    }

    @Test func aPhoneCapturedInACaseStaysInItAndNamesIt() async throws {
        let adb = try FakeAdb("clean-pixel")
        let sandbox = Sandbox()
        sandbox.runsRealCommands = true
        sandbox.extraVariables["PATH"] = adb.folder + ":/usr/bin:/bin"
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        #expect(await sandbox.run(["case", "new", "ben"]).code == 0)
        let run = await sandbox.run(["audit", "--case", "anna", "--only", "phone", "--phone", "android", "--format", "json"])
        #expect(run.code != 2, "\(run.errors)")
        let captures = casesFolder(sandbox) + "/anna/phone"
        let folders = try FileManager.default.contentsOfDirectory(atPath: captures)
        #expect(folders.count == 1)
        let label = try String(contentsOfFile: captures + "/" + folders[0] + "/CASE.txt", encoding: .utf8)
        #expect(label.hasPrefix("Case / casus: anna\n"))
        let serial = "37221FDJH00A1B"
        #expect(!Self.holding([serial], under: captures).isEmpty)
        #expect(Self.holding([serial], under: casesFolder(sandbox) + "/ben").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.home + "/data/hygiene/phone"))
        let other = await sandbox.run(["history", "--case", "ben"])
        #expect(other.output.contains("No audits") || !other.output.contains(serial))
    }

    @Test(arguments: OutputFormat.allCases)
    func everyReportOfACaseNamesItFirst(format: OutputFormat) async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        let tree = try wellKeptMachine()
        let inCase = await sandbox.run(["audit", "--case", "anna", "--root", tree.root, "--format", format.rawValue])
        let own = await sandbox.run(["audit", "--root", tree.root, "--format", format.rawValue, "--no-state"])
        #expect(inCase.code != 2 && own.code != 2, "\(inCase.errors)")
        #expect(!own.output.contains("Case: anna"))
        switch format {
        case .text, .markdown: #expect(inCase.output.hasPrefix("Case: anna\n"))
        case .json:
            #expect(inCase.output.hasPrefix("{\n  \"case\" : \"anna\",\n"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(inCase.output.utf8)) as? [String: Any])
            #expect(object["case"] as? String == "anna")
        case .html:
            let body = try #require(inCase.output.range(of: "<body>"))
            #expect(inCase.output[body.upperBound...].hasPrefix("\n<p class=\"case\"><strong>Case: anna</strong></p>"))
            #expect(inCase.output.contains("<title>anna — "))
        }
        let dutch = await sandbox.run(["audit", "--case", "anna", "--root", tree.root, "--format", "text", "--lang", "nl"])
        #expect(dutch.output.hasPrefix("Casus: anna\n"))
        // A printable copy is kept in the case for the hand-over, and nowhere else.
        let reports = try FileManager.default.contentsOfDirectory(atPath: casesFolder(sandbox) + "/anna/reports")
        #expect(reports.count == 2 && reports.allSatisfy { $0.hasPrefix("audit-") && $0.hasSuffix(".html") })
        let kept = try String(contentsOfFile: casesFolder(sandbox) + "/anna/reports/" + reports[0], encoding: .utf8)
        #expect(kept.contains("<p class=\"case\"><strong>"))
    }

    @Test func aPlanAndADossierOfACaseNameItFirst() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        let plan = await sandbox.run(["reset", "--case", "anna", "--since", "2026-01-01", "--format", "markdown"])
        #expect(plan.output.hasPrefix("Case: anna\n\n"), "\(plan.errors)")
        let dot = await sandbox.run(["reset", "--case", "anna", "--since", "2026-01-01", "--format", "dot"])
        #expect(dot.output.hasPrefix("// Case: anna\n"))
        #expect(await sandbox.run(["evidence", "add", "--case", "anna", "--no-prompt", "--note", "flowers"]).code == 0)
        let dossier = sandbox.home + "/out/dossier"
        let export = await sandbox.run(["evidence", "export", "--case", "anna", dossier])
        #expect(export.code == 0, "\(export.errors)")
        let readme = try String(contentsOfFile: dossier + "/" + Dossier.readme, encoding: .utf8)
        #expect(readme.hasPrefix("Case: anna\n"))
        let json = try String(contentsOfFile: dossier + "/" + Dossier.logbookJSON, encoding: .utf8)
        #expect(json.hasPrefix("{\n  \"case\" : \"anna\""))
        let html = try String(contentsOfFile: dossier + "/" + Dossier.logbookHTML, encoding: .utf8)
        #expect(html.contains("<p class=\"case\"><strong>Case: anna</strong></p>"))
        // The sums are of the files as written.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["-c", "--quiet", "SHA256SUMS"]
        check.currentDirectoryURL = URL(fileURLWithPath: dossier)
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
    }

    @Test func closingACaseExportsItThenLeavesNoFileBehind() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["evidence", "add", "--no-prompt", "--note", "OWN-NOTE-1"]).code == 0)
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        #expect(await sandbox.run(["case", "new", "ben"]).code == 0)
        let vault = try Self.vault(sandbox, "anna", email: "anna.closing@example.org", password: "Closing!Pass#1")
        for arguments in [["evidence", "add", "--no-prompt", "--note", "ANNA-CLOSING-NOTE", vault],
                          ["audit", "--only", "vault", "--vault", vault], ["reset", "show", "--vault", vault, "--since", "2026-01-01"],
                          ["reset", "done", "1"]] {
            let run = await sandbox.run(arguments + ["--case", "anna"])
            #expect(run.code != 2, "\(arguments): \(run.errors)")
        }
        try "language: en\n".write(toFile: casesFolder(sandbox) + "/anna/config.yaml", atomically: true, encoding: .utf8)
        let planted = ["ANNA-CLOSING-NOTE", "anna.closing@example.org", "Closing!Pass#1"]
        #expect(!Self.holding(planted, under: casesFolder(sandbox) + "/anna").isEmpty)
        let ben = Self.files(under: casesFolder(sandbox) + "/ben")
        let own = Self.files(under: sandbox.home + "/data/hygiene").filter { !$0.key.hasPrefix(casesFolder(sandbox) + "/") }

        // Without --yes, off a terminal: nothing is deleted.
        let refused = await sandbox.run(["case", "close", "anna"])
        #expect(refused.code == 2 && refused.errors.contains("nothing deleted"))
        #expect(FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna/case.json"))

        let handOver = sandbox.home + "/hand-over"
        let closed = await sandbox.run(["case", "close", "anna", "--export", handOver, "--yes"])
        #expect(closed.code == 0, "\(closed.errors)")
        #expect(closed.output.contains("Deleted the case 'anna'"))
        #expect(closed.output.contains("written over with zeros"))
        // The hand-over has the case's name first, the verified dossier and the latest report.
        #expect(try String(contentsOfFile: handOver + "/CASE.txt", encoding: .utf8).hasPrefix("Case / casus: anna\n"))
        #expect(FileManager.default.fileExists(atPath: handOver + "/dossier/" + Dossier.logbookHTML))
        let reports = try FileManager.default.contentsOfDirectory(atPath: handOver + "/reports")
        #expect(reports.count == 1 && reports[0].hasPrefix("audit-"))
        // Nothing of the case is left: no folder, no file, no planted value anywhere under the data, cache or config.
        #expect(!FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna"))
        for folder in [sandbox.home + "/data", sandbox.home + "/config", sandbox.home + "/.cache"] {
            #expect(Self.holding(planted, under: folder).isEmpty, "\(folder)")
            #expect(Self.files(under: folder).keys.allSatisfy { !$0.contains("/anna") })
        }
        // The other case and the user's own are untouched.
        #expect(Self.files(under: casesFolder(sandbox) + "/ben") == ben)
        #expect(Self.files(under: sandbox.home + "/data/hygiene").filter { !$0.key.hasPrefix(casesFolder(sandbox) + "/") } == own)
        let list = await sandbox.run(["case", "list"])
        #expect(list.output.hasPrefix("ben  ") && !list.output.contains("anna"))
    }

    @Test func closingOnATerminalOffersTheExportAndAsksForTheName() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        #expect(await sandbox.run(["evidence", "add", "--case", "anna", "--no-prompt", "--note", "flowers"]).code == 0)
        sandbox.lineInput = FixedLineInput(["", "ben"], isTerminal: true)
        let wrongName = await sandbox.run(["case", "close", "anna"])
        #expect(wrongName.code == 2 && FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna/case.json"))
        let handOver = sandbox.home + "/given to the lawyer"
        sandbox.lineInput = FixedLineInput(["'\(handOver)'", "anna"], isTerminal: true)
        let closed = await sandbox.run(["case", "close", "anna", "--lang", "nl"])
        #expect(closed.code == 0, "\(closed.errors)")
        #expect(closed.output.contains("De casus 'anna' is verwijderd"))
        #expect(FileManager.default.fileExists(atPath: handOver + "/dossier/" + Dossier.logbookJSON))
        #expect(!FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna"))
    }

    @Test func destroyNeedsYesAndExportsNothing() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        let refused = await sandbox.run(["case", "destroy", "anna"])
        #expect(refused.code == 2 && FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna"))
        let destroyed = await sandbox.run(["case", "destroy", "anna", "--yes"])
        #expect(destroyed.code == 0 && !FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna"))
        #expect(Self.files(under: sandbox.home).isEmpty)
    }

    @Test func anExportIntoAFolderInUseIsRefusedAndDeletesNothing() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        let used = sandbox.home + "/used"
        try FileManager.default.createDirectory(atPath: used, withIntermediateDirectories: true)
        try "x".write(toFile: used + "/other.txt", atomically: true, encoding: .utf8)
        let closed = await sandbox.run(["case", "close", "anna", "--export", used, "--yes"])
        #expect(closed.code == 2 && closed.errors.contains("not empty"))
        #expect(FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna/case.json"))
    }

    @Test func twoCommandsInTwoCasesAtOnceDoNotInterfere() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        #expect(await sandbox.run(["case", "new", "ben"]).code == 0)
        let tree = try wellKeptMachine()
        func work(_ name: String) async -> [Int32] {
            var codes: [Int32] = []
            for index in 0..<6 {
                codes.append(await sandbox.run(["evidence", "add", "--case", name, "--no-prompt", "--note", "\(name.uppercased())-\(index)"]).code)
                codes.append(await sandbox.run(["audit", "--case", name, "--root", tree.root, "--format", "json"]).code)
            }
            return codes
        }
        async let anna = work("anna")
        async let ben = work("ben")
        let codes = await anna + ben
        #expect(codes.allSatisfy { $0 != 2 }, "\(codes)")
        for (name, other) in [("anna", "ben"), ("ben", "anna")] {
            let list = await sandbox.run(["evidence", "list", "--case", name])
            #expect((0..<6).allSatisfy { list.output.contains("\(name.uppercased())-\($0)") })
            #expect(!list.output.contains(other.uppercased() + "-"))
            let verify = await sandbox.run(["evidence", "verify", "--case", name])
            #expect(verify.code == 0 && verify.output.hasPrefix("Intact: 6 records"), "\(verify.output)")
            let history = await sandbox.run(["history", "--case", name])
            #expect(history.output.split(separator: "\n").count == 6, "\(history.output)")
        }
    }

    @Test func forgetInACaseNamesItAndKeepsTheEvidence() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        let tree = try wellKeptMachine()
        #expect(await sandbox.run(["audit", "--root", tree.root]).code != 2)
        #expect(await sandbox.run(["audit", "--case", "anna", "--root", tree.root]).code != 2)
        #expect(await sandbox.run(["evidence", "add", "--case", "anna", "--no-prompt", "--note", "kept"]).code == 0)
        let forget = await sandbox.run(["forget", "--case", "anna"])
        #expect(forget.code == 0, "\(forget.errors)")
        #expect(forget.output.hasPrefix("In the case 'anna'"))
        #expect(forget.output.contains(casesFolder(sandbox) + "/anna/state.sqlite"))
        #expect(forget.output.contains(casesFolder(sandbox) + "/anna/evidence"))
        #expect(!FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/anna/state.sqlite"))
        #expect(EvidenceStore.exists(at: casesFolder(sandbox) + "/anna/evidence"))
        // The user's own history is not the case's to forget.
        #expect(FileManager.default.fileExists(atPath: sandbox.home + "/data/hygiene/state.sqlite"))
        let dutch = await sandbox.run(["forget", "--case", "anna", "--lang", "nl"])
        #expect(dutch.output.hasPrefix("In de casus 'anna'"))
    }

    @Test func theCaseConfigurationComesAfterTheUsersAndTheUsersInputsStayOut() async throws {
        let sandbox = Sandbox()
        let own = try Self.vault(sandbox, "own", email: "helper.own@example.org", password: "Helper!Own#55")
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "language: nl\nvaults:\n  - \(own)\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        let tree = try wellKeptMachine()
        // The helper's language carries over; the helper's own vault is not read into the case.
        let inCase = await sandbox.run(["audit", "--case", "anna", "--root", tree.root, "--format", "json"])
        #expect(inCase.code != 2, "\(inCase.errors)")
        #expect(!inCase.output.contains("helper.own@example.org"))
        let text = await sandbox.run(["audit", "--case", "anna", "--root", tree.root])
        #expect(text.output.hasPrefix("Casus: anna\n"))
        // The case's own file is read after: its language wins.
        try "language: en\n".write(toFile: casesFolder(sandbox) + "/anna/config.yaml", atomically: true, encoding: .utf8)
        let english = await sandbox.run(["audit", "--case", "anna", "--root", tree.root])
        #expect(english.output.hasPrefix("Case: anna\n"))
        // A broken case file is named with its line.
        try "language: klingon\n".write(toFile: casesFolder(sandbox) + "/anna/config.yaml", atomically: true, encoding: .utf8)
        let broken = await sandbox.run(["history", "--case", "anna"])
        #expect(broken.code == 2 && broken.errors.contains(casesFolder(sandbox) + "/anna/config.yaml:1"), "\(broken.errors)")
        // Without a case, the helper's own configuration is as it was: the vault is read.
        let ownRun = await sandbox.run(["audit", "--only", "vault", "--no-state", "--format", "json"])
        #expect(ownRun.output.contains("helper.own@example.org"))
    }

    @Test func riskAnswersSavedInACaseStayInItAndTheCheckNamesIt() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run(["case", "new", "anna"]).code == 0)
        #expect(await sandbox.run(["case", "new", "ben"]).code == 0)
        let answers = sandbox.home + "/given-anna.yaml"
        try "escalating: yes\nex-partner: yes\nweapons: no\n".write(toFile: answers, atomically: true, encoding: .utf8)
        let run = await sandbox.run(["safety", "--case", "anna", "--answers", answers, "--save"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Case: anna\n\nRisk check: stalking\n"))
        #expect(run.errors.contains(casesFolder(sandbox) + "/anna/safety/risk-"))
        let saved = try FileManager.default.contentsOfDirectory(atPath: casesFolder(sandbox) + "/anna/safety")
        #expect(saved.count == 1)
        #expect(!FileManager.default.fileExists(atPath: sandbox.home + "/data/hygiene/safety"))
        #expect(!FileManager.default.fileExists(atPath: casesFolder(sandbox) + "/ben/safety"))
        let list = await sandbox.run(["case", "list"])
        #expect(list.output.contains("saved risk answers"))
        // Forgetting the case says the answers are kept, where they are.
        let forget = await sandbox.run(["forget", "--case", "anna"])
        #expect(forget.output.contains(casesFolder(sandbox) + "/anna/safety"))
    }

    /// End to end: separate `hygiene` processes at the same time, in two cases, one chosen by --case and one by HYGIENE_CASE.
    @Test func theBinaryKeepsTwoCasesApartAtTheSameTime() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-cases-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        func process(_ arguments: [String], _ extra: [String: String] = [:]) throws -> Process {
            let process = Process()
            process.executableURL = EndToEndTests.binary
            process.arguments = arguments
            process.environment = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data", "PATH": "/usr/bin:/bin",
                                   "LANG": "C"].merging(extra) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for name in ["anna", "ben"] {
            let made = try process(["case", "new", name])
            made.waitUntilExit()
            #expect(made.terminationStatus == 0)
        }
        for name in ["anna", "ben"] {
            try Data(repeating: UInt8(ascii: name == "anna" ? "a" : "b"), count: 300_000).write(to: URL(fileURLWithPath: home + "/\(name).bin"))
        }
        var running: [Process] = []
        for index in 0..<3 {
            running.append(try process(["evidence", "add", "--case", "anna", "--no-prompt", "--note", "ANNA-E2E-\(index)", home + "/anna.bin"]))
            running.append(try process(["evidence", "add", "--no-prompt", "--note", "BEN-E2E-\(index)", home + "/ben.bin"], ["HYGIENE_CASE": "ben"]))
        }
        for process in running {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        for (name, other) in [("anna", "ben"), ("ben", "anna")] {
            let folder = home + "/data/hygiene/cases/" + name
            #expect(Self.holding(["\(name.uppercased())-E2E-0", "\(name.uppercased())-E2E-2"], under: folder).count >= 1)
            #expect(Self.holding(["\(other.uppercased())-E2E-"], under: folder).isEmpty)
            let store = try EvidenceStore(folder: folder + "/evidence", create: false)
            #expect(try store.records().count == 3)
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder + "/tmp")) ?? ["?"]).isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: home + "/data/hygiene/evidence"))
    }

    @Test func copyOnWriteFileSystemsAreToldApart() throws {
        let mounts = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-mounts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: mounts) }
        try """
            /dev/sda1 / ext4 rw 0 0
            /dev/sdb1 /home btrfs rw 0 0
            /dev/sdc1 /home/h/my\\040data ext4 rw 0 0
            tank /srv zfs rw 0 0
            """.write(toFile: mounts, atomically: true, encoding: .utf8)
        #expect(CaseBook.copyOnWriteSystem("/home/h/.local/share/hygiene/cases/anna", mounts: mounts) == "btrfs")
        #expect(CaseBook.copyOnWriteSystem("/home/h/my data/cases/anna", mounts: mounts) == nil)
        #expect(CaseBook.copyOnWriteSystem("/srv/cases", mounts: mounts) == "ZFS")
        #expect(CaseBook.copyOnWriteSystem("/homeless/x", mounts: mounts) == nil)
        #expect(CaseBook.copyOnWriteSystem("/x", mounts: "/nonexistent/mounts") == nil)
    }

    @Test func aCaseTakesOnlyHowTheHelperSetTheToolUp() throws {
        var own = Configuration()
        own.language = .nl
        own.failOn = .medium
        own.skip = ["device.firewall"]
        own.evidenceStore = "/home/h/own-evidence"
        own.situation = .stalking
        own.inputs["vaults"] = ["/home/h/own.json"]
        var overlay = Configuration()
        overlay.skip = ["vault.weak"]
        overlay.inputs["urls"] = ["https://example.org/anna"]
        let merged = own.inCase(overlay)
        #expect(merged.language == .nl && merged.failOn == .medium)
        #expect(merged.skip == ["device.firewall", "vault.weak"])
        #expect(merged.evidenceStore == nil && merged.situation == nil)
        #expect(merged.inputs["vaults"].isEmpty && merged.inputs["urls"] == ["https://example.org/anna"])
        overlay.language = .en
        overlay.evidenceStore = "/media/stick/anna"
        #expect(own.inCase(overlay).language == .en && own.inCase(overlay).evidenceStore == "/media/stick/anna")
    }

    @Test func aCaseKeepsItsTemporaryFilesInItsOwnFolder() throws {
        let place = DataPlace(caseName: "anna", variables: ["HOME": "/home/h", "XDG_DATA_HOME": "/home/h/data"])
        #expect(place.temporaryFolder == "/home/h/data/hygiene/cases/anna/tmp")
        #expect(place.statePath == "/home/h/data/hygiene/cases/anna/state.sqlite")
        #expect(place.cacheDirectory == "/home/h/data/hygiene/cases/anna/cache")
        #expect(place.safetyAnswers == "/home/h/data/hygiene/cases/anna/safety")
        let own = DataPlace(caseName: nil, variables: ["HOME": "/home/h"])
        #expect(own.statePath == "/home/h/.local/share/hygiene/state.sqlite")
        #expect(own.evidenceStore == "/home/h/.local/share/hygiene/evidence")
        #expect(own.cacheDirectory == "/home/h/.cache/hygiene")
        #expect(own.temporaryFolder == nil)
        let parsed = try #require(try Hygiene.parseAsRoot(["history", "--case", "anna"]) as? HistoryCommand)
        let environment = CLIEnvironment.$current.withValue(CLIEnvironment(
            variables: ["HOME": "/home/h", "XDG_DATA_HOME": "/home/h/data"], runner: StubRunner([:]), now: { Date() },
            output: BufferSink(), errors: BufferSink())) { parsed.common.environment }
        #expect(environment.variables["TMPDIR"] == "/home/h/data/hygiene/cases/anna/tmp")
        #expect(environment.caseName == "anna")
        // HYGIENE_CASE, when no --case is given.
        #expect(CommonOptions.chosenCase(nil, ["HYGIENE_CASE": "ben"]) == "ben")
        #expect(CommonOptions.chosenCase("anna", ["HYGIENE_CASE": "ben"]) == "anna")
        #expect(CommonOptions.chosenCase(nil, ["HYGIENE_CASE": ""]) == nil)
    }
}
