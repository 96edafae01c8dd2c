import AuditCore
import Foundation
@testable import Safety
import Testing
import TestSupport

/// The dossier as its reader gets it: the folder's contents, the check with `sha256sum -c`, the JSON,
/// the page's text, and every refusal that keeps evidence from being presented as intact when it is not.
///
/// Timing, measured by hand (a scratch executable, release build, not a test): exporting 10,000 records
/// with 20,000 files of 200–1,000 bytes on this project's 2-core Debian VM took 3.0–3.9 s into tmpfs, and
/// 4.8–15.6 s onto the VM's ext4 disk, where the kernel's making of 20,000 inodes is most of it (writing
/// the same 20,000 files into the store took 9–16 s there, a Python loop making 20,000 files 10–13 s).
/// Of the rest, checking the chain takes 0.3 s, the JSON 0.6 s and the page 1.3–2.5 s, alongside the copying.
@Suite struct DossierTests {
    @Test func theDossierHoldsTheLogbookTheFilesAndPassesSha256sum() async throws {
        let fixture = try DossierFixture.sample()
        let summary = try fixture.export(verification: "5 records checked, chain intact")
        #expect(summary == DossierSummary(folder: fixture.target, records: 5, files: 4, bytes: fixture.records.flatMap(\.files).reduce(0) { $0 + $1.size },
                                          lastHash: fixture.records.last!.hash))
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.target).sorted()
        #expect(names == ["LEESMIJ-README.txt", "SHA256SUMS", "files", "logbook.html", "logbook.json"])
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.target + "/files").sorted()
        #expect(files == ["0001-1-voordeur camera.png", "0002-1-sms-export.txt", "0002-2-bericht #2 100%.bmp", "0005-1-_.._etc_passwd"])
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: fixture.target)[.posixPermissions] as? Int)
        #expect(mode == 0o700)
        // The copies are the stored bytes, and keep the original's modification time.
        let stored = try #require(FileManager.default.contents(atPath: fixture.store + "/" + fixture.records[0].files[0].storedPath))
        #expect(FileManager.default.contents(atPath: fixture.target + "/files/0001-1-voordeur camera.png") == stored)
        let modified = try FileManager.default.attributesOfItem(atPath: fixture.target + "/files/0001-1-voordeur camera.png")[.modificationDate] as? Date
        #expect(modified.map(EvidenceChain.timestamp) == "2026-02-25T06:13:20.500Z")

        let sums = try fixture.read("SHA256SUMS")
        #expect(sums.split(separator: "\n").count == 4 + 3)
        #expect(sums.contains("\(fixture.records[1].files[1].sha256)  files/0002-2-bericht #2 100%.bmp\n"))
        let checked = try await offThePool { try dossierRun("/usr/bin/sha256sum", ["--strict", "-c", "SHA256SUMS"], in: fixture.target) }
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.split(separator: "\n").count == 7)
        #expect(checked.output.contains("logbook.html: OK") && checked.output.contains("logbook.json: OK"))
    }

    @Test func changingAnExportedFileFailsTheCheck() async throws {
        let fixture = try DossierFixture.sample()
        try fixture.export()
        let file = fixture.target + "/files/0002-1-sms-export.txt"
        try Data("Waar ben je? Ik zie je fiets.\n".utf8).write(to: URL(fileURLWithPath: file))
        let checked = try await offThePool { try dossierRun("/usr/bin/sha256sum", ["-c", "SHA256SUMS"], in: fixture.target) }
        #expect(checked.status != 0)
        #expect(checked.output.contains("files/0002-1-sms-export.txt: FAILED"))
        #expect(checked.output.contains("logbook.html: OK"))
    }

    @Test func theJSONHoldsEveryFieldOfEveryRecord() throws {
        let fixture = try DossierFixture.sample()
        fixture.stamps = [EvidenceStamp(recordNumber: 4, chainHash: fixture.records[3].hash, authority: "https://freetsa.org/tsr",
                                        signedAt: Date(timeIntervalSince1970: 1_772_450_000.007), token: Data([0x30, 0x82, 0x01, 0xFF]))]
        try fixture.export()
        let data = try #require(FileManager.default.contents(atPath: fixture.target + "/logbook.json"))
        let document = try JSONDecoder().decode(EvidenceDocument.self, from: data)
        #expect(document.format == "hygiene-evidence/1")
        #expect(document.generatedAt == "2026-03-02T19:33:20.250Z")
        #expect(document.verification == nil)
        #expect(document.chain == .init(count: 5, lastHash: fixture.records[4].hash))
        #expect(document.records.count == fixture.records.count)
        for (written, record) in zip(document.records, fixture.records) {
            #expect(written.number == record.number)
            #expect(written.enteredAt == EvidenceChain.timestamp(record.enteredAt))
            #expect(written.incident.occurredAt == EvidenceChain.timestamp(record.incident.occurredAt))
            #expect(written.incident.place == record.incident.place)
            #expect(written.incident.duration == record.incident.duration)
            #expect(written.incident.how == record.incident.how)
            #expect(written.incident.witnesses == record.incident.witnesses)
            #expect(written.incident.note == record.incident.note)
            #expect(written.corrects == record.corrects)
            #expect(written.previousHash == record.previousHash)
            #expect(written.hash == record.hash)
            #expect(written.files.map(\.originalName) == record.files.map(\.originalName))
            #expect(written.files.map(\.size) == record.files.map(\.size))
            #expect(written.files.map(\.sha256) == record.files.map(\.sha256))
            #expect(written.files.map(\.modifiedAt) == record.files.map { $0.modifiedAt.map(EvidenceChain.timestamp) })
            for file in written.files { #expect(FileManager.default.fileExists(atPath: fixture.target + "/" + file.path)) }
        }
        #expect(document.records[0].correctedBy == [4])
        #expect(document.records[3].corrects == 1)
        #expect(document.stamps == [.init(recordNumber: 4, chainHash: fixture.records[3].hash, authority: "https://freetsa.org/tsr",
                                          signedAt: "2026-03-02T11:13:20.007Z", token: "MIIB/w==")])
        // Every key is always there, null when empty, in sorted order.
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"chain\" : {\n    \"count\" : 5,"))
        #expect(text.contains("\"corrects\" : null,"))
        #expect(text.contains("\"modifiedAt\" : null,"))
        #expect(text.contains("\"place\" : null,"))
        #expect(text.contains("\"verification\" : null\n}\n"))
    }

    @Test func theSameLogbookGivesTheSameBytes() throws {
        let fixture = try DossierFixture.sample()
        try fixture.export(language: .nl)
        let again = fixture.root + "/again"
        try fixture.export(language: .nl, to: again)
        for name in ["logbook.html", "logbook.json", "LEESMIJ-README.txt", "SHA256SUMS"] {
            #expect(FileManager.default.contents(atPath: fixture.target + "/" + name) == FileManager.default.contents(atPath: again + "/" + name), "\(name)")
        }
    }

    @Test func aStoreCopyThatChangedStopsTheExport() throws {
        let fixture = try DossierFixture.sample()
        let altered = fixture.records[1].files[1]
        let path = fixture.store + "/" + altered.storedPath
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[60] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: fixture.store + "/" + fixture.records[4].files[0].storedPath)
        let error = try #require(throws: DossierError.self) { try fixture.export() }
        guard case .storeCopiesNotIntact(_, let problems) = error else { Issue.record("\(error)"); return }
        #expect(problems.map { [$0.record, $0.file] } == [[2, 2], [5, 1]])
        let message = error.localizedDescription
        #expect(message.contains("record 2, file 2 (\"bericht #2 100%.bmp\"), \(path): its content hashes to "))
        #expect(message.contains("the record says \(altered.sha256)"))
        #expect(message.contains("record 5, file 1 (\"../../etc/passwd\")"))
        #expect(message.contains("the dossier was not written"))
        // Nothing that could pass for a dossier is left: the folder the export made is gone.
        #expect(!FileManager.default.fileExists(atPath: fixture.target))
    }

    @Test func aPipeInTheStoreIsReportedNotWaitedFor() throws {
        let fixture = try DossierFixture.sample()
        let path = fixture.store + "/" + fixture.records[0].files[0].storedPath
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let error = try #require(throws: DossierError.self) { try fixture.export() }
        #expect(error.localizedDescription.contains("record 1, file 1 (\"voordeur camera.png\"), \(path): cannot be read: not a regular file"))
    }

    @Test func aCopyThatChangedDuringTheExportIsReported() throws {
        let fixture = try DossierFixture.sample()
        let layout = DossierLayout(fixture.records)
        let folder = fixture.root + "/copies"
        try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
        let copier = DossierCopier(store: fixture.store, destination: folder)
        let sniffed = copier.sniff(layout.allFiles)
        #expect(sniffed == [.png, nil, .bmp, nil])
        // As if the picture had been something else when the export looked at it first.
        let error = try #require(throws: DossierError.self) { try copier.copy(layout.allFiles, cores: 2, expecting: [nil, nil, .bmp, nil]) }
        guard case .storeCopiesNotIntact(_, let problems) = error else { Issue.record("\(error)"); return }
        #expect(problems.map(\.kind) == [.changedDuringExport])
        #expect(error.localizedDescription.contains("record 1, file 1 (\"voordeur camera.png\")"))
    }

    @Test func aFailureLeavesAnEmptyFolderEmpty() throws {
        let fixture = try DossierFixture.sample()
        try FileManager.default.createDirectory(atPath: fixture.target, withIntermediateDirectories: false)
        try FileManager.default.removeItem(atPath: fixture.store + "/" + fixture.records[0].files[0].storedPath)
        #expect(throws: DossierError.self) { try fixture.export() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.target) == [])
        // The same empty folder takes a dossier once the store is whole.
        _ = try fixture.keep("voordeur camera.png", DossierTestImage.png(width: 97, height: 61, rgb: (200, 30, 30)))
        try fixture.export()
        #expect(FileManager.default.fileExists(atPath: fixture.target + "/SHA256SUMS"))
    }

    @Test func aFolderWithSomethingInItIsRefused() throws {
        let fixture = try DossierFixture.sample()
        try FileManager.default.createDirectory(atPath: fixture.target, withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: fixture.target + "/.notes"))
        #expect(throws: DossierError.notEmpty(path: fixture.target, entries: [".notes"])) { try fixture.export() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.target) == [".notes"])
        #expect(DossierError.notEmpty(path: "/x", entries: [".notes"]).localizedDescription
            == "/x: the folder is not empty (.notes): give a new folder or an empty one, so that the dossier holds nothing but what the export writes")

        let file = fixture.root + "/a-file"
        try Data().write(to: URL(fileURLWithPath: file))
        #expect(throws: DossierError.notAFolder(path: file)) { try fixture.export(to: file) }
    }

    @Test func aBrokenChainIsNotExported() throws {
        let fixture = try DossierFixture.sample()
        let records = fixture.records

        var altered = records
        altered[2].incident.note = "something else"
        fixture.replace(altered)
        #expect(throws: DossierError.recordAltered(record: 3, stored: records[2].hash, computed: EvidenceChain.hash(altered[2]))) {
            try fixture.export()
        }

        var removed = records
        removed.remove(at: 2)
        fixture.replace(removed)
        #expect(throws: DossierError.numbering(expected: 3, found: 4)) { try fixture.export() }

        var relinked = records
        relinked[3].previousHash = records[1].hash
        relinked[3].hash = EvidenceChain.hash(relinked[3])
        fixture.replace(relinked)
        #expect(throws: DossierError.chainBroken(record: 4, previousHash: records[1].hash, expected: records[2].hash)) { try fixture.export() }

        // A file "hash" that would lead out of the store is refused before anything is opened.
        var escaping = records
        escaping[4].files[0].sha256 = "../../../etc/passwd"
        fixture.replace(escaping)
        #expect(throws: DossierError.badFileHash(record: 5, file: 1, value: "../../../etc/passwd")) { try fixture.export() }

        fixture.replace(records)
        fixture.stamps = [EvidenceStamp(recordNumber: 2, chainHash: records[1].hash, authority: "a", signedAt: Date(), token: Data()),
                          EvidenceStamp(recordNumber: 3, chainHash: records[1].hash, authority: "a", signedAt: Date(), token: Data())]
        #expect(throws: DossierError.stampMismatch(recordNumber: 3, chainHash: records[1].hash)) { try fixture.export() }

        fixture.replace([])
        fixture.stamps = []
        #expect(throws: DossierError.noRecords) { try fixture.export() }
        #expect(!FileManager.default.fileExists(atPath: fixture.target))
    }

    @Test(arguments: [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..", ""),
        (".bashrc", "bashrc"),
        ("screenshot 12:30.png", "screenshot 12_30.png"),
        ("regel\nnieuw.txt", "regel_nieuw.txt"),
        ("C:\\Users\\me\\foto.jpg", "C__Users_me_foto.jpg"),
        ("factuur\u{202E}gpj.exe", "factuur_gpj.exe"),
        ("notes. ", "notes"),
        ("tab\there\u{00A0}nbsp", "tab_here nbsp"),
        ("Cafe\u{0301}.jpg", "Café.jpg"),
    ])
    func namesAreMadeSafe(original: String, expected: String) {
        #expect(DossierName.sanitised(original) == expected)
        let path = DossierName.path(record: 12, file: 3, originalName: original, digits: 4)
        #expect(path == "files/0012-3" + (expected.isEmpty ? "" : "-" + expected))
    }

    @Test func longNamesAreCutKeepingTheExtension() {
        let long = String(repeating: "a", count: 300) + ".jpeg"
        let name = DossierName.sanitised(long)
        #expect(name.utf8.count == DossierName.maximumBytes)
        #expect(name.hasSuffix("a.jpeg"))
        let multibyte = DossierName.sanitised(String(repeating: "é", count: 120) + "." + String(repeating: "x", count: 40))
        #expect(multibyte.utf8.count <= DossierName.maximumBytes)
        #expect(multibyte.allSatisfy { $0 == "é" })
        #expect(DossierName.path(record: 123_456, file: 1, originalName: "a", digits: DossierName.digits(forLargest: 123_456)) == "files/123456-1-a")
        #expect(DossierName.url("files/0002-2-bericht #2 100%.bmp") == "files/0002-2-bericht%20%232%20100%25.bmp")
    }

    @Test func hostileNamesExportAndPassTheCheck() async throws {
        let fixture = try DossierFixture()
        let names = ["../../etc/passwd", String(repeating: "lang", count: 75) + ".png", "twee\nregels.txt", "back\\slash", "-rf", ""]
        let files = try names.enumerated().map { try fixture.keep($1, Data("file \($0)\n".utf8)) }
        fixture.add(occurredAt: Date(timeIntervalSince1970: 1_770_000_000), files: files)
        try fixture.export()
        let written = try FileManager.default.contentsOfDirectory(atPath: fixture.target + "/files").sorted()
        #expect(written.count == names.count)
        for name in written {
            #expect(!name.hasPrefix(".") && !name.contains("/") && !name.contains("\\") && !name.contains("\n") && name.utf8.count <= 120)
        }
        let checked = try await offThePool { try dossierRun("/usr/bin/sha256sum", ["--strict", "-c", "SHA256SUMS"], in: fixture.target) }
        #expect(checked.status == 0, "\(checked.output)")
    }

    /// A correction typed days later is shown with the record it corrects, not as an incident of the day it
    /// was typed (sweep B-21).
    @Test func aCorrectionFollowsTheRecordItCorrects() throws {
        let fixture = try DossierFixture()
        let day = 1_771_000_000.0
        fixture.add(occurredAt: Date(timeIntervalSince1970: day), how: ["message"], note: "Eerste bericht.")
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 2 * 86_400), how: ["call"], note: "Gebeld.")
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 9 * 86_400), note: "Het was om 22:00, niet 21:00.", corrects: 1)
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 1 * 86_400), how: ["following"], note: "Gevolgd.")
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 10 * 86_400), note: "Correctie van de correctie.", corrects: 3)
        try fixture.export()
        let html = try fixture.read("logbook.html")
        let order = html.components(separatedBy: "<section class=\"record\" id=\"r").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(order == ["1", "3", "5", "4", "2"])
    }

    @Test func thePageEscapesTextAndShowsRecordsByWhenTheyHappened() throws {
        let fixture = try DossierFixture.sample()
        try fixture.export(verification: "checked <ok>")
        let html = try fixture.read("logbook.html")
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("checked &lt;ok&gt;"))
        // Records 2, 5, 1, 4 (1's correction, same moment: by number), 3.
        let order = html.components(separatedBy: "<section class=\"record\" id=\"r").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(order == ["2", "5", "1", "4", "3"])
        #expect(html.contains("<dt>Corrected by record</dt><dd><a href=\"#r4\">4</a></dd>"))
        #expect(html.contains("<dt>Corrects record</dt><dd><a href=\"#r1\">1</a></dd>"))
        // Pictures by their bytes, not their names: the .txt has no thumbnail, and the addresses are encoded.
        #expect(html.contains("<img class=\"thumb\" src=\"files/0001-1-voordeur%20camera.png\""))
        #expect(html.contains("<img class=\"thumb\" src=\"files/0002-2-bericht%20%232%20100%25.bmp\""))
        #expect(html.components(separatedBy: "<img ").count - 1 == 2)
        // Nothing is loaded from anywhere else.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("@import") && !html.contains("url("))
        #expect(html.contains("Wednesday 25 February 2026, 07:13:20 (UTC+01:00)"))
        #expect(html.contains(fixture.records[4].hash))
    }

    @Test func theDutchPageAndTheReadmeInBothLanguages() throws {
        let fixture = try DossierFixture.sample()
        fixture.stamps = [EvidenceStamp(recordNumber: 5, chainHash: fixture.records[4].hash, authority: "https://tsa.example",
                                        signedAt: Date(timeIntervalSince1970: 1_772_450_000), token: Data([1]))]
        try fixture.export(language: .nl)
        let html = try fixture.read("logbook.html")
        #expect(html.contains("<html lang=\"nl\">"))
        #expect(html.contains("<dt>Verbeterd door voorval</dt>"))
        // "Melding" is a report to the police: the logbook never says it.
        #expect(!html.lowercased().contains("melding"))
        #expect(html.contains("woensdag 25 februari 2026, 07:13:20 (UTC+01:00)"))
        // The Dutch page stays Dutch; the readme explains the check in both languages.
        #expect(!html.contains("lang=\"en\"") && !html.contains("How to check this dossier"))
        #expect(html.contains("LEESMIJ-README.txt legt het stap voor stap uit"))
        let readme = try fixture.read("LEESMIJ-README.txt")
        for phrase in ["sha256sum -c SHA256SUMS", "shasum -a 256 -c SHA256SUMS", "certutil -hashfile files\\0002-1-sms-export.txt SHA256",
                       "Get-FileHash -Algorithm SHA256", "onveranderde kopieën", "unchanged copies", fixture.records[4].hash,
                       "voorval 5: 2026-03-02T11:13:20.000Z (UTC), https://tsa.example", "5 voorvallen", "5 records", "4 files"] {
            #expect(readme.contains(phrase), "\(phrase)")
        }
        #expect(!readme.lowercased().contains("melding"))
    }

    @Test func picturesAreKnownByTheirFirstBytes() {
        #expect(DossierImage(head: Array(DossierTestImage.png(width: 2, height: 2, rgb: (0, 0, 0)).prefix(32))) == .png)
        #expect(DossierImage(head: Array(DossierTestImage.bmp(width: 2, height: 2, rgb: (0, 0, 0)).prefix(32))) == .bmp)
        #expect(DossierImage(head: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(DossierImage(head: Array("GIF89a\u{1}\0\u{1}\0".utf8)) == .gif)
        #expect(DossierImage(head: Array("RIFF\0\0\0\0WEBPVP8 ".utf8)) == .webp)
        #expect(DossierImage(head: Array("BMW service invoice, March".utf8)) == nil)
        #expect(DossierImage(head: Array("<svg xmlns=\"http://www.w3.org/2000/svg\">".utf8)) == nil)
        #expect(DossierImage(head: []) == nil)
    }

    @Test(arguments: [(0, 4), (1, 4), (5, 4), (7, 2), (1_000, 3), (9, 1)])
    func workOnEveryCoreKeepsTheOrder(count: Int, cores: Int) {
        let results = DossierParallel.map(count, cores: cores, worker: { [Int]() }) { seen, index in
            seen.append(index)
            return index * 2
        }
        #expect(results == (0..<count).map { $0 * 2 })
    }

    @Test func recordsRenderedInPartsAreTheSameAsInOnePass() throws {
        let fixture = try DossierFixture()
        var generator = SplitMix64(seed: 11)
        for index in 0..<1_100 {
            let when = Date(timeIntervalSince1970: 1_700_000_000 + Double(generator.next() % 10_000_000))
            fixture.add(occurredAt: when, place: index % 3 == 0 ? "Plek \(index)" : nil, note: "Notitie <\(index)>",
                        corrects: index > 10 && index % 50 == 0 ? index - 5 : nil,
                        files: [EvidenceFile(originalName: "f\(index).png", modifiedAt: nil, size: 1, sha256: String(repeating: "a", count: 64))])
        }
        let layout = DossierLayout(fixture.records)
        let images = layout.files.map { $0.map { _ in DossierImage.png } }
        let html = DossierHTML(language: .nl, clock: DossierClock(timeZone: DossierFixture.amsterdam, language: .nl))
        let one = html.render(layout, images: images, stamps: [], generatedAt: DossierFixture.generatedAt, verification: nil, cores: 1)
        let many = html.render(layout, images: images, stamps: [], generatedAt: DossierFixture.generatedAt, verification: nil, cores: 4)
        #expect(one == many)
        #expect(one.components(separatedBy: "<section class=\"record\"").count - 1 == 1_100)
    }
}

/// `hygiene-evidence/1` as a reader outside this program would decode it.
struct EvidenceDocument: Decodable {
    struct Chain: Decodable, Equatable { var count: Int; var lastHash: String }
    struct Record: Decodable {
        struct Incident: Decodable {
            var occurredAt: String, place: String?, duration: String?, how: [String], witnesses: [String], note: String?
        }
        struct File: Decodable { var originalName: String, modifiedAt: String?, size: Int64, sha256: String, path: String }
        var number: Int, enteredAt: String, incident: Incident, corrects: Int?, correctedBy: [Int], files: [File]
        var previousHash: String, hash: String
    }
    struct Stamp: Decodable, Equatable { var recordNumber: Int, chainHash: String, authority: String, signedAt: String, token: String }
    var format: String, generatedAt: String, verification: String?, chain: Chain, records: [Record], stamps: [Stamp]
}
