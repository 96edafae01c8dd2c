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

    /// Whether `term` (folded) occurs in `text` (folded) as whole words.
    public static func containsWords(_ text: String, _ term: String) -> Bool {
        !ranges(of: term, in: text).isEmpty
    }

    /// Where `term` occurs in `text` on word boundaries: no letter or digit just before or after.
    public static func ranges(of term: String, in text: String) -> [Range<String.Index>] {
        guard !term.isEmpty else { return [] }
        var found: [Range<String.Index>] = []
        var searchFrom = text.startIndex
        while let range = text.range(of: term, range: searchFrom..<text.endIndex) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if !isWordCharacter(before) && !isWordCharacter(after) { found.append(range) }
            searchFrom = text.index(after: range.lowerBound)
        }
        return found
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
}

/// A page's text folded once, as bytes, for fast term search: the same rules as `Folding.fold`
/// (lower case, accents off, whitespace runs one space), blocks joined by newlines.
struct FoldedPage {
    var bytes: [UInt8] = []
    /// Where each block starts in `bytes`.
    var starts: [Int] = []

    init(_ text: PageText) {
        var starts: [Int] = []
        starts.reserveCapacity(text.blocks.count)
        bytes = [UInt8](unsafeUninitializedCapacity: text.bytes.count + text.blocks.count) { output, count in
            text.bytes.withUnsafeBufferPointer { input in
                for block in text.blocks {
                    starts.append(count)
                    count = Self.fold(UnsafeBufferPointer(rebasing: input[block.start..<block.end]), into: output, at: count)
                    output[count] = 0x0A
                    count += 1
                }
            }
        }
        self.starts = starts
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

    /// A piece of text folded on its own, as one block.
    init(fragment: ArraySlice<UInt8>) {
        starts = [0]
        bytes.reserveCapacity(fragment.count)
        Self.fold(fragment, into: &bytes)
    }

    static func fold(_ term: String) -> [UInt8] {
        var out: [UInt8] = []
        fold(ArraySlice(Array(term.utf8)), into: &out)
        return out
    }

    /// Whether the character around a byte position is a letter or digit (for word boundaries).
    func isWordCharacter(before position: Int) -> Bool {
        guard position > 0 else { return false }
        var start = position - 1
        if bytes[start] < 0x80 { return Self.isASCIIWord(bytes[start]) }
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return Self.isWord(bytes[start..<position])
    }

    func isWordCharacter(at position: Int) -> Bool {
        guard position < bytes.count else { return false }
        let byte = bytes[position]
        if byte < 0x80 { return Self.isASCIIWord(byte) }
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return Self.isWord(bytes[position..<end])
    }

    static func isASCIIWord(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 }

    static func isWord(_ character: ArraySlice<UInt8>) -> Bool {
        guard let scalar = String(decoding: character, as: UTF8.self).unicodeScalars.first else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether `term` (folded) occurs on word boundaries.
    func contains(_ term: [UInt8]) -> Bool { !occurrences(of: term, limit: 1).isEmpty }

    /// Start offsets of `term` on word boundaries, at most `limit` of them.
    func occurrences(of term: [UInt8], limit: Int = .max) -> [Int] {
        guard let first = term.first, term.count <= bytes.count else { return [] }
        var found: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let last = buffer.count - term.count
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<term.count where buffer[index + offset] != term[offset] { matched = false; break }
                    if matched, !isWordCharacter(before: index), !isWordCharacter(at: index + term.count) {
                        found.append(index)
                        if found.count == limit { return }
                    }
                }
                index += 1
            }
        }
        return found
    }

    /// Start offsets of each term on word boundaries, found in one pass over the page: at each byte,
    /// only the terms that start with it are compared.
    func occurrences(of terms: [[UInt8]]) -> [[Int]] {
        var found = Array(repeating: [Int](), count: terms.count)
        var byFirst = Array(repeating: [Int](), count: 256)
        for (index, term) in terms.enumerated() where !term.isEmpty && term.count <= bytes.count { byFirst[Int(term[0])].append(index) }
        bytes.withUnsafeBufferPointer { buffer in
            for position in 0..<buffer.count {
                let candidates = byFirst[Int(buffer[position])]
                if candidates.isEmpty { continue }
                for index in candidates {
                    let term = terms[index]
                    guard position + term.count <= buffer.count else { continue }
                    var matched = true
                    for offset in 1..<term.count where buffer[position + offset] != term[offset] { matched = false; break }
                    if matched, !isWordCharacter(before: position), !isWordCharacter(at: position + term.count) { found[index].append(position) }
                }
            }
        }
        return found
    }

    /// The block a byte offset falls in.
    func block(at offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
