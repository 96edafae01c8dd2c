import ArgumentParser
import AuditCore
import Foundation
import Reset
import Vault
import VaultCrypto

extension PlanFormat: ExpressibleByArgument {}

/// `hygiene reset`: the account-reset plan after a breakup, and progress through it.
struct ResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "After a breakup: your accounts to take back, in an order where nothing done can be undone.",
        discussion: """
            Builds the plan from your password manager's export (--vault, as for 'hygiene audit'), the breakup date (--since), \
            the accounts and recovery you list in the configuration, and your answers to a few questions. Progress is kept by \
            step id in the state database: 'hygiene reset done STEP', 'skip STEP', 'undo STEP' (STEP is the id or the number shown).
            """,
        subcommands: [Show.self, Done.self, Skip.self, Undo.self],
        defaultSubcommand: Show.self)

    /// Prints the plan with what is done and what comes next.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the plan, with what is done and what comes next.")
        @OptionGroup var options: ResetOptions

        @Option(name: .long, help: "Output format: text, markdown, html (a printable checklist with the recovery graph), json, or dot (the recovery graph for Graphviz).")
        var format: PlanFormat?

        @Option(name: .long, help: ArgumentHelp("Write the plan to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Flag(name: .customLong("print"), help: "On a terminal, print the plan instead of walking through it step by step.")
        var printPlan = false

        func run() async throws {
            try await reportingErrors {
                var session = try await ResetSession.open(options)
                if format == nil, output == nil, !printPlan, session.environment.outputIsTerminal, let terminal = RawTerminal() {
                    try await walk(&session, terminal)
                    return
                }
                let text = try (format ?? .text).render(session.plan, language: session.language, width: session.environment.terminalWidth)
                if let output {
                    try FileSink.write(text, toFile: output)
                } else {
                    session.environment.output.write(text)
                }
            }
        }
    }
}

extension ResetCommand.Show {
    /// On a terminal: the questions when none are answered yet, then one step at a time.
    func walk(_ session: inout ResetSession, _ terminal: RawTerminal) async throws {
        defer { terminal.restore() }
        let environment = session.environment
        var walker = ResetWalk(session: session, terminal: terminal, output: environment.output, width: min(environment.terminalWidth, 100))
        walker.command = ResetSession.command(CommandLine.arguments)
        if options.answers == nil, try session.store.answers(plan: ResetSession.planName).isEmpty {
            let (answers, stop) = walker.ask(session.catalog.questions)
            if stop == .quickExit { return }
            if !answers.isEmpty {
                try session.store.setAnswers(plan: ResetSession.planName, answers.mapValues { $0.sorted() }, at: environment.now())
                session = try await ResetSession.open(options)
                walker.session = session
            }
        }
        _ = try walker.walk()
    }
}

extension ResetCommand {
    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark steps as done.")
        @OptionGroup var options: ResetOptions
        @Argument(help: "The steps: their ids, or their numbers in the plan.") var steps: [String]
        func run() async throws { try await ResetSession.mark(steps, .done, options) }
    }

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "skip", abstract: "Mark steps as skipped.")
        @OptionGroup var options: ResetOptions
        @Argument(help: "The steps: their ids, or their numbers in the plan.") var steps: [String]
        func run() async throws { try await ResetSession.mark(steps, .skipped, options) }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "undo", abstract: "Mark steps as to do again.")
        @OptionGroup var options: ResetOptions
        @Argument(help: "The steps: their ids, or their numbers in the plan.") var steps: [String]
        func run() async throws { try await ResetSession.mark(steps, .todo, options) }
    }
}

/// What every `reset` command reads: the configuration, the vault, the answers.
struct ResetOptions: ParsableArguments {
    @OptionGroup var common: CommonOptions

    @OptionGroup(title: "Passwords (the vault family)") var vault: VaultOptions

    @Option(name: .long, help: ArgumentHelp("A YAML file with your answers to the plan's questions (stored with the plan).", valueName: "file"))
    var answers: String?

    @OptionGroup var person: IdentityOptions

    @Option(name: .long, help: ArgumentHelp("Only this tier of the plan: today (one sitting for what everything recovers through), week (what your ex may know) or later (the rest, in bulk).", valueName: "tier"))
    var tier: PlanTier?
}

extension PlanTier: ExpressibleByArgument {}

/// The plan made from the options, with the progress stored so far.
struct ResetSession {
    static let planName = ResetFamily.planName

    var plan: ResetPlan
    var catalog: ResetCatalog
    var language: Language
    var environment: CLIEnvironment
    var store: StateStore

    static func open(_ options: ResetOptions) async throws -> ResetSession {
        let environment = CLIEnvironment.current
        let configuration = try options.common.loadConfiguration()
        let language = options.common.language(configuration)
        let checks = try options.common.loadChecks(configuration)
        let skip = Set(configuration.skip)
        guard let kind = checks.first(where: { $0.implementation is ResetPlanKind && !skip.contains($0.id) })?.implementation as? ResetPlanKind else {
            throw ValidationError("no check of kind reset-plan is loaded (is reset.plan skipped in the configuration?)")
        }
        let machine = {
            var machine = Machine(root: "/", runner: environment.runner, privileged: environment.isRoot, now: environment.now(),
                                  environment: environment.variables)
            machine.cacheDirectory = environment.cacheDirectory
            return machine
        }()
        // The strength check's word lists load on the other core while the catalogue and the export are read here.
        let hasVault = !options.vault.vaults.isEmpty || !configuration.inputs["vault"].isEmpty
        let warming = hasVault ? checks.filter { $0.family == "vault" && !skip.contains($0.id) && $0.implementation is any AccountFlagging } : []
        let warmUp = Task.detached(priority: .userInitiated) { for check in warming { check.implementation.warmUp(host: machine) } }
        // So is the catalogue (180 KB of YAML), while the export is read here.
        let catalogue = Task.detached(priority: .userInitiated) { try kind.catalog() }
        var inputs = configuration.inputs
        if let identity = try options.person.load(configuration) { inputs[.identity] = identity }
        let store = try Catalog.openState(environment)
        let context = environment.familyContext(configuration: configuration, skip: skip, checks: checks, language: language,
                                                host: machine, state: store, showProgress: false)
        // The same families, in the same order, as an audit's: the vault's accounts, then the plan's answers and flags.
        inputs.merge(try await VaultFamily().prepare(options.vault.given, context: context).inputs)
        var given = AuditInputs()
        if let path = options.answers {
            let answers = try readAnswers(path: path, catalog: try await catalogue.value, language: language)
            try store.setAnswers(plan: planName, answers.mapValues { $0.sorted() }, at: environment.now())
            given[.planAnswers] = answers
        }
        inputs.merge(try await ResetFamily().prepare(given, context: context).inputs)
        let catalog = try await catalogue.value
        var plan = try await PlanInputs.plan(kind, inputs: inputs, host: machine, catalog: catalog).plan
        await warmUp.value
        plan.apply(try store.progress(plan: planName).compactMapValues { StepStatus(rawValue: $0.status) })
        if let tier = options.tier { plan = plan.only(tier) }
        return ResetSession(plan: plan, catalog: catalog, language: language, environment: environment, store: store)
    }

    /// Answers from a YAML file: `knew-passwords: yes`, `shared: [car, streaming]`; every question may be left out.
    static func readAnswers(path: String, catalog: ResetCatalog, language l: Language = .en) throws -> Answers {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CLIError.cannotRead(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file")
        }
        let parameters: Parameters
        do {
            parameters = try Parameters(yaml: text.isEmpty ? "{}" : text)
        } catch {
            throw CLIError.cannotRead(path: path, reason: "not valid YAML: \(error)")
        }
        var answers: Answers = [:]
        for key in parameters.keys {
            guard let question = catalog.questions.first(where: { $0.id == key }) else {
                throw CLIError.invalidAnswers(path: path, line: nil, message: ResetText.unknownQuestion(l, ["name": key, "list": catalog.questions.map(\.id).joined(separator: ", ")]))
            }
            let given: [String]
            do {
                given = try parameters.strings(key)
            } catch let problem as Parameters.Problem {
                throw CLIError.invalidAnswers(path: path, line: problem.line, message: problem.message)
            }
            // The id (`yes`) or the Dutch word (`ja`, `weet niet`); YAML reads a bare yes or no as true or false.
            var chosen: [String] = []
            for word in given {
                let word = word == "true" ? "yes" : word == "false" ? "no" : word
                guard let choice = AnswerText.choice(word, among: question.choices) else {
                    let words = question.choices.map { AnswerText.word($0, l) }
                    throw CLIError.invalidAnswers(path: path, line: nil, message: ResetText.notAChoice(l, ["question": key, "name": word, "list": words.joined(separator: ", ")]))
                }
                chosen.append(choice)
            }
            if chosen.count > 1 && !question.multiple {
                throw CLIError.invalidAnswers(path: path, line: nil, message: ResetText.oneAnswer(l, ["question": key]))
            }
            answers[key] = Set(chosen)
        }
        return answers
    }

    /// The command that gives the same plan: `hygiene` and the arguments as given, quoted for the shell.
    static func command(_ arguments: [String]) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%_+=:,./-")
        let quoted = arguments.dropFirst().map { argument in
            argument.allSatisfy(safe.contains) && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return (["hygiene"] + quoted).joined(separator: " ")
    }

    /// Marks steps, given by id or by their number in the plan.
    static func mark(_ steps: [String], _ status: StepStatus, _ options: ResetOptions) async throws {
        try await reportingErrors {
            let session = try await open(options)
            let all = session.plan.steps
            var ids: [String] = []
            for step in steps {
                if let number = Int(step), (1...all.count).contains(number) {
                    ids.append(all[number - 1].id)
                } else if all.contains(where: { $0.id == step }) {
                    ids.append(step)
                } else {
                    throw ValidationError(ResetText.noStep(session.language, ["name": step, "command": "hygiene reset" + (options.tier.map { " --tier " + $0.rawValue } ?? "")]))
                }
            }
            let now = session.environment.now()
            for id in ids { try session.store.setProgress(plan: planName, step: id, status: status.rawValue, at: now) }
            var plan = session.plan
            var progress = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.id, $0.status) })
            for id in ids { progress[id] = status }
            plan.apply(progress)
            let l = session.language
            let word = [StepStatus.done: ResetText.statusDone, .skipped: ResetText.statusSkipped, .todo: ResetText.statusTodo][status]!(l)
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            session.environment.say(ids.map { "\(byID[$0]?.heading(l) ?? $0): \(word)" }.joined(separator: "\n"))
            if let next = plan.next {
                let number = (plan.steps.firstIndex { $0.id == next.id } ?? 0) + 1
                session.environment.say(ResetText.next(l) + "\(number). \(next.heading(l))")
            } else {
                session.environment.say(ResetText.allDone(l))
            }
        }
    }
}
