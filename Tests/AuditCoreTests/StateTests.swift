import AuditCore
import Foundation
import Testing
import TestSupport

@Suite struct StateTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-state-\(UUID().uuidString)").path
    var path: String { folder + "/hygiene/state.sqlite" }

    func audit(_ actions: [(String, String)], at date: Date) async throws -> AuditReport {
        let checks = try loadScripted(actions.map { ($0.0, $0.1, "high", "") })
        let results = await Auditor().run(checks, host: try FixtureTree().machine(), inputs: AuditInputs())
        return AuditReport(toolVersion: "t", generatedAt: date, system: .unknown, privileged: false, checks: results)
    }

    @Test func theDatabaseIsPrivateToItsOwner() throws {
        _ = try StateStore(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder + "/hygiene")
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        try FileManager.default.removeItem(atPath: folder)
    }

    @Test func trendShowsNewAndFixedFindingsAndTheScoreChange() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try StateStore(path: path)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        let first = try await audit([("test.a", "fail"), ("test.b", "fail"), ("test.c", "pass")], at: start)
        #expect(try store.trend(for: first.checks, titles: [:]) == nil)
        try store.record(first, families: ["test"])

        let second = try await audit([("test.a", "pass"), ("test.b", "fail"), ("test.c", "fail")], at: start.addingTimeInterval(5 * 86_400))
        let trend = try #require(try store.trend(for: second.checks, titles: ["test.a": .verbatim("A")]))
        #expect(trend.daysSince(second.generatedAt) == 5)
        #expect(trend.previousScore == first.score.value)
        #expect(trend.fixed == [Trend.FixedFinding(checkID: "test.a", title: .verbatim("A"), count: 1)])
        let new = second.findings.filter { trend.newFingerprints.contains($0.fingerprint) }.map(\.checkID)
        #expect(new == ["test.c"])
        try store.record(second, families: ["test"])
        #expect(try store.history().map(\.findings) == [2, 2])
        #expect(try store.lastAuditDate() == second.generatedAt)
    }

    @Test func findingsOfChecksThatDidNotRunAreNotCalledFixed() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try StateStore(path: path)
        try store.record(try await audit([("test.a", "fail")], at: Date()), families: ["test"])
        let skipped = try await audit([("test.a", "skip")], at: Date())
        #expect(try store.trend(for: skipped.checks, titles: [:])?.fixed.isEmpty == true)
    }

    @Test func theDatabaseHoldsNoFindingText() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try StateStore(path: path)
        try store.record(try await audit([("test.a", "fail")], at: Date()), families: ["test"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("broken"))   // the finding's detail
        #expect(!text.contains("thing"))    // its subject
        #expect(text.contains("test.a"))
    }

    @Test func forgetDeletesEverything() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try StateStore(path: path)
        #expect(try StateStore.forget(path: path))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try !StateStore.forget(path: path))
    }

    @Test func aDamagedDatabaseGivesAClearError() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/hygiene", withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try StateStore(path: path)
        } throws: { error in
            (error as? StateError)?.errorDescription?.contains("hygiene forget") == true
        }
    }
}

@Suite struct ConfigurationTests {
    /// Settings as a family would own them.
    static let familySettings: [Setting] = [
        .text("known-ssh-keys", input: "known-ssh-key", list: true),
        .path("vaults", input: "vault", list: true),
        .text("colour-depth", message: LocalizedText(en: "'colour-depth' must be a number", nl: "'colour-depth' moet een getal zijn"),
              valid: { Int($0) != nil }),
    ]

    @Test func everySettingIsRead() throws {
        let configuration = try Configuration.parse("""
            version: 1
            language: nl
            fail-on: medium
            skip: [device.autostart]
            audit-every: 2w
            known-ssh-keys: [SHA256:abc]
            vaults: [/tmp/export.json]
            identity: /tmp/me.yaml
            colour-depth: 8
            """, path: "config.yaml", settings: Self.familySettings)
        #expect(configuration.language == .nl)
        #expect(configuration.failOn == .medium)
        #expect(configuration.skip == ["device.autostart"])
        #expect(configuration.auditEvery?.days == 14)
        #expect(configuration.inputs["known-ssh-key"] == ["SHA256:abc"])
        #expect(configuration.inputs["vault"] == ["/tmp/export.json"])
        #expect(configuration.inputs["identity"] == ["/tmp/me.yaml"])
        #expect(configuration.inputs["colour-depth"] == ["8"])
    }

    /// A family's key is unknown without the family, and its own check names the line and column.
    @Test func aFamilysSettingsAreCheckedByTheFamily() throws {
        #expect(throws: ConfigurationError.self) { try Configuration.parse("vaults: [a.csv]\n", path: "c.yaml") }
        #expect {
            _ = try Configuration.parse("version: 1\ncolour-depth: deep\n", path: "c.yaml", settings: Self.familySettings)
        } throws: { error in
            (error as? ConfigurationError)?.errorDescription?.hasPrefix("c.yaml:2:15: 'colour-depth' must be a number") == true
        }
        #expect {
            _ = try Configuration.parse("colour-depth: [1, 2]\n", path: "c.yaml", settings: Self.familySettings)
        } throws: { error in
            (error as? ConfigurationError)?.errorDescription?.contains("'colour-depth' takes one value") == true
        }
    }

    @Test(arguments: [
        ("version: 1\ncolour: red\n", "config.yaml:2:1: unknown setting 'colour'"),
        ("language: fr\n", "config.yaml:1:11: 'language' must be en or nl"),
        ("fail-on: sometimes\n", "config.yaml:1:10: 'fail-on' must be one of"),
        ("audit-every: monthly\n", "config.yaml:1:14: 'audit-every' must be a duration"),
        ("identity: [a, b]\n", "config.yaml:1:11: 'identity' takes one value"),
        ("skip: [unclosed\n", "config.yaml:2:1: not valid YAML"),
    ])
    func mistakesAreLocated(text: String, message: String) {
        #expect {
            _ = try Configuration.parse(text, path: "config.yaml")
        } throws: { error in
            let description = (error as? ConfigurationError)?.errorDescription ?? ""
            return description.hasPrefix(message)
        }
    }

    @Test func defaultPathFollowsXDG() {
        #expect(Configuration.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/hygiene/config.yaml")
        #expect(Configuration.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/hygiene/config.yaml")
    }
}

@Suite struct IdentityTests {
    @Test func everyKeyIsReadAndWordsAreGuessable() throws {
        let identity = try Identity.parse("""
            name: Sanne de Vries
            aliases: [Sanne dV]
            usernames: [sannedv]
            street: Lindenlaan 12
            employer: Bakkerij Pietersen
            emails: [sanne.devries@example.nl]
            phones: ["+31 6 12345678"]
            terms: [Bobbie]
            """, path: "me.yaml")
        #expect(identity.name == "Sanne de Vries")
        #expect(identity.phones == ["+31 6 12345678"])
        let words = identity.guessableWords
        for word in ["sannedevries", "sanne", "vries", "lindenlaan12", "lindenlaan", "pietersen", "bobbie", "sannedv", "devries"] {
            #expect(words.contains(word), "\(word) missing from \(words)")
        }
        #expect(!words.contains("de"))
    }

    @Test func unknownKeysAreLocated() {
        #expect {
            _ = try Identity.parse("name: Sanne\nshoe-size: 39\n", path: "me.yaml")
        } throws: { error in
            (error as? ConfigurationError)?.errorDescription?.hasPrefix("me.yaml:2:1: unknown key 'shoe-size'") == true
        }
    }
}
