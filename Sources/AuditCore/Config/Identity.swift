import Foundation
import Yams

/// The person an audit is about: names, usernames, addresses and numbers to look for, and to
/// recognise in passwords. A YAML file; every key optional, unknown keys are errors.
extension InputKey where Value == Identity {
    /// The person's details (`--identity`, or `identity` in the configuration).
    public static let identity = InputKey(Identity.inputName, missing: LocalizedText(
        en: "no identity file was given (--identity FILE)", nl: "er is geen identiteitsbestand opgegeven (--identity BESTAND)"))
}

public struct Identity: Sendable, Hashable {
    public var name: String?
    public var aliases: [String] = []
    public var usernames: [String] = []
    public var street: String?
    public var employer: String?
    public var emails: [String] = []
    public var phones: [String] = []
    public var terms: [String] = []
    /// Devices the person owns, by name or model ("iPhone 15 van Sanne", "Pixel 8"), to tell their sessions from others'.
    public var devices: [String] = []
    /// Places the person signs in from: towns, countries, internet providers.
    public var places: [String] = []
    /// Internet addresses (or their beginnings, `203.0.113.`) the person signs in from.
    public var networks: [String] = []

    public static let inputName = "identity"
    static let listKeys = ["aliases", "usernames", "emails", "phones", "terms", "devices", "places", "networks"]
    static let textKeys = ["name", "street", "employer"]

    public init() {}

    public static func load(path: String) throws -> Identity {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError.unreadableIdentity(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ConfigurationError.unreadableIdentity(path: path, reason: "not UTF-8 text") }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> Identity {
        func fail(_ mark: Mark?, _ message: LocalizedText) -> ConfigurationError {
            .invalid(Diagnostic(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw ConfigurationError.invalid(CheckLoader.diagnostic(for: error, file: path))
        }
        var identity = Identity()
        guard let root else { return identity }
        guard let mapping = root.mapping else { throw fail(root.mark, LocalizedText(en: "expected a mapping with name, aliases, usernames, street, employer, emails, phones, terms, devices, places and networks", nl: "verwacht een lijst van sleutels: name, aliases, usernames, street, employer, emails, phones, terms, devices, places en networks")) }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if textKeys.contains(key) {
                guard value.scalar != nil, let text = value.string, !text.isEmpty else { throw fail(value.mark, LocalizedText(en: "'\(key)' must be a text", nl: "'\(key)' moet een tekst zijn")) }
                switch key {
                case "name": identity.name = text
                case "street": identity.street = text
                default: identity.employer = text
                }
            } else if listKeys.contains(key) {
                let items: [String]
                if value.scalar != nil, let single = value.string { items = [single] } else {
                    guard let sequence = value.sequence else { throw fail(value.mark, LocalizedText(en: "'\(key)' must be a list of texts", nl: "'\(key)' moet een lijst van teksten zijn")) }
                    items = try sequence.map { item in
                        guard item.scalar != nil, let text = item.string else { throw fail(item.mark, LocalizedText(en: "'\(key)' must be a list of texts", nl: "'\(key)' moet een lijst van teksten zijn")) }
                        return text
                    }
                }
                switch key {
                case "aliases": identity.aliases = items
                case "usernames": identity.usernames = items
                case "emails": identity.emails = items
                case "phones": identity.phones = items
                case "devices": identity.devices = items
                case "places": identity.places = items
                case "networks": identity.networks = items
                default: identity.terms = items
                }
            } else {
                throw fail(keyNode.mark, LocalizedText(en: "unknown key '\(key)'; an identity file has \((textKeys + listKeys).joined(separator: ", "))", nl: "onbekende sleutel '\(key)'; een identiteitsbestand kent \((textKeys + listKeys).joined(separator: ", ")) (name: naam, street: straat, employer: werkgever, aliases: andere namen, usernames: gebruikersnamen, emails: e-mailadressen, phones: telefoonnummers, terms: andere woorden, devices: je apparaten, places: je plaatsen, networks: je internetadressen)"))
            }
        }
        return identity
    }

    /// Words a guesser who knows this person tries: names and their parts, usernames, the local part
    /// of e-mail addresses, the street name, the employer, extra terms.
    public var guessableWords: [String] {
        var words: [String] = []
        let wholes = [name, street, employer].compactMap { $0 } + aliases + usernames + terms
            + emails.map { String($0.split(separator: "@").first ?? "") }
        for whole in wholes {
            let lower = whole.lowercased()
            words.append(lower.filter { $0.isLetter || $0.isNumber })
            words += lower.split(whereSeparator: { !$0.isLetter }).map(String.init)
        }
        var seen = Set<String>()
        return words.filter { $0.count >= 3 && seen.insert($0).inserted }
    }
}
