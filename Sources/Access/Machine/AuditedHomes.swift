import AuditCore
import Foundation

/// The home folders an access check reads: every login account's home when the audit runs as root,
/// otherwise only the user's own. `scope` says which, so a pass never hides the homes it did not see.
struct AuditedHomes: Sendable {
    struct Home: Sendable, Hashable {
        var user: String
        var path: String
    }

    var homes: [Home]
    var scope: LocalizedText

    static func read(_ host: Machine) -> AuditedHomes {
        host.facts.value("access.homes") {
            let own = Home(user: LocalAccounts.read(host).ownName(host), path: host.home)
            guard host.privileged else {
                return AuditedHomes(homes: [own], scope: LocalizedText(
                    en: "only your own home folder was read; run with sudo to read every account's",
                    nl: "alleen je eigen thuismap is gelezen; draai met sudo om die van elk account te lezen"))
            }
            var homes = [own]
            for account in LocalAccounts.read(host).accounts where account.isLogin && account.home != own.path && host.isDirectory(account.home) {
                homes.append(Home(user: account.name, path: account.home))
            }
            let names = homes.map { $0.user.isEmpty ? $0.path : $0.user }.joined(separator: ", ")
            return AuditedHomes(homes: homes, scope: LocalizedText(
                en: "read as root: the home folders of \(names)", nl: "als root gelezen: de thuismappen van \(names)"))
        }
    }

    /// `pattern` with a leading `~` put in this home.
    static func expand(_ pattern: String, in home: Home) -> String {
        if pattern == "~" { return home.path }
        if pattern.hasPrefix("~/") { return home.path + pattern.dropFirst(1) }
        return pattern
    }
}

/// The accounts in `/etc/passwd` and the groups in `/etc/group`, with the login range from `/etc/login.defs`.
struct LocalAccounts: Sendable {
    struct Account: Sendable {
        var name: String
        var uid: Int
        var gid: Int
        var home: String
        var shell: String
        var line: Int
        /// In the login range and with a shell one can log in with.
        var isLogin: Bool
    }

    struct Group: Sendable {
        var name: String
        var gid: Int
        var members: [String]
        var line: Int
    }

    var accounts: [Account]
    var groups: [Group]
    var uidMin: Int
    var uidMax: Int
    /// Whether `/etc/passwd` was there to read.
    var found: Bool

    static let noLoginShells: Set<String> = ["nologin", "false", "sync", "shutdown", "halt"]

    static func read(_ host: Machine) -> LocalAccounts {
        host.facts.value("access.accounts") {
            let defs = (try? host.read("/etc/login.defs")) ?? nil
            var uidMin = 1000, uidMax = 60000
            for line in (defs ?? "").split(whereSeparator: \.isNewline) {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard words.count >= 2, let number = Int(words[1]) else { continue }
                if words[0] == "UID_MIN" { uidMin = number }
                if words[0] == "UID_MAX" { uidMax = number }
            }
            let shellsText = (try? host.read("/etc/shells")) ?? nil
            let shells = Set((shellsText ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.hasPrefix("#") && !$0.isEmpty })
            let passwd = (try? host.read("/etc/passwd")) ?? nil
            var accounts: [Account] = []
            for (index, line) in (passwd ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 7, let uid = Int(fields[2]), let gid = Int(fields[3]) else { continue }
                let shell = fields[6].trimmingCharacters(in: .whitespaces)
                let shellName = (shell as NSString).lastPathComponent
                let canLogin = !shell.isEmpty && !noLoginShells.contains(shellName) && (shells.isEmpty || shells.contains(shell))
                accounts.append(Account(name: fields[0], uid: uid, gid: gid, home: fields[5], shell: shell, line: index + 1,
                                        isLogin: uid >= uidMin && uid <= uidMax && canLogin))
            }
            let groupText = (try? host.read("/etc/group")) ?? nil
            var groups: [Group] = []
            for (index, line) in (groupText ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 4, let gid = Int(fields[2]) else { continue }
                let members = fields[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                groups.append(Group(name: fields[0], gid: gid, members: members, line: index + 1))
            }
            return LocalAccounts(accounts: accounts, groups: groups, uidMin: uidMin, uidMax: uidMax, found: passwd != nil)
        }
    }

    /// The person's own login name: the account whose home is the audited home, else the user running the audit.
    /// Under sudo on the real machine, the person is the one who ran sudo, not root.
    func ownName(_ host: Machine) -> String {
        if host.root == "/", let sudoUser = ProcessInfo.processInfo.environment["SUDO_USER"],
           accounts.contains(where: { $0.name == sudoUser }) {
            return sudoUser
        }
        return accounts.first { $0.isLogin && $0.home == host.home }?.name ?? host.userName
    }

    /// The members of a group, including accounts whose primary group it is.
    func members(of name: String) -> [String] {
        guard let group = groups.first(where: { $0.name == name }) else { return [] }
        var names = group.members
        for account in accounts where account.gid == group.gid && !names.contains(account.name) { names.append(account.name) }
        return names
    }
}
