import Foundation

/// The name a file gets in the dossier: `files/0003-1-screenshot.png` — the record's number, the file's
/// place in the record, and the original name made safe. The numbers make two names the same impossible;
/// the rest lets a person recognise the file.
enum DossierName {
    /// At most this many UTF-8 bytes of the original name are kept (the extension is kept whole).
    static let maximumBytes = 100
    static let folder = "files"

    /// `files/0003-1-screenshot.png`; the record number has at least four digits, more when the logbook needs them.
    static func path(record: Int, file: Int, originalName: String, digits: Int) -> String {
        let number = String(record)
        let padded = String(repeating: "0", count: max(0, digits - number.count)) + number
        let name = sanitised(originalName)
        return folder + "/" + padded + "-\(file)" + (name.isEmpty ? "" : "-" + name)
    }

    /// The digits record numbers are padded to: four, or as many as the largest number has.
    static func digits(forLargest number: Int) -> Int { max(4, String(number).count) }

    /// The original name with nothing a file system, a shell or a reader could take for something else:
    /// no path separators, control or invisible formatting characters (no bidirectional overrides that
    /// disguise an extension), none of the characters Windows forbids, no leading dots or spaces, no
    /// trailing dots or spaces, and no longer than `maximumBytes`.
    static func sanitised(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.precomposedStringWithCanonicalMapping.unicodeScalars {
            if forbidden(scalar) {
                scalars.append("_")
            } else if scalar.properties.isWhitespace {
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        var text = String(scalars)
        while let first = text.first, first == "." || first == " " { text.removeFirst() }
        while let last = text.last, last == "." || last == " " { text.removeLast() }
        return bounded(text)
    }

    private static func forbidden(_ scalar: Unicode.Scalar) -> Bool {
        if "/\\:*?\"<>|".unicodeScalars.contains(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// Cut to `maximumBytes` between characters, keeping a short extension (`.png`) at the end.
    private static func bounded(_ text: String) -> String {
        guard text.utf8.count > maximumBytes else { return text }
        var stem = Substring(text), ext = Substring("")
        if let dot = text.lastIndex(of: "."), text[dot...].utf8.count <= 16, dot != text.startIndex {
            stem = text[..<dot]
            ext = text[dot...]
        }
        var kept = ""
        let budget = maximumBytes - ext.utf8.count
        for character in stem {
            if kept.utf8.count + character.utf8.count > budget { break }
            kept.append(character)
        }
        while let last = kept.last, last == "." || last == " " { kept.removeLast() }
        return kept + ext
    }

    /// The path as a relative URL for `href` and `src`: every byte but unreserved characters and `/`
    /// percent-encoded, so that `#`, `?`, `%` and spaces in a name do not end the address.
    static func url(_ path: String) -> String {
        var out = ""
        out.reserveCapacity(path.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
