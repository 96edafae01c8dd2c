import AuditCore
import Foundation

/// Accounts saved more than once with different passwords, as happens after importing a browser's
/// passwords into a password manager. One of the passwords is out of date; an old one left in the
/// vault may be one an ex-partner knows, and whoever uses the vault may type the wrong one.
struct DuplicatesKind: CheckKind {
    static let description = KindDescription(
        identifier: "duplicate-entries",
        family: "vault",
        summary: "One finding per account (site and username) saved with two or more different passwords, saying which copy is newer where the export has dates.",
        parameters: [],
        examples: examples)

    init(parameters: Parameters) throws {}

    /// The copies of one account that share a password, and what the export says of its age.
    struct Version {
        var copies: [Credential]
        var date: PasswordDate?
        /// Another copy lists this password in its history: it was replaced there.
        var replacedIn: Credential?
    }

    static func versions(of copies: [Credential]) -> [Version] {
        var versions: [Version] = []
        for copy in copies {
            if let at = versions.firstIndex(where: { $0.copies[0].password == copy.password }) {
                versions[at].copies.append(copy)
                if let date = copy.passwordDate, date.date > (versions[at].date?.date ?? .distantPast) { versions[at].date = date }
            } else {
                versions.append(Version(copies: [copy], date: copy.passwordDate))
            }
        }
        for index in versions.indices {
            let password = versions[index].copies[0].password
            versions[index].replacedIn = copies.first { other in
                other.password != password && other.history.contains { $0.password == password }
            }
        }
        return versions
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let logins = try context.vault().logins
        var byAccount: [String: [Credential]] = [:]
        var order: [String] = []
        for login in logins {
            if byAccount[login.accountKey] == nil { order.append(login.accountKey) }
            byAccount[login.accountKey, default: []].append(login)
        }
        var drafts: [FindingDraft] = []
        for account in order {
            let copies = byAccount[account]!
            let versions = Self.versions(of: copies)
            guard versions.count > 1 else { continue }
            drafts.append(draft(account: account, copies: copies, versions: versions))
        }
        if drafts.isEmpty {
            return .passed(evidence: LocalizedText(en: "no account of \(byAccount.count) is saved twice with different passwords",
                                                   nl: "geen account van de \(byAccount.count) is twee keer bewaard met verschillende wachtwoorden"))
        }
        return .failed(drafts)
    }

    func draft(account: String, copies: [Credential], versions: [Version]) -> FindingDraft {
        let first = copies[0]
        let name = first.title.isEmpty ? first.site : first.title
        let who = first.username.isEmpty ? name : "\(name) (\(first.username))"
        // The newest version: one whose password the others replaced, else the latest date when all are dated.
        let notReplaced = versions.indices.filter { versions[$0].replacedIn == nil }
        var newest: Int?
        var how = LocalizedText(en: "", nl: "")
        if notReplaced.count == 1, notReplaced.count < versions.count {
            newest = notReplaced[0]
            how = LocalizedText(en: "The older passwords are in the password history of \(versions[notReplaced[0]].copies[0].location), so that copy is the current one.",
                                nl: "De oudere wachtwoorden staan in de wachtwoordgeschiedenis van \(versions[notReplaced[0]].copies[0].location), dus die kopie is de actuele.")
        } else if versions.allSatisfy({ $0.date != nil }) {
            let sorted = versions.indices.sorted { versions[$0].date!.date > versions[$1].date!.date }
            if versions[sorted[0]].date!.date > versions[sorted[1]].date!.date {
                newest = sorted[0]
                let date = versions[sorted[0]].date!
                let day = StaleKind.day(date.date)
                how = date.precision == .exact
                    ? LocalizedText(en: "The password of \(versions[sorted[0]].copies[0].location) was set last (\(day)).",
                                    nl: "Het wachtwoord van \(versions[sorted[0]].copies[0].location) is het laatst ingesteld (\(day)).")
                    : LocalizedText(en: "The copy \(versions[sorted[0]].copies[0].location) was changed last (\(day)); the export does not say whether that change was its password.",
                                    nl: "De kopie \(versions[sorted[0]].copies[0].location) is het laatst gewijzigd (\(day)); de export zegt niet of die wijziging het wachtwoord was.")
            }
        }
        if newest == nil {
            how = LocalizedText(en: "The export does not tell which password is newer.",
                                nl: "Uit de export is niet op te maken welk wachtwoord nieuwer is.")
        }
        var subjects: [Subject] = []
        for (index, version) in versions.enumerated() {
            for copy in version.copies {
                var subject = copy.subject
                subject.fields.append(.init("entry", copy.location))
                subject.fields.append(.init("password", LocalizedText(en: "\(index + 1) of \(versions.count)", nl: "\(index + 1) van \(versions.count)")))
                if let date = copy.passwordDate {
                    let label = switch date.precision {
                    case .exact: "password set"
                    case .entryModified: "entry last changed"
                    case .created: "entry made"
                    }
                    subject.fields.append(.init(label, StaleKind.day(date.date)))
                }
                if let replacedIn = version.replacedIn {
                    subject.fields.append(.init("status", LocalizedText(en: "old: replaced in \(replacedIn.location)",
                                                                        nl: "oud: vervangen in \(replacedIn.location)")))
                } else if let newest {
                    subject.fields.append(.init("status", newest == index ? LocalizedText(en: "newest", nl: "nieuwste")
                                                                          : LocalizedText(en: "older", nl: "ouder")))
                }
                subjects.append(subject)
            }
        }
        return FindingDraft(
            key: "copies:" + account,
            title: LocalizedText(en: "\(who) is saved \(copies.count) times with \(versions.count) different passwords",
                                 nl: "\(who) is \(copies.count) keer bewaard met \(versions.count) verschillende wachtwoorden"),
            detail: LocalizedText(
                en: "Only one of these passwords can be the current one. " + how.en
                    + " Find out which one works by signing in with it, then delete the other copies: an old password left in your vault is one an ex-partner may still know, and the next time you may sign in with the wrong one.",
                nl: "Maar één van deze wachtwoorden kan het actuele zijn. " + how.nl
                    + " Zoek uit welk werkt door ermee in te loggen, en verwijder dan de andere kopieën: een oud wachtwoord dat in je kluis blijft staan, kan een ex-partner nog kennen, en een volgende keer log je misschien met het verkeerde in."),
            subjects: subjects)
    }
}
