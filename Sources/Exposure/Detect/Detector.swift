import AuditCore
import Foundation

/// One personal value found on a page.
public struct Match: Sendable, Hashable {
    public let kind: String
    public let normalized: String
    /// Where it is: the page, or the image for a photo's position.
    public var url: String
    /// The source line of its first occurrence.
    public var line: Int
    /// The text around it, the value itself masked.
    public var snippet: String
    public var occurrences: Int
    /// One of the person's own e-mail addresses or phone numbers from the identity file.
    public var own = false
    /// The value as reports show it: enough to recognise, not enough to use.
    public let masked: String
    /// The text as it stood on the page, so snippets of other findings can hide it too; never reported.
    public var found = ""
    /// Lowercase hex SHA-256 of `<kind>:<normalized>`: the same value on any page, in any audit, has
    /// the same fingerprint, and the value cannot be read back from it.
    public let fingerprint: String

    public init(kind: String, normalized: String, url: String, line: Int, snippet: String, occurrences: Int = 1, masked: String? = nil) {
        self.kind = kind
        self.normalized = normalized
        self.url = url
        self.line = line
        self.snippet = snippet
        self.occurrences = occurrences
        self.masked = masked ?? Masking.mask(normalized, kind: kind)
        fingerprint = Fingerprint.of("\(kind):\(normalized)")
    }

    public var subject: Subject {
        Subject(masked, [
            .init("kind", ExposureTexts.kind(kind)), .init("masked", masked), .init("fingerprint", fingerprint), .init("url", url),
            .init("line", String(line)), .init("snippet", snippet),
        ] + (occurrences > 1 ? [.init("occurrences", String(occurrences))] : []) + (own ? [.init("own", ExposureTexts.own)] : []))
    }
}

/// Words that must be near a match for it to count, in any language, compared folded.
public struct ContextWords: Sendable {
    public var words: [String]
    /// Characters looked at before and after the match.
    public var before: Int
    public var after: Int
    let search: TermSearch

    /// A word written `*straat` matches any word ending in `straat` (`Dorpsstraat`).
    public init(words: [String], before: Int, after: Int) {
        self.words = words.map(Folding.fold)
        self.before = before
        self.after = after
        let terms = words.map { word in (FoldedText.fold(word.hasPrefix("*") ? String(word.dropFirst()) : word), word.hasPrefix("*")) }
            .filter { !$0.0.isEmpty }
        search = TermSearch(terms.map(\.0), wordEndings: terms.map(\.1))
    }

    func found(in bytes: ArraySlice<UInt8>) -> Bool {
        let plain = bytes.withUnsafeBufferPointer { buffer in
            TermSearch.isPlain(buffer) ? search.contains(buffer, caseless: true) : nil
        }
        if let plain { return plain }
        return FoldedText(bytes).bytes.withUnsafeBufferPointer { search.contains($0, caseless: false) }
    }
}

/// A detector from a check file: patterns, a validator, context words.
///
/// The patterns do not run over the whole page. A byte scan first finds the windows a match can be in —
/// the text around a cluster of digits when every match has digits, the space-free run around the
/// required character (`@`) — and the patterns, compiled by PCRE2, then run on those windows of the
/// page's bytes in place. A page without candidates costs one pass over its bytes.
public struct Detector: Sendable {
    public struct Rule: Sendable {
        /// The pattern as written in the check file.
        public var source: String
        /// Only with a context word nearby (a bare nine-digit number as a BSN).
        public var needsContext: Bool
        /// The pattern as matched on the page's bytes.
        let compiled: BytePattern

        /// Compiles the pattern; a pattern PCRE2 cannot compile throws, saying why.
        init(source: String, needsContext: Bool) throws {
            self.source = source
            self.needsContext = needsContext
            compiled = try BytePattern(source)
        }
    }

    /// Bytes around a digit cluster that belong to its window: room for a month name before a day, a
    /// country code, and the look-behinds of the patterns.
    public static let padding = 24
    /// How far a window around a required character reaches at most, each side.
    static let reach = 320

    public var kind: String
    public var rules: [Rule]
    public var validator: Validator
    /// Every match has at least this many ASCII digits close together; text with fewer is skipped.
    public var minDigits: Int
    /// A character every match contains (`@`): only the space-free runs around it are searched.
    public var requires: UInt8?
    public var context: ContextWords?
    /// The numbering plans the `phone` validator reads numbers by, compiled once with the check.
    public var plans = NumberingPlans()
    /// Look-alikes: matches that count only with a context word nearby, or not at all.
    public var lookAlikes = LookAlikes()

    /// Rules for values that look like personal data but usually are something else.
    public struct LookAlikes: Sendable {
        /// A match in a code element (`pre`, `code`, `samp`, `kbd`, `tt`) needs a context word: a run of
        /// digits in code is an identifier, a timestamp or test data far more often than a card.
        public var needContextInCode = false
        /// A match whose letters at the end are one of these (a unit: `4096 MB`) needs a context word.
        public var needContextWhenEndingIn: Set<String> = []
        /// Two-digit groups inside a longer run of hex byte pairs (`<Buffer 01 02 03 04 05 06 07 08>`) are a dump.
        public var skipHexDumps = false

        public init() {}
    }

    /// A piece of a block the patterns run on.
    struct Window: Equatable {
        var block: Int
        var range: Range<Int>
    }

    /// A pattern's match, placed in the page.
    struct Hit {
        var start: Int
        var end: Int
        var rule: Int
        var text: String
    }

    /// The validator's verdict on a candidate, by this check's numbering plans.
    public func validate(_ candidate: String) -> Validated? { validator.validate(candidate, plans: plans) }

    /// Every valid match in the page, one per normalised value (with its first line and a count).
    public func matches(in page: PageText, url: String) -> [Match] {
        let windows = windows(in: page)
        guard !windows.isEmpty else { return [] }
        // Patterns that need a context word run only on the windows that have one nearby.
        let plain = rules.indices.filter { !rules[$0].needsContext }
        let needy = rules.indices.filter { rules[$0].needsContext }
        var hits = hits(in: windows, of: page, rules: plain)
        if let context, !needy.isEmpty {
            let near = windows.filter { hasContext(context, around: $0.range, in: page, block: page.blocks[$0.block]) }
            hits += self.hits(in: near, of: page, rules: needy)
        }
        hits.sort { ($0.start, $0.rule) < ($1.start, $1.rule) }
        var found: [String: Match] = [:]
        var order: [String] = []
        var acceptedEnd = -1
        // Pages repeat values (a footer, a contact block): each distinct text is validated once.
        var validations: [String: Validated?] = [:]
        // In page order; a place two patterns match counts once, for the first that is valid there.
        for hit in hits where hit.start >= acceptedEnd {
            if lookAlikes.skipHexDumps, Self.isInHexDump(hit.start..<hit.end, in: page) { continue }
            let cached = validations[hit.text]
            guard let validated = cached ?? validate(hit.text) else {
                if cached == nil { validations[hit.text] = .some(nil) }
                continue
            }
            if cached == nil { validations[hit.text] = validated }
            // A value already found counts again wherever it appears; the first time, it may need a context word.
            if found[validated.normalized] != nil {
                acceptedEnd = hit.end
                found[validated.normalized]!.occurrences += 1
                continue
            }
            let block = page.blocks[windows[windowIndex(of: hit.start, in: windows)].block]
            if rules[hit.rule].needsContext || validated.needsContext || looksAlike(hit, in: page) {
                guard let context, hasContext(context, around: hit.start..<hit.end, in: page, block: block) else { continue }
            }
            acceptedEnd = hit.end
            let masked = Masking.mask(validated.normalized, kind: kind)
            found[validated.normalized] = Match(kind: kind, normalized: validated.normalized, url: url,
                                                line: block.line(at: hit.start),
                                                snippet: snippet(of: hit, in: page, block: block, masked: masked), masked: masked)
            found[validated.normalized]!.found = hit.text
            order.append(validated.normalized)
        }
        return order.map { found[$0]! }
    }

    /// Whether a valid match is one of the look-alikes that count only near a context word.
    func looksAlike(_ hit: Hit, in page: PageText) -> Bool {
        if lookAlikes.needContextInCode, page.isCode(hit.start..<hit.end) { return true }
        if !lookAlikes.needContextWhenEndingIn.isEmpty {
            let letters = hit.text.utf8.reversed().prefix { ($0 | 0x20) &- 0x61 < 26 }
            if !letters.isEmpty, lookAlikes.needContextWhenEndingIn.contains(String(decoding: letters.reversed(), as: UTF8.self).uppercased()) {
                return true
            }
        }
        return false
    }

    /// Whether a match is two-digit groups (`02 03 04 05 06`) in a run of hex byte pairs: with at least
    /// two more pairs beside it (`Magic: 7f 45 4c 46 02 01 01 00 00 00 00`), or printed as an object
    /// (`<Buffer 01 02 03 04 05>`). Those are bytes of a dump, not a number.
    static func isInHexDump(_ range: Range<Int>, in page: PageText) -> Bool {
        let bytes = page.bytes
        let space: UInt8 = 0x20
        guard range.count >= 5, range.count % 3 == 2, range.upperBound <= bytes.count else { return false }
        // The match itself: digit pairs joined by single spaces.
        for (offset, position) in range.enumerated() {
            let byte = bytes[position]
            if offset % 3 == 2 { guard byte == space else { return false } } else { guard byte &- 0x30 < 10 else { return false } }
        }
        func isHex(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6 }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
        func isWordByte(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 || isLetter(byte) || byte >= 0x80 }
        // The whole run: pairs before ("…4c 46 ") and after (" 07 08…").
        var start = range.lowerBound, end = range.upperBound, pairs = 0
        while start >= 3, bytes[start - 1] == space, isHex(bytes[start - 2]), isHex(bytes[start - 3]),
              start < 4 || !isWordByte(bytes[start - 4]) {
            pairs += 1
            start -= 3
        }
        while end + 3 <= bytes.count, bytes[end] == space, isHex(bytes[end + 1]), isHex(bytes[end + 2]),
              end + 3 == bytes.count || !isWordByte(bytes[end + 3]) {
            pairs += 1
            end += 3
        }
        if pairs >= 2 { return true }
        // "<Buffer 01 02 03 04 05>": a name in angle brackets with the pairs after it.
        guard end < bytes.count, bytes[end] == UInt8(ascii: ">"), start >= 3, bytes[start - 1] == space else { return false }
        var name = start - 1
        while name > 0, isLetter(bytes[name - 1]) { name -= 1 }
        return name < start - 1 && name > 0 && bytes[name - 1] == UInt8(ascii: "<")
    }

    /// The matches of some of the patterns over the windows: each starts and ends inside one window.
    func hits(in windows: [Window], of page: PageText, rules ruleIndices: [Int]) -> [Hit] {
        guard !windows.isEmpty, !ruleIndices.isEmpty else { return [] }
        let ranges = windows.map(\.range)
        var hits: [Hit] = []
        page.bytes.withUnsafeBufferPointer { bytes in
            for ruleIndex in ruleIndices {
                rules[ruleIndex].compiled.forEachMatch(in: bytes, ranges: ranges) { start, end in
                    guard end > start else { return }
                    hits.append(Hit(start: start, end: end, rule: ruleIndex,
                                    text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)))
                }
            }
        }
        return hits
    }

    /// The windows of a page, in order, each inside one block, overlapping ones merged.
    func windows(in page: PageText) -> [Window] {
        var windows: [Window] = []
        page.bytes.withUnsafeBufferPointer { bytes in
            func add(_ block: Int, _ lower: Int, _ upper: Int) {
                let bounds = page.blocks[block]
                var lower = max(bounds.start, lower), upper = min(bounds.end, upper)
                // Whole characters only.
                while lower > bounds.start, bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
                while upper < bounds.end, bytes[upper] & 0xC0 == 0x80 { upper += 1 }
                if let last = windows.last, last.block == block, last.range.upperBound >= lower {
                    windows[windows.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, upper)
                } else {
                    windows.append(Window(block: block, range: lower..<upper))
                }
            }
            if let requires, let base = bytes.baseAddress {
                // memchr finds each occurrence; the block it is in is looked up.
                var from = 0
                var index = 0
                while from < bytes.count, let found = memchr(base + from, Int32(requires), bytes.count - from) {
                    let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    from = position + 1
                    while index + 1 < page.blocks.count, page.blocks[index + 1].start <= position { index += 1 }
                    let block = page.blocks[index]
                    guard position >= block.start, position < block.end else { continue }
                    var lower = position, upper = position + 1
                    while lower > block.start, position - lower < Self.reach, bytes[lower - 1] != 0x20 { lower -= 1 }
                    while upper < block.end, upper - position < Self.reach, bytes[upper] != 0x20 { upper += 1 }
                    // The space either side too, for the look-behinds.
                    lower = max(block.start, lower - 1)
                    upper = min(block.end, upper + 1)
                    if minDigits > 0, (lower..<upper).count(where: { bytes[$0] &- 0x30 < 10 }) < minDigits { continue }
                    add(index, lower, upper)
                }
            } else if minDigits > 0 {
                for cluster in page.clusters where cluster.digits >= minDigits {
                    add(cluster.block, cluster.start - Self.padding, cluster.end + Self.padding)
                }
            } else {
                for (index, block) in page.blocks.enumerated() { add(index, block.start, block.end) }
            }
        }
        return windows
    }

    func windowIndex(of offset: Int, in windows: [Window]) -> Int {
        var low = 0, high = windows.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if windows[middle].range.lowerBound <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Whether a context word is near the hit: within the block for a markup value, else anywhere in
    /// the visible text (a label in the cell or line before).
    func hasContext(_ context: ContextWords, around range: Range<Int>, in page: PageText, block: PageText.Block) -> Bool {
        let region = block.isField ? block.start..<block.end : 0..<page.visibleEnd
        var start = max(region.lowerBound, range.lowerBound - context.before)
        var end = min(region.upperBound, range.upperBound + context.after)
        while start > region.lowerBound, page.bytes[start] & 0xC0 == 0x80 { start -= 1 }
        while end < region.upperBound, page.bytes[end] & 0xC0 == 0x80 { end += 1 }
        return start < end && context.found(in: page.bytes[start..<end])
    }

    /// The text around the first occurrence, the value masked.
    func snippet(of hit: Hit, in page: PageText, block: PageText.Block, masked: String) -> String {
        var start = max(block.start, hit.start - 160), end = min(block.end, hit.end + 160)
        while start > block.start, page.bytes[start] & 0xC0 == 0x80 { start -= 1 }
        while end < block.end, page.bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: page.bytes[start..<end], as: UTF8.self)
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: hit.start - start)
        let upper = utf8.index(lower, offsetBy: hit.end - hit.start)
        return Masking.snippet(text, match: lower..<upper, masked: masked)
    }
}

enum Fingerprint {
    static func of(_ text: String) -> String { Digest.sha256Hex(text) }
}
