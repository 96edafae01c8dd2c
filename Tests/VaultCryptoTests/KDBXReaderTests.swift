import Crypto
import Foundation
import Testing
import TestSupport
import Vault
@testable import VaultCrypto

/// Every fixture opens to the planted logins, the same as KeePassXC's plaintext XML export of it.
@Suite struct KDBXReaderTests {
    @Test(arguments: KDBXFixtures.databases.map(\.name))
    func opensToThePlantedLogins(_ name: String) async throws {
        try await offThePool {
            let fixture = try #require(KDBXFixtures.databases.first { $0.name == name })
            let vault = try KDBXFixtures.open(name, keyFile: fixture.keyFile)
            #expect(vault.format == fixture.format)
            let logins = KDBXFixtures.logins(vault)
            #expect(logins.map(\.title) == ["Example Mail", "Bank", "Forum"])
            #expect(logins.map(\.username) == ["alice@example.org", "bob", "alice"])
            #expect(logins.map(\.urls) == [["https://mail.example.org/login"], ["https://bank.example.nl/"], ["https://forum.example.com"]])
            // Recycle bin: "Deleted Shop" is not a login.
            #expect(vault.skipped["in the recycle bin"] == 1)
            let mail = try #require(vault.logins.first)
            #expect(mail.password.withValue { $0 == "Planted-Kdbx-Secret-1" })
            #expect(mail.history.count == 1)
            #expect(mail.history.first?.password.withValue { $0 == "Planted-Kdbx-Old-1" } == true)
            #expect(mail.history.first?.until == KDBXFixtures.date("2021-02-03T04:05:06Z"))
            #expect(mail.passwordDate == PasswordDate(KDBXFixtures.date("2023-05-06T07:08:09Z"), .exact))
            #expect(vault.logins[1].password.withValue { $0 == "Plänted-Kdbx-Sécret-2 🔑" })
            #expect(vault.logins[1].passwordDate == PasswordDate(KDBXFixtures.date("2022-11-12T13:14:15Z"), .entryModified))
            #expect(vault.logins[2].password.withValue { $0 == "Planted-Kdbx-Secret-1" })
            #expect(vault.logins[2].passwordDate == PasswordDate(KDBXFixtures.date("2018-01-02T03:04:05Z"), .entryModified))
        }
    }

    @Test(arguments: KDBXFixtures.databases.map(\.name))
    func sameLoginsAsThePlaintextExport(_ name: String) async throws {
        try await offThePool {
            let fixture = try #require(KDBXFixtures.databases.first { $0.name == name })
            let encrypted = try KDBXFixtures.open(name, keyFile: fixture.keyFile)
            let plain = try VaultImporter.read(data: try KDBXFixtures.data("kxc-export.xml"), file: "kxc-export.xml")
            #expect(plain.logins.count == 3)
            #expect(KDBXFixtures.logins(encrypted) == KDBXFixtures.logins(plain))
            #expect(encrypted.skipped == plain.skipped)
        }
    }

    @Test func aKeyFileAloneOpensADatabaseWithoutPassword() throws {
        let vault = try KDBXFixtures.open("kdbx4-keyfile-only.kdbx", password: nil, keyFile: "keyfile-v2.keyx")
        #expect(vault.logins.count == 3)
        // The same key file with a password is another composite key.
        #expect(throws: VaultCryptoError.wrongKey(file: "kdbx4-keyfile-only.kdbx")) {
            try KDBXFixtures.open("kdbx4-keyfile-only.kdbx", keyFile: "keyfile-v2.keyx")
        }
    }

    @Test(arguments: ["kxc-kdbx31.kdbx", "kdbx31-aes.kdbx", "kdbx31-twofish-uncompressed.kdbx", "kdbx4-argon2d-aes.kdbx",
                      "kdbx4-argon2id-chacha20.kdbx", "kdbx4-aeskdf-twofish.kdbx"])
    func aWrongPasswordIsAWrongKey(_ name: String) {
        #expect(throws: VaultCryptoError.wrongKey(file: name)) {
            try KDBXFixtures.open(name, password: Array("Planted-Master-Pass!".utf8))
        }
    }

    @Test(arguments: KDBXFixtures.databases.compactMap { $0.keyFile == nil ? nil : $0.name })
    func aMissingOrWrongKeyFileIsAWrongKey(_ name: String) throws {
        let fixture = try #require(KDBXFixtures.databases.first { $0.name == name })
        let other = fixture.keyFile == "keyfile-other.bin" ? "keyfile-raw32.key" : "keyfile-other.bin"
        #expect(throws: VaultCryptoError.wrongKey(file: name)) { try KDBXFixtures.open(name) }
        #expect(throws: VaultCryptoError.wrongKey(file: name)) { try KDBXFixtures.open(name, keyFile: other) }
    }

    @Test func noPasswordAndNoKeyFileAsksForOne() {
        #expect(throws: VaultCryptoError.noKey(file: "kdbx4-argon2d-aes.kdbx")) {
            try KDBXFixtures.open("kdbx4-argon2d-aes.kdbx", password: nil)
        }
    }

    @Test func errorsNameTheFileAndNoSecret() throws {
        do {
            _ = try KDBXFixtures.open("kdbx4-argon2d-aes.kdbx", password: Array("Planted-Wrong-Pass".utf8))
            Issue.record("opened with a wrong password")
        } catch let error as VaultCryptoError {
            let message = error.localizedDescription
            #expect(message.contains("kdbx4-argon2d-aes.kdbx"))
            #expect(!message.contains("Planted"))
        }
    }
}

/// The key file forms KeePass knows, each to the key KeePass derives.
@Suite struct KDBXKeyFileTests {
    @Test func xmlVersion2ChecksItsHash() throws {
        let good = try KDBXFixtures.bytes("keyfile-v2.keyx")
        let key = try KDBXKeyFile.key(good)
        #expect(key.count == 32)
        // One hex digit of the key changed: the Hash attribute no longer matches.
        var text = String(decoding: good, as: UTF8.self)
        let data = try #require(text.range(of: "<Data Hash=\"")).upperBound
        let digits = try #require(text[data...].range(of: ">")).upperBound
        let first = text[digits...].firstIndex { $0.isHexDigit }!
        text.replaceSubrange(first...first, with: text[first] == "0" ? "1" : "0")
        #expect(throws: KDBXError.self) { try KDBXKeyFile.key(Array(text.utf8)) }
    }

    @Test func rawHexAndOtherFiles() throws {
        let raw = Array(repeating: UInt8(7), count: 32)
        #expect(try KDBXKeyFile.key(raw) == raw)
        #expect(try KDBXKeyFile.key(Array(String(repeating: "0a", count: 32).utf8)) == Array(repeating: 0x0A, count: 32))
        // 64 characters that are not all hex: hashed like any other file.
        let notHex = Array(String(repeating: "zz", count: 32).utf8)
        #expect(try KDBXKeyFile.key(notHex).count == 32 && (try KDBXKeyFile.key(notHex)) != notHex)
        #expect(try KDBXKeyFile.key([]).count == 32)
        // XML that is not a key file is a file like any other.
        #expect(try KDBXKeyFile.key(Array("<note>hi</note>".utf8)).count == 32)
        // Found by fuzzing: a key file with non-UTF-8 bytes in an element name crashed FoundationXML.
        let broken = try KDBXFixtures.bytes("keyfile-fuzz-invalid-utf8.bin")
        #expect(try KDBXKeyFile.key(broken) == Array(SHA256.hash(data: broken)))
    }
}
