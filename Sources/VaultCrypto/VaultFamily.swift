import AuditCore
import Foundation
import Vault

/// The vault family's front door (in this module because opening an encrypted vault needs it):
/// the exports to read, how to unlock them, where breach counts come from.
///
/// Given (by `audit`'s flags, or the configuration): `vault` (paths), `since`, `breach-file`,
/// `two-factor-on`, and the flags `online-breach-check`, `password-stdin`, `key-file`.
public struct VaultFamily: Family {
    public init() {}

    public let id = "vault"
    public var name: LocalizedText { VaultKinds.family }
    public var kinds: [any CheckKind.Type] { VaultKinds.all }

    /// The names of what the flags give, beside the settings' inputs.
    public enum Given {
        public static let onlineBreachCheck = "online-breach-check"
        public static let passwordFromStandardInput = "password-stdin"
        public static let keyFile = "key-file"
    }

    public var settings: [Setting] {
        [
            .path("vaults", input: Vault.inputName, list: true),
            .text("since", message: LocalizedText(en: "'since' must be a date written YYYY-MM-DD or DD-MM-YYYY",
                                                  nl: "'since' moet een datum zijn, geschreven als DD-MM-JJJJ of JJJJ-MM-DD"),
                  valid: { Configuration.day($0) != nil }),
            .text("max-password-age", message: LocalizedText(en: "'max-password-age' must be a duration such as 365d or 52w",
                                                             nl: "'max-password-age' moet een duur zijn, zoals 365d of 52w"),
                  valid: { Interval($0) != nil }),
            .path("breach-file"),
            .text("two-factor-on", list: true),
        ]
    }

    public var settingsExample: String {
        """
        # Password manager exports to audit (delete them when you are done).
        # Exports van je wachtwoordbeheerder om te controleren (verwijder ze daarna).
        # vaults:
        #   - ~/Downloads/bitwarden_export.json

        # After a breakup: passwords set before this day are listed (the vault checks).
        # Na een relatiebreuk: wachtwoorden van vóór deze dag worden genoemd (de kluiscontroles).
        # since: 2026-01-31

        # The Pwned Passwords list (SHA-1, from the official downloader), checked offline.
        # De Pwned Passwords-lijst (SHA-1, van de officiële downloader), offline gecontroleerd.
        # breach-file: ~/pwnedpasswords.txt

        # Passwords older than this are listed too. / Oudere wachtwoorden worden ook genoemd.
        # max-password-age: 730d

        # Sites where you have switched two-step sign-in on, so the report stops asking (the export cannot tell).
        # Sites waar je tweestapsverificatie hebt aangezet, zodat het rapport er niet meer naar vraagt.
        # two-factor-on:
        #   - google.com
        #   - digid.nl

        """
    }

    public var fieldLabels: [String: String] {
        ["username": "gebruikersnaam", "url": "adres", "password set": "wachtwoord gezet", "entry last changed": "item laatst gewijzigd",
         "entry made": "item gemaakt", "seen in breaches": "gezien in lekken", "path": "pad", "age": "leeftijd", "entry": "item",
         "password": "wachtwoord", "status": "status", "score": "score", "https": "https", "two-step methods": "tweestapsmethoden",
         "advice": "advies", "set up": "instellen", "kind": "soort", "user": "gebruiker", "type": "soort"]
    }

    /// The exports: the flags' first, then the configuration's.
    func exports(_ given: AuditInputs, _ configuration: Configuration) -> [String] {
        given[Vault.inputName] + configuration.inputs[Vault.inputName]
    }

    public func expectedInputs(_ given: AuditInputs) -> [String] {
        given[Vault.inputName].isEmpty ? [] : [Vault.inputName]
    }

    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        let configuration = context.configuration
        let language = context.language
        let paths = exports(given, configuration)
        let since = given["since"].first ?? configuration.inputs["since"].first
        if let since = given["since"].first, Configuration.day(since) == nil { throw InputError(VaultFamilyWords.badSince(since), usage: true) }
        if context.asked(id) && paths.isEmpty { throw InputError(VaultFamilyWords.needsExport, usage: true) }
        let online = given.has(Given.onlineBreachCheck)
        let breachFile = given["breach-file"].first ?? configuration.inputs["breach-file"].first
        if online && !given["breach-file"].isEmpty { throw InputError(VaultFamilyWords.exclusive, usage: true) }
        var inputs = AuditInputs()
        if let since { inputs["since"] = [since] }
        inputs["two-factor-on"] = configuration.inputs["two-factor-on"] + given["two-factor-on"]
        guard !paths.isEmpty else { return PreparedInputs(inputs: inputs) }
        let unlocker = VaultUnlocker(passwordFromStandardInput: given.has(Given.passwordFromStandardInput), keyFile: given[Given.keyFile].first,
                                     input: context.secrets, warn: context.warn, language: language)
        // Reading the exports and deriving an encrypted vault's key take seconds of blocking work: on a
        // thread of their own, not one of the few that run every task.
        let breach = online ? nil : breachFile
        let before = inputs
        let (notes, read) = try await onOwnThread { () throws -> ([LocalizedText], AuditInputs) in
            var inputs = before
            let notes = try Self.read(paths: paths, breachFile: breach, inputs: &inputs, unlocker: unlocker)
            return (notes, inputs)
        }
        inputs = read
        if online {
            inputs[.breachSource] = PwnedRangeClient(fetcher: context.fetcher,
                                                     base: context.environment["HYGIENE_PWNED_RANGE_URL"] ?? PwnedRangeClient.defaultBase)
        }
        return PreparedInputs(inputs: inputs, notes: notes)
    }

    /// Reads the exports (opening the encrypted ones with `unlocker`) and the breach file: a broken
    /// export stops the run with its location, before any check runs.
    public static func read(paths: [String], breachFile: String?, inputs: inout AuditInputs, unlocker: VaultUnlocker? = nil) throws -> [LocalizedText] {
        guard !paths.isEmpty else { return [] }
        if let breachFile { inputs[.breachSource] = try PwnedPasswordsFile(path: breachFile) }
        var files: [VaultFile] = []
        var encrypted = Set<String>()
        for path in paths {
            if let unlocker, let opened = try unlocker.openIfEncrypted(path: path) {
                files.append(opened)
                encrypted.insert(path)
            } else {
                files.append(try VaultImporter.read(path: path))
            }
        }
        inputs[Vault.inputName] = paths
        inputs[.vault] = Vault(files: files)
        var notes: [LocalizedText] = []
        for file in files { notes.append(VaultWords.read(file, encrypted: encrypted.contains(file.path))) }
        // An encrypted vault needs no deleting; a plaintext export does.
        for file in files where !encrypted.contains(file.path) { notes.append(VaultFamilyWords.deleteExport(file.path)) }
        return notes
    }

    public func reminders(for report: AuditReport, only: [String]) -> [LocalizedText] {
        // Passwords are only mentioned when the user did not leave them out on purpose.
        guard only.isEmpty || only.contains(id), !report.checks.contains(where: { $0.family == id }) else { return [] }
        return [VaultFamilyWords.notChecked]
    }
}

/// Opens the encrypted vaults among the exports: asks for the master password on the terminal (what
/// is typed is not shown; three tries), or reads one line of standard input per file with
/// `--password-stdin`; never a command-line argument or an environment variable, which other
/// processes can read. The password's bytes are overwritten once the file is open.
public struct VaultUnlocker: Sendable {
    public var passwordFromStandardInput: Bool
    public var keyFile: String?
    public var input: any SecretInput
    public var warn: @Sendable (String) -> Void
    public var language: Language

    public init(passwordFromStandardInput: Bool, keyFile: String?, input: any SecretInput,
                warn: @escaping @Sendable (String) -> Void, language: Language) {
        self.passwordFromStandardInput = passwordFromStandardInput
        self.keyFile = keyFile
        self.input = input
        self.warn = warn
        self.language = language
    }

    /// The vault in the file when it is encrypted, nil when it is not (a plaintext export).
    public func openIfEncrypted(path: String) throws -> VaultFile? {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        guard attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= VaultImporter.sizeLimit,
              let data = FileManager.default.contents(atPath: path),
              let format = VaultCrypto.format(of: data) else { return nil }
        // No password opens an account-restricted export: say so before anyone types one.
        if format == .bitwardenAccountRestricted { throw VaultCryptoError.accountRestricted(file: path) }
        var keyBytes: [UInt8]? = nil
        if let keyFile, format == .kdbx {
            guard let bytes = FileManager.default.contents(atPath: keyFile) else {
                throw InputError.unreadable(keyFile, reason: InputError.reason(keyFile))
            }
            keyBytes = Array(bytes)
        }
        if passwordFromStandardInput {
            var unlock = Unlock(password: input.readLine(prompt: nil), keyFile: keyBytes)
            defer { unlock.wipe() }
            if unlock.password == nil && unlock.keyFile == nil { throw VaultCryptoError.noKey(file: path) }
            if unlock.password?.isEmpty == true && unlock.keyFile != nil { unlock.password = nil }
            return try VaultCrypto.open(data, file: path, unlock: unlock)
        }
        guard input.isTerminal else {
            if keyBytes != nil {
                var unlock = Unlock(password: nil, keyFile: keyBytes)
                defer { unlock.wipe() }
                return try VaultCrypto.open(data, file: path, unlock: unlock)
            }
            throw VaultCryptoError.noKey(file: path)
        }
        let name = (path as NSString).lastPathComponent
        let prompt = format.prompt(file: name, keyFileGiven: keyBytes != nil)(language)
        for attempt in 1...3 {
            guard let line = input.readLine(prompt: prompt) else { throw VaultCryptoError.noKey(file: path) }
            var unlock = Unlock(password: line.isEmpty && keyBytes != nil ? nil : line, keyFile: keyBytes)
            defer { unlock.wipe() }
            do {
                return try VaultCrypto.open(data, file: path, unlock: unlock)
            } catch VaultCryptoError.wrongKey(let file) where attempt < 3 {
                warn(EncryptedFormat.wrongKeyTryAgain(file)(language))
            }
        }
        throw VaultCryptoError.wrongKey(file: path)
    }
}

/// What the vault family says about its inputs, in both languages.
public enum VaultFamilyWords {
    public static let exclusive = LocalizedText(en: "--online-breach-check and --breach-file exclude each other; choose one",
                                                nl: "--online-breach-check en --breach-file sluiten elkaar uit; kies er een")
    public static func badSince(_ since: String) -> LocalizedText {
        LocalizedText(en: "--since \(since): write the day as YYYY-MM-DD or DD-MM-YYYY", nl: "--since \(since): schrijf de dag als DD-MM-JJJJ of JJJJ-MM-DD")
    }
    public static let needsExport = LocalizedText(
        en: "--only vault needs an export: give --vault FILE or list it under 'vaults' in the configuration",
        nl: "--only vault heeft een export nodig: geef --vault BESTAND, of zet hem onder 'vaults' in de configuratie")
    static func deleteExport(_ path: String) -> LocalizedText {
        LocalizedText(
            en: "Delete \(path) when you are done: it holds your passwords readable for anyone with access to this computer (also empty the bin).",
            nl: "Verwijder \(path) als je klaar bent: het bevat je wachtwoorden leesbaar voor iedereen die bij deze computer kan (leeg ook de prullenbak).")
    }
    static let notChecked = LocalizedText(
        en: "Your passwords were not checked. Export them from your password manager and run 'hygiene audit --vault EXPORT' to find reused, weak, breached and old ones.",
        nl: "Je wachtwoorden zijn niet gecontroleerd. Exporteer ze uit je wachtwoordbeheerder en voer 'hygiene audit --vault EXPORT' uit om hergebruikte, zwakke, gelekte en oude te vinden.")
}
