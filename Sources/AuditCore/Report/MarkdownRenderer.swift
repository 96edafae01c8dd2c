import Foundation

/// A report to paste into a ticket or send to a helper.
public struct MarkdownRenderer: ReportRenderer {
    public init() {}

    /// Escapes characters that Markdown would read as formatting.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    public func render(_ report: AuditReport, language l: Language) -> String {
        let e = Self.escape
        var out: [String] = []
        if let opening = report.opening {
            out.append("> **\(e(opening.title(l)))**")
            out.append(">")
            for line in opening.lines { out.append("> - \(e(line(l)))") }
            out.append("")
        }
        out.append("# hygiene — \(Messages.reportTitle(l))")
        out.append("")
        out.append("\(Messages.system(l)): \(e(report.system.name.isEmpty ? report.system.id : report.system.name)) · \(report.generatedAt.reportStamp)")
        out.append("")
        let ran = report.count(.passed) + report.count(.failed)
        if let value = report.score.value {
            out.append("**\(Messages.score(l)): \(value)/100** (\(Messages.points(report.score, checks: ran)(l)))")
        } else {
            out.append("**\(Messages.score(l)): \(Messages.noScore(l))**")
        }
        out.append("")
        out.append("> \(Messages.scoreCaveat(l))")
        out.append("")
        if let trend = report.trend { out.append(e(Messages.trend(trend, report: report)(l))); out.append("") }
        out.append("## \(Messages.doFirst(l))")
        out.append("")
        if report.doFirst.isEmpty { out.append(Messages.nothingFirst(l)) }
        for (index, finding) in report.doFirst.enumerated() {
            let step = finding.fix(l).first.map { " — \(e($0))" } ?? ""
            out.append("\(index + 1). **\(e(finding.title(l)))**\(step)")
        }
        out.append("")
        out.append("## \(Messages.findings(l))")
        out.append("")
        if report.findings.isEmpty { out.append(Messages.noFindings(l)); out.append("") }
        for (number, finding) in report.findings.enumerated() {
            let new = report.isNew(finding) ? " _(\(Messages.new(l)))_" : ""
            out.append("### \(number + 1). \(e(finding.title(l)))")
            out.append("")
            out.append("**\(finding.severity.label(l))** · `\(finding.checkID)`\(new)")
            out.append("")
            out.append(e(finding.detail(l)))
            out.append("")
            out.append("_\(Messages.why(l)):_ \(e(finding.why(l)))")
            out.append("")
            for subject in finding.subjects { out.append("- \(e(subject.line(l)))") }
            if !finding.subjects.isEmpty { out.append("") }
            out.append("**\(Messages.fix(l))** (\(Messages.effort(l)) \(finding.effort.label(l))):")
            out.append("")
            for (index, step) in finding.fix(l).enumerated() { out.append("\(index + 1). \(e(step))") }
            out.append("")
            if let caution = finding.caution {
                out.append("> ⚠ **\(Messages.caution(l)):** \(e(caution(l)))")
                out.append("")
            }
            if !finding.references.isEmpty {
                out.append("\(Messages.references(l)): " + finding.references.map { "<\($0)>" }.joined(separator: " · "))
                out.append("")
            }
        }
        out.append("## \(Messages.checks(l))")
        out.append("")
        out.append(Messages.summary(report)(l))
        out.append("")
        out.append(l == .nl ? "| controle | uitkomst | toelichting |" : "| check | status | reason |")
        out.append("|---|---|---|")
        for result in report.checks {
            out.append("| `\(result.checkID)` | \(Messages.status(result.status)(l)) | \(e(result.reason?(l) ?? "")) |")
        }
        if !report.sources.isEmpty {
            out.append("")
            out.append("## \(Messages.sources(l))")
            out.append("")
            out.append(Messages.sourcesSummary(report.sources)(l))
            out.append("")
            for source in report.sources { out.append("- \(source.isRead ? "✓" : source.ok ? "!" : "✗") `\(source.name.replacingOccurrences(of: "`", with: "%60"))` — \(e(source.detail(l)))") }
        }
        if !report.notes.isEmpty {
            out.append("")
            out.append("## \(Messages.notes(l))")
            out.append("")
            for note in report.notes { out.append("- \(e(note(l)))") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
