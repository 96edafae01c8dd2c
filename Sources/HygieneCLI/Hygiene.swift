import ArgumentParser
import AuditCore
import Foundation

/// `hygiene`: a privacy self-audit of this machine, accounts and public pages.
public struct Hygiene: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hygiene",
        abstract: "A privacy and security self-audit: this machine, your passwords, what is public about you.",
        discussion: """
            With no command, runs 'hygiene audit': checks this machine and prints a prioritised report.

            Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, 2 the run could not go on (bad input or check file), 64 a usage error.
            """,
        version: Catalog.version,
        subcommands: [AuditCommand.self, ResetCommand.self, SafetyCommand.self, PhoneCommand.self, TrackersCommand.self, EvidenceCommand.self, ChecksCommand.self, InitCommand.self,
                      HistoryCommand.self, RemovalRequestCommand.self, ForgetCommand.self, ScheduleCommand.self, CaseCommand.self],
        defaultSubcommand: AuditCommand.self)

    public init() {}
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $XDG_CONFIG_HOME/hygiene/config.yaml).")
    var config: String?

    @Option(name: .long, help: "The language of the output: en or nl (default: the config, then LANG).")
    var lang: Language?

    @Option(name: .customLong("checks"), help: ArgumentHelp("A folder of your own check definitions (repeatable).", valueName: "dir"))
    var checkDirectories: [String] = []

    @Option(name: .customLong("case"), help: ArgumentHelp("Keep this run's data in a helper's case, apart from your own and every other case (default: $HYGIENE_CASE).",
                                                         valueName: "name"))
    var caseName: String?

    func validate() throws {
        if let caseName { _ = try CaseCommand.usage { try CaseBook.validate(caseName) } }
    }

    /// The case asked for: `--case`, then `HYGIENE_CASE`; nil for the user's own data.
    static func chosenCase(_ option: String?, _ variables: [String: String]) -> String? {
        (option ?? variables["HYGIENE_CASE"]).flatMap { $0.isEmpty ? nil : $0.precomposedStringWithCanonicalMapping }
    }

    /// The run's environment, with its case: every path in it is the case's, temporary files included.
    var environment: CLIEnvironment {
        var environment = CLIEnvironment.current
        guard let name = Self.chosenCase(caseName, environment.variables) else { return environment }
        environment.caseName = name
        if let temporary = environment.place.temporaryFolder { environment.variables["TMPDIR"] = temporary }
        return environment
    }

    /// The case's place, checked before anything is read or written: a bad name is a usage error, an
    /// unknown case lists the known ones. Makes sure the case's temporary folder is there.
    @discardableResult
    func checkCase() throws -> DataPlace {
        let place = self.environment.place
        guard let name = place.caseName else { return place }
        _ = try CaseCommand.usage { try CaseBook(dataHome: place.dataHome).existing(name) }
        if let temporary = place.temporaryFolder {
            try? FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            // The real process's children (adb, the browser) take their temporary folder from the environment.
            if CaseCommand.setsProcessTemporary { setenv("TMPDIR", temporary, 1) }
        }
        return place
    }

    /// The user's configuration; in a case, with the case's own `config.yaml` read after it.
    func loadConfiguration() throws -> Configuration {
        if let lang { MessageLanguage.current?.set(lang) }
        let place = try checkCase()
        let path = config ?? Configuration.defaultPath(environment: environment.variables)
        let own = try Configuration.load(path: path, mustExist: config != nil, settings: Catalog.settings)
        guard let overlay = place.configurationOverlay else { return own }
        return own.inCase(try Configuration.load(path: overlay, mustExist: false, settings: Catalog.settings))
    }

    func language(_ configuration: Configuration) -> Language {
        let language = lang ?? configuration.language ?? Language.fromEnvironment(environment.variables)
        MessageLanguage.current?.set(language)
        return language
    }

    func loadChecks(_ configuration: Configuration) throws -> [Check] {
        try Catalog.loadChecks(extraDirectories: configuration.checkDirectories + checkDirectories)
    }
}

extension Language: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// The language of this run's messages, learnt as the command works it out (`--lang`, then the
/// configuration, then the locale), so that an error stopping the run speaks the user's language.
final class MessageLanguage: @unchecked Sendable {
    @TaskLocal static var current: MessageLanguage?
    private let lock = NSLock()
    private var chosen: Language?

    func set(_ language: Language) { lock.withLock { chosen = language } }

    /// The language chosen so far, or the locale's when the run stopped before choosing one.
    func language(_ environment: CLIEnvironment) -> Language {
        lock.withLock { chosen } ?? Language.fromEnvironment(environment.variables)
    }
}

/// Runs `body`, turning the errors users can act on into a message on standard error, in the user's
/// language, and exit 2.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    let messages = MessageLanguage()
    do {
        return try await MessageLanguage.$current.withValue(messages) { try await body() }
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as InputError where error.usage {
        // Flags a family cannot use as given: a usage error, as ArgumentParser's own.
        throw ValidationError(error.message(messages.language(CLIEnvironment.current)))
    } catch {
        let environment = CLIEnvironment.current
        environment.warn("hygiene: " + LocalizedText.describing(error)(messages.language(environment)))
        throw ExitCode(2)
    }
}

extension Hygiene {
    /// Parses the process arguments and runs the chosen command, exiting with its status.
    public static func runAsRoot(_ arguments: [String]? = nil) async {
        do {
            CaseCommand.setsProcessTemporary = true
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            DutchUsageErrors.exitIfDutch(error, arguments: arguments ?? Array(CommandLine.arguments.dropFirst()),
                                         environment: ProcessInfo.processInfo.environment)
            exit(withError: error)
        }
    }
}
