import AuditCore
import Foundation

/// Word lists named in a check definition: files from Debian packages, and lists of our own.
struct WordSources: Sendable, Hashable {
    struct File: Sendable, Hashable {
        var name: String
        var path: String
        var kind: WordKind
        var ranked: Bool
    }
    var files: [File]
    var own: [WordKind: [String]]

    init(_ p: Parameters) throws {
        files = try p.list("word-lists") { item in
            try item.allowOnly(["name", "path", "kind", "ranked"])
            let kindName = try item.string("kind")
            guard let kind = WordKind(rawValue: kindName) else {
                throw Parameters.Problem(message: "word-lists: unknown kind '\(kindName)'; use \(WordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return File(name: try item.string("name"), path: try item.string("path"), kind: kind, ranked: try item.bool("ranked", default: false))
        }
        let words = try p.mapping("words")
        var own: [WordKind: [String]] = [:]
        for key in words.keys {
            guard let kind = WordKind(rawValue: key) else {
                throw Parameters.Problem(message: "words: unknown kind '\(key)'; use \(WordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            own[kind] = try words.strings(key)
        }
        self.own = own
    }

    /// Our own ranked lists first (they hold the most common Dutch passwords and names), then the files.
    /// The files are read, the unranked ones cut at line breaks into pieces of about an equal share
    /// per core (Debian's Dutch list alone is five sixths of the words), each piece is read into a
    /// table of its own, and the tables are merged in order: the same words, ranks and ties as
    /// reading every file one after the other, in a fraction of the time.
    func load(_ host: Machine, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Dictionaries {
        var own = Dictionaries()
        for kind in WordKind.allCases { if let words = self.own[kind] { own.add(kind, ranked: words, source: "hygiene's own \(kind.rawValue) list") } }
        let texts = Self.concurrentMap(files) { try? host.read($0.path) }
        let total = texts.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        let share = max(1 << 18, total / max(1, cores))
        var pieces: [(file: File, text: Substring)] = []
        for (file, text) in zip(files, texts) {
            guard let text else { continue }
            if file.ranked { pieces.append((file, text[...])); continue }
            for piece in Self.split(text, around: share) { pieces.append((file, piece)) }
        }
        let parts = Self.concurrentMap(pieces) { piece -> Dictionaries in
            var part = Dictionaries()
            if piece.file.ranked {
                let words = piece.text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#!comment") && !$0.isEmpty }
                part.add(piece.file.kind, ranked: words, source: piece.file.name)
            } else {
                part.add(piece.file.kind, unrankedText: piece.text, source: piece.file.name)
            }
            return part
        }
        // The last part keeps its table; the earlier ones are merged into it, latest first.
        var loaded = [own] + parts
        var dictionaries = loaded.removeLast()
        while let earlier = loaded.popLast() { dictionaries.merge(earlier: earlier) }
        return dictionaries
    }

    /// Cuts a text into pieces of about `size` bytes, each ending at a line break (or the end).
    static func split(_ text: String, around size: Int) -> [Substring] {
        var pieces: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            var end = utf8.index(start, offsetBy: size, limitedBy: utf8.endIndex) ?? utf8.endIndex
            while end < utf8.endIndex && utf8[end] != 10 { end = utf8.index(after: end) }
            if end < utf8.endIndex { end = utf8.index(after: end) }
            pieces.append(text[start..<end])
            start = end
        }
        return pieces
    }

    /// `transform` of every element, one per core at a time, in the elements' order.
    static func concurrentMap<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let slots = SendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in slots.buffer[index] = transform(items[index]) }
        return results.map { $0! }
    }
}

/// Loaded word lists, kept for the life of the process, and between runs in the machine's cache folder
/// when it has one (see `WordListCache`).
enum DictionaryCache {
    static let shared = ProcessCache<Dictionaries>()
}

extension ProcessCache where Value == Dictionaries {
    /// Lets go of the lists for these sources (they are read again if asked for).
    func release(_ sources: WordSources, host: Machine) {
        remove(key(sources, host))
    }

    func key(_ sources: WordSources, _ host: Machine) -> String { "\(host.root)|\(sources.hashValue)" }

    func dictionaries(_ sources: WordSources, host: Machine) -> Dictionaries {
        value(key(sources, host)) {
            guard let directory = host.cacheDirectory else { return sources.load(host) }
            let cache = WordListCache(directory: directory)
            let path = cache.path(for: sources, host: host)
            if let cached = cache.load(path) { return cached }
            let built = sources.load(host)
            cache.store(built, at: path)
            return built
        }
    }
}

/// Values worked out once per process, by key. A caller asking for a value that another is still
/// working out waits for it rather than doing the work twice.
final class ProcessCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func value(_ key: String, make: () throws -> Value) rethrows -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[key] { return value }
        let value = try make()
        values[key] = value
        return value
    }

    func remove(_ key: String) {
        lock.withLock { _ = values.removeValue(forKey: key) }
    }

    func holds(_ key: String) -> Bool {
        lock.withLock { values[key] != nil }
    }
}

/// A buffer that worker threads write to at separate indices.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// Weak passwords, by a zxcvbn-class estimate that knows Dutch and English words, names, keyboard
/// walks on qwerty and azerty, dates, and the account's own context: its username, e-mail, site and
/// title, and the person's identity terms.
struct WeakKind: CheckKind {
    static let description = KindDescription(
        identifier: "password-strength",
        family: "vault",
        summary: "Estimates guesses per password and lists those at or below max-score, grouped by why they are weak.",
        parameters: [
            ParameterSpec("word-lists", required: true, "list of {name, path, kind, ranked}: word lists from installed packages"),
            ParameterSpec("words", required: true, "mapping of kind to our own ranked words: passwords, dutch, first-names, surnames…"),
            ParameterSpec("max-score", "the highest score (0-4) that is weak; default 2"),
            ParameterSpec("key-accounts", "list of {name, domains}: accounts that make the finding critical"),
        ],
        examples: examples)

    let sources: WordSources
    let maxScore: Int
    let keyAccounts: KeyAccounts

    init(parameters: Parameters) throws {
        sources = try WordSources(parameters)
        maxScore = try parameters.int("max-score", default: 2, in: 0...3)
        keyAccounts = try KeyAccounts(parameters)
    }

    static func context(for login: Credential) -> [String] {
        var words: [String] = []
        let username = login.username.lowercased()
        let local = String(username.split(separator: "@").first ?? "")
        words += [username, local] + local.split(whereSeparator: { !$0.isLetter }).map(String.init)
        if let label = login.siteLabel { words.append(label) }
        words += login.title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return words
    }

    /// The word lists load while the export is still being read.
    func warmUp(host: Machine) {
        _ = DictionaryCache.shared.dictionaries(sources, host: host)
    }

    /// Each judged login with its estimate, and the word lists used. The estimates are made once per
    /// vault (each distinct password once, see `LoginEstimates`) and shared by every caller; the word
    /// lists (some 36 MB) are let go once they are made, as nothing else reads them, so they no longer
    /// stay in memory while the report is written. A later caller with other logins reads them again.
    func estimates(in context: CheckContext) throws -> (estimates: [(Credential, StrengthEstimate)], lists: [String]) {
        let vault = try context.vault()
        let (logins, _) = vault.judgedLogins
        let made = vault.strengthEstimates(estimatesKey(in: context)) {
            let dictionaries = DictionaryCache.shared.dictionaries(sources, host: context.host)
            let year = Calendar(identifier: .gregorian).component(.year, from: context.host.now)
            let identity = context.inputs[.identity]?.guessableWords ?? []
            var made = LoginEstimates(logins, estimator: StrengthEstimator(dictionaries: dictionaries, referenceYear: year),
                                      identity: identity, context: Self.context(for:))
            made.lists = dictionaries.sources
            DictionaryCache.shared.release(sources, host: context.host)
            return made
        }
        return (Array(zip(logins, made.estimates)), made.lists)
    }

    /// What the estimates depend on besides the logins: the word lists, the year, the identity words.
    func estimatesKey(in context: CheckContext) -> String {
        let year = Calendar(identifier: .gregorian).component(.year, from: context.host.now)
        let identity = context.inputs[.identity]?.guessableWords ?? []
        return "\(context.host.root)|\(sources.hashValue)|\(year)|" + identity.joined(separator: "\u{0}")
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let (logins, copies) = try context.judgedLogins()
        let (estimates, sources) = try estimates(in: context)
        var groups: [LocalizedText: [(Credential, StrengthEstimate)]] = [:]
        for (login, estimate) in estimates where estimate.score <= maxScore {
            groups[estimate.explanation, default: []].append((login, estimate))
        }
        let lists = Self.listNames(sources)
        if groups.isEmpty {
            return .passed(evidence: LocalizedText(en: "all \(logins.count) passwords score above \(maxScore) of 4 (word lists: \(lists.en))",
                                                   nl: "alle \(logins.count) wachtwoorden scoren boven \(maxScore) van 4 (woordenlijsten: \(lists.nl))"))
        }
        // The word lists are named once, on the first finding, not repeated on every one (sweep A-10).
        return .failed(groups.sorted { $0.key.en < $1.key.en }.enumerated().map { position, group in
            let (explanation, members) = group
            let subjects = members.map { login, estimate -> Subject in
                var subject = login.subject(among: copies)
                subject.fields.append(.init("score", "\(estimate.score)/4"))
                return subject
            }
            return FindingDraft(
                key: explanation.en + "|" + members.map(\.0.accountKey).sorted().joined(separator: "|"),
                title: LocalizedText.count(members.count, en: ("weak password", "weak passwords"), nl: ("zwak wachtwoord", "zwakke wachtwoorden"))
                    + LocalizedText(en: ": \(explanation.en)", nl: ": \(explanation.nl)"),
                detail: LocalizedText(
                    en: "Each of these is \(explanation.en), which guessing tools try early." + (position == 0 ? " (Word lists: \(lists.en).)" : ""),
                    nl: "Elk hiervan is \(explanation.nl), wat raadprogramma's vroeg proberen." + (position == 0 ? " (Woordenlijsten: \(lists.nl).)" : "")),
                subjects: subjects,
                severity: members.contains { keyAccounts.kind(of: $0.0) != nil } ? .critical : nil)
        })
    }
}

extension WeakKind {
    /// The word lists' names, in both languages: hygiene's own lists by what they hold, the shipped files
    /// by what they are; a user's own list keeps the name its author gave it.
    static let dutchListNames: [String: String] = [
        "hygiene's own passwords list": "eigen lijst van hygiene met wachtwoorden",
        "hygiene's own dutch list": "eigen lijst van hygiene met Nederlandse woorden",
        "hygiene's own english list": "eigen lijst van hygiene met Engelse woorden",
        "hygiene's own first-names list": "eigen lijst van hygiene met voornamen",
        "hygiene's own surnames list": "eigen lijst van hygiene met achternamen",
        "john-data common passwords": "veelgebruikte wachtwoorden uit john-data",
        "Debian wamerican": "Engelse woorden uit Debian (wamerican)",
        "Debian wdutch": "Nederlandse woorden uit Debian (wdutch)",
    ]

    static func listNames(_ sources: [String]) -> LocalizedText {
        LocalizedText(en: sources.joined(separator: ", "), nl: sources.map { dutchListNames[$0] ?? $0 }.joined(separator: ", "))
    }
}

extension WeakKind: AccountFlagging {
    public var accountFlag: String { "weak" }

    public func flaggedAccounts(in context: CheckContext) async throws -> Set<String> {
        Set(try estimates(in: context).estimates.filter { $0.1.score <= maxScore }.map(\.0.accountKey))
    }
}
