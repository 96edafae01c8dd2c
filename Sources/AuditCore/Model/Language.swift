import Foundation

/// The languages every user-facing text is written in.
public enum Language: String, CaseIterable, Sendable, Codable {
    case en, nl

    /// The language asked for by the locale variables, as gettext reads them: `LANGUAGE` first (a list such
    /// as `nl:en`, its first language hygiene speaks) unless the locale is C, then `LC_ALL`, `LC_MESSAGES`, `LANG`.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        if let list = environment["LANGUAGE"], !list.isEmpty, !["C", "POSIX"].contains(locale.split(separator: ".").first.map(String.init) ?? locale) {
            for entry in list.split(separator: ":") {
                if entry.lowercased().hasPrefix("nl") { return .nl }
                if entry.lowercased().hasPrefix("en") { return .en }
            }
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("nl") ? .nl : .en
        }
        return .en
    }
}

/// A text in every supported language.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var en: String
    public var nl: String

    public init(en: String, nl: String) {
        self.en = en
        self.nl = nl
    }

    public func callAsFunction(_ language: Language) -> String {
        switch language {
        case .en: en
        case .nl: nl
        }
    }

    /// The same text in both languages, for values that need no translation (a path, a name).
    public static func verbatim(_ text: String) -> LocalizedText { LocalizedText(en: text, nl: text) }

    /// `1 login` or `2 logins`, in both languages.
    public static func count(_ n: Int, en: (String, String), nl: (String, String)) -> LocalizedText {
        LocalizedText(en: "\(n) \(n == 1 ? en.0 : en.1)", nl: "\(n) \(n == 1 ? nl.0 : nl.1)")
    }

    /// Joins two texts language by language.
    public static func + (lhs: LocalizedText, rhs: LocalizedText) -> LocalizedText {
        LocalizedText(en: lhs.en + rhs.en, nl: lhs.nl + rhs.nl)
    }
}

/// An ordered list of steps in every supported language.
public struct LocalizedSteps: Sendable, Hashable, Codable {
    public var en: [String]
    public var nl: [String]

    public init(en: [String], nl: [String]) {
        self.en = en
        self.nl = nl
    }

    public static let none = LocalizedSteps(en: [], nl: [])

    public func callAsFunction(_ language: Language) -> [String] {
        switch language {
        case .en: en
        case .nl: nl
        }
    }
}
