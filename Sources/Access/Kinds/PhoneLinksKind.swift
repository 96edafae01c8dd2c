import AuditCore
import Foundation

/// Phones paired with this desktop through KDE Connect or GSConnect, and what the pairing lets them do:
/// get the clipboard (passwords included) and notifications (2FA codes), type and click, run
/// commands, unlock the session. Which plugins give what, and their defaults, is data in the check.
struct PhoneLinksKind: CheckKind {
    struct Plugin: Sendable {
        var id: String
        var enabledByDefault: Bool
        var gives: LocalizedText
        /// Options in the plugin's own `config` that must all be on (absent = on) for it to give this away.
        var options: [String]

        init(_ p: Parameters) throws {
            try p.allowOnly(["id", "default", "gives", "options"])
            id = try p.string("id")
            enabledByDefault = try p.bool("default", default: true)
            gives = try DataDocument.text(p, "gives")
            options = try p.strings("options", default: [])
        }
    }

    struct GSConnectSetting: Sendable {
        var plugin: String
        var key: String
        var defaultValue: String
        var gives: LocalizedText

        init(_ p: Parameters) throws {
            try p.allowOnly(["plugin", "key", "default", "gives"])
            plugin = try p.string("plugin")
            key = try p.string("key")
            defaultValue = try p.string("default")
            gives = try DataDocument.text(p, "gives")
        }
    }

    static let description = KindDescription(
        identifier: "phone-links",
        family: "access",
        summary: "Lists devices paired through KDE Connect (trusted_devices, per-device plugin config) and GSConnect (dconf dump), high when not in known-devices, with the risky plugins on.",
        parameters: [
            ParameterSpec("kdeconnect", "KDE Connect folders (default ~/.config/kdeconnect and its Flatpak folder)"),
            ParameterSpec("kdeconnect-plugins", required: true, "list of {id, default, gives: {en, nl}}: plugins that give the device something of this computer"),
            ParameterSpec("gsconnect", required: true, "list of {plugin, key, default, gives: {en, nl}}: GSConnect settings that give the device something when true"),
        ],
        examples: [
            KindExample("a paired KDE Connect phone with clipboard and unlock on by default", parameters: Self.example, files: [
                "~/.config/kdeconnect/trusted_devices": "[a1b2c3d4e5f64789a0b1c2d3e4f5a6b7]\ncertificate=\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"\nname=Pixel van Tom\nprotocolVersion=8\ntype=phone\n",
                "~/.config/kdeconnect/a1b2c3d4e5f64789a0b1c2d3e4f5a6b7/config": "[Plugins]\nkdeconnect_sendnotificationsEnabled=true\nkdeconnect_lockdeviceEnabled=false\n",
            ], expect: .failed, findings: 1),
            KindExample("a GSConnect phone that gets notifications", parameters: Self.example, commands: [
                "dconf dump /org/gnome/shell/extensions/gsconnect/": CommandResult(output: """
                    [/]
                    devices=['a1b2c3d4e5f6']
                    name='laptop'

                    [device/a1b2c3d4e5f6]
                    disabled-plugins=['sms']
                    name='Pixel van Tom'
                    paired=true
                    supported-plugins=['battery', 'clipboard', 'notification', 'share']
                    type='phone'

                    [device/a1b2c3d4e5f6/plugin/clipboard]
                    send-content=true
                    """),
            ], expect: .failed, findings: 1),
            KindExample("a paired phone with clipboard sharing set to manual and unlock off", parameters: Self.example, files: [
                "~/.config/kdeconnect/trusted_devices": "[a1b2c3d4e5f64789a0b1c2d3e4f5a6b7]\nname=Pixel van Tom\ntype=phone\n",
                "~/.config/kdeconnect/a1b2c3d4e5f64789a0b1c2d3e4f5a6b7/config": "[Plugins]\nkdeconnect_lockdeviceEnabled=false\n",
                "~/.config/kdeconnect/a1b2c3d4e5f64789a0b1c2d3e4f5a6b7/kdeconnect_clipboard/config": "[General]\nautoShare=false\n",
            ], expect: .failed, findings: 1),
            KindExample("nothing paired", parameters: Self.example, files: ["~/.config/kdeconnect/config": "[General]\nname=laptop\n"], expect: .passed),
        ])

    static let example = """
        kdeconnect-plugins:
          - {id: kdeconnect_clipboard, default: true, options: [autoShare], gives: {en: your clipboard, nl: je klembord}}
          - {id: kdeconnect_lockdevice, default: true, gives: {en: unlocking this computer, nl: deze computer ontgrendelen}}
          - {id: kdeconnect_sendnotifications, default: false, gives: {en: your notifications, nl: je meldingen}}
        gsconnect:
          - {plugin: notification, key: send-notifications, default: "true", gives: {en: your notifications, nl: je meldingen}}
          - {plugin: clipboard, key: send-content, default: "false", gives: {en: your clipboard, nl: je klembord}}
        """

    let kdeconnect: [String]
    let plugins: [Plugin]
    let gsconnect: [GSConnectSetting]

    init(parameters: Parameters) throws {
        kdeconnect = try parameters.strings("kdeconnect", default: ["~/.config/kdeconnect", "~/.var/app/org.kde.kdeconnect/config/kdeconnect"])
        plugins = try parameters.list("kdeconnect-plugins", Plugin.init)
        gsconnect = try parameters.list("gsconnect", GSConnectSetting.init)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList(context.inputs, AccessInput.devices)
        var gathering = Gathering()
        for home in homes.homes {
            for pattern in kdeconnect {
                kdeConnect(AuditedHomes.expand(pattern, in: home), host: host, known: known, into: &gathering)
            }
        }
        try await gsConnect(host: host, homes: homes, known: known, into: &gathering)
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "no phone or tablet you have not marked as yours is paired through KDE Connect or GSConnect (\(gathering.looked) paired)",
            nl: "geen telefoon of tablet die je niet als de jouwe hebt aangemerkt is gekoppeld via KDE Connect of GSConnect (\(gathering.looked) gekoppeld)"))
    }

    func finding(_ app: String, id: String, name: String, type: String, risky: [LocalizedText], file: String, known: Bool, host: Machine) -> FindingDraft? {
        if known && risky.isEmpty { return nil }
        let gives = LocalizedText(en: risky.map(\.en).joined(separator: ", "), nl: risky.map(\.nl).joined(separator: ", "))
        let detail = known
            ? LocalizedText(en: "Your \(type) '\(name)', paired through \(app), gets: \(gives.en).",
                            nl: "Je \(type) '\(name)', gekoppeld via \(app), krijgt: \(gives.nl).")
            : LocalizedText(en: "A \(type) '\(name)' (\(id)) is paired with this computer through \(app)\(risky.isEmpty ? "." : " and gets: \(gives.en).")",
                            nl: "Een \(type) '\(name)' (\(id)) is met deze computer gekoppeld via \(app)\(risky.isEmpty ? "." : " en krijgt: \(gives.nl).")")
        return FindingDraft(key: "\(app)#\(id)", detail: detail,
                            subjects: [Subject(name, [.init("device", "\(name) (\(id))"), .init("plugins", gives), .init("file", host.display(file))])],
                            severity: known ? .medium : nil)
    }

    /// `trusted_devices` groups are paired devices; `<id>/config [Plugins] <plugin>Enabled` overrides a plugin's default.
    func kdeConnect(_ base: String, host: Machine, known: KnownList, into gathering: inout Gathering) {
        let file = base + "/trusted_devices"
        guard let text = host.text(file, into: &gathering) else { return }
        for group in KeyFile(text).groups where !group.name.isEmpty {
            gathering.looked += 1
            let id = group.name
            let name = group.value("name") ?? id
            let isKnown = known.contains(id) || known.contains(name)
            let config = host.text(base + "/" + id + "/config", into: &gathering).map(KeyFile.init)
            var risky: [LocalizedText] = []
            for plugin in plugins where config?.value(plugin.id + "Enabled", in: "Plugins").map(KeyFile.isTrue) ?? plugin.enabledByDefault {
                let own = plugin.options.isEmpty ? nil : host.text(base + "/" + id + "/" + plugin.id + "/config", into: &gathering).map(KeyFile.init)
                let on = plugin.options.allSatisfy { option in
                    own?.groups.compactMap { $0.value(option) }.last.map(KeyFile.isTrue) ?? true
                }
                if on { risky.append(plugin.gives) }
            }
            if isKnown { gathering.known += 1 }
            if let draft = finding("KDE Connect", id: id, name: name, type: group.value("type") ?? "device", risky: risky, file: file, known: isKnown, host: host) {
                gathering.drafts.append(draft)
            }
        }
    }

    /// GSConnect keeps everything in dconf; `dconf dump` reads it without a session bus.
    func gsConnect(host: Machine, homes: AuditedHomes, known: KnownList, into gathering: inout Gathering) async throws {
        let path = "/org/gnome/shell/extensions/gsconnect/"
        let installed = homes.homes.contains { host.exists(AuditedHomes.expand("~/.local/share/gnome-shell/extensions/gsconnect@andyholmes.github.io", in: $0)) }
            || host.exists("/usr/share/gnome-shell/extensions/gsconnect@andyholmes.github.io")
        let result: CommandResult
        do {
            result = try await host.runner.run(["dconf", "dump", path], timeout: .seconds(5))
        } catch {
            if installed { gathering.problem("dconf \(path)", LocalizedText(en: "could not be read with dconf", nl: "was niet met dconf te lezen")) }
            return
        }
        guard result.status == 0 else {
            if installed { gathering.problem("dconf \(path)", LocalizedText(en: "could not be read with dconf", nl: "was niet met dconf te lezen")) }
            return
        }
        let dump = KeyFile(result.output)
        for group in dump.groups where group.name.hasPrefix("device/") && !group.name.dropFirst("device/".count).contains("/") {
            guard group.value("paired") == "true" else { continue }
            gathering.looked += 1
            let id = String(group.name.dropFirst("device/".count))
            let name = Self.gvariantString(group.value("name") ?? id)
            let supported = Self.gvariantList(group.value("supported-plugins") ?? "[]")
            let disabled = Set(Self.gvariantList(group.value("disabled-plugins") ?? "[]"))
            let risky = gsconnect.filter { setting in
                guard supported.contains(setting.plugin), !disabled.contains(setting.plugin) else { return false }
                let value = dump.value(setting.key, in: "\(group.name)/plugin/\(setting.plugin)") ?? setting.defaultValue
                return value == "true"
            }.map(\.gives)
            let isKnown = known.contains(id) || known.contains(name)
            if isKnown { gathering.known += 1 }
            if let draft = finding("GSConnect", id: id, name: name, type: Self.gvariantString(group.value("type") ?? "device"),
                                   risky: risky, file: "dconf \(path)\(group.name)/", known: isKnown, host: host) {
                gathering.drafts.append(draft)
            }
        }
    }

    /// `'text'` → `text`.
    static func gvariantString(_ value: String) -> String {
        value.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    }

    /// `['a', 'b']` or `@as []` → `[a, b]`.
    static func gvariantList(_ value: String) -> [String] {
        var text = value.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("@as ") { text = String(text.dropFirst(4)) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return text.split(separator: ",").map { gvariantString($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
    }
}
