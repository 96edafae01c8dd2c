import Crypto
import Foundation

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
