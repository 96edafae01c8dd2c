import Accounts
import Archive
import AuditCore
import Foundation
import Testing

/// Reading exports as given: zips (several numbered parts of one export, ZIP64), folders, translated
/// and renamed files, HTML-only exports, and broken input — which stops with a message naming the file
/// given, never anything inside it.
@Suite struct ExportReadingTests {
    /// Values planted in the fixtures that must never reach an error message.
    static let planted = ["planted.", "203.0.113.66", "Liège", "Sanne"]

    func findings(_ path: String) async throws -> Outcome {
        try await Outcome.run(try Shipped.reader.read(path: path))
    }

    @Test func aZipIsReadLikeItsFolder() async throws {
        let folder = try await findings(Fixture.path("facebook/planted"))
        let scratch = try Fixture.scratch()
        let zip = scratch + "/facebook-sanne-2026-04-01-a1b2c3d4.zip"
        try ZipWriter.of("facebook/planted").bytes().write(to: URL(fileURLWithPath: zip))
        let zipped = try await findings(zip)
        #expect(zipped.findings.map { "\($0.check) \($0.severity) \($0.draft.key)" } == folder.findings.map { "\($0.check) \($0.severity) \($0.draft.key)" })
        #expect(!folder.findings.isEmpty)
    }

    @Test func theNumberedPartsOfOneExportAreReadTogether() async throws {
        let scratch = try Fixture.scratch()
        let first = scratch + "/takeout-20260318T202441Z-3-001.zip", second = scratch + "/takeout-20260318T202441Z-3-002.zip"
        try ZipWriter.of("google/planted") { $0.contains("Google Account") }.bytes().write(to: URL(fileURLWithPath: first))
        try ZipWriter.of("google/planted") { !$0.contains("Google Account") }.bytes().write(to: URL(fileURLWithPath: second))
        // An unrelated zip in the same folder is not a part.
        try ZipWriter.of("unrelated").bytes().write(to: URL(fileURLWithPath: scratch + "/holiday.zip"))
        let exports = try Shipped.reader.read(path: first)
        #expect(exports.first?.parts.count == 2)
        let whole = try await findings(Fixture.path("google/planted"))
        let parts = try await Outcome.run(exports)
        #expect(parts.findings.map(\.draft.key).sorted() == whole.findings.map(\.draft.key).sorted())
        #expect(parts.worst("accounts.mail-access") == .critical)
    }

    @Test func aZip64ArchiveIsRead() async throws {
        var writer = try ZipWriter.of("x/planted")
        writer.zip64 = true
        let scratch = try Fixture.scratch()
        let path = scratch + "/twitter-2026-04-01-abc.zip"
        try writer.bytes().write(to: URL(fileURLWithPath: path))
        let outcome = try await findings(path)
        #expect(outcome.worst("accounts.sessions") == .high)
    }

    @Test(arguments: [0.5, 0.9, 0.99])
    func aCutShortZipStopsWithTheFileNamed(_ fraction: Double) throws {
        let bytes = try ZipWriter.of("facebook/planted").bytes()
        let scratch = try Fixture.scratch()
        let path = scratch + "/facebook-cut.zip"
        try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ExportReader.Refused.self) { try Shipped.reader.read(path: path) }
        #expect(error?.message.en.hasPrefix(path) == true)
        #expect(error?.message.en.contains("zip") == true)
        for value in Self.planted { #expect(error?.message.en.contains(value) == false && error?.message.nl.contains(value) == false) }
    }

    @Test func aMemberThatFailsItsChecksumStopsTheRun() throws {
        var bytes = try ZipWriter.of("facebook/planted").bytes()
        // Flip a byte inside the first member's data.
        bytes[bytes.startIndex + 120] ^= 0xFF
        let scratch = try Fixture.scratch()
        let path = scratch + "/facebook-flipped.zip"
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ExportReader.Refused.self) { try Shipped.reader.read(path: path) }
        #expect(error?.message.en.contains("member") == true)
        for value in Self.planted { #expect(error?.message.en.contains(value) == false) }
    }

    @Test func aZipBombIsNamedNotInflated() async throws {
        var writer = try ZipWriter.of("facebook/planted") { !$0.contains("account_activity") }
        // A member that claims to unpack to 3 GB.
        writer.add("security_and_login_information/account_activity.json", Data(repeating: 0x20, count: 64), claimedSize: 3 << 30)
        let scratch = try Fixture.scratch()
        let path = scratch + "/facebook-bomb.zip"
        try writer.bytes().write(to: URL(fileURLWithPath: path))
        let exports = try Shipped.reader.read(path: path)
        let outcome = try await Outcome.run(exports)
        let coverage = outcome.findings.filter { $0.check == "accounts.coverage" }
        #expect(coverage.contains { $0.draft.detail.en.contains("3072 MB") })
        // The rest of the export is still read.
        #expect(outcome.worst("accounts.sessions") == .high)
    }

    @Test func anUnrelatedFolderIsRefused() throws {
        let error = #expect(throws: ExportReader.Refused.self) { try Shipped.reader.read(path: Fixture.path("unrelated")) }
        #expect(error?.message.en.contains("not a data export") == true)
        #expect(error?.message.nl.contains("geen gegevensexport") == true)
    }

    @Test func aMissingPathIsRefused() throws {
        let error = #expect(throws: ExportReader.Refused.self) { try Shipped.reader.read(path: Fixture.path("no-such-export.zip")) }
        #expect(error?.message.en.contains("no such file") == true)
    }

    @Test func aFileNotFoundByNameOrShapeIsNamedAsMissing() async throws {
        let scratch = try Fixture.scratch()
        let zip = scratch + "/facebook-renamed.zip"
        var writer = ZipWriter()
        for (path, data) in try Fixture.files("facebook/planted") {
            writer.add(path.replacingOccurrences(of: "where_you_re_logged_in.json", with: "where_you_re_logged_in.json.bak"), data)
        }
        try writer.bytes().write(to: URL(fileURLWithPath: zip))
        let outcome = try await findings(zip)
        let missing = outcome.findings.filter { $0.check == "accounts.coverage" && $0.severity == .medium }
        #expect(missing.contains { $0.draft.detail.en.contains("active-sessions") && $0.draft.detail.en.contains("not checked") })
        // What was not read is never passed.
        if case .passed = outcome.results["accounts.coverage"] { Issue.record("coverage passed with a file missing") }
    }

    @Test func aRenamedFileIsRecognisedByItsShape() async throws {
        let scratch = try Fixture.scratch()
        let zip = scratch + "/facebook-shape.zip"
        var writer = ZipWriter()
        for (path, data) in try Fixture.files("facebook/planted") {
            writer.add(path.replacingOccurrences(of: "where_you_re_logged_in.json", with: "waar_je_bent_ingelogd.json"), data)
        }
        try writer.bytes().write(to: URL(fileURLWithPath: zip))
        let outcome = try await findings(zip)
        #expect(outcome.worst("accounts.sessions") == .high)
        #expect(outcome.findings.contains { $0.check == "accounts.coverage" && $0.severity == .info && $0.draft.detail.en.contains("waar_je_bent_ingelogd.json") })
    }

    @Test func aGermanTakeoutIsReadByItsContent() async throws {
        let outcome = try await findings(Fixture.path("google/german"))
        #expect(outcome.worst("accounts.sign-ins") == .high)
        #expect(outcome.worst("accounts.mail-access") == .critical)
        // Gmail's blocked addresses have the same shape as its forwarding addresses: never taken for them.
        #expect(!outcome.text.contains("spam@example.org"))
        #expect(outcome.findings.contains { $0.check == "accounts.coverage" && $0.draft.detail.en.contains("Aktivitäten") })
    }

    @Test func germanInstagramKeysAreRead() async throws {
        let outcome = try await findings(Fixture.path("instagram/german"))
        #expect(outcome.text.contains("203.0.113.66"))
    }

    @Test func anHTMLOnlyExportSaysItWasNotRead() async throws {
        let outcome = try await findings(Fixture.path("facebook/html-only"))
        let coverage = outcome.findings.filter { $0.check == "accounts.coverage" }
        #expect(coverage.contains { $0.draft.detail.en.contains("JSON") && $0.draft.detail.nl.contains("JSON") })
        #expect(coverage.contains { $0.draft.detail.en.contains("active-sessions") })
        for check in ["accounts.sessions", "accounts.sign-ins"] {
            if case .passed = outcome.results[check] { Issue.record("\(check) passed on an HTML-only export") }
        }
    }

    @Test func googleMyActivityInHTMLIsSaid() async throws {
        let outcome = try await findings(Fixture.path("google/html-activity"))
        #expect(outcome.findings.contains { $0.check == "accounts.coverage" && $0.draft.detail.en.contains("My Activity") })
    }

    @Test func aBrokenFileIsReportedWithoutItsContent() async throws {
        let scratch = try Fixture.scratch()
        let zip = scratch + "/facebook-broken.zip"
        var writer = try ZipWriter.of("facebook/planted") { !$0.contains("account_activity") }
        writer.add("security_and_login_information/account_activity.json", Data(#"{"account_activity_v2": [{"ip_address": "203.0.113.66", "city": "planted.city"#.utf8))
        try writer.bytes().write(to: URL(fileURLWithPath: zip))
        let outcome = try await findings(zip)
        let failed = outcome.findings.filter { $0.check == "accounts.coverage" && $0.draft.title?.en.contains("could not be read") == true }
        #expect(!failed.isEmpty)
        for finding in failed {
            #expect(finding.draft.detail.en.contains("not valid JSON (line 1, column"))
            #expect(!finding.draft.detail.en.contains("planted") && !finding.draft.detail.en.contains("203.0.113"))
        }
    }

    @Test func archiveReaderRejectsGarbageWithoutCrashing() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 21, 22, 100, 4096] {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            #expect(throws: ZipArchive.Damaged.self) { _ = try ZipArchive(data) }
        }
    }
}

/// Several archives of one export given one by one, and archives this reader does not open.
@Suite struct SeveralPartsTests {
    @Test func twoPartsGivenSeparatelyMissNothing() async throws {
        let scratch = try Fixture.scratch()
        let first = scratch + "/facebook-sanne-2026-04-01-aaaa1111.zip", second = scratch + "/facebook-sanne-2026-04-01-bbbb2222.zip"
        try ZipWriter.of("facebook/planted") { $0.contains("where_you") }.bytes().write(to: URL(fileURLWithPath: first))
        try ZipWriter.of("facebook/planted") { !$0.contains("where_you") }.bytes().write(to: URL(fileURLWithPath: second))
        let exports = try Shipped.reader.read(path: first) + Shipped.reader.read(path: second)
        let outcome = try await Outcome.run(exports)
        #expect(!outcome.findings.contains { $0.check == "accounts.coverage" && $0.severity >= .medium }, "\(outcome.text)")
        #expect(outcome.worst("accounts.sessions") == .high)
    }

    @Test func aTarArchiveIsRefusedWithWhatToDo() throws {
        let scratch = try Fixture.scratch()
        let path = scratch + "/takeout-20260318T202441Z-001.tgz"
        try Data([0x1F, 0x8B, 0x08, 0x00]).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ExportReader.Refused.self) { try Shipped.reader.read(path: path) }
        #expect(error?.message.en.contains("unpack it") == true)
        #expect(error?.message.nl.contains("pak het uit") == true)
    }
}
