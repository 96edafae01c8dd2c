import Foundation

/// A page's bytes as UTF-8, from the character set in the `Content-Type` header, else the `<meta>`
/// tag, else UTF-8 when the bytes are valid UTF-8 and windows-1252 when they are not.
/// ISO-8859-1 is read as windows-1252, as browsers do.
public struct DecodedText: Sendable {
    public var utf8: [UInt8]
    /// The character set used.
    public var charset: String
    /// Set when the declared character set did not fit the bytes.
    public var mismatch: String? { problem?.description }
    public var problem: CharsetProblem?

    init(utf8: [UInt8], charset: String, mismatch problem: CharsetProblem? = nil) {
        self.utf8 = utf8
        self.charset = charset
        self.problem = problem
    }
}

/// How a page's declared character set did not fit its bytes; reports word it in their language.
public enum CharsetProblem: Sendable, Hashable, CustomStringConvertible {
    /// Declared UTF-8 (or nothing usable), bytes not UTF-8: read as windows-1252.
    case notUTF8(declared: String)
    /// Declared another set, bytes valid UTF-8: read as UTF-8.
    case readAsUTF8(declared: String)
    /// Declared a set this reader does not know: read as windows-1252.
    case unsupported(declared: String)

    public var description: String {
        switch self {
        case .notUTF8(let declared): "declared \(declared) but the bytes are not UTF-8; read as windows-1252"
        case .readAsUTF8(let declared): "declared \(declared); read as UTF-8"
        case .unsupported(let declared): "declared \(declared), which is not supported; read as windows-1252"
        }
    }
}

public enum TextDecoding {
    public static func decode(_ body: Data, contentType: String?) -> DecodedText {
        let bytes = [UInt8](body)
        let declared = contentType.flatMap(charset(inContentType:)) ?? metaCharset(bytes.prefix(4096))
        switch declared.map(canonical) {
        case "windows-1252"?:
            return DecodedText(utf8: windows1252ToUTF8(bytes), charset: "windows-1252")
        case "utf-8"?, nil:
            if isValidUTF8(bytes) { return DecodedText(utf8: stripBOM(bytes), charset: "utf-8") }
            return DecodedText(utf8: windows1252ToUTF8(bytes), charset: "windows-1252",
                               mismatch: declared.map { .notUTF8(declared: $0) })
        case let other?:
            // Any other character set: keep the UTF-8 we can, replace the rest.
            if isValidUTF8(bytes) { return DecodedText(utf8: stripBOM(bytes), charset: "utf-8", mismatch: .readAsUTF8(declared: other)) }
            return DecodedText(utf8: windows1252ToUTF8(bytes), charset: "windows-1252", mismatch: .unsupported(declared: other))
        }
    }

    /// `text/html; charset="ISO-8859-1"` → `ISO-8859-1`.
    public static func charset(inContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            return charset.isEmpty ? nil : charset
        }
        return nil
    }

    /// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">` near the start.
    static func metaCharset(_ head: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        guard let range = text.range(of: "charset=") else { return nil }
        let value = text[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        let name = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }

    static func canonical(_ name: String) -> String {
        switch name.lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8": "utf-8"
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "windows-1252", "cp1252", "us-ascii", "ascii", "x-cp1252":
            "windows-1252"
        case let other: other
        }
    }

    static func stripBOM(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
    }

    /// The 0x80–0x9F range of windows-1252; the rest of the bytes are their Latin-1 code points.
    static let highTable: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 { out.append(byte); continue }
            let scalar = byte < 0xA0 ? highTable[Int(byte - 0x80)] : UInt32(byte)
            out.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
        }
        return out
    }
}
