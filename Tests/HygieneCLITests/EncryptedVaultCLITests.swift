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
        #expect(wrong.prompts.allSatisfy { $0.contains("Hoofdwachtwoord") })
        #expect(refused.errors.contains("wrong password or key file"))
    }

    @Test func withoutATerminalOrStandardInputItSaysHowToGiveThePassword() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/argon2id.json"), "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.contains("argon2id.json") && run.errors.contains("--password-stdin"))
        sandbox.secretInput = FixedSecretInput([])
        let empty = await sandbox.run(["audit", "--only", "vault", "--vault", Self.fixture("bitwarden/argon2id.json"), "--password-stdin", "--no-state"])
        #expect(empty.code == 2)
        #expect(empty.errors.contains("needs its master password"))
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

    @Test func theResetPlanReadsAnEncryptedExportToo() async throws {
        let sandbox = Sandbox()
        sandbox.secretInput = FixedSecretInput(["Fixture-File-Pass-1"])
        let run = await sandbox.run(["reset", "--vault", Self.fixture("bitwarden/pbkdf2.json"), "--password-stdin", "--format", "json"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("\"account\" : \"Gmail\""))
        #expect(!run.output.contains("Planted") && !run.errors.contains("Planted"))
    }
}
