import Foundation

/// Where a definition came from, for messages.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// When a check applies.
public struct Applicability: Sendable, Hashable {
    /// Operating systems by `os-release` id (`debian` also matches Ubuntu through `ID_LIKE`), or `macos`.
    public var os: [String] = []
    /// Inputs that must be given (`vault`, `url`, `identity`).
    public var inputs: [String] = []
    /// Commands that must be installed.
    public var commands: [String] = []

    public init(os: [String] = [], inputs: [String] = [], commands: [String] = []) {
        self.os = os
        self.inputs = inputs
        self.commands = commands
    }

    /// `nil` when the check applies, otherwise why not.
    public func reasonNotApplicable(host: Machine, inputs given: AuditInputs) -> LocalizedText? {
        if !os.isEmpty, !os.contains(where: host.os.matches) {
            let list = os.joined(separator: ", ")
            return LocalizedText(en: "not applicable: this check is for \(list); this system is \(host.os.id)",
                                 nl: "niet van toepassing: deze controle is voor \(list); dit systeem is \(host.os.id)")
        }
        for input in inputs where !given.has(input) {
            return LocalizedText(en: "input missing: no \(input) was given",
                                 nl: "invoer ontbreekt: er is geen \(input) opgegeven")
        }
        if !commands.isEmpty, !commands.contains(where: host.runner.isAvailable) {
            let list = commands.joined(separator: ", ")
            return LocalizedText(en: "not applicable: none of \(list) is installed or can be run here",
                                 nl: "niet van toepassing: geen van \(list) is geïnstalleerd of hier uit te voeren")
        }
        return nil
    }
}

/// A check: a definition from `Checks/` bound to the kind that runs it.
public struct Check: Sendable {
    public var id: String
    public var kindIdentifier: String
    /// The first part of the id: `device`, `vault`, `exposure`…
    public var family: String
    public var severity: Severity
    /// 1–10: how much taking over accounts or tracking the person this protects against (10) versus nuisance (1).
    public var weight: Int
    public var effort: Effort
    public var category: String
    /// Which of the eight prevention tips this check serves (1–8), if any.
    public var tip: Int?
    public var title: LocalizedText
    public var why: LocalizedText
    public var fix: LocalizedSteps
    public var caution: LocalizedText?
    public var when: Applicability
    public var references: [String]
    public var source: SourceLocation
    public var implementation: any CheckKind

}

/// Inputs given to an audit (by flags or the config), by name: `vault`, `url`, `identity`,
/// `known-ssh-key`… The core does not interpret them; kinds do.
public struct AuditInputs: Sendable {
    public var values: [String: [String]]
    /// Inputs a family has read before the audit (a parsed vault), by the same names.
    public var prepared: [String: any Sendable] = [:]

    public init(_ values: [String: [String]] = [:]) { self.values = values }

    /// Whether an input was given, as text or prepared.
    public func has(_ name: String) -> Bool { !self[name].isEmpty || prepared[name] != nil }

    public subscript(name: String) -> [String] {
        get { values[name] ?? [] }
        set { values[name] = newValue }
    }
}

/// What a kind's `run` gets.
public struct CheckContext: Sendable {
    public var checkID: String
    public var host: Machine
    public var inputs: AuditInputs

    public init(checkID: String, host: Machine, inputs: AuditInputs) {
        self.checkID = checkID
        self.host = host
        self.inputs = inputs
    }
}
