import Foundation

/// The terminal report: most urgent first, fitted to the width, ending with what to do first.
public struct TextRenderer: ReportRenderer {
    public var color: Bool
    public var width: Int
    /// Subjects listed per finding before "and N more".
    public var subjectLimit = 12
    /// Fetched addresses are listed one by one up to this many; beyond, only the failures.
    public var sourceLimit = 20

    public init(color: Bool, width: Int) {
        self.color = color
        self.width = max(40, min(width, 120))
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", yellow = "33", green = "32", magenta = "35", cyan = "36", blue = "34"
    }

    func paint(_ text: String, _ styles: Style...) -> String {
        guard color, !styles.isEmpty else { return text }
        return "\u{1B}[\(styles.map(\.rawValue).joined(separator: ";"))m\(text)\u{1B}[0m"
    }

    func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .critical: .magenta
        case .high: .red
        case .medium: .yellow
        case .low: .blue
        case .info: .cyan
        }
    }

    /// Wraps `text` to the width, the first line after `first`, the rest after `rest`.
    func wrap(_ text: String, first: String, rest: String) -> String {
        TextWrap(width: width).wrap(text, first: first, rest: rest)
    }

    public func render(_ report: AuditReport, language l: Language) -> String {
        var out: [String] = []
        let rule = String(repeating: "─", count: width)
        if let opening = report.opening {
            out.append(wrap(paint(opening.title(l), .bold), first: "", rest: ""))
            for line in opening.lines { out.append(wrap(line(l), first: "  • ", rest: "    ")) }
            out.append(paint(rule, .dim))
        }
        out.append(wrap(paint("hygiene — \(Messages.reportTitle(l))", .bold) + "  " + paint(report.generatedAt.reportStamp, .dim),
                        first: "", rest: ""))
        out.append(paint(wrap("\(Messages.system(l)): \(report.system.name.isEmpty ? report.system.id : report.system.name)",
                              first: "", rest: "  "), .dim))
        let ran = report.count(.passed) + report.count(.failed)
        if let value = report.score.value {
            let style: Style = value >= 80 ? .green : value >= 50 ? .yellow : .red
            out.append(wrap(paint("\(Messages.score(l)): ", .bold) + paint("\(value)/100", .bold, style)
                            + "  " + paint("(\(Messages.points(report.score, checks: ran)(l)))", .dim), first: "", rest: "  "))
        } else {
            out.append(paint("\(Messages.score(l)): \(Messages.noScore(l))", .bold))
        }
        out.append(paint(wrap(Messages.scoreCaveat(l), first: "", rest: ""), .dim))
        if let trend = report.trend {
            out.append(wrap(Messages.trend(trend, report: report)(l), first: "", rest: ""))
        } else {
            out.append(paint(wrap(Messages.firstAudit(l), first: "", rest: ""), .dim))
        }
        out.append("")
        out.append(paint(Messages.findings(l), .bold))
        out.append(paint(rule, .dim))
        if report.findings.isEmpty { out.append(Messages.noFindings(l)) }
        for (number, finding) in report.findings.enumerated() {
            let tag = paint("[\(finding.severity.label(l).uppercased())]", .bold, severityStyle(finding.severity))
            let newTag = report.isNew(finding) ? " " + paint("(\(Messages.new(l)))", .bold, .yellow) : ""
            out.append(wrap("\(number + 1). \(tag) \(paint(finding.title(l), .bold))\(newTag)", first: "", rest: "   "))
            out.append(paint("   \(finding.checkID)", .dim))
            out.append(wrap(finding.detail(l), first: "   ", rest: "   "))
            for subject in finding.subjects.prefix(subjectLimit) {
                out.append(wrap(subject.line(l), first: "   • ", rest: "     "))
            }
            if finding.subjects.count > subjectLimit {
                out.append("   • " + Messages.andMore(finding.subjects.count - subjectLimit, l))
            }
            let steps = finding.fix(l)
            if !steps.isEmpty {
                out.append("   " + paint("\(Messages.fix(l)) (\(Messages.effort(l)) \(finding.effort.label(l))):", .bold))
                for (index, step) in steps.enumerated() {
                    out.append(wrap(step, first: "     \(index + 1). ", rest: "        "))
                }
            }
            if let caution = finding.caution {
                out.append(wrap(paint("⚠ \(Messages.caution(l)):", .bold, .yellow) + " " + caution(l), first: "   ", rest: "     "))
            }
            out.append("")
        }
        if let trend = report.trend, !trend.fixed.isEmpty {
            for item in trend.fixed { out.append(paint("✓ " + Messages.fixed(item)(l), .green)) }
            out.append("")
        }
        out.append(wrap(paint("\(Messages.checks(l)): \(Messages.summary(report)(l))", .bold), first: "", rest: "  "))
        for result in report.checks where result.status == .skipped || result.status == .error {
            let label = Messages.status(result.status)(l)
            let style: Style = result.status == .error ? .red : .dim
            out.append(wrap(paint("\(label):", style) + " \(result.checkID) — \(result.reason?(l) ?? "")",
                            first: "  ", rest: "    "))
        }
        if !report.privileged { out.append(paint(wrap(Messages.notRoot(l), first: "  ", rest: "  "), .dim)) }
        if !report.sources.isEmpty {
            out.append("")
            out.append(paint("\(Messages.sources(l)): \(Messages.sourcesSummary(report.sources)(l))", .bold))
            // Every failure; the fetched ones too when there are few.
            let shown = report.sources.count <= sourceLimit ? report.sources : report.sources.filter { !$0.isRead }
            for source in shown {
                out.append(wrap(paint(source.isRead ? "✓" : source.ok ? "!" : "✗", source.isRead ? .green : source.ok ? .yellow : .red) + " \(source.name) — \(source.detail(l))",
                                first: "  ", rest: "    "))
            }
        }
        if !report.notes.isEmpty {
            out.append("")
            out.append(paint(Messages.notes(l), .bold))
            for note in report.notes { out.append(wrap(note(l), first: "  • ", rest: "    ")) }
        }
        out.append("")
        out.append(paint(Messages.doFirst(l), .bold, .green))
        out.append(paint(rule, .dim))
        let first = report.doFirst
        if first.isEmpty { out.append(wrap(Messages.nothingFirst(l), first: "", rest: "")) }
        for (index, finding) in first.enumerated() {
            let step = finding.fix(l).first.map { " — \($0)" } ?? ""
            out.append(wrap("\(index + 1). \(paint(finding.title(l), .bold))\(step)", first: "", rest: "   "))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
