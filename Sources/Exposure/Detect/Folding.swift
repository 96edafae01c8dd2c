import Foundation

/// Text compared the way a person reads it: lower case, without accents, every run of whitespace
/// (also no-break spaces) one space. `Élodie  DE Vries` and `elodie de vries` fold to the same text.
public enum Folding {
    /// Latin letters with accents, U+00C0–U+024F, to their bare lowercase letters.
    static let latin: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        for value in UInt32(0xC0)...UInt32(0x24F) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bare = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                .filter { !(0x300...0x36F).contains($0.value) }
            table[value] = String(String.UnicodeScalarView(bare)).lowercased()
        }
        table[0xDF] = "ss"; table[0xE6] = "ae"; table[0xC6] = "ae"; table[0x153] = "oe"; table[0x152] = "oe"
        table[0xF8] = "o"; table[0xD8] = "o"; table[0x133] = "ij"; table[0x132] = "ij"; table[0x142] = "l"; table[0x141] = "l"
        return table
    }()

    /// The same table as UTF-8 bytes, for the byte-level folding; entries that would be longer than
    /// the letter they replace are left out (none are).
    static let latinBytes: [UInt32: [UInt8]] = latin.mapValues { Array($0.utf8) }.filter { $0.value.count <= 2 }

    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if scalar.properties.isWhitespace || value == 0xA0 {
                space = !out.isEmpty
                continue
            }
            if (0x300...0x36F).contains(value) || value == 0xAD || (0x200B...0x200D).contains(value) { continue }
            if space { out.append(" "); space = false }
            if value < 0x80 {
                out.append(value &- 0x41 < 26 ? Unicode.Scalar(value | 0x20)! : scalar)
            } else if let bare = latin[value] {
                out.append(contentsOf: bare.unicodeScalars)
            } else {
                out.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return String(out)
    }
}

/// Text folded as bytes, by the same rules as `Folding.fold` (lower case, accents off, whitespace runs
/// one space), for fast search with `TermSearch`.
struct FoldedText {
    var bytes: [UInt8] = []

    init(_ input: ArraySlice<UInt8>) {
        Self.fold(input, into: &bytes)
    }

    /// Folds UTF-8 bytes: ASCII in place, other characters through the Latin table.
    static func fold(_ input: ArraySlice<UInt8>, into out: inout [UInt8]) {
        let start = out.count
        // Folding never makes text longer: whitespace runs shrink, and a Latin letter of two bytes
        // folds to at most two.
        out.append(contentsOf: repeatElement(0, count: input.count))
        let end = out.withUnsafeMutableBufferPointer { output in
            input.withUnsafeBufferPointer { fold($0, into: output, at: start) }
        }
        out.removeLast(out.count - end)
    }

    /// Folds `input` into `output` from `position`; returns where the folded text ends.
    static func fold(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>, at position: Int) -> Int {
        var written = position
        var space = false
        var index = 0
        let end = input.count
        while index < end {
            let byte = input[index]
            if byte < 0x80 {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                    space = true
                } else {
                    if space, written > 0, output[written - 1] != 0x0A { output[written] = 0x20; written += 1 }
                    space = false
                    output[written] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                    written += 1
                }
                index += 1
                continue
            }
            // A multi-byte character: decode it.
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            if index + length > end || length == 1 {
                output[written] = byte
                written += 1
                index += 1
                continue
            }
            var value = UInt32(length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(input[index + offset] & 0x3F) }
            if value == 0xA0 || (0x2000...0x200A).contains(value) || value == 0x202F || value == 0x3000 {
                space = true
            } else if (0x300...0x36F).contains(value) || value == 0xAD || (0x200B...0x200D).contains(value) {
                // invisible
            } else {
                if space, written > 0, output[written - 1] != 0x0A { output[written] = 0x20; written += 1 }
                space = false
                if length == 2, let bare = Folding.latinBytes[value] {
                    for folded in bare { output[written] = folded; written += 1 }
                } else {
                    for offset in 0..<length { output[written] = input[index + offset]; written += 1 }
                }
            }
            index += length
        }
        return written
    }

    static func fold(_ term: String) -> [UInt8] {
        var out: [UInt8] = []
        fold(ArraySlice(Array(term.utf8)), into: &out)
        return out
    }
}

/// Several folded terms searched in one pass, on word boundaries (no letter or digit just before or
/// after; for a word ending, only after). Text that is plain ASCII with single spaces is searched as
/// it is, ignoring case, because folding would only lowercase it; other text is searched after folding.
struct TermSearch {
    let terms: [[UInt8]]
    /// The terms by their first byte.
    private var byFirst = Array(repeating: [Int](), count: 256)
    /// The first two bytes of every term, as bits: the test made at every position (a table of
    /// first bytes alone lets through a quarter of all letters). A one-byte term sets every pair it starts.
    private var pairs = Array(repeating: UInt64(0), count: 1024)

    /// Terms that also match at the end of a longer word (`straat` in `dorpsstraat`).
    let wordEndings: [Bool]

    init(_ terms: [[UInt8]], wordEndings: [Bool] = []) {
        self.terms = terms
        self.wordEndings = wordEndings.count == terms.count ? wordEndings : Array(repeating: false, count: terms.count)
        for (index, term) in terms.enumerated() where !term.isEmpty {
            byFirst[Int(term[0])].append(index)
            for second in term.count == 1 ? Array(0...255) : [Int(term[1])] {
                let pair = Int(term[0]) << 8 | second
                pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
    }

    /// Whether bytes are plain: ASCII, no control characters, no two spaces in a row.
    static func isPlain(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in buffer {
            if byte >= 0x80 || byte < 0x20 || (byte == 0x20 && previous == 0x20) { return false }
            previous = byte
        }
        return true
    }

    /// Calls `found(term, offset)` for every occurrence in `text`; `caseless` for plain text searched unfolded.
    func search(_ text: UnsafeBufferPointer<UInt8>, caseless: Bool, _ found: (Int, Int) -> Void) {
        let count = text.count
        guard count > 0 else { return }
        let table = caseless ? Self.lowercase : Self.identity
        table.withUnsafeBufferPointer { table in
        pairs.withUnsafeBufferPointer { pairs in
        func fold(_ byte: UInt8) -> Int { Int(table[Int(byte)]) }
        var next = fold(text[0])
        for position in 0..<count {
            let first = next
            next = position + 1 < count ? fold(text[position + 1]) : 0
            let pair = first << 8 | next
            guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
            for index in byFirst[first] {
                let term = terms[index]
                guard position + term.count <= count else { continue }
                var matched = true
                for offset in 1..<term.count {
                    let candidate = text[position + offset]
                    if (caseless && candidate &- 0x41 < 26 ? candidate | 0x20 : candidate) != term[offset] { matched = false; break }
                }
                if matched, wordEndings[index] || !Self.isWord(before: position, in: text), !Self.isWord(at: position + term.count, in: text) {
                    found(index, position)
                }
            }
        }
        }
        }
    }

    static let lowercase: [UInt8] = (0...255).map { UInt8($0) &- 0x41 < 26 ? UInt8($0) | 0x20 : UInt8($0) }
    static let identity: [UInt8] = (0...255).map { UInt8($0) }

    func contains(_ text: UnsafeBufferPointer<UInt8>, caseless: Bool) -> Bool {
        var any = false
        search(text, caseless: caseless) { _, _ in any = true }
        return any
    }

    /// Whether the character before a byte position is a letter or digit.
    static func isWord(before position: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard position > 0 else { return false }
        var start = position - 1
        if text[start] < 0x80 { return isASCIIWord(text[start]) }
        while start > 0, text[start] & 0xC0 == 0x80 { start -= 1 }
        return isWord(UnsafeBufferPointer(rebasing: text[start..<position]))
    }

    /// Whether the character at a byte position is a letter or digit.
    static func isWord(at position: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard position < text.count else { return false }
        let byte = text[position]
        if byte < 0x80 { return isASCIIWord(byte) }
        var end = position + 1
        while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
        return isWord(UnsafeBufferPointer(rebasing: text[position..<end]))
    }

    static func isASCIIWord(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 }

    static func isWord(_ character: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let scalar = String(decoding: character, as: UTF8.self).unicodeScalars.first else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
