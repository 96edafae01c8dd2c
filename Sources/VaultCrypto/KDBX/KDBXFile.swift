import Crypto
import Foundation
import Vault

/// A KeePass database (KDBX 3.1 and 4.x), read in memory: header, key derivation, integrity checks,
/// decryption, decompression, then the XML with its protected values decrypted one by one.
enum KDBXFile {
    static func open(_ data: Data, file: String, unlock: Unlock) throws -> VaultFile {
        do {
            return try read(data, file: file, unlock: unlock)
        } catch let error as KDBXError {
            throw error.named(file)
        } catch let error as VaultImportError {
            throw VaultCryptoError.damaged(file: file, reason: "the decrypted XML is not a KeePass database: \(error.localizedDescription)")
        } catch let error as VaultCryptoError {
            throw error
        } catch {
            throw VaultCryptoError.damaged(file: file, reason: "\(error)")
        }
    }

    private static func read(_ data: Data, file: String, unlock: Unlock) throws -> VaultFile {
        let header = try KDBXHeader(data)
        // Everything that can be refused without the key is refused before the key derivation runs.
        try header.kdf.check()
        var payload = header.major == 4 ? try KDBX4Body.decrypt(data, header: header, unlock: unlock)
                                        : try KDBX3Body.decrypt(data, header: header, unlock: unlock)
        defer { payload.plaintext.wipe() }
        let stream = try KDBXInnerStream(kind: payload.stream, key: payload.streamKey)
        let xmlStart = payload.plaintext.startIndex + payload.xmlStart
        // A protected value that cannot be decrypted is reported as such, not as an XML error.
        var streamFailure: KDBXError?
        do {
            // A slice, not a copy, and no name holds it past the call: the one buffer is wiped when done.
            return try VaultImporter.readKeePassXML(payload.plaintext[xmlStart...], file: file, format: header.formatName) { text in
                do {
                    return try stream.reveal(text)
                } catch let error as KDBXError {
                    streamFailure = error
                    throw error
                }
            }
        } catch {
            throw streamFailure ?? error
        }
    }

    /// The transformed key: the composite key through the header's KDF.
    static func transformedKey(_ header: KDBXHeader, unlock: Unlock) throws -> [UInt8] {
        var composite = try KDBXCompositeKey.make(unlock)
        defer { composite.wipe() }
        return try header.kdf.derive(composite)
    }

    /// SHA-256(master seed ‖ transformed key): the outer cipher's key.
    static func cipherKey(seed: Data, transformed: [UInt8]) -> [UInt8] {
        var input = [UInt8](seed) + transformed
        defer { input.wipe() }
        return Array(SHA256.hash(data: input))
    }
}
