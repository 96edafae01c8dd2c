/// Wraps text to a terminal's width at spaces: the report, the reset plan and its walk all use it.
///
/// Works on the UTF-8 bytes: a 2,000-account reset plan is 9 MB of text, and splitting it into
/// `Substring` words and counting their `Character`s took most of the plan's time. A column is a
/// Unicode scalar, leaving out combining accents (U+0300–U+036F) and colour escapes (`ESC … m`),
/// which is what a terminal shows for the Latin text the product writes. Runs of spaces fold into
/// one; a line break in the text starts a new line after `rest`; a word longer than the width stands
/// on a line of its own, never cut.
public struct TextWrap: Sendable {
    public var width: Int

    public init(width: Int) { self.width = width }

    /// `text` wrapped, its first line after `first`, every other line after `rest`.
    public func wrap(_ text: String, first: String, rest: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + first.utf8.count + rest.utf8.count * (text.utf8.count / max(width, 1) + 2))
        wrap(text, first: first, rest: rest, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Every line after `indent`.
    public func wrap(_ text: String, indent: String) -> String { wrap(text, first: indent, rest: indent) }

    /// Appends the wrapped text to `out` (UTF-8), for a renderer that builds one long text.
    public func wrap(_ text: String, first: String, rest: String, into out: inout [UInt8]) {
        let restWidth = Self.columns(rest.utf8)
        out.append(contentsOf: first.utf8)
        var length = Self.columns(first.utf8)
        var lineHasWord = false
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 32 { index += 1; continue }
                if byte == 10 {
                    out.append(10)
                    out.append(contentsOf: rest.utf8)
                    length = restWidth
                    lineHasWord = false
                    index += 1
                    continue
                }
                var end = index
                while end < bytes.count, bytes[end] != 32, bytes[end] != 10 { end += 1 }
                let word = UnsafeBufferPointer(rebasing: bytes[index..<end])
                let wordWidth = Self.columns(word)
                if lineHasWord && length + 1 + wordWidth > width {
                    out.append(10)
                    out.append(contentsOf: rest.utf8)
                    length = restWidth
                } else if lineHasWord {
                    out.append(32)
                    length += 1
                }
                out.append(contentsOf: word)
                length += wordWidth
                lineHasWord = true
                index = end
            }
        }
    }

    /// The columns a terminal gives these bytes.
    public static func columns<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var count = 0
        var inEscape = false
        var lead: UInt8 = 0
        for byte in bytes {
            if inEscape {
                if byte == UInt8(ascii: "m") { inEscape = false }
                continue
            }
            if byte == 0x1B { inEscape = true; continue }
            if byte & 0xC0 == 0x80 {
                // U+0300…U+036F, combining accents: CC 80…BF and CD 80…AF. Their lead byte was
                // counted as a column; take it back.
                if lead == 0xCC || (lead == 0xCD && byte <= 0xAF) { count -= 1 }
                lead = 0
                continue
            }
            count += 1
            lead = byte
        }
        return count
    }
}
