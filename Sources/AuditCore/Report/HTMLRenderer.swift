import Foundation
import Mustache

/// One self-contained page: inline CSS, no scripts, readable on screen and on paper.
public struct HTMLRenderer: ReportRenderer {
    public init() {}

    static let template: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: HTMLTemplate.page)
        } catch {
            preconditionFailure("the built-in HTML template does not parse: \(error)")
        }
    }()

    public func render(_ report: AuditReport, language l: Language) -> String {
        let ran = report.count(.passed) + report.count(.failed)
        let findings: [[String: Any]] = report.findings.enumerated().map { number, finding in
            var entry: [String: Any] = [
                "number": number + 1,
                "severity": finding.severity.rawValue,
                "severityLabel": finding.severity.label(l),
                "title": finding.title(l),
                "check": finding.checkID,
                "detail": finding.detail(l),
                "why": finding.why(l),
                "isNew": report.isNew(finding),
                "subjects": finding.subjects.map { $0.line(l) },
                "fix": finding.fix(l),
                "effort": finding.effort.label(l),
                "references": finding.references,
                "hasSubjects": !finding.subjects.isEmpty,
                "hasReferences": !finding.references.isEmpty,
            ]
            if let caution = finding.caution { entry["caution"] = caution(l) }
            return entry
        }
        let checks: [[String: Any]] = report.checks.map { result in
            ["id": result.checkID, "status": result.status.rawValue,
             "statusLabel": Messages.status(result.status)(l), "reason": result.reason?(l) ?? ""]
        }
        let context: [String: Any] = [
            "lang": l.rawValue,
            "title": Messages.reportTitle(l),
            "systemLabel": Messages.system(l),
            "system": report.system.name.isEmpty ? report.system.id : report.system.name,
            "generated": report.generatedAt.reportStamp,
            "scoreLabel": Messages.score(l),
            "score": report.score.value.map { "\($0)/100" } ?? Messages.noScore(l),
            "scoreClass": report.score.value.map { $0 >= 80 ? "good" : $0 >= 50 ? "fair" : "poor" } ?? "none",
            "points": Messages.points(report.score, checks: ran)(l),
            "caveat": Messages.scoreCaveat(l),
            "trend": report.trend.map { Messages.trend($0, report: report)(l) } ?? Messages.firstAudit(l),
            "doFirstLabel": Messages.doFirst(l),
            "doFirst": report.doFirst.map { ["title": $0.title(l), "step": $0.fix(l).first ?? ""] },
            "nothingFirst": report.doFirst.isEmpty ? Messages.nothingFirst(l) : "",
            "findingsLabel": Messages.findings(l),
            "noFindings": report.findings.isEmpty ? Messages.noFindings(l) : "",
            "findings": findings,
            "fixLabel": Messages.fix(l),
            "whyLabel": Messages.why(l),
            "takesLabel": Messages.effort(l),
            "cautionLabel": Messages.caution(l),
            "newLabel": Messages.new(l),
            "referencesLabel": Messages.references(l),
            "checksLabel": Messages.checks(l),
            "summary": Messages.summary(report)(l),
            "checks": checks,
            "notesLabel": Messages.notes(l),
            "notes": report.notes.map { $0(l) },
            "hasNotes": !report.notes.isEmpty,
            "sourcesLabel": Messages.sources(l),
            "sourcesSummary": Messages.sourcesSummary(report.sources)(l),
            "sources": report.sources.map { ["name": $0.name, "ok": $0.isRead, "detail": $0.detail(l)] as [String: Any] },
            "hasSources": !report.sources.isEmpty,
            "hasOpening": report.opening != nil,
            "openingTitle": report.opening?.title(l) ?? "",
            "openingLines": report.opening?.lines.map { $0(l) } ?? [],
        ]
        return Self.template.render(context)
    }
}

enum HTMLTemplate {
    static let page = #"""
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hygiene — {{title}}</title>
<style>
:root { --ink: #1d2330; --muted: #5b6472; --line: #d8dde5; --critical: #7b1fa2; --high: #c62828;
        --medium: #a86400; --low: #1f5fa8; --info: #00707a; --good: #2e7d32; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
.meta, .caveat, .reason { color: var(--muted); }
.score { font-size: 2.4rem; font-weight: 700; }
.score.good { color: var(--good); } .score.fair { color: var(--medium); } .score.poor { color: var(--high); }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px;
           padding: .6rem 1rem; margin: 1rem 0; page-break-inside: avoid; }
.finding.critical { border-left-color: var(--critical); } .finding.high { border-left-color: var(--high); }
.finding.medium { border-left-color: var(--medium); } .finding.low { border-left-color: var(--low); }
.finding.info { border-left-color: var(--info); }
.finding h3 { margin: .2rem 0; font-size: 1.1rem; }
.badge { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase; padding: 0 .4rem;
         border-radius: 3px; color: #fff; background: var(--muted); vertical-align: middle; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); }
.badge.medium { background: var(--medium); } .badge.low { background: var(--low); } .badge.info { background: var(--info); }
.badge.new { background: var(--good); }
code { font-size: .85em; color: var(--muted); }
.caution { background: #fff6e0; border-radius: 4px; padding: .4rem .6rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
td, th { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
.status-passed { color: var(--good); } .status-failed { color: var(--high); } .status-error { color: var(--critical); }
.status-skipped { color: var(--muted); }
ol.first li { margin-bottom: .3rem; }
{{#hasOpening}}
.opening { border: 2px solid var(--high); border-radius: 6px; padding: .2rem 1rem; margin-bottom: 1rem; }
.opening h2 { border: 0; margin-top: .6rem; }
{{/hasOpening}}
@media print { body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; } }
</style>
</head>
<body>
{{#hasOpening}}
<section class="opening" role="note">
<h2>{{openingTitle}}</h2>
<ul>
{{#openingLines}}<li>{{.}}</li>
{{/openingLines}}
</ul>
</section>
{{/hasOpening}}
<h1>hygiene — {{title}}</h1>
<p class="meta">{{systemLabel}}: {{system}} · {{generated}}</p>
<p><span class="score {{scoreClass}}">{{score}}</span><br><span class="meta">{{scoreLabel}}: {{points}}</span></p>
<p class="caveat">{{caveat}}</p>
<p>{{trend}}</p>
<h2>{{doFirstLabel}}</h2>
{{#nothingFirst}}<p>{{nothingFirst}}</p>{{/nothingFirst}}
<ol class="first">
{{#doFirst}}<li><strong>{{title}}</strong>{{#step}} — {{step}}{{/step}}</li>
{{/doFirst}}
</ol>
<h2>{{findingsLabel}}</h2>
{{#noFindings}}<p>{{noFindings}}</p>{{/noFindings}}
{{#findings}}
<section class="finding {{severity}}">
<h3>{{number}}. {{title}} <span class="badge {{severity}}">{{severityLabel}}</span>{{#isNew}} <span class="badge new">{{newLabel}}</span>{{/isNew}}</h3>
<code>{{check}}</code>
<p>{{detail}}</p>
<p class="meta"><em>{{whyLabel}}:</em> {{why}}</p>
{{#hasSubjects}}<ul>
{{#subjects}}<li>{{.}}</li>
{{/subjects}}
</ul>{{/hasSubjects}}
<p><strong>{{fixLabel}}</strong> ({{takesLabel}} {{effort}}):</p>
<ol>
{{#fix}}<li>{{.}}</li>
{{/fix}}
</ol>
{{#caution}}<p class="caution">⚠ <strong>{{cautionLabel}}:</strong> {{caution}}</p>{{/caution}}
{{#hasReferences}}<p class="meta">{{referencesLabel}}: {{#references}}<a href="{{.}}">{{.}}</a> {{/references}}</p>{{/hasReferences}}
</section>
{{/findings}}
<h2>{{checksLabel}}</h2>
<p>{{summary}}</p>
<table>
{{#checks}}<tr><td><code>{{id}}</code></td><td class="status-{{status}}">{{statusLabel}}</td><td class="reason">{{reason}}</td></tr>
{{/checks}}
</table>
{{#hasSources}}<h2>{{sourcesLabel}}</h2>
<p>{{sourcesSummary}}</p>
<ul>
{{#sources}}<li class="{{#ok}}status-passed{{/ok}}{{^ok}}status-failed{{/ok}}">{{#ok}}✓{{/ok}}{{^ok}}✗{{/ok}} <code>{{name}}</code> — {{detail}}</li>
{{/sources}}
</ul>{{/hasSources}}
{{#hasNotes}}<h2>{{notesLabel}}</h2>
<ul>
{{#notes}}<li>{{.}}</li>
{{/notes}}
</ul>{{/hasNotes}}
</body>
</html>

"""#
}
