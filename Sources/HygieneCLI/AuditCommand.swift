import ArgumentParser
import AuditCore
import Exposure
import Fetch
import Foundation
import Logging
import Vault

/// `hygiene audit`: runs the applicable checks and prints the prioritised report.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit this machine, and your passwords with --vault, and print a prioritised report.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Report format: text, markdown, json or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit with status 1 when a finding is at least this severe (default: high).")
    var failOn: Severity?

    @OptionGroup(title: "Passwords (the vault family)") var vault: VaultOptions

    @OptionGroup(title: "Your pages (the exposure family)") var exposure: ExposureOptions

    @OptionGroup(title: "An Android phone (the phone family)") var phone: PhoneOptions

    @OptionGroup var person: IdentityOptions

    @Option(name: .customLong("only"), help: ArgumentHelp("Run only this family of checks (repeatable): the first word of a check's id, as 'hygiene checks list' shows (device, vault…).", valueName: "family"))
    var families: [String] = []

    @Option(name: .customLong("skip"), help: ArgumentHelp("Leave out the check with this id (repeatable).", valueName: "id"))
    var skipped: [String] = []

    @Option(name: .long, help: "How many checks run at the same time.")
    var jobs: Int = 8

    @Option(name: .long, help: "Seconds a single check may take before it is abandoned.")
    var timeout: Int = 20

    @Option(name: .long, help: ArgumentHelp("Audit the file tree under this folder instead of this machine (for tests and rescue disks); commands are not run.", valueName: "dir"))
    var root: String = "/"

    @Flag(name: .customLong("no-state"), help: "Neither read nor write the audit history.")
    var noState = false

    @Flag(name: .long, help: "Print no report; only the exit status (for scheduled runs).")
    var quiet = false

    @Flag(name: .long, help: "Show a desktop notification when something needs attention (for scheduled runs).")
    var notify = false

    @Flag(name: .long, help: "Log each check's status and time on standard error.")
    var verbose = false

    @Option(name: .customLong("if-due"), help: ArgumentHelp("Do nothing unless the last audit is at least this long ago (30d, 2w).", valueName: "interval"))
    var ifDue: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 600 seconds") }
        for family in families where !Catalog.familyIDs.contains(family) {
            throw ValidationError("--only \(family): unknown family; known families: \(Catalog.familyIDs.joined(separator: ", "))")
        }
        if let ifDue, Interval(ifDue) == nil { throw ValidationError("--if-due \(ifDue): write a duration such as 30d, 2w or 12h") }
        if quiet && output != nil { throw ValidationError("--quiet and --output cannot be used together") }
    }

    func run() async throws {
        let environment = CLIEnvironment.current
        try await reportingErrors {
            let configuration = try common.loadConfiguration()
            let language = common.language(configuration)
            let checks = try common.loadChecks(configuration)
            // A skip that names no check would leave the user believing something was left out on purpose.
            let known = Set(checks.map(\.id))
            if let unknown = skipped.first(where: { !known.contains($0) }) { throw ValidationError(CLIWords.unknownSkip(unknown, flag: true)(language)) }
            for unknown in configuration.skip where !known.contains(unknown) { environment.warn(CLIWords.unknownSkip(unknown, flag: false)(language)) }
            var root = root
            if root != "/" {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError(CLIWords.noSuchRoot(root)(language))
                }
                root = URL(fileURLWithPath: root).standardizedFileURL.path
            }
            let store = noState ? nil : try Catalog.openState(environment)
            if let ifDue, let interval = Interval(ifDue), let last = try store?.lastAuditDate(),
               environment.now().timeIntervalSince(last) < TimeInterval(interval.seconds) {
                return
            }
            var machine = Machine(root: root, runner: root == "/" ? environment.runner : NoCommandRunner(),
                                  privileged: environment.isRoot && root == "/", now: environment.now(),
                                  environment: environment.variables)
            machine.cacheDirectory = noState ? nil : environment.cacheDirectory
            let given = givenInputs
            let warmUp = warmUpChecks(checks, configuration: configuration, given: given, host: machine)
            var inputs = configuration.inputs
            if let path = person.path(configuration) {
                inputs[Identity.inputName] = [path]
                inputs[.identity] = try Identity.load(path: path)
            }
            // Each family reads what its checks need before any check runs: a broken input stops the run here.
            let skip = Set(configuration.skip + skipped)
            let context = environment.familyContext(configuration: configuration, only: families, skip: skip, checks: checks, language: language,
                                                    host: machine, state: store, showProgress: environment.errorsIsTerminal && !quiet)
            var inputNotes: [LocalizedText] = [], sources: [SourceStatus] = []
            for family in Catalog.families {
                let prepared = try await family.prepare(given[family.id] ?? AuditInputs(), context: context)
                inputs.merge(prepared.inputs)
                inputNotes += prepared.notes
                sources += prepared.sources
            }
            // Checks that need an input nobody gave are left out, unless their family was asked for by name.
            let selected = checks.filter { check in
                if !families.isEmpty { return families.contains(check.family) }
                return check.when.inputs.allSatisfy(inputs.has)
            }
            let progress = environment.errorsIsTerminal && !quiet ? ProgressLine(sink: environment.errors, language: language) : nil
            let results = await Auditor(jobs: jobs, timeout: .seconds(timeout))
                .run(selected, host: machine, inputs: inputs,
                     skip: skip, progress: progress?.update)
            progress?.finish()
            await warmUp.value
            let logger = SinkLogHandler.logger(verbose: verbose, environment: environment)
            logger.debug("\(selected.count) of \(checks.count) checks selected; root \(root); privileged \(machine.privileged)")
            for result in results {
                let milliseconds = result.duration.components.seconds * 1000 + result.duration.components.attoseconds / 1_000_000_000_000_000
                logger.debug("\(result.checkID): \(result.status.rawValue) in \(milliseconds) ms, \(result.findings.count) findings")
            }
            let titles = Dictionary(checks.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
            let trend = try store?.trend(for: results, titles: titles)
            var report = AuditReport(toolVersion: Catalog.version, generatedAt: environment.now(), system: machine.os,
                                     privileged: machine.privileged, checks: results, trend: trend, sources: sources)
            report.notes = inputNotes + Catalog.families.flatMap { $0.reminders(for: report, only: families) }
                + Reminders.notes(for: report, configuration: configuration, environment: environment)
            report.opening = try Catalog.families.lazy.compactMap { try $0.opening(context: context) }.first
            try store?.record(report, families: families.isEmpty ? Catalog.familyIDs : families)
            if !quiet {
                let text = try format.renderer(color: output == nil && environment.useColor, width: environment.terminalWidth)
                    .render(report, language: language)
                if let output {
                    try FileSink.write(text, toFile: output)
                } else {
                    environment.output.write(text)
                }
            }
            let threshold = failOn ?? configuration.failOn ?? .high
            if notify { await Reminders.notify(report, threshold: threshold, language: language, environment: environment) }
            if report.hasFindings(atOrAbove: threshold) { throw ExitCode(1) }
        }
    }
}

extension AuditCommand {
    /// The families' own options. A new family with flags adds its `@OptionGroup` above and one entry here.
    var familyOptions: [any FamilyOptions] { [vault, exposure, phone] }

    /// What the flags give each family, by family id.
    var givenInputs: [String: AuditInputs] {
        Dictionary(familyOptions.map { ($0.family, $0.given) }, uniquingKeysWith: { first, _ in first })
    }

    /// Starts the warm-up of the checks that will run on the inputs given (word lists load while the
    /// export is parsed), in the background; the checks wait for what they need themselves.
    func warmUpChecks(_ checks: [Check], configuration: Configuration, given: [String: AuditInputs], host: Machine) -> Task<Void, Never> {
        var expected = Set(configuration.inputs.values.filter { !$0.value.isEmpty }.keys)
        for family in Catalog.families { expected.formUnion(family.expectedInputs(given[family.id] ?? AuditInputs())) }
        if person.identity != nil { expected.insert(Identity.inputName) }
        let skip = Set(configuration.skip + skipped)
        let warming = checks.filter { check in
            !skip.contains(check.id) && (families.isEmpty || families.contains(check.family)) && Set(check.when.inputs).isSubset(of: expected)
        }
        return Task.detached(priority: .userInitiated) {
            for check in warming { check.implementation.warmUp(host: host) }
        }
    }
}

/// `checking 3/12` on standard error, in the user's language, rewritten in place, cleared at the end.
final class ProgressLine: @unchecked Sendable {
    /// What is under way, by the key the families report it with.
    enum Activity: String {
        case checking, pages, renderedPages = "rendered pages", images, phone

        var words: LocalizedText {
            switch self {
            case .checking: LocalizedText(en: "checking", nl: "controleren")
            case .pages: LocalizedText(en: "fetching pages", nl: "pagina's ophalen")
            case .renderedPages: LocalizedText(en: "reading pages in the browser", nl: "pagina's lezen in de browser")
            case .images: LocalizedText(en: "fetching images", nl: "afbeeldingen ophalen")
            case .phone: LocalizedText(en: "reading the phone", nl: "de telefoon lezen")
            }
        }
    }

    let sink: any OutputSink
    let language: Language
    let lock = NSLock()

    init(sink: any OutputSink, language: Language) {
        self.sink = sink
        self.language = language
    }

    func update(done: Int, total: Int) { update(.checking, done: done, total: total) }

    func update(_ activity: Activity, done: Int, total: Int) {
        let words = activity.words(language)
        lock.withLock { sink.write("\r\u{1B}[2K\(words) \(done)/\(total)…") }
    }

    /// A family's own key (`pages`, `images`…); one this line does not know is shown as it is.
    func update(_ key: String, done: Int, total: Int) {
        guard let activity = Activity(rawValue: key) else {
            lock.withLock { sink.write("\r\u{1B}[2K\(key) \(done)/\(total)…") }
            return
        }
        update(activity, done: done, total: total)
    }

    func finish() { lock.withLock { sink.write("\r\u{1B}[2K") } }
}
