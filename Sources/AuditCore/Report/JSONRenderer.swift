import Foundation

/// The machine-readable report, schema `hygiene-report/1` (documented in the README).
public struct JSONRenderer: ReportRenderer {
    public init() {}

    struct Document: Encodable {
        var schema = AuditReport.schema
        var tool: Tool
        var generatedAt: String
        var language: String
        var system: System
        var score: Int?
        var points: Points
        var summary: [String: Int]
        var findings: [FindingEntry]
        var doFirst: [String]
        var checks: [CheckEntry]
        var trend: TrendEntry?
        var notes: [String]
        var sources: [SourceEntry]
    }
    struct SourceEntry: Encodable { var url: String; var ok: Bool; var readable: Bool?; var detail: String }
    struct Tool: Encodable { var name = "hygiene"; var version: String }
    struct System: Encodable { var os: String; var name: String; var privileged: Bool }
    struct Points: Encodable { var earned: Int; var possible: Int }
    struct FindingEntry: Encodable {
        var id, check, family, severity, title, detail, why, effort, fingerprint: String
        var subjects: [Subject]
        var fix: [String]
        var caution: String?
        var references: [String]
        var new: Bool
    }
    struct CheckEntry: Encodable {
        var id, family, title, severity, status: String
        var reason: String?
        var findings: Int
        var durationMs: Int
    }
    struct TrendEntry: Encodable {
        var previousAudit: String
        var daysSince: Int
        var previousScore: Int?
        var scoreChange: Int?
        var new: Int
        var fixed: [FixedEntry]
    }
    struct FixedEntry: Encodable { var check: String; var count: Int }

    public func render(_ report: AuditReport, language l: Language) throws -> String {
        let document = Document(
            tool: Tool(version: report.toolVersion),
            generatedAt: report.generatedAt.iso8601,
            language: l.rawValue,
            system: System(os: report.system.id, name: report.system.name, privileged: report.privileged),
            score: report.score.value,
            points: Points(earned: report.score.earned, possible: report.score.possible),
            summary: Dictionary(uniqueKeysWithValues: CheckStatus.allCases.map { ($0.rawValue, report.count($0)) }),
            findings: report.findings.map { finding in
                FindingEntry(id: finding.id, check: finding.checkID, family: finding.family,
                             severity: finding.severity.rawValue, title: finding.title(l), detail: finding.detail(l),
                             why: finding.why(l), effort: finding.effort.rawValue, fingerprint: finding.fingerprint,
                             subjects: finding.subjects.map { $0.localized(l) }, fix: finding.fix(l), caution: finding.caution?(l),
                             references: finding.references, new: report.isNew(finding))
            },
            doFirst: report.doFirst.map(\.id),
            checks: report.checks.map { result in
                CheckEntry(id: result.checkID, family: result.family, title: result.title(l),
                           severity: result.severity.rawValue, status: result.status.rawValue,
                           reason: result.reason?(l), findings: result.findings.count,
                           durationMs: Int(result.duration.components.seconds * 1000
                                           + result.duration.components.attoseconds / 1_000_000_000_000_000))
            },
            trend: report.trend.map { trend in
                TrendEntry(previousAudit: trend.previousAuditAt.iso8601, daysSince: trend.daysSince(report.generatedAt),
                           previousScore: trend.previousScore,
                           scoreChange: trend.previousScore.flatMap { before in report.score.value.map { $0 - before } },
                           new: report.findings.filter(report.isNew).count,
                           fixed: trend.fixed.map { FixedEntry(check: $0.checkID, count: $0.count) })
            },
            notes: report.notes.map { $0(l) },
            sources: report.sources.map { SourceEntry(url: $0.name, ok: $0.ok, readable: $0.readable, detail: $0.detail(l)) })
        return try DocumentJSON.encode(document, first: report.opening.map { opening in
            (key: "opening", value: OpeningEntry(title: opening.title(l), lines: opening.lines.map { $0(l) }))
        })
    }

    struct OpeningEntry: Encodable { var title: String; var lines: [String] }
}
