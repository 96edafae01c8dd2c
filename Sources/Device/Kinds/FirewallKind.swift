import AuditCore
import Foundation

/// What a packet filter does with traffic coming in, read from `nft list ruleset` or `iptables-save`.
enum Ruleset {
    struct Chain {
        var hookInput = false
        var policyDrop = false
        var rules: [String] = []
    }

    /// Whether an input chain drops by policy or has a drop/reject rule (directly or through jumps).
    /// Empty chains with an accept policy, left over from a removed firewall, filter nothing.
    static func nftFiltersInput(_ text: String) -> Bool {
        var chains: [String: Chain] = [:]
        var table = "", current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let words = line.split(separator: " ").map(String.init)
            if words.first == "table", words.count >= 3 { table = words[1] + " " + words[2]; continue }
            if words.first == "chain", words.count >= 2 { current = table + "/" + words[1]; chains[current!] = Chain(); continue }
            if line == "}" { current = nil; continue }
            guard let name = current else { continue }
            if line.contains("hook input") {
                chains[name]?.hookInput = true
                if line.contains("policy drop") { chains[name]?.policyDrop = true }
            } else if !line.isEmpty {
                chains[name]?.rules.append(line)
            }
        }
        func filters(_ name: String, depth: Int) -> Bool {
            guard depth < 16, let chain = chains[name] else { return false }
            for rule in chain.rules {
                let words = rule.split(separator: " ")
                if words.contains("drop") || words.contains("reject") { return true }
                if let index = words.firstIndex(where: { $0 == "jump" || $0 == "goto" }), index + 1 < words.count {
                    let prefix = name.split(separator: "/").first.map(String.init) ?? ""
                    if filters(prefix + "/" + words[index + 1], depth: depth + 1) { return true }
                }
            }
            return false
        }
        return chains.contains { name, chain in chain.hookInput && (chain.policyDrop || filters(name, depth: 0)) }
    }

    static func iptablesFiltersInput(_ text: String) -> Bool {
        var policyDrop = false
        var rules: [String: [String]] = [:]
        var inFilter = false
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("*") { inFilter = line == "*filter"; continue }
            guard inFilter else { continue }
            if line.hasPrefix(":INPUT ") && (line.contains(" DROP") || line.contains(" REJECT")) { policyDrop = true }
            if line.hasPrefix("-A ") {
                let words = line.split(separator: " ").map(String.init)
                if words.count > 1 { rules[words[1], default: []].append(line) }
            }
        }
        func filters(_ chain: String, depth: Int) -> Bool {
            guard depth < 16 else { return false }
            for rule in rules[chain] ?? [] {
                let words = rule.split(separator: " ").map(String.init)
                guard let index = words.firstIndex(of: "-j"), index + 1 < words.count else { continue }
                let target = words[index + 1]
                if target == "DROP" || target == "REJECT" { return true }
                if rules[target] != nil && filters(target, depth: depth + 1) { return true }
            }
            return false
        }
        return policyDrop || filters("INPUT", depth: 0)
    }
}

/// Whether a firewall filters incoming traffic. As root: by the active ruleset. Otherwise: a firewall
/// that is not even set to start is a failure; one that is set to start cannot be verified and is skipped.
struct FirewallKind: CheckKind {
    struct Frontend: Sendable {
        var name: String
        var unit: String?
        var config: String?
        var enabled: Pattern?

        init(_ p: Parameters) throws {
            try p.allowOnly(["name", "unit", "config", "enabled"])
            name = try p.string("name")
            unit = try p.optionalString("unit")
            config = try p.optionalString("config")
            enabled = try p.optionalRegex("enabled")
            if unit == nil && (config == nil || enabled == nil) {
                throw Parameters.Problem(message: "frontend '\(name)' needs a unit, or a config with an enabled pattern")
            }
        }

        func isConfigured(_ host: Machine) throws -> LocalizedText? {
            if let config, let enabled, let text = try host.read(config), enabled.matches(text) {
                return LocalizedText(en: "\(name) is switched on in \(config)", nl: "\(name) staat aan in \(config)")
            }
            if let unit, case .enabled = try SystemdUnits.state(of: unit, host: host) {
                return LocalizedText(en: "\(name) (\(unit)) is set to start", nl: "\(name) (\(unit)) start automatisch")
            }
            return nil
        }
    }

    static let description = KindDescription(
        identifier: "firewall",
        family: "device",
        summary: "Judges the active packet filter as root (nft, iptables); without root, whether any firewall is set to start.",
        parameters: [ParameterSpec("frontends", required: true, "list of {name, unit, config, enabled}: ufw, firewalld, nftables…")],
        examples: [
            KindExample("nothing set to start fails without root", parameters: Self.example, files: [
                "/etc/ufw/ufw.conf": "ENABLED=no\n",
            ], expect: .failed, findings: 1),
            KindExample("ufw switched on cannot be verified without root", parameters: Self.example, files: [
                "/etc/ufw/ufw.conf": "ENABLED=yes\n",
            ], expect: .skipped),
            KindExample("empty leftover chains fail as root", parameters: Self.example, files: [
                "/etc/ufw/ufw.conf": "ENABLED=yes\n",
            ], commands: [
                "nft list ruleset": CommandResult(output: """
                    table inet filter {
                    \tchain input {
                    \t\ttype filter hook input priority filter; policy accept;
                    \t}
                    }
                    """),
            ], privileged: true, expect: .failed, findings: 1),
            KindExample("a dropping input chain passes as root", parameters: Self.example, commands: [
                "nft list ruleset": CommandResult(output: """
                    table inet filter {
                    \tchain input {
                    \t\ttype filter hook input priority filter; policy accept;
                    \t\tct state established,related accept
                    \t\tjump refuse
                    \t}
                    \tchain refuse {
                    \t\tcounter drop
                    \t}
                    }
                    """),
            ], privileged: true, expect: .passed),
        ])

    static let example = """
        frontends:
          - {name: ufw, config: /etc/ufw/ufw.conf, enabled: '^ENABLED=yes'}
          - {name: firewalld, unit: firewalld.service}
        """

    let frontends: [Frontend]

    init(parameters: Parameters) throws {
        frontends = try parameters.list("frontends", Frontend.init)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let configured = try frontends.compactMap { try $0.isConfigured(host) }
        if host.privileged {
            var seen: [String] = []
            for (command, judge) in [(["nft", "list", "ruleset"], Ruleset.nftFiltersInput),
                                     (["iptables-save"], Ruleset.iptablesFiltersInput)]
            where host.runner.isAvailable(command[0]) {
                let result = try await host.runner.run(command, timeout: .seconds(5))
                guard result.status == 0 else { continue }
                seen.append(command.joined(separator: " "))
                if judge(result.output) {
                    return .passed(evidence: LocalizedText(
                        en: "'\(command.joined(separator: " "))' shows incoming traffic is filtered",
                        nl: "'\(command.joined(separator: " "))' laat zien dat inkomend verkeer gefilterd wordt"))
                }
            }
            if !seen.isEmpty {
                let also = configured.isEmpty ? LocalizedText(en: "", nl: "")
                    : LocalizedText(en: " (although " + configured.map(\.en).joined(separator: "; ") + ")",
                                    nl: " (hoewel " + configured.map(\.nl).joined(separator: "; ") + ")")
                return .failed([FindingDraft(key: "not-filtering", detail: LocalizedText(
                    en: "The active rules (\(seen.joined(separator: ", "))) let all incoming traffic through: no input chain drops or rejects anything.",
                    nl: "De actieve regels (\(seen.joined(separator: ", "))) laten al het inkomende verkeer door: geen enkele invoerketen weigert iets.") + also)])
            }
        }
        if configured.isEmpty {
            let names = frontends.map(\.name).joined(separator: ", ")
            return .failed([FindingDraft(key: "none-configured", detail: LocalizedText(
                en: "No firewall is set to start: none of \(names) is switched on.",
                nl: "Er start geen firewall: geen van \(names) staat aan."))])
        }
        return .skipped(reason: LocalizedText(
            en: configured.map(\.en).joined(separator: "; ") + ", but only root can see whether it really filters; run with sudo to judge this",
            nl: configured.map(\.nl).joined(separator: "; ") + ", maar alleen root kan zien of die echt filtert; draai met sudo om dit te beoordelen"))
    }
}
