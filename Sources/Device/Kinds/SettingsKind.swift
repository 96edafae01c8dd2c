import AuditCore
import Foundation

/// One fact about a setting, read from where the system keeps it, and how its value is judged.
indirect enum Requirement: Sendable {
    case package([String])
    case unit(String, user: Bool)
    case apt(String, Comparison)
    case gsettings(schema: String, key: String, Comparison)
    case ini(path: String, section: String?, key: String, Comparison)
    case file(String)
    case any([Requirement])

    static let keys = ["package", "unit", "user-unit", "apt", "gsettings", "ini", "section", "key", "file", "any",
                       "equals", "not", "at-least", "at-most", "default"]

    init(_ p: Parameters) throws {
        try p.allowOnly(Self.keys)
        let comparison = try Comparison(p)
        if p.has("package") {
            self = .package(try p.strings("package"))
        } else if p.has("unit") {
            self = .unit(try p.string("unit"), user: false)
        } else if p.has("user-unit") {
            self = .unit(try p.string("user-unit"), user: true)
        } else if p.has("apt") {
            self = .apt(try p.string("apt"), comparison)
        } else if p.has("gsettings") {
            let words = try p.string("gsettings").split(separator: " ").map(String.init)
            guard words.count == 2 else { throw Parameters.Problem(message: "gsettings: write 'SCHEMA KEY'") }
            self = .gsettings(schema: words[0], key: words[1], comparison)
        } else if p.has("ini") {
            self = .ini(path: try p.string("ini"), section: try p.optionalString("section"), key: try p.string("key"), comparison)
        } else if p.has("file") {
            self = .file(try p.string("file"))
        } else if p.has("any") {
            self = .any(try p.list("any", Requirement.init))
        } else {
            throw Parameters.Problem(message: "a requirement needs one of package, unit, user-unit, apt, gsettings, ini, file or any")
        }
    }

    /// Whether it holds, and what was seen.
    func evaluate(_ host: Machine) async throws -> (ok: Bool, seen: LocalizedText) {
        switch self {
        case .package(let names):
            let installed = try await InstalledPackages.read(host)
            if let name = names.first(where: installed.names.contains) {
                return (true, LocalizedText(en: "package \(name) is installed", nl: "pakket \(name) is geïnstalleerd"))
            }
            let list = names.joined(separator: " or ")
            return (false, LocalizedText(en: "package \(list) is not installed", nl: "pakket \(list) is niet geïnstalleerd"))
        case .unit(let unit, let user):
            switch try SystemdUnits.state(of: unit, user: user, host: host) {
            case .enabled(let link):
                return (true, LocalizedText(en: "\(unit) is enabled (\(host.display(link)))", nl: "\(unit) staat aan (\(host.display(link)))"))
            case .masked(let path):
                return (false, LocalizedText(en: "\(unit) is masked (\(host.display(path)))", nl: "\(unit) is gemaskeerd (\(host.display(path)))"))
            case .disabled:
                return (false, LocalizedText(en: "\(unit) is not enabled", nl: "\(unit) staat niet aan"))
            }
        case .apt(let key, let comparison):
            let config = try AptConfig.read(host)
            let found = config.value(key)
            let where_ = found.map { " (\(host.display($0.file)))" } ?? ""
            return comparison.judge(name: key, value: found?.value, source: where_)
        case .gsettings(let schema, let key, let comparison):
            guard host.runner.isAvailable("gsettings") else {
                return (false, LocalizedText(en: "gsettings is not available", nl: "gsettings is niet beschikbaar"))
            }
            let result = try await host.runner.run(["gsettings", "get", schema, key], timeout: .seconds(5))
            guard result.status == 0 else {
                return (false, LocalizedText(en: "\(schema) \(key) cannot be read", nl: "\(schema) \(key) is niet te lezen"))
            }
            return comparison.judge(name: "\(schema) \(key)", value: Comparison.gsettingsValue(result.output), source: "")
        case .ini(let path, let section, let key, let comparison):
            let text = try host.read(path)
            let value = text.flatMap { KeyValueFile.value(key, section: section, in: $0) }
            let name = section.map { "[\($0)] \(key)" } ?? key
            return comparison.judge(name: name, value: value, source: " (\(host.display(path)))")
        case .file(let path):
            let found = try host.glob(path)
            return found.isEmpty
                ? (false, LocalizedText(en: "\(host.display(path)) does not exist", nl: "\(host.display(path)) bestaat niet"))
                : (true, LocalizedText(en: "\(host.display(found[0])) exists", nl: "\(host.display(found[0])) bestaat"))
        case .any(let options):
            var seen: [LocalizedText] = []
            for option in options {
                let (ok, text) = try await option.evaluate(host)
                if ok { return (true, text) }
                seen.append(text)
            }
            return (false, LocalizedText(en: seen.map(\.en).joined(separator: "; "), nl: seen.map(\.nl).joined(separator: "; ")))
        }
    }
}

/// How a setting's value is judged. Values are compared without quotes and case.
struct Comparison: Sendable {
    var equals: [String]?
    var not: [String]?
    var atLeast: Int?
    var atMost: Int?
    var defaultValue: String?

    init(_ p: Parameters) throws {
        equals = p.has("equals") ? try p.strings("equals").map { $0.lowercased() } : nil
        not = p.has("not") ? try p.strings("not").map { $0.lowercased() } : nil
        atLeast = p.has("at-least") ? try p.int("at-least") : nil
        atMost = p.has("at-most") ? try p.int("at-most") : nil
        defaultValue = try p.optionalString("default")
    }

    /// `uint32 300` → `300`, `'text'` → `text`.
    static func gsettingsValue(_ output: String) -> String {
        var value = output.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["uint32 ", "int32 ", "uint64 ", "int64 ", "byte "] where value.hasPrefix(prefix) {
            value = String(value.dropFirst(prefix.count))
        }
        return value.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    }

    func judge(name: String, value raw: String?, source: String) -> (ok: Bool, seen: LocalizedText) {
        let usedDefault = raw == nil && defaultValue != nil
        guard let value = (raw ?? defaultValue)?.lowercased() else {
            return (false, LocalizedText(en: "\(name) is not set\(source)", nl: "\(name) is niet ingesteld\(source)"))
        }
        let shown = usedDefault ? LocalizedText(en: "\(name) is \"\(value)\" (the default)", nl: "\(name) is \"\(value)\" (standaard)")
            : LocalizedText(en: "\(name) is \"\(value)\"\(source)", nl: "\(name) is \"\(value)\"\(source)")
        var ok = true
        var wanted: [String] = []
        if let equals {
            ok = ok && equals.contains(value)
            wanted.append(equals.joined(separator: " or "))
        }
        if let not {
            ok = ok && !not.contains(value)
            wanted.append("not " + not.joined(separator: " or "))
        }
        if atLeast != nil || atMost != nil {
            if let number = Int(value) {
                if let atLeast { ok = ok && number >= atLeast; wanted.append("≥ \(atLeast)") }
                if let atMost { ok = ok && number <= atMost; wanted.append("≤ \(atMost)") }
            } else {
                ok = false
                wanted.append("a number")
            }
        }
        if ok || wanted.isEmpty { return (ok, shown) }
        let need = wanted.joined(separator: ", ")
        return (false, LocalizedText(en: "\(shown.en); needs \(need)", nl: "\(shown.nl); moet \(need) zijn"))
    }
}

/// Settings that must hold, per system or desktop: automatic updates, screen lock. The first variant
/// whose `os` and `detect` hold is judged; when none does, the check does not apply here.
struct SettingsKind: CheckKind {
    struct Variant: Sendable {
        var name: String
        var os: [String]
        var detect: [Requirement]
        var require: [Requirement]

        init(_ p: Parameters) throws {
            try p.allowOnly(["name", "os", "detect", "require"])
            name = try p.string("name")
            os = try p.strings("os", default: [])
            detect = p.has("detect") ? try p.list("detect", Requirement.init) : []
            require = try p.list("require", Requirement.init)
        }
    }

    static let description = KindDescription(
        identifier: "settings",
        family: "device",
        summary: "Judges settings (APT configuration, systemd units, gsettings, INI files, packages) per system variant.",
        parameters: [
            ParameterSpec("variants", required: true, "list of {name, os, detect, require}; each requirement reads package, unit, user-unit, apt, gsettings, ini or file, or any of several"),
        ],
        examples: [
            KindExample("unattended-upgrades installed and switched on", parameters: Self.aptExample, files: [
                "/etc/os-release": "ID=debian\n",
                "/var/lib/dpkg/status": "Package: unattended-upgrades\nStatus: install ok installed\n\n",
                "/etc/apt/apt.conf.d/20auto-upgrades": "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n",
                "/etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer": "",
            ], expect: .passed),
            KindExample("installed but switched off by a later file", parameters: Self.aptExample, files: [
                "/etc/os-release": "ID=debian\n",
                "/var/lib/dpkg/status": "Package: unattended-upgrades\nStatus: install ok installed\n\n",
                "/etc/apt/apt.conf.d/20auto-upgrades": "APT::Periodic::Unattended-Upgrade \"1\";\n",
                "/etc/apt/apt.conf.d/99local": "APT { Periodic { Unattended-Upgrade \"0\"; }; };\n",
                "/etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer": "",
            ], expect: .failed, findings: 1),
            KindExample("no variant applies on another system", parameters: Self.aptExample,
                        files: ["/etc/os-release": "ID=arch\n"], expect: .skipped),
            KindExample("GNOME screen lock with a long delay", parameters: """
                variants:
                  - name: GNOME
                    detect: [{gsettings: org.gnome.desktop.screensaver lock-enabled}]
                    require:
                      - {gsettings: org.gnome.desktop.screensaver lock-enabled, equals: "true"}
                      - {gsettings: org.gnome.desktop.session idle-delay, at-least: 1, at-most: 600}
                """, commands: [
                    "gsettings get org.gnome.desktop.screensaver lock-enabled": CommandResult(output: "true\n"),
                    "gsettings get org.gnome.desktop.session idle-delay": CommandResult(output: "uint32 3600\n"),
                ], expect: .failed, findings: 1),
        ])

    static let aptExample = """
        variants:
          - name: Debian
            os: [debian]
            require:
              - {package: unattended-upgrades}
              - {apt: "APT::Periodic::Unattended-Upgrade", at-least: 1}
              - {unit: apt-daily-upgrade.timer}
        """

    let variants: [Variant]

    init(parameters: Parameters) throws {
        variants = try parameters.list("variants", Variant.init)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        var chosen: Variant?
        for variant in variants where variant.os.isEmpty || variant.os.contains(where: host.os.matches) {
            var detected = true
            for requirement in variant.detect where try await !requirement.evaluate(host).ok {
                detected = false
                break
            }
            if detected { chosen = variant; break }
        }
        guard let variant = chosen else {
            let names = variants.map(\.name).joined(separator: ", ")
            return .skipped(reason: LocalizedText(en: "not applicable: none of \(names) found on this system",
                                                  nl: "niet van toepassing: geen van \(names) gevonden op dit systeem"))
        }
        var good: [LocalizedText] = [], bad: [LocalizedText] = []
        for requirement in variant.require {
            let (ok, seen) = try await requirement.evaluate(host)
            if ok { good.append(seen) } else { bad.append(seen) }
        }
        if bad.isEmpty {
            return .passed(evidence: LocalizedText(en: "\(variant.name): " + good.map(\.en).joined(separator: "; "),
                                                   nl: "\(variant.name): " + good.map(\.nl).joined(separator: "; ")))
        }
        return .failed([FindingDraft(
            key: variant.name,
            detail: LocalizedText(en: "\(variant.name): " + bad.map(\.en).joined(separator: "; ") + ".",
                                  nl: "\(variant.name): " + bad.map(\.nl).joined(separator: "; ") + "."))])
    }
}
