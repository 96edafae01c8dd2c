import AuditCore
import Foundation

/// An SSH server that starts with the computer and accepts passwords: anyone who knows or guesses the
/// password can log in from the network. `sshd_config` is read as sshd reads it: the first value
/// obtained wins, `Include` is read where it stands, `Match` blocks are left out.
struct SSHServerKind: CheckKind {
    static let description = KindDescription(
        identifier: "ssh-server",
        family: "access",
        summary: "When an SSH server is installed and enabled, reads sshd_config (Include, first value wins) for password login and root login.",
        parameters: [
            ParameterSpec("config", "sshd's configuration (default /etc/ssh/sshd_config)"),
            ParameterSpec("server", "the server's program (default /usr/sbin/sshd)"),
            ParameterSpec("units", "systemd units that start it (default ssh.service, sshd.service, ssh.socket)"),
        ],
        examples: [
            KindExample("enabled with password login by default", parameters: "{}", files: [
                "/usr/sbin/sshd": "",
                "/etc/systemd/system/multi-user.target.wants/ssh.service": "",
                "/etc/ssh/sshd_config": "Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\n",
                "/etc/ssh/sshd_config.d/10-root.conf": "PermitRootLogin yes\n",
            ], expect: .failed, findings: 2),
            KindExample("password login switched off in an included file", parameters: "{}", files: [
                "/usr/sbin/sshd": "",
                "/etc/systemd/system/multi-user.target.wants/ssh.service": "",
                "/etc/ssh/sshd_config": "Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication yes\nMatch User backup\n  PasswordAuthentication yes\n",
                "/etc/ssh/sshd_config.d/50-keys.conf": "PasswordAuthentication no\n",
            ], expect: .passed),
            KindExample("no SSH server", parameters: "{}", expect: .skipped),
        ])

    let config: String
    let server: String
    let units: [String]

    init(parameters: Parameters) throws {
        config = try parameters.optionalString("config") ?? "/etc/ssh/sshd_config"
        server = try parameters.optionalString("server") ?? "/usr/sbin/sshd"
        units = try parameters.strings("units", default: ["ssh.service", "sshd.service", "ssh.socket"])
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        guard host.exists(server) else {
            throw SkipCheck(LocalizedText(en: "no SSH server is installed (\(server))", nl: "er is geen SSH-server geïnstalleerd (\(server))"))
        }
        var gathering = Gathering()
        let enabled = units.flatMap { unit in
            ["/etc/systemd/system/*.wants/\(unit)", "/lib/systemd/system/*.wants/\(unit)", "/usr/lib/systemd/system/*.wants/\(unit)"]
                .flatMap { host.glob($0, into: &gathering) }
        }
        guard !enabled.isEmpty else {
            return .passed(evidence: LocalizedText(en: "the SSH server is installed but does not start by itself",
                                                   nl: "de SSH-server is geïnstalleerd maar start niet vanzelf"))
        }
        var values: [String: (value: String, where_: String)] = [:]
        read(config, depth: 0, into: &values, gathering: &gathering, host: host)
        let password = values["passwordauthentication"]
        let root = values["permitrootlogin"]
        if (password?.value ?? "yes") == "yes" {
            gathering.drafts.append(FindingDraft(
                key: "password",
                detail: LocalizedText(en: "The SSH server starts with the computer and accepts passwords (\(password.map { "PasswordAuthentication yes in \($0.where_)" } ?? "the default")).",
                                      nl: "De SSH-server start met de computer en accepteert wachtwoorden (\(password.map { "PasswordAuthentication yes in \($0.where_)" } ?? "de standaard"))."),
                subjects: [Subject("sshd", [.init("setting", "PasswordAuthentication \(password?.value ?? "yes")"), .init("file", password?.where_ ?? config)])]))
        }
        if root?.value == "yes" {
            gathering.drafts.append(FindingDraft(
                key: "root",
                detail: LocalizedText(en: "Root may log in over SSH with a password (PermitRootLogin yes in \(root!.where_)).",
                                      nl: "Root mag via SSH met een wachtwoord inloggen (PermitRootLogin yes in \(root!.where_))."),
                subjects: [Subject("sshd", [.init("setting", "PermitRootLogin yes"), .init("file", root!.where_)])], severity: .high))
        }
        let homes = AuditedHomes(homes: [AuditedHomes.Home(user: host.userName, path: host.home)], scope: LocalizedText(en: config, nl: config))
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "the SSH server accepts keys only", nl: "de SSH-server accepteert alleen sleutels"))
    }

    func read(_ pattern: String, depth: Int, into values: inout [String: (value: String, where_: String)], gathering: inout Gathering, host: Machine) {
        guard depth < 8 else { return }
        let files = pattern.contains("*") ? host.glob(pattern, into: &gathering) : [pattern]
        for file in files {
            guard let text = host.text(file, into: &gathering) else { continue }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                let words = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "=" }).map(String.init)
                guard let key = words.first?.lowercased() else { continue }
                if key == "match" { return }
                let value = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
                if key == "include" {
                    for part in value.split(separator: " ") {
                        let included = part.hasPrefix("/") ? String(part) : "/etc/ssh/" + part
                        read(included, depth: depth + 1, into: &values, gathering: &gathering, host: host)
                    }
                } else if values[key] == nil {
                    values[key] = (value.lowercased(), "\(host.display(file)):\(index + 1)")
                }
            }
        }
    }
}
