import Foundation

/// Ranked word lists: a word's rank is how many guesses it takes to reach it in its list.
/// Words are kept by a 64-bit hash of their lowercase UTF-8 bytes, so that the estimator can look up
/// every substring of a password with a rolling hash instead of building strings.
public struct Dictionaries: Sendable {
    struct Entry: Sendable, Equatable { var kind: WordKind; var rank: Int32 }
    var table = WordTable()
    /// Hashes of every prefix of every word: a scan stops extending a substring once no word starts with it.
    var prefixes = PrefixFilter()
    public private(set) var sources: [String] = []

    public init() {}

    init(table: WordTable, prefixes: PrefixFilter, sources: [String]) {
        self.table = table
        self.prefixes = prefixes
        self.sources = sources
    }

    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always) static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* prime }

    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        bytes.reduce(offset, mix)
    }

    mutating func insert(_ word: Substring, kind: WordKind, rank: Int) {
        let key = word.contains(where: \.isUppercase) ? word.lowercased() : String(word)
        var hash = Self.offset
        for byte in key.utf8 {
            hash = Self.mix(hash, byte)
            prefixes.insert(hash)
        }
        table.keepLowest(hash, Entry(kind: kind, rank: Int32(clamping: rank)))
    }

    /// Adds words in order of how common they are (rank 1 first).
    public mutating func add(_ kind: WordKind, ranked words: [String], source: String) {
        for (index, word) in words.enumerated() where word.count >= 2 { insert(Substring(word), kind: kind, rank: index + 1) }
        if !sources.contains(source) { sources.append(source) }
    }

    /// Adds words with no frequency order. Length stands in for commonness: short words are the
    /// common ones, so they get low ranks.
    public mutating func add(_ kind: WordKind, unranked words: [String], source: String) {
        for word in words { addUnranked(Substring(word), kind: kind) }
        if !sources.contains(source) { sources.append(source) }
    }

    /// Adds the lines of a word list file, hashing ASCII lines straight from the bytes (lists run to
    /// hundreds of thousands of words); lines with other characters go through String.
    public mutating func add(_ kind: WordKind, unrankedText text: String, source: String) {
        add(kind, unrankedText: text[...], source: source)
    }

    /// The lines of a part of a word list file (see `add(_:unrankedText:source:)`).
    public mutating func add(_ kind: WordKind, unrankedText text: Substring, source: String) {
        var text = text
        text.withUTF8 { bytes in
            // Room for every line: counting them costs a pass, guessing from the size over-allocated
            // the table twice over (5 MB of Dutch words are 413,000 lines, not 850,000).
            var lines = 1
            for byte in bytes where byte == 10 { lines += 1 }
            table.reserveCapacity(table.count + lines)
            // Lists are sorted, so a line mostly begins as the one before it did (two thirds of the
            // bytes of Debian's lists): those prefixes are in the filter already, and inserting them
            // again was a cache miss each.
            var start = 0, previousStart = 0, previousLength = 0
            while start < bytes.count {
                var end = start, ascii = true, apostrophe = false, shared = true
                var hash = Self.offset
                while end < bytes.count, bytes[end] != 10, bytes[end] != 13 {
                    var byte = bytes[end]
                    if shared { shared = end - start < previousLength && bytes[previousStart + end - start] == byte }
                    if byte >= 0x80 { ascii = false }
                    if byte == 39 { apostrophe = true }
                    if byte >= 65 && byte <= 90 { byte += 32 }
                    hash = Self.mix(hash, byte)
                    if !apostrophe && !shared { prefixes.insert(hash) }
                    end += 1
                }
                previousStart = start
                previousLength = end - start
                let length = end - start
                if !apostrophe && length >= 3 {
                    if ascii {
                        let rank = Int32(Self.lengthRank(length))
                        table.keepLowest(hash, Entry(kind: kind, rank: rank))
                    } else {
                        addUnranked(Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)), kind: kind)
                    }
                }
                start = end + 1
            }
        }
        if !sources.contains(source) { sources.append(source) }
    }

    mutating func addUnranked(_ word: Substring, kind: WordKind) {
        let length = word.count
        guard length >= 3, !word.contains("'") else { return }
        insert(word, kind: kind, rank: Self.lengthRank(length))
    }

    static func lengthRank(_ length: Int) -> Int {
        switch length {
        case ...3: 500
        case 4: 1_500
        case 5: 3_000
        case 6: 6_000
        case 7: 12_000
        default: 25_000
        }
    }

    public var count: Int { table.count }

    /// Takes in lists that were read before this one (read apart, on another core): on the same word
    /// the lower rank wins, and on a tie the earlier list, exactly as if they had been added first.
    public mutating func merge(earlier: Dictionaries) {
        table.reserveCapacity(table.count + earlier.table.count)
        earlier.table.forEach { hash, entry in
            if let existing = table[hash], existing.rank < entry.rank { return }
            table[hash] = entry
        }
        prefixes.formUnion(earlier.prefixes)
        sources = earlier.sources + sources.filter { !earlier.sources.contains($0) }
    }
}

/// A blocked Bloom filter over prefix hashes, 4 MiB: the three probes of a hash fall in one block of
/// 64 bytes, so an insert or a look-up touches one cache line instead of three (building it from half
/// a million words was most of the word lists' load time). False positives only cost a few extra
/// look-ups; a miss proves no word goes on from here.
struct PrefixFilter: Sendable, Equatable {
    private static let blockWords = 8
    private static let blocks = 1 << 16
    private(set) var bits = [UInt64](repeating: 0, count: blocks * blockWords)
    static var wordCount: Int { blocks * blockWords }

    init() {}

    /// A filter as `bits` gave it (read back from the word-list cache); nil when the size is not this filter's.
    init?(bits: [UInt64]) {
        guard bits.count == Self.wordCount else { return nil }
        self.bits = bits
    }

    /// The block and the three bits for a hash. The word hash (FNV-1a) mixes its low bits poorly,
    /// so it is multiplied once more and the high bits used.
    @inline(__always) private static func probes(_ hash: UInt64) -> (base: Int, UInt64, UInt64, UInt64, Int, Int, Int) {
        let h = hash &* 0x9E37_79B9_7F4A_7C15
        let base = Int(truncatingIfNeeded: h >> 48) & (blocks - 1) &* blockWords
        return (base, 1 << ((h >> 10) & 63), 1 << ((h >> 19) & 63), 1 << ((h >> 28) & 63),
                Int(truncatingIfNeeded: (h >> 16) & 7), Int(truncatingIfNeeded: (h >> 25) & 7), Int(truncatingIfNeeded: (h >> 34) & 7))
    }

    @inline(__always) mutating func insert(_ hash: UInt64) {
        let p = Self.probes(hash)
        bits.withUnsafeMutableBufferPointer { words in
            words[p.base + p.4] |= p.1
            words[p.base + p.5] |= p.2
            words[p.base + p.6] |= p.3
        }
    }

    /// Every prefix of either filter.
    mutating func formUnion(_ other: PrefixFilter) {
        bits.withUnsafeMutableBufferPointer { mine in
            other.bits.withUnsafeBufferPointer { theirs in
                for index in mine.indices { mine[index] |= theirs[index] }
            }
        }
    }

    @inline(__always) func mayContain(_ hash: UInt64) -> Bool {
        let p = Self.probes(hash)
        return bits.withUnsafeBufferPointer { words in
            words[p.base + p.4] & p.1 != 0 && words[p.base + p.5] & p.2 != 0 && words[p.base + p.6] & p.3 != 0
        }
    }
}

/// An open-addressing table from a word's 64-bit hash to its entry. The hash is already well mixed,
/// so it indexes the table directly; Swift's Dictionary would hash it again on every look-up, which
/// dominated the estimator's time.
struct WordTable: Sendable {
    private(set) var keys: [UInt64] = Array(repeating: 0, count: 1024)
    private(set) var values: [Dictionaries.Entry] = Array(repeating: .init(kind: .passwords, rank: 0), count: 1024)
    private(set) var count = 0

    init() {}

    /// A table as `keys` and `values` gave it (read back from the word-list cache); nil when they do
    /// not make one (sizes differ or are no power of two, or the count is wrong).
    init?(keys: [UInt64], values: [Dictionaries.Entry]) {
        guard keys.count == values.count, keys.count >= 2, keys.count & (keys.count - 1) == 0 else { return nil }
        let count = keys.reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
        guard count * 2 <= keys.count else { return nil }
        self.keys = keys
        self.values = values
        self.count = count
    }

    @inline(__always) static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// Each stored hash and entry.
    func forEach(_ body: (UInt64, Dictionaries.Entry) -> Void) {
        for index in keys.indices where keys[index] != 0 { body(keys[index], values[index]) }
    }

    mutating func reserveCapacity(_ wanted: Int) {
        var size = keys.count
        while size < wanted * 2 { size <<= 1 }
        if size != keys.count { rehash(size) }
    }

    private mutating func rehash(_ size: Int) {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: .init(kind: .passwords, rank: 0), count: size)
        count = 0
        for index in oldKeys.indices where oldKeys[index] != 0 { self[oldKeys[index]] = oldValues[index] }
    }

    subscript(hash: UInt64) -> Dictionaries.Entry? {
        get {
            let key = Self.key(hash), mask = keys.count - 1
            var index = Int(truncatingIfNeeded: key >> 7) & mask
            while true {
                let found = keys[index]
                if found == key { return values[index] }
                if found == 0 { return nil }
                index = (index + 1) & mask
            }
        }
        set {
            guard let newValue else { return }
            if (count + 1) * 2 > keys.count { rehash(keys.count * 2) }
            let key = Self.key(hash), mask = keys.count - 1
            var index = Int(truncatingIfNeeded: key >> 7) & mask
            while keys[index] != 0 && keys[index] != key { index = (index + 1) & mask }
            if keys[index] == 0 { count += 1 }
            keys[index] = key
            values[index] = newValue
        }
    }

    /// Stores the entry unless the hash is there with a rank as low or lower (the first one wins a
    /// tie), in one probe.
    @inline(__always) mutating func keepLowest(_ hash: UInt64, _ entry: Dictionaries.Entry) {
        if (count + 1) * 2 > keys.count { rehash(keys.count * 2) }
        let key = Self.key(hash), mask = keys.count - 1
        var index = Int(truncatingIfNeeded: key >> 7) & mask
        while true {
            let found = keys[index]
            if found == key {
                if entry.rank < values[index].rank { values[index] = entry }
                return
            }
            if found == 0 {
                keys[index] = key
                values[index] = entry
                count += 1
                return
            }
            index = (index + 1) & mask
        }
    }
}

/// A password strength estimator of the zxcvbn family: it finds the pieces a guesser would try
/// (words from ranked lists, names, the account's own context, keyboard walks, repeats, sequences,
/// years and dates, each also reversed or in leetspeak) and searches for the combination that takes
/// the fewest guesses. Guesses map to a score from 0 (guessed at once) to 4 (very hard).
public struct StrengthEstimator: Sendable {
    public let dictionaries: Dictionaries
    /// The year that "recent years" count from.
    let referenceYear: Int
    /// What adding one more piece costs an attacker. zxcvbn uses 10,000; cracking rules that append a
    /// year and a symbol to a word are so common that 1,000 is closer to how such passwords fall.
    static let sequencePenalty = 1_000.0
    static let leet: [Character: [Character]] = [
        "4": ["a"], "@": ["a"], "8": ["b"], "(": ["c"], "{": ["c"], "3": ["e"], "€": ["e"], "6": ["g"], "9": ["g"],
        "1": ["i", "l"], "!": ["i"], "|": ["i", "l"], "0": ["o"], "$": ["s"], "5": ["s"], "7": ["t"], "+": ["t"], "%": ["x"], "2": ["z"],
    ]

    public init(dictionaries: Dictionaries, referenceYear: Int) {
        self.dictionaries = dictionaries
        self.referenceYear = referenceYear
    }

    /// Estimates `password`; `context` holds words that count as known (username, site, your name).
    /// `identity` holds what is known about the person (name, street, pet).
    public func estimate(_ password: String, context: [String] = [], identity: [String] = []) -> StrengthEstimate {
        let characters = Array(password)
        guard !characters.isEmpty else { return StrengthEstimate(guesses: 1, score: 0, sequence: []) }
        // A handful of words: a list scanned in place beats hashing every substring once more.
        var contextWords: [(hash: UInt64, kind: WordKind, rank: Int)] = []
        for (index, word) in context.enumerated() where word.count >= 3 {
            contextWords.append((Dictionaries.hash(word.lowercased().utf8), .context, index + 1))
        }
        for (index, word) in identity.enumerated() where word.count >= 3 {
            contextWords.append((Dictionaries.hash(word.lowercased().utf8), .identity, index + 1))
        }
        var matches = dictionaryMatches(characters, context: contextWords,
                                        contextWordsText: (context + identity).filter { $0.count >= 3 }.map { $0.lowercased() })
        matches += spatialMatches(characters)
        matches += sequenceMatches(characters)
        matches += repeatMatches(characters, context: context, identity: identity)
        matches += dateMatches(characters)
        return mostGuessable(characters.count, matches: matches)
    }

    // MARK: Matchers

    func dictionaryMatches(_ characters: [Character], context: [(hash: UInt64, kind: WordKind, rank: Int)], contextWordsText: [String]) -> [Match] {
        var found: [Match] = []
        let n = characters.count
        let lower: [[UInt8]] = characters.map { Array($0.lowercased().utf8) }
        // Prefixes of the context words too, so that the scan does not stop short of them.
        var contextPrefixes = Set<UInt64>()
        for word in contextWordsText {
            var hash = Dictionaries.offset
            for byte in word.utf8 { hash = Dictionaries.mix(hash, byte); contextPrefixes.insert(hash) }
        }
        func scan(_ letters: [[UInt8]], reversed: Bool, changed: [Bool]?) {
            for i in 0..<n {
                var hash = Dictionaries.offset
                var substituted = false
                for j in i..<min(n, i + 32) {
                    for byte in letters[j] { hash = Dictionaries.mix(hash, byte) }
                    guard dictionaries.prefixes.mayContain(hash) || contextPrefixes.contains(hash) else { break }
                    if let changed, changed[j] { substituted = true }
                    let length = j - i + 1
                    guard length >= 3 || (length == 2 && !reversed && changed == nil) else { continue }
                    // A look-alike reading counts only where it changed a character.
                    guard changed == nil || substituted else { continue }
                    var hit: (WordKind, Int)? = nil
                    if !context.isEmpty, let known = context.first(where: { $0.hash == hash }) { hit = (known.kind, known.rank) }
                    if let entry = dictionaries.table[hash], hit == nil || Int(entry.rank) < hit!.1 { hit = (entry.kind, Int(entry.rank)) }
                    guard let (kind, rank) = hit else { continue }
                    let start = reversed ? n - 1 - j : i, end = reversed ? n - 1 - i : j
                    var guesses = Double(rank) * uppercaseVariations(characters[start...end])
                    if reversed { guesses *= 2 }
                    if changed != nil { guesses *= leetVariations(characters[start...end]) }
                    found.append(Match(i: start, j: end, pattern: .dictionary(kind, reversed: reversed, leet: changed != nil), guesses: guesses))
                }
            }
        }
        scan(lower, reversed: false, changed: nil)
        scan(lower.reversed(), reversed: true, changed: nil)
        // Look-alike readings as zxcvbn makes them: each distinct look-alike character stands for one
        // letter throughout (`p@ssw0rd` → `password`; `1` as `i` or as `l`), at most 16 readings.
        let present = Set(characters.map { Character($0.lowercased()) }).filter { Self.leet[$0] != nil }.sorted()
        if !present.isEmpty {
            var readings: [[Character: Character]] = [[:]]
            for character in present {
                readings = readings.flatMap { reading in Self.leet[character]!.map { reading.merging([character: $0]) { a, _ in a } } }
                if readings.count >= 16 { break }
            }
            for reading in readings.prefix(16) {
                var changed = [Bool](repeating: false, count: n)
                let letters = (0..<n).map { index -> [UInt8] in
                    guard let letter = reading[Character(characters[index].lowercased())] else { return lower[index] }
                    changed[index] = true
                    return Array(String(letter).utf8)
                }
                scan(letters, reversed: false, changed: changed)
            }
        }
        return found
    }

    func uppercaseVariations(_ token: ArraySlice<Character>) -> Double {
        let upper = token.filter(\.isUppercase).count, lowerCount = token.filter(\.isLowercase).count
        if upper == 0 { return 1 }
        if lowerCount == 0 { return 2 }
        if upper == 1 && (token.first?.isUppercase == true || token.last?.isUppercase == true) { return 2 }
        var total = 0.0
        for k in 1...min(upper, lowerCount) { total += binomial(upper + lowerCount, k) }
        return max(total, 2)
    }

    func leetVariations(_ token: ArraySlice<Character>) -> Double {
        let substituted = token.filter { Self.leet[Character($0.lowercased())] != nil }.count
        return max(2, pow(2, Double(substituted)) / 2)
    }

    func spatialMatches(_ characters: [Character]) -> [Match] {
        var found: [Match] = []
        for keyboard in Keyboard.all {
            var i = 0
            while i < characters.count - 1 {
                var j = i, turns = 0, lastDirection: Int? = nil
                while j + 1 < characters.count, let direction = keyboard.direction(from: characters[j], to: characters[j + 1]) {
                    if direction != lastDirection { turns += 1; lastDirection = direction }
                    j += 1
                }
                let length = j - i + 1
                guard length >= 3 else { i += 1; continue }
                var guesses = 0.0
                for l in 2...length {
                    for t in 1...min(turns, l - 1) {
                        guesses += binomial(l - 1, t - 1) * keyboard.keyCount * pow(keyboard.averageDegree, Double(t))
                    }
                }
                let shifted = characters[i...j].filter(keyboard.shifted.contains).count
                if shifted > 0 {
                    let unshifted = length - shifted
                    guesses *= unshifted == 0 ? 2 : (1...min(shifted, unshifted)).reduce(0.0) { $0 + binomial(length, $1) }
                }
                found.append(Match(i: i, j: j, pattern: .spatial(keyboard.name), guesses: guesses))
                i = j
            }
        }
        return found
    }

    func sequenceMatches(_ characters: [Character]) -> [Match] {
        var found: [Match] = []
        let values = characters.map { Int($0.unicodeScalars.first!.value) }
        var i = 0
        while i < values.count - 1 {
            let step = values[i + 1] - values[i]
            guard abs(step) == 1 else { i += 1; continue }
            var j = i + 1
            while j + 1 < values.count && values[j + 1] - values[j] == step { j += 1 }
            if j - i + 1 >= 3 {
                let first = characters[i]
                var base: Double = "aAzZ019".contains(first) ? 4 : first.isNumber ? 10 : first.isLowercase ? 26 : 52
                if step < 0 { base *= 2 }
                found.append(Match(i: i, j: j, pattern: .sequence, guesses: base * Double(j - i + 1)))
            }
            i = j
        }
        return found
    }

    func repeatMatches(_ characters: [Character], context: [String], identity: [String]) -> [Match] {
        var found: [Match] = []
        let n = characters.count
        var i = 0
        while i < n {
            var best: (length: Int, count: Int)?
            for unit in 1...max(1, (n - i) / 2) {
                var count = 1
                while i + (count + 1) * unit <= n, characters[(i + count * unit)..<(i + (count + 1) * unit)].elementsEqual(characters[i..<(i + unit)]) {
                    count += 1
                }
                if count >= 2, unit * count >= 3, best == nil || unit * count > best!.length * best!.count {
                    best = (unit, count)
                }
            }
            if let best {
                let unit = String(characters[i..<(i + best.length)])
                let baseGuesses = best.length == 1 ? 10 : estimate(unit, context: context, identity: identity).guesses
                found.append(Match(i: i, j: i + best.length * best.count - 1, pattern: .repeated, guesses: baseGuesses * Double(best.count)))
                i += best.length * best.count
            } else {
                i += 1
            }
        }
        return found
    }

    func yearSpace(_ year: Int) -> Double { max(Double(abs(referenceYear - year)), 20) }

    func dateMatches(_ characters: [Character]) -> [Match] {
        var found: [Match] = []
        let n = characters.count
        let digits = characters.map(\.wholeNumberValue)
        func number(_ i: Int, _ length: Int) -> Int? {
            guard i + length <= n else { return nil }
            var value = 0
            for k in i..<(i + length) { guard let d = digits[k] else { return nil }; value = value * 10 + d }
            return value
        }
        for i in 0..<n {
            // A year on its own: 1900 to the reference year.
            if let year = number(i, 4), (1900...referenceYear).contains(year),
               !(i > 0 && digits[i - 1] != nil), !(i + 4 < n && digits[i + 4] != nil) {
                found.append(Match(i: i, j: i + 3, pattern: .year, guesses: yearSpace(year)))
            }
            // Day, month and year without separators: 12031990, 120390, 19900312.
            for (length, parts) in [(8, [2, 2, 4]), (8, [4, 2, 2]), (6, [2, 2, 2])] {
                guard let whole = number(i, length), whole > 0 else { continue }
                _ = whole
                let a = number(i, parts[0])!, b = number(i + parts[0], parts[1])!, c = number(i + parts[0] + parts[1], parts[2])!
                let (day, month, year) = parts[0] == 4 ? (c, b, a) : (a, b, parts[2] == 2 ? (c < 50 ? 2000 + c : 1900 + c) : c)
                guard (1...31).contains(day), (1...12).contains(month), (1900...referenceYear).contains(year) else { continue }
                found.append(Match(i: i, j: i + length - 1, pattern: .date, guesses: 365 * yearSpace(year)))
            }
            // With separators: 12-03-1990, 12/3/90, 12.03.1990.
            if let (day, dayEnd) = digitsRun(digits, from: i, max: 2), dayEnd < n, "-/. ".contains(characters[dayEnd]),
               !(i > 0 && digits[i - 1] != nil) {
                let separator = characters[dayEnd]
                if let (month, monthEnd) = digitsRun(digits, from: dayEnd + 1, max: 2), monthEnd < n, characters[monthEnd] == separator,
                   let (rawYear, yearEnd) = digitsRun(digits, from: monthEnd + 1, max: 4), [2, 4].contains(yearEnd - monthEnd - 1) {
                    let year = rawYear < 100 ? (rawYear < 50 ? 2000 + rawYear : 1900 + rawYear) : rawYear
                    if (1...31).contains(day), (1...12).contains(month), (1900...referenceYear).contains(year) {
                        found.append(Match(i: i, j: yearEnd - 1, pattern: .date, guesses: 365 * yearSpace(year) * 4))
                    }
                }
            }
        }
        return found
    }

    /// The number made of up to `max` digits from `start`, and where it ends.
    func digitsRun(_ digits: [Int?], from start: Int, max: Int) -> (Int, Int)? {
        var value = 0, end = start
        while end < digits.count, end - start < max, let digit = digits[end] { value = value * 10 + digit; end += 1 }
        return end > start ? (value, end) : nil
    }

    // MARK: Search

    /// zxcvbn's search: for each end position and number of pieces, the cheapest way to get there;
    /// a sequence of l pieces costs l! × Π guesses + penalty^(l-1).
    func mostGuessable(_ n: Int, matches: [Match]) -> StrengthEstimate {
        var byEnd = [[Match]](repeating: [], count: n)
        for match in matches { byEnd[match.j].append(match) }
        var best = [[Int: (g: Double, pi: Double, match: Match)]](repeating: [:], count: n)
        func bounded(_ match: Match) -> Match {
            var match = match
            if match.length < n { match.guesses = max(match.guesses, match.length == 1 ? 11 : 51) }
            return match
        }
        func update(_ match: Match, _ l: Int) {
            let k = match.j
            var pi = match.guesses
            if l > 1 {
                guard let previous = best[match.i - 1][l - 1] else { return }
                pi *= previous.pi
            }
            let g = factorial(l) * pi + pow(Self.sequencePenalty, Double(l - 1))
            for (other, entry) in best[k] where other <= l && entry.g <= g { return }
            best[k][l] = (g, pi, match)
        }
        func bruteforce(_ i: Int, _ j: Int) -> Match {
            bounded(Match(i: i, j: j, pattern: .bruteforce, guesses: pow(10, Double(j - i + 1))))
        }
        for k in 0..<n {
            for match in byEnd[k].map(bounded) {
                if match.i > 0 {
                    for l in best[match.i - 1].keys { update(match, l + 1) }
                } else {
                    update(match, 1)
                }
            }
            update(bruteforce(0, k), 1)
            for i in 1...max(1, k) where i <= k {
                let match = bruteforce(i, k)
                for (l, entry) in best[i - 1] where entry.match.pattern != .bruteforce { update(match, l + 1) }
            }
        }
        guard let (l, final) = best[n - 1].min(by: { $0.value.g < $1.value.g }) else {
            return StrengthEstimate(guesses: pow(10, Double(n)), score: 4, sequence: [])
        }
        var sequence: [Match] = []
        var k = n - 1, pieces = l
        while k >= 0, pieces > 0, let entry = best[k][pieces] {
            sequence.insert(entry.match, at: 0)
            k = entry.match.i - 1
            pieces -= 1
        }
        return StrengthEstimate(guesses: final.g, score: StrengthEstimate.score(for: final.g), sequence: sequence)
    }
}

func factorial(_ n: Int) -> Double { n < 2 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) } }

func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var result = 1.0
    for d in 0..<min(k, n - k) { result = result * Double(n - d) / Double(d + 1) }
    return result
}
