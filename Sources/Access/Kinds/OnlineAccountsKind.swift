import AuditCore
import Foundation
import GRDB

/// Accounts added to the desktop: GNOME Online Accounts (`goa-1.0/accounts.conf`, compared by
/// `PresentationIdentity`) and KDE's accounts (`libaccounts-glib/accounts.db`, opened immutable).
/// An account that is not the person's gives its owner's services (mail, calendar, files) on this
/// desktop, and this desktop's data to that account.
struct OnlineAccountsKind: CheckKind {
    static let description = KindDescription(
        identifier: "online-accounts",
        family: "access",
        summary: "Lists GNOME Online Accounts and KDE accounts whose identity is not in known-accounts, with the services switched on.",
        parameters: [
            ParameterSpec("goa", "GNOME Online Accounts files (default ~/.config/goa-1.0/accounts.conf)"),
            ParameterSpec("kde", "KDE accounts databases (default ~/.config/libaccounts-glib/accounts.db)"),
        ],
        examples: [
            KindExample("someone else's Google account with mail and files on", parameters: "{}", files: [
                "~/.config/goa-1.0/accounts.conf": """
                    [Account account_1796671763_1]
                    Provider=google
                    Identity=123456789
                    PresentationIdentity=someone@gmail.com
                    MailEnabled=true
                    CalendarEnabled=true
                    ContactsEnabled=false
                    FilesEnabled=true
                    """,
            ], expect: .failed, findings: 1),
            KindExample("no online accounts", parameters: "{}", files: ["~/.config/goa-1.0/accounts.conf": "\n"], expect: .passed),
        ])

    let goa: [String]
    let kde: [String]

    init(parameters: Parameters) throws {
        goa = try parameters.strings("goa", default: ["~/.config/goa-1.0/accounts.conf"])
        kde = try parameters.strings("kde", default: ["~/.config/libaccounts-glib/accounts.db"])
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList.accounts(context.inputs)
        var gathering = Gathering()
        for home in homes.homes {
            for pattern in goa {
                let file = AuditedHomes.expand(pattern, in: home)
                guard let text = host.text(file, into: &gathering) else { continue }
                for group in KeyFile(text).groups where group.name.hasPrefix("Account ") {
                    gathering.looked += 1
                    let identity = group.value("PresentationIdentity") ?? group.value("Identity") ?? group.name
                    if known.containsAny([identity, group.value("EmailAddress") ?? "", group.value("Identity") ?? ""]) { gathering.known += 1; continue }
                    let provider = group.value("Provider") ?? "?"
                    let services = group.entries.filter { $0.key.hasSuffix("Enabled") && $0.key != "Enabled" && KeyFile.isTrue($0.value) }
                        .map { String($0.key.dropLast("Enabled".count)) }
                    let on = services.isEmpty ? "-" : services.joined(separator: ", ")
                    gathering.drafts.append(FindingDraft(
                        key: "goa#\(file)#\(identity)",
                        detail: LocalizedText(en: "GNOME Online Accounts holds the \(provider) account \(identity) (on: \(on)).",
                                              nl: "GNOME Online Accounts bevat het \(provider)-account \(identity) (aan: \(on))."),
                        subjects: [Subject(identity, [.init("account", identity), .init("services", on),
                                                      .init("file", "\(host.display(file)):\(group.line)")])]))
                }
            }
            for pattern in kde {
                let file = AuditedHomes.expand(pattern, in: home)
                guard let rows = SQLiteFile.rows(file, "SELECT name, provider, enabled FROM Accounts", host: host, into: &gathering) else { continue }
                for row in rows {
                    gathering.looked += 1
                    let name: String = row["name"] ?? "?"
                    if known.contains(name) { gathering.known += 1; continue }
                    let provider: String = row["provider"] ?? "?"
                    gathering.drafts.append(FindingDraft(
                        key: "kde#\(file)#\(name)",
                        detail: LocalizedText(en: "KDE's online accounts hold the \(provider) account \(name).",
                                              nl: "De online accounts van KDE bevatten het \(provider)-account \(name)."),
                        subjects: [Subject(name, [.init("account", name), .init("file", host.display(file))])]))
                }
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "\(gathering.looked) desktop online accounts; none you have not marked as yours",
            nl: "\(gathering.looked) online accounts op het bureaublad; geen die je niet als het jouwe hebt aangemerkt"))
    }
}
