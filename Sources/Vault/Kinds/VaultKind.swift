import AuditCore
import Foundation

extension InputKey where Value == Vault {
    /// The exports read before the audit, merged.
    public static let vault = InputKey(Vault.inputName, missing: LocalizedText(
        en: "no password export was given (--vault FILE)", nl: "er is geen export van wachtwoorden opgegeven (--vault BESTAND)"))
}

extension InputKey where Value == any BreachSource {
    /// Where breach counts come from: the downloaded list or the range API.
    public static let breachSource = InputKey(Breach.inputName, missing: LocalizedText(
        en: "no breach list was given (--breach-file or --online-breach-check)", nl: "er is geen lijst van datalekken opgegeven (--breach-file of --online-breach-check)"))
}

/// What every vault kind needs: the vault read before the audit.
extension CheckContext {
    func vault() throws -> Vault { try inputs.require(.vault) }

    /// The logins each vault check judges: one per account and password (copies with the same
    /// password count once), and which accounts have copies, so reports say where each copy is.
    func judgedLogins() throws -> (logins: [Credential], copies: AccountCopies) {
        try vault().judgedLogins
    }
}

/// Accounts that reset everything else: e-mail, the big identity providers, DigiD and itsme, banks.
struct KeyAccounts: Sendable {
    var groups: [(name: String, domains: Set<String>)]

    init(_ parameters: Parameters) throws {
        groups = parameters.has("key-accounts") ? try parameters.list("key-accounts") { group in
            try group.allowOnly(["name", "domains"])
            return (try group.string("name"), Set(try group.strings("domains").map { $0.lowercased() }))
        } : []
    }

    /// The key-account group a login belongs to, by its site's registrable domain.
    func kind(of login: Credential) -> String? {
        groupIndex(of: login).map { groups[$0].name }
    }

    /// The position of the login's group in the list, to put the first groups first.
    func groupIndex(of login: Credential) -> Int? {
        groups.firstIndex { $0.domains.contains(login.site) }
    }
}



/// Parameters shared by the vault kinds' examples: logins written as `title|username|url|password`.
enum VaultExamples {
    static func vault(_ rows: [String]) -> Vault {
        let logins = rows.enumerated().map { index, row -> Credential in
            let parts = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return Credential(title: parts[0], username: parts[1], urls: [parts[2]], password: Secret(parts[3]),
                              file: "example.csv", position: index + 2)
        }
        return Vault(files: [VaultFile(path: "example.csv", format: "example", logins: logins, skipped: [:])])
    }
}
