import Crypto
import Foundation

/// The composite key: SHA-256 over SHA-256(password) and the key file's key, whichever are given.
enum KDBXCompositeKey {
    static func make(_ unlock: Unlock) throws -> [UInt8] {
        guard unlock.password != nil || unlock.keyFile != nil else { throw KDBXError.noKey }
        var parts: [UInt8] = []
        defer { parts.wipe() }
        if let password = unlock.password { parts += SHA256.hash(data: password) }
        if let keyFile = unlock.keyFile {
            var key = try KDBXKeyFile.key(keyFile)
            parts += key
            key.wipe()
        }
        return Array(SHA256.hash(data: parts))
    }
}
