import ArgumentParser
import AuditCore
import Foundation
import Phone
import Safety

/// `hygiene init`: writes a commented configuration.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a commented configuration file to fill in.")
    @OptionGroup var common: CommonOptions
    @Flag(name: .long, help: "Replace an existing configuration.") var force = false

    func run() async throws {
        let environment = common.environment
        try await reportingErrors {
            // In a case, the case's own configuration, read after the user's.
            let path = try common.config ?? common.checkCase().configurationOverlay ?? Configuration.defaultPath(environment: environment.variables)
            let l = common.language((try? common.loadConfiguration()) ?? Configuration())
            if FileManager.default.fileExists(atPath: path) && !force { throw CLIError.exists(path: path) }
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try Catalog.configurationTemplate.write(toFile: path, atomically: true, encoding: .utf8)
                chmod(path, 0o600)
            } catch {
                throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            environment.say(CLIWords.wroteConfiguration(path)(l))
        }
    }
}

/// `hygiene history`: past audits, newest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List past audits: when, the score and how many findings.")
    @OptionGroup var common: CommonOptions
    @Option(name: .long, help: "How many audits to show.") var limit = 20

    func run() async throws {
        let environment = common.environment
        try await reportingErrors {
            let l = common.language(try common.loadConfiguration())
            guard FileManager.default.fileExists(atPath: environment.statePath) else {
                environment.say(CLIWords.noAudits(l))
                return
            }
            let audits = try Catalog.openState(environment).history(limit: max(1, limit))
            if audits.isEmpty { environment.say(CLIWords.noAudits(l)) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            for audit in audits {
                let score = audit.score.map { "\($0)/100" } ?? "—"
                let findings = CLIWords.findings(audit.findings)(l)
                let families = audit.families.map { Catalog.familyName($0, l) }.joined(separator: ", ")
                environment.say("\(formatter.string(from: audit.startedAt))  \(score.padding(toLength: 7, withPad: " ", startingAt: 0))  \(findings)  (\(families))")
            }
        }
    }
}

/// `hygiene forget`: deletes all stored state.
struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget", abstract: "Delete the audit history (the state database) and the cache.",
        discussion: """
            The evidence logbook ('hygiene evidence'), answers to the risk questions kept with 'hygiene safety --save' and \
            phone captures ('hygiene audit --phone android') are not deleted; forget says where they are.
            """)
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let environment = common.environment
        try await reportingErrors {
            let place = try common.checkCase()
            let configuration = (try? common.loadConfiguration()) ?? Configuration()
            let l = common.language(configuration)
            if let name = place.caseName { environment.say(CaseWords.forgetting(name)(l)) }
            let removed = try StateStore.forget(path: environment.statePath)
            environment.say((removed ? CLIWords.historyDeleted(environment.statePath) : CLIWords.noHistory)(l))
            // The cache holds nothing of the user's, but its presence shows the tool ran: it goes too.
            let cache = environment.cacheDirectory
            if FileManager.default.fileExists(atPath: cache) {
                do {
                    try FileManager.default.removeItem(atPath: cache)
                    environment.say(CLIWords.cacheDeleted(cache)(l))
                } catch {
                    throw CLIError.cannotWrite(path: cache, reason: error.localizedDescription)
                }
            }
            if let note = SafetySession.forgetNote(environment: environment, language: l) { environment.say(note) }
            // The logbook is evidence: never deleted here, wherever the configuration puts it.
            let logbook = configuration.evidenceStore ?? environment.evidenceStore
            if EvidenceStore.exists(at: logbook) {
                environment.say(CLIWords.logbookKept(logbook)(l))
            }
            // What a phone answered is evidence of what was on it: kept, and said where.
            let captures = place.phoneCaptures
            if let found = try? FileManager.default.contentsOfDirectory(atPath: captures), !found.isEmpty {
                environment.say(CLIWords.capturesKept(found.count, in: captures)(l))
            }
        }
    }
}

/// `hygiene schedule --every 30d | --off`.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run a quiet audit regularly and get a notification when something needs attention.")
    @OptionGroup var common: CommonOptions
    @Option(name: .long, help: "How often: 30d, 2w, 12h…") var every: String?
    @Flag(name: .long, help: "Remove the scheduled audit.") var off = false

    func validate() throws {
        if off == (every != nil) { throw ValidationError("give either --every INTERVAL or --off") }
        if let every, Interval(every) == nil { throw ValidationError("--every \(every): write a duration such as 30d, 2w or 12h") }
    }

    func run() async throws {
        let environment = common.environment
        try await reportingErrors {
            if common.environment.caseName != nil { throw CaseError.notScheduled }
            let l = common.language((try? common.loadConfiguration()) ?? Configuration())
            // The scheduled run has no locale of its own (cron sets no LANG): it is given the language now in use.
            let scheduler = Scheduler(environment: environment, language: l)
            if off {
                let removed = try await scheduler.remove()
                environment.say((removed ? CLIWords.scheduleRemoved : CLIWords.nothingScheduled)(l))
                return
            }
            let interval = Interval(every!)!
            _ = try await scheduler.remove()
            let method = try await scheduler.install(every: interval)
            environment.say(CLIWords.scheduled(every: interval.description, with: method.rawValue, language: l)(l))
        }
    }
}
