import Foundation

/// An INI-style file as GLib (GKeyFile), KDE (KConfig) and Qt (QSettings) write them: `[group]` lines,
/// then `key=value` lines. Groups and keys keep their order and line numbers, so a finding can name
/// the line it was read from. Nothing is unescaped beyond surrounding quotes.
struct KeyFile: Sendable {
    struct Entry: Sendable {
        var key: String
        var value: String
        var line: Int
    }

    struct Group: Sendable {
        var name: String
        var line: Int
        var entries: [Entry]

        /// The last value of `key` (later lines win, as in every reader of these files).
        func value(_ key: String) -> String? { entries.last { $0.key == key }?.value }
        func entry(_ key: String) -> Entry? { entries.last { $0.key == key } }
    }

    /// Entries before the first group are kept under the group named "".
    var groups: [Group]

    init(_ text: String) {
        var groups: [Group] = [Group(name: "", line: 0, entries: [])]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                groups.append(Group(name: String(line.dropFirst().dropLast()), line: index + 1, entries: []))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            groups[groups.count - 1].entries.append(Entry(key: key, value: value, line: index + 1))
        }
        self.groups = groups
    }

    /// The groups with this name, in file order (a file may repeat one).
    func groups(named name: String) -> [Group] { groups.filter { $0.name == name } }

    /// The last value of `key` in any group named `group`.
    func value(_ key: String, in group: String) -> String? {
        groups(named: group).compactMap { $0.value(key) }.last
    }

    /// Whether a keyfile value means yes (`true`, `1`, `yes`, `on`, `y`), case aside.
    static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["true", "1", "yes", "on", "y"].contains(value.lowercased())
    }
}
