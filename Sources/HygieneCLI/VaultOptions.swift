import ArgumentParser
import AuditCore
import Foundation
import Vault
import VaultCrypto

/// The vault family's options: the exports, the breakup date, where breach counts come from, and
/// the sites where two-step sign-in is known to be on.
struct VaultOptions: FamilyOptions {
    @Option(name: .customLong("vault"), help: ArgumentHelp("A password manager's export to audit (repeatable; several are merged).", valueName: "file"))
    var vaults: [String] = []

    @Option(name: .long, help: ArgumentHelp("List passwords not changed since this day, e.g. a breakup (YYYY-MM-DD).", valueName: "date"))
    var since: String?

    @Option(name: .customLong("breach-file"), help: ArgumentHelp("The Pwned Passwords SHA-1 list, sorted by hash, for an offline breach check.", valueName: "file"))
    var breachFile: String?

    @Flag(name: .customLong("online-breach-check"), help: "Look passwords up in the Pwned Passwords range API: only the first 5 hex digits of each SHA-1 are sent.")
    var onlineBreachCheck = false

    @Option(name: .customLong("two-factor-on"), help: ArgumentHelp("A site where you have switched two-step sign-in on (repeatable; also 'two-factor-on' in the configuration).", valueName: "domain"))
    var twoFactorOn: [String] = []

    @Flag(name: .customLong("password-stdin"), help: "Read the master password of each encrypted vault (a KeePass database, a password-protected Bitwarden export) from standard input, one line per file in the order given, instead of asking on the terminal.")
    var passwordStdin = false

    @Option(name: .customLong("key-file"), help: ArgumentHelp("The key file of a KeePass database that needs one.", valueName: "file"))
    var keyFile: String?

    var family: String { "vault" }

    var given: AuditInputs {
        var given = AuditInputs()
        given[Vault.inputName] = vaults
        given["since"] = since.map { [$0] } ?? []
        given["breach-file"] = breachFile.map { [$0] } ?? []
        given["two-factor-on"] = twoFactorOn
        if onlineBreachCheck { given[VaultFamily.Given.onlineBreachCheck] = ["yes"] }
        if passwordStdin { given[VaultFamily.Given.passwordFromStandardInput] = ["yes"] }
        given[VaultFamily.Given.keyFile] = keyFile.map { [$0] } ?? []
        return given
    }

    func validate() throws {
        if onlineBreachCheck && breachFile != nil {
            throw ValidationError(VaultFamilyWords.exclusive(Language.fromEnvironment(CLIEnvironment.current.variables)))
        }
    }
}
