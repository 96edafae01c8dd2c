import AuditCore
import Foundation

/// Settings in INI-style files that let someone in without a password or share the screen: automatic
/// login (GDM, LightDM, SDDM), guest sessions, unattended desktop sharing. Each rule names the files,
/// the group, the key and the values that count; the data is in the check, one reader for all of them.
struct KeyFileSettingsKind: CheckKind {
    struct Rule: Sendable {
        var name: LocalizedText
        var files: [String]
        var groups: [String]
        var key: String
        /// Values that count (case aside); absent = any value that is not empty.
        var values: [String]?

        init(_ p: Parameters) throws {
            try p.allowOnly(["name", "files", "groups", "key", "values"])
            name = try DataDocument.text(p, "name")
            files = try p.strings("files")
            groups = try p.strings("groups")
            key = try p.string("key")
            values = p.has("values") ? try p.strings("values").map { $0.lowercased() } : nil
        }
    }

    static let description = KindDescription(
        identifier: "keyfile-settings",
        family: "access",
        summary: "Reports INI/keyfile settings that match rules of {name, files, groups, key, values}; the last file and line that sets a key wins.",
        parameters: [ParameterSpec("rules", required: true, "list of {name, files (globs, read in order), groups, key, values}")],
        examples: [
            KindExample("GDM logs a user in automatically", parameters: Self.example, files: [
                "/etc/gdm3/daemon.conf": "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=alice\n",
            ], expect: .failed, findings: 1),
            KindExample("a later LightDM file switches automatic login off", parameters: Self.example, files: [
                "/etc/lightdm/lightdm.conf.d/10-auto.conf": "[Seat:*]\nautologin-user=alice\n",
                "/etc/lightdm/lightdm.conf.d/20-off.conf": "[Seat:*]\nautologin-user=\n",
                "/etc/gdm3/daemon.conf": "[daemon]\n# AutomaticLoginEnable=true\n",
            ], expect: .passed),
        ])

    static let example = """
        rules:
          - {name: {en: GDM automatic login, nl: Automatisch inloggen in GDM}, files: [/etc/gdm3/daemon.conf], groups: [daemon], key: AutomaticLoginEnable, values: ["true", "1"]}
          - {name: {en: LightDM automatic login, nl: Automatisch inloggen in LightDM}, files: [/etc/lightdm/lightdm.conf, "/etc/lightdm/lightdm.conf.d/*.conf"], groups: ["Seat:*", SeatDefaults], key: autologin-user}
        """

    let rules: [Rule]

    init(parameters: Parameters) throws {
        rules = try parameters.list("rules", Rule.init)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        var gathering = Gathering()
        var read = 0
        for rule in rules {
            // A rule on files in home folders is judged per home; one on system files once.
            let perHome = rule.files.contains { $0.hasPrefix("~") }
            for home in perHome ? homes.homes : [homes.homes[0]] {
                var last: (value: String, file: String, line: Int)?
                for pattern in rule.files {
                    for file in host.glob(AuditedHomes.expand(pattern, in: home), into: &gathering) where !host.isDirectory(file) {
                        guard let text = host.text(file, into: &gathering) else { continue }
                        read += 1
                        for group in KeyFile(text).groups where rule.groups.contains(group.name) {
                            if let entry = group.entry(rule.key) { last = (entry.value, file, entry.line) }
                        }
                    }
                }
                guard let last else { continue }
                let matches = rule.values.map { $0.contains(last.value.lowercased()) } ?? !last.value.isEmpty
                guard matches else { continue }
                let where_ = "\(host.display(last.file)):\(last.line)"
                gathering.drafts.append(FindingDraft(
                    key: "\(rule.name.en)#\(last.file)",
                    detail: LocalizedText(en: "\(rule.name.en): \(rule.key)=\(last.value) in \(where_).", nl: "\(rule.name.nl): \(rule.key)=\(last.value) in \(where_)."),
                    subjects: [Subject("\(rule.key)=\(last.value)", [.init("setting", "\(rule.key)=\(last.value)"), .init("file", where_)])]))
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "none of \(rules.count) settings is on (\(read) files read)", nl: "geen van de \(rules.count) instellingen staat aan (\(read) bestanden gelezen)"))
    }
}
