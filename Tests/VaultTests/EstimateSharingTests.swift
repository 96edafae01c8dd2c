import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Vault

/// Each distinct password is estimated once, however many copies, accounts, history entries and
/// checks share it, and every login still gets the estimate it had when each was estimated alone.
@Suite struct EstimateSharingTests {
    /// The estimate of each login made alone, with its own context, as vault.weak made them before.
    func alone(_ logins: [Credential], identity: [String] = []) -> [StrengthEstimate] {
        logins.map { login in login.password.withValue { estimator.estimate($0, context: WeakKind.context(for: login), identity: identity) } }
    }

    func expectSame(_ shared: [StrengthEstimate], _ alone: [StrengthEstimate], _ logins: [Credential],
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(shared.count == alone.count, sourceLocation: sourceLocation)
        for (index, (a, b)) in zip(shared, alone).enumerated() {
            #expect(a.guesses == b.guesses && a.score == b.score && a.explanation == b.explanation,
                    "\(logins[index].location): \(a.explanation.en) (\(a.guesses)) against \(b.explanation.en) (\(b.guesses))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func aPasswordInCopiesAndHistoriesIsEstimatedOnce() {
        let logins = [
            login("Bol", "sanne", "https://www.bol.com", "Zomer2023!", history: ["Zomer2023!", "welkom"]),
            login("Marktplaats", "sanne@example.nl", "https://www.marktplaats.nl", "Zomer2023!", history: ["Zomer2023!"]),
            login("bol.com", "Sanne", "https://www.bol.com/login", "Zomer2023!", position: 2),
            login("Site 4", "user4@example.nl", "https://www.site4.example.com", "Zomer2023!", history: ["Winter2022?"]),
        ]
        let shared = LoginEstimates(logins, estimator: estimator, identity: [], context: WeakKind.context(for:))
        #expect(shared.made == 1)
        expectSame(shared.estimates, alone(logins), logins)
    }

    @Test func aLoginWhoseOwnNameIsInItsPasswordGetsAnEstimateOfItsOwn() {
        let logins = [
            login("Mijnbank", "sdvr", "https://mijnbank.nl", "mijnbank77sdvr"),
            login("Other", "someone", "https://other.nl", "mijnbank77sdvr"),
            login("Third", "nobody", "https://third.nl", "mijnbank77sdvr"),
        ]
        let shared = LoginEstimates(logins, estimator: estimator, identity: [], context: WeakKind.context(for:))
        #expect(shared.made == 2)
        #expect(shared.estimates[0].guesses < shared.estimates[1].guesses / 100)
        expectSame(shared.estimates, alone(logins), logins)
    }

    /// Context words read forwards, backwards, in capitals, with look-alikes, or not at all.
    @Test(arguments: [
        ("Ing-2024-base", ["ing"], true), ("esab-gni", ["ing"], true), ("1NG2024base", ["ing"], true), ("b0l.c0m", ["bol"], true),
        ("|ng-x", ["lng"], true), ("zomer2024", ["ing", "bol"], false), ("in-g", ["ing"], false), ("gn", ["ing"], false),
        ("ÉLODIE99", ["élodie"], true), ("eidolé99", ["élodie"], true), ("x", ["ab"], false), ("sanne", [], false),
    ])
    func whereContextCanBeRead(password: String, context: [String], mayMatter: Bool) {
        #expect(estimator.contextMayMatter(password, context: context) == mayMatter)
        if !mayMatter {
            let with = estimator.estimate(password, context: context), without = estimator.estimate(password)
            #expect(with.guesses == without.guesses && with.explanation == without.explanation)
        }
    }

    /// Every fixture export, and the recall test's planted exports, with and without identity words:
    /// the shared estimates are the ones each login got alone.
    @Test(arguments: ["bitwarden.json", "bitwarden.csv", "keepass.xml", "1password.1pux", "chrome.csv", "firefox.csv",
                      "lastpass.csv", "keepassxc.csv", "protonpass.csv", "nordpass.csv", "apple.csv", "dashlane.zip"])
    func fixturesKeepTheirEstimates(file: String) throws {
        let logins = try VaultImporter.read(path: fixture(file)).logins.distinctCopies
        try #require(!logins.isEmpty)
        for identity in [[], ["sanne", "devries", "lindenlaan", "bobbie"]] {
            let shared = LoginEstimates(logins, estimator: estimator, identity: identity, context: WeakKind.context(for:), cores: 2)
            expectSame(shared.estimates, alone(logins, identity: identity), logins)
            #expect(shared.made <= Set(logins.map(\.password)).count + logins.count)
        }
    }

    @Test(arguments: [UInt64(1), 7])
    func plantedExportsKeepTheirEstimates(seed: UInt64) {
        let logins = RecallTests.export(seed: seed).logins.distinctCopies
        let shared = LoginEstimates(logins, estimator: estimator, identity: ["sanne"], context: WeakKind.context(for:), cores: 3)
        expectSame(shared.estimates, alone(logins, identity: ["sanne"]), logins)
        #expect(shared.made < logins.count)
    }

    /// vault.weak and the reset plan's weak flag share one set of estimates per vault.
    @Test func checksShareTheVaultsEstimates() async throws {
        let kind = try WeakKind(parameters: Parameters(yaml: "word-lists: []\nwords: {passwords: [welkom]}"))
        var inputs = AuditInputs()
        let vault = VaultExamples.vault(["A|me|https://a.nl|welkom", "B|me|https://b.nl|welkom", "C|you|https://c.nl|Xr5$wN8&qJ3*tB6y"])
        inputs.prepared[Vault.inputName] = vault
        let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, os: .unknown)
        let context = CheckContext(checkID: "vault.weak", host: machine, inputs: inputs)
        _ = try await kind.run(in: context)
        let flagged = try await kind.flaggedAccounts(in: context)
        #expect(flagged.count == 2)
        var made = 0
        _ = vault.strengthEstimates(kind.estimatesKey(in: context)) {
            made += 1
            return LoginEstimates([], estimator: estimator, identity: [], context: WeakKind.context(for:))
        }
        #expect(made == 0, "the estimates were made again")
        // The word lists were let go once the estimates were made.
        #expect(!DictionaryCache.shared.holds(DictionaryCache.shared.key(kind.sources, machine)))
    }
}
