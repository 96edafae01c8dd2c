import Foundation

/// Values from INI-style files (`[Section]` then `key = value`) and shell-style `KEY=value` files.
enum KeyValueFile {
    /// The last value of `key` in `section` (or outside any section when `section` is nil).
    static func value(_ key: String, section: String?, in text: String) -> String? {
        var current: String?
        var found: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast())
                continue
            }
            guard current == section else { continue }
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { continue }
            found = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        return found
    }
}
