import AuditCore

/// The vault kinds' examples: small password-manager exports, read by the vault family's own `prepare`
/// as `--vault` reads them. Chrome's CSV has no dates; Firefox's carries when each password was set.
enum VaultKindExamples {
    /// A Chrome CSV export of logins written as `name,url,username,password`.
    static func chrome(_ rows: String...) -> [String: String] {
        ["~/export.csv": "name,url,username,password\n" + rows.joined(separator: "\n") + "\n"]
    }

    /// A Firefox CSV export of `url,username,password,day-the-password-was-set` (milliseconds since 1970 in the file).
    static func firefox(_ rows: (url: String, username: String, password: String, set: Int)...) -> [String: String] {
        let header = "\"url\",\"username\",\"password\",\"httpRealm\",\"formActionOrigin\",\"guid\",\"timeCreated\",\"timeLastUsed\",\"timePasswordChanged\""
        let lines = rows.enumerated().map { index, row in
            let milliseconds = "\(row.set)000"
            return "\(row.url),\(row.username),\(row.password),,,{\(index)},\(milliseconds),\(milliseconds),\(milliseconds)"
        }
        return ["~/export.csv": ([header] + lines).joined(separator: "\n") + "\n"]
    }

    static let given = ["vault": ["~/export.csv"]]

    /// Seconds since 1970 of a few days the examples use.
    static let june2025 = 1_748_736_000, march2026 = 1_772_323_200, april2015 = 1_427_846_400

    static let keyAccounts = """
        key-accounts:
          - {name: e-mail, domains: [google.com, gmail.com, outlook.com]}
          - {name: bank, domains: [ing.nl, rabobank.nl]}
        """
    static let localHosts = "local-hosts: [fritz.box, routerlogin.net]"
}

extension ReuseKind {
    static let examples: [KindExample] = [
        KindExample("each account its own password", parameters: VaultKindExamples.keyAccounts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne@gmail.com,Xr5$wN8&qJ3*tB6y",
                                                    "Shop,https://www.bol.com,sanne@gmail.com,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given, expect: .passed),
        KindExample("the same password on the mailbox and a shop, and on two forums", parameters: VaultKindExamples.keyAccounts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne@gmail.com,Tulp-Fiets-88",
                                                    "Shop,https://www.bol.com,sanne@gmail.com,Tulp-Fiets-88",
                                                    "Forum,https://forum.example.nl,sanne,Gedeeld-123",
                                                    "Club,https://club.example.be,sanne,Gedeeld-123",
                                                    "Bank,https://mijn.ing.nl,sanne,Eigen-Bank-Wachtwoord-7"),
                    given: VaultKindExamples.given, expect: .failed, findings: 2),
    ]
}

extension SimilarKind {
    static let exampleParameters = "min-core: 4\nmin-shared-end: 8\nmin-abbreviation: 2"
    static let examples: [KindExample] = [
        KindExample("passwords with nothing in common", parameters: exampleParameters,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Shop,https://www.bol.com,sanne,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given, expect: .passed),
        KindExample("the same word with next year's number", parameters: exampleParameters,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Zomer2023!",
                                                    "Shop,https://www.bol.com,sanne,Zomer2024!",
                                                    "Bank,https://mijn.ing.nl,sanne,Xr5$wN8&qJ3*tB6y"),
                    given: VaultKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension StaleKind {
    static let examples: [KindExample] = [
        // No year-dependent outcome: the maximum age is a century, so only the breakup date judges.
        KindExample("every password changed after the breakup", parameters: "max-age-days: 36500",
                    files: VaultKindExamples.firefox((url: "https://mail.google.com", username: "sanne", password: "Nieuw-1-Xr5wN8", set: VaultKindExamples.march2026)),
                    given: VaultKindExamples.given.merging(["since": ["2026-01-31"]]) { $1 }, expect: .passed),
        KindExample("an export without dates cannot tell", parameters: "max-age-days: 730",
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y"),
                    given: VaultKindExamples.given.merging(["since": ["2026-01-31"]]) { $1 }, expect: .skipped),
        KindExample("a password set before the breakup", parameters: "max-age-days: 36500",
                    files: VaultKindExamples.firefox((url: "https://mail.google.com", username: "sanne", password: "Oud-1-Xr5wN8", set: VaultKindExamples.june2025),
                                                     (url: "https://www.bol.com", username: "sanne", password: "Nieuw-2-k9Lp2", set: VaultKindExamples.march2026)),
                    given: VaultKindExamples.given.merging(["since": ["2026-01-31"]]) { $1 }, expect: .failed, findings: 1),
        KindExample("a password older than two years, no breakup date", parameters: "max-age-days: 730",
                    files: VaultKindExamples.firefox((url: "https://mail.google.com", username: "sanne", password: "Oud-1-Xr5wN8", set: VaultKindExamples.april2015)),
                    given: VaultKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension InsecureURLKind {
    static let examples: [KindExample] = [
        // The router's page without https is network-device-logins' to judge, not this kind's.
        KindExample("https on the internet, plain http only at home", parameters: VaultKindExamples.localHosts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Router,http://192.168.1.1,admin,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given, expect: .passed),
        KindExample("a forum's login page without https", parameters: VaultKindExamples.localHosts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Forum,http://forum.example.nl/login,sanne,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension NetworkDeviceLoginsKind {
    static let examples: [KindExample] = [
        KindExample("only sites on the internet", parameters: VaultKindExamples.localHosts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Forum,http://forum.example.nl/login,sanne,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given, expect: .passed),
        KindExample("the router by address and by the name it answers at home", parameters: VaultKindExamples.localHosts,
                    files: VaultKindExamples.chrome("Router,http://192.168.1.1,admin,Xr5$wN8&qJ3*tB6y",
                                                    "Fritz,https://fritz.box,admin,k9#Lp2@vQ7!mZ4^w",
                                                    "Mail,https://mail.google.com,sanne,Tulp-Fiets-88"),
                    given: VaultKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension DuplicatesKind {
    static let examples: [KindExample] = [
        // Two copies with one password are a copy, not a conflict.
        KindExample("an account saved twice with the same password", parameters: "{}",
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Gmail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y"),
                    given: VaultKindExamples.given, expect: .passed),
        KindExample("an account saved twice with two passwords", parameters: "{}",
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Oud-Wachtwoord-1",
                                                    "Gmail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Shop,https://www.bol.com,sanne,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension TwoFactorKind {
    static let exampleParameters = """
        sites: two-factor/sites.json
        aliases: {google.com: mail.google.com}
        \(VaultKindExamples.keyAccounts)
        """
    static let examples: [KindExample] = [
        KindExample("two-step sign-in confirmed on, or not offered", parameters: exampleParameters,
                    files: VaultKindExamples.chrome("Code,https://github.com/login,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Blog,https://blog.example.nl,sanne,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given.merging(["two-factor-on": ["github.com"]]) { $1 }, expect: .passed),
        KindExample("a mailbox and a code site that offer it", parameters: exampleParameters,
                    files: VaultKindExamples.chrome("Code,https://github.com/login,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Mail,https://accounts.google.com,sanne@gmail.com,k9#Lp2@vQ7!mZ4^w"),
                    given: VaultKindExamples.given, expect: .failed, findings: 2),
    ]
}

extension BreachedKind {
    /// A Pwned Passwords list in the downloader's format (SHA-1:COUNT, sorted): `Welkom2024!` and `password`.
    static let breachList = ["~/pwned.txt": "3AE44E8056B469EC6E46900DED5F4543406EAD9B:12\n5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:52256179\n"]
    static let examples: [KindExample] = [
        KindExample("no breach list given", parameters: VaultKindExamples.keyAccounts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Welkom2024!"),
                    given: VaultKindExamples.given, expect: .skipped),
        KindExample("no password in the list", parameters: VaultKindExamples.keyAccounts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y").merging(breachList) { $1 },
                    given: VaultKindExamples.given.merging(["breach-file": ["~/pwned.txt"]]) { $1 }, expect: .passed),
        KindExample("a leaked password on the mailbox", parameters: VaultKindExamples.keyAccounts,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Welkom2024!",
                                                    "Shop,https://www.bol.com,sanne,k9#Lp2@vQ7!mZ4^w").merging(breachList) { $1 },
                    given: VaultKindExamples.given.merging(["breach-file": ["~/pwned.txt"]]) { $1 }, expect: .failed, findings: 1),
    ]
}

extension WeakKind {
    /// Our own short lists, and a word list file on the machine as Debian installs one.
    static let exampleParameters = """
        max-score: 2
        word-lists:
          - {name: "Debian wdutch", path: /usr/share/dict/dutch, kind: dutch}
        words:
          passwords: [welkom, wachtwoord, qwerty]
          first-names: [sanne, daan]
        """
    static let wordList = ["/usr/share/dict/dutch": "fiets\nkabouter\nstroopwafel\n"]
    static let examples: [KindExample] = [
        KindExample("long random passwords", parameters: exampleParameters,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,Xr5$wN8&qJ3*tB6y",
                                                    "Shop,https://www.bol.com,sanne,k9#Lp2@vQ7!mZ4^w").merging(wordList) { $1 },
                    given: VaultKindExamples.given, expect: .passed),
        KindExample("a common password and a word from the machine's word list", parameters: exampleParameters,
                    files: VaultKindExamples.chrome("Mail,https://mail.google.com,sanne,welkom",
                                                    "Shop,https://www.bol.com,sanne,Stroopwafel1",
                                                    "Bank,https://mijn.ing.nl,sanne,Xr5$wN8&qJ3*tB6y").merging(wordList) { $1 },
                    given: VaultKindExamples.given, expect: .failed, findings: 2),
    ]
}
