/// HTML character references: the named ones pages use for text and for hiding e-mail addresses,
/// and every numeric one.
enum Entities {
    static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "shy": 0xAD,
        "commat": 0x40, "period": 0x2E, "lowbar": 0x5F, "hyphen": 0x2010, "dash": 0x2010, "colon": 0x3A, "plus": 0x2B,
        "num": 0x23, "sol": 0x2F, "lpar": 0x28, "rpar": 0x29, "lsqb": 0x5B, "rsqb": 0x5D, "comma": 0x2C, "excl": 0x21,
        "euro": 0x20AC, "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "deg": 0xB0, "sect": 0xA7, "para": 0xB6,
        "middot": 0xB7, "bull": 0x2022, "hellip": 0x2026, "ndash": 0x2013, "mdash": 0x2014, "minus": 0x2212,
        "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E,
        "laquo": 0xAB, "raquo": 0xBB, "times": 0xD7, "divide": 0xF7, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009,
        "zwnj": 0x200C, "zwj": 0x200D, "iexcl": 0xA1, "iquest": 0xBF, "pound": 0xA3, "yen": 0xA5, "cent": 0xA2,
        "agrave": 0xE0, "aacute": 0xE1, "acirc": 0xE2, "atilde": 0xE3, "auml": 0xE4, "aring": 0xE5, "aelig": 0xE6,
        "ccedil": 0xE7, "egrave": 0xE8, "eacute": 0xE9, "ecirc": 0xEA, "euml": 0xEB, "igrave": 0xEC, "iacute": 0xED,
        "icirc": 0xEE, "iuml": 0xEF, "ntilde": 0xF1, "ograve": 0xF2, "oacute": 0xF3, "ocirc": 0xF4, "otilde": 0xF5,
        "ouml": 0xF6, "oslash": 0xF8, "ugrave": 0xF9, "uacute": 0xFA, "ucirc": 0xFB, "uuml": 0xFC, "yacute": 0xFD,
        "yuml": 0xFF, "szlig": 0xDF,
        "Agrave": 0xC0, "Aacute": 0xC1, "Acirc": 0xC2, "Atilde": 0xC3, "Auml": 0xC4, "Aring": 0xC5, "AElig": 0xC6,
        "Ccedil": 0xC7, "Egrave": 0xC8, "Eacute": 0xC9, "Ecirc": 0xCA, "Euml": 0xCB, "Igrave": 0xCC, "Iacute": 0xCD,
        "Icirc": 0xCE, "Iuml": 0xCF, "Ntilde": 0xD1, "Ograve": 0xD2, "Oacute": 0xD3, "Ocirc": 0xD4, "Otilde": 0xD5,
        "Ouml": 0xD6, "Oslash": 0xD8, "Ugrave": 0xD9, "Uacute": 0xDA, "Ucirc": 0xDB, "Uuml": 0xDC, "Yacute": 0xDD,
        "ijlig": 0x133, "IJlig": 0x132, "oelig": 0x153, "OElig": 0x152, "scaron": 0x161, "Scaron": 0x160,
    ]

    /// Decodes the reference starting at `bytes[index]` (`&`). Returns the scalar and the index after
    /// the reference, or nil when it is not one (the `&` is then text).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int)? {
        var cursor = index + 1
        let end = min(bytes.count, index + 40)
        guard cursor < end else { return nil }
        if bytes[cursor] == UInt8(ascii: "#") {
            cursor += 1
            var value: UInt32 = 0
            var hex = false
            if cursor < end, bytes[cursor] | 0x20 == UInt8(ascii: "x") { hex = true; cursor += 1 }
            let digitsStart = cursor
            while cursor < end {
                let byte = bytes[cursor]
                if byte &- 0x30 < 10 {
                    value = value &* (hex ? 16 : 10) &+ UInt32(byte - 0x30)
                } else if hex, (byte | 0x20) &- 0x61 < 6 {
                    value = value &* 16 &+ UInt32((byte | 0x20) - 0x61 + 10)
                } else { break }
                if value > 0x10FFFF { return nil }
                cursor += 1
            }
            guard cursor > digitsStart else { return nil }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") { cursor += 1 }
            if value == 0 || (0xD800...0xDFFF).contains(value) { value = 0xFFFD }
            return (value, cursor)
        }
        let nameStart = cursor
        while cursor < end, (bytes[cursor] | 0x20) &- 0x61 < 26 || bytes[cursor] &- 0x30 < 10 { cursor += 1 }
        guard cursor > nameStart else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<cursor]), as: UTF8.self)
        guard let scalar = named[name] else { return nil }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") { cursor += 1 }
        return (scalar, cursor)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80: out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6))); out.append(UInt8(0x80 | (scalar & 0x3F)))
        case ..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12))); out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18))); out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F))); out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// An attribute value with its references decoded.
    static func decoded(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if !slice.contains(UInt8(ascii: "&")) { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let (scalar, next) = decode(UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]), at: index) {
                appendUTF8(scalar, to: &out)
                index = next
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
