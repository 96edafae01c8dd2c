import AuditCore
import Foundation

/// Who else can log in to this computer, and with what rights: other login accounts, administrators,
/// members of groups that are as good as admin (or read every keystroke), a second account with UID 0.
/// Read from `/etc/passwd`, `/etc/group` and `/etc/login.defs` (readable without root).
struct LocalUsersKind: CheckKind {
    enum Report: String, CaseIterable, Sendable {
        /// Login accounts other than the person's own.
        case otherAccounts = "other-accounts"
        /// Members of the groups in `groups` (sudo, wheel, docker, input…).
        case groupMembers = "group-members"
        /// Accounts other than root with user id 0.
        case uid0
    }

    static let description = KindDescription(
        identifier: "local-users",
        family: "access",
        summary: "Reads /etc/passwd and /etc/group: other login accounts, members of powerful groups, or a second UID 0; known-users are skipped (never for uid0).",
        parameters: [
            ParameterSpec("report", required: true, "other-accounts, group-members or uid0"),
            ParameterSpec("groups", "for group-members: list of {name, gives: {en, nl}}"),
        ],
        examples: [
            KindExample("a second login account and a second admin", parameters: "report: other-accounts", files: Self.passwd, expect: .failed, findings: 1),
            KindExample("only the person's own account", parameters: "report: other-accounts", files: [
                "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\ntester:x:1000:1000::/home:/bin/bash\nsshd:x:105:65534::/run/sshd:/usr/sbin/nologin\n",
            ], expect: .passed),
            KindExample("another admin and a member of input", parameters: """
                report: group-members
                groups:
                  - {name: sudo, gives: {en: administrator rights, nl: beheerdersrechten}}
                  - {name: input, gives: {en: reads every keystroke, nl: leest elke toetsaanslag}}
                """, files: Self.passwd, expect: .failed, findings: 2),
            KindExample("a hidden second root account", parameters: "report: uid0", files: [
                "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n",
            ], expect: .failed, findings: 1),
            KindExample("no /etc/passwd to read is not a pass", parameters: "report: uid0", expect: .error),
        ])

    static let passwd: [String: String] = [
        "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\ntester:x:1000:1000::/home:/bin/bash\nex:x:1001:1001:Ex:/home/ex:/bin/bash\ngames:x:5:60::/usr/games:/usr/sbin/nologin\n",
        "/etc/group": "root:x:0:\nsudo:x:27:tester,ex\ninput:x:105:ex\ntester:x:1000:\n",
        "/etc/shells": "/bin/sh\n/bin/bash\n",
    ]

    let report: Report
    let groups: [String: LocalizedText]

    init(parameters: Parameters) throws {
        report = try parameters.choice("report")
        var groups: [String: LocalizedText] = [:]
        if parameters.has("groups") {
            for (name, gives) in try parameters.list("groups", { p in
                try p.allowOnly(["name", "gives"])
                return (try p.string("name"), try DataDocument.text(p, "gives"))
            }) { groups[name] = gives }
        }
        self.groups = groups
        if report == .groupMembers && groups.isEmpty { throw parameters.problem("groups", "name the groups to look at") }
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let accounts = LocalAccounts.read(host)
        guard accounts.found else {
            throw NotJudged(LocalizedText(en: "/etc/passwd could not be read, so the accounts on this computer are not known",
                                          nl: "/etc/passwd was niet te lezen, dus de accounts op deze computer zijn niet bekend"))
        }
        let known = KnownList(context.inputs, AccessInput.users)
        let me = accounts.ownName(host)
        var drafts: [FindingDraft] = []
        var knownCount = 0
        switch report {
        case .otherAccounts:
            for account in accounts.accounts where account.isLogin && account.name != me {
                if known.contains(account.name) { knownCount += 1; continue }
                let groupsOf = accounts.groups.filter { $0.members.contains(account.name) || $0.gid == account.gid }.map(\.name)
                drafts.append(FindingDraft(
                    key: account.name,
                    detail: LocalizedText(en: "Login account '\(account.name)' (user id \(account.uid), home \(account.home)) can also use this computer.",
                                          nl: "Het account '\(account.name)' (gebruikers-id \(account.uid), thuismap \(account.home)) kan deze computer ook gebruiken."),
                    subjects: [Subject(account.name, [.init("user", account.name), .init("home", account.home),
                                                      .init("groups", groupsOf.joined(separator: ", ")),
                                                      .init("file", "/etc/passwd:\(account.line)")])]))
            }
        case .groupMembers:
            for (group, what) in groups.sorted(by: { $0.key < $1.key }) {
                for member in accounts.members(of: group) where member != me {
                    if known.contains(member) { knownCount += 1; continue }
                    drafts.append(FindingDraft(
                        key: "\(group)#\(member)",
                        detail: LocalizedText(en: "'\(member)' is in group \(group) (\(what.en)).", nl: "'\(member)' zit in groep \(group) (\(what.nl))."),
                        subjects: [Subject(member, [.init("user", member), .init("groups", group), .init("file", "/etc/group")])]))
                }
            }
        case .uid0:
            for account in accounts.accounts where account.uid == 0 && account.name != "root" {
                drafts.append(FindingDraft(
                    key: account.name,
                    detail: LocalizedText(en: "Account '\(account.name)' has user id 0: it has every right root has.",
                                          nl: "Account '\(account.name)' heeft gebruikers-id 0: het heeft alle rechten van root."),
                    subjects: [Subject(account.name, [.init("user", account.name), .init("file", "/etc/passwd:\(account.line)")])]))
            }
        }
        if drafts.isEmpty {
            let note = knownCount > 0 ? LocalizedText(en: "; \(knownCount) marked as known", nl: "; \(knownCount) als bekend aangemerkt") : LocalizedText(en: "", nl: "")
            let evidence: LocalizedText = switch report {
            case .otherAccounts: LocalizedText(en: "no other login account in /etc/passwd", nl: "geen ander inlogaccount in /etc/passwd")
            case .groupMembers: LocalizedText(en: "nobody else is in \(groups.keys.sorted().joined(separator: ", "))",
                                              nl: "niemand anders zit in \(groups.keys.sorted().joined(separator: ", "))")
            case .uid0: LocalizedText(en: "only root has user id 0", nl: "alleen root heeft gebruikers-id 0")
            }
            return .passed(evidence: LocalizedText(en: evidence.en + note.en, nl: evidence.nl + note.nl))
        }
        return .failed(drafts)
    }
}
