import Foundation

extension OutputFormat {
    /// The audit report's renderer for this format.
    public func renderer(color: Bool = false, width: Int = 80) -> any ReportRenderer {
        switch self {
        case .text: TextRenderer(color: color, width: width)
        case .markdown: MarkdownRenderer()
        case .json: JSONRenderer()
        case .html: HTMLRenderer()
        }
    }
}

/// Turns a report into one output format.
public protocol ReportRenderer: Sendable {
    func render(_ report: AuditReport, language: Language) throws -> String
}

extension Date {
    /// `2026-11-23 14:05` in UTC, for reports.
    public var reportStamp: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: self)
    }

    var iso8601: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: self)
    }
}

extension Subject {
    /// `name (key: value, key: value)` on one line, the keys in the report's language.
    public func line(_ language: Language) -> String {
        // A field that repeats the name is left out, and a SHA-256 fingerprint shortened; JSON keeps both whole.
        let extra = fields.filter { $0.key != "name" && $0.value != name }.map { field in
            let text = field.value(language)
            let value = text.count == 64 && text.allSatisfy(\.isHexDigit) ? String(text.prefix(12)) + "…" : text
            return "\(Messages.fieldLabel(field.key, language)): \(value)"
        }
        return extra.isEmpty ? name : "\(name) (\(extra.joined(separator: ", ")))"
    }
}
