import Foundation

/// The fixed texts of the reports, in every language.
public enum Messages {
    public static let reportTitle = LocalizedText(en: "Privacy and security check", nl: "Privacy- en veiligheidscontrole")
    public static let score = LocalizedText(en: "Score", nl: "Score")
    public static let scoreCaveat = LocalizedText(
        en: "A score of 100 does not mean you are safe: it only means that none of the checks that ran found a problem.",
        nl: "Een score van 100 betekent niet dat je veilig bent: alleen dat geen van de uitgevoerde controles een probleem vond.")
    public static let noScore = LocalizedText(en: "no score: no check could be judged",
                                              nl: "geen score: geen enkele controle kon worden beoordeeld")
    public static let findings = LocalizedText(en: "Findings, most urgent first", nl: "Bevindingen, de dringendste eerst")
    public static let noFindings = LocalizedText(en: "No findings. Keep checking regularly: settings and threats change.",
                                                 nl: "Geen bevindingen. Blijf regelmatig controleren: instellingen en dreigingen veranderen.")
    public static let fix = LocalizedText(en: "What to do", nl: "Wat te doen")
    public static let effort = LocalizedText(en: "takes", nl: "duurt")
    public static let caution = LocalizedText(en: "Careful", nl: "Let op")
    public static let why = LocalizedText(en: "Why it matters", nl: "Waarom dit ertoe doet")
    public static let new = LocalizedText(en: "new", nl: "nieuw")
    public static let references = LocalizedText(en: "More information", nl: "Meer informatie")
    public static let checks = LocalizedText(en: "Checks", nl: "Controles")
    public static let doFirst = LocalizedText(en: "Do this first", nl: "Doe dit eerst")
    public static let nothingFirst = LocalizedText(en: "Nothing urgent. Look through the items to review above when you have a moment.",
                                                   nl: "Niets dringends. Loop de punten om na te kijken hierboven door als je even tijd hebt.")
    public static let notes = LocalizedText(en: "Reminders", nl: "Herinneringen")
    /// What the families read before the checks: pages, a phone, a Bluetooth scan, exports.
    public static let sources = LocalizedText(en: "Sources read", nl: "Gelezen bronnen")
    /// `12 of 14 read`.
    public static func sourcesSummary(_ sources: [SourceStatus]) -> LocalizedText {
        let ok = sources.filter(\.ok).count
        return LocalizedText(en: "\(ok) of \(sources.count) read", nl: "\(ok) van de \(sources.count) gelezen")
    }
    public static let firstAudit = LocalizedText(en: "This is your first audit on this machine; the next one will show what changed.",
                                                 nl: "Dit is je eerste controle op deze machine; de volgende laat zien wat er veranderd is.")
    public static let system = LocalizedText(en: "System", nl: "Systeem")
    public static let notRoot = LocalizedText(
        en: "Run as a normal user: checks that need root to read a fact were skipped, not guessed.",
        nl: "Uitgevoerd als gewone gebruiker: controles die root nodig hebben zijn overgeslagen, niet gegokt.")
    public static let andMore = LocalizedText(en: "and %d more", nl: "en nog %d")

    /// A subject field's label in the report's language: the Dutch a family registered for it, or the key.
    public static func fieldLabel(_ key: String, _ language: Language) -> String {
        language == .nl ? FieldLabels.dutch(key) ?? key : key
    }

    public static func status(_ status: CheckStatus) -> LocalizedText {
        switch status {
        case .passed: LocalizedText(en: "passed", nl: "in orde")
        case .failed: LocalizedText(en: "failed", nl: "niet in orde")
        case .skipped: LocalizedText(en: "skipped", nl: "overgeslagen")
        case .error: LocalizedText(en: "error", nl: "fout")
        }
    }

    public static func summary(_ report: AuditReport) -> LocalizedText {
        let (p, f, s, e) = (report.count(.passed), report.count(.failed), report.count(.skipped), report.count(.error))
        return LocalizedText(en: "\(p) passed, \(f) with findings, \(s) skipped, \(e) could not run",
                             nl: "\(p) in orde, \(f) met bevindingen, \(s) overgeslagen, \(e) konden niet draaien")
    }

    public static func points(_ score: Score, checks: Int) -> LocalizedText {
        LocalizedText(en: "\(score.earned) of \(score.possible) points over \(checks) \(checks == 1 ? "check" : "checks") that ran",
                      nl: "\(score.earned) van \(score.possible) punten over \(checks) uitgevoerde \(checks == 1 ? "controle" : "controles")")
    }

    public static func trend(_ trend: Trend, report: AuditReport) -> LocalizedText {
        let days = trend.daysSince(report.generatedAt)
        let newCount = report.findings.filter(report.isNew).count
        let fixedCount = trend.fixed.reduce(0) { $0 + $1.count }
        var change = LocalizedText(en: "", nl: "")
        if let before = trend.previousScore, let now = report.score.value {
            let delta = now - before
            // "score 0" would read as a score of 0: an unchanged score says so.
            change = delta == 0
                ? LocalizedText(en: ", score unchanged (\(now))", nl: ", score onveranderd (\(now))")
                : LocalizedText(en: ", score \(delta > 0 ? "+" : "")\(delta) (was \(before))", nl: ", score \(delta > 0 ? "+" : "")\(delta) (was \(before))")
        }
        let ago = days == 0 ? LocalizedText(en: "today", nl: "vandaag")
            : days == 1 ? LocalizedText(en: "1 day ago", nl: "1 dag geleden")
            : LocalizedText(en: "\(days) days ago", nl: "\(days) dagen geleden")
        return LocalizedText(en: "Last audit \(ago.en)\(change.en): \(newCount) new, \(fixedCount) fixed.",
                             nl: "Vorige controle \(ago.nl)\(change.nl): \(newCount) nieuw, \(fixedCount) opgelost.")
    }

    public static func fixed(_ item: Trend.FixedFinding) -> LocalizedText {
        LocalizedText(en: "fixed: \(item.title.en) (\(item.count))", nl: "opgelost: \(item.title.nl) (\(item.count))")
    }

    public static func andMore(_ count: Int, _ language: Language) -> String {
        String(format: andMore(language), count)
    }
}
