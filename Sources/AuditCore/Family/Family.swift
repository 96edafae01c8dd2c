import Foundation

/// A family of checks, seen from the core: its kinds, the settings of the configuration it owns, the
/// labels of the fields its findings carry, the state it keeps, and the reading of its inputs before
/// an audit. The core knows no family; the CLI holds the list of them (`Catalog.families`).
///
/// A new family is a module with one type conforming to this, one line in that list and, when it
/// takes flags, one `@OptionGroup` that fills `given`.
public protocol Family: Sendable {
    /// The name `--only` takes and every kind's `KindDescription.family`: `vault`, `exposure`.
    var id: String { get }
    /// What a person calls it, in a report or a message: "passwords", "wachtwoorden".
    var name: LocalizedText { get }
    /// Its kinds of check.
    var kinds: [any CheckKind.Type] { get }
    /// The configuration keys it owns, with how each is checked.
    var settings: [Setting] { get }
    /// The configuration template's commented example of those settings (`hygiene init`), or empty.
    var settingsExample: String { get }
    /// The Dutch label of each subject field its findings use (`username` → `gebruikersnaam`).
    var fieldLabels: [String: String] { get }
    /// The tables it keeps in the state database, created and upgraded in order.
    var migrations: [StateMigration] { get }
    /// The inputs the given flags and settings will be read into, before they are: checks on them
    /// warm up meanwhile (word lists load while an export is parsed).
    func expectedInputs(_ given: AuditInputs) -> [String]
    /// Reads what its checks need, before any check runs. Throws, stopping the run with the message,
    /// for input that was asked for and cannot be read; says in the notes what it could not read.
    func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs
    /// Reminders for the end of the report, once the checks have run (`only`: the `--only` families).
    func reminders(for report: AuditReport, only: [String]) -> [LocalizedText]
    /// What the report opens with, before any finding (helplines when the situation calls for them), or nil.
    func opening(context: FamilyContext) throws -> ReportOpening?
}

extension Family {
    public var settings: [Setting] { [] }
    public var settingsExample: String { "" }
    public var fieldLabels: [String: String] { [:] }
    public var migrations: [StateMigration] { [] }
    public func expectedInputs(_ given: AuditInputs) -> [String] { [] }
    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs { PreparedInputs() }
    public func reminders(for report: AuditReport, only: [String]) -> [LocalizedText] { [] }
    public func opening(context: FamilyContext) throws -> ReportOpening? { nil }
}

/// What a family's preparation adds: inputs for its checks, reminders for the report, and the
/// sources it read (pages, a phone), each with whether it could be read.
public struct PreparedInputs: Sendable {
    public var inputs = AuditInputs()
    public var notes: [LocalizedText] = []
    public var sources: [SourceStatus] = []

    public init(inputs: AuditInputs = AuditInputs(), notes: [LocalizedText] = [], sources: [SourceStatus] = []) {
        self.inputs = inputs
        self.notes = notes
        self.sources = sources
    }
}

/// What a family may use while it prepares: the configuration, the run's choices, the machine, the
/// network (only for what the user asked for), a way to ask for a secret, and progress.
public struct FamilyContext: Sendable {
    public var configuration: Configuration
    /// `--only` families; empty means all.
    public var only: [String]
    /// Check ids not to run.
    public var skip: Set<String>
    /// The checks loaded for this run, for the data files a family reads its inputs with.
    public var checks: [Check]
    public var language: Language
    /// The machine audited: its file tree (under `--root`), command runner and clock.
    public var host: Machine
    /// Runs the tools a family drives on this computer (adb), even when the audit reads another tree
    /// with `--root`; the host's runner by default.
    public var tools: any CommandRunner
    /// The process's environment variables (`HYGIENE_CHROMIUM`, `LANG`).
    public var environment: [String: String]
    /// The fetcher for requests the user asked for (`--url`, `--online-breach-check`).
    public var fetcher: any HTTPFetching
    /// Where master passwords are read from.
    public var secrets: any SecretInput
    /// The folder of the state database, under which a family may keep private files (phone captures).
    public var dataDirectory: String
    /// The state database, with the families' tables; nil with `--no-state`.
    public var state: StateStore?
    /// `key done/total` on standard error while a long preparation runs, or nil when not shown.
    public var progress: (@Sendable (_ activity: String, _ done: Int, _ total: Int) -> Void)?
    /// Clears the progress line.
    public var progressDone: @Sendable () -> Void
    /// A line on standard error (a wrong password, try again).
    public var warn: @Sendable (String) -> Void

    public init(configuration: Configuration, only: [String] = [], skip: Set<String> = [], checks: [Check] = [],
                language: Language = .en, host: Machine, environment: [String: String] = [:], fetcher: any HTTPFetching, secrets: any SecretInput,
                dataDirectory: String, state: StateStore? = nil, progress: (@Sendable (String, Int, Int) -> Void)? = nil,
                progressDone: @escaping @Sendable () -> Void = {}, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.only = only
        self.skip = skip
        self.checks = checks
        self.language = language
        self.host = host
        self.tools = host.runner
        self.environment = environment
        self.fetcher = fetcher
        self.secrets = secrets
        self.dataDirectory = dataDirectory
        self.state = state
        self.progress = progress
        self.progressDone = progressDone
        self.warn = warn
    }

    /// Whether the family's checks run in this audit.
    public func runs(_ family: String) -> Bool { only.isEmpty || only.contains(family) }
    /// Whether the family was asked for by name (`--only vault`): then a missing input is an error.
    public func asked(_ family: String) -> Bool { only.contains(family) }
}

/// Where a master password comes from: standard input, read one line at a time, never through a
/// `String` the process keeps, never echoed on a terminal.
public protocol SecretInput: Sendable {
    /// Whether standard input is a terminal a prompt can be shown on.
    var isTerminal: Bool { get }
    /// One line without its line break, nil at the end of input. With a prompt on a terminal, the
    /// prompt goes to standard error and what is typed is not shown.
    func readLine(prompt: String?) -> [UInt8]?
}

/// A family's input that stops the run, with a message in both languages: `usage` for flags that
/// cannot be used as given (exit 64, as any usage error), otherwise input that cannot be read (exit 2).
public struct InputError: Error, LocalizedFailure, Sendable {
    public var message: LocalizedText
    public var usage: Bool

    public init(_ message: LocalizedText, usage: Bool = false) {
        self.message = message
        self.usage = usage
    }

    /// A file named by a flag or a setting that cannot be read.
    public static func unreadable(_ path: String, reason: String) -> InputError {
        InputError(LocalizedText(en: "\(path): cannot read: \(reason)", nl: "\(path): kan niet lezen: \(SystemReason.text(reason)(.nl))"))
    }

    /// Why a file cannot be read, in the words `unreadable` takes.
    public static func reason(_ path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
    }
}
