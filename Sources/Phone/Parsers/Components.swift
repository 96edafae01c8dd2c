/// An Android component, `package/class`, with a short class (`.Service`) expanded.
public struct ComponentName: Sendable, Hashable, Codable, CustomStringConvertible {
    public var package: String
    public var className: String

    public init(package: String, className: String) {
        self.package = package
        self.className = className
    }

    /// `com.a/.B`, `com.a/com.a.B`, or `ComponentInfo{com.a/com.a.B}`; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        var body = Substring(text).trimmingCharacters(in: .whitespaces)[...]
        if body.hasPrefix("ComponentInfo{"), body.hasSuffix("}") { body = body.dropFirst(14).dropLast() }
        if body.hasPrefix("{"), body.hasSuffix("}") { body = body.dropFirst().dropLast() }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isName(parts[0]), Self.isName(parts[1].drop { $0 == "." }) else { return nil }
        package = String(parts[0])
        className = parts[1].hasPrefix(".") ? package + parts[1] : String(parts[1])
    }

    public var description: String { package + "/" + className }

    static func isName(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "$" }
    }

    /// Every component named in a text (`{com.a/.B}, {com.c/com.c.D}`), in order, without repeats.
    static func all(in text: Substring) -> [ComponentName] {
        var found: [ComponentName] = []
        let separators: Set<Character> = ["{", "}", ",", " ", ":", "\t", "\n", "[", "]", "(", ")"]
        for word in text.split(whereSeparator: { separators.contains($0) }) where word.contains("/") {
            if let component = ComponentName(word), !found.contains(component) { found.append(component) }
        }
        return found
    }
}

/// A secure/global setting holding a colon-separated component list
/// (`enabled_accessibility_services`, `enabled_notification_listeners`); `null` or blank means none.
public enum ComponentSetting {
    public static func parse(_ text: String) -> [ComponentName] {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty || value == "null" { return [] }
        var found: [ComponentName] = []
        for part in value.split(separator: ":") {
            if let component = ComponentName(part), !found.contains(component) { found.append(component) }
        }
        return found
    }
}

/// A setting with one value: `null` (never set) becomes `nil`.
public enum SingleSetting {
    public static func parse(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty || value == "null" ? nil : value
    }
}

/// The enabled services in `dumpsys accessibility`: the AOSP one-line `Enabled services:{{a/b}, {c/d}}` and the
/// Samsung-style block that spreads the braces over several lines.
public enum AccessibilityDump {
    public static func enabledServices(_ text: String) -> [ComponentName] {
        var found: [ComponentName] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard let range = line.range(of: "enabled services:", options: .caseInsensitive)
                    ?? line.range(of: "enabledServices=", options: .caseInsensitive) else {
                index += 1
                continue
            }
            // Collect until the braces that open after the label are closed again.
            var block = line[range.upperBound...]
            var depth = braceDepth(block)
            while depth > 0, index + 1 < lines.count {
                index += 1
                block = Substring(String(block) + "\n" + lines[index])
                depth += braceDepth(lines[index])
            }
            for component in ComponentName.all(in: block) where !found.contains(component) { found.append(component) }
            index += 1
        }
        return found
    }

    static func braceDepth(_ text: Substring) -> Int {
        text.reduce(0) { $0 + ($1 == "{" ? 1 : $1 == "}" ? -1 : 0) }
    }
}

import Foundation

/// `pm query-activities --brief`: a line of match details, then the activity as `package/class`, per
/// match. The packages that have a launcher activity, from every line that is a component.
public enum LauncherActivities {
    public static func packages(_ text: String) -> Set<String> {
        var found = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.contains("="), let component = ComponentName(trimmed) else { continue }
            found.insert(component.package)
        }
        return found
    }
}
