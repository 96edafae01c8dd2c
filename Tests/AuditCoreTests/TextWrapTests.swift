import AuditCore
import Testing
import TestSupport

/// The byte-level wrapper against a plain one that counts `Character`s, and its promises on its own.
@Suite struct TextWrapTests {
    /// Wraps as the report did before the wrapper worked on bytes: words of `Character`s, escapes not counted.
    static func reference(_ text: String, width: Int, first: String, rest: String) -> String {
        func visible<S: StringProtocol>(_ s: S) -> Int {
            var count = 0, inEscape = false
            for c in s {
                if inEscape { if c == "m" { inEscape = false } } else if c == "\u{1B}" { inEscape = true } else { count += 1 }
            }
            return count
        }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = lines.isEmpty ? first : rest
            var length = visible(line), hasWord = false
            for word in paragraph.split(separator: " ") {
                if hasWord && length + 1 + visible(word) > width {
                    lines.append(line); line = rest + word; length = visible(rest) + visible(word)
                } else {
                    line += (hasWord ? " " : "") + word; length += (hasWord ? 1 : 0) + visible(word)
                }
                hasWord = true
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    @Test func sameLinesAsCountingCharacters() {
        var random = SplitMix64(seed: 20261202)
        let pieces = ["a", "bc", "word", "wachtwoord", " ", " ", "  ", "\n", "é", "e\u{301}", "ß", "⚠", "\u{1B}[1m", "\u{1B}[0m",
                      "Ĳssel", "— ", "https://example.org/a/long/path/that/is/longer/than/the/width/of/a/line"]
        for round in 0..<2_000 {
            let text = (0..<Int.random(in: 0...60, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let width = Int.random(in: 10...90, using: &random)
            let (first, rest) = round % 3 == 0 ? ("", "") : round % 3 == 1 ? ("   • ", "     ") : ("\u{1B}[1m1.\u{1B}[0m ", "   ")
            let wrapped = TextWrap(width: width).wrap(text, first: first, rest: rest)
            #expect(wrapped == Self.reference(text, width: width, first: first, rest: rest), "width \(width): \(text.debugDescription)")
        }
    }

    @Test func linesFitAndWordsStayWhole() {
        let text = "Verander het wachtwoord van je mailbox, en daarna van alles wat via die mailbox hersteld kan worden: Spotify, Bol en veertien andere."
        let wrapped = TextWrap(width: 30).wrap(text, indent: "      ")
        let lines = wrapped.split(separator: "\n")
        #expect(lines.count > 4)
        for line in lines {
            #expect(line.count <= 30, "\(line)")
            #expect(line.hasPrefix("      ") && !line.hasPrefix("       "))
        }
        #expect(lines.map { $0.trimmingPrefix("      ") }.joined(separator: " ") == text[...])
        let long = String(repeating: "x", count: 50)
        #expect(TextWrap(width: 20).wrap("a \(long) b", indent: "") == "a\n\(long)\nb")
    }

    @Test func columnsLeaveOutEscapesAndAccents() {
        #expect(TextWrap.columns("abc".utf8) == 3)
        #expect(TextWrap.columns("\u{1B}[31mrood\u{1B}[0m".utf8) == 4)
        #expect(TextWrap.columns("café".utf8) == 4)
        #expect(TextWrap.columns("cafe\u{301}".utf8) == 4)
        #expect(TextWrap.columns("⚠ Let op".utf8) == 8)
        #expect(TextWrap.columns("͵x".utf8) == 2)  // U+0375 (CD B5) is not a combining accent
    }
}
