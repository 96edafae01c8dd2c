import Foundation
import Testing
import Vault
@testable import VaultCrypto

/// Encrypted vaults are recognised by content, and nothing else is taken for one.
@Suite struct EncryptedFormatTests {
    @Test func recognisedByContent() {
        #expect(VaultCrypto.format(of: Data([0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 0x01, 0x00, 0x04, 0x00])) == .kdbx)
        // KeePass 1 (KDB) has another second signature and is not KDBX.
        #expect(VaultCrypto.format(of: Data([0x03, 0xD9, 0xA2, 0x9A, 0x65, 0xFB, 0x4B, 0xB5])) == nil)
        let protected = #"{"encrypted": true, "passwordProtected": true, "salt": "x", "kdfType": 0, "kdfIterations": 600000, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "data": "2.a|b|c"}"#
        #expect(VaultCrypto.format(of: Data(protected.utf8)) == .bitwardenPasswordProtected)
        #expect(VaultCrypto.format(of: Data(("\u{FEFF}\n  " + protected).utf8)) == .bitwardenPasswordProtected)
        let restricted = #"{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "folders": [], "items": []}"#
        #expect(VaultCrypto.format(of: Data(restricted.utf8)) == .bitwardenAccountRestricted)
        for plain in [#"{"encrypted": false, "items": []}"#, "name,url,username,password\n", "<KeePassFile/>", ""] {
            #expect(VaultCrypto.format(of: Data(plain.utf8)) == nil, "\(plain)")
        }
    }

    @Test func anAccountRestrictedExportSaysHowToMakeOneThatOpens() {
        let restricted = Data(#"{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "items": []}"#.utf8)
        #expect(throws: VaultCryptoError.accountRestricted(file: "bw.json")) {
            try VaultCrypto.open(restricted, file: "bw.json", unlock: Unlock(password: Array("x".utf8)))
        }
        #expect(VaultCryptoError.accountRestricted(file: "bw.json").localizedDescription.contains("Password protected"))
    }

    @Test func wipingZeroesAndForgets() {
        var unlock = Unlock(password: Array("geheim".utf8), keyFile: [1, 2, 3])
        unlock.wipe()
        #expect(unlock.password == nil && unlock.keyFile == nil)
    }
}
