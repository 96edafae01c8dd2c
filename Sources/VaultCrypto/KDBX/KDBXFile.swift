import Foundation
import Vault

/// A KeePass database (KDBX 3.1 and 4). Being written: see issue 12.
enum KDBXFile {
    static func open(_ data: Data, file: String, unlock: Unlock) throws -> VaultFile {
        throw VaultCryptoError.unsupported(file: file, reason: "KeePass databases cannot be read yet")
    }
}
