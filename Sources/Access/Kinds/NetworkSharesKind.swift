import AuditCore
import Foundation

/// Folders this computer shares on the network: Samba shares in `smb.conf`, Samba user shares (made
/// from the file manager, `/var/lib/samba/usershares`), NFS exports. A share of a home folder, one
/// open to guests or everyone, or writable, is high; any other share is info.
struct NetworkSharesKind: CheckKind {
    static let description = KindDescription(
        identifier: "network-shares",
        family: "access",
        summary: "Reads smb.conf (sections with a path), Samba user shares and NFS exports; shares of a home, for guests or everyone, or writable, are high, others info.",
        parameters: [
            ParameterSpec("samba", "smb.conf files (default /etc/samba/smb.conf)"),
            ParameterSpec("usershares", "Samba user share files (default /var/lib/samba/usershares/*)"),
            ParameterSpec("exports", "NFS export files (default /etc/exports, /etc/exports.d/*.exports)"),
        ],
        examples: [
            KindExample("a guest share of a home folder and an NFS export to everyone", parameters: "{}", files: [
                "/var/lib/samba/usershares/public": "#VERSION 2\npath=/home/alice/Public\ncomment=publiek\nusershare_acl=S-1-1-0:F\nguest_ok=y\nsharename=Public\n",
                "/etc/exports": "# comment\n/srv/media 192.168.1.0/24(ro,sync)\n/home *(rw,no_root_squash)\n",
            ], expect: .failed, findings: 3),
            KindExample("only the default printer sections", parameters: "{}", files: [
                "/etc/samba/smb.conf": "[global]\n   workgroup = WORKGROUP\n[printers]\n   path = /var/spool/samba\n[print$]\n   path = /var/lib/samba/printers\n",
            ], expect: .passed),
        ])

    let samba: [String]
    let usershares: [String]
    let exports: [String]

    init(parameters: Parameters) throws {
        samba = try parameters.strings("samba", default: ["/etc/samba/smb.conf"])
        usershares = try parameters.strings("usershares", default: ["/var/lib/samba/usershares/*"])
        exports = try parameters.strings("exports", default: ["/etc/exports", "/etc/exports.d/*.exports"])
    }

    static let skipped: Set<String> = ["global", "printers", "print$"]

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        var gathering = Gathering()
        for pattern in samba {
            for file in host.glob(pattern, into: &gathering) {
                guard let text = host.text(file, into: &gathering) else { continue }
                for group in KeyFile(text).groups where !group.name.isEmpty && !Self.skipped.contains(group.name.lowercased()) {
                    // `[homes]` shares every user's home without a path.
                    guard let path = group.value("path") ?? (group.name.lowercased() == "homes" ? "/home/*" : nil) else { continue }
                    let guest = KeyFile.isTrue(group.value("guest ok")) || KeyFile.isTrue(group.value("public"))
                    let writable = KeyFile.isTrue(group.value("writable")) || KeyFile.isTrue(group.value("writeable"))
                        || group.value("read only").map { !KeyFile.isTrue($0) } == true
                    share("Samba", name: group.name, path: path, guest: guest, writable: writable, where_: "\(host.display(file)):\(group.line)", host: host, into: &gathering)
                }
            }
        }
        for pattern in usershares {
            for file in host.glob(pattern, into: &gathering) where !host.isDirectory(file) {
                guard let text = host.text(file, into: &gathering) else { continue }
                let values = KeyFile(text)
                guard let path = values.value("path", in: "") else { continue }
                let acl = values.value("usershare_acl", in: "") ?? ""
                let guest = values.value("guest_ok", in: "") == "y" || acl.contains("S-1-1-0")
                let writable = acl.split(separator: ",").contains { $0.hasSuffix(":F") || $0.hasSuffix(":f") }
                share("Samba", name: values.value("sharename", in: "") ?? (file as NSString).lastPathComponent, path: path,
                      guest: guest, writable: writable, where_: host.display(file), host: host, into: &gathering)
            }
        }
        for pattern in exports {
            for file in host.glob(pattern, into: &gathering) {
                guard let text = host.text(file, into: &gathering) else { continue }
                for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = raw.trimmingCharacters(in: .whitespaces)
                    guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    guard let path = words.first else { continue }
                    let clients = words.dropFirst()
                    let everyone = clients.isEmpty || clients.contains { $0.hasPrefix("*") || $0.hasPrefix("(") }
                    let writable = clients.contains { $0.contains("rw") }
                    let rootSquashOff = clients.contains { $0.contains("no_root_squash") }
                    share("NFS", name: path, path: path, guest: everyone || rootSquashOff, writable: writable,
                          where_: "\(host.display(file)):\(index + 1)", host: host, into: &gathering)
                }
            }
        }
        let homes = AuditedHomes(homes: [AuditedHomes.Home(user: host.userName, path: host.home)],
                                 scope: LocalizedText(en: "system files", nl: "systeembestanden"))
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "no folder is shared on the network through Samba or NFS", nl: "geen map wordt via Samba of NFS op het netwerk gedeeld"))
    }

    func share(_ service: String, name: String, path: String, guest: Bool, writable: Bool, where_: String, host: Machine, into gathering: inout Gathering) {
        let home = path == "/home" || path.hasPrefix("/home/") || path == "/root" || path == "/"
        let risky = home || guest || writable
        var how: [LocalizedText] = []
        if home { how.append(LocalizedText(en: "a home folder", nl: "een thuismap")) }
        if guest { how.append(LocalizedText(en: "open to guests or everyone", nl: "open voor gasten of iedereen")) }
        if writable { how.append(LocalizedText(en: "others can change files", nl: "anderen kunnen bestanden wijzigen")) }
        let note = how.isEmpty ? LocalizedText(en: "", nl: "")
            : LocalizedText(en: " (" + how.map(\.en).joined(separator: "; ") + ")", nl: " (" + how.map(\.nl).joined(separator: "; ") + ")")
        gathering.drafts.append(FindingDraft(
            key: "\(service)#\(name)#\(path)",
            detail: LocalizedText(en: "\(service) shares \(path) as '\(name)'\(note.en).", nl: "\(service) deelt \(path) als '\(name)'\(note.nl)."),
            subjects: [Subject(name, [.init("path", path), .init("file", where_)])], severity: risky ? nil : .info))
    }
}
