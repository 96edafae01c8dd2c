import AuditCore
import Foundation

/// The same password on two or more accounts, including a current password that another account
/// used before. Groups holding an e-mail, identity or bank account are critical: whoever has that
/// password can reset the rest.
struct ReuseKind: CheckKind {
    static let description = KindDescription(
        identifier: "password-reuse",
        family: "vault",
        summary: "Groups logins by password; one finding per group of different accounts, and per password reused from another's history.",
        parameters: [ParameterSpec("key-accounts", "list of {name, domains}: accounts that make a group critical")],
        examples: examples)

    let keyAccounts: KeyAccounts

    init(parameters: Parameters) throws {
        keyAccounts = try KeyAccounts(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let vault = try context.vault()
        let logins = vault.logins
        let (distinct, copies) = vault.judgedLogins
        var groups: [Secret: [Credential]] = [:]
        for login in logins { groups[login.password, default: []].append(login) }
        var drafts: [FindingDraft] = []
        for group in groups.values {
            let accounts = group.distinctAccounts
            guard accounts.count > 1 else { continue }
            let key = accounts.compactMap { keyAccounts.kind(of: $0) }
            let names = accounts.map(\.site)
            drafts.append(FindingDraft(
                key: "reuse:" + accounts.map(\.accountKey).sorted().joined(separator: "|"),
                title: LocalizedText(en: "The same password on \(accounts.count) accounts", nl: "Hetzelfde wachtwoord op \(accounts.count) accounts"),
                detail: key.isEmpty
                    ? LocalizedText(en: "One password opens \(names.joined(separator: ", ")). Whoever learns it on one site can log in on all of them.",
                                    nl: "Eén wachtwoord opent \(names.joined(separator: ", ")). Wie het op één site te weten komt, kan op allemaal inloggen.")
                    : LocalizedText(en: "One password opens \(names.joined(separator: ", ")), including your \(Set(key).sorted().joined(separator: ", ")) account, which can reset the others.",
                                    nl: "Eén wachtwoord opent \(names.joined(separator: ", ")), waaronder je account voor \(Set(key).sorted().joined(separator: ", ")), waarmee de andere te herstellen zijn."),
                subjects: accounts.map { $0.subject(among: copies) },
                severity: key.isEmpty ? nil : .critical))
        }
        // A current password that another account used before: someone who knew the old one knows this one.
        // Each password's accounts are worked out once, however many histories hold it.
        var accountsOf: [Secret: [Credential]] = [:]
        for login in distinct {
            for old in login.history {
                guard let users = groups[old.password] else { continue }
                let accounts = accountsOf[old.password] ?? {
                    let accounts = users.distinctAccounts
                    accountsOf[old.password] = accounts
                    return accounts
                }()
                let others = accounts.filter { $0.accountKey != login.accountKey }
                guard !others.isEmpty else { continue }
                drafts.append(FindingDraft(
                    key: "history:" + login.accountKey + ">" + others.map(\.accountKey).sorted().joined(separator: "|"),
                    title: LocalizedText(en: "A password you used before is in use elsewhere", nl: "Een eerder gebruikt wachtwoord is elders in gebruik"),
                    detail: LocalizedText(
                        en: "\(login.site) used this password before you changed it; \(others.map(\.site).joined(separator: ", ")) still uses it. Anyone who knew the old one can log in there.",
                        nl: "\(login.site) gebruikte dit wachtwoord voordat je het veranderde; \(others.map(\.site).joined(separator: ", ")) gebruikt het nog. Wie het oude kende, kan daar inloggen."),
                    subjects: others.map { $0.subject(among: copies) } + [login.subject(among: copies)],
                    severity: others.contains { keyAccounts.kind(of: $0) != nil } ? .critical : nil))
            }
        }
        if drafts.isEmpty {
            return .passed(evidence: LocalizedText(en: "each of \(logins.count) logins has a password of its own",
                                                   nl: "elk van de \(logins.count) logins heeft een eigen wachtwoord"))
        }
        return .failed(drafts.sorted { $0.key < $1.key })
    }
}
