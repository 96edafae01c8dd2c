import ArgumentParser
import AuditCore
import Foundation
import Safety

extension Country: ExpressibleByArgument {}

/// `hygiene safety`: the risk questions, whom to call, the guide for helpers and the stop letter.
struct SafetyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safety",
        abstract: "If you are being stalked or fear an ex-partner: the risk questions, whom to call, a guide for helpers and a stop letter.",
        discussion: """
            On a terminal, asks the risk questions one key at a time ([x] clears the screen and leaves); elsewhere, \
            give --answers FILE: one 'question-id: yes|no|unknown' per line. The result is guidance, never a score: \
            which answers raise the risk and why, what to do next, and whom to call in your country (--country, else \
            'country' in the configuration, else the locale). An answer that shows danger right now puts 112 first.

            Nothing is stored unless you give --save: the answers are then kept with their date in a file only you can \
            read, in $XDG_DATA_HOME/hygiene/safety/, and can be read back with --answers. 'hygiene forget' does not delete \
            that folder; delete it yourself when you no longer need it.

            Exit status: 0 done, 2 a bad answers or data file (named with its line), 64 a usage error.
            """,
        subcommands: [RiskCheck.self, Letter.self, Helplines.self],
        defaultSubcommand: RiskCheck.self)

    /// The risk questions, or with `--helper` the guide for helpers.
    struct RiskCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Answer the risk questions (the default), or show the guide for helpers with --helper.")

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: "Whose helplines to show: nl or be (default: the configuration, then the locale).")
        var country: Country?

        @Option(name: .long, help: "Output format: text, markdown, json or html.")
        var format: ReportFormat = .text

        @Option(name: .long, help: ArgumentHelp("Read the answers from this YAML file ('question-id: yes|no|unknown' per line) instead of asking.", valueName: "file"))
        var answers: String?

        @Flag(name: .long, help: "Keep the answers with today's date in $XDG_DATA_HOME/hygiene/safety/ (a file only you can read). Without it nothing is stored.")
        var save = false

        @Flag(name: .long, help: "For a friend or professional who helps: asking about danger, what helps and what does not, evidence, an exposure scan with consent.")
        var helper = false

        func validate() throws {
            let l = common.lang ?? Language.fromEnvironment(common.environment.variables)
            if helper && answers != nil { throw ValidationError(RiskWords.helperTakesNoAnswers(l)) }
            if helper && save { throw ValidationError(RiskWords.helperStoresNothing(l)) }
        }

        func run() async throws {
            try await reportingErrors {
                let session = try SafetySession(common)
                let environment = session.environment
                let l = session.language
                let country = Country.resolve(self.country, configured: session.configuration.country, environment: environment.variables)
                let color = format == .text && environment.useColor
                if helper {
                    environment.output.write(try session.guidance.helper.render(
                        format, helplines: session.guidance.helplines.helplines(for: country), language: l,
                        color: color, width: environment.terminalWidth))
                    return
                }
                let given: RiskAnswers
                if let path = answers {
                    given = try RiskAnswers.read(path: path, catalog: session.guidance.risk)
                } else {
                    guard environment.outputIsTerminal, let terminal = RawTerminal() else {
                        // Off a terminal the numbers come first, then how to answer the questions in a file.
                        environment.output.write(try Helplines.render(country, guidance: session.guidance, format: format, language: l,
                                                                      color: color, width: environment.terminalWidth))
                        throw ValidationError(RiskWords.needsTerminal(session.guidance.risk.questions.map(\.id))(l))
                    }
                    guard let asked = Self.ask(session.guidance.risk, language: l, terminal: terminal, environment: environment) else { return }
                    given = asked
                }
                let assessment = RiskAssessment(guidance: session.guidance, answers: given, country: country, generatedAt: environment.now())
                environment.output.write(try assessment.render(format, language: l, color: color, width: environment.terminalWidth))
                if save {
                    let path = try SavedAnswers.save(given, catalog: session.guidance.risk, at: environment.now(),
                                                     in: SavedAnswers.folder(environment: environment.variables))
                    environment.warn(RiskWords.saved(path)(l))
                } else {
                    environment.warn(RiskWords.nothingStored(l))
                }
            }
        }

        /// The questions on the terminal, one key each; nil after a quick exit, which leaves a cleared screen.
        static func ask(_ catalog: RiskCatalog, language: Language, terminal: RawTerminal, environment: CLIEnvironment) -> RiskAnswers? {
            defer { terminal.restore() }
            var interview = RiskInterview(catalog: catalog, language: language)
            while !interview.isDone {
                environment.output.write(RawTerminal.wipe + interview.screen(width: environment.terminalWidth))
                guard let key = terminal.key() else { break }
                interview.press(key)
            }
            environment.output.write(RawTerminal.wipe)
            return interview.state == .quickExit ? nil : interview.answers
        }
    }

    /// `hygiene safety letter`: the stop letter to adapt by hand.
    struct Letter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "letter",
            abstract: "A stop letter to adapt by hand (in Dutch with --lang nl), and how to send it.")

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: "Output format: text, markdown, json or html.")
        var format: ReportFormat = .text

        func run() async throws {
            try await reportingErrors {
                let session = try SafetySession(common)
                let environment = session.environment
                environment.output.write(try session.guidance.letter.render(
                    format, language: session.language, color: format == .text && environment.useColor, width: environment.terminalWidth))
            }
        }
    }
}

/// What every `safety` command reads: the configuration, the language and the guidance data.
struct SafetySession {
    var configuration: Configuration
    var language: Language
    var guidance: SafetyGuidance
    var environment: CLIEnvironment

    init(_ common: CommonOptions) throws {
        environment = common.environment
        configuration = try common.loadConfiguration()
        language = common.language(configuration)
        guidance = try Self.guidance(in: try common.loadChecks(configuration), skip: Set(configuration.skip))
    }

    static func guidance(in checks: [Check], skip: Set<String>) throws -> SafetyGuidance {
        try SafetyGuidance.loaded(in: checks, skip: skip)
    }

    /// What `hygiene forget` says about the saved answers it leaves alone, or nil when there are none.
    static func forgetNote(environment: CLIEnvironment, language l: Language) -> String? {
        let folder = SavedAnswers.folder(environment: environment.variables)
        let count = SavedAnswers.files(in: folder).count
        guard count > 0 else { return nil }
        return RiskWords.savedAnswersKept(count, in: folder)(l)
    }
}
