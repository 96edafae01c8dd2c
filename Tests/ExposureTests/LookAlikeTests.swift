import AuditCore
@testable import Exposure
import Foundation
import Testing

/// Values that look like personal data on real documentation pages — bytes of hex dumps, sizes,
/// long runs of digits in code — and the planted values beside them that still count.
@Suite struct LookAlikeTests {
    func found(_ kind: String, in html: String) -> [String] {
        DetectorTests.detectors[kind]!.matches(in: Page.read(Array(html.utf8)), url: "https://example.test/").map(\.normalized)
    }

    // MARK: hex dumps

    @Test(arguments: [
        "<pre>console.log(buf);\n// Prints: &lt;Buffer 01 02 03 04 05 06 07 08&gt;</pre>",
        "<pre>// Prints (contents may vary): &lt;Buffer a0 8b 28 3f 01 00 00 00 50 32&gt;</pre>",
        "<pre>ELF Header:\n  Magic:   7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00</pre>",
        "<p>Bytes: 02 03 04 05 06 07 08 09 0a 0b</p>",
        "<pre>console.log(copy);\n// Prints: &lt;Buffer 01 02 03 04 05&gt;</pre>",
        "<pre>$ od -A x -t x1z -v data.bin\n000000 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11</pre>",
    ])
    func twoDigitGroupsInARunOfHexBytePairsAreADump(_ html: String) {
        #expect(found("phone", in: html).isEmpty)
    }

    @Test func phoneNumbersWrittenInPairsStillCount() {
        #expect(found("phone", in: "<p>Bel 06 12 34 56 78 na zes uur.</p>") == ["+31612345678"])
        // One word of hex letters before the number is no dump.
        #expect(found("phone", in: "<p>Bel de 06 12 34 56 78</p>") == ["+31612345678"])
        // Numbers in pairs one after another are numbers.
        #expect(found("phone", in: "<p>Tel: 020 12 34 56 7 of 06 81 23 45 67, fax 03 21 23 45 67</p>")
                == ["+31201234567", "+31681234567", "+31321234567"])
        // The same bytes, with two more pairs beside them, are a dump.
        #expect(found("phone", in: "<p>Bel de 06 12 34 56 78 9a bc</p>").isEmpty)
    }

    @Test func hexDumpDetectionLooksOnlyAtPairsBesideTheMatch() throws {
        let page = Page.read(Array("<p>ab cd 02 03 04 05 06</p><p>ab 02 03 04 05 06</p><p>abc de 02 03 04 05 06</p>".utf8))
        func dump(_ block: Int) -> Bool {
            let start = page.blocks[block].start + page.text(of: page.blocks[block]).utf8.count - 14
            return Detector.isInHexDump(start..<start + 14, in: page)
        }
        #expect(dump(0))
        #expect(!dump(1))   // one pair beside it
        #expect(!dump(2))   // "abc" is a word, not a byte
        // Printed as an object, five pairs are bytes; in a sentence or brackets of their own, a number.
        #expect(found("phone", in: "<p>&lt;Buffer 06 12 34 56 78&gt;</p>").isEmpty)
        #expect(found("phone", in: "<p>Bel (06 12 34 56 78) of &lt;06 12 34 56 78&gt;</p>") == ["+31612345678"])
    }

    // MARK: units that look like postcodes

    @Test func aSizeIsNoPostcodeButAPostcodeIs() {
        #expect(found("postcode", in: "<p>The kernel needs 4096 MB of memory; swap 2048 MB.</p>").isEmpty)
        #expect(found("postcode", in: "<pre>should make it possible to load executables of size at least 1200MB.</pre>").isEmpty)
        #expect(found("postcode", in: "<p>Afbeeldingen tot 1920 PX breed en 1500 KG laadvermogen.</p>").isEmpty)
        #expect(found("postcode", in: "<p>Ons kantoor: 1234 AB Amsterdam</p>") == ["1234AB"])
        #expect(found("postcode", in: "<p>Postcode 3511AB</p>") == ["3511AB"])
    }

    @Test(arguments: [
        "<p>Kerkstraat 5, 4096 MB Amsterdam</p>",
        "<address>Stationsweg 12<br>4096 MB Utrecht</address>",
        "<p>Postbus 301, 4096 MB Arnhem</p>",
        "<p>Ons adres: 4096 MB Amsterdam</p>",
        "<dl><dt>Postcode</dt><dd>4096 MB</dd></dl>",
        "<p>Address: 12 Harbour Road, 4096 MB Rotterdam</p>",
    ])
    func aUnitLetterPostcodeCountsInAnAddress(_ html: String) {
        #expect(found("postcode", in: html) == ["4096MB"])
    }

    @Test func streetWordsMatchAsWordEndingsOnly() {
        // "straat" ends Kerkstraat; "straatje" is no street ending, "laan" is not inside "plaanen".
        #expect(found("postcode", in: "<p>Het straatje met 4096 MB</p>").isEmpty)
        #expect(found("postcode", in: "<p>Plaanen 4096 MB</p>").isEmpty)
    }

    // MARK: card numbers in code

    @Test(arguments: [
        "<pre>$ generate-id --seed 42\n4111111111111111</pre>",
        "<p>The request id is <code>4111 1111 1111 1111</code>.</p>",
        "<samp>5500 0000 0000 0004</samp>",
        "<pre><code>{\"id\": 4111111111111111, \"ts\": 1700000000}</code></pre>",
    ])
    func aCardNumberInCodeNeedsACardWord(_ html: String) {
        #expect(found("credit-card", in: html).isEmpty)
    }

    @Test(arguments: [
        ("<pre>card number: 4111 1111 1111 1111</pre>", "4111111111111111"),
        ("<pre>kaartnummer 4111111111111111</pre>", "4111111111111111"),
        ("<p>Mijn creditcard: <code>5500 0000 0000 0004</code></p>", "5500000000000004"),
        ("<kbd>Visa 4111-1111-1111-1111</kbd>", "4111111111111111"),
    ])
    func aCardNumberInCodeWithACardWordCounts(_ html: String, _ expected: String) {
        #expect(found("credit-card", in: html) == [expected])
    }

    @Test func outsideCodeACardNeedsNoWord() {
        #expect(found("credit-card", in: "<p>4111 1111 1111 1111</p>") == ["4111111111111111"])
        #expect(found("credit-card", in: "<p><code>id</code> 4111 1111 1111 1111</p>") == ["4111111111111111"])
        // An inline code element left open ends with its paragraph.
        #expect(found("credit-card", in: "<p>Run <code>make</p><p>4111 1111 1111 1111</p>") == ["4111111111111111"])
    }

    // MARK: the shipped check files

    /// The phone check lives in its own file, so its removal steps are written out again there: they must not drift.
    @Test func thePhoneCheckGivesTheSameStepsAsTheOtherDetectors() throws {
        let checks = try CorpusTests.shippedChecks()
        let phone = try #require(checks.first { $0.id == "exposure.phone" })
        let iban = try #require(checks.first { $0.id == "exposure.iban" })
        #expect(phone.fix == iban.fix)
        #expect(phone.caution == iban.caution)
        #expect(phone.source.file.hasSuffix("phone.yaml"))
    }
}
