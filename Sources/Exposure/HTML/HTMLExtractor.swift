import Foundation

/// Reads HTML as a browser shows it, in one pass over the bytes: the visible text without scripts
/// and styles, and the values that markup exposes. It never fails: broken markup gives what can be read.
public enum HTMLExtractor {
    /// What an element means to the reader.
    struct Element: Sendable {
        enum Role { case plain, script, rawText, link, base, meta, image, input, noscript }
        /// Code elements: a block (`pre`) or inline (`code`, `samp`, `kbd`, `tt`).
        enum Code { case none, block, inline }
        var startsBlock = false
        var role = Role.plain
        var code = Code.none
        /// `<br>`: a new block, but not the end of the paragraph an inline code element is in.
        var isBreak = false
    }

    /// Elements by name; any other element is plain and inline.
    static let elements: NameTable<Element> = {
        var table: [(String, Element)] = []
        for name in ["address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "fieldset",
                     "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
                     "li", "main", "nav", "ol", "option", "p", "section", "table", "tbody", "td", "tfoot", "th", "thead",
                     "title", "tr", "ul", "label", "button", "summary", "details", "iframe", "select", "textarea"] {
            table.append((name, Element(startsBlock: true)))
        }
        table.append(("br", Element(startsBlock: true, isBreak: true)))
        table.append(("pre", Element(startsBlock: true, code: .block)))
        for name in ["code", "samp", "kbd", "tt"] { table.append((name, Element(code: .inline))) }
        table.append(("script", Element(role: .script)))
        for name in ["style", "svg", "math", "noembed"] { table.append((name, Element(role: .rawText))) }
        for name in ["a", "area"] { table.append((name, Element(role: .link))) }
        table.append(("base", Element(role: .base)))
        table.append(("meta", Element(role: .meta)))
        table.append(("img", Element(startsBlock: true, role: .image)))
        table.append(("source", Element(role: .image)))
        table.append(("input", Element(role: .input)))
        table.append(("noscript", Element(startsBlock: true, role: .noscript)))
        return NameTable(table)
    }()

    /// The attributes whose values are kept; the rest are skipped.
    enum Attribute: Int, CaseIterable {
        case href, src, dataSrc, srcset, alt, title, content, name, property, itemprop, type, dataCfemail, ariaLabel, httpEquiv

        var name: String {
            switch self {
            case .href: "href"
            case .src: "src"
            case .dataSrc: "data-src"
            case .srcset: "srcset"
            case .alt: "alt"
            case .title: "title"
            case .content: "content"
            case .name: "name"
            case .property: "property"
            case .itemprop: "itemprop"
            case .type: "type"
            case .dataCfemail: "data-cfemail"
            case .ariaLabel: "aria-label"
            case .httpEquiv: "http-equiv"
            }
        }

        static let byName = NameTable(allCases.map { ($0.name, $0) })
    }

    /// The kept attributes of one tag: most tags have none, and then nothing is allocated.
    struct Attributes {
        private var pairs: [(attribute: Attribute, value: String)] = []
        var isEmpty: Bool { pairs.isEmpty }

        subscript(attribute: Attribute) -> String? {
            get { pairs.first { $0.attribute == attribute }?.value }
            set {
                pairs.removeAll { $0.attribute == attribute }
                if let newValue { pairs.append((attribute, newValue)) }
            }
        }
    }

    /// A tag or attribute name of at most 16 bytes, lowercased and packed into two words, so that
    /// looking one up allocates nothing. Longer names are none of the ones the reader knows.
    struct Name: Equatable, Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        init(_ text: String) {
            let bytes = Array(text.utf8)
            self = bytes.withUnsafeBufferPointer { Name($0, 0..<bytes.count)! }
        }

        init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            guard range.count <= 16 else { return nil }
            var shift: UInt64 = 0
            for index in range {
                let byte = bytes[index]
                let lower = UInt64(byte &- 0x41 < 26 ? byte | 0x20 : byte)
                if shift < 64 { low |= lower << shift } else { high |= lower << (shift - 64) }
                shift += 8
            }
        }

        var slot: Int { Int(truncatingIfNeeded: (low &* 0x9E37_79B9_7F4A_7C15 ^ high &* 0xC2B2_AE3D_27D4_EB4F) >> 56) }
    }

    /// A fixed table from names to values, open addressing over 256 slots.
    struct NameTable<Value: Sendable>: Sendable {
        private var keys = [Name?](repeating: nil, count: 256)
        private var values = [Value?](repeating: nil, count: 256)

        init(_ pairs: [(String, Value)]) {
            precondition(pairs.count < 200)
            for (text, value) in pairs {
                let name = Name(text)
                var slot = name.slot
                while let key = keys[slot], key != name { slot = (slot + 1) & 255 }
                keys[slot] = name
                values[slot] = value
            }
        }

        subscript(name: Name) -> Value? {
            var slot = name.slot
            while let key = keys[slot] {
                if key == name { return values[slot] }
                slot = (slot + 1) & 255
            }
            return nil
        }
    }

    public static func extract(_ utf8: [UInt8]) -> PageText {
        // Invalid sequences become U+FFFD first, so the text's bytes are valid UTF-8 and offsets into it hold.
        let utf8 = utf8.withUnsafeBufferPointer(isValidUTF8) ? utf8 : Array(String(decoding: utf8, as: UTF8.self).utf8)
        return utf8.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer)
            return parser.run()
        }
    }

    /// Whether bytes are valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF), eight
    /// ASCII bytes at a time where it can, without building a string.
    static func isValidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = buffer.count
        var index = 0
        while index < count {
            if index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = buffer[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var value: UInt32
            let smallest: UInt32
            if lead & 0xE0 == 0xC0 { (length, value, smallest) = (2, UInt32(lead & 0x1F), 0x80) }
            else if lead & 0xF0 == 0xE0 { (length, value, smallest) = (3, UInt32(lead & 0x0F), 0x800) }
            else if lead & 0xF8 == 0xF0 { (length, value, smallest) = (4, UInt32(lead & 0x07), 0x10000) }
            else { return false }
            guard index + length <= count else { return false }
            for offset in 1..<length {
                let next = buffer[index + offset]
                guard next & 0xC0 == 0x80 else { return false }
                value = value << 6 | UInt32(next & 0x3F)
            }
            guard value >= smallest, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return false }
            index += length
        }
        return true
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var page = PageText()
        var line = 1
        var blockStart = 0
        var blockLine = 1
        var blockMarks: [(offset: Int, line: Int)] = []
        var pendingSpace = false
        /// Open `pre` elements, and inline code elements in the current paragraph.
        var preDepth = 0
        var inlineCodeDepth = 0
        /// Field blocks are added after the visible text, so they are collected here first.
        var fields: [(label: String, value: String, line: Int)] = []
        /// Open `noscript` elements: their text is what a browser without scripts would show.
        var noscriptDepth = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func run() -> PageText {
            var index = 0
            let count = bytes.count
            page.bytes.reserveCapacity(count / 2)
            while index < count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "<"):
                    index = tag(at: index)
                case UInt8(ascii: "&"):
                    if let (scalar, next) = Entities.decode(bytes, at: index) {
                        if scalar == 0xA0 || scalar == 0x2002 || scalar == 0x2003 || scalar == 0x2009 { pendingSpace = true }
                        else if scalar == 0xAD || scalar == 0x200C || scalar == 0x200D {}   // invisible
                        else { appendText { Entities.appendUTF8(scalar, to: &$0) } }
                        index = next
                    } else {
                        appendText { $0.append(byte) }
                        index += 1
                    }
                case 0x0A:
                    line += 1
                    pendingSpace = true
                    index += 1
                case 0x20, 0x09, 0x0D, 0x0C:
                    pendingSpace = true
                    index += 1
                case 0xC2 where index + 1 < count && bytes[index + 1] == 0xA0:
                    pendingSpace = true   // a no-break space
                    index += 2
                case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] & 0xF0 == 0x80 || bytes[index + 2] == 0xAF):
                    // U+2000–U+200F spaces and U+202F narrow no-break space; zero-width ones vanish.
                    let third = bytes[index + 2]
                    if third != 0x8B && third != 0x8C && third != 0x8D && third != 0x8E && third != 0x8F { pendingSpace = true }
                    index += 3
                default:
                    // A run of ordinary text bytes at once; a single space between words stays in the run,
                    // as collapsing would leave it.
                    var end = index + 1
                    while end < count {
                        let next = bytes[end]
                        if Self.endsRun[Int(next)] {
                            guard next == 0x20, end + 1 < count, !Self.endsRun[Int(bytes[end + 1])] else { break }
                        }
                        end += 1
                    }
                    let run = UnsafeBufferPointer(rebasing: bytes[index..<end])
                    appendText { $0.append(contentsOf: run) }
                    index = end
                }
            }
            endBlock()
            for field in fields { page.addField(field.label, field.value, line: field.line) }
            return page
        }

        /// Appends visible text, with one space for any whitespace before it.
        mutating func appendText(_ append: (inout [UInt8]) -> Void) {
            if page.bytes.count == blockStart {
                blockLine = line
            } else if pendingSpace {
                page.bytes.append(0x20)
            }
            if line != (blockMarks.last?.line ?? blockLine) { blockMarks.append((page.bytes.count, line)) }
            pendingSpace = false
            let start = page.bytes.count
            append(&page.bytes)
            if preDepth | inlineCodeDepth != 0 { page.markCode(start..<page.bytes.count) }
            if noscriptDepth != 0 { page.signals.markNoscript(start..<page.bytes.count) }
        }

        mutating func endBlock() {
            pendingSpace = false
            guard page.bytes.count > blockStart else { return }
            page.append(PageText.Block(start: blockStart, end: page.bytes.count, line: blockLine, lineMarks: blockMarks, isField: false))
            page.bytes.append(0x0A)
            blockStart = page.bytes.count
            blockMarks = []
        }

        func isNameByte(_ byte: UInt8) -> Bool {
            (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
        }

        /// Skips to just after `terminator`, counting lines; returns the index of the terminator's start.
        mutating func skip(from index: Int, to terminator: [UInt8], caseInsensitive: Bool = false) -> (found: Int, after: Int) {
            let count = bytes.count
            guard index < count, let base = bytes.baseAddress else { return (count, count) }
            let first = terminator[0]
            var cursor = index
            while cursor < count {
                // memchr finds the terminator's first byte; the lines skipped are counted after.
                guard let hit = memchr(base + cursor, Int32(first), count - cursor) else { break }
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var matched = position + terminator.count <= count
                if matched {
                    for offset in 1..<terminator.count {
                        let candidate = bytes[position + offset]
                        if (caseInsensitive ? candidate | 0x20 : candidate) != terminator[offset] { matched = false; break }
                    }
                }
                if matched {
                    countLines(cursor..<position)
                    return (position, position + terminator.count)
                }
                countLines(cursor..<position + 1)
                cursor = position + 1
            }
            countLines(cursor..<count)
            return (count, count)
        }

        mutating func countLines(_ range: Range<Int>) {
            var lines = 0
            for index in range where bytes[index] == 0x0A { lines += 1 }
            line += lines
        }

        /// Handles the markup starting at `<`; returns the index after it.
        mutating func tag(at start: Int) -> Int {
            let count = bytes.count
            var cursor = start + 1
            guard cursor < count else { appendText { $0.append(UInt8(ascii: "<")) }; return count }
            let first = bytes[cursor]
            if first == UInt8(ascii: "!") {
                if cursor + 2 < count, bytes[cursor + 1] == UInt8(ascii: "-"), bytes[cursor + 2] == UInt8(ascii: "-") {
                    return skip(from: cursor + 3, to: Self.commentEnd).after
                }
                return skip(from: cursor, to: Self.tagEnd).after
            }
            if first == UInt8(ascii: "?") { return skip(from: cursor, to: Self.tagEnd).after }
            let closing = first == UInt8(ascii: "/")
            if closing { cursor += 1 }
            guard cursor < count, (bytes[cursor] | 0x20) &- 0x61 < 26 else {
                // Not a tag: a lone `<` is text.
                appendText { $0.append(UInt8(ascii: "<")) }
                return start + 1
            }
            let nameStart = cursor
            while cursor < count, isNameByte(bytes[cursor]) { cursor += 1 }
            let nameEnd = cursor
            let element = Name(bytes, nameStart..<nameEnd).flatMap { elements[$0] } ?? Element()
            // Attributes.
            var attributes = Attributes()
            let tagLine = line
            while cursor < count {
                let byte = bytes[cursor]
                if byte == UInt8(ascii: ">") { cursor += 1; break }
                if byte == 0x0A { line += 1; cursor += 1; continue }
                if byte <= 0x20 || byte == UInt8(ascii: "/") { cursor += 1; continue }
                let attributeStart = cursor
                while cursor < count, bytes[cursor] > 0x20, bytes[cursor] != UInt8(ascii: "="), bytes[cursor] != UInt8(ascii: ">"),
                      bytes[cursor] != UInt8(ascii: "/") || cursor == attributeStart { cursor += 1 }
                let attributeEnd = cursor
                while cursor < count, bytes[cursor] <= 0x20 { if bytes[cursor] == 0x0A { line += 1 }; cursor += 1 }
                var value: Range<Int>? = nil
                if cursor < count, bytes[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < count, bytes[cursor] <= 0x20 { if bytes[cursor] == 0x0A { line += 1 }; cursor += 1 }
                    if cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                        let quote = bytes[cursor]
                        let valueStart = cursor + 1
                        cursor = valueStart
                        while cursor < count, bytes[cursor] != quote { if bytes[cursor] == 0x0A { line += 1 }; cursor += 1 }
                        value = valueStart..<cursor
                        cursor = min(count, cursor + 1)
                    } else {
                        let valueStart = cursor
                        while cursor < count, bytes[cursor] > 0x20, bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                        value = valueStart..<cursor
                    }
                }
                if !closing, let key = Name(bytes, attributeStart..<attributeEnd), let attribute = Attribute.byName[key] {
                    attributes[attribute] = value.map { Entities.decoded(bytes, $0) } ?? ""
                }
            }
            if element.startsBlock { endBlock() }
            if element.code != .none || element.startsBlock { trackCode(element, closing: closing) }
            if element.role == .noscript { noscriptDepth = max(0, noscriptDepth + (closing ? -1 : 1)) }
            if closing { return cursor }
            if !attributes.isEmpty { keep(element.role, attributes, line: tagLine) }
            switch element.role {
            case .input:
                if let type = attributes[.type], type.lowercased() == "password" { page.signals.passwordFields += 1 }
                return cursor
            case .script:
                let body = skip(from: cursor, to: Self.scriptEnd, caseInsensitive: true)
                page.signals.scripts += 1
                page.signals.scriptBytes += body.found - cursor
                if attributes[.type]?.lowercased().contains("ld+json") == true {
                    let json = Data(UnsafeBufferPointer(rebasing: bytes[cursor..<body.found]))
                    let values = JSONLD.values(in: json)
                    page.signals.jsonLDValues += values.count
                    for (label, value) in values { fields.append((label, value, tagLine)) }
                }
                return skip(from: body.after, to: Self.tagEnd).after
            case .rawText:
                let end = [UInt8(ascii: "<"), UInt8(ascii: "/")] + (nameStart..<nameEnd).map { bytes[$0] | 0x20 }
                let body = skip(from: cursor, to: end, caseInsensitive: true)
                return skip(from: body.after, to: Self.tagEnd).after
            default:
                return cursor
            }
        }

        /// Follows code elements. An inline one left open ends with its paragraph, so broken markup
        /// does not turn the rest of a page into code.
        mutating func trackCode(_ element: Element, closing: Bool) {
            if element.startsBlock, !element.isBreak, preDepth == 0 { inlineCodeDepth = 0 }
            switch (element.code, closing) {
            case (.block, false): preDepth += 1
            case (.block, true): preDepth = max(0, preDepth - 1); inlineCodeDepth = 0
            case (.inline, false): inlineCodeDepth += 1
            case (.inline, true): inlineCodeDepth = max(0, inlineCodeDepth - 1)
            case (.none, _): break
            }
        }

        static let commentEnd = Array("-->".utf8)
        /// Bytes a run of text stops at: markup, references, whitespace, and the lead bytes of Unicode spaces.
        static let endsRun: [Bool] = (0..<256).map { $0 <= 0x20 || $0 == 0x3C || $0 == 0x26 || $0 == 0xC2 || $0 == 0xE2 }
        static let scriptEnd = Array("</script".utf8)
        static let tagEnd = [UInt8(ascii: ">")]

        /// The attributes that expose data.
        mutating func keep(_ role: Element.Role, _ attributes: Attributes, line: Int) {
            for label in [Attribute.alt, .title, .ariaLabel] {
                if let value = attributes[label], !value.isEmpty { fields.append((label.name, value, line)) }
            }
            if let hex = attributes[.dataCfemail], let address = Deobfuscation.cloudflare(hex) {
                fields.append(("e-mail protection", address, line))
            }
            if let href = attributes[.href] {
                if Self.hasPrefix(href, "mailto:") {
                    fields.append(("mailto", Self.percentDecoded(String(href.dropFirst(7).prefix { $0 != "?" })), line))
                } else if Self.hasPrefix(href, "tel:") || Self.hasPrefix(href, "callto:") || Self.hasPrefix(href, "sms:") {
                    fields.append(("tel", Self.percentDecoded(String(href.drop { $0 != ":" }.dropFirst())), line))
                } else if let marker = Self.end(of: Self.emailProtection, in: href),
                          let address = Deobfuscation.cloudflare(String(decoding: href.utf8.dropFirst(marker), as: UTF8.self)) {
                    fields.append(("e-mail protection", address, line))
                } else if role == .base {
                    page.base = href
                } else if role == .link {
                    page.links.append(href)
                }
            }
            if role == .meta, let content = attributes[.content], !content.isEmpty, attributes[.httpEquiv] == nil {
                let label = attributes[.name] ?? attributes[.property] ?? attributes[.itemprop] ?? "meta"
                fields.append((label, content, line))
            } else if let property = attributes[.itemprop], let content = attributes[.content], !content.isEmpty {
                fields.append((property, content, line))
            }
            if role == .image {
                let source = attributes[.src].flatMap { $0.hasPrefix("data:") ? nil : $0 }
                    ?? attributes[.dataSrc]
                    ?? attributes[.srcset].flatMap { $0.split(separator: ",").first.map { String($0.trimmingCharacters(in: .whitespaces).prefix { $0 != " " }) } }
                if let source, !source.isEmpty, !source.hasPrefix("data:") { page.images.append(.init(source: source, line: line)) }
            }
        }

        static let emailProtection = Array("/cdn-cgi/l/email-protection#".utf8)

        /// The offset just after the first occurrence of `needle` in the text's bytes.
        static func end(of needle: [UInt8], in text: String) -> Int? {
            var text = text
            return text.withUTF8 { haystack in
                guard haystack.count >= needle.count else { return nil }
                for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
                    if haystack[start..<start + needle.count].elementsEqual(needle) { return start + needle.count }
                }
                return nil
            }
        }

        /// Whether a text starts with a lowercase ASCII prefix, in any case.
        static func hasPrefix(_ text: String, _ prefix: StaticString) -> Bool {
            let utf8 = text.utf8
            guard utf8.count >= prefix.utf8CodeUnitCount else { return false }
            return zip(utf8, UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)).allSatisfy { ($0.0 &- 0x41 < 26 ? $0.0 | 0x20 : $0.0) == $0.1 }
        }

        static func percentDecoded(_ text: String) -> String { text.removingPercentEncoding ?? text }
    }
}
