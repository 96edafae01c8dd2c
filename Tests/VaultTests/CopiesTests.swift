import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Vault

/// A login for these tests; `date` is when its password was set (exact) unless `precision` says otherwise.
func login(_ title: String, _ username: String, _ url: String, _ password: String, date: String? = nil,
           precision: PasswordDate.Precision = .exact, history: [String] = [], position: Int = 1,
           file: String = "export.json", oneTimeCode: Bool = false) -> Credential {
    Credential(title: title, username: username, urls: [url], password: Secret(password),
               passwordDate: date.map { PasswordDate(Configuration.day($0)!, precision) },
               history: history.map { PastPassword(password: Secret($0), until: nil) }, oneTimeCode: oneTimeCode,
               file: file, position: position, positionUnit: .item)
}

/// Runs a vault kind over these logins.
func run<K: CheckKind>(_ kind: K, logins: [Credential], inputs extra: [String: [String]] = [:],
                       prepared: [String: any Sendable] = [:], now: String = "2026-11-23") async throws -> CheckOutcome {
    var inputs = AuditInputs(extra)
    inputs.prepared[Vault.inputName] = Vault(files: [VaultFile(path: "export.json", format: "test", logins: logins, skipped: [:])])
    for (name, value) in prepared { inputs.prepared[name] = value }
    let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, now: Configuration.day(now)!, os: .unknown)
    return try await kind.run(in: CheckContext(checkID: "vault.test", host: machine, inputs: inputs))
}

/// Breach counts from a fixed set of passwords.
struct FixedBreaches: BreachSource {
    var breached: Set<String>
    var name: String { "a test list" }
    func counts(for passwords: [Secret]) async throws -> [Secret: Int] {
        Dictionary(passwords.map { password in (password, password.withValue { breached.contains($0) } ? 7 : 0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Every saved copy of an account is judged: copies with the same password count once, copies
/// with different passwords each, and the report says where each copy is.
@Suite struct CopiesTests {
    // A Gmail account imported from the browser (old, weak password) and saved in the manager (strong).
    let copies = [
        login("Gmail", "sanne@gmail.com", "https://accounts.google.com", "hK8#vQ2!mZ7@pL4x", date: "2026-05-01", position: 3),
        login("accounts.google.com", "Sanne@gmail.com", "https://accounts.google.com/signin", "welkom01", date: "2023-02-01", position: 41),
        login("Bol", "sanne", "https://www.bol.com", "Xr5$wN8&qJ3*tB6y", date: "2026-06-01", position: 7),
    ]

    @Test func aWeakSecondCopyIsReported() async throws {
        let kind = try WeakKind(parameters: Parameters(yaml: "{word-lists: [], words: {passwords: [welkom01, welkom]}}"))
        let found = drafts(try await run(kind, logins: copies))
        let subjects = found.flatMap(\.subjects)
        #expect(subjects.map(\.name) == ["accounts.google.com"])
        // The copy is named by where it is saved, since its account is saved twice.
        #expect(subjects.first?["entry"] == "export.json, item 41")
    }

    @Test func aBreachedSecondCopyIsReported() async throws {
        let kind = try BreachedKind(parameters: Parameters(yaml: "{}"))
        let found = drafts(try await run(kind, logins: copies, prepared: [Breach.inputName: FixedBreaches(breached: ["welkom01"])]))
        #expect(found.first?.subjects.map(\.name) == ["accounts.google.com"])
    }

    @Test func anOldSecondCopyIsReported() async throws {
        let kind = try StaleKind(parameters: Parameters(yaml: "max-age-days: 3650"))
        let found = drafts(try await run(kind, logins: copies, inputs: ["since": ["2026-03-01"]]))
        let since = try #require(found.first { $0.key == "since" })
        #expect(since.subjects.map(\.name) == ["accounts.google.com"])
        #expect(since.subjects.first?["password set"] == "2023-02-01")
    }

    @Test func copiesWithTheSamePasswordCountOnce() async throws {
        let same = [login("Forum", "me", "https://forum.nl", "welkom01", position: 1),
                    login("forum.nl", "ME", "https://www.forum.nl/login", "welkom01", position: 2)]
        let weak = try WeakKind(parameters: Parameters(yaml: "{word-lists: [], words: {passwords: [welkom01]}}"))
        let found = drafts(try await run(weak, logins: same))
        #expect(found.flatMap(\.subjects).count == 1)
        // Without copies of another password, no location is added.
        #expect(found.first?.subjects.first?["entry"] == nil)
        let duplicates = try await run(DuplicatesKind(parameters: Parameters(yaml: "{}")), logins: same)
        guard case .passed = duplicates else { Issue.record("the same password saved twice is not a duplicate to fix: \(duplicates)"); return }
    }

    @Test func aSecondCopySimilarToAnotherAccountIsFound() async throws {
        let logins = [login("Gmail", "me", "https://mail.google.com", "qT7#xW2!kM9@zR4v", position: 1),
                      login("Gmail old", "me", "https://mail.google.com", "Zomer2023!", position: 2),
                      login("Bol", "me", "https://bol.com", "Zomer2024!", position: 3)]
        let found = drafts(try await run(SimilarKind(parameters: Parameters(yaml: "{}")), logins: logins))
        #expect(found.count == 1)
        #expect(Set(found.first?.subjects.map(\.name) ?? []) == ["Gmail old", "Bol"])
    }

    @Test func copiesOfOneAccountAreNotSimilarToEachOther() async throws {
        let logins = [login("Gmail", "me", "https://mail.google.com", "Zomer2023!", position: 1),
                      login("Gmail", "me", "https://mail.google.com", "Zomer2024!", position: 2)]
        let outcome = try await run(SimilarKind(parameters: Parameters(yaml: "{}")), logins: logins)
        guard case .passed = outcome else { Issue.record("two copies of one account reported as similar: \(outcome)"); return }
    }

    @Test func reuseStillIgnoresCopiesButSeesACopyReusedElsewhere() async throws {
        let kind = try ReuseKind(parameters: Parameters(yaml: "{}"))
        let alone = try await run(kind, logins: [login("Shop", "me", "https://shop.nl", "abc-Secret-1", position: 1),
                                                 login("Shop", "ME", "https://www.shop.nl", "abc-Secret-1", position: 2)])
        guard case .passed = alone else { Issue.record("two copies of one account counted as reuse"); return }
        let found = drafts(try await run(kind, logins: [
            login("Shop", "me", "https://shop.nl", "new-Secret-2", position: 1),
            login("Shop", "me", "https://shop.nl", "old-Secret-1", position: 2),
            login("Forum", "me", "https://forum.nl", "old-Secret-1", position: 3),
        ]))
        #expect(found.count == 1)
        #expect(found.first?.subjects.map { $0["entry"] } == ["export.json, item 2", nil])
    }
}

@Suite struct DuplicatesTests {
    let kind = try! DuplicatesKind(parameters: Parameters(yaml: "{}"))

    @Test func theNewerCopyIsNamedWhereTheExportHasDates() async throws {
        let found = drafts(try await run(kind, logins: [
            login("Gmail", "sanne@gmail.com", "https://accounts.google.com", "old-Password-1", date: "2023-02-01", position: 41),
            login("Gmail", "sanne@gmail.com", "https://mail.google.com", "new-Password-2", date: "2026-05-01", position: 3),
            login("Bol", "sanne", "https://bol.com", "other-Password-3", date: "2026-05-01", position: 5),
        ]))
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.title?.en == "Gmail (sanne@gmail.com) is saved 2 times with 2 different passwords")
        #expect(finding.detail.en.contains("The password of export.json, item 3 was set last (2026-05-01)"))
        #expect(finding.detail.en.contains("ex-partner"))
        #expect(finding.subjects.map { $0["status"] } == ["older", "newest"])
        #expect(finding.subjects.map { $0["entry"] } == ["export.json, item 41", "export.json, item 3"])
        #expect(finding.subjects.map { $0.fields.first { $0.key == "status" }?.value(.nl) } == ["ouder", "nieuwste"])
    }

    @Test func entryDatesAreSaidToBeLessSure() async throws {
        let found = drafts(try await run(kind, logins: [
            login("Shop", "me", "https://shop.nl", "p-One-1", date: "2024-01-01", precision: .entryModified, position: 1),
            login("Shop", "me", "https://shop.nl", "p-Two-2", date: "2025-01-01", precision: .entryModified, position: 2),
        ]))
        #expect(found.first?.detail.en.contains("was changed last (2025-01-01); the export does not say whether that change was its password") == true)
    }

    @Test func undatedCopiesSayTheExportCannotTell() async throws {
        let found = drafts(try await run(kind, logins: [
            login("Shop", "me", "https://shop.nl", "p-One-1", position: 1),
            login("Shop", "me", "https://shop.nl", "p-Two-2", date: "2025-01-01", position: 2),
            login("Shop", "me", "https://shop.nl", "p-One-1", position: 3),
        ]))
        let finding = try #require(found.first)
        #expect(finding.title?.en == "Shop (me) is saved 3 times with 2 different passwords")
        #expect(finding.detail.en.contains("The export does not tell which password is newer."))
        #expect(finding.subjects.allSatisfy { $0["status"] == nil })
        #expect(finding.subjects.map { $0["password"] } == ["1 of 2", "1 of 2", "2 of 2"])
    }

    @Test func aPasswordInAnotherCopysHistoryIsTheOldOne() async throws {
        let found = drafts(try await run(kind, logins: [
            login("Shop", "me", "https://shop.nl", "p-Old-1", position: 1),
            login("Shop", "me", "https://shop.nl", "p-New-2", history: ["p-Old-1"], position: 2),
        ]))
        let finding = try #require(found.first)
        #expect(finding.subjects.map { $0["status"] } == ["old: replaced in export.json, item 2", "newest"])
        #expect(finding.detail.en.contains("password history of export.json, item 2"))
    }

    @Test func otherAccountsAndUsernamesAreNotCopies() async throws {
        let outcome = try await run(kind, logins: [
            login("Shop", "me", "https://shop.nl", "p-One-1"), login("Shop", "partner", "https://shop.nl", "p-Two-2"),
            login("Other", "me", "https://other.nl", "p-Three-3"),
        ])
        guard case .passed = outcome else { Issue.record("different accounts called copies: \(outcome)"); return }
    }

    @Test func keysAndTextsHoldNoPassword() async throws {
        let found = drafts(try await run(kind, logins: [login("Shop", "me", "https://shop.nl", "Planted-A-1"),
                                                        login("Shop", "me", "https://shop.nl", "Planted-B-2")]))
        let text = found.map { [$0.key, $0.title?.en ?? "", $0.detail.en, $0.detail.nl] + $0.subjects.map { $0.line(.en) } }.flatMap { $0 }
        #expect(!text.joined().contains("Planted"))
    }
}
