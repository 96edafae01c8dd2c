import Accounts
import AuditCore
import Foundation
import Testing

/// The platform manifests are data, read with located errors, and every shipped one loads.
@Suite struct ManifestTests {
    @Test func everyShippedManifestLoads() {
        #expect(Set(Shipped.manifests.map(\.id)) == ["google", "facebook", "instagram", "apple", "x", "snapchat", "tiktok", "linkedin"])
        for manifest in Shipped.manifests {
            #expect(!manifest.records.isEmpty)
            #expect(manifest.records.contains { $0.expected }, "\(manifest.id) names no file it normally holds")
        }
    }

    static let good = """
    version: 1
    data: account-export
    platform: example
    name: Example
    detect: [data/example.json]
    covers: {en: a month, nl: een maand}
    cannot-show: {en: nothing, nl: niets}
    records:
      - id: logins
        type: sign-ins
        files: [data/example.json]
        format: json
        items: [logins]
        fields:
          time: [when]
        where: {en: Settings, nl: Instellingen}
    """

    @Test func aUserManifestLoads() throws {
        let manifest = try PlatformManifest(file: CheckDataFile(path: "mine/example.yaml", text: Self.good))
        #expect(manifest.id == "example")
        #expect(manifest.records.first?.type == .signIns)
    }

    @Test(arguments: [
        ("time: [when]", "tiem: [when]", 15, "unknown field 'tiem'"),
        ("format: json", "format: xml", 12, "'xml' is not one of"),
        ("type: sign-ins", "type: logins", 10, "'logins' is not one of"),
        ("version: 1", "version: 2", 1, "unsupported version"),
    ])
    func aBadManifestIsLocated(_ replace: String, _ with: String, _ line: Int, _ message: String) {
        let text = Self.good.replacingOccurrences(of: replace, with: with)
        let error = #expect(throws: DataFileError.self) { try PlatformManifest(file: CheckDataFile(path: "mine/example.yaml", text: text)) }
        #expect(error?.file == "mine/example.yaml")
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func aCSVRecordNeedsItsColumns() {
        let text = Self.good.replacingOccurrences(of: "format: json", with: "format: csv")
        let error = #expect(throws: DataFileError.self) { try PlatformManifest(file: CheckDataFile(path: "x.yaml", text: text)) }
        #expect(error?.message.contains("columns") == true)
    }
}

/// Meta's mojibake, the platforms' timestamps, and the CSV reader.
@Suite struct ValueTests {
    @Test(arguments: [
        ("H\u{00c3}\u{00a5}kan", "Håkan"),
        ("Li\u{00c3}\u{00a8}ge", "Liège"),
        ("\u{00f0}\u{009f}\u{0098}\u{00a2}", "😢"),
        ("caf\u{00e9}", "caf\u{00e9}"),      // a lone é is not valid UTF-8: kept
        ("plain", "plain"),
        ("Ärger ☃", "Ärger ☃"),            // above U+00FF: already right
    ])
    func mojibakeIsRepaired(_ input: String, _ expected: String) {
        #expect(Mojibake.repaired(input) == expected)
    }

    @Test(arguments: [
        ("2026-03-11 02:49:39 UTC", 1_773_197_379.0),
        ("2025-02-20 21:18:46 Z", 1_740_086_326.0),
        ("2023-05-30T13:31:42.908Z", 1_685_453_502.908),
        ("Mon Jan 10 12:34:56 UTC 2022", 1_641_818_096.0),
        ("2021.10.20", 1_634_688_000.0),
        ("1757000000", 1_757_000_000.0),
        ("1757000000000", 1_757_000_000.0),
    ])
    func timestampsAreRead(_ text: String, _ seconds: Double) throws {
        let date = try #require(Timestamps.date(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.01)
    }

    @Test func numbersAreSecondsMillisecondsOrMicroseconds() {
        #expect(Timestamps.date(NSNumber(value: 1_757_000_000))?.timeIntervalSince1970 == 1_757_000_000)
        #expect(Timestamps.date(NSNumber(value: 1_757_000_000_000))?.timeIntervalSince1970 == 1_757_000_000)
        #expect(Timestamps.date(NSNumber(value: 1_757_000_000_000_000))?.timeIntervalSince1970 == 1_757_000_000)
        #expect(Timestamps.date(NSNumber(value: 0)) == nil)
    }
}

/// The shapes the readers take apart, on their own.
@Suite struct ReaderShapeTests {
    @Test func appleEscapedCommasStayInTheirColumn() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("apple/planted")))
        // `MacBookPro18\,1` is one value: the heartbeat time after it is read as a time, not shifted.
        let session = try #require(outcome.findings.first { $0.check == "accounts.sessions" })
        #expect(session.draft.subjects.first?["browser or app"] == "MacBookPro18,1")
        #expect(session.draft.subjects.first?["last seen"]?.hasPrefix("2026-03-2") == true)
    }

    @Test func linkedInNotesBeforeTheHeaderAreSkipped() async throws {
        let exports = try Shipped.reader.read(path: Fixture.path("linkedin/planted"))
        #expect(exports.first?.records.filter { $0.type == .signIns }.count == 2)
    }
}

@Suite struct FastTimestampTests {
    /// The formatter-free reading agrees with a formatter on dates across the calendar.
    @Test(arguments: ["1970-01-01 00:00:00", "2000-02-29 23:59:59 UTC", "2026-12-31T12:00:00Z", "2024-03-01 00:00:01 Z", "1999-12-31T23:59:59.500Z"])
    func fastPathAgreesWithAFormatter(_ text: String) throws {
        let fast = try #require(Timestamps.date(text))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        let plain = String(text.prefix(19)).replacingOccurrences(of: " ", with: "T")
        let reference = try #require(formatter.date(from: plain))
        let fraction = text.contains(".5") ? 0.5 : 0
        #expect(fast.timeIntervalSince1970 == reference.timeIntervalSince1970 + fraction)
    }
}
