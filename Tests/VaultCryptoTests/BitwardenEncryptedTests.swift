import Foundation
import Testing
import Vault
@testable import VaultCrypto

let cryptoFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
func cryptoFixture(_ name: String) -> String { cryptoFixtures.appendingPathComponent(name).path }

/// What a test compares of a login: everything the checks read.
func summary(_ login: Credential) -> String {
    let history = login.history.map { past in past.password.withValue { $0 } + "@" + (past.until.map { "\($0.timeIntervalSince1970)" } ?? "-") }
    return [login.title, login.username, login.urls.joined(separator: " "), login.password.withValue { $0 },
            login.passwordDate.map { "\($0.date.timeIntervalSince1970)/\($0.precision)" } ?? "-", history.joined(separator: ","),
            "\(login.oneTimeCode)", "\(login.position)"].joined(separator: "|")
}

/// Bitwarden's password-protected export, opened in memory with the file password.
@Suite struct BitwardenEncryptedTests {
    static let passwords = ["bitwarden/pbkdf2.json": "Fixture-File-Pass-1", "bitwarden/argon2id.json": "Fixture-File-Pass-2"]

    func open(_ name: String, password: String?) throws -> VaultFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: cryptoFixture(name)))
        return try VaultCrypto.open(data, file: name, unlock: Unlock(password: password.map { Array($0.utf8) }))
    }

    @Test(arguments: ["bitwarden/pbkdf2.json", "bitwarden/argon2id.json"])
    func opensToTheSameLoginsAsThePlainExport(name: String) throws {
        let plain = try VaultImporter.read(path: cryptoFixture("bitwarden/plain.json"))
        let opened = try open(name, password: Self.passwords[name])
        #expect(opened.format == "Bitwarden JSON (password-protected)")
        #expect(opened.logins.count == 4)
        #expect(opened.logins.map(summary) == plain.logins.map(summary))
        #expect(opened.skipped == plain.skipped)
        #expect(opened.logins.first?.history.count == 1)
        #expect(opened.logins.first?.oneTimeCode == true)
    }

    @Test func aWrongOrMissingPasswordIsSaidAsSuch() throws {
        #expect(throws: VaultCryptoError.wrongKey(file: "bitwarden/pbkdf2.json")) { try open("bitwarden/pbkdf2.json", password: "Fixture-File-Pass-2") }
        #expect(throws: VaultCryptoError.wrongKey(file: "bitwarden/argon2id.json")) { try open("bitwarden/argon2id.json", password: "") }
        #expect(throws: VaultCryptoError.noKey(file: "bitwarden/argon2id.json")) { try open("bitwarden/argon2id.json", password: nil) }
        #expect(VaultCryptoError.wrongKey(file: "x.json").localizedDescription == "x.json: wrong password or key file")
    }

    /// The fixture with one field changed.
    func altered(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var document = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cryptoFixture(name)))) as? [String: Any])
        change(&document)
        return try JSONSerialization.data(withJSONObject: document)
    }

    func error(_ data: Data, password: String = "Fixture-File-Pass-1") -> VaultCryptoError? {
        do {
            _ = try VaultCrypto.open(data, file: "bw.json", unlock: Unlock(password: Array(password.utf8)))
            return nil
        } catch {
            return error as? VaultCryptoError
        }
    }

    @Test func anAlteredExportIsDamagedNotOpened() throws {
        let flipped = try altered("bitwarden/pbkdf2.json") { document in
            let parts = (document["data"] as! String).split(separator: "|").map(String.init)
            var ciphertext = Data(base64Encoded: parts[1])!
            ciphertext[5] ^= 1
            document["data"] = [parts[0], ciphertext.base64EncodedString(), parts[2]].joined(separator: "|")
        }
        guard case .damaged(_, let reason) = error(flipped) else { Issue.record("an altered ciphertext was not refused"); return }
        #expect(reason.contains("MAC of data"))
        for broken in ["2.abc", "2.||", "2.AAAA|AAAA|AAAA", "not an encstring"] {
            let data = try altered("bitwarden/pbkdf2.json") { $0["data"] = broken }
            #expect(error(data) != nil, "\(broken)")
        }
        let otherType = try altered("bitwarden/pbkdf2.json") { $0["encKeyValidation_DO_NOT_EDIT"] = "0.abc|def" }
        guard case .unsupported = error(otherType) else { Issue.record("EncString type 0 was not refused as unsupported"); return }
        let whole = try Data(contentsOf: URL(fileURLWithPath: cryptoFixture("bitwarden/pbkdf2.json")))
        for cut in stride(from: 1, to: whole.count, by: 97) {
            #expect(error(whole.prefix(cut)) != nil, "cut at \(cut)")
        }
    }

    @Test func anAbsurdKeyDerivationIsRefusedBeforeItRuns() throws {
        let start = ContinuousClock.now
        let memory = try altered("bitwarden/argon2id.json") { $0["kdfMemory"] = 1_048_576 }
        guard case .kdfTooExpensive(_, let reason) = error(memory, password: "Fixture-File-Pass-2") else { Issue.record("1 TiB of Argon2 memory was not refused"); return }
        #expect(reason.contains("1048576 MiB"))
        let rounds = try altered("bitwarden/pbkdf2.json") { $0["kdfIterations"] = 2_000_000_000 }
        guard case .kdfTooExpensive = error(rounds) else { Issue.record("2 billion PBKDF2 rounds were not refused"); return }
        #expect(ContinuousClock.now - start < .seconds(5))
        let unknown = try altered("bitwarden/pbkdf2.json") { $0["kdfType"] = 7 }
        guard case .unsupported(_, let why) = error(unknown) else { Issue.record("kdfType 7 was not refused"); return }
        #expect(why.contains("type 7"))
        let zero = try altered("bitwarden/pbkdf2.json") { $0["kdfIterations"] = 0 }
        guard case .damaged = error(zero) else { Issue.record("zero iterations were not refused"); return }
    }

    @Test func messagesNeverHoldAPassword() throws {
        var messages: [String] = []
        for password in ["Fixture-File-Pass-2", "Planted-BwEnc-Mail-1!"] {
            do { _ = try open("bitwarden/pbkdf2.json", password: password) } catch { messages.append(error.localizedDescription) }
        }
        #expect(messages.count == 2)
        for message in messages {
            for secret in ["Fixture-File-Pass", "Planted-BwEnc"] { #expect(!message.contains(secret)) }
        }
    }
}
