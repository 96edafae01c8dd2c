import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// Encrypted vaults on the command line: the master password from the terminal (not shown, three
/// tries) or one line of standard input per file; the report says the file was read encrypted.
@Suite struct EncryptedVaultCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VaultCryptoTests/Fixtures")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// The findings of a run, without the places they name (a file and item differ between exports).
    static func findings(_ json: String) throws -> [String] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        return findings.map { finding in
            let subjects = (finding["subjects"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted()
            return "\(finding["check"] ?? "")|\(finding["severity"] ?? "")|\(subjects.joined(separator: ","))"
        }.sorted()
    }

    @Test func theSameFindingsAsThePlainExportAndNoReminderToDelete() async throws {
        let sandbox = Sandbox()
        let plain = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/plain.json"), "--format", "json", "--no-state"])
        #expect(plain.code == 1, "\(plain.errors)")
        for (file, password) in [("bitwarden/pbkdf2.json", "Fixture-File-Pass-1"), ("bitwarden/argon2id.json", "Fixture-File-Pass-2")] {
            sandbox.secretInput = FixedSecretInput([password])
            let run = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture(file), "--password-stdin", "--format", "json", "--no-state"])
            #expect(run.code == 1, "\(run.errors)")
            #expect(try Self.findings(run.output) == Self.findings(plain.output))
            #expect(try Self.findings(run.output).contains { $0.hasPrefix("vault.reused|") })
            #expect(run.output.contains("read encrypted: nothing decrypted was written to disk"))
            #expect(!run.output.contains("when you are done"))
        }
        #expect(plain.output.contains("when you are done"))
    }

    @Test func onATerminalItAsksAgainAfterAWrongPassword() async throws {
        let sandbox = Sandbox()
        let input = FixedSecretInput(["not it", "Fixture-File-Pass-1"], isTerminal: true)
        sandbox.secretInput = input
        let run = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/pbkdf2.json"), "--no-state"])
        #expect(run.code == 1, "\(run.errors)")
        #expect(input.prompts.count == 2)
        #expect(input.prompts.allSatisfy { $0.contains("pbkdf2.json") && $0.contains("not shown") })
        #expect(run.errors.contains("Wrong password or key file for"))

        let wrong = FixedSecretInput(["a", "b", "c", "Fixture-File-Pass-1"], isTerminal: true)
        sandbox.secretInput = wrong
        let refused = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/pbkdf2.json"), "--no-state", "--lang", "nl"])
        #expect(refused.code == 2)
        #expect(wrong.prompts.count == 3)
        // The file's own password, chosen at export: not the Bitwarden master password.
        #expect(wrong.prompts.allSatisfy { $0.contains("Wachtwoord van het exportbestand pbkdf2.json") && $0.contains("niet je hoofdwachtwoord") })
        #expect(!wrong.prompts.contains { $0.contains("Hoofdwachtwoord") })
        #expect(refused.errors.contains("Verkeerd wachtwoord of sleutelbestand voor ") && refused.errors.contains("pbkdf2.json; probeer opnieuw."))
        #expect(refused.errors.contains("pbkdf2.json: verkeerd wachtwoord of sleutelbestand"))
        #expect(!refused.errors.contains("wrong password"))
        // Nothing typed is ever repeated.
        #expect(!refused.errors.contains("Fixture-File-Pass") && !["a", "b", "c"].contains { refused.errors.contains("'\($0)'") })
    }

    @Test func withoutATerminalOrStandardInputItSaysHowToGiveThePassword() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/argon2id.json"), "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.contains("argon2id.json") && run.errors.contains("--password-stdin"))
        sandbox.secretInput = FixedSecretInput([])
        let empty = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/argon2id.json"), "--password-stdin", "--no-state"])
        #expect(empty.code == 2)
        #expect(empty.errors.contains("needs its password"))
    }

    @Test func anAccountRestrictedExportIsRecognisedBeforeAnyPasswordIsAsked() async throws {
        let sandbox = Sandbox()
        let file = sandbox.home + "/acct.json"
        try #"{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "folders": [], "items": []}"#.write(toFile: file, atomically: true, encoding: .utf8)
        for (language, says) in [("nl", "accountgebonden Bitwarden-export"), ("en", "account-restricted Bitwarden export")] {
            let input = FixedSecretInput(["Planted-Master-Secret"], isTerminal: true)
            sandbox.secretInput = input
            let run = await sandbox.run(["audit", "--only", "vault", "--vault", file, "--no-state", "--lang", language])
            #expect(run.code == 2)
            #expect(input.prompts.isEmpty, "no password can open it, so none is asked")
            #expect(run.errors.contains("acct.json") && run.errors.contains(says), "\(run.errors)")
            #expect(!run.errors.contains("Planted-Master-Secret"))
        }
        // Off a terminal too: not "needs its password", which no password would satisfy.
        sandbox.secretInput = FixedSecretInput([])
        let piped = await sandbox.run(["audit", "--only", "vault", "--vault", file, "--no-state", "--lang", "nl"])
        #expect(piped.code == 2 && piped.errors.contains("accountgebonden") && !piped.errors.contains("--password-stdin)"))
    }

    @Test func oneLineOfStandardInputPerEncryptedFileInOrder() async throws {
        let sandbox = Sandbox()
        sandbox.secretInput = FixedSecretInput(["Fixture-File-Pass-2", "Fixture-File-Pass-1"])
        let run = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/argon2id.json"),
                                     "--vault", Self.fixture("bitwarden/plain.json"), "--vault", Self.fixture("bitwarden/pbkdf2.json"),
                                     "--password-stdin", "--no-state", "--format", "json"])
        #expect(run.code == 1, "\(run.errors)")
        #expect(run.output.components(separatedBy: "read encrypted").count == 3)
    }

    @Test func aKeePassDatabaseGivesTheFindingsOfItsXMLExport() async throws {
        let sandbox = Sandbox()
        let plain = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("kdbx/source.xml"), "--format", "json", "--no-state", "--since", "2024-01-01"])
        #expect(plain.code == 1, "\(plain.errors)")
        for database in ["kdbx/kdbx4-argon2id-chacha20.kdbx", "kdbx/kdbx31-aes.kdbx"] {
            sandbox.secretInput = FixedSecretInput(["Planted-Master-Pass"])
            let run = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture(database), "--password-stdin", "--format", "json",
                                         "--no-state", "--since", "2024-01-01"])
            #expect(run.code == 1, "\(run.errors)")
            #expect(try Self.findings(run.output) == Self.findings(plain.output), "\(database)")
            #expect(run.output.contains("KeePass KDBX") && run.output.contains("read encrypted"))
            #expect(run.output.contains("in the recycle bin"))
        }
    }

    @Test func aKeyFileAloneOrWithThePassword() async throws {
        let sandbox = Sandbox()
        // A database locked by a key file only opens without any password, on no terminal.
        let keyOnly = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("kdbx/kdbx4-keyfile-only.kdbx"),
                                         "--key-file", Self.fixture("kdbx/keyfile-v2.keyx"), "--no-state"])
        #expect(keyOnly.code == 1, "\(keyOnly.errors)")
        // On a terminal, Enter means no password when a key file is given.
        let input = FixedSecretInput([""], isTerminal: true)
        sandbox.secretInput = input
        let entered = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("kdbx/kdbx4-keyfile-only.kdbx"),
                                         "--key-file", Self.fixture("kdbx/keyfile-v2.keyx"), "--no-state"])
        #expect(entered.code == 1, "\(entered.errors)")
        #expect(input.prompts.first?.contains("Enter if there is none") == true)
        // Both: the password and the key file.
        sandbox.secretInput = FixedSecretInput(["Planted-Master-Pass"])
        let both = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("kdbx/kdbx4-keyfile-raw32.kdbx"),
                                      "--key-file", Self.fixture("kdbx/keyfile-raw32.key"), "--password-stdin", "--no-state"])
        #expect(both.code == 1, "\(both.errors)")
        // The key file missing, or the wrong one: said so, exit 2.
        sandbox.secretInput = FixedSecretInput(["Planted-Master-Pass"])
        let without = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("kdbx/kdbx4-keyfile-raw32.kdbx"), "--password-stdin", "--no-state"])
        #expect(without.code == 2 && without.errors.contains("wrong password or key file"))
        let missing = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("kdbx/kdbx4-keyfile-raw32.kdbx"),
                                         "--key-file", sandbox.home + "/nothing.key", "--password-stdin", "--no-state"])
        #expect(missing.code == 2 && missing.errors.contains("nothing.key"))
    }

    @Test func theResetPlanReadsAnEncryptedExportToo() async throws {
        let sandbox = Sandbox()
        sandbox.secretInput = FixedSecretInput(["Fixture-File-Pass-1"])
        let run = await sandbox.run(["reset", "--vault", Self.fixture("bitwarden/pbkdf2.json"), "--password-stdin", "--format", "json"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("\"account\" : \"Gmail\""))
        #expect(!run.output.contains("Planted") && !run.errors.contains("Planted"))
    }
}
