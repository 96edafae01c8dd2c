import Foundation

/// What every command's output can be shown as: one list of formats for the report and every document.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, markdown, json, html
}

/// The audit report's formats are the common ones.
public typealias ReportFormat = OutputFormat
