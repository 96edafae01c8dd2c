import Foundation

/// A kind of check: code that a definition in `Checks/` binds to an id and parameters.
///
/// A kind is one small type. Its `description` says which parameters it accepts; the loader
/// rejects any other. Its examples double as tests.
public protocol CheckKind: Sendable {
    static var description: KindDescription { get }
    /// Reads the definition's `params`. Throw `Parameters.Problem` (via the accessors) for bad values.
    init(parameters: Parameters) throws
    /// Runs the check. Throwing marks the check `error` with the message; it never stops the audit.
    func run(in context: CheckContext) async throws -> CheckOutcome
    /// Reads in full the data files the check names, which is too slow for every load (a large
    /// JSON file read only when the check runs): `hygiene checks validate` and the tests call it.
    func validateData() throws
    /// Work that needs no input, started while the inputs are still being read (loading word lists
    /// while a vault export is parsed). `run` must not rely on it having finished, or having run.
    func warmUp(host: Machine)
}

extension CheckKind {
    public func validateData() throws {}
    public func warmUp(host: Machine) {}
}

/// What a kind is and what it accepts.
public struct KindDescription: Sendable {
    public var identifier: String
    /// The family the kind belongs to (`device`, `vault`…), used by `--only`.
    public var family: String
    public var summary: String
    public var parameters: [ParameterSpec]
    public var examples: [KindExample]

    public init(identifier: String, family: String, summary: String,
                parameters: [ParameterSpec], examples: [KindExample] = []) {
        self.identifier = identifier
        self.family = family
        self.summary = summary
        self.parameters = parameters
        self.examples = examples
    }
}

public struct ParameterSpec: Sendable {
    public var name: String
    public var summary: String
    public var required: Bool

    public init(_ name: String, required: Bool = false, _ summary: String) {
        self.name = name
        self.required = required
        self.summary = summary
    }
}

/// An example use of a kind: parameters, a machine (files and command outputs), what its family is
/// given (as flags give it), and the expected status. The test suite runs every example of every kind,
/// through its family's own `prepare`, so an example exercises the same path as an audit.
public struct KindExample: Sendable {
    public var name: String
    /// The `params` mapping in YAML.
    public var parameters: String
    /// Files of the fixture tree, by absolute path (`~/` for the home folder).
    public var files: [String: String]
    /// Days since each of these files was last changed (default: just now).
    public var ages: [String: Int]
    /// Command outputs, by the command line joined with spaces.
    public var commands: [String: CommandResult]
    public var privileged: Bool
    /// What the family is given, as texts under the flags' or settings' names (`vault: ["~/export.csv"]`);
    /// `~/` is the fixture's home folder.
    public var given: [String: [String]]
    /// The pages a fetcher serves, by address, for the kinds that read pages; an image as a data address
    /// (`data:image/jpeg;base64,…`), served as its bytes with that media type.
    public var pages: [String: String]
    public var expected: CheckStatus
    /// How many findings a failing example yields.
    public var findings: Int?

    public init(_ name: String, parameters: String, files: [String: String] = [:], ages: [String: Int] = [:],
                commands: [String: CommandResult] = [:], privileged: Bool = false,
                given: [String: [String]] = [:], pages: [String: String] = [:],
                expect expected: CheckStatus, findings: Int? = nil) {
        self.given = given
        self.pages = pages
        self.name = name
        self.parameters = parameters
        self.files = files
        self.ages = ages
        self.commands = commands
        self.privileged = privileged
        self.expected = expected
        self.findings = findings
    }
}

/// How a check ended.
public enum CheckStatus: String, Sendable, Codable, CaseIterable {
    case passed, failed, skipped, error
}

/// What a kind's run returns.
public enum CheckOutcome: Sendable {
    /// Passed, with the evidence that the protection works (what was read, where).
    case passed(evidence: LocalizedText)
    /// Findings to act on or to review.
    case failed([FindingDraft])
    /// Not judged, and why: not applicable, input missing, needs root…
    case skipped(reason: LocalizedText)
}
