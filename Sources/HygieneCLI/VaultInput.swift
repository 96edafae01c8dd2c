import AuditCore
import Foundation
import Vault

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
