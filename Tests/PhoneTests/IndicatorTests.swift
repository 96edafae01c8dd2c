import Foundation
import Testing
@testable import Phone

@Suite struct IndicatorTests {
    static let echap = Fixture.repository + "/Checks/phone/stalkerware-indicators"
    static let isdi = Fixture.repository + "/Checks/phone/isdi-app-flags"

    static func load() throws -> Indicators {
        try Indicators.load(ioc: echap + "/ioc.yaml", watchware: echap + "/watchware.yaml",
                            samples: echap + "/samples.csv", appFlags: isdi + "/app-flags.csv")
    }

    @Test func theShippedFilesLoad() throws {
        let indicators = try Self.load()
        // Counts as stated in SOURCE.md.
        #expect(indicators.stalkerware.count == 147)
        #expect(indicators.watchware.count == 27)
        #expect(indicators.samples.count == 3228)
        #expect(indicators.flags.count == 5777)
        #expect(Set(indicators.stalkerware.flatMap(\.packages)).count == 613)
        #expect(indicators.stalkerware.allSatisfy { $0.type == "stalkerware" })
        #expect(FileManager.default.fileExists(atPath: Self.echap + "/SOURCE.md"))
        #expect(FileManager.default.fileExists(atPath: Self.isdi + "/LICENSE.md"))
    }

    @Test func matchesByPackageHashAndCertificate() throws {
        let indicators = try Self.load()
        let known = indicators.matches(package: "com.systemservice")
        guard case .stalkerware(let app)? = known.first else {
            Issue.record("com.systemservice is not known as stalkerware: \(known)")
            return
        }
        #expect(app.name == "TheTruthSpy")
        #expect(indicators.stalkerware(certificate: "31:a6:ec:ec:d9:7c:f3:9b:c4:12:6b:87:45:cd:94:a7:c3:0b:f8:1c")?.name == "TheTruthSpy")
        let sample = try #require(indicators.sample(sha256: "2F3BC9EBE8C249F0416F5B0367F34B4B8F6AAA7D351DC5B4912FE2558491B6B7"))
        #expect(sample.package == "com.topspy")
        #expect(indicators.matches(package: "com.whatsapp").isEmpty)
    }

    @Test func watchwareAndDualUseAreQuestions() throws {
        let indicators = try Self.load()
        let family = indicators.matches(package: "com.familyorbit.child")
        #expect(family.count == 1)
        guard case .watchware(let app)? = family.first else {
            Issue.record("com.familyorbit.child is not watchware: \(family)")
            return
        }
        #expect(app.type == "watchware" && !family[0].isAlarm)
        // WiseMo's host is in Echap's ioc.yaml and watchware.yaml and ISDi's stalkerware rows: all are said, alarms first.
        let wisemo = indicators.matches(package: "com.wisemo.host.v10")
        #expect(wisemo.map(\.isAlarm) == [true, true, false])
        let flagged = try #require(indicators.flags.first { $0.flag == "dual-use" && $0.store == "playstore" })
        let matches = indicators.matches(package: flagged.appId)
        #expect(matches.contains(.dualUse(flagged)))
        #expect(matches.contains { !$0.isAlarm })
    }

    @Test func csvQuotedFieldsAndLineNumbers() throws {
        let records = try CSV.parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row", file: "t.csv")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"], ["last", "row"]])
        #expect(records.map(\.line) == [1, 2, 3, 5])
        #expect(throws: PhoneError.invalidIndicators(file: "t.csv", line: 2, message: "a quoted field is not closed")) {
            try CSV.parse("a\n\"open", file: "t.csv")
        }
    }

    @Test func problemsNameTheFileAndLine() throws {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "- name: A\n  type: stalkerware\n  packages: [a.b]\n  colour: red\n".write(toFile: folder + "/ioc.yaml", atomically: false, encoding: .utf8)
        #expect(throws: PhoneError.invalidIndicators(file: folder + "/ioc.yaml", line: 4, message: "unknown key 'colour'")) {
            try IndicatorFiles.apps(at: folder + "/ioc.yaml")
        }
        try "SHA256,Package Name,Certificate,Version,App\nabc,com.a,C,1\n".write(toFile: folder + "/s.csv", atomically: false, encoding: .utf8)
        #expect(throws: PhoneError.invalidIndicators(file: folder + "/s.csv", line: 2, message: "expected 5 fields, found 4")) {
            try IndicatorFiles.samples(at: folder + "/s.csv")
        }
    }
}
