import AuditCore
import Crypto
import Foundation
@testable import HygieneCLI
import Safety
import Testing
import TestSupport

@Suite struct EvidenceCommandTests {
    func file(_ sandbox: Sandbox, _ name: String, _ content: String) throws -> String {
        let path = sandbox.home + "/in/" + name
        try FileManager.default.createDirectory(atPath: sandbox.home + "/in", withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func addListShowVerifyFromOptions() async throws {
        let sandbox = Sandbox()
        let shot = try file(sandbox, "shot.png", "png bytes")
        let add = await sandbox.run(["evidence", "add", "--when", "2026-11-30 21:15", "--place", "Station Utrecht", "--how", "following",
                                     "--witness", "Anna", "--note", "Waited at the exit", shot])
        #expect(add.code == 0, "\(add.errors)")
        #expect(add.output.contains("Record 1 added with 1 file"))
        #expect(add.output.contains(sandbox.home + "/data/hygiene/evidence"))
        let list = await sandbox.run(["evidence", "list"])
        #expect(list.output.contains("   1  2026-11-30 21:15  following or watching me · Station Utrecht · 1 file — Waited at the exit"))
        let show = await sandbox.run(["evidence", "show", "1", "--lang", "nl"])
        #expect(show.output.contains("Plaats: Station Utrecht") && show.output.contains("Getuigen: Anna"))
        #expect(show.output.contains("SHA-256 " + EvidenceChain.hex(Array("png bytes".utf8).sha256Digest)))
        let verify = await sandbox.run(["evidence", "verify"])
        #expect(verify.code == 0 && verify.output.hasPrefix("Intact: 1 record and 1 file"))
    }

    @Test func onATerminalEveryMissingFieldIsAsked() async throws {
        let sandbox = Sandbox()
        let shot = try file(sandbox, "my shot.png", "png")
        sandbox.lineInput = FixedLineInput(["2026-11-29 08:00", "", "5 min", "2, 7, at the gym", "Anna, Ben", "He called again", "'\(shot)'", ""])
        let add = await sandbox.run(["evidence", "add", "--lang", "nl"])
        #expect(add.code == 0, "\(add.errors)")
        let prompts = (sandbox.lineInput as! FixedLineInput).prompts
        #expect(prompts.count == 8 && prompts[0].hasPrefix("Wanneer gebeurde het?"))
        let store = try EvidenceStore(folder: sandbox.home + "/data/hygiene/evidence", create: false)
        let record = try #require(try store.records().first)
        #expect(record.incident.how == ["call", "at-the-door", "at the gym"])
        #expect(record.incident.place == nil && record.incident.duration == "5 min")
        #expect(record.incident.witnesses == ["Anna", "Ben"] && record.incident.note == "He called again")
        #expect(record.files.map(\.originalName) == ["my shot.png"])
    }

    @Test func withOptionsAndNoPromptNothingIsAsked() async throws {
        let sandbox = Sandbox()
        sandbox.lineInput = FixedLineInput(["should not be read"])
        let add = await sandbox.run(["evidence", "add", "--no-prompt", "--note", "Flowers delivered", "--how", "delivery"])
        #expect(add.code == 0)
        #expect((sandbox.lineInput as! FixedLineInput).prompts.isEmpty)
    }

    @Test func tamperingMakesVerifyExitOne() async throws {
        let sandbox = Sandbox()
        let shot = try file(sandbox, "shot.png", "original")
        _ = await sandbox.run(["evidence", "add", "--note", "one", shot])
        _ = await sandbox.run(["evidence", "add", "--note", "two"])
        let stored = sandbox.home + "/data/hygiene/evidence/files/" + EvidenceChain.hex(Array("original".utf8).sha256Digest)
        try Data("edited".utf8).write(to: URL(fileURLWithPath: stored))
        let verify = await sandbox.run(["evidence", "verify"])
        #expect(verify.code == 1)
        #expect(verify.output.contains("NOT INTACT") && verify.output.contains("record 1: the stored copy of shot.png was changed or replaced"))
    }

    @Test func badInputIsAClearErrorAndRecordsNothing() async throws {
        let sandbox = Sandbox()
        let bad = await sandbox.run(["evidence", "add", "--when", "gisteren is geen tijd", "--note", "x"])
        #expect(bad.code == 2 && bad.errors.contains("'gisteren is geen tijd' is not a time"))
        let dutch = await sandbox.run(["evidence", "add", "--when", "gisteren is geen tijd", "--note", "x", "--lang", "nl"])
        #expect(dutch.code == 2 && dutch.errors.contains("'gisteren is geen tijd' is geen tijd die hygiene begrijpt"), "\(dutch.errors)")
        let dutchFile = await sandbox.run(["evidence", "add", "--note", "x", sandbox.home + "/nope.png", "--lang", "nl"])
        #expect(dutchFile.code == 2 && dutchFile.errors.contains("nope.png: dit bestand kan niet worden gelezen (dat bestand of die map bestaat niet); er is niets vastgelegd"),
                "\(dutchFile.errors)")
        let missing = await sandbox.run(["evidence", "add", "--note", "x", sandbox.home + "/nope.png"])
        #expect(missing.code == 2 && missing.errors.contains(sandbox.home + "/nope.png") && missing.errors.contains("nothing was recorded"))
        let empty = await sandbox.run(["evidence", "list"])
        #expect(empty.output.contains("The logbook is empty"))
        let show = await sandbox.run(["evidence", "show", "3"])
        #expect(show.code == 2 && show.errors.contains("there is no record 3"))
        let noStore = await sandbox.run(["evidence", "verify", "--store", sandbox.home + "/elsewhere"])
        #expect(noStore.code == 2 && noStore.errors.contains("there is no evidence logbook in \(sandbox.home)/elsewhere"))
    }

    @Test func onATerminalEachAnswerIsCheckedAtOnceAndNoneIsLost() async throws {
        let sandbox = Sandbox()
        let shot = try file(sandbox, "shot.png", "screenshot")
        let input = FixedLineInput(["gisteren is geen tijd", "gisteravond 21:15", "Thuis", "10 minuten", "1, 14", "Sanne", "Dreigende berichten",
                                    sandbox.home + "/bestaatniet.png", "'\(shot)'", ""], isTerminal: true)
        sandbox.lineInput = input
        let add = await sandbox.run(["evidence", "add", "--lang", "nl"])
        #expect(add.code == 0, "\(add.errors)")
        #expect(add.output.contains("Voorval 1 staat in je logboek, met 1 bestand"), "\(add.output)")
        #expect(!add.output.contains("Melding") && !add.errors.contains("Melding"))
        // The time is asked again at once, in Dutch, with examples; then the file.
        #expect(input.prompts.filter { $0.hasPrefix("Wanneer gebeurde het?") }.count == 2)
        #expect(add.errors.contains("'gisteren is geen tijd' is geen tijd die hygiene begrijpt"))
        #expect(add.errors.contains("Je andere antwoorden blijven bewaard. Probeer het opnieuw, bijvoorbeeld: vandaag 14:30, gisteren 21:15"))
        #expect(add.errors.contains("bestaatniet.png: dit bestand kan niet worden gelezen"))
        #expect(input.prompts.filter { $0.hasPrefix("Een bestand of map") }.count == 3)
        #expect(input.prompts.contains("Waar? ") && !input.prompts.contains { $0.contains("?:") })
        let show = await sandbox.run(["evidence", "show", "1", "--lang", "nl"])
        for kept in ["Thuis", "10 minuten", "Sanne", "Dreigende berichten", "shot.png", "bericht (sms", "bedreiging", "21:15"] {
            #expect(show.output.contains(kept), "\(kept) was lost: \(show.output)")
        }
        #expect(show.output.hasPrefix("Voorval 1"))
    }

    @Test func onATerminalNothingAnsweredIsAskedOnceMoreThenRefusedInWords() async throws {
        let sandbox = Sandbox()
        let input = FixedLineInput(["", "", "", "", "", "", "", ""], isTerminal: true)
        sandbox.lineInput = input
        let add = await sandbox.run(["evidence", "add", "--lang", "nl"])
        #expect(add.code == 2)
        #expect(input.prompts.last?.hasPrefix("Er staat nog niets in.") == true)
        #expect(add.errors.contains("er is niets vastgelegd: alle vragen zijn leeg gelaten") && !add.errors.contains("--how"))
    }

    @Test func aCorrectionOfARecordThatIsNotThereIsRefusedBeforeAnyQuestion() async throws {
        let sandbox = Sandbox()
        let input = FixedLineInput(["gisteren"], isTerminal: true)
        sandbox.lineInput = input
        let add = await sandbox.run(["evidence", "add", "--corrects", "4", "--lang", "nl"])
        #expect(add.code == 2 && input.prompts.isEmpty)
        #expect(add.errors.contains("voorval 4 bestaat nog niet"))
    }

    @Test func forgetNeverTouchesTheLogbookAndDestroyNeedsYes() async throws {
        let sandbox = Sandbox()
        _ = await sandbox.run(["evidence", "add", "--note", "kept"])
        let folder = sandbox.home + "/data/hygiene/evidence"
        _ = await sandbox.run(["audit", "--only", "vault"])
        let forget = await sandbox.run(["forget"])
        #expect(forget.code == 0)
        #expect(forget.output.contains("The evidence logbook in \(folder) was not deleted"))
        #expect(EvidenceStore.exists(at: folder))
        let refused = await sandbox.run(["evidence", "destroy"])
        #expect(refused.code == 2 && refused.errors.contains("evidence should never be deleted") && refused.errors.contains("add --yes"))
        #expect(EvidenceStore.exists(at: folder))
        let destroyed = await sandbox.run(["evidence", "destroy", "--yes"])
        #expect(destroyed.code == 0 && !FileManager.default.fileExists(atPath: folder))
    }

    @Test func theConfigurationNamesTheStore() async throws {
        let sandbox = Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "evidence-store: \(sandbox.home)/usb/logbook\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let add = await sandbox.run(["evidence", "add", "--note", "x"])
        #expect(add.code == 0)
        #expect(EvidenceStore.exists(at: sandbox.home + "/usb/logbook"))
    }
}

extension Array where Element == UInt8 {
    var sha256Digest: [UInt8] { Array(SHA256.hash(data: self)) }
}

@Suite struct EvidenceExportCommandTests {
    @Test func exportWritesADossierThatChecksOut() async throws {
        let sandbox = Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.home + "/in", withIntermediateDirectories: true)
        let shot = sandbox.home + "/in/shot.png"
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: shot))
        _ = await sandbox.run(["evidence", "add", "--how", "at-the-door", "--note", "Rang the bell at 3 am", shot])
        _ = await sandbox.run(["evidence", "add", "--corrects", "1", "--note", "It was 4 am"])
        let dossier = sandbox.home + "/usb/dossier"
        let export = await sandbox.run(["evidence", "export", dossier])
        #expect(export.code == 0, "\(export.errors)")
        #expect(export.output.contains("Dossier written to \(dossier): 2 records, 1 file"))
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["--strict", "--quiet", "-c", "SHA256SUMS"]
        check.currentDirectoryURL = URL(fileURLWithPath: dossier)
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        let html = try String(contentsOfFile: dossier + "/logbook.html", encoding: .utf8)
        #expect(html.contains("at the door or near my home") && html.contains("Rang the bell at 3 am"))
        let json = try String(contentsOfFile: dossier + "/logbook.json", encoding: .utf8)
        #expect(json.contains("\"format\" : \"hygiene-evidence/1\"") && json.contains("verified intact by hygiene"))
        // A second export into the same, now full, folder is refused.
        let again = await sandbox.run(["evidence", "export", dossier])
        #expect(again.code == 2)
    }

    @Test func aLogbookThatIsNotIntactIsNotExported() async throws {
        let sandbox = Sandbox()
        _ = await sandbox.run(["evidence", "add", "--note", "one"])
        _ = await sandbox.run(["evidence", "add", "--note", "two"])
        try FileManager.default.removeItem(atPath: sandbox.home + "/data/hygiene/evidence/HEAD")
        let dossier = sandbox.home + "/dossier"
        let export = await sandbox.run(["evidence", "export", dossier])
        #expect(export.code == 2)
        #expect(export.output.contains("NOT INTACT") && export.errors.contains("no dossier was written"))
        #expect(!FileManager.default.fileExists(atPath: dossier))
    }
}
