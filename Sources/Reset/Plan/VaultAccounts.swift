import AuditCore
import Foundation
import Vault

extension ResetAccount {
    /// The accounts of the vault, copies merged, each with its service from the catalogue and the
    /// flags the export itself shows: a password from before the breakup, one used on other accounts,
    /// copies with different passwords. The vault checks add their own flags (weak, breached, similar).
    public static func accounts(of vault: Vault, catalog: ResetCatalog, since: Date?) -> [ResetAccount] {
        let logins = vault.logins
        let copies = AccountCopies(logins)
        var accountsByPassword: [Secret: Set<String>] = [:]
        for login in logins { accountsByPassword[login.password, default: []].insert(login.accountKey) }
        var accounts: [ResetAccount] = []
        var index: [String: Int] = [:]
        for login in logins {
            var flags = Set<AccountFlag>()
            if (accountsByPassword[login.password]?.count ?? 0) > 1 { flags.insert(.reused) }
            if copies.hasCopies(login) { flags.insert(.savedTwice) }
            var changedAfter = false
            if let since, let date = login.passwordDate {
                switch date.precision {
                case .exact, .entryModified:
                    if date.date < since { flags.insert(.unchangedSince) } else if date.precision == .exact { changedAfter = true }
                case .created:
                    if date.date < since { flags.insert(.unchangedSince) }
                }
            }
            if let at = index[login.accountKey] {
                accounts[at].flags.formUnion(flags)
                // One copy from before the breakup is enough to keep the account in danger.
                accounts[at].changedAfterBreakup = accounts[at].changedAfterBreakup && changedAfter
                continue
            }
            let host = login.urls.lazy.compactMap(Site.host).first
            index[login.accountKey] = accounts.count
            accounts.append(ResetAccount(key: login.accountKey, title: login.title, username: login.username, host: host,
                                         service: host.flatMap(catalog.service(forHost:)), flags: flags, fromVault: true,
                                         changedAfterBreakup: changedAfter))
        }
        return accounts
    }

    /// The catalogue's password manager for an export format (`Bitwarden JSON` → bitwarden).
    public static func passwordManager(ofFormat format: String) -> String? {
        let lower = format.lowercased()
        let known: [(String, String)] = [("bitwarden", "bitwarden"), ("1password", "1password"), ("lastpass", "lastpass"),
                                         ("dashlane", "dashlane"), ("nordpass", "nordpass"), ("proton", "proton"),
                                         ("apple", "apple"), ("chrome", "google"), ("keeper", "keeper")]
        return known.first { lower.contains($0.0) }?.1
    }
}
