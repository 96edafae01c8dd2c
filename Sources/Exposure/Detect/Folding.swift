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
