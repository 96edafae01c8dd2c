import ArgumentParser
import AuditCore
import Foundation
import Safety

/// `hygiene evidence`: the tamper-evident logbook of incidents and the files that show them.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Keep a logbook of incidents with their evidence, unaltered and in order, to hand to the police or a lawyer.",
        discussion: """
            Every record is chained to the one before by its SHA-256 hash; files are copied in unchanged and hashed. \
            'verify' shows any change, deletion, insertion or replaced file. Nothing is ever edited: a correction is a new record \
            ('add --corrects N'). The logbook lives in --store, the configuration's 'evidence-store', or $XDG_DATA_HOME/hygiene/evidence; \
            'hygiene forget' never touches it.
            """,
        subcommands: [Add.self, List.self, Show.self, Verify.self, Export.self, Stamp.self, Destroy.self])
}

/// Where the logbook is, for every `evidence` subcommand.
struct EvidenceStoreOptions: ParsableArguments {
    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The logbook's folder (default: the configuration's evidence-store, then $XDG_DATA_HOME/hygiene/evidence).",
                                            valueName: "dir"))
    var store: String?

    var environment: CLIEnvironment { common.environment }

    /// The folder and the language of messages.
    func resolve() throws -> (folder: String, language: Language) {
        let configuration = try common.loadConfiguration()
        let folder = store ?? configuration.evidenceStore ?? environment.evidenceStore
        return (URL(fileURLWithPath: folder).standardizedFileURL.path, common.language(configuration))
    }

    func open(create: Bool) throws -> (EvidenceStore, Language) {
        let (folder, language) = try resolve()
        return (try EvidenceStore(folder: folder, create: create), language)
    }
}

extension EvidenceCommand {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record one incident, with any files that show it (copied in unchanged).",
            discussion: """
                On a terminal, asks for every field not given as an option (Enter skips one). FILE may be a folder: a chat export \
                with its media is one record with all its files. How: \(IncidentKind.all.map(\.id).joined(separator: ", ")), or your own words.
                """)
        @OptionGroup var options: EvidenceStoreOptions

        @Option(name: .long, help: ArgumentHelp("When it happened: 2026-11-30 21:15, 30-11-2026 21:15, 21:15… (default: now).", valueName: "time"))
        var when: String?
        @Option(name: .long, help: "Where it happened.") var place: String?
        @Option(name: .long, help: "How long it lasted.") var duration: String?
        @Option(name: .long, help: ArgumentHelp("How it happened (repeatable).", valueName: "how")) var how: [String] = []
        @Option(name: .long, help: ArgumentHelp("Who saw or heard it (repeatable).", valueName: "name")) var witness: [String] = []
        @Option(name: .long, help: "What happened, in your own words.") var note: String?
        @Option(name: .long, help: ArgumentHelp("This record corrects record N (nothing is edited in place).", valueName: "N")) var corrects: Int?
        @Flag(name: .long, help: "Never ask on the terminal; record what the options give.") var noPrompt = false
        @Argument(help: ArgumentHelp("Files or folders to keep with the record.", valueName: "file")) var files: [String] = []

        func run() async throws {
            try await reportingErrors {
                let environment = options.environment
                let (folder, language) = try options.resolve()
                let now = environment.now()
                // What cannot be used is found before anything is asked, so that no answer is typed for nothing.
                if let corrects {
                    guard EvidenceStore.exists(at: folder) else {
                        throw corrects < 1 ? EvidenceError.noSuchRecord(corrects, count: 0) : EvidenceError.correctsLater(corrects, next: 1)
                    }
                    try EvidenceStore(folder: folder, create: false).checkCorrection(of: corrects)
                }
                var fields = Fields(when: when, place: place, duration: duration, how: how, witnesses: witness, note: note, files: files)
                fields.occurred = try when.map { try IncidentTime.parse($0, now: now) }
                if !noPrompt, environment.lineInput.isTerminal {
                    try EvidenceStore.checkFiles(files)
                    guard fields.ask(environment.lineInput, language, now: now, warn: environment.warn) else {
                        throw EvidenceError.nothingAnswered
                    }
                }
                let incident = Incident(occurredAt: fields.occurred ?? now, place: fields.place, duration: fields.duration, how: fields.how,
                                        witnesses: fields.witnesses, note: fields.note)
                let store = try EvidenceStore(folder: folder, create: true)
                let paths = fields.files
                let record = try await onOwnThread { try store.add(incident, files: paths, corrects: corrects, enteredAt: now) }
                let hash = String(record.hash.prefix(16))
                environment.say((record.files.isEmpty
                    ? EvidenceWords.recorded(record.number, hash: hash, folder: folder)
                    : EvidenceWords.recorded(record.number, files: record.files.count, hash: hash, folder: folder))(language))
            }
        }
    }

    /// The fields of one incident, from the options and, on a terminal, from prompts for the rest. Each
    /// answer is checked as it is given: one that cannot be used is asked again, and every other is kept.
    struct Fields {
        var when: String?
        var place: String?
        var duration: String?
        var how: [String]
        var witnesses: [String]
        var note: String?
        var files: [String]
        var occurred: Date?

        /// Asks for what the options left open; false when the person answered nothing at all.
        mutating func ask(_ input: any LineInput, _ l: Language, now: Date, warn: (String) -> Void) -> Bool {
            func line(_ text: LocalizedText) -> String? {
                let question = text(l)
                let prompt = question.hasSuffix("?") ? question + " " : question + ": "
                guard let answer = input.readLine(prompt: prompt) else { return nil }
                let trimmed = answer.trimmingCharacters(in: .whitespaces)
                return trimmed.isEmpty ? nil : trimmed
            }
            func list(_ text: String?) -> [String] {
                (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            if when == nil {
                while let answer = line(EvidenceWords.askWhen) {
                    do {
                        occurred = try IncidentTime.parse(answer, now: now)
                        when = answer
                        break
                    } catch {
                        warn(LocalizedText.describing(error)(l) + "\n" + EvidenceWords.askAgainTime(l))
                    }
                }
            }
            if place == nil { place = line(EvidenceWords.askPlace) }
            if duration == nil { duration = line(EvidenceWords.askDuration) }
            if how.isEmpty {
                let menu = IncidentKind.all.enumerated().map { "\($0.offset + 1) \($0.element.label(l))" }.joined(separator: ", ")
                how = list(line(EvidenceWords.askHow(menu))).map { item in
                    if let number = Int(item), IncidentKind.all.indices.contains(number - 1) { return IncidentKind.all[number - 1].id }
                    return item
                }
            }
            if witnesses.isEmpty { witnesses = list(line(EvidenceWords.askWitnesses)) }
            if note == nil { note = line(EvidenceWords.askNote) }
            if files.isEmpty {
                while let answer = line(EvidenceWords.askFile) {
                    let path = Self.unquoted(answer)
                    do {
                        try EvidenceStore.checkFiles([path])
                        files.append(path)
                    } catch {
                        let problem = (error as? EvidenceError)?.fileProblem ?? LocalizedText.describing(error)
                        warn(problem(l) + "\n" + EvidenceWords.askAgain(l))
                    }
                }
            }
            if how.isEmpty && note == nil && place == nil && files.isEmpty {
                note = line(EvidenceWords.askSomething)
            }
            return !(how.isEmpty && note == nil && place == nil && files.isEmpty)
        }

        /// A path as a terminal pastes a dragged file: quoted, or with escaped spaces.
        static func unquoted(_ path: String) -> String {
            if path.count >= 2, let first = path.first, first == path.last, first == "'" || first == "\"" {
                return String(path.dropFirst().dropLast())
            }
            return path.replacingOccurrences(of: "\\ ", with: " ")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the records, in the order they were entered.")
        @OptionGroup var options: EvidenceStoreOptions

        func run() async throws {
            try await reportingErrors {
                let (store, language) = try options.open(create: false)
                let records = try store.records()
                let view = EvidenceText(language: language, width: options.environment.terminalWidth)
                options.environment.output.write(view.list(records))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one record in full, with its files' hashes.")
        @OptionGroup var options: EvidenceStoreOptions
        @Argument(help: "The record's number.") var number: Int

        func run() async throws {
            try await reportingErrors {
                let (store, language) = try options.open(create: false)
                let records = try store.records()
                guard let record = records.first(where: { $0.number == number }) else {
                    throw EvidenceError.noSuchRecord(number, count: records.count)
                }
                let view = EvidenceText(language: language, width: options.environment.terminalWidth)
                options.environment.output.write(view.show(record, correctedBy: records.filter { $0.corrects == number }.map(\.number)))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every record, link, file and time stamp again; exit 1 when anything was changed, removed or added.")
        @OptionGroup var options: EvidenceStoreOptions
        @OptionGroup var trust: TimestampTrustOptions

        func run() async throws {
            let verification: EvidenceVerification = try await reportingErrors {
                let (store, language) = try options.open(create: false)
                let verifier = trust.verifier
                let verification = try await EvidenceVerifier().verify(store) { stamp in
                    try await verifier.verify(stamp).trust.isTrusted
                }
                options.environment.output.write(EvidenceText(language: language, width: options.environment.terminalWidth)
                    .verification(verification, store: store.folder))
                return verification
            }
            if !verification.intact { throw ExitCode(1) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a dossier for the police or a lawyer: a printable logbook, the same as JSON, the files, and SHA256SUMS.",
            discussion: """
                DIR must not exist or be empty. The logbook is verified first; a logbook that is not intact is not exported \
                (run 'hygiene evidence verify' to see why, and change nothing).
                """)
        @OptionGroup var options: EvidenceStoreOptions
        @OptionGroup var trust: TimestampTrustOptions
        @Argument(help: ArgumentHelp("The folder to write the dossier into.", valueName: "dir")) var folder: String

        func run() async throws {
            try await reportingErrors {
                let environment = options.environment
                let (store, l) = try options.open(create: false)
                let verifier = trust.verifier
                // The files' contents are hashed again by the export itself, as it copies them.
                let verification = try await EvidenceVerifier().verify(store, files: false) { stamp in try await verifier.verify(stamp).trust.isTrusted }
                let text = EvidenceText(language: l, width: environment.terminalWidth)
                guard verification.intact else {
                    environment.output.write(text.verification(verification, store: store.folder))
                    throw EvidenceError.notIntact(store: store.folder)
                }
                let now = environment.now()
                let summary = EvidenceWords.verified(by: "hygiene \(Catalog.version)", at: text.local(now), utc: EvidenceChain.timestamp(now),
                                                     verification)
                let target = URL(fileURLWithPath: folder).standardizedFileURL.path
                let records = try store.records()
                let stamps = try store.stamps()
                let result = try await onOwnThread {
                    try Dossier.export(records: records, stamps: stamps, storeFolder: store.folder, to: target, language: l, generatedAt: now,
                                       verification: summary(l))
                }
                sync()
                let counts = EvidenceWords.records(result.records) + LocalizedText.verbatim(", ") + EvidenceWords.files(result.files)
                environment.say(EvidenceWords.exported(result.folder, counts: counts, html: Dossier.logbookHTML, sums: Dossier.sums)(l))
            }
        }
    }

    struct Stamp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Have a time-stamping authority sign the logbook's latest hash with the time (RFC 3161).",
            discussion: """
                Only the SHA-256 hash of the last record leaves this machine, to the address you give (for example \
                https://freetsa.org/tsr, or a qualified authority your lawyer names). The signed time stamp is kept with the \
                logbook and checked again by 'verify': it shows the records up to that one existed, unchanged, at that time.
                """)
        @OptionGroup var options: EvidenceStoreOptions
        @Option(name: .long, help: ArgumentHelp("The time-stamping authority's address.", valueName: "url")) var tsa: String
        @OptionGroup var trust: TimestampTrustOptions

        func run() async throws {
            try await reportingErrors {
                let environment = options.environment
                let (store, l) = try options.open(create: false)
                guard let last = try store.records().last else { throw EvidenceError.nothingToStamp(store: store.folder) }
                environment.warn(EvidenceWords.onlyHashSent(last.number, to: tsa)(l))
                let client = TimestampClient(fetcher: environment.fetcher, verifier: trust.verifier)
                let result = try await client.stamp(digest: EvidenceChain.bytes(hex: last.hash), authority: tsa)
                try store.addStamp(EvidenceStamp(recordNumber: last.number, chainHash: last.hash, authority: tsa, signedAt: result.genTime,
                                                 token: result.token))
                let time = EvidenceText(language: l, width: environment.terminalWidth).local(result.genTime)
                environment.say(EvidenceWords.stamped(last.number, at: time, by: result.verification.signer)(l))
                if case .untrusted(_, let reason) = result.verification.trust {
                    environment.warn(EvidenceWords.untrustedAuthority(reason)(l))
                }
            }
        }
    }

    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the logbook and every file in it. Evidence should never be deleted: think twice.")
        @OptionGroup var options: EvidenceStoreOptions
        @Flag(name: .long, help: "Really delete it.") var yes = false

        func run() async throws {
            try await reportingErrors {
                let environment = options.environment
                let (folder, l) = try options.resolve()
                guard EvidenceStore.exists(at: folder) else { throw EvidenceError.noStore(store: folder) }
                environment.warn(EvidenceWords.neverDelete(l))
                guard yes else { throw EvidenceError.notDestroyed(store: folder) }
                try EvidenceStore.destroy(folder: folder)
                environment.say(EvidenceWords.deleted(folder)(l))
            }
        }
    }
}
