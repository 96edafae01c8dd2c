import ArgumentParser
import AuditCore
import Foundation
import Vault

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

    var requestedInputs: [String] { vaults.isEmpty ? [] : [Vault.inputName] }

    func validate() throws {
        if onlineBreachCheck && breachFile != nil { throw ValidationError("--online-breach-check and --breach-file exclude each other; choose one") }
        if let since, Configuration.day(since) == nil { throw ValidationError("--since \(since): write the day as YYYY-MM-DD") }
    }

    func prepare(_ preparation: FamilyPreparation, inputs: inout AuditInputs) async throws -> PreparedInputs {
        let configuration = preparation.configuration
        let paths = vaults + configuration.inputs["vault"]
        if preparation.families.contains("vault") && paths.isEmpty {
            throw ValidationError("--only vault needs an export: give --vault FILE or list it under 'vaults' in the configuration")
        }
        if let since { inputs["since"] = [since] }
        inputs["two-factor-on"] += twoFactorOn
        let notes = try VaultInput.prepare(paths: paths, breachFile: onlineBreachCheck ? nil : breachFile ?? configuration.inputs["breach-file"].first,
                                           inputs: &inputs)
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
    static func prepare(paths: [String], breachFile: String?, inputs: inout AuditInputs) throws -> [LocalizedText] {
        guard !paths.isEmpty else { return [] }
        if let breachFile { inputs.prepared[Breach.inputName] = try PwnedPasswordsFile(path: breachFile) }
        let files = try paths.map(VaultImporter.read(path:))
        inputs.prepared[Vault.inputName] = Vault(files: files)
        var notes: [LocalizedText] = []
        for file in files {
            let skipped = file.skipped.sorted { $0.key < $1.key }
            let total = skipped.reduce(0) { $0 + $1.value }
            let why = skipped.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            notes.append(LocalizedText(
                en: "Read \(file.logins.count) logins from \(file.path) (\(file.format))" + (total > 0 ? "; skipped \(total): \(why)." : "."),
                nl: "\(file.logins.count) logins gelezen uit \(file.path) (\(file.format))" + (total > 0 ? "; \(total) overgeslagen: \(why)." : ".")))
        }
        for file in files {
            notes.append(LocalizedText(
                en: "Delete \(file.path) when you are done: it holds your passwords readable for anyone with access to this computer (also empty the bin).",
                nl: "Verwijder \(file.path) als je klaar bent: het bevat je wachtwoorden leesbaar voor iedereen die bij deze computer kan (leeg ook de prullenbak)."))
        }
        return notes
    }
}
