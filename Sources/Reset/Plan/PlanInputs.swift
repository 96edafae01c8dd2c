import AuditCore
import Foundation
import Vault

/// A vault check that flags accounts for the plan (weak, breached, similar), as the run loaded it.
public struct PlanFlagger: Sendable {
    public var checkID: String
    public var flag: AccountFlag
    public var kind: any AccountFlagging

    public init(checkID: String, flag: AccountFlag, kind: any AccountFlagging) {
        self.checkID = checkID
        self.flag = flag
        self.kind = kind
    }

    /// The flaggers among the loaded checks, the skipped ones left out.
    public static func among(_ checks: [Check], skip: Set<String>) -> [PlanFlagger] {
        checks.compactMap { check in
            guard !skip.contains(check.id), let kind = check.implementation as? any AccountFlagging,
                  let flag = AccountFlag(rawValue: kind.accountFlag) else { return nil }
            return PlanFlagger(checkID: check.id, flag: flag, kind: kind)
        }
    }
}

extension InputKey where Value == Answers {
    /// The answers to the plan's questions: `--answers`, or those stored with the plan.
    public static let planAnswers = InputKey("reset-answers", missing: .verbatim("no answers"))
}

extension InputKey where Value == [PlanFlagger] {
    /// The vault checks whose judgement orders the plan.
    public static let planFlaggers = InputKey("reset-flaggers", missing: .verbatim("no vault checks"))
}

/// The assembly of the reset plan from an audit's inputs, shared by `hygiene reset` and the audit's
/// `reset.plan`, so the two cannot disagree: the vault's accounts (and the vault checks' flags), the
/// configured `accounts`, `recovers-through` and `not-through`, the answers, the breakup date.
public enum PlanInputs {
    /// The plan, to-do throughout (progress is applied by the caller), and how many accounts it takes back.
    public static func plan(_ kind: ResetPlanKind, inputs: AuditInputs, host: Machine,
                            catalog given: ResetCatalog? = nil) async throws -> (plan: ResetPlan, accounts: Int) {
        let catalog = try given ?? kind.catalog()
        let since = inputs["since"].first.flatMap(Configuration.day)
        var accounts: [ResetAccount] = []
        var manager: String?
        if let vault = inputs[.vault] {
            accounts = ResetAccount.accounts(of: vault, catalog: catalog, since: since)
            manager = vault.files.lazy.compactMap { ResetAccount.passwordManager(ofFormat: $0.format) }.first
            // The vault checks' own judgement: weak, breached, similar, each check at the same time.
            var flagged: [String: Set<AccountFlag>] = [:]
            try await withThrowingTaskGroup(of: (AccountFlag, [String]).self) { group in
                for flagger in inputs[.planFlaggers] ?? [] {
                    group.addTask {
                        (flagger.flag, Array(try await flagger.kind.flaggedAccounts(in: CheckContext(checkID: flagger.checkID, host: host, inputs: inputs))))
                    }
                }
                for try await (flag, keys) in group {
                    for key in keys { flagged[key, default: []].insert(flag) }
                }
            }
            for index in accounts.indices { accounts[index].flags.formUnion(flagged[accounts[index].key] ?? []) }
        }
        accounts += try configuredAccounts(inputs[ResetFamily.accountsInput], catalog: catalog)
        let builder = PlanBuilder(catalog: catalog, passwordManager: manager, answers: inputs[.planAnswers] ?? [:],
                                  recoversThrough: try recovery(inputs["recovers-through"], key: "recovers-through"),
                                  notThrough: try recovery(inputs["not-through"], key: "not-through"), tiers: kind.tiers)
        var plan = builder.build(accounts: accounts, since: since, now: host.now)
        // A flag the plan could not look for is said, not left out in silence.
        if inputs[.vault] != nil && inputs[.breachSource] == nil { plan.notes.append(PlanInputWords.noBreachList) }
        return (plan, accounts.count)
    }

    /// Accounts that live in no vault, from the configuration's `accounts`: `kpn`, `digid`, `netflix: me@example.nl`.
    public static func configuredAccounts(_ entries: [String], catalog: ResetCatalog) throws -> [ResetAccount] {
        try entries.map { entry in
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = parts[0].lowercased()
            guard let service = catalog.service(id: name) ?? catalog.service(forHost: name) else {
                throw InputError(PlanInputWords.unknownAccount(String(parts[0])), usage: true)
            }
            let username = parts.count > 1 ? parts[1] : ""
            return ResetAccount(key: (service.domains.first ?? service.id) + "\u{0}" + username.lowercased(), title: service.name,
                                username: username, host: service.domains.first, service: service, fromVault: false)
        }
    }

    /// The configuration's `recovers-through` and `not-through`: `"me@gmail.com -> me@outlook.com"`.
    public static func recovery(_ entries: [String], key: String) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for entry in entries {
            let parts = entry.components(separatedBy: "->").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw InputError(PlanInputWords.badRecovery(entry, key: key), usage: true) }
            result[parts[0], default: []] += parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return result
    }
}

/// What the plan's assembly says, in both languages.
enum PlanInputWords {
    static let noBreachList = LocalizedText(
        en: "Passwords were not looked up in breach lists, so no account is marked as breached: give --breach-file or --online-breach-check to have them ordered by that too.",
        nl: "Wachtwoorden zijn niet opgezocht in lijsten met datalekken, dus geen account is als gelekt gemarkeerd: geef --breach-file of --online-breach-check om ook daarop te ordenen.")
    static func unknownAccount(_ name: String) -> LocalizedText {
        LocalizedText(en: "accounts: '\(name)' is no service of the reset catalogue; give its id (kpn, digid) or its domain (example.nl)",
                      nl: "accounts: '\(name)' is geen dienst uit de herstelcatalogus; geef de id (kpn, digid) of het domein (example.nl)")
    }
    static func badRecovery(_ entry: String, key: String) -> LocalizedText {
        LocalizedText(en: "\(key): write '\(entry)' as 'account -> what it recovers through', e.g. 'me@gmail.com -> me@outlook.com'",
                      nl: "\(key): schrijf '\(entry)' als 'account -> waarlangs het te herstellen is', bijvoorbeeld 'ik@gmail.com -> ik@outlook.com'")
    }
}
