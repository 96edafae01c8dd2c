import AuditCore
import Foundation

/// Passwords not changed since a date (a breakup: `--since`) or older than a maximum age, where the
/// export carries dates. The report says how exact each date is.
struct StaleKind: CheckKind {
    static let description = KindDescription(
        identifier: "password-age",
        family: "vault",
        summary: "Lists passwords set before the `since` input, and passwords older than max-age-days.",
        parameters: [ParameterSpec("max-age-days", "the oldest a password may be; the `max-password-age` input overrides it; default 730")],
        examples: examples)

    let maxAgeDays: Int

    init(parameters: Parameters) throws {
        maxAgeDays = try parameters.int("max-age-days", default: 730, in: 1...36_500)
    }

    /// `YYYY-MM-DD` in UTC, computed rather than formatted: thousands of entries.
    static func day(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    func subject(_ login: Credential, _ date: PasswordDate, _ copies: AccountCopies) -> Subject {
        var subject = login.subject(among: copies)
        let how: String = switch date.precision {
        case .exact: "password set"
        case .entryModified: "entry last changed"
        case .created: "entry made"
        }
        subject.fields.append(.init(how, Self.day(date.date)))
        return subject
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let vault = try context.vault()
        // Copies of an account with the same password count once; with different passwords, each.
        let (logins, copies) = vault.judgedLogins
        let dated = logins.filter { $0.passwordDate != nil }
        guard !dated.isEmpty else {
            let formats = Set(vault.files.map(\.format)).sorted().joined(separator: ", ")
            return .skipped(reason: LocalizedText(en: "the export (\(formats)) records no dates, so the age of passwords cannot be told",
                                                  nl: "de export (\(formats)) bevat geen datums, dus de leeftijd van wachtwoorden is niet te bepalen"))
        }
        let now = context.host.now
        let since = context.inputs["since"].first.flatMap(Configuration.day)
        let maxAge = context.inputs["max-password-age"].first.flatMap(Interval.init).map(\.days) ?? maxAgeDays
        var unchanged: [Subject] = [], uncertain = 0, old: [Subject] = []
        for login in dated {
            let date = login.passwordDate!
            if let since {
                switch date.precision {
                case .exact, .entryModified:
                    if date.date < since { unchanged.append(subject(login, date, copies)) } else if date.precision == .entryModified { uncertain += 1 }
                case .created:
                    if date.date < since { uncertain += 1 }
                }
            }
            let days = Int(now.timeIntervalSince(date.date) / 86_400)
            if date.precision != .created, days > maxAge, !(since.map { date.date < $0 } ?? false) {
                old.append(subject(login, date, copies))
            }
        }
        var drafts: [FindingDraft] = []
        if let since, !unchanged.isEmpty {
            let day = Self.day(since)
            drafts.append(FindingDraft(
                key: "since",
                title: LocalizedText.count(unchanged.count, en: ("password", "passwords"), nl: ("wachtwoord", "wachtwoorden"))
                    + LocalizedText(en: " not changed since \(day)", nl: " sinds \(day) niet veranderd"),
                detail: LocalizedText(
                    en: "These passwords were set before \(day). Anyone who knew or saw them then can still use them."
                        + (uncertain > 0 ? " For \(uncertain) more the export cannot tell." : ""),
                    nl: "Deze wachtwoorden zijn van vóór \(day). Wie ze toen kende of zag, kan ze nog steeds gebruiken."
                        + (uncertain > 0 ? " Van nog \(uncertain) is dat uit de export niet op te maken." : "")),
                subjects: unchanged))
        }
        if !old.isEmpty {
            drafts.append(FindingDraft(
                key: "age",
                title: LocalizedText.count(old.count, en: ("password", "passwords"), nl: ("wachtwoord", "wachtwoorden"))
                    + LocalizedText(en: " older than \(maxAge) days", nl: " ouder dan \(maxAge) dagen"),
                detail: LocalizedText(en: "Old passwords have had more time to leak or be seen. Change the important ones.",
                                      nl: "Oude wachtwoorden hebben langer kunnen uitlekken of meegekeken kunnen worden. Verander de belangrijke."),
                subjects: old, severity: .medium))
        }
        let without = logins.count - dated.count
        if drafts.isEmpty {
            return .passed(evidence: LocalizedText(
                en: "\(dated.count) dated passwords are recent enough" + (without > 0 ? "; \(without) have no date" : ""),
                nl: "\(dated.count) gedateerde wachtwoorden zijn recent genoeg" + (without > 0 ? "; \(without) hebben geen datum" : "")))
        }
        return .failed(drafts)
    }
}
