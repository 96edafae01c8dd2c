import Foundation
import Vault

/// Bitwarden's password-protected JSON export. Being written: see issue 12.
enum BitwardenEncryptedExport {
    static func open(_ data: Data, file: String, unlock: Unlock) throws -> VaultFile {
        throw VaultCryptoError.unsupported(file: file, reason: "password-protected Bitwarden exports cannot be read yet")
    }
}
