import Foundation

/// Why an export cannot be read. Messages name the file, line and column and what was expected,
/// never a field's content: a field may be a password.
public enum VaultImportError: Error, LocalizedError, Equatable {
    case unreadable(file: String, reason: String)
    case unknownFormat(file: String, detail: String)
    case malformed(file: String, line: Int, column: Int?, problem: String)
    case encrypted(file: String, format: String)
    case tooLarge(file: String, limit: Int)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the export: \(reason)"
        case .unknownFormat(let file, let detail):
            "\(file): not a password export hygiene knows (\(detail)). Export again as CSV or unencrypted JSON from Bitwarden, 1Password, LastPass, KeePass(XC), Chrome, Edge, Brave, Firefox, Apple Passwords, Proton Pass, Dashlane or NordPass."
        case .malformed(let file, let line, let column, let problem):
            "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(problem)"
        case .encrypted(let file, let format):
            "\(file): this \(format) export is encrypted; export it again without encryption (and delete it after the audit)"
        case .tooLarge(let file, let limit):
            "\(file): larger than \(limit >> 20) MB, which is more than any password export; is this the right file?"
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
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            iso.formatOptions = options
            if let date = iso.date(from: text) { return date }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
