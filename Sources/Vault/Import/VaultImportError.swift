import AuditCore
import Foundation

/// Why an export cannot be read. Messages name the file, line and column and what was expected,
/// never a field's content: a field may be a password.
public enum VaultImportError: Error, LocalizedFailure, Equatable {
    case unreadable(file: String, reason: String)
    case unknownFormat(file: String, detail: LocalizedText)
    case malformed(file: String, line: Int, column: Int?, problem: LocalizedText)
    case encrypted(file: String, format: String)
    case tooLarge(file: String, limit: Int)

    public var message: LocalizedText {
        switch self {
        case .unreadable(let file, let reason):
            LocalizedText(en: "\(file): cannot read the export: \(reason)",
                          nl: "\(file): de export kan niet worden gelezen: \(SystemReason.text(reason)(.nl))")
        case .unknownFormat(let file, let detail):
            LocalizedText(
                en: "\(file): not a password export hygiene knows (\(detail.en)). Export again as CSV or unencrypted JSON from Bitwarden, 1Password, LastPass, KeePass(XC), Chrome, Edge, Brave, Firefox, Apple Passwords, Proton Pass, Dashlane or NordPass.",
                nl: "\(file): geen wachtwoordexport die hygiene kent (\(detail.nl)). Exporteer opnieuw als CSV of onversleutelde JSON uit Bitwarden, 1Password, LastPass, KeePass(XC), Chrome, Edge, Brave, Firefox, Apple Wachtwoorden, Proton Pass, Dashlane of NordPass.")
        case .malformed(let file, let line, let column, let problem):
            .verbatim("\(file):\(line)\(column.map { ":\($0)" } ?? ""): ") + problem
        case .encrypted(let file, let format):
            LocalizedText(en: "\(file): this \(format) export is encrypted; export it again without encryption (and delete it after the audit)",
                          nl: "\(file): deze export van \(format) is versleuteld; exporteer opnieuw zonder versleuteling (en wis hem na de controle)")
        case .tooLarge(let file, let limit):
            LocalizedText(en: "\(file): larger than \(limit >> 20) MB, which is more than any password export; is this the right file?",
                          nl: "\(file): groter dan \(limit >> 20) MB, meer dan welke wachtwoordexport ook; is dit het goede bestand?")
        }
    }
}

/// Dates as exports write them: ISO 8601 (with or without fraction or zone), `yyyy-MM-dd HH:mm:ss`,
/// or seconds / milliseconds since 1970.
enum ExportDate {
    static func parse(_ text: String?) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let number = Double(text) {
            guard number > 0 else { return nil }
            return Date(timeIntervalSince1970: number > 100_000_000_000 ? number / 1000 : number)
        }
        if let date = iso8601(Array(text.utf8)) { return date }
        // Foundation's DateFormatter traps on some non-ASCII input (found by fuzzing: a combining
        // mark inside a date); no export writes dates with such characters, so they never reach it.
        guard text.utf8.count <= 40, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return lock.withLock {
            for formatter in formatters { if let date = formatter.date(from: text) { return date } }
            return nil
        }
    }

    static let lock = NSLock()
    static let formatters: [DateFormatter] = ["yyyy-MM-dd HH:mm:ss", "dd-MM-yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "dd/MM/yyyy"].map { format in
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }

    /// `YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][Z|±hh[:]mm]`, read by hand: exports hold thousands of dates
    /// and a formatter per call would dominate the time of an audit.
    static func iso8601(_ b: [UInt8]) -> Date? {
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for k in start..<(start + count) {
                guard b[k] >= 48 && b[k] <= 57 else { return nil }
                value = value * 10 + Int(b[k] - 48)
            }
            return value
        }
        guard b.count >= 10, b[4] == 45, b[7] == 45, let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0.0, offset = 0, i = 10
        if i < b.count, b[i] == 84 || b[i] == 32 {
            guard let h = number(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let m = number(i + 4, 2) else { return nil }
            hour = h; minute = m; i += 6
            if i < b.count, b[i] == 58, let s = number(i + 1, 2) {
                second = Double(s); i += 3
                if i < b.count, b[i] == 46 {
                    var scale = 0.1
                    i += 1
                    while i < b.count, b[i] >= 48 && b[i] <= 57 { second += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                }
            }
            if i < b.count {
                if b[i] == 90 { i += 1 } else if b[i] == 43 || b[i] == 45 {
                    guard let oh = number(i + 1, 2) else { return nil }
                    var om = 0
                    if let m = number(i + (i + 3 < b.count && b[i + 3] == 58 ? 4 : 3), 2) { om = m }
                    offset = (oh * 60 + om) * 60 * (b[i] == 45 ? -1 : 1)
                    i = b.count
                }
            }
        }
        guard i >= b.count, hour < 24, minute < 60, second < 61 else { return nil }
        // Days since 1970-01-01 in the proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 - offset) + second)
    }
}
