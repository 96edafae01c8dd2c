import AuditCore
@testable import Exposure
import Foundation
import Testing

/// The shipped detectors on small pages: the byte scan that picks the windows the patterns run on
/// must never hide a match the patterns would find in the whole text.
@Suite struct DetectorTests {
    static let detectors: [String: Detector] = {
        let checks = try! CorpusTests.shippedChecks()
        var table: [String: Detector] = [:]
        for check in checks { if let kind = check.implementation as? PersonalDataKind { table[kind.detector.kind] = kind.detector } }
        return table
    }()

    func found(_ kind: String, in html: String) -> [Match] {
        Self.detectors[kind]!.matches(in: Page.read(Array(html.utf8)), url: "https://example.test/")
    }

    func found(_ kind: String, in bytes: [UInt8]) -> [Match] {
        Self.detectors[kind]!.matches(in: Page.read(bytes), url: "https://example.test/")
    }

    @Test func matchesAtTheEdgesOfTheirWindows() {
        // A month name before the day, far from other digits; a value at the very start and end of a block.
        #expect(found("date-of-birth", in: "<p>Born on September 12th, 1990 in a small town.</p>").map(\.normalized) == ["1990-09-12"])
        #expect(found("date-of-birth", in: "<p>geboren: 3 december 1985</p>").map(\.normalized) == ["1985-12-03"])
        #expect(found("phone", in: "<p>0612345678</p>").map(\.normalized) == ["+31612345678"])
        #expect(found("iban", in: "<td>NL91 ABNA 0417 1643 00</td>").map(\.normalized) == ["NL91ABNA0417164300"])
        let far = "<p>Mijn nummer " + String(repeating: "heel lang verhaal zonder cijfers ", count: 20) + "is 06-12345678.</p>"
        #expect(found("phone", in: far).map(\.normalized) == ["+31612345678"])
    }

    @Test func aValueNeverSpansTwoBlocks() {
        // Two halves of a card number in neighbouring cells are not one card.
        #expect(found("credit-card", in: "<table><tr><td>4111 1111</td><td>1111 1111</td></tr></table>").isEmpty)
        #expect(found("credit-card", in: "<p>4111 1111 1111 1111</p>").map(\.normalized) == ["4111111111111111"])
    }

    @Test func aBareNineDigitNumberNeedsItsContextWord() {
        // 111222333 passes the eleven test.
        #expect(found("bsn", in: "<p>Ordernummer 111222333</p>").isEmpty)
        #expect(found("bsn", in: "<p>Mijn BSN is 111222333</p>").map(\.normalized) == ["111222333"])
        #expect(found("bsn", in: "<dt>Burgerservicenummer</dt><dd>111222333</dd>").map(\.normalized) == ["111222333"])
        #expect(found("date-of-birth", in: "<p>Gepubliceerd op 12-03-2021</p>").isEmpty)
    }

    @Test func onePlaceCountsOnceAndRepeatsAreCounted() {
        // "+31 (0)6 …" is matched by the international and the national pattern: one occurrence.
        let once = found("phone", in: "<p>Bel +31 (0)6 12345678</p>")
        #expect(once.map(\.normalized) == ["+31612345678"])
        #expect(once.first?.occurrences == 1)
        let repeated = found("phone", in: "<p>Bel 06-12345678</p><footer>06 12 34 56 78</footer><a href='tel:0612345678'>x</a>")
        #expect(repeated.map(\.normalized) == ["+31612345678"])
        #expect(repeated.first?.occurrences == 3)
        #expect(repeated.first?.line == 1)
    }

    @Test func brokenUTF8KeepsOffsetsAndLines() {
        var bytes = Array("<p>caf".utf8) + [0xE9, 0xFF] + Array(" x</p>\n<p>\u{E9}\u{E9} mail".utf8) + [0xC3] + Array(" jan@example.nl</p>\n<p>tel 06-12345678</p>".utf8)
        bytes += [0xF0, 0x9F]
        let emails = found("email", in: bytes)
        #expect(emails.map(\.normalized) == ["jan@example.nl"])
        #expect(emails.first?.line == 2)
        #expect(emails.first?.snippet.contains("[j***@e***.nl]") == true)
        let phones = found("phone", in: bytes)
        #expect(phones.map(\.normalized) == ["+31612345678"])
        #expect(phones.first?.line == 3)
    }

    @Test func identityTermsInPlainAndFoldedText() {
        let terms = [(declared: "sanne de vries", folded: Folding.fold("Sanne de Vries")), (declared: "élodie", folded: Folding.fold("Élodie"))]
        func matches(_ html: String) -> [Match] { IdentityTermsKind.matches(of: terms, in: Page.read(Array(html.utf8)), url: "u") }
        // Plain ASCII, any case; across a line break and a no-break space; accents either way.
        let plain = matches("<p>Contact: SANNE DE VRIES</p>\n<p>Sanne\n de&nbsp;Vries schreef</p><p>Elodie en \u{C9}LODIE</p>")
        #expect(plain.map(\.normalized) == ["sanne de vries", "élodie"])
        #expect(plain.first?.occurrences == 2)
        #expect(plain.last?.occurrences == 2)
        #expect(plain.first?.snippet.contains("Contact: [s**** d* v****]") == true)
        // A namesake inside a longer word is not the person.
        #expect(matches("<p>Sanne de Vriesland en Elodies</p>").isEmpty)
        #expect(matches("<p>Sanne de Vries-Jansen</p>").map(\.normalized) == ["sanne de vries"])
    }
}

@Suite struct BytePatternTests {
    func matches(_ pattern: String, in text: String, ranges: [Range<Int>]? = nil) throws -> [String] {
        let compiled = try BytePattern(pattern)
        let bytes = Array(text.utf8)
        var found: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            compiled.forEachMatch(in: buffer, ranges: ranges ?? [0..<bytes.count]) { found.append(String(decoding: buffer[$0..<$1], as: UTF8.self)) }
        }
        return found
    }

    @Test func matchesStayInsideTheirRangeAndLookBehindIt() throws {
        // The range starts after "NL": the look-behind sees the letters before it, so "91…" is no match on its own.
        #expect(try matches("(?<![A-Z])[0-9]{4}", in: "NL9123 4567", ranges: [2..<6, 7..<11]) == ["4567"])
        #expect(try matches("[0-9]{4}", in: "12345678", ranges: [0..<6]) == ["1234"])
        #expect(try matches("(?i)maart", in: "12 MAART 1990, 3 maart") == ["MAART", "maart"])
        #expect(try matches("(?<![\\w])élodie", in: "xélodie élodie") == ["élodie"])
    }

    @Test func emptyMatchesDoNotHang() throws {
        #expect(try matches("[0-9]*", in: "a12 é3").filter { !$0.isEmpty } == ["12", "3"])
    }

    @Test func anInvalidPatternIsAClearProblem() {
        do {
            _ = try PersonalDataKind.detector("""
                finds: test
                label: {en: Test, nl: Test}
                patterns: ['(?<![0-9]{1,3})[0-9]{4}']
                """)
            Issue.record("a look-behind of varying length was accepted")
        } catch {
            #expect("\(error)".contains("(?<![0-9]{1,3})[0-9]{4}"))
            #expect("\(error)".contains("lookbehind"))
        }
    }
}

@Suite struct TermSearchTests {
    func found(_ terms: [String], in text: String, caseless: Bool) -> [String] {
        let search = TermSearch(terms.map { FoldedText.fold($0) })
        let bytes = Array(text.utf8)
        var found: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            search.search(buffer, caseless: caseless) { term, offset in found.append("\(terms[term])@\(offset)") }
        }
        return found
    }

    @Test func wholeWordsOnlyWithOneAndManyByteTerms() {
        #expect(found(["x", "tel"], in: "Tel: x, xx, telefoon, TEL", caseless: true) == ["tel@0", "x@5", "tel@22"])
        #expect(found(["tel"], in: "Tel: tel", caseless: false) == ["tel@5"])
        // Next to a letter outside ASCII is not a word boundary.
        #expect(found(["sanne"], in: "sanneé sanne", caseless: false) == ["sanne@8"])
    }
}
