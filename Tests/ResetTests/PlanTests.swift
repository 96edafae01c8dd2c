import AuditCore
import Foundation
@testable import Reset
import Testing
import TestSupport

/// An account as the vault family gives it: `title|username|host`, with flags.
func account(_ row: String, _ catalog: ResetCatalog, flags: Set<AccountFlag> = [], changedAfter: Bool = false) -> ResetAccount {
    let parts = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    let service = catalog.service(forHost: parts[2])
    return ResetAccount(key: (service?.domains.first ?? parts[2]) + "\u{0}" + parts[1].lowercased(), title: parts[0], username: parts[1],
                        host: parts[2], service: service, flags: flags, changedAfterBreakup: changedAfter)
}

extension ResetPlan {
    /// The place of the first step of an account, by the vault entry's title.
    func position(_ title: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
        guard let index = steps.firstIndex(where: { $0.account == title }) else {
            Issue.record("no step for \(title)", sourceLocation: sourceLocation)
            return -1
        }
        return index
    }

    func position(ofNode prefix: String) -> Int? { steps.firstIndex { $0.id.hasPrefix(prefix) } }
    func steps(of title: String) -> [PlanStep] { steps.filter { $0.account == title } }
}

@Suite struct PlanOrderTests {
    let catalog = try! shippedCatalog()

    func plan(_ rows: [String], manager: String? = "bitwarden", answers: Answers = [:], flags: [String: Set<AccountFlag>] = [:],
              recoversThrough: [String: [String]] = [:]) -> ResetPlan {
        let accounts = rows.map { row in account(row, catalog, flags: flags[String(row.split(separator: "|")[0])] ?? []) }
        return PlanBuilder(catalog: catalog, passwordManager: manager, answers: answers, recoversThrough: recoversThrough).build(accounts: accounts)
    }

    @Test func mailboxesComeBeforeTheAccountsThatUseThemMatchedByTheExactAddress() {
        let plan = plan(["Bol|sanne@gmail.com|www.bol.com", "Netflix|sanne.other@gmail.com|www.netflix.com",
                         "Gmail|sanne@gmail.com|accounts.google.com", "Marktplaats|sanne@gmail.com|www.marktplaats.nl"])
        #expect(plan.position("Gmail") < plan.position("Bol"))
        #expect(plan.position("Gmail") < plan.position("Marktplaats"))
        // Netflix uses another Gmail address: its own mailbox node, not the Gmail account in the vault.
        let netflixMailbox = plan.steps.first { $0.id.hasPrefix("mailbox-") }
        #expect(netflixMailbox != nil)
        #expect(plan.steps(of: "Netflix").first?.dependsOn.contains { $0.hasPrefix("mailbox-") } == true)
        #expect(plan.steps(of: "Bol").first?.dependsOn.contains { $0.hasPrefix("google-") } == true)
        // The mailbox says why it comes first, naming the accounts that depend on it.
        #expect(plan.steps(of: "Gmail").first?.why.en.contains("Before Bol, Marktplaats: they send their reset mails to this mailbox") == true)
    }

    @Test func identityAccountsComeBeforeWhatSignsInWithThem() {
        let plan = plan(["Belastingdienst||www.belastingdienst.nl", "DigiD|sanne|digid.nl"])
        #expect(plan.position("DigiD") < plan.position("Belastingdienst"))
        // Without DigiD in the vault, the plan adds it, before the tax office.
        let implied = self.plan(["Belastingdienst||www.belastingdienst.nl"])
        let digid = try! #require(implied.position(ofNode: "digid-"))
        #expect(digid < implied.position("Belastingdienst"))
        #expect(implied.steps[digid].account == nil)
    }

    @Test func theCarrierComesBeforeAccountsRecoveredBySMS() {
        let plan = plan(["WhatsApp|+31612345678|www.whatsapp.com", "KPN|123456789|www.kpn.com", "Spotify|sanne|open.spotify.com"])
        #expect(plan.position("KPN") < plan.position("WhatsApp"))
        #expect(plan.steps(of: "WhatsApp").first?.why.en.isEmpty == false)
        // Without a carrier account, the phone number is a node of its own.
        let alone = self.plan(["WhatsApp|+31612345678|www.whatsapp.com"])
        let number = try! #require(alone.position(ofNode: "phone-number/"))
        #expect(number < alone.position("WhatsApp"))
    }

    @Test func thePasswordManagerIsTheFirstAccount() {
        let plan = plan(["Bol|sanne@gmail.com|www.bol.com", "Gmail|sanne@gmail.com|mail.google.com", "Bitwarden|sanne@gmail.com|vault.bitwarden.com"])
        let accounts = plan.sections.first { $0.kind == .accounts }!.steps
        #expect(accounts.first { $0.account != nil }?.account == "Bitwarden")
        #expect(accounts.first?.id.hasPrefix("devices/") == true)
        // Without its login in the vault, a node for the manager the export came from.
        let generic = self.plan(["Bol|sanne@gmail.com|www.bol.com"])
        #expect(generic.sections.first { $0.kind == .accounts }!.steps.dropFirst().first { !$0.id.hasPrefix("devices/") }?.id.hasPrefix("password-manager/") == true)
    }

    @Test func accountsThatRecoverThroughEachOtherAreOneGroup() {
        // Gmail recovers to the Outlook address and Outlook to the Gmail address: the configuration says so.
        let plan = plan(["Google|sanne@gmail.com|accounts.google.com", "Outlook|sanne@outlook.com|outlook.live.com",
                         "Bol|sanne@gmail.com|www.bol.com"],
                        recoversThrough: ["sanne@gmail.com": ["sanne@outlook.com"], "outlook": ["sanne@gmail.com"]])
        let google = plan.steps(of: "Google"), outlook = plan.steps(of: "Outlook")
        #expect(plan.position("Google") < plan.position("Bol") && plan.position("Outlook") < plan.position("Bol"))
        #expect(google.first?.group != nil)
        #expect(google.first?.group == outlook.first?.group)
        #expect(google.first?.why.en.contains("in one sitting") == true)
        #expect(plan.notes.contains { $0.en.contains("One group of accounts recover through each other") })
    }

    @Test func theConfigurationCorrectsRecovery() {
        let rows = ["Bol|old.address@gmail.com|www.bol.com", "Vinted|sanne|www.vinted.nl"]
        let assumed = plan(rows)
        #expect(assumed.steps(of: "Bol").first?.dependsOn.contains { $0.hasPrefix("mailbox-") } == true)
        // Bol no longer sends mail to the old address; Vinted recovers through the Bol account's mailbox.
        let accounts = rows.map { account($0, catalog) }
        let corrected = PlanBuilder(catalog: catalog, passwordManager: "bitwarden", recoversThrough: ["vinted": ["bol"]],
                                    notThrough: ["bol": ["old.address@gmail.com"]]).build(accounts: accounts)
        #expect(corrected.steps(of: "Bol").first?.dependsOn.contains { $0.hasPrefix("mailbox-") } == false)
        #expect(corrected.position("Bol") < corrected.position("Vinted"))
    }

    @Test func flagsMoveAnAccountForwardAndAreExplained() {
        // Two shops: the one with a password from before the breakup comes first.
        let plan = plan(["Bol|sanne|www.bol.com", "Vinted|sanne|www.vinted.nl"], flags: ["Vinted": [.unchangedSince, .reused]])
        #expect(plan.position("Vinted") < plan.position("Bol"))
        #expect(plan.steps(of: "Vinted").first?.flags == [.unchangedSince, .reused])
        #expect(plan.steps(of: "Vinted").first?.why.en.contains("password from before the breakup") == true)
    }

    @Test func answersAddAndMoveSteps() {
        let rows = ["Bol|sanne@gmail.com|www.bol.com", "Netflix|sanne@gmail.com|www.netflix.com", "KPN|0612345678|www.kpn.com"]
        let plain = plan(rows)
        let answered = plan(rows, answers: ["children": ["yes"], "phone-plan": ["yes-theirs"], "shared": ["streaming", "home"],
                                            "knew-passwords": ["yes"], "used-devices": ["unsure"]])
        #expect(answered.steps.count > plain.steps.count)
        #expect(answered.steps.contains { $0.id == "around/children" } && !plain.steps.contains { $0.id == "around/children" })
        #expect(answered.steps.contains { $0.id == "around/door-codes" })
        #expect(answered.steps.contains { $0.id.hasSuffix("/own-number") })
        #expect(answered.steps.contains { $0.id == "devices/spyware" })
        // The number moves before the password manager when the ex holds the contract; the carrier's account does not.
        #expect(answered.position(ofNode: "phone-number/")! < answered.position(ofNode: "password-manager")!)
        #expect(answered.position("KPN") > answered.position(ofNode: "password-manager")!)
        #expect(plain.position("KPN") > plain.position(ofNode: "password-manager")!)
        #expect(answered.steps(of: "Netflix").first?.flags.contains(.shared) == true)
        #expect(answered.steps(of: "Bol").first?.flags.contains(.visibleToEx) == true)
        #expect(answered.notes.count >= 4)
    }

    @Test func noVaultUnknownSitesAndAnEmptyVaultStillGiveAPlan() {
        for accounts in [[], [account("Club|me@example.org|club.example.org", catalog), account("Forum|me|forum.example.net", catalog)]] {
            let plan = PlanBuilder(catalog: catalog).build(accounts: accounts)
            #expect(plan.sections.map(\.kind) == [.start, .accounts, .around])
            #expect(plan.steps.contains { $0.id == "start/safety" } && plan.steps.contains { $0.id == "start/evidence" })
            #expect(plan.steps.contains { $0.id.hasPrefix("devices/") } && plan.steps.contains { $0.id.hasPrefix("password-manager/") })
            #expect(plan.steps.contains { $0.id == "around/router" })
            #expect(plan.minutes > 60)
        }
        let unknown = PlanBuilder(catalog: catalog).build(accounts: [account("Club|me@example.org|club.example.org", catalog)])
        // An unknown site gets the generic steps, after its mailbox.
        #expect(unknown.steps(of: "Club").map { $0.id.split(separator: "/").last! } == ["password", "sign-out", "recovery", "two-step"])
        #expect(unknown.position(ofNode: "mailbox-")! < unknown.position("Club"))
    }

    @Test func serviceDataFillsTheGenericSteps() {
        let plan = plan(["Outlook|sanne@outlook.com|outlook.live.com", "Gmail|sanne@gmail.com|mail.google.com"])
        let outlook = plan.steps(of: "Outlook")
        // Microsoft's sign-out takes time, and the plan says so; the change-password page is the service's own.
        let signOut = try! #require(outlook.first { $0.id.hasSuffix("/sign-out") })
        #expect(signOut.detail.en.count > catalog.anyAccount.first { $0.id == "sign-out" }!.detail.en.count)
        #expect(plan.steps(of: "Gmail").first { $0.id.hasSuffix("/password") }?.url == "https://myaccount.google.com/signinoptions/password")
        // Service-specific steps follow the generic ones.
        #expect(plan.steps(of: "Gmail").contains { $0.id.hasSuffix("/google-location-sharing") })
    }

    @Test func stepIdsAreStableAndHoldNoPersonalValue() {
        let rows = ["Gmail|sanne.devries@gmail.com|mail.google.com", "Bol|sanne.devries@gmail.com|www.bol.com", "Club|sanne|club.example.org"]
        let first = plan(rows), second = plan(rows.reversed())
        #expect(Set(first.steps.map(\.id)) == Set(second.steps.map(\.id)))
        #expect(first.steps.map(\.id) == second.steps.map(\.id))
        for step in first.steps {
            #expect(!step.id.contains("sanne") && !step.id.contains("@") && !step.id.contains("example"), "\(step.id)")
        }
        #expect(Set(first.steps.map(\.id)).count == first.steps.count)
    }

    @Test func twoThousandAccountsPlanWithoutComparingAllPairs() {
        let rows = (0..<2_000).map { "Site \($0)|user\($0 % 50)@gmail.com|s\($0).example.com" }
        let start = ContinuousClock.now
        let plan = plan(rows + ["Gmail|user1@gmail.com|mail.google.com"])
        #expect(plan.steps.count > 8_000)
        #expect(ContinuousClock.now - start < .seconds(30))   // a guard against quadratic time, not the benchmark
    }
}

/// The JSON of a large plan, encoded a part per core, is byte for byte what one encoder writes.
@Suite struct PlanJSONPartsTests {
    @Test func partsPutTogetherEqualOneEncoder() throws {
        let catalog = try shippedCatalog()
        let rows = (0..<300).map { "Site \"\($0)\" — één/twee\\n|user\($0 % 7)@gmail.com|s\($0).example.com" }
            + ["Gmail|user1@gmail.com|mail.google.com", "Outlook|user2@outlook.com|login.live.com", "Bol|user3@gmail.com|www.bol.com"]
        let plan = PlanBuilder(catalog: catalog, passwordManager: "bitwarden", answers: [:])
            .build(accounts: rows.map { account($0, catalog, flags: [.reused]) })
        let whole = try PlanJSON().render(plan, .nl, cores: 1)
        for cores in [2, 3, 7] {
            let parts = try PlanJSON().render(plan, .nl, cores: cores, parallelFrom: 10)
            #expect(parts == whole, "\(cores) parts")
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(whole.utf8)) as? [String: Any])
        #expect((parsed["steps"] as? [Any])?.count == plan.steps.count)
        #expect(plan.steps.count > 1_000)
    }
}

/// The printable checklist of a large plan, rendered a part at a time, and Markdown's escaping.
@Suite struct PlanOutputPartsTests {
    @Test func htmlPartsKeepEveryStepInOrder() throws {
        let catalog = try shippedCatalog()
        let rows = (0..<300).map { "Site <\($0)> & co|user\($0 % 7)@gmail.com|s\($0).example.com" } + ["Gmail|user1@gmail.com|mail.google.com"]
        let plan = PlanBuilder(catalog: catalog, passwordManager: "bitwarden", answers: [:]).build(accounts: rows.map { account($0, catalog, flags: [.weak]) })
        #expect(plan.steps.count > PlanHTML.partSize * 2)
        let html = PlanHTML().render(plan, .en)
        let ids = html.components(separatedBy: "<li class=\"step").dropFirst().compactMap { item -> String? in
            guard let start = item.range(of: "id=\"") else { return nil }
            return String(item[start.upperBound...].prefix { $0 != "\"" })
        }
        #expect(ids == plan.steps.map(\.id))
        let numbers = html.components(separatedBy: "<label class=\"head\" for=\"box-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(numbers == Array(1...plan.steps.count))
        // Parts meet without a gap: no blank line inside a list.
        #expect(!html.contains("</li>\n\n") && !html.contains("<ol>\n\n"))
        #expect(html.contains("Site &lt;7&gt; &amp; co") && !html.contains("Site <7>"))
        #expect(html.components(separatedBy: "<ol>").count - 1 == plan.sections.filter { !$0.steps.isEmpty }.count)
    }

    @Test func markdownEscapesEveryMarkupCharacterAndNothingElse() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("ab \\`*_[]<>#|é€😀\n-")
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...30, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let expected = text.map { "\\`*_[]<>#|".contains($0) ? "\\" + String($0) : String($0) }.joined()
            #expect(PlanMarkdown().escape(text) == expected)
        }
    }
}
