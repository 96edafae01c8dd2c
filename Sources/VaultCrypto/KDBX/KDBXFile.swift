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

/// A decrypted payload and how to read its protected values.
struct KDBXPlaintext {
    var plaintext: Data
    var xmlStart: Int
    var stream: KDBXInnerStream.Kind
    var streamKey: Data
}

/// KDBX 4: header SHA-256 and HMAC, HMAC block stream, then decryption, decompression and the inner header.
enum KDBX4Body {
    static func decrypt(_ data: Data, header: KDBXHeader, unlock: Unlock) throws -> KDBXPlaintext {
        var reader = ByteReader(data)
        _ = try reader.bytes(header.length, "the header")
        let hash = try reader.bytes(32, "the header's SHA-256")
        guard Data(SHA256.hash(data: header.bytes)) == hash else { throw KDBXError.damaged("the header's SHA-256 does not match") }
        let headerMAC = try reader.bytes(32, "the header's HMAC")

        var transformed = try KDBXFile.transformedKey(header, unlock: unlock)
        defer { transformed.wipe() }
        var macInput = [UInt8](header.masterSeed) + transformed + [1]
        var macBase = Array(SHA512.hash(data: macInput))
        macInput.wipe()
        defer { macBase.wipe() }
        let expected = HMAC<SHA256>.authenticationCode(for: header.bytes, using: KDBXBlockStream.hmacKey(index: .max, baseKey: macBase))
        guard Data(expected) == headerMAC else { throw KDBXError.wrongKey }

        var ciphertext = try KDBXBlockStream.readHMACBlocks(reader.rest(), baseKey: macBase)
        defer { ciphertext.wipe() }
        var key = KDBXFile.cipherKey(seed: header.masterSeed, transformed: transformed)
        defer { key.wipe() }
        var plaintext = try header.cipher.decrypt(ciphertext, key: key, iv: header.encryptionIV, badPadding: .damaged)
        if header.compressed { try KDBXGzip.decompress(&plaintext) }
        do {
            let inner = try KDBXInnerHeader(plaintext)
            return KDBXPlaintext(plaintext: plaintext, xmlStart: inner.length, stream: inner.stream, streamKey: inner.key)
        } catch {
            plaintext.wipe()
            throw error
        }
    }
}

/// KDBX 3.1: decryption, the stream start bytes (the key check), the hashed block stream, decompression.
enum KDBX3Body {
    static func decrypt(_ data: Data, header: KDBXHeader, unlock: Unlock) throws -> KDBXPlaintext {
        var transformed = try KDBXFile.transformedKey(header, unlock: unlock)
        defer { transformed.wipe() }
        var key = KDBXFile.cipherKey(seed: header.masterSeed, transformed: transformed)
        defer { key.wipe() }
        let ciphertext = data[(data.startIndex + header.length)...]
        var decrypted = try header.cipher.decrypt(ciphertext, key: key, iv: header.encryptionIV, badPadding: .wrongKey)
        defer { decrypted.wipe() }
        guard let startBytes = header.streamStartBytes, decrypted.count >= startBytes.count,
              decrypted.prefix(startBytes.count) == startBytes else { throw KDBXError.wrongKey }
        var plaintext = try KDBXBlockStream.readHashedBlocks(decrypted.dropFirst(startBytes.count))
        if header.compressed { try KDBXGzip.decompress(&plaintext) }
        do {
            try checkHeaderHash(plaintext, header: header.bytes)
        } catch {
            plaintext.wipe()
            throw error
        }
        return KDBXPlaintext(plaintext: plaintext, xmlStart: 0, stream: header.innerStream ?? .salsa20,
                             streamKey: header.protectedStreamKey ?? Data())
    }

    /// KeePass and KeePassXC write the header's SHA-256 into the XML's Meta/HeaderHash in KDBX 3.1
    /// (the header is not otherwise authenticated); checked when present, as they do.
    static func checkHeaderHash(_ xml: Data, header: Data) throws {
        let meta = xml.prefix(1 << 16)
        guard let open = meta.range(of: Data("<HeaderHash>".utf8)),
              let close = meta.range(of: Data("</HeaderHash>".utf8), in: open.upperBound..<meta.endIndex) else { return }
        let text = String(decoding: meta[open.upperBound..<close.lowerBound], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let recorded = Data(base64Encoded: text), recorded == Data(SHA256.hash(data: header)) else {
            throw KDBXError.damaged("the header does not match its SHA-256 in the database's Meta/HeaderHash")
        }
    }
}
