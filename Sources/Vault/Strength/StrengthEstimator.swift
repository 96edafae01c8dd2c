import Foundation

/// Ranked word lists: a word's rank is how many guesses it takes to reach it in its list.
public struct Dictionaries: Sendable {
    var ranks: [WordKind: [String: Int]] = [:]
    public private(set) var sources: [String] = []

    public init() {}

    /// Adds words in order of how common they are (rank 1 first).
    public mutating func add(_ kind: WordKind, ranked words: [String], source: String) {
        var table = ranks[kind] ?? [:]
        let offset = table.count
        for (index, word) in words.enumerated() {
            let key = word.lowercased()
            guard key.count >= 2, table[key] == nil else { continue }
            table[key] = offset + index + 1
        }
        ranks[kind] = table
        if !sources.contains(source) { sources.append(source) }
    }

    /// Adds words with no frequency order. Length stands in for commonness: short words are the
    /// common ones, so they get low ranks.
    public mutating func add(_ kind: WordKind, unranked words: [String], source: String) {
        var table = ranks[kind] ?? [:]
        for word in words {
            let key = word.lowercased()
            guard key.count >= 3, !key.contains("'"), table[key] == nil else { continue }
            table[key] = Self.lengthRank(key.count)
        }
        ranks[kind] = table
        if !sources.contains(source) { sources.append(source) }
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

    func lookup(_ word: String) -> (WordKind, Int)? {
        var best: (WordKind, Int)?
        for (kind, table) in ranks {
            if let rank = table[word], best == nil || rank < best!.1 { best = (kind, rank) }
        }
        return best
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
        var contextWords: [String: (WordKind, Int)] = [:]
        for (index, word) in identity.enumerated() where word.count >= 3 { contextWords[word.lowercased()] = (.identity, index + 1) }
        for (index, word) in context.enumerated() where word.count >= 3 { contextWords[word.lowercased()] = (.context, index + 1) }
        var matches = dictionaryMatches(characters, context: contextWords)
        matches += spatialMatches(characters)
        matches += sequenceMatches(characters)
        matches += repeatMatches(characters, context: context, identity: identity)
        matches += dateMatches(characters)
        return mostGuessable(characters.count, matches: matches)
    }

    // MARK: Matchers

    func dictionaryMatches(_ characters: [Character], context: [String: (WordKind, Int)]) -> [Match] {
        var found: [Match] = []
        let lower = characters.map { Character($0.lowercased()) }
        let n = characters.count
        func scan(_ letters: [Character], reversed: Bool, leet: Bool) {
            for i in 0..<n {
                var word = ""
                var substituted = false
                for j in i..<min(n, i + 32) {
                    word.append(letters[j])
                    if leet && letters[j] != lower[j] { substituted = true }
                    guard j - i + 1 >= 3 || (j - i + 1 >= 2 && !reversed && !leet) else { continue }
                    // A look-alike reading counts only where it changed a character.
                    guard !leet || substituted else { continue }
                    var hit = context[word]
                    if let other = dictionaries.lookup(word), hit == nil || other.1 < hit!.1 { hit = other }
                    guard let (kind, rank) = hit else { continue }
                    let start = reversed ? n - 1 - j : i, end = reversed ? n - 1 - i : j
                    var guesses = Double(rank) * uppercaseVariations(Array(characters[start...end]))
                    if reversed { guesses *= 2 }
                    if leet { guesses *= leetVariations(Array(characters[start...end])) }
                    found.append(Match(i: start, j: end, pattern: .dictionary(kind, reversed: reversed, leet: leet), guesses: guesses))
                }
            }
        }
        scan(lower, reversed: false, leet: false)
        scan(lower.reversed(), reversed: true, leet: false)
        if lower.contains(where: { Self.leet[$0] != nil }) {
            // Try each look-alike reading (at most a few): `p@ssw0rd` → `password`, `1ief` → `lief`.
            var variants: [[Character]] = [lower]
            for (index, character) in lower.enumerated() {
                guard let options = Self.leet[character] else { continue }
                variants = variants.flatMap { variant in
                    [variant] + options.map { option -> [Character] in var copy = variant; copy[index] = option; return copy }
                }
                if variants.count > 64 { break }
            }
            for variant in variants.dropFirst() { scan(variant, reversed: false, leet: true) }
        }
        return found
    }

    func uppercaseVariations(_ token: [Character]) -> Double {
        let upper = token.filter(\.isUppercase).count, lowerCount = token.filter(\.isLowercase).count
        if upper == 0 { return 1 }
        if lowerCount == 0 { return 2 }
        if upper == 1 && (token.first?.isUppercase == true || token.last?.isUppercase == true) { return 2 }
        var total = 0.0
        for k in 1...min(upper, lowerCount) { total += binomial(upper + lowerCount, k) }
        return max(total, 2)
    }

    func leetVariations(_ token: [Character]) -> Double {
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
                while i + (count + 1) * unit <= n, Array(characters[(i + count * unit)..<(i + (count + 1) * unit)]) == Array(characters[i..<(i + unit)]) {
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
            if i + 5 < n {
                let text = String(characters[i..<min(n, i + 10)])
                if let match = text.range(of: #"^\d{1,2}([-/. ])\d{1,2}\1(\d{4}|\d{2})"#, options: .regularExpression) {
                    let token = text[match]
                    let parts = token.split(whereSeparator: { "-/. ".contains($0) }).compactMap { Int($0) }
                    if parts.count == 3, (1...31).contains(parts[0]), (1...12).contains(parts[1]) {
                        let year = parts[2] < 100 ? (parts[2] < 50 ? 2000 + parts[2] : 1900 + parts[2]) : parts[2]
                        if (1900...referenceYear).contains(year) {
                            found.append(Match(i: i, j: i + token.count - 1, pattern: .date, guesses: 365 * yearSpace(year) * 4))
                        }
                    }
                }
            }
        }
        return found
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
