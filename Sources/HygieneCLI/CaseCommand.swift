import ArgumentParser
import AuditCore
import Foundation
import Safety

/// `hygiene case`: a helper keeps each person's data apart, one case per person.
struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "For helpers: keep each person you help apart, in a case of their own.",
        discussion: """
            A case has its own audit history, evidence logbook, phone captures, reset progress and answers, saved risk answers \
            and configuration (config.yaml in the case's folder, read after your own; your own inputs are not used in a case). \
            Run any command in a case with --case NAME or HYGIENE_CASE=NAME; without a case, everything is your own, as before. \
            Every report, plan, dossier and capture of a case names it first.
            """,
        subcommands: [New.self, List.self, Show.self, Export.self, Close.self, Destroy.self])

    /// Set by the real process only: a case's temporary folder then becomes the process's own, for the tools it runs.
    nonisolated(unsafe) static var setsProcessTemporary = false

    /// Runs `body`, turning a name that cannot be a case's into a usage error (exit 64) in the user's language.
    static func usage<T>(language given: Language? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CaseError {
            guard case .badName = error else { throw error }
            let environment = CLIEnvironment.current
            // Checked while the arguments are parsed, before the command runs: --lang is known only to the caller.
            throw ValidationError(error.message(given ?? MessageLanguage.current?.language(environment) ?? Language.fromEnvironment(environment.variables)))
        }
    }
}

/// What every `case` command reads: the language and where the cases are.
struct CaseOptions: ParsableArguments {
    @Option(name: .long, help: "The language of the output: en or nl (default: the config, then LANG).")
    var lang: Language?

    var environment: CLIEnvironment { CLIEnvironment.current }
    var book: CaseBook { CaseBook(dataHome: DataPlace(caseName: nil, variables: environment.variables).dataHome) }

    /// The language: --lang, then the user's configuration, then the locale.
    var language: Language {
        let configured = try? Configuration.load(path: Configuration.defaultPath(environment: environment.variables), mustExist: false,
                                                 settings: Catalog.settings).language
        let language = lang ?? configured ?? Language.fromEnvironment(environment.variables)
        MessageLanguage.current?.set(language)
        return language
    }
}

extension CaseCommand {
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new", abstract: "Make a case for one person.")
        @OptionGroup var options: CaseOptions
        @Option(name: .long, help: "A note to recognise the case by (kept in the case only).") var note: String?
        @Argument(help: ArgumentHelp("The case's name: letters, digits, '-', '_' or '.'.", valueName: "name")) var name: String

        func validate() throws { _ = try CaseCommand.usage(language: options.lang) { try CaseBook.validate(name) } }

        func run() async throws {
            try await reportingErrors {
                let l = options.language
                let info = try options.book.create(name, note: note, at: options.environment.now())
                options.environment.say(CaseWords.made(info.name, folder: options.book.folder(info.name))(l))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cases: when made and last used, what each holds, its size.")
        @OptionGroup var options: CaseOptions

        func run() async throws {
            try await reportingErrors {
                let l = options.language
                let names = options.book.names()
                guard !names.isEmpty else {
                    options.environment.say(CaseWords.noCases(l))
                    return
                }
                let width = max(4, names.map(\.count).max() ?? 4)
                for name in names {
                    let contents = try options.book.contents(name)
                    let columns = [name.padding(toLength: width, withPad: " ", startingAt: 0),
                                   CaseWords.day(contents.info.created), CaseWords.day(contents.lastUsed),
                                   CaseWords.size(contents.bytes), CaseWords.holds(contents)(l)]
                    options.environment.say(columns.joined(separator: "  "))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one case: its note, dates, folder and what it holds.")
        @OptionGroup var options: CaseOptions
        @Argument(help: ArgumentHelp("The case's name.", valueName: "name")) var name: String

        func run() async throws {
            try await reportingErrors {
                let l = options.language
                let name = try CaseCommand.usage { try options.book.existing(self.name) }
                options.environment.say(CaseWords.details(try options.book.contents(name))(l))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write what to hand over: the evidence dossier, the latest audit report and the phone captures.",
            discussion: "DIR must not exist or be empty. The logbook is verified first; a logbook that is not intact is not exported.")
        @OptionGroup var options: CaseOptions
        @OptionGroup var trust: TimestampTrustOptions
        @Argument(help: ArgumentHelp("The case's name.", valueName: "name")) var name: String
        @Argument(help: ArgumentHelp("The folder to write into.", valueName: "dir")) var folder: String

        func run() async throws {
            try await reportingErrors {
                let l = options.language
                let name = try CaseCommand.usage { try options.book.existing(self.name) }
                try await CaseExport.run(name, book: options.book, to: folder, trust: trust, environment: options.environment, language: l)
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close a case: export it first if you want, then delete everything of it (written over where the disk allows).",
            discussion: "On a terminal, asks for a folder to export into (Enter: none) and for the case's name to confirm; elsewhere give --export DIR and --yes.")
        @OptionGroup var options: CaseOptions
        @OptionGroup var trust: TimestampTrustOptions
        @Option(name: .long, help: ArgumentHelp("Export the case into this folder before deleting it.", valueName: "dir")) var export: String?
        @Flag(name: .long, help: "Really delete it.") var yes = false
        @Argument(help: ArgumentHelp("The case's name.", valueName: "name")) var name: String

        func run() async throws {
            try await reportingErrors {
                let environment = options.environment
                let l = options.language
                let name = try CaseCommand.usage { try options.book.existing(self.name) }
                let input = environment.lineInput
                var target = export
                if target == nil, !yes, input.isTerminal,
                   let answer = input.readLine(prompt: CaseWords.askExport(l))?.trimmingCharacters(in: .whitespaces), !answer.isEmpty {
                    target = EvidenceCommand.Fields.unquoted(answer)
                }
                if let target {
                    // An export that fails stops here: nothing is deleted.
                    try await CaseExport.run(name, book: options.book, to: target, trust: trust, environment: environment, language: l)
                }
                if !yes {
                    guard input.isTerminal, input.readLine(prompt: CaseWords.askName(name)(l))?.trimmingCharacters(in: .whitespaces) == name else {
                        throw CaseError.notConfirmed(name)
                    }
                }
                try CaseExport.delete(name, book: options.book, environment: environment, language: l)
            }
        }
    }

    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Delete everything of a case without exporting it.")
        @OptionGroup var options: CaseOptions
        @Flag(name: .long, help: "Really delete it.") var yes = false
        @Argument(help: ArgumentHelp("The case's name.", valueName: "name")) var name: String

        func run() async throws {
            try await reportingErrors {
                let l = options.language
                let name = try CaseCommand.usage { try options.book.existing(self.name) }
                guard yes else { throw CaseError.notConfirmed(name) }
                try CaseExport.delete(name, book: options.book, environment: options.environment, language: l)
            }
        }
    }
}

/// Handing a case over, and deleting it.
enum CaseExport {
    /// Writes into `folder` (0700, new or empty): `CASE.txt`, the dossier of the logbook (`dossier/`), the latest
    /// audit report (`reports/`) and the phone captures (`phone/`).
    static func run(_ name: String, book: CaseBook, to folder: String, trust: TimestampTrustOptions, environment: CLIEnvironment,
                    language l: Language) async throws {
        let place = DataPlace(caseName: name, variables: environment.variables)
        let line = CaseLine(name)
        let target = URL(fileURLWithPath: folder).standardizedFileURL.path
        let manager = FileManager.default
        if manager.fileExists(atPath: target) {
            guard ((try? manager.contentsOfDirectory(atPath: target)) ?? ["?"]).isEmpty else { throw CaseExportError.notEmpty(target) }
        }
        do {
            try manager.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.cannotWrite(path: target, reason: error.localizedDescription)
        }
        chmod(target, 0o700)
        let info = try book.info(name)
        let now = environment.now()
        var label = line.bothLanguages + "\n"
        if let note = info.note { label += note + "\n" }
        label += "exported / geëxporteerd: \(EvidenceChain.timestamp(now))\n"
        try FileSink.write(label, toFile: target + "/CASE.txt")
        chmod(target + "/CASE.txt", 0o600)
        var said: [LocalizedText] = []
        // The logbook, verified first, as `hygiene evidence export` does.
        if EvidenceStore.exists(at: place.evidenceStore) {
            let store = try EvidenceStore(folder: place.evidenceStore, create: false)
            let verifier = trust.verifier
            let verification = try await EvidenceVerifier().verify(store, files: false) { stamp in try await verifier.verify(stamp).trust.isTrusted }
            guard verification.intact else { throw EvidenceError.notIntact(store: store.folder) }
            let text = EvidenceText(language: l, width: environment.terminalWidth)
            let summary = EvidenceWords.verified(by: "hygiene \(Catalog.version)", at: text.local(now), utc: EvidenceChain.timestamp(now), verification)
            let records = try store.records()
            let stamps = try store.stamps()
            let dossier = target + "/dossier"
            let result = try await onOwnThread {
                try Dossier.export(records: records, stamps: stamps, storeFolder: store.folder, to: dossier, language: l, generatedAt: now,
                                   verification: summary(l), caseLine: line)
            }
            said.append(CaseWords.exportedDossier(result.records, folder: result.folder))
        }
        if let reports = place.reportsFolder,
           let latest = ((try? manager.contentsOfDirectory(atPath: reports)) ?? []).filter({ $0.hasPrefix("audit-") && $0.hasSuffix(".html") }).max() {
            try copy(reports + "/" + latest, to: target + "/reports/" + latest)
            said.append(CaseWords.exportedReport(latest))
        }
        let captures = ((try? manager.contentsOfDirectory(atPath: place.phoneCaptures)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for capture in captures { try copy(place.phoneCaptures + "/" + capture, to: target + "/phone/" + capture) }
        if !captures.isEmpty { said.append(CaseWords.exportedCaptures(captures.count)) }
        sync()
        environment.say(CaseWords.exported(name, to: target)(l))
        for line in said { environment.say("  " + line(l)) }
        if said.isEmpty { environment.say(CaseWords.nothingToExport(l)) }
    }

    /// Copies a file or a folder, private to the user.
    static func copy(_ source: String, to destination: String) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
            try manager.copyItem(atPath: source, toPath: destination)
        } catch {
            throw CLIError.cannotWrite(path: destination, reason: error.localizedDescription)
        }
    }

    /// Deletes the case and says how: written over, or where writing over cannot reach the old contents.
    static func delete(_ name: String, book: CaseBook, environment: CLIEnvironment, language l: Language) throws {
        let deletion = book.delete(name)
        guard deletion.left.isEmpty else { throw CaseExportError.notDeleted(name, left: deletion.left) }
        environment.say(CaseWords.deleted(name, files: deletion.files, overwritten: deletion.overwritten)(l))
        environment.say((deletion.copyOnWrite.map(CaseWords.copyOnWrite) ?? CaseWords.flashCaveat)(l))
    }
}

enum CaseExportError: Error, LocalizedFailure {
    case notEmpty(String)
    case notDeleted(String, left: [String])

    var message: LocalizedText {
        switch self {
        case .notEmpty(let path):
            LocalizedText(en: "\(path): the folder is not empty; give a new or empty folder", nl: "\(path): de map is niet leeg; geef een nieuwe of lege map")
        case .notDeleted(let name, let left):
            LocalizedText(en: "the case '\(name)' was not wholly deleted; still there: \(left.joined(separator: ", "))",
                          nl: "de casus '\(name)' is niet helemaal verwijderd; nog aanwezig: \(left.joined(separator: ", "))")
        }
    }
}

/// The words of `hygiene case`, in both languages.
enum CaseWords {
    static func made(_ name: String, folder: String) -> LocalizedText {
        LocalizedText(en: "Made the case '\(name)' in \(folder) (private to you). Use it with --case \(name) or HYGIENE_CASE=\(name).",
                      nl: "De casus '\(name)' is gemaakt in \(folder) (alleen voor jou toegankelijk). Gebruik hem met --case \(name) of HYGIENE_CASE=\(name).")
    }

    static let noCases = LocalizedText(en: "No cases yet. Make one with 'hygiene case new NAME'.",
                                       nl: "Nog geen casussen. Maak er een met 'hygiene case new NAAM'.")

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let text = unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
        return text.padding(toLength: 8, withPad: " ", startingAt: 0)
    }

    /// `history, 3 evidence records, 1 phone capture`.
    static func holds(_ contents: CaseContents) -> LocalizedText {
        func count(_ n: Int, _ one: (String, String), _ many: (String, String)) -> LocalizedText? {
            n == 0 ? nil : LocalizedText(en: "\(n) \(n == 1 ? one.0 : many.0)", nl: "\(n) \(n == 1 ? one.1 : many.1)")
        }
        let parts = [
            contents.hasHistory ? LocalizedText(en: "audit history", nl: "controlegeschiedenis") : nil,
            count(contents.evidenceRecords, ("evidence record", "vermelding in het bewijslogboek"), ("evidence records", "vermeldingen in het bewijslogboek")),
            count(contents.captures, ("phone capture", "telefoonopname"), ("phone captures", "telefoonopnames")),
            count(contents.savedAnswers, ("saved risk answers", "bewaarde risicoantwoorden"), ("saved risk answers", "keer bewaarde risicoantwoorden")),
            count(contents.reports, ("audit report", "controlerapport"), ("audit reports", "controlerapporten")),
        ].compactMap { $0 }
        guard !parts.isEmpty else { return LocalizedText(en: "nothing yet", nl: "nog niets") }
        return LocalizedText(en: parts.map { $0.en }.joined(separator: ", "), nl: parts.map { $0.nl }.joined(separator: ", "))
    }

    static func details(_ contents: CaseContents) -> LocalizedText {
        let note = contents.info.note
        return LocalizedText(
            en: "Case: \(contents.info.name)\n" + (note.map { "Note: \($0)\n" } ?? "")
                + "Made: \(day(contents.info.created))\nLast used: \(day(contents.lastUsed))\nFolder: \(contents.folder)\n"
                + "Holds: \(holds(contents).en)\nSize: \(size(contents.bytes).trimmingCharacters(in: .whitespaces))",
            nl: "Casus: \(contents.info.name)\n" + (note.map { "Notitie: \($0)\n" } ?? "")
                + "Gemaakt: \(day(contents.info.created))\nLaatst gebruikt: \(day(contents.lastUsed))\nMap: \(contents.folder)\n"
                + "Bevat: \(holds(contents).nl)\nGrootte: \(size(contents.bytes).trimmingCharacters(in: .whitespaces))")
    }

    static func exported(_ name: String, to folder: String) -> LocalizedText {
        LocalizedText(en: "Exported the case '\(name)' into \(folder):", nl: "De casus '\(name)' is geëxporteerd naar \(folder):")
    }

    static func exportedDossier(_ records: Int, folder: String) -> LocalizedText {
        LocalizedText(en: "the evidence dossier (\(records) record\(records == 1 ? "" : "s"), checked): \(folder)",
                      nl: "het bewijsdossier (\(records) \(records == 1 ? "vermelding" : "vermeldingen"), gecontroleerd): \(folder)")
    }

    static func exportedReport(_ file: String) -> LocalizedText {
        LocalizedText(en: "the latest audit report: reports/\(file)", nl: "het laatste controlerapport: reports/\(file)")
    }

    static func exportedCaptures(_ count: Int) -> LocalizedText {
        LocalizedText(en: "\(count) phone capture\(count == 1 ? "" : "s"): phone/", nl: "\(count) telefoonopname\(count == 1 ? "" : "s"): phone/")
    }

    static let nothingToExport = LocalizedText(en: "  the case holds no evidence, report or capture yet: only CASE.txt was written.",
                                               nl: "  de casus bevat nog geen bewijs, rapport of opname: alleen CASE.txt is geschreven.")

    static let askExport = LocalizedText(en: "Export the case before it is deleted? A folder to export into (Enter: no export): ",
                                         nl: "De casus exporteren voordat hij wordt verwijderd? Een map om naar te exporteren (Enter: niet exporteren): ")

    static func askName(_ name: String) -> LocalizedText {
        LocalizedText(en: "Everything of the case will be deleted. Type its name (\(name)) to go on: ",
                      nl: "Alles van de casus wordt verwijderd. Typ de naam (\(name)) om door te gaan: ")
    }

    static func deleted(_ name: String, files: Int, overwritten: Int) -> LocalizedText {
        LocalizedText(en: "Deleted the case '\(name)': \(files) file\(files == 1 ? "" : "s") removed, \(overwritten) first written over with zeros.",
                      nl: "De casus '\(name)' is verwijderd: \(files) bestand\(files == 1 ? "" : "en") gewist, waarvan \(overwritten) eerst met nullen overschreven.")
    }

    static func copyOnWrite(_ system: String) -> LocalizedText {
        LocalizedText(en: "This disk's file system (\(system)) writes changes elsewhere: writing over a file does not reach its old contents, which may stay on the disk until the space is used again. Full-disk encryption protects them.",
                      nl: "Het bestandssysteem van deze schijf (\(system)) schrijft wijzigingen ergens anders weg: overschrijven bereikt de oude inhoud niet, die op de schijf kan blijven tot de ruimte opnieuw wordt gebruikt. Versleuteling van de hele schijf beschermt die inhoud.")
    }

    static let flashCaveat = LocalizedText(
        en: "On an SSD or a memory card the drive itself may keep old copies that writing over does not reach; full-disk encryption protects them.",
        nl: "Op een SSD of geheugenkaart kan de schijf zelf oude kopieën bewaren die overschrijven niet bereikt; versleuteling van de hele schijf beschermt die.")

    static func forgetting(_ name: String) -> LocalizedText {
        LocalizedText(en: "In the case '\(name)': only this case's history and cache are forgotten; its evidence stays.",
                      nl: "In de casus '\(name)': alleen de geschiedenis en de cache van deze casus worden vergeten; het bewijs blijft.")
    }
}
