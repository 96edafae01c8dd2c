import Foundation
import Yams

public enum ConfigurationError: Error, LocalizedFailure {
    case invalid(Diagnostic)
    case unreadable(path: String, reason: String)
    /// The identity file (`--identity`), which is not the configuration.
    case unreadableIdentity(path: String, reason: String)

    public var message: LocalizedText {
        switch self {
        case .invalid(let diagnostic): diagnostic.localized
        case .unreadable(let path, let reason):
            LocalizedText(en: "\(path): cannot read the configuration: \(reason)",
                          nl: "\(path): de configuratie kan niet worden gelezen: \(SystemReason.text(reason)(.nl))")
        case .unreadableIdentity(let path, let reason):
            LocalizedText(en: "\(path): cannot read the identity file: \(reason)",
                          nl: "\(path): het identiteitsbestand kan niet worden gelezen: \(SystemReason.text(reason)(.nl))")
        }
    }
}

/// A duration written as `30d`, `2w`, `12h` or `90m`.
public struct Interval: Sendable, Hashable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "m": seconds = number * 60
        case "h": seconds = number * 3_600
        case "d": seconds = number * 86_400
        case "w": seconds = number * 7 * 86_400
        default: return nil
        }
    }

    public var days: Int { max(1, seconds / 86_400) }

    public var description: String {
        if seconds % (7 * 86_400) == 0 { return "\(seconds / (7 * 86_400))w" }
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        return "\(seconds / 60)m"
    }
}

/// What the user is dealing with, as the configuration says.
public enum Situation: String, Sendable, CaseIterable {
    case stalking, breakup
}

/// The user's settings: `$XDG_CONFIG_HOME/hygiene/config.yaml`. Every key is optional; unknown keys are errors.
public struct Configuration: Sendable {
    public var language: Language?
    public var failOn: Severity?
    /// Check ids not to run.
    public var skip: [String] = []
    /// Folders of the user's own check definitions.
    public var checkDirectories: [String] = []
    /// How often an audit is due, for reminders.
    public var auditEvery: Interval?
    /// Inputs for checks, by name (`vault`, `url`, `identity`, `known-ssh-key`).
    public var inputs = AuditInputs()
    /// What the user is dealing with; with stalking or a breakup the report opens with helplines.
    public var situation: Situation?
    /// The country whose helplines are shown: `nl` or `be`.
    public var country: String?
    /// Where the evidence logbook is kept (default `$XDG_DATA_HOME/hygiene/evidence`).
    public var evidenceStore: String?

    public init() {}

    /// The settings every run reads; the families bring their own (`Family.settings`).
    static let generalKeys = ["version", "language", "fail-on", "skip", "checks", "audit-every", "situation", "country", "evidence-store", "identity"]
    /// The countries whose helplines are known.
    public static let countries = ["nl", "be"]

    /// The default location, following the XDG base directory rules.
    public static func defaultPath(environment: [String: String]) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/hygiene/config.yaml"
    }

    /// Reads a config file; a missing file at the default location is an empty configuration.
    /// `settings` are the families' keys; any other key than theirs and the general ones is an error.
    public static func load(path: String, mustExist: Bool, settings: [Setting] = []) throws -> Configuration {
        guard FileManager.default.fileExists(atPath: path) else {
            if mustExist { throw ConfigurationError.unreadable(path: path, reason: "no such file") }
            return Configuration()
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError.unreadable(path: path, reason: "permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return try parse(text, path: path, settings: settings)
    }

    public static func parse(_ text: String, path: String, settings: [Setting] = []) throws -> Configuration {
        let keys = generalKeys + settings.map(\.key)
        func fail(_ mark: Mark?, _ message: LocalizedText) -> ConfigurationError {
            .invalid(Diagnostic(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError.invalid(CheckLoader.diagnostic(for: error, file: path))
        }
        var configuration = Configuration()
        guard let root else { return configuration }
        guard let mapping = root.mapping else { throw fail(root.mark, LocalizedText(en: "expected a mapping of settings", nl: "verwacht een lijst van instellingen (sleutel: waarde)")) }
        func strings(_ node: Node, _ key: String) throws -> [String] {
            if node.scalar != nil, let value = node.string { return [value] }
            guard let items = node.sequence else { throw fail(node.mark, LocalizedText(en: "'\(key)' must be a list", nl: "'\(key)' moet een lijst zijn")) }
            return try items.map { item in
                guard item.scalar != nil, let value = item.string else { throw fail(item.mark, LocalizedText(en: "'\(key)' must be a list of texts", nl: "'\(key)' moet een lijst van teksten zijn")) }
                return value
            }
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "version":
                guard value.int == 1 else { throw fail(value.mark, LocalizedText(en: "unsupported version; this hygiene reads version 1", nl: "onbekende versie; deze hygiene leest versie 1")) }
            case "language":
                guard let language = value.string.flatMap(Language.init(rawValue:)) else {
                    throw fail(value.mark, LocalizedText(en: "'language' must be en or nl", nl: "'language' moet en of nl zijn"))
                }
                configuration.language = language
            case "fail-on":
                guard let severity = value.string.flatMap(Severity.init(rawValue:)) else {
                    throw fail(value.mark, LocalizedText(en: "'fail-on' must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))", nl: "'fail-on' moet een van deze zijn: \(Severity.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
                configuration.failOn = severity
            case "skip": configuration.skip = try strings(value, key)
            case "checks": configuration.checkDirectories = try strings(value, key).map { Self.expandTilde($0) }
            case "audit-every":
                guard let interval = value.string.flatMap(Interval.init) else {
                    throw fail(value.mark, LocalizedText(en: "'audit-every' must be a duration such as 30d, 2w or 12h", nl: "'audit-every' moet een duur zijn, zoals 30d, 2w of 12h"))
                }
                configuration.auditEvery = interval
            case "situation":
                guard let situation = value.string.flatMap(Situation.init(rawValue:)) else {
                    throw fail(value.mark, LocalizedText(en: "'situation' must be one of \(Situation.allCases.map(\.rawValue).joined(separator: ", "))", nl: "'situation' moet een van deze zijn: \(Situation.allCases.map(\.rawValue).joined(separator: ", ")) (stalking: iemand volgt of bedreigt je; breakup: na een relatie)"))
                }
                configuration.situation = situation
                // Also an input, for the checks that apply only then (safety.risk).
                configuration.inputs["situation"] = [situation.rawValue]
            case "country":
                guard let country = value.string?.lowercased(), countries.contains(country) else {
                    throw fail(value.mark, LocalizedText(en: "'country' must be one of \(countries.joined(separator: ", "))", nl: "'country' moet een van deze zijn: \(countries.joined(separator: ", "))"))
                }
                configuration.country = country
            case "identity":
                let values = try strings(value, key)
                if values.count > 1 { throw fail(value.mark, LocalizedText(en: "'\(key)' takes one value", nl: "'\(key)' heeft één waarde")) }
                configuration.inputs["identity"] = values.map { Self.expandTilde($0) }
            case "evidence-store":
                guard value.scalar != nil, let path = value.string, !path.isEmpty else {
                    throw fail(value.mark, LocalizedText(en: "'evidence-store' must be a folder", nl: "'evidence-store' moet een map zijn"))
                }
                configuration.evidenceStore = Self.expandTilde(path)
            default:
                guard let setting = settings.first(where: { $0.key == key }) else {
                    throw fail(keyNode.mark, LocalizedText(en: "unknown setting '\(key)'; known settings: \(keys.joined(separator: ", "))", nl: "onbekende instelling '\(key)'; de instellingen zijn: \(keys.joined(separator: ", "))"))
                }
                let values = try strings(value, key)
                if !setting.list && values.count > 1 { throw fail(value.mark, LocalizedText(en: "'\(key)' takes one value", nl: "'\(key)' heeft één waarde")) }
                if let problem = values.lazy.compactMap(setting.problem).first { throw fail(value.mark, problem) }
                configuration.inputs[setting.input] = setting.paths ? values.map { Self.expandTilde($0) } : values
            }
        }
        return configuration
    }

    /// A calendar day written `YYYY-MM-DD`, as midnight UTC.
    /// Also `DD-MM-YYYY`, the order Dutch and Belgian users write (`31-01-2026`).
    public static func day(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.isLenient = false
        for pattern in ["yyyy-MM-dd", "dd-MM-yyyy"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + path.dropFirst()
    }

    /// The commented configuration `hygiene init` writes: the general settings, then each family's example.
    public static func template(examples: [String]) -> String {
        ([generalTemplate] + examples.filter { !$0.isEmpty }).joined(separator: "\n")
    }

    /// The general settings' part of the template.
    static let generalTemplate = """
    # hygiene configuration. Every setting is optional; remove the '#' to use one.
    # Configuratie van hygiene. Elke instelling is optioneel; haal de '#' weg om er een te gebruiken.
    version: 1

    # Language of the report: en or nl (default: from LANG). Set it for scheduled audits too: their reminders
    # run without your LANG. / Taal van het rapport: en of nl (standaard: uit LANG). Zet deze ook voor
    # geplande controles: die draaien zonder jouw LANG, dus anders komt de herinnering in het Engels.
    # language: nl

    # Exit with status 1 when a finding is at least this severe: critical, high, medium, low, info.
    # Sluit af met status 1 bij een bevinding van minstens deze ernst.
    # fail-on: high

    # Checks to leave out, by id (see 'hygiene checks list'). / Controles die je overslaat, op id.
    # skip:
    #   - device.autostart

    # What you are dealing with: stalking or breakup (write the English word). The report then opens with
    # whom to call and a reminder to keep evidence first. / Waar je mee te maken hebt: schrijf stalking, of
    # breakup voor een relatiebreuk (het Engelse woord). Het rapport begint dan met wie je kunt bellen en
    # de herinnering om eerst bewijs te bewaren.
    # situation: stalking

    # Whose helplines to show: nl or be (default: from LANG). / Welke hulplijnen: nl of be.
    # country: nl

    # Where the evidence logbook is kept ('hygiene evidence'). / Waar het bewijslogboek staat.
    # evidence-store: ~/.local/share/hygiene/evidence

    # Folders with your own check definitions. / Mappen met je eigen controles.
    # checks:
    #   - ~/hygiene-checks

    # How often you want to audit; the report reminds you when one is due.
    # Hoe vaak je wilt controleren; het rapport herinnert je eraan als het weer tijd is.
    # audit-every: 30d

    # A file with your name, aliases, addresses and numbers, to look for in your pages and passwords.
    # Een bestand met je naam, bijnamen, adressen en nummers, om op je pagina's en in je wachtwoorden te zoeken.
    # identity: ~/.config/hygiene/identity.yaml

    """
}
