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

    var requestedInputs: [String] { vaults.isEmpty ? [] : [Vault.inputName] }

    func validate() throws {
        if onlineBreachCheck && breachFile != nil {
            throw ValidationError(VaultOptionWords.exclusive(Language.fromEnvironment(CLIEnvironment.current.variables)))
        }
    }

    func prepare(_ preparation: FamilyPreparation, inputs: inout AuditInputs) async throws -> PreparedInputs {
        let configuration = preparation.configuration
        let paths = vaults + configuration.inputs["vault"]
        if let since, Configuration.day(since) == nil { throw ValidationError(VaultOptionWords.badSince(since)(preparation.language)) }
        if preparation.families.contains("vault") && paths.isEmpty {
            throw ValidationError(VaultOptionWords.needsExport(preparation.language))
        }
        if let since { inputs["since"] = [since] }
        inputs["two-factor-on"] += twoFactorOn
        let unlocker = VaultUnlocker(passwordFromStandardInput: passwordStdin, keyFile: keyFile, input: preparation.environment.secretInput,
                                     errors: preparation.environment.errors, language: preparation.language)
        // Reading the exports and deriving an encrypted vault's key take seconds of blocking work: on a
        // thread of their own, not one of the few that run every task.
        let breach = onlineBreachCheck ? nil : breachFile ?? configuration.inputs["breach-file"].first
        let before = inputs
        let (notes, prepared) = try await onOwnThread { () throws -> ([LocalizedText], AuditInputs) in
            var inputs = before
            let notes = try VaultInput.prepare(paths: paths, breachFile: breach, inputs: &inputs, unlocker: unlocker)
            return (notes, inputs)
        }
        inputs = prepared
        if onlineBreachCheck && !paths.isEmpty {
            inputs.prepared[Breach.inputName] = PwnedRangeClient(
                fetcher: preparation.environment.fetcher,
                base: preparation.environment.variables["HYGIENE_PWNED_RANGE_URL"] ?? PwnedRangeClient.defaultBase)
        }
        return PreparedInputs(notes: notes)
    }
}

/// Reads the exports given with --vault or the configuration before the audit: a broken export
/// stops the run (exit 2) with its location, before any check runs.
enum VaultInput {
    static func prepare(paths: [String], breachFile: String?, inputs: inout AuditInputs, unlocker: VaultUnlocker? = nil) throws -> [LocalizedText] {
        guard !paths.isEmpty else { return [] }
        if let breachFile { inputs.prepared[Breach.inputName] = try PwnedPasswordsFile(path: breachFile) }
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
        inputs.prepared[Vault.inputName] = Vault(files: files)
        var notes: [LocalizedText] = []
        for file in files { notes.append(VaultWords.read(file, encrypted: encrypted.contains(file.path))) }
        // An encrypted vault needs no deleting; a plaintext export does.
        for file in files where !encrypted.contains(file.path) {
            notes.append(LocalizedText(
                en: "Delete \(file.path) when you are done: it holds your passwords readable for anyone with access to this computer (also empty the bin).",
                nl: "Verwijder \(file.path) als je klaar bent: het bevat je wachtwoorden leesbaar voor iedereen die bij deze computer kan (leeg ook de prullenbak)."))
        }
        return notes
    }
}

/// Opens the encrypted vaults among the exports: asks for the master password on the terminal (what
/// is typed is not shown; three tries), or reads one line of standard input per file with
/// `--password-stdin`; never a command-line argument or an environment variable, which other
/// processes can read. The password's bytes are overwritten once the file is open.
struct VaultUnlocker: Sendable {
    var passwordFromStandardInput: Bool
    var keyFile: String?
    var input: any SecretInput
    var errors: any OutputSink
    var language: Language

    /// The vault in the file when it is encrypted, nil when it is not (a plaintext export).
    func openIfEncrypted(path: String) throws -> VaultFile? {
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
                throw CLIError.cannotRead(path: keyFile, reason: FileManager.default.fileExists(atPath: keyFile) ? "permission denied" : "no such file")
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
                errors.write(EncryptedFormat.wrongKeyTryAgain(file)(language) + "\n")
            }
        }
        throw VaultCryptoError.wrongKey(file: path)
    }
}

/// What the vault options say when they cannot be used, in both languages.
enum VaultOptionWords {
    static let exclusive = LocalizedText(en: "--online-breach-check and --breach-file exclude each other; choose one",
                                         nl: "--online-breach-check en --breach-file sluiten elkaar uit; kies er een")
    static func badSince(_ since: String) -> LocalizedText {
        LocalizedText(en: "--since \(since): write the day as YYYY-MM-DD or DD-MM-YYYY", nl: "--since \(since): schrijf de dag als DD-MM-JJJJ of JJJJ-MM-DD")
    }
    static let needsExport = LocalizedText(
        en: "--only vault needs an export: give --vault FILE or list it under 'vaults' in the configuration",
        nl: "--only vault heeft een export nodig: geef --vault BESTAND, of zet hem onder 'vaults' in de configuratie")
}
