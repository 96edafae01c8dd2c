import AuditCore
import Foundation

/// Logins whose site offers two-step sign-in, by the two-factor directory shipped with the checks.
/// A one-time-code secret saved with the login shows it is on; otherwise the export cannot tell, so
/// the account is listed to review — never reported as off. Key accounts come first.
struct TwoFactorKind: CheckKind {
    static let description = KindDescription(
        identifier: "two-factor",
        family: "vault",
        summary: "Lists, key accounts first, the logins whose site offers two-step sign-in and the methods it offers; a one-time-code secret in the export, or the site in the two-factor-on input, counts as on.",
        parameters: [
            ParameterSpec("sites", required: true, "the two-factor directory's JSON data file, relative to the check file"),
            ParameterSpec("aliases", "mapping of a registrable domain to the directory's key for it (google.com: mail.google.com)"),
            ParameterSpec("key-accounts", "list of {name, domains}: accounts listed first and in a finding of their own"),
        ],
        examples: examples)

    /// The input listing sites where the user has switched two-step sign-in on (config `two-factor-on`).
    static let confirmedInput = "two-factor-on"

    /// The directory's data file; it is read when the check first runs (or is validated), not at every
    /// load of the checks: 600 KB of JSON that an audit without a vault does not need.
    let sites: CheckDataFile
    let aliases: [String: String]
    let keyAccounts: KeyAccounts

    init(parameters: Parameters) throws {
        sites = try parameters.dataFile("sites")
        aliases = try parameters.stringMapping("aliases")
        keyAccounts = try KeyAccounts(parameters)
    }

    /// The directory, read once per process; a broken file is an error naming its line.
    func directory() throws -> TwoFactorDirectory {
        try TwoFactorDirectoryCache.shared.directory(sites, aliases: aliases)
    }

    func validateData() throws { _ = try directory() }

    /// The directory is read while the export is still being read.
    func warmUp(host: Machine) { _ = try? directory() }

    static func label(_ method: String, _ site: TwoFactorSite) -> LocalizedText {
        switch method {
        case "totp": LocalizedText(en: "authenticator app", nl: "authenticator-app")
        case "u2f": LocalizedText(en: "security key", nl: "beveiligingssleutel")
        case "sms": LocalizedText(en: "SMS", nl: "sms")
        case "call": LocalizedText(en: "phone call", nl: "telefoongesprek")
        case "email": LocalizedText(en: "code by e-mail", nl: "code per e-mail")
        case "custom-software":
            site.customSoftware.isEmpty ? LocalizedText(en: "the site's own app", nl: "eigen app van de site")
                : LocalizedText(en: "own app (\(site.customSoftware.joined(separator: ", ")))", nl: "eigen app (\(site.customSoftware.joined(separator: ", ")))")
        case "custom-hardware":
            site.customHardware.isEmpty ? LocalizedText(en: "the site's own device", nl: "eigen apparaat van de site")
                : LocalizedText(en: "own device (\(site.customHardware.joined(separator: ", ")))", nl: "eigen apparaat (\(site.customHardware.joined(separator: ", ")))")
        default: LocalizedText(en: method, nl: method)
        }
    }

    /// The methods, strongest first: security key, app, the site's own app or device, then codes by
    /// e-mail, SMS and call.
    static let strength = ["u2f", "totp", "custom-hardware", "custom-software", "email", "sms", "call"]

    static func methods(_ site: TwoFactorSite) -> LocalizedText {
        let sorted = site.methods.sorted { (strength.firstIndex(of: $0) ?? 99) < (strength.firstIndex(of: $1) ?? 99) }
        let labels = sorted.map { label($0, site) }
        return LocalizedText(en: labels.map(\.en).joined(separator: ", "), nl: labels.map(\.nl).joined(separator: ", "))
    }

    static func advice(_ site: TwoFactorSite) -> LocalizedText {
        if site.offersAppOrKey {
            return LocalizedText(en: "use an authenticator app or a security key, not SMS", nl: "gebruik een authenticator-app of beveiligingssleutel, geen sms")
        }
        if site.offersOwnAppOrDevice {
            return LocalizedText(en: "use the site's own app or device rather than SMS", nl: "gebruik liever de eigen app of het eigen apparaat van de site dan sms")
        }
        if site.phoneOnly {
            return LocalizedText(en: "only by phone: switch it on, and make sure the number and SIM are yours alone",
                                 nl: "alleen via de telefoon: zet het aan, en zorg dat het nummer en de simkaart alleen van jou zijn")
        }
        return LocalizedText(en: "codes go to your e-mail: secure that mailbox first", nl: "codes gaan naar je e-mail: beveilig eerst die mailbox")
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let logins = try context.vault().logins
        let directory = try directory()
        let confirmed = Set(context.inputs[Self.confirmedInput].map { $0.lowercased() })
        // One entry per account; a one-time code saved with any copy counts.
        var accounts: [Credential] = []
        var index: [String: Int] = [:]
        for login in logins {
            if let at = index[login.accountKey] {
                if login.oneTimeCode { accounts[at].oneTimeCode = true }
            } else {
                index[login.accountKey] = accounts.count
                accounts.append(login)
            }
        }
        var on = 0, offersNone = 0, unknown = 0
        var toReview: [(login: Credential, site: TwoFactorSite, group: Int?)] = []
        for account in accounts {
            if account.oneTimeCode || (!confirmed.isEmpty && account.urls.compactMap(Site.host).contains { host in
                confirmed.contains(host) || Site.domain(host).map(confirmed.contains) == true
            }) {
                on += 1
                continue
            }
            guard let site = directory.site(for: account) else { unknown += 1; continue }
            guard site.offersTwoStep else { offersNone += 1; continue }
            toReview.append((account, site, keyAccounts.groupIndex(of: account)))
        }
        let evidence = LocalizedText(
            en: "\(on) of \(accounts.count) accounts have two-step sign-in on (a one-time code saved in the export, or listed under two-factor-on); \(offersNone) are on sites that offer none; \(unknown) are on sites the two-factor directory does not list",
            nl: "\(on) van de \(accounts.count) accounts hebben tweestapsverificatie aan (een eenmalige code bewaard in de export, of vermeld onder two-factor-on); \(offersNone) staan op sites die het niet aanbieden; \(unknown) op sites die de tweestapsgids niet kent")
        guard !toReview.isEmpty else { return .passed(evidence: evidence) }

        toReview.sort { a, b in
            if (a.group ?? Int.max) != (b.group ?? Int.max) { return (a.group ?? Int.max) < (b.group ?? Int.max) }
            return (a.login.title.lowercased(), a.login.site) < (b.login.title.lowercased(), b.login.site)
        }
        let key = toReview.filter { $0.group != nil }
        let other = toReview.filter { $0.group == nil }
        let how = LocalizedText(
            en: "The export cannot show whether two-step sign-in is on for these (only a one-time-code secret saved with a login shows it), so check each one in its security settings. Where you can choose, use an authenticator app or a security key: a code by SMS can be taken over with a SIM swap, and an ex-partner who had your phone may have added their own number or seen codes arrive.",
            nl: "Uit de export is niet op te maken of tweestapsverificatie hier aan staat (alleen een eenmalige-codegeheim bij een login laat dat zien), dus kijk het per account na in de beveiligingsinstellingen. Heb je de keus, gebruik dan een authenticator-app of een beveiligingssleutel: een sms-code is over te nemen met een simswap, en een ex-partner die je telefoon had, kan een eigen nummer hebben toegevoegd of codes hebben zien binnenkomen.")
        var drafts: [FindingDraft] = []
        if !key.isEmpty {
            drafts.append(FindingDraft(
                key: "key:" + key.map(\.login.accountKey).sorted().joined(separator: "|"),
                title: LocalizedText.count(key.count, en: ("key account", "key accounts"), nl: ("sleutelaccount", "sleutelaccounts"))
                    + LocalizedText(en: " to check for two-step sign-in (e-mail, identity, bank, password manager)",
                                    nl: " om na te kijken op tweestapsverificatie (e-mail, identiteit, bank, wachtwoordbeheerder)"),
                detail: LocalizedText(en: "These accounts can reset or open the others. ", nl: "Met deze accounts zijn de andere te herstellen of te openen. ") + how,
                subjects: key.map(subject), severity: .medium))
        }
        if !other.isEmpty {
            drafts.append(FindingDraft(
                key: "other:" + other.map(\.login.accountKey).sorted().joined(separator: "|"),
                title: LocalizedText.count(other.count, en: ("more account", "more accounts"), nl: ("ander account", "andere accounts"))
                    + LocalizedText(en: " to check for two-step sign-in", nl: " om na te kijken op tweestapsverificatie"),
                detail: how, subjects: other.map(subject), severity: .low))
        }
        return .failed(drafts)
    }

    func subject(_ entry: (login: Credential, site: TwoFactorSite, group: Int?)) -> Subject {
        var subject = entry.login.subject
        subject.fields.append(.init("two-step methods", Self.methods(entry.site)))
        subject.fields.append(.init("advice", Self.advice(entry.site)))
        if let documentation = entry.site.documentation {
            subject.fields.append(.init("set up", LocalizedText(en: documentation, nl: Self.dutchPage(documentation))))
        }
        return subject
    }

    /// The Dutch version of a help page where the site serves one at a known address (sweep A-13):
    /// Microsoft's `/en-us/` pages have `/nl-nl/` twins, Google's help takes `hl=nl`. Other links stay as
    /// the directory gives them.
    static func dutchPage(_ url: String) -> String {
        guard var parts = URLComponents(string: url), let host = parts.host?.lowercased() else { return url }
        if host.hasSuffix("microsoft.com"), let range = parts.path.range(of: "/en-us/", options: .caseInsensitive) {
            parts.path.replaceSubrange(range, with: "/nl-nl/")
        } else if host == "support.google.com" {
            var items = (parts.queryItems ?? []).filter { $0.name != "hl" }
            items.append(URLQueryItem(name: "hl", value: "nl"))
            parts.queryItems = items
        } else {
            return url
        }
        return parts.string ?? url
    }
}
