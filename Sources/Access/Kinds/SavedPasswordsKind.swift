import AuditCore
import Foundation
import GRDB

/// How many passwords each browser profile keeps, and whether they are readable by anyone who copies
/// the profile (Chromium's `v10` blobs are encrypted with a key built into Chromium). Only counts and
/// the first three bytes of each blob are read, inside SQLite: no password ever reaches this program.
struct SavedPasswordsKind: CheckKind {
    static let description = KindDescription(
        identifier: "saved-passwords",
        family: "access",
        summary: "Counts saved passwords per browser profile (Firefox logins.json/logins.db, Chromium Login Data), info, and medium where Chromium stores them with its built-in key (v10).",
        parameters: [ParameterSpec("browsers", required: true, "a data file of browser rows (browsers.yaml) or a list of rows")],
        examples: [
            KindExample("a Firefox profile with two saved passwords (the account's own entry not counted)", parameters: Self.example, files: [
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nIsRelative=1\nPath=p.default\n",
                "~/.mozilla/firefox/p.default/logins.json": #"{"nextId":4,"logins":[{"id":1,"guid":"{a}","hostname":"https://mail.example.org","encryptedUsername":"MEME","encryptedPassword":"PLANTED-SECRET"},{"id":2,"guid":"{b}","hostname":"https://bank.example.com","encryptedPassword":"MEME"},{"id":3,"guid":"{c}","hostname":"chrome://FirefoxAccounts","httpRealm":"Firefox Accounts credentials"}]}"#,
            ], expect: .failed, findings: 1),
            KindExample("no saved passwords", parameters: Self.example, files: [
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nIsRelative=1\nPath=p.default\n",
                "~/.mozilla/firefox/p.default/logins.json": #"{"nextId":1,"logins":[]}"#,
            ], expect: .passed),
        ])

    static let example = """
        browsers: [{name: Firefox, engine: firefox, roots: ["~/.mozilla/firefox"]}, {name: Chromium, engine: chromium, roots: ["~/.config/chromium"]}]
        """

    let browsers: [BrowserRow]

    init(parameters: Parameters) throws {
        browsers = try BrowserRow.read(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        var gathering = Gathering()
        let profiles = BrowserProfiles.find(browsers, homes: homes, host: host, into: &gathering)
        var total = 0
        for profile in profiles {
            let label = profile.label(host)
            switch profile.engine {
            case .firefox:
                var guids = Set<String>()
                var count = 0
                let json = profile.file("logins.json")
                if let object = host.jsonObject(json, into: &gathering) {
                    for login in object["logins"] as? [[String: Any]] ?? [] where jsonString(login, "hostname") != "chrome://FirefoxAccounts" {
                        count += 1
                        if let guid = jsonString(login, "guid") { guids.insert(guid) }
                    }
                }
                if let rows = SQLiteFile.rows(profile.file("logins.db"), "SELECT guid FROM loginsL WHERE origin IS NOT 'chrome://FirefoxAccounts'",
                                              host: host, into: &gathering) {
                    for row in rows { if let guid: String = row["guid"], guids.insert(guid).inserted { count += 1 } }
                }
                total += count
                if count > 0 {
                    gathering.drafts.append(FindingDraft(
                        key: "\(profile.path)#count",
                        detail: LocalizedText(en: "\(label.en) keeps \(count) saved passwords. Anyone who uses this computer while you are logged in can show them, unless a Primary Password is set (Settings → Privacy & Security).",
                                              nl: "\(label.nl) bewaart \(count) wachtwoorden. Iedereen die deze computer gebruikt terwijl je ingelogd bent, kan ze tonen, tenzij er een hoofdwachtwoord is ingesteld (Instellingen → Privacy & Beveiliging)."),
                        subjects: [Subject(label.en, [.init("profile", label), .init("file", host.display(json))])], severity: .info))
                }
            case .chromium:
                for name in ["Login Data", "Login Data For Account"] {
                    let file = profile.file(name)
                    guard let rows = SQLiteFile.rows(file, """
                        SELECT count(*) AS saved, sum(CASE WHEN substr(password_value, 1, 3) = X'763130' THEN 1 ELSE 0 END) AS builtin
                        FROM logins WHERE blacklisted_by_user = 0
                        """, host: host, into: &gathering), let row = rows.first else { continue }
                    let saved: Int = row["saved"] ?? 0
                    let builtin: Int = row["builtin"] ?? 0
                    total += saved
                    guard saved > 0 else { continue }
                    gathering.drafts.append(FindingDraft(
                        key: "\(file)#count",
                        detail: builtin > 0
                            ? LocalizedText(en: "\(label.en) keeps \(saved) saved passwords; \(builtin) are encrypted with a key built into the browser, so anyone who copies this profile can read them.",
                                            nl: "\(label.nl) bewaart \(saved) wachtwoorden; \(builtin) zijn versleuteld met een sleutel die in de browser zit, dus iedereen die dit profiel kopieert kan ze lezen.")
                            : LocalizedText(en: "\(label.en) keeps \(saved) saved passwords, protected by your desktop's keyring.",
                                            nl: "\(label.nl) bewaart \(saved) wachtwoorden, beschermd door de sleutelbos van je bureaublad."),
                        subjects: [Subject(label.en, [.init("profile", label), .init("file", host.display(file))])],
                        severity: builtin > 0 ? nil : .info))
                }
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "no saved passwords in \(profiles.count) browser profiles", nl: "geen bewaarde wachtwoorden in \(profiles.count) browserprofielen"))
    }
}
