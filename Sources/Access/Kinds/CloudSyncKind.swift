import AuditCore
import Foundation

/// Where folders of this computer are uploaded on their own: Nextcloud and ownCloud desktop accounts
/// (server, user and local folders, from the client's QSettings file), and rclone remotes, high when a
/// scheduled job (crontab, systemd user unit, autostart entry) copies to one. Tokens in `rclone.conf`
/// are never read out: only the remote's name, type and host.
struct CloudSyncKind: CheckKind {
    static let description = KindDescription(
        identifier: "cloud-sync",
        family: "access",
        summary: "Lists Nextcloud/ownCloud accounts not in known-accounts (with their local folders), and rclone remotes (info; high when a scheduled job syncs or copies to one).",
        parameters: [
            ParameterSpec("clients", "QSettings files of Nextcloud-style clients (default Nextcloud, ownCloud)"),
            ParameterSpec("rclone", "rclone configuration files (default ~/.config/rclone/rclone.conf)"),
            ParameterSpec("jobs", "files whose lines start jobs (crontabs, user units, autostart entries)"),
        ],
        examples: [
            KindExample("a Nextcloud account on someone else's server, and an rclone remote a cron job copies to", parameters: "{}", files: [
                "~/.config/Nextcloud/nextcloud.cfg": "[Accounts]\n0\\url=https://cloud.example.net\n0\\dav_user=ex\n0\\Folders\\1\\localPath=/home/u/Documents/\n0\\Folders\\1\\targetPath=/\nversion=13\n",
                "~/.config/rclone/rclone.conf": "[exdrive]\ntype = drive\ntoken = {\"access_token\":\"PLANTED-SECRET\"}\n\n[backup]\ntype = sftp\nhost = nas.example.net\nuser = ex\n",
                "/etc/cron.d/upload": "*/30 * * * * u rclone sync /home/u/Pictures exdrive:photos\n",
            ], expect: .failed, findings: 3),
            KindExample("nothing set up", parameters: "{}", files: ["~/.config/autostart/x.desktop": "[Desktop Entry]\nExec=firefox\n"], expect: .passed),
        ])

    let clients: [String]
    let rclone: [String]
    let jobs: [String]

    init(parameters: Parameters) throws {
        clients = try parameters.strings("clients", default: ["~/.config/Nextcloud/nextcloud.cfg", "~/.config/ownCloud/owncloud.cfg",
                                                               "~/.var/app/com.nextcloud.desktopclient.nextcloud/config/Nextcloud/nextcloud.cfg"])
        rclone = try parameters.strings("rclone", default: ["~/.config/rclone/rclone.conf"])
        jobs = try parameters.strings("jobs", default: ["/etc/crontab", "/etc/cron.d/*", "/var/spool/cron/crontabs/*", "/var/spool/cron/*",
                                                        "~/.config/systemd/user/*.service", "~/.config/systemd/user/*.timer", "~/.config/autostart/*.desktop"])
    }

    static let rcloneJob = try! NSRegularExpression(pattern: #"rclone\s+(?:\S+\s+)*?(sync|copy|move|bisync|mount|copyto|moveto)\b[^\n]*?\s([A-Za-z0-9_.\-]+):"#)

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList.accounts(context.inputs)
        var gathering = Gathering()
        // Which remotes a scheduled job uses, and where the job is written.
        var scheduled: [String: String] = [:]
        var jobFiles = Set<String>()
        for home in homes.homes {
            for pattern in jobs {
                for file in host.glob(AuditedHomes.expand(pattern, in: home), into: &gathering) where !host.isDirectory(file) && jobFiles.insert(file).inserted {
                    guard let text = host.text(file, into: &gathering) else { continue }
                    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains("rclone") {
                        let string = String(line)
                        guard !string.trimmingCharacters(in: .whitespaces).hasPrefix("#"),
                              let match = Self.rcloneJob.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)),
                              let remote = Range(match.range(at: 2), in: string) else { continue }
                        scheduled[String(string[remote])] = "\(host.display(file)):\(index + 1)"
                    }
                }
            }
        }
        for home in homes.homes {
            for pattern in clients {
                let file = AuditedHomes.expand(pattern, in: home)
                guard let text = host.text(file, into: &gathering) else { continue }
                let accounts = KeyFile(text).groups(named: "Accounts").flatMap(\.entries)
                let numbers = Set(accounts.compactMap { entry in entry.key.split(separator: "\\").first.flatMap { Int($0) } })
                for number in numbers.sorted() {
                    func value(_ key: String) -> String? { accounts.last { $0.key == "\(number)\\\(key)" }?.value }
                    guard let url = value("url") else { continue }
                    gathering.looked += 1
                    let server = URL(string: url)?.host ?? url
                    let user = value("dav_user") ?? value("webflow_user") ?? value("http_user") ?? "?"
                    let account = "\(user)@\(server)"
                    if known.contains(account) || known.contains(url) { gathering.known += 1; continue }
                    let folders = accounts.filter { $0.key.hasPrefix("\(number)\\") && $0.key.hasSuffix("\\localPath") }.map(\.value)
                    let list = folders.isEmpty ? "-" : folders.joined(separator: ", ")
                    gathering.drafts.append(FindingDraft(
                        key: "cloud#\(file)#\(account)",
                        detail: LocalizedText(en: "The sync client uploads \(list) to account \(user) on \(server).",
                                              nl: "Het synchronisatieprogramma uploadt \(list) naar account \(user) op \(server)."),
                        subjects: [Subject(account, [.init("account", account), .init("folders", list), .init("file", host.display(file))])]))
                }
            }
            for pattern in rclone {
                let file = AuditedHomes.expand(pattern, in: home)
                guard let text = host.text(file, into: &gathering) else { continue }
                if text.hasPrefix("# Encrypted rclone configuration") {
                    gathering.drafts.append(FindingDraft(
                        key: "rclone#\(file)#encrypted",
                        detail: LocalizedText(en: "rclone has an encrypted configuration; which remotes it holds can only be seen with its password (rclone config).",
                                              nl: "rclone heeft een versleutelde configuratie; welke externe opslag erin staat is alleen met het wachtwoord te zien (rclone config)."),
                        subjects: [Subject("rclone", [.init("file", host.display(file))])], severity: .info))
                    continue
                }
                for group in KeyFile(text).groups where !group.name.isEmpty {
                    gathering.looked += 1
                    let type = group.value("type") ?? "?"
                    let target = [group.value("user"), group.value("host")].compactMap { $0 }.joined(separator: "@")
                    let job = scheduled[group.name]
                    var fields: [Subject.Field] = [.init("account", "\(group.name) (\(type)\(target.isEmpty ? "" : ", " + target))"),
                                                   .init("file", "\(host.display(file)):\(group.line)")]
                    if let job { fields.append(.init("runs", job)) }
                    gathering.drafts.append(FindingDraft(
                        key: "rclone#\(file)#\(group.name)",
                        detail: job.map { job in
                            LocalizedText(en: "A scheduled job (\(job)) copies files to rclone remote '\(group.name)' (\(type)).",
                                          nl: "Een geplande taak (\(job)) kopieert bestanden naar rclone-opslag '\(group.name)' (\(type)).")
                        } ?? LocalizedText(en: "rclone can reach remote '\(group.name)' (\(type)); no scheduled job was found that uses it.",
                                           nl: "rclone kan bij externe opslag '\(group.name)' (\(type)); er is geen geplande taak gevonden die hem gebruikt."),
                        subjects: [Subject(group.name, fields)], severity: job == nil ? .info : nil))
                }
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "no sync account you have not marked as yours, and no rclone remote (\(gathering.looked) looked at)",
            nl: "geen synchronisatieaccount dat je niet als het jouwe hebt aangemerkt, en geen rclone-opslag (\(gathering.looked) bekeken)"))
    }
}
