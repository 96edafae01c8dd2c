import AuditCore
import Crypto
import Foundation

/// The hash chain: what a record's hash covers, byte for byte, so that anyone can check it again
/// with the README's description and a SHA-256 tool.
///
/// The canonical form is UTF-8 text, one field per line in a fixed order. A text value is written
/// `name:<byte count>:<bytes>` (so a value may hold newlines or colons without ambiguity), an absent
/// value `name:-`, a number `name=<decimal>`, a time `name=<ISO 8601 UTC with milliseconds>`, a list
/// `name#<count>` followed by its items.
public enum EvidenceChain {
    public static let format = "hygiene-evidence/1"
    /// The `previousHash` of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    public static func canonical(_ record: EvidenceRecord) -> Data {
        var out = Data()
        func line(_ text: String) { out.append(contentsOf: Array(text.utf8)); out.append(0x0A) }
        func text(_ name: String, _ value: String?) {
            guard let value else { return line(name + ":-") }
            let bytes = Array(value.utf8)
            out.append(contentsOf: Array("\(name):\(bytes.count):".utf8))
            out.append(contentsOf: bytes)
            out.append(0x0A)
        }
        func time(_ name: String, _ value: Date?) {
            guard let value else { return line(name + ":-") }
            line(name + "=" + timestamp(value))
        }
        line(format)
        line("number=\(record.number)")
        line("previous=" + record.previousHash)
        time("entered", record.enteredAt)
        line("corrects=" + (record.corrects.map(String.init) ?? "-"))
        time("occurred", record.incident.occurredAt)
        text("place", record.incident.place)
        text("duration", record.incident.duration)
        line("how#\(record.incident.how.count)")
        for how in record.incident.how { text("how", how) }
        line("witnesses#\(record.incident.witnesses.count)")
        for witness in record.incident.witnesses { text("witness", witness) }
        text("note", record.incident.note)
        line("files#\(record.files.count)")
        for file in record.files {
            text("file.name", file.originalName)
            time("file.modified", file.modifiedAt)
            line("file.size=\(file.size)")
            line("file.sha256=" + file.sha256)
        }
        return out
    }

    /// The record's hash: lowercase hex SHA-256 of its canonical form.
    public static func hash(_ record: EvidenceRecord) -> String {
        hex(SHA256.hash(data: canonical(record)))
    }

    /// Milliseconds since 1970 (the precision the store keeps).
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// `2026-12-02T07:22:26.123Z`, always UTC, always three decimals.
    public static func timestamp(_ date: Date) -> String {
        let ms = milliseconds(date)
        let seconds = Int(ms.floorDiv(1000))
        let fraction = Int(ms - Int64(seconds) * 1000)
        var tm = tm()
        var t = time_t(seconds)
        gmtime_r(&t, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                      Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), fraction)
    }

    /// The bytes of a hex string (a hash as the store keeps it).
    public static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in hex.utf8 {
            guard let value = UInt8(String(UnicodeScalar(character)), radix: 16) else { continue }
            if let h = high { bytes.append(h << 4 | value); high = nil } else { high = value }
        }
        return bytes
    }

    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 { Digest.hex(digest) }
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
