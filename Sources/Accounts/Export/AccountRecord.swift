import AuditCore
import Foundation

/// One record of an export: a session, a sign-in, a recovery address, a forwarding address… with the
/// fields the platform gave, and where in the archive it was read.
public struct AccountRecord: Sendable {
    public var platform: String
    public var platformName: String
    public var type: RecordType
    /// The manifest's record id (`active-sessions`).
    public var spec: String
    /// The file inside the export it was read from.
    public var file: String
    /// Whether the file lists what is signed in now.
    public var current: Bool
    public var whereToAct: LocalizedText
    public var time: Date?
    public var lastSeen: Date?
    public var texts: [RecordField: String] = [:]

    public subscript(field: RecordField) -> String? { texts[field] }

    /// The newest time the record carries.
    public var latest: Date? { [time, lastSeen].compactMap { $0 }.max() }

    /// What the record is about, in a few words: the device, the app, the address.
    public var label: String {
        self[.device] ?? self[.app] ?? self[.value] ?? self[.agent] ?? self[.action] ?? "?"
    }
}

/// Picks a record's fields out of what the reader found, with the manifest's keys and their fallbacks.
enum FieldReader {
    /// The value at `path` (`a.b.c`; `.` is the value itself). Keys are tried as written, then folded;
    /// a Meta `label_values` list is read as a mapping from its `ent_field_name` or `label` to its value.
    static func walk(_ root: Any, path: String) -> Any? {
        if path.isEmpty || path == "." { return root }
        var current: Any = root
        for component in path.split(separator: ".", omittingEmptySubsequences: true).map(String.init) {
            guard let object = current as? [String: Any] else { return nil }
            if let value = object[component] {
                current = value
            } else if let key = object.keys.first(where: { folded($0) == folded(component) }), let value = object[key] {
                current = value
            } else if let labels = object["label_values"] as? [Any], let value = labelValue(labels, component) {
                current = value
            } else {
                return nil
            }
        }
        return current
    }

    static func labelValue(_ labels: [Any], _ name: String) -> Any? {
        let wanted = folded(name)
        for case let entry as [String: Any] in labels {
            let names = [entry["ent_field_name"], entry["label"]].compactMap { $0 as? String }.map(folded)
            guard names.contains(wanted) else { continue }
            if let value = entry["value"] { return value }
            if let value = entry["timestamp_value"] { return value }
            if let value = entry["href"] { return value }
            if let vec = entry["vec"] as? [Any] {
                return vec.compactMap { ($0 as? [String: Any]).flatMap { $0["value"] ?? $0["timestamp_value"] } }
            }
            if let dict = entry["dict"] { return dict }
        }
        return nil
    }

    /// The first of `sources` that gives a non-empty value; `=text` is the text itself.
    static func value(_ item: RawItem, _ sources: [String]) -> Any? {
        for source in sources {
            if source.hasPrefix("=") { return String(source.dropFirst()) }
            let found: Any?
            switch item {
            case .json(let value): found = walk(value, path: source)
            case .cells(let cells): found = cells[folded(source)]
            }
            if let found, !isEmpty(found) { return found }
        }
        return nil
    }

    static func isEmpty(_ value: Any) -> Bool {
        switch value {
        case let text as String: trimmed(text).isEmpty || text == "N/A"
        case let number as NSNumber: number.doubleValue == 0
        case let number as Int: number == 0
        case let number as Double: number == 0
        case let list as [Any]: list.isEmpty
        case is NSNull: true
        default: false
        }
    }

    static func text(_ value: Any, repair: Bool) -> String? {
        let raw: String
        switch value {
        case let text as String: raw = text
        case let number as Int: raw = String(number)
        case let number as Double: raw = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case let number as NSNumber: raw = number.stringValue
        case let list as [Any]: raw = list.compactMap { text($0, repair: false) }.joined(separator: ", ")
        case let object as [String: Any]:
            // A nested value: the first text of a known shape (`{"value": …}`), else its texts joined.
            if let inner = object["value"] ?? object["address"] ?? object["email"] { return text(inner, repair: repair) }
            raw = object.keys.sorted().compactMap { object[$0].flatMap { text($0, repair: false) } }.joined(separator: ", ")
        default: return nil
        }
        let clean = trimmed(raw)
        guard !clean.isEmpty else { return nil }
        return repair ? Mojibake.repaired(clean) : clean
    }

    /// The text without white space at either end (Foundation's trimming is slow on a few hundred thousand cells).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    static func record(_ item: RawItem, spec: PlatformManifest.RecordSpec, manifest: PlatformManifest, file: String, pool: StringPool? = nil) -> AccountRecord? {
        var record = AccountRecord(platform: manifest.id, platformName: manifest.name, type: spec.type, spec: spec.id, file: file,
                                   current: spec.current, whereToAct: spec.whereToAct)
        for (field, sources) in spec.fields {
            guard let value = value(item, sources) else { continue }
            switch field {
            case .time: record.time = Timestamps.date(value)
            case .lastSeen: record.lastSeen = Timestamps.date(value)
            default:
                if let text = text(value, repair: manifest.repairMojibake) { record.texts[field] = pool?.intern(text) ?? text }
            }
        }
        // A removed app or a revoked token is no longer there.
        if record[.removed] != nil { return nil }
        if let only = spec.onlyIf {
            guard let text = record[only.field]?.lowercased(), only.words.contains(where: text.contains) else { return nil }
        }
        let carried = record.texts.keys.contains { $0 != .removed } || record.time != nil || record.lastSeen != nil
        return carried ? record : nil
    }
}

/// One copy of each text that repeats (an access log's few user agents over hundreds of thousands of
/// rows), so the records of a large file share it.
final class StringPool {
    private var texts: [String: String] = [:]
    func intern(_ text: String) -> String {
        if let known = texts[text] { return known }
        if texts.count < 100_000 { texts[text] = text }
        return text
    }
}

/// Meta writes each UTF-8 byte of a text as its own `\u00XX`: "H\u00c3\u00a5kan" is "Håkan".
public enum Mojibake {
    /// The text with its bytes read again as UTF-8, when every scalar is a byte and they form valid
    /// UTF-8 with something above ASCII; otherwise unchanged.
    public static func repaired(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        var high = false
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { return text }
            if scalar.value >= 0x80 { high = true }
            bytes.append(UInt8(scalar.value))
        }
        guard high, let decoded = String(bytes: bytes, encoding: .utf8) else { return text }
        return decoded
    }
}

/// The platforms' ways of writing a time, all read as instants (UTC unless the text says otherwise).
public enum Timestamps {
    static let patterns = [
        "yyyy-MM-dd HH:mm:ss 'UTC'", "yyyy-MM-dd HH:mm:ss 'Z'", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX",
        "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "EEE MMM dd HH:mm:ss 'UTC' yyyy", "EEE MMM d HH:mm:ss zzz yyyy",
        "MMM d, yyyy, h:mm:ss a 'UTC'", "MMM d, yyyy, h:mm:ss a zzz", "M/d/yy, h:mm a", "yyyy.MM.dd", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd", "dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy",
    ]

    static let formatters: [DateFormatter] = patterns.map { pattern in
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter
    }
    static let lock = NSLock()

    /// Seconds, milliseconds or microseconds since 1970 by their size; or a text in one of the patterns.
    public static func date(_ value: Any) -> Date? {
        if let number = value as? Int { return epoch(Double(number)) }
        if let number = value as? Double { return epoch(number) }
        if let number = value as? NSNumber { return epoch(number.doubleValue) }
        guard let text = (value as? String)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.allSatisfy({ $0.isNumber || $0 == "." }), let number = Double(text) { return epoch(number) }
        if let date = isoLike(text) { return date }
        // Seconds written with a dot (`…T13:31:42.908Z`) or without; `Z` for UTC.
        return lock.withLock {
            for formatter in formatters {
                if let date = formatter.date(from: text) { return date }
            }
            return nil
        }
    }

    /// `YYYY-MM-DD HH:MM:SS` (or with `T`), optional fraction, then nothing, ` UTC`, ` Z` or `Z`: the
    /// common case, read without a formatter (an access log has hundreds of thousands of them).
    static func isoLike(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes[4] == 45, bytes[7] == 45, bytes[10] == 32 || bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var rest = 19
        var fraction = 0.0
        if rest < bytes.count, bytes[rest] == 46 {
            var scale = 0.1
            rest += 1
            while rest < bytes.count, bytes[rest] >= 48, bytes[rest] <= 57 {
                fraction += Double(bytes[rest] - 48) * scale
                scale /= 10
                rest += 1
            }
        }
        let suffix = String(decoding: bytes[rest...], as: UTF8.self)
        guard ["", " UTC", " Z", "Z", "+00:00"].contains(suffix) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm), then seconds.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction)
    }

    static func epoch(_ number: Double) -> Date? {
        guard number > 0 else { return nil }
        var seconds = number
        if seconds > 1e14 { seconds /= 1_000_000 } else if seconds > 1e11 { seconds /= 1000 }
        return Date(timeIntervalSince1970: seconds)
    }

    /// A time as the user reads it: their time zone, to the minute.
    public static func shown(_ date: Date, zone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: date)
    }

    public static func day(_ date: Date, zone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
