import AuditCore
import Foundation

enum CLIError: Error, LocalizedError {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case exists(path: String)
    case schedule(String)
    case invalidData([String])
    case invalidAnswers(path: String, line: Int?, message: String)

    var errorDescription: String? {
        switch self {
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .cannotRead(let path, let reason): "\(path): cannot read: \(reason)"
        case .exists(let path): "\(path) already exists; use --force to replace it"
        case .schedule(let reason): "cannot schedule the audit: \(reason)"
        case .invalidData(let problems): problems.joined(separator: "\n")
        case .invalidAnswers(let path, let line, let message): "\(path):\(line ?? 1): \(message)"
        }
    }
}

/// Reminders shown in the report and the notification of a scheduled run.
enum Reminders {
    /// `families`: the families the user asked for with `--only` (empty: all). Passwords are only
    /// mentioned when the user did not leave them out on purpose.
    static func notes(for report: AuditReport, configuration: Configuration, environment: CLIEnvironment,
                      families: [String] = []) -> [LocalizedText] {
        var notes: [LocalizedText] = []
        if families.isEmpty || families.contains("vault"), !report.checks.contains(where: { $0.family == "vault" }) {
            notes.append(LocalizedText(
                en: "Your passwords were not checked. Export them from your password manager and run 'hygiene audit --vault EXPORT' to find reused, weak, breached and old ones.",
                nl: "Je wachtwoorden zijn niet gecontroleerd. Exporteer ze uit je wachtwoordbeheerder en voer 'hygiene audit --vault EXPORT' uit om hergebruikte, zwakke, gelekte en oude te vinden."))
        }
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
        let title = language == .nl ? "hygiene: er is iets dat aandacht nodig heeft" : "hygiene: something needs attention"
        let body = language == .nl
            ? "\(urgent) dringende en \(new) nieuwe bevindingen. Voer 'hygiene audit' uit voor het rapport."
            : "\(urgent) urgent and \(new) new findings. Run 'hygiene audit' to see the report."
        guard environment.runner.isAvailable("notify-send") else {
            environment.warn(title + ". " + body)
            return
        }
        _ = try? await environment.runner.run(["notify-send", "--app-name=hygiene", title, body], timeout: .seconds(5))
    }
}
