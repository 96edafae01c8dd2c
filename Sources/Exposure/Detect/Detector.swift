import AuditCore
import Crypto
import Foundation

/// One personal value found on a page.
public struct Match: Sendable, Hashable {
    public var kind: String
    public var normalized: String
    /// Where it is: the page, or the image for a photo's position.
    public var url: String
    /// The source line of its first occurrence.
    public var line: Int
    /// The text around it, the value itself masked.
    public var snippet: String
    public var occurrences: Int = 1

    public var masked: String { Masking.mask(normalized, kind: kind) }

    /// Lowercase hex SHA-256 of `<kind>:<normalized>`: the same value on any page, in any audit, has
    /// the same fingerprint, and the value cannot be read back from it.
    public var fingerprint: String { Fingerprint.of("\(kind):\(normalized)") }

    public var subject: Subject {
        Subject(masked, [
            .init("kind", kind), .init("masked", masked), .init("fingerprint", fingerprint), .init("url", url),
            .init("line", String(line)), .init("snippet", snippet),
        ] + (occurrences > 1 ? [.init("occurrences", String(occurrences))] : []))
    }
}

/// Words that must be near a match for it to count, in any language, compared folded.
public struct ContextWords: Sendable {
    public var words: [String]
    /// Characters looked at before and after the match.
    public var before: Int
    public var after: Int

    public init(words: [String], before: Int, after: Int) {
        self.words = words.map(Folding.fold)
        self.before = before
        self.after = after
    }

    func found(in text: String) -> Bool {
        let folded = Folding.fold(text)
        return words.contains { Folding.containsWords(folded, $0) }
    }
}

/// A detector from a check file: patterns, a validator, context words.
public struct Detector: Sendable {
    public struct Rule: Sendable {
        public var pattern: Pattern
        /// Only with a context word nearby (a bare nine-digit number as a BSN).
        public var needsContext: Bool
    }

    public var kind: String
    public var rules: [Rule]
    public var validator: Validator
    /// Blocks with fewer ASCII digits are skipped without running the patterns.
    public var minDigits: Int
    /// A character every match contains (`@`): blocks without it are skipped.
    public var requires: UInt8?
    public var context: ContextWords?

    /// Every valid match in the page, one per normalised value (with its first line and a count).
    public func matches(in page: PageText, url: String) -> [Match] {
        var found: [String: Match] = [:]
        var order: [String] = []
        let visibleEnd = page.visibleEnd
        for block in page.blocks {
            if block.digits < minDigits { continue }
            if let requires, requires == UInt8(ascii: "@") ? !block.hasAt : !page.bytes[block.start..<block.end].contains(requires) { continue }
            // With a required character, the patterns run only on windows around it (an e-mail address
            // is at most 64 characters before its @ and 255 after); otherwise on the whole block.
            for window in windows(in: page.bytes, block: block) {
                let text = String(decoding: page.bytes[window], as: UTF8.self)
                let whole = NSRange(location: 0, length: text.utf16.count)
                for rule in rules {
                    for result in rule.pattern.regularExpression.matches(in: text, range: whole) {
                        guard let range = Range(result.range, in: text),
                              let validated = validator.validate(String(text[range])) else { continue }
                        let offset = window.lowerBound - block.start + text.utf8.distance(from: text.startIndex, to: range.lowerBound)
                        if rule.needsContext || validated.needsContext {
                            guard let context else { continue }
                            let length = text.utf8.distance(from: range.lowerBound, to: range.upperBound)
                            let region = block.isField ? block.start..<block.end : 0..<visibleEnd
                            let start = max(region.lowerBound, block.start + offset - context.before)
                            let end = min(region.upperBound, block.start + offset + length + context.after)
                            guard start < end, context.found(in: String(decoding: page.bytes[start..<end], as: UTF8.self)) else { continue }
                        }
                        if found[validated.normalized] != nil {
                            found[validated.normalized]!.occurrences += 1
                            continue
                        }
                        let masked = Masking.mask(validated.normalized, kind: kind)
                        found[validated.normalized] = Match(kind: kind, normalized: validated.normalized, url: url,
                                                            line: block.line(at: block.start + offset),
                                                            snippet: Masking.snippet(text, match: range, masked: masked))
                        order.append(validated.normalized)
                    }
                }
            }
        }
        return order.map { found[$0]! }
    }

    /// The byte ranges of a block the patterns run on.
    func windows(in bytes: [UInt8], block: PageText.Block) -> [Range<Int>] {
        guard let requires else { return [block.start..<block.end] }
        var windows: [Range<Int>] = []
        for index in block.start..<block.end where bytes[index] == requires {
            var lower = max(block.start, index - 96), upper = min(block.end, index + 272)
            // Whole characters only.
            while lower > block.start, bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
            while upper < block.end, bytes[upper] & 0xC0 == 0x80 { upper += 1 }
            if let last = windows.last, last.upperBound >= lower { windows[windows.count - 1] = last.lowerBound..<upper } else { windows.append(lower..<upper) }
        }
        return windows
    }
}

enum Fingerprint {
    static func of(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
