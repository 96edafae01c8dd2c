import AuditCore
import Foundation

/// Reminders shown in the report and the notification of a scheduled run.
enum Reminders {
    /// The reminders that belong to no family: an audit overdue, none scheduled.
    static func notes(for report: AuditReport, configuration: Configuration, environment: CLIEnvironment) -> [LocalizedText] {
        var notes: [LocalizedText] = []
        if let every = configuration.auditEvery, let trend = report.trend {
            let days = trend.daysSince(report.generatedAt)
            if days > every.days {
                notes.append(LocalizedText(
                    en: "Your previous audit was \(days) days ago, longer than the \(every.days) days you planned.",
                    nl: "Je vorige controle was \(days) dagen geleden, langer dan de \(every.days) dagen die je had gepland."))
            }
        }
        if Scheduler.installed(environment: environment) == nil {
            notes.append(LocalizedText(
                en: "No regular audit is scheduled. 'hygiene schedule --every 30d' runs one quietly and tells you when something needs attention.",
                nl: "Er is geen regelmatige controle ingepland. 'hygiene schedule --every 30d' voert er stil een uit en meldt het als er iets aandacht nodig heeft."))
        }
        return notes
    }

    /// A desktop notification (notify-send) with counts only: never a finding's details.
    static func notify(_ report: AuditReport, threshold: Severity, language: Language, environment: CLIEnvironment) async {
        let urgent = report.findings.filter { $0.severity >= threshold }.count
        let new = report.findings.filter(report.isNew).count
        guard urgent > 0 || new > 0 else { return }
        let title = CLIWords.notifyTitle(language)
        let body = CLIWords.notifyBody(urgent: urgent, new: new)(language)
        guard environment.runner.isAvailable("notify-send") else {
            environment.warn(title + ". " + body)
            return
        }
        _ = try? await environment.runner.run(["notify-send", "--app-name=hygiene", title, body], timeout: .seconds(5))
    }
}
