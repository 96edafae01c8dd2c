import Foundation

/// A key of the configuration file that a family owns: `vaults`, `urls`, `phone`. Its values become
/// the input of the same or another name (`vaults` → `vault`), checked as the family says, with the
/// file, line and column of a value that is not right.
public struct Setting: Sendable {
    /// The key in the configuration file.
    public var key: String
    /// The input its values become.
    public var input: String
    /// Whether it holds a list; otherwise one value.
    public var list: Bool
    /// Whether its values are paths, whose `~/` is the home folder.
    public var paths: Bool
    /// What is wrong with one value, or nil when it is right.
    public var problem: @Sendable (String) -> LocalizedText?

    public init(_ key: String, input: String? = nil, list: Bool = false, paths: Bool = false,
                problem: @escaping @Sendable (String) -> LocalizedText? = { _ in nil }) {
        self.key = key
        self.input = input ?? key
        self.list = list
        self.paths = paths
        self.problem = problem
    }

    /// A file or folder, or a list of them.
    public static func path(_ key: String, input: String? = nil, list: Bool = false) -> Setting {
        Setting(key, input: input, list: list, paths: true)
    }

    /// Text values, or a list of them, checked by `valid`; `message` says what is expected.
    public static func text(_ key: String, input: String? = nil, list: Bool = false, message: LocalizedText? = nil,
                            valid: @escaping @Sendable (String) -> Bool = { _ in true }) -> Setting {
        Setting(key, input: input, list: list) { value in valid(value) ? nil : message ?? LocalizedText(en: "'\(key)' has a value that is not allowed", nl: "'\(key)' heeft een waarde die niet mag") }
    }
}
