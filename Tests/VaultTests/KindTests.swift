import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Vault

/// Runs one vault kind over logins written `title|username|url|password`.
func run<K: CheckKind>(_ kind: K, _ rows: [String], inputs extra: [String: [String]] = [:], now: Date = Date()) async throws -> CheckOutcome {
    var inputs = AuditInputs(extra)
    inputs.prepared[Vault.inputName] = VaultExamples.vault(rows)
    let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, now: now, os: .unknown)
    return try await kind.run(in: CheckContext(checkID: "vault.test", host: machine, inputs: inputs))
}

func drafts(_ outcome: CheckOutcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [FindingDraft] {
    if case .failed(let drafts) = outcome { return drafts }
    Issue.record("expected findings, got \(outcome)", sourceLocation: sourceLocation)
    return []
}

@Suite struct ReuseTests {
    let kind = try! ReuseKind(parameters: Parameters(yaml: "key-accounts: [{name: e-mail, domains: [gmail.com, google.com]}]"))

    @Test func reuseAcrossAccountsIsOneFindingPerGroup() async throws {
        let found = drafts(try await run(kind, [
            "Forum|me|https://forum.nl|hunter22", "Shop|me|https://shop.nl|hunter22", "Game|me2|https://game.com|hunter22",
            "Bank|me|https://bank.nl|other-one",
        ]))
        #expect(found.count == 1)
        #expect(found.first?.subjects.map(\.name) == ["Forum", "Shop", "Game"])
        #expect(found.first?.severity == nil)
    }

    @Test func theSameAccountSavedTwiceIsNotReuse() async throws {
        let outcome = try await run(kind, ["Shop|me|https://www.shop.nl/login|hunter22", "Shop again|ME|https://shop.nl|hunter22"])
        guard case .passed = outcome else { Issue.record("expected a pass, got \(outcome)"); return }
    }

    @Test func anEmailAccountMakesItCritical() async throws {
        let found = drafts(try await run(kind, ["Gmail|me@gmail.com|https://accounts.google.com|hunter22", "Shop|me|https://shop.nl|hunter22"]))
        #expect(found.first?.severity == .critical)
    }

    @Test func anOldPasswordInUseElsewhereIsReuse() async throws {
        var vault = VaultExamples.vault(["Mail|me|https://mail.nl|new-Secret-1", "Shop|me|https://shop.nl|old-Secret-0"])
        vault.files[0].logins[0].history = [PastPassword(password: Secret("old-Secret-0"), until: nil)]
        var inputs = AuditInputs()
        inputs.prepared[Vault.inputName] = vault
        let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, os: .unknown)
        let found = drafts(try await kind.run(in: CheckContext(checkID: "t", host: machine, inputs: inputs)))
        #expect(found.count == 1)
        #expect(found.first?.title?.en == "A password you used before is in use elsewhere")
    }

    @Test func findingKeysNeverHoldThePassword() async throws {
        let found = drafts(try await run(kind, ["A|me|https://a.nl|Planted-Key-1", "B|me|https://b.nl|Planted-Key-1"]))
        #expect(!(found.first?.key.contains("Planted") ?? true))
    }
}

@Suite struct SimilarTests {
    let kind = try! SimilarKind(parameters: Parameters(yaml: "{}"))

    @Test(arguments: [
        ("Zomer2023!", "Zomer2024!"), ("base1", "base2"), ("base-ing", "base-bol"), ("P@ssw0rdje", "passwordje7"),
        ("Sanne1990", "sanne1991#"), ("Welkom01", "WELKOM02"),
    ])
    func variationsAreFound(first: String, second: String) async throws {
        let found = drafts(try await run(kind, ["ING|me|https://mijn.ing.nl|\(first)", "Bol|me|https://www.bol.com|\(second)"]))
        #expect(found.count == 1)
    }

    @Test(arguments: [("Xq7#Lp2!vR9t", "Mk3$Tz8@wQ1y"), ("correct-horse-battery", "purple-monkey-dishwasher"), ("abc1", "abc2"),
                      ("kp9Zq2Lm8x", "Ft4Wr7Yn1b")])
    func unrelatedPasswordsAreNot(first: String, second: String) async throws {
        let outcome = try await run(kind, ["A|me|https://a.nl|\(first)", "B|me|https://b.nl|\(second)"])
        guard case .passed = outcome else { Issue.record("\(first) and \(second) were called similar"); return }
    }

    @Test func identicalPasswordsAloneAreLeftToReuse() async throws {
        let outcome = try await run(kind, ["A|me|https://a.nl|Zomer2023!", "B|me|https://b.nl|Zomer2023!"])
        guard case .passed = outcome else { Issue.record("identical passwords reported as similar"); return }
    }

    @Test func tenThousandLoginsAreGroupedWithoutComparingPairs() async throws {
        var rows = (0..<10_000).map { "Site\($0)|u\($0)|https://s\($0).example|\(UUID().uuidString)" }
        rows.append("Zomer|me|https://zomer.nl|Zomer2023!")
        rows.append("Winter|me|https://winter.nl|Zomer2024!")
        let start = ContinuousClock.now
        let found = drafts(try await run(kind, rows))
        #expect(found.count == 1)
        #expect(ContinuousClock.now - start < .seconds(20))   // a guard against quadratic time, not the benchmark
    }
}

@Suite struct StaleTests {
    let kind = try! StaleKind(parameters: Parameters(yaml: "max-age-days: 365"))
    let now = Configuration.day("2026-11-23")!

    func vault(_ dates: [(String, PasswordDate?)]) -> AuditInputs {
        let logins = dates.enumerated().map { index, entry in
            Credential(title: entry.0, username: "me", urls: ["https://\(entry.0).nl"], password: Secret("p\(index)"),
                       passwordDate: entry.1, file: "x.json", position: index)
        }
        var inputs = AuditInputs(["since": ["2026-03-01"]])
        inputs.prepared[Vault.inputName] = Vault(files: [VaultFile(path: "x.json", format: "test", logins: logins, skipped: [:])])
        return inputs
    }

    @Test func passwordsFromBeforeTheBreakupAreListedWithHowSureTheDateIs() async throws {
        let inputs = vault([
            ("mail", PasswordDate(Configuration.day("2025-12-01")!, .exact)),
            ("bank", PasswordDate(Configuration.day("2026-05-01")!, .exact)),
            ("shop", PasswordDate(Configuration.day("2026-01-15")!, .entryModified)),
            ("forum", PasswordDate(Configuration.day("2026-06-01")!, .entryModified)),
            ("old", PasswordDate(Configuration.day("2020-01-01")!, .exact)),
            ("nodate", nil),
        ])
        let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, now: now, os: .unknown)
        let found = drafts(try await kind.run(in: CheckContext(checkID: "t", host: machine, inputs: inputs)))
        let since = try #require(found.first { $0.key == "since" })
        #expect(since.subjects.map(\.name) == ["mail", "shop", "old"])
        #expect(since.subjects[1]["entry last changed"] == "2026-01-15")
        #expect(since.detail.en.contains("For 1 more the export cannot tell"))
        // "old" is already listed as unchanged since the breakup; the age finding does not repeat it.
        #expect(found.first { $0.key == "age" } == nil)
    }

    @Test func exportsWithoutDatesAreSkipped() async throws {
        let outcome = try await run(kind, ["A|me|https://a.nl|x"])
        guard case .skipped(let reason) = outcome else { Issue.record("expected skipped"); return }
        #expect(reason.en.contains("records no dates"))
    }
}

@Suite struct InsecureURLTests {
    let kind = try! InsecureURLKind(parameters: Parameters(yaml: "{}"))

    @Test func plainHttpIsListedButNotLocalAddresses() async throws {
        let found = drafts(try await run(kind, [
            "Forum|me|http://forum.example.org|a", "Router|admin|http://192.168.1.1|b", "NAS|admin|http://nas.local:5000|c",
            "Dev|me|http://localhost:8080|d", "Bank|me|https://bank.nl|e", "Camera|admin|http://10.0.0.7|f",
        ]))
        #expect(found.first?.subjects.map(\.name) == ["Forum"])
    }
}
