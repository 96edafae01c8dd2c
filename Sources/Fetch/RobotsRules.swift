import Foundation

/// What a site's robots.txt allows a crawler named `agent`: the group for that agent, or else the
/// `*` group; the longest matching `Allow`/`Disallow` rule wins, `Allow` on a tie; `*` and `$` in rules.
public struct RobotsRules: Sendable {
    struct Rule: Sendable {
        var allow: Bool
        var pattern: String
    }

    let rules: [Rule]

    /// Everything allowed: no robots.txt, or one that could not be read.
    public static let allowAll = RobotsRules(rules: [])

    init(rules: [Rule]) { self.rules = rules }

    public init(parsing text: String, agent: String) {
        let agent = agent.lowercased()
        var groups: [(agents: [String], rules: [Rule])] = []
        var collectingAgents = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.prefix { $0 != "#" }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "user-agent":
                if collectingAgents, !groups.isEmpty {
                    groups[groups.count - 1].agents.append(value.lowercased())
                } else {
                    groups.append(([value.lowercased()], []))
                }
                collectingAgents = true
            case "allow", "disallow":
                collectingAgents = false
                guard !groups.isEmpty else { continue }
                // An empty Disallow allows everything: no rule.
                if value.isEmpty { continue }
                groups[groups.count - 1].rules.append(Rule(allow: field == "allow", pattern: value))
            default:
                collectingAgents = false
            }
        }
        let own = groups.filter { $0.agents.contains { $0 != "*" && agent.hasPrefix($0) } }
        let chosen = own.isEmpty ? groups.filter { $0.agents.contains("*") } : own
        rules = chosen.flatMap(\.rules)
    }

    /// Whether the crawler may fetch this path (with its query).
    public func allows(_ pathAndQuery: String) -> Bool {
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern, pathAndQuery) {
            if let current = best {
                if rule.pattern.count > current.pattern.count || (rule.pattern.count == current.pattern.count && rule.allow) { best = rule }
            } else {
                best = rule
            }
        }
        return best?.allow ?? true
    }

    /// Prefix match with `*` for any run of characters and a final `$` for the end.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let anchored = pattern.hasSuffix("$")
        let parts = (anchored ? String(pattern.dropLast()) : pattern).split(separator: "*", omittingEmptySubsequences: false)
        var rest = Substring(path)
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if index == parts.count - 1 && anchored {
                return rest.hasSuffix(part)
            } else if !part.isEmpty {
                guard let range = rest.range(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return !anchored || rest.isEmpty || parts.last == ""
    }
}
