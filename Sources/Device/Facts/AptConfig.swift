import AuditCore
import Foundation

/// The effective APT configuration, read as APT reads it: the files of `apt.conf.d` in name order,
/// then `apt.conf`; a later value wins. Understands `A::B "v";`, nested `A { B "v"; };`,
/// comments (`//`, `#`, `/* */`) and `#clear`.
struct AptConfig: Sendable {
    /// Lowercased key → (value, the file that set it).
    var values: [String: (value: String, file: String)] = [:]

    static func read(_ host: Machine) throws -> AptConfig {
        try host.facts.value("apt-config") {
            var config = AptConfig()
            let parts = try host.list("/etc/apt/apt.conf.d").filter(isReadByApt)
            for name in parts {
                let path = "/etc/apt/apt.conf.d/\(name)"
                if let text = try host.read(path) { config.apply(text, file: path) }
            }
            if let text = try host.read("/etc/apt/apt.conf") { config.apply(text, file: "/etc/apt/apt.conf") }
            return config
        }
    }

    /// APT skips names with other characters and backup copies (`Dir::Ignore-Files-Silently`).
    static func isReadByApt(_ name: String) -> Bool {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else { return false }
        let ignored = ["~", ".disabled", ".bak", ".save", ".orig", ".distUpgrade", ".dpkg-old", ".dpkg-new",
                       ".dpkg-dist", ".dpkg-bak", ".dpkg-tmp", ".ucf-old", ".ucf-new", ".ucf-dist"]
        return !ignored.contains { name.hasSuffix($0) }
    }

    func value(_ key: String) -> (value: String, file: String)? { values[key.lowercased()] }

    mutating func apply(_ text: String, file: String) {
        var scope: [String] = []
        var tokens = Self.tokens(text)[...]
        while let token = tokens.popFirst() {
            switch token {
            case .clear(let key):
                let prefix = key.lowercased()
                values = values.filter { $0.key != prefix && !$0.key.hasPrefix(prefix + "::") }
            case .close:
                _ = scope.popLast()
            case .word(let name):
                let full = (scope + [name]).joined(separator: "::")
                switch tokens.first {
                case .open:
                    tokens.removeFirst()
                    scope.append(name)
                case .string(let value):
                    tokens.removeFirst()
                    values[full.lowercased()] = (value, file)
                default:
                    break
                }
            case .open, .string:
                break
            }
        }
    }

    enum Token: Equatable { case word(String), string(String), open, close, clear(String) }

    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace || c == ";" { i += 1; continue }
            if c == "/" && i + 1 < chars.count && chars[i + 1] == "/" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count && !(chars[i] == "*" && chars[i + 1] == "/") { i += 1 }
                i += 2
                continue
            }
            if c == "#" {
                var line = ""
                while i < chars.count && chars[i] != "\n" { line.append(chars[i]); i += 1 }
                let words = line.split(separator: " ")
                if words.first == "#clear", words.count > 1 {
                    tokens.append(.clear(words[1].trimmingCharacters(in: CharacterSet(charactersIn: ";"))))
                }
                continue
            }
            if c == "{" { tokens.append(.open); i += 1; continue }
            if c == "}" { tokens.append(.close); i += 1; continue }
            if c == "\"" {
                var value = ""
                i += 1
                while i < chars.count && chars[i] != "\"" { value.append(chars[i]); i += 1 }
                i += 1
                tokens.append(.string(value))
                continue
            }
            var word = ""
            while i < chars.count, !chars[i].isWhitespace, !"{};\"".contains(chars[i]) { word.append(chars[i]); i += 1 }
            tokens.append(.word(word))
        }
        return tokens
    }
}
