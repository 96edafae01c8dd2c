import AuditCore
import Foundation

/// Which account each browser profile is signed in to, and whether it syncs there: a browser signed
/// in to someone else's account sends them this computer's history, passwords and open tabs.
struct BrowserAccountsKind: CheckKind {
    static let description = KindDescription(
        identifier: "browser-accounts",
        family: "access",
        summary: "Lists the accounts browser profiles are signed in to (Firefox signedInUser.json and prefs.js; Chromium Preferences and Local State; Brave Sync), high when syncing, unless listed in known-accounts.",
        parameters: [ParameterSpec("browsers", required: true, "a data file of browser rows (browsers.yaml) or a list of {name, engine, roots, policies, enrollment, system-extensions}")],
        examples: [
            KindExample("no browser profiles", parameters: Self.example, expect: .passed),
            KindExample("a Firefox profile signed in to an account that syncs, and a Chromium profile signed in", parameters: Self.example, files: [
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nIsRelative=1\nPath=abcd.default\n",
                "~/.mozilla/firefox/abcd.default/prefs.js": "user_pref(\"services.sync.username\", \"ex@example.com\");\nuser_pref(\"services.sync.clients.devices.mobile\", 1);\n",
                "~/.mozilla/firefox/abcd.default/signedInUser.json": #"{"version":1,"accountData":{"email":"ex@example.com","sessionToken":"PLANTED-SECRET","verified":true}}"#,
                "~/.config/chromium/Local State": #"{"profile":{"info_cache":{"Default":{"name":"Work","user_name":"other@example.org"}}}}"#,
                "~/.config/chromium/Default/Preferences": #"{"account_info":[{"account_id":"1","email":"other@example.org","gaia":"1"}],"google":{"services":{"account_id":"1","consented_to_sync":false}}}"#,
            ], expect: .failed, findings: 2),
            KindExample("a broken Preferences file is said, not passed", parameters: Self.example, files: [
                "~/.config/chromium/Default/Preferences": "{\"account_info\": [",
            ], expect: .error),
            KindExample("profiles that are not signed in", parameters: Self.example, files: [
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nIsRelative=1\nPath=abcd.default\n",
                "~/.mozilla/firefox/abcd.default/prefs.js": "user_pref(\"browser.startup.page\", 3);\n",
                "~/.config/chromium/Default/Preferences": #"{"google":{"services":{"consented_to_sync":false}}}"#,
            ], expect: .passed),
        ])

    static let example = """
        browsers:
          - {name: Firefox, engine: firefox, roots: ["~/.mozilla/firefox"]}
          - {name: Chromium, engine: chromium, roots: ["~/.config/chromium"]}
        """

    let browsers: [BrowserRow]

    init(parameters: Parameters) throws {
        browsers = try BrowserRow.read(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList.accounts(context.inputs)
        var gathering = Gathering()
        let profiles = BrowserProfiles.find(browsers, homes: homes, host: host, into: &gathering)
        for profile in profiles {
            gathering.looked += 1
            let accounts = switch profile.engine {
            case .firefox: firefox(profile, host: host, into: &gathering)
            case .chromium: chromium(profile, host: host, into: &gathering)
            }
            for account in accounts {
                if let email = account.email, known.contains(email) { gathering.known += 1; continue }
                gathering.drafts.append(account.draft(profile, host: host))
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "\(profiles.count) browser profiles read; none is signed in to an account you have not marked as yours",
            nl: "\(profiles.count) browserprofielen gelezen; geen is aangemeld bij een account dat je niet als het jouwe hebt aangemerkt"))
    }

    struct SignedIn {
        enum State { case syncing, signedIn, webOnly, chain, before }
        var email: String?
        var state: State
        var source: String
        var devices: String?

        func draft(_ profile: BrowserProfile, host: Machine) -> FindingDraft {
            let label = profile.label(host)
            let who = email ?? "an account"
            let whoNL = email ?? "een account"
            var fields: [Subject.Field] = [.init("profile", label), .init("file", host.display(source))]
            if let email { fields.append(.init("account", email)) }
            if let devices { fields.append(.init("other devices", devices)) }
            let (detail, severity): (LocalizedText, Severity) = switch state {
            case .syncing:
                (LocalizedText(en: "\(label.en) is signed in to \(who) and syncs to it: history, passwords and open tabs reach every device on that account.",
                               nl: "\(label.nl) is aangemeld bij \(whoNL) en synchroniseert daarmee: geschiedenis, wachtwoorden en open tabbladen komen op elk apparaat van dat account."), .high)
            case .signedIn:
                (LocalizedText(en: "\(label.en) is signed in to \(who). Bookmarks and passwords saved now may be stored in that account.",
                               nl: "\(label.nl) is aangemeld bij \(whoNL). Bladwijzers en wachtwoorden die je nu bewaart, kunnen in dat account terechtkomen."), .medium)
            case .webOnly:
                (LocalizedText(en: "\(label.en) holds a sign-in of \(who) (signed in on a web page, not in the browser).",
                               nl: "\(label.nl) bewaart een aanmelding van \(whoNL) (op een webpagina, niet in de browser)."), .medium)
            case .chain:
                (LocalizedText(en: "\(label.en) is part of a Brave Sync chain: every device in the chain gets this browser's data.",
                               nl: "\(label.nl) hoort bij een Brave Sync-keten: elk apparaat in die keten krijgt de gegevens van deze browser."), .medium)
            case .before:
                (LocalizedText(en: "\(label.en) was signed in to \(who) before. It is signed out now; check that account's device list.",
                               nl: "\(label.nl) was eerder aangemeld bij \(whoNL). Nu is het afgemeld; kijk in de apparatenlijst van dat account."), .info)
            }
            return FindingDraft(key: "\(profile.path)#\(email ?? "chain")#\(state)", detail: detail,
                                subjects: [Subject(email ?? label.en, fields)], severity: severity)
        }
    }

    /// `signedInUser.json` says signed in; `services.sync.username` in `prefs.js` says Sync is on.
    func firefox(_ profile: BrowserProfile, host: Machine, into gathering: inout Gathering) -> [SignedIn] {
        let signed = host.jsonObject(profile.file("signedInUser.json"), into: &gathering)
        let prefs = host.text(profile.file("prefs.js"), into: &gathering).map(MozillaPrefs.init)
        let email = jsonString(signed, "accountData.email")
        let syncUser = prefs?.value("services.sync.username").flatMap { $0.isEmpty ? nil : $0 }
        let desktops = prefs?.value("services.sync.clients.devices.desktop").flatMap(Int.init) ?? 0
        let phones = prefs?.value("services.sync.clients.devices.mobile").flatMap(Int.init) ?? 0
        let devices = desktops + phones > 0 ? "\(desktops) desktop, \(phones) mobile" : nil
        if let syncUser {
            return [SignedIn(email: email ?? syncUser, state: .syncing, source: profile.file("prefs.js"), devices: devices)]
        }
        if let email {
            return [SignedIn(email: email, state: .signedIn, source: profile.file("signedInUser.json"), devices: devices)]
        }
        return []
    }

    /// The browser's account is `google.services.account_id` (its e-mail from `account_info` or
    /// `Local State`); other `account_info` entries are web sign-ins; Brave's sync seed is a chain.
    func chromium(_ profile: BrowserProfile, host: Machine, into gathering: inout Gathering) -> [SignedIn] {
        let file = profile.file("Preferences")
        guard let prefs = host.jsonObject(file, into: &gathering) else { return [] }
        let infos = (prefs["account_info"] as? [[String: Any]]) ?? []
        let primaryID = jsonString(prefs, "google.services.account_id")
        let primaryEmail = infos.first { info in
            guard let primaryID else { return false }
            return jsonString(info, "account_id") == primaryID || jsonString(info, "gaia") == primaryID
        }.flatMap { jsonString($0, "email") } ?? profile.localStateUser
        let syncing = jsonBool(prefs, "google.services.consented_to_sync") == true || profile.localStateSync == true
        var result: [SignedIn] = []
        if primaryID != nil || primaryEmail != nil {
            result.append(SignedIn(email: primaryEmail, state: syncing ? .syncing : .signedIn, source: file))
        }
        for info in infos {
            guard let email = jsonString(info, "email"), email.lowercased() != primaryEmail?.lowercased() else { continue }
            result.append(SignedIn(email: email, state: .webOnly, source: file))
        }
        if jsonString(prefs, "brave_sync_v2.seed") != nil {
            result.append(SignedIn(email: nil, state: .chain, source: file))
        }
        if result.isEmpty, let before = jsonString(prefs, "google.services.last_username") {
            result.append(SignedIn(email: before, state: .before, source: file))
        }
        return result
    }
}
