import AuditCore
import Foundation
@testable import Reset
import ShippedChecks
import Testing

/// The tier rules of the shipped `Checks/reset/plan.yaml`, as the reset check reads them.
func shippedTiers() throws -> TierRules {
    let file = try #require(ShippedChecks.files.first { $0.path == "Checks/reset/plan.yaml" })
    return try tiers(fromPlanFile: file.text)
}

func tiers(fromPlanFile text: String) throws -> TierRules {
    let top = try Parameters(yaml: text)
    let params = try top.list("checks") { try $0.mapping("params") }
    return try TierRules(try #require(params.first).mapping("tiers"))
}

/// A 240-login export: the roots most people have (a password manager, the mailbox nearly every account
/// uses, a carrier, a bank) among webshops, forums and subscriptions, some of them flagged.
func twoHundredFortyLogins(_ catalog: ResetCatalog) -> [ResetAccount] {
    var rows = ["Bitwarden|sanne@gmail.com|vault.bitwarden.com", "Gmail|sanne@gmail.com|accounts.google.com", "KPN|0612345678|www.kpn.com",
                "ING|sannedv|mijn.ing.nl", "WhatsApp|+31612345678|www.whatsapp.com", "Bol|sanne@gmail.com|www.bol.com",
                "Netflix|sanne@gmail.com|www.netflix.com", "Spotify|sanne@gmail.com|open.spotify.com", "Marktplaats|sanne@gmail.com|www.marktplaats.nl"]
    rows += (rows.count..<240).map { "Site \($0)|\($0 % 3 == 0 ? "sanne\($0)" : "sanne@gmail.com")|s\($0).example.com" }
    return rows.enumerated().map { index, row in
        let flags: Set<AccountFlag> = index % 12 == 5 ? [.reused] : index % 17 == 3 ? [.unchangedSince, .weak] : []
        return account(row, catalog, flags: flags)
    }
}

/// More roots: two mailboxes, Apple, two banks and DigiD (with the letterbox it recovers through).
func manyRoots(_ catalog: ResetCatalog) -> [ResetAccount] {
    twoHundredFortyLogins(catalog) + ["Outlook|sanne.dv@outlook.com|login.live.com", "Apple ID|sanne@gmail.com|appleid.apple.com",
                                      "Rabobank|sannedv|bankieren.rabobank.nl", "DigiD|sannedv|digid.nl", "Belastingdienst|sannedv|www.belastingdienst.nl",
                                      "Old shop|sanne.dv@outlook.com|oldshop.example.org"].map { account($0, catalog) }
}

@Suite struct TierTests {
    let catalog = try! shippedCatalog()
    let rules = try! shippedTiers()

    func build(_ accounts: [ResetAccount], answers: Answers = [:], tiers: Bool = true) -> ResetPlan {
        PlanBuilder(catalog: catalog, passwordManager: "bitwarden", answers: answers, tiers: tiers ? rules : nil).build(accounts: accounts)
    }

    static func node(_ id: String) -> String { String(id.prefix { $0 != "/" }) }

    @Test func theShippedRulesNameEveryTierAndCategory() throws {
        #expect(Set(rules.texts.keys) == Set(PlanTier.allCases))
        for category in ServiceCategory.allCases { #expect(rules.categoryNames[category] != nil) }
        #expect(rules.todayMinutes == 120)
        #expect(rules.todayCategories.isSuperset(of: [.passwordManager, .mailbox, .identity, .carrier, .bank]))
        // Every step kept for today is a step the catalogue has.
        let known = Set((catalog.anyAccount + catalog.categorySteps.values.flatMap { $0 } + catalog.nodeSteps.values.flatMap { $0 }).map(\.id))
        for step in rules.todaySteps { #expect(known.contains(step), "today keeps '\(step)', which no step of the catalogue is") }
    }

    /// A line of the shipped tiers changed: the error names the problem and its line.
    @Test(arguments: [
        ("          flags: [", "          flags: [breached, sad]", "unknown flag 'sad'"),
        ("          categories: [password-manager", "          categories: [bank, banks]", "unknown category 'banks'"),
        ("          nodes: [", "          nodes: [devices, garden]", "unknown node 'garden'"),
        ("          minutes: 120", "          minutes: 5", "params.minutes"),
        ("        today:", "        today:\n          colour: red", "unknown key 'colour'"),
        ("            other: {en:", "            others: {en: x, nl: y}", "unknown category 'others'"),
    ])
    func aBrokenRuleIsLocated(line prefix: String, replacement: String, message: String) throws {
        let file = try #require(ShippedChecks.files.first { $0.path == "Checks/reset/plan.yaml" })
        var lines = file.text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "no line starts with \(prefix)")
        lines[index] = replacement
        #expect {
            _ = try tiers(fromPlanFile: lines.joined(separator: "\n"))
        } throws: { error in
            guard let problem = error as? Parameters.Problem, let line = problem.line else { return false }
            return problem.message.contains(message) && abs(line - (index + 1)) <= 1
        }
    }

    @Test func theRootsAndTheirGroupsAreAllToday() {
        // Gmail and Outlook recover through each other: one group; Outlook is a root too, and the shop in the
        // group with a root comes into today with it.
        let accounts = [account("Gmail|sanne@gmail.com|accounts.google.com", catalog), account("Outlook|sanne@outlook.com|login.live.com", catalog),
                        account("Forum|sanne@gmail.com|forum.example.org", catalog), account("Bol|sanne@gmail.com|www.bol.com", catalog),
                        account("Bank|sannedv|mijn.ing.nl", catalog), account("KPN|0612345678|www.kpn.com", catalog)]
        let plan = PlanBuilder(catalog: catalog, passwordManager: "bitwarden", recoversThrough: ["sanne@gmail.com": ["sanne@outlook.com"],
                                                                                                  "outlook": ["sanne@gmail.com"],
                                                                                                  "forum": ["bol"], "bol": ["forum"],
                                                                                                  "bank": ["bol"]], tiers: rules)
            .build(accounts: accounts)
        let today = plan.steps.filter { $0.tier == .today }
        for title in ["Gmail", "Outlook", "Bank", "KPN", "Bol", "Forum"] {
            #expect(today.contains { $0.account == title }, "\(title) is not in today")
        }
        // Bol is there because the bank recovers through it; Forum because it is in one group with Bol.
        #expect(today.first { $0.account == "Bol" }?.tierWhy?.en.contains("can be reset through it") == true)
        #expect(today.first { $0.account == "Forum" }?.tierWhy?.en.contains("in one sitting with") == true)
        #expect(plan.steps.filter { $0.tier == .today }.first?.id == "start/safety")
        #expect(today.contains { $0.id.hasPrefix("devices/") } && today.contains { $0.id.hasPrefix("bitwarden") || $0.id.hasPrefix("password-manager") })
    }

    @Test func nothingTodayWaitsForALaterTier() {
        let accounts = twoHundredFortyLogins(catalog)
        let plain = build(accounts, tiers: false), tiered = build(accounts)
        // What each node recovers through, from the plan without tiers.
        var through: [String: Set<String>] = [:]
        for step in plain.steps { through[Self.node(step.id), default: []].formUnion(step.dependsOn.map(Self.node)) }
        var tierOf: [String: PlanTier] = [:]
        for step in tiered.steps { tierOf[Self.node(step.id)] = min(tierOf[Self.node(step.id)] ?? .later, step.tier) }
        for (node, tier) in tierOf {
            for other in through[node] ?? [] {
                #expect(tierOf[other].map { $0 <= tier } == true, "\(node) (\(tier)) recovers through \(other) (\(tierOf[other].map(\.rawValue) ?? "missing"))")
            }
        }
        // And step by step: a step waits only for steps before it.
        let position = Dictionary(uniqueKeysWithValues: tiered.steps.enumerated().map { ($1.id, $0) })
        for (index, step) in tiered.steps.enumerated() {
            for dependency in step.dependsOn { #expect((position[dependency] ?? .max) < index, "\(step.id) waits for \(dependency)") }
        }
        // The tiers come in order.
        #expect(tiered.steps.map(\.tier) == tiered.steps.map(\.tier).sorted())
    }

    @Test func flaggedAccountsAreThisWeekAndTheRestOneBulkStepEach() {
        let accounts = twoHundredFortyLogins(catalog)
        let plain = build(accounts, tiers: false), tiered = build(accounts)
        let roots = Set(tiered.steps.filter { $0.tier == .today }.map { Self.node($0.id) })
        for account in accounts where !account.flags.isEmpty {
            let steps = tiered.steps.filter { $0.account == account.title }
            #expect(!steps.isEmpty, "\(account.title) is missing")
            if !roots.contains(Self.node(steps[0].id)) {
                #expect(steps.allSatisfy { $0.tier == .week }, "\(account.title) is flagged but not this week")
                #expect(steps.first?.tierWhy?.en.hasPrefix("This week:") == true)
            }
        }
        // Every account of the plan without tiers is in the tiered plan: none is left out in silence.
        let plainNodes = Set(plain.sections.first { $0.kind == .accounts }!.steps.map { Self.node($0.id) })
        let tieredNodes = Set(tiered.steps.map { Self.node($0.id) })
        #expect(plainNodes.isSubset(of: tieredNodes))
        // Later: one bulk step per account, nothing else but the group steps.
        let later = tiered.steps.filter { $0.tier == .later }
        let laterAccounts = later.filter { !$0.id.hasPrefix("later/") }
        #expect(laterAccounts.count > 150)
        #expect(Set(laterAccounts.map { Self.node($0.id) }).count == laterAccounts.count)
        #expect(laterAccounts.allSatisfy { $0.id.hasSuffix("/bulk") && $0.minutes == rules.bulkStep.minutes })
        for node in laterAccounts.map({ Self.node($0.id) }) {
            #expect(tiered.steps.filter { Self.node($0.id) == node }.count == 1)
        }
        // Grouped by category: each group step is followed by its accounts, and says how many.
        let groups = later.filter { $0.id.hasPrefix("later/") }
        #expect(!groups.isEmpty && later.first?.id.hasPrefix("later/") == true)
        #expect(Set(groups.map(\.id)).count == groups.count)
        #expect(groups.contains { $0.title.en.hasPrefix("Other sites: ") && $0.title.nl.hasPrefix("Overige sites: ") })
        // A known service's change-password page comes with its bulk step.
        let known = laterAccounts.filter { $0.service.flatMap { catalog.service(id: $0)?.changePassword } != nil }
        #expect(!known.isEmpty)
        for step in known { #expect(step.url == catalog.service(id: step.service!)?.changePassword, "\(step.id)") }
    }

    @Test func theTwoHundredFortyLoginCaseFitsOneSitting() {
        let plan = build(twoHundredFortyLogins(catalog))
        let today = plan.steps.filter { $0.tier == .today }
        #expect(today.count <= 60, "today has \(today.count) steps")
        // Known: since the number became a node of its own (issue 19), securing it with the carrier (30 min) is
        // done today, as it should be, and today takes 148 minutes against the two hours the issue asks.
        withKnownIssue("today runs past two hours since the number is secured today (issue 26 stays open)") {
            #expect(plan.minutes(in: .today) <= 120, "today takes \(plan.minutes(in: .today)) minutes")
            #expect(!plan.notes.contains { $0.en.hasPrefix("Today takes about") })
        }
        #expect(today.contains { $0.id == "phone-number/carrier" }, "the number is secured today")
        #expect(plan.steps.count < 400)
        // Everything whose loss undoes the rest is today, with its doors closed.
        for title in ["Bitwarden", "Gmail", "KPN", "ING"] {
            let steps = plan.steps.filter { $0.account == title && $0.tier == .today }
            #expect(steps.contains { $0.id.hasSuffix("/close") || $0.id.hasSuffix("/master") }, "\(title) has no password step today")
        }
        // Gmail's forwarding is today (the shops send their reset mails there); KPN's mailbox is used by none, so this week.
        #expect(today.contains { $0.account == "Gmail" && $0.id.hasSuffix("/forwarding") })
        #expect(plan.steps.contains { $0.account == "KPN" && $0.id.hasSuffix("/forwarding") && $0.tier == .week })
        // The steps folded into one are not lost: none of today's accounts keeps a separate password step.
        #expect(!plan.steps.contains { $0.id.hasSuffix("/password") && $0.tier == .today })

        // With more roots today takes longer than one sitting, and the plan says so rather than leaving a root for later.
        let more = build(manyRoots(catalog))
        for title in ["Outlook", "Apple ID", "Rabobank", "DigiD"] {
            #expect(more.steps.contains { $0.account == title && $0.tier == .today }, "\(title) is not today")
        }
        #expect(more.steps.filter { $0.tier == .today }.count <= 60)
        if more.minutes(in: .today) > 120 {
            #expect(more.notes.contains { $0.en.hasPrefix("Today takes about \(more.minutes(in: .today)) minutes") })
        }
    }

    @Test func progressIsKeptAcrossTiersAndRebuilds() {
        let accounts = twoHundredFortyLogins(catalog)
        var plan = build(accounts)
        let today = plan.steps.first { $0.tier == .today && $0.account != nil }!
        let later = plan.steps.first { $0.tier == .later && $0.account != nil }!
        plan.apply([today.id: .done, later.id: .skipped])
        #expect(plan.minutes(in: .today) == build(accounts).minutes(in: .today) - today.minutes)
        // A new run with one more account: the same ids, the same progress.
        var again = build(accounts + [account("Extra|sanne@gmail.com|extra.example.net", catalog)])
        again.apply([today.id: .done, later.id: .skipped])
        #expect(again.steps.first { $0.id == today.id }?.status == .done)
        #expect(again.steps.first { $0.id == later.id }?.status == .skipped)
        #expect(again.only(.week).steps.allSatisfy { $0.tier == .week })
        #expect(again.only(.today).steps.count + again.only(.week).steps.count + again.only(.later).steps.count == again.steps.count)
    }

    @Test func configuredAccountsAndMailboxesAreNamed() {
        let kpn = ResetAccount(key: "kpn.com\u{0}", title: catalog.service(id: "kpn")!.name, username: "", host: "kpn.com",
                               service: catalog.service(id: "kpn"), fromVault: false)
        let plan = build([kpn, account("Club|me@example.org|club.example.org", catalog)])
        let password = plan.steps.first { $0.id.hasPrefix("kpn-") && $0.id.hasSuffix("/close") }
        #expect(password?.heading(.nl).hasPrefix("KPN") == true)
        #expect(plan.steps.first { $0.id.hasPrefix("mailbox-") }?.heading(.en).hasPrefix("me@example.org — ") == true)
        #expect(password?.account == nil)
    }
}
