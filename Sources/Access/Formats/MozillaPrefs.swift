import Foundation

/// Mozilla's preference files (`prefs.js`, `user.js`, `defaults/pref/*.js`): one
/// `user_pref("name", value);` (or `pref(…)`, `lockPref(…)`, `defaultPref(…)`) per line. Values are
/// strings, numbers or booleans; other JavaScript in the file is ignored, as Firefox's own reader does
/// for anything it cannot parse.
struct MozillaPrefs: Sendable {
    struct Pref: Sendable {
        var name: String
        /// The value as written, strings without their quotes and with `\"` and `\\` undone.
        var value: String
        var isString: Bool
        var line: Int
        /// `user_pref`, `pref`, `lockPref`, `defaultPref`, `sticky_pref`.
        var function: String
    }

    var prefs: [Pref]

    init(_ text: String) {
        var prefs: [Pref] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let open = line.firstIndex(of: "(") else { continue }
            let function = line[..<open].trimmingCharacters(in: .whitespaces)
            guard ["user_pref", "pref", "lockPref", "defaultPref", "sticky_pref"].contains(function) else { continue }
            var scanner = Substring(line[line.index(after: open)...])
            guard let name = Self.string(&scanner) else { continue }
            scanner = scanner.drop { $0 == " " || $0 == "\t" }
            guard scanner.first == "," else { continue }
            scanner = scanner.dropFirst().drop { $0 == " " || $0 == "\t" }
            if scanner.first == "\"" || scanner.first == "'" {
                guard let value = Self.string(&scanner) else { continue }
                prefs.append(Pref(name: name, value: value, isString: true, line: index + 1, function: function))
            } else {
                let value = scanner.prefix { $0 != ")" && $0 != "," }.trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else { continue }
                prefs.append(Pref(name: name, value: value, isString: false, line: index + 1, function: function))
            }
        }
        self.prefs = prefs
    }

    /// Reads a quoted string at the start of `text` and moves past it.
    private static func string(_ text: inout Substring) -> String? {
        text = text.drop { $0 == " " || $0 == "\t" }
        guard let quote = text.first, quote == "\"" || quote == "'" else { return nil }
        var result = ""
        var escaped = false
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == quote {
                text = text[text.index(after: index)...]
                return result
            } else {
                result.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The last value of a preference (later lines win).
    subscript(name: String) -> Pref? { prefs.last { $0.name == name } }

    func value(_ name: String) -> String? { self[name]?.value }

    /// Preferences whose names start with `prefix`.
    func starting(with prefix: String) -> [Pref] { prefs.filter { $0.name.hasPrefix(prefix) } }
}
