import Foundation

/// Reads HTML as a browser shows it, in one pass over the bytes: the visible text without scripts
/// and styles, and the values that markup exposes. It never fails: broken markup gives what can be read.
public enum HTMLExtractor {
    /// Elements that start a new block of text.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
        "li", "main", "nav", "ol", "option", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
        "title", "tr", "ul", "label", "button", "summary", "details", "iframe", "img", "select", "textarea",
    ]
    /// Attributes whose values are kept; the rest are skipped.
    static let keptAttributes: Set<String> = [
        "href", "src", "data-src", "srcset", "alt", "title", "content", "name", "property", "itemprop", "type",
        "data-cfemail", "aria-label", "http-equiv",
    ]

    public static func extract(_ utf8: [UInt8]) -> PageText {
        utf8.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer)
            return parser.run()
        }
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var page = PageText()
        var line = 1
        var blockStart = 0
        var blockLine = 1
        var blockMarks: [(offset: Int, line: Int)] = []
        var pendingSpace = false
        /// Field blocks are added after the visible text, so they are collected here first.
        var fields: [(label: String, value: String, line: Int)] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func run() -> PageText {
            var index = 0
            let count = bytes.count
            page.bytes.reserveCapacity(count / 3)
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
                    // A run of ordinary text bytes at once.
                    var end = index + 1
                    while end < count {
                        let next = bytes[end]
                        if next == UInt8(ascii: "<") || next == UInt8(ascii: "&") || next <= 0x20 || next == 0xC2 || next == 0xE2 { break }
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
            append(&page.bytes)
        }

        mutating func endBlock() {
            pendingSpace = false
            guard page.bytes.count > blockStart else { return }
            var block = PageText.Block(start: blockStart, end: page.bytes.count, line: blockLine, lineMarks: blockMarks, isField: false)
            block.tally(page.bytes)
            page.blocks.append(block)
            page.bytes.append(0x0A)
            blockStart = page.bytes.count
            blockMarks = []
        }

        func isNameByte(_ byte: UInt8) -> Bool {
            (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
        }

        func lowercasedName(_ range: Range<Int>) -> String {
            var name = [UInt8]()
            name.reserveCapacity(range.count)
            for index in range { let byte = bytes[index]; name.append(byte &- 0x41 < 26 ? byte | 0x20 : byte) }
            return String(decoding: name, as: UTF8.self)
        }

        /// Skips to just after `terminator`, counting lines; returns the index of the terminator's start.
        mutating func skip(from index: Int, to terminator: [UInt8], caseInsensitive: Bool = false) -> (found: Int, after: Int) {
            var cursor = index
            let count = bytes.count
            let first = terminator[0]
            while cursor < count {
                let byte = bytes[cursor]
                if byte == 0x0A { line += 1 }
                if byte == first, cursor + terminator.count <= count {
                    var matched = true
                    for offset in 1..<terminator.count {
                        let candidate = bytes[cursor + offset]
                        if (caseInsensitive ? candidate | 0x20 : candidate) != terminator[offset] { matched = false; break }
                    }
                    if matched { return (cursor, cursor + terminator.count) }
                }
                cursor += 1
            }
            return (count, count)
        }

        /// Handles the markup starting at `<`; returns the index after it.
        mutating func tag(at start: Int) -> Int {
            let count = bytes.count
            var cursor = start + 1
            guard cursor < count else { appendText { $0.append(UInt8(ascii: "<")) }; return count }
            let first = bytes[cursor]
            if first == UInt8(ascii: "!") {
                if cursor + 2 < count, bytes[cursor + 1] == UInt8(ascii: "-"), bytes[cursor + 2] == UInt8(ascii: "-") {
                    return skip(from: cursor + 3, to: Array("-->".utf8)).after
                }
                return skip(from: cursor, to: [UInt8(ascii: ">")]).after
            }
            if first == UInt8(ascii: "?") { return skip(from: cursor, to: [UInt8(ascii: ">")]).after }
            let closing = first == UInt8(ascii: "/")
            if closing { cursor += 1 }
            guard cursor < count, (bytes[cursor] | 0x20) &- 0x61 < 26 else {
                // Not a tag: a lone `<` is text.
                appendText { $0.append(UInt8(ascii: "<")) }
                return start + 1
            }
            let nameStart = cursor
            while cursor < count, isNameByte(bytes[cursor]) { cursor += 1 }
            let name = lowercasedName(nameStart..<cursor)
            // Attributes.
            var attributes: [String: String] = [:]
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
                if !closing, attributeEnd - attributeStart <= 14 {
                    let attribute = lowercasedName(attributeStart..<attributeEnd)
                    if keptAttributes.contains(attribute) {
                        attributes[attribute] = value.map { Entities.decoded(bytes, $0) } ?? ""
                    }
                }
            }
            if closing {
                if blockElements.contains(name) { endBlock() }
                return cursor
            }
            if blockElements.contains(name) { endBlock() }
            if !attributes.isEmpty { keep(name, attributes, line: tagLine) }
            switch name {
            case "script":
                let body = skip(from: cursor, to: Array("</script".utf8), caseInsensitive: true)
                if attributes["type"]?.lowercased().contains("ld+json") == true {
                    let json = Data(UnsafeBufferPointer(rebasing: bytes[cursor..<body.found]))
                    for (label, value) in JSONLD.values(in: json) { fields.append((label, value, tagLine)) }
                }
                return skip(from: body.after, to: [UInt8(ascii: ">")]).after
            case "style", "svg", "math", "noembed":
                let body = skip(from: cursor, to: Array("</\(name)".utf8), caseInsensitive: true)
                return skip(from: body.after, to: [UInt8(ascii: ">")]).after
            default:
                return cursor
            }
        }

        /// The attributes that expose data.
        mutating func keep(_ element: String, _ attributes: [String: String], line: Int) {
            for label in ["alt", "title", "aria-label"] {
                if let value = attributes[label], !value.isEmpty { fields.append((label, value, line)) }
            }
            if let hex = attributes["data-cfemail"], let address = Deobfuscation.cloudflare(hex) {
                fields.append(("e-mail protection", address, line))
            }
            if let href = attributes["href"] {
                let lower = href.lowercased()
                if lower.hasPrefix("mailto:") {
                    fields.append(("mailto", Self.percentDecoded(String(href.dropFirst(7).prefix { $0 != "?" })), line))
                } else if lower.hasPrefix("tel:") || lower.hasPrefix("callto:") || lower.hasPrefix("sms:") {
                    fields.append(("tel", Self.percentDecoded(String(href.drop { $0 != ":" }.dropFirst())), line))
                } else if let marker = href.range(of: "/cdn-cgi/l/email-protection#"),
                          let address = Deobfuscation.cloudflare(String(href[marker.upperBound...])) {
                    fields.append(("e-mail protection", address, line))
                } else if element == "base" {
                    page.base = href
                } else if element == "a" || element == "area" {
                    page.links.append(href)
                }
            }
            if element == "meta", let content = attributes["content"], !content.isEmpty, attributes["http-equiv"] == nil {
                let label = attributes["name"] ?? attributes["property"] ?? attributes["itemprop"] ?? "meta"
                fields.append((label, content, line))
            } else if let property = attributes["itemprop"], let content = attributes["content"], !content.isEmpty {
                fields.append((property, content, line))
            }
            if element == "img" || element == "source" {
                let source = attributes["src"].flatMap { $0.hasPrefix("data:") ? nil : $0 }
                    ?? attributes["data-src"]
                    ?? attributes["srcset"].flatMap { $0.split(separator: ",").first.map { String($0.trimmingCharacters(in: .whitespaces).prefix { $0 != " " }) } }
                if let source, !source.isEmpty, !source.hasPrefix("data:") { page.images.append(.init(source: source, line: line)) }
            }
        }

        static func percentDecoded(_ text: String) -> String { text.removingPercentEncoding ?? text }
    }
}
