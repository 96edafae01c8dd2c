import ArgumentParser
import AuditCore
import Foundation
import Safety

/// `hygiene init`: writes a commented configuration.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a commented configuration file to fill in.")
    @OptionGroup var common: CommonOptions
    @Flag(name: .long, help: "Replace an existing configuration.") var force = false

    func run() async throws {
        let environment = common.environment
        try await reportingErrors {
            let path = common.config ?? Configuration.defaultPath(environment: environment.variables)
            if FileManager.default.fileExists(atPath: path) && !force { throw CLIError.exists(path: path) }
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try Configuration.template.write(toFile: path, atomically: true, encoding: .utf8)
                chmod(path, 0o600)
            } catch {
                throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            let l = common.lang ?? Language.fromEnvironment(environment.variables)
            environment.say(l == .nl ? "Configuratie geschreven naar \(path)." : "Wrote the configuration to \(path).")
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
                environment.say(l == .nl ? "Nog geen controles bewaard." : "No audits stored yet.")
                return
            }
            let audits = try StateStore(path: environment.statePath).history(limit: max(1, limit))
            if audits.isEmpty { environment.say(l == .nl ? "Nog geen controles bewaard." : "No audits stored yet.") }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            for audit in audits {
                let score = audit.score.map { "\($0)/100" } ?? "—"
                let findings = l == .nl ? "\(audit.findings) bevindingen" : "\(audit.findings) findings"
                environment.say("\(formatter.string(from: audit.startedAt))  \(score.padding(toLength: 7, withPad: " ", startingAt: 0))  \(findings)  (\(audit.families.joined(separator: ", ")))")
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
            let l = common.lang ?? Language.fromEnvironment(environment.variables)
            let removed = try StateStore.forget(path: environment.statePath)
            environment.say(removed
                ? (l == .nl ? "De geschiedenis is gewist (\(environment.statePath))." : "Deleted the history (\(environment.statePath)).")
                : (l == .nl ? "Er was geen geschiedenis om te wissen." : "There was no history to delete."))
            // The cache holds nothing of the user's, but its presence shows the tool ran: it goes too.
            let cache = environment.cacheDirectory
            if FileManager.default.fileExists(atPath: cache) {
                do {
                    try FileManager.default.removeItem(atPath: cache)
                    environment.say(l == .nl ? "De cache is gewist (\(cache))." : "Deleted the cache (\(cache)).")
                } catch {
                    throw CLIError.cannotWrite(path: cache, reason: error.localizedDescription)
                }
            }
            if let note = SafetySession.forgetNote(environment: environment, language: l) { environment.say(note) }
            // The logbook is evidence: never deleted here, wherever the configuration puts it.
            let configuration = (try? common.loadConfiguration()) ?? Configuration()
            let logbook = configuration.evidenceStore ?? environment.evidenceStore
            if EvidenceStore.exists(at: logbook) {
                environment.say(l == .nl
                    ? "Het bewijslogboek in \(logbook) is niet gewist: bewijs hoort bewaard te blijven."
                    : "The evidence logbook in \(logbook) was not deleted: evidence should be kept.")
            }
            // What a phone answered is evidence of what was on it: kept, and said where.
            let captures = PhoneOptions.capturesFolder(environment)
            if let found = try? FileManager.default.contentsOfDirectory(atPath: captures), !found.isEmpty {
                environment.say(l == .nl
                    ? "De \(found.count) opname(s) van een telefoon in \(captures) zijn niet gewist: ze laten zien wat er op de telefoon stond. Wis ze zelf als je ze niet meer nodig hebt; er staan accountnamen in."
                    : "The \(found.count) phone capture(s) in \(captures) were not deleted: they show what was on the phone. Delete them yourself when no longer needed; they hold account names.")
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
            let l = common.lang ?? Language.fromEnvironment(environment.variables)
            let scheduler = Scheduler(environment: environment)
            if off {
                let removed = try await scheduler.remove()
                environment.say(removed ? (l == .nl ? "De geplande controle is verwijderd." : "Removed the scheduled audit.")
                                        : (l == .nl ? "Er was geen geplande controle." : "No audit was scheduled."))
                return
            }
            let interval = Interval(every!)!
            _ = try await scheduler.remove()
            let method = try await scheduler.install(every: interval)
            environment.say(l == .nl
                ? "Elke dag wordt gekeken of er een controle nodig is (elke \(interval)); ingepland met \(method.rawValue)."
                : "Every day hygiene looks whether an audit is due (every \(interval)); scheduled with \(method.rawValue).")
        }
    }
}
