@testable import Exposure
import Foundation
import Testing

@Suite struct ExtractionTests {
    func read(_ html: String) -> PageText { Page.read(Array(html.utf8)) }

    @Test func visibleTextWithoutScriptsStylesAndComments() {
        let page = read("""
            <html><head><style>p { color: red }</style><script>var secret = "06-12345678";</script></head>
            <body><p>Hallo&nbsp;&amp; <b>wel</b>kom</p><!-- 06-98765432 --><p>Tweede   alinea</p></body></html>
            """)
        let visible = page.blocks.filter { !$0.isField }.map(page.text(of:))
        #expect(visible == ["Hallo & welkom", "Tweede alinea"])
    }

    @Test func theReaderKnowsWhichTextIsCode() {
        let page = read("""
            <p>Run <code>make test</code> and <kbd>Ctrl C</kbd>; then <b>stop</b>.</p>
            <pre>line one
            <span>line two</span><br>line three</pre><p>after <samp>output</samp></p>
            <p>open <tt>x<p>next paragraph</p>
            """)
        let bytes = page.bytes
        let code = page.codeRanges.map { String(decoding: bytes[$0], as: UTF8.self) }
        #expect(code == ["make test", "Ctrl C", "line one line two\nline three", "output", "x"])
        func isCode(_ text: String) -> Bool {
            let all = String(decoding: bytes, as: UTF8.self)
            let range = all.utf8.firstRange(of: text.utf8)!
            let start = all.utf8.distance(from: all.utf8.startIndex, to: range.lowerBound)
            return page.isCode(start..<start + text.utf8.count)
        }
        #expect(isCode("make"))
        #expect(isCode("two"))
        #expect(!isCode("stop"))
        #expect(!isCode("after"))
        #expect(!isCode("next paragraph"))
        #expect(isCode("and Ctrl"))   // a range that reaches into code
    }

    @Test func markupValuesBecomeLabelledFields() {
        let page = read("""
            <meta name="description" content="Sanne uit Utrecht">
            <a href="mailto:sanne%40devries.nl?subject=hoi">m</a> <a href="tel:+31612345678">t</a>
            <img src="/a.jpg" alt="Ons huis" title="Voordeur">
            """)
        let fields = Set(page.blocks.filter(\.isField).map(page.text(of:)))
        #expect(fields.isSuperset(of: ["description: Sanne uit Utrecht", "mailto: sanne@devries.nl", "tel: +31612345678",
                                       "alt: Ons huis", "title: Voordeur"]))
        #expect(page.images.map(\.source) == ["/a.jpg"])
    }

    @Test func jsonLDPersonAndPostalAddress() {
        let page = read("""
            <script type="application/ld+json">{"@type":"Person","birthDate":"1990-03-12",
            "address":{"@type":"PostalAddress","streetAddress":"Dorpsstraat 12","postalCode":"3511 AB","addressLocality":"Utrecht"}}</script>
            """)
        let fields = Set(page.texts)
        #expect(fields.contains("birthDate: 1990-03-12"))
        #expect(fields.contains("address: Dorpsstraat 12, 3511 AB, Utrecht"))
    }

    @Test(arguments: [
        ("jan [at] example [dot] nl", "jan@example.nl"), ("jan(at)example.nl", "jan@example.nl"),
        ("jan {at} example {dot} co {dot} uk", "jan@example.co.uk"), ("jan at example dot nl", "jan@example.nl"),
        ("jan @ example.nl", "jan@example.nl"), ("jan ( at ) example.nl", "jan@example.nl"), ("jan(@)example.nl", "jan@example.nl"),
        ("jan[apenstaartje]example.nl", "jan@example.nl"), ("jan AT example PUNT nl", "jan@example.nl"),
    ])
    func obfuscatedAddressesAreRewritten(input: String, expected: String) {
        let page = read("<p>Mail: \(input) graag.</p>")
        #expect(page.texts.contains { $0.hasPrefix("deobfuscated:") && $0.contains(expected) })
    }

    @Test func cloudflareAndEntityEncodedAddresses() {
        #expect(Deobfuscation.cloudflare("422e2d36362702342d2d302027272e266c2c2e") == "lotte@voorbeeld.nl")
        #expect(Deobfuscation.cloudflare("zz") == nil)
        let page = read("<p>&#107;&#101;&#101;&#115;&#64;t&#x75;inhuis&period;nl</p>")
        #expect(page.texts.first == "kees@tuinhuis.nl")
    }

    @Test func linesPointAtTheSource() {
        let page = read("<html>\n<body>\n<p>een\ntwee\ndrie 06-12345678</p>\n</body>")
        let block = page.blocks[0]
        let offset = page.bytes.firstIndex(of: UInt8(ascii: "0"))!
        #expect(block.line == 3)
        #expect(block.line(at: offset) == 5)
    }

    @Test func brokenMarkupNeverCrashes() {
        for html in ["<", "<p", "<a href=\"x", "&#", "&#x110000;", "<script>", "<!--", "<p title='a>b", String(repeating: "<b>", count: 10_000)] {
            _ = read(html)
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<400, using: &random)).map { _ in "<>&#;=\"' apx/\n\u{C2}\u{A0}".utf8.randomElement(using: &random)! }
            _ = Page.read(bytes)
        }
    }
}

@Suite struct UTF8ValidationTests {
    @Test func agreesWithTheStandardLibraryOnRandomAndEdgeBytes() {
        var generator = SystemRandomNumberGenerator()
        var samples: [[UInt8]] = [
            [], Array("plain ascii text, long enough for eight at a time".utf8), Array("café ’quote’ 😀 ĳ".utf8),
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0x80], [0xFF],
            Array("abcdefg".utf8) + [0xC3], Array("abcdefgh".utf8) + [0xC3, 0xA9] + Array("ijklmnop".utf8),
        ]
        for _ in 0..<5_000 {
            // Mostly text with some bytes flipped: the mix that finds mistakes at boundaries.
            var bytes = Array("Sanne de Vriés — 06-12345678 😀 ".utf8)
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            samples.append(Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))))
        }
        for sample in samples {
            let expected = String(validating: sample, as: UTF8.self) != nil
            #expect(sample.withUnsafeBufferPointer(HTMLExtractor.isValidUTF8) == expected, "\(sample)")
        }
    }
}
