import CGcrypt
import Crypto
import _CryptoExtras
import Foundation

/// The inner stream cipher that hides protected values (passwords) inside the decrypted XML: one
/// keystream running through every `Protected="True"` value in document order.
final class KDBXInnerStream {
    enum Kind: Equatable {
        /// Values are only base64 (KeePass's "no protection").
        case none
        /// KDBX 3.1's: key SHA-256(stream key), fixed IV.
        case salsa20
        /// KDBX 4's: key and nonce from SHA-512(stream key).
        case chaCha20

        init(id: UInt32) throws {
            switch id {
            case 0: self = .none
            case 2: self = .salsa20
            case 3: self = .chaCha20
            case 1: throw KDBXError.unsupported("protected values use the ArcFour variant stream of early KeePass 2 pre-releases, which this reader does not support")
            default: throw KDBXError.unsupported("protected values use inner stream cipher \(id), which KeePass does not define (2 Salsa20, 3 ChaCha20)")
            }
        }
    }

    private static let salsa20IV: [UInt8] = [0xE8, 0x30, 0x09, 0x4B, 0x97, 0x20, 0x5D, 0x2A]

    private let kind: Kind
    /// Salsa20 runs in libgcrypt, which keeps the stream position between calls.
    private var salsa: gcry_cipher_hd_t?
    /// ChaCha20 runs in swift-crypto, one 64-byte block counter at a time: keystream made ahead, used from `used`.
    private var chaChaKey: SymmetricKey?
    private var chaChaNonce: Insecure.ChaCha20CTR.Nonce?
    private var nextBlock: UInt32 = 0
    private var keystream: [UInt8] = []
    private var used = 0

    init(kind: Kind, key: Data) throws {
        self.kind = kind
        switch kind {
        case .none: break
        case .salsa20:
            try Gcrypt.ready()
            var handle: gcry_cipher_hd_t?
            guard gcry_cipher_open(&handle, Int32(GCRY_CIPHER_SALSA20.rawValue), Int32(GCRY_CIPHER_MODE_STREAM.rawValue), 0) == 0,
                  let handle else { throw KDBXError.unsupported("libgcrypt cannot run Salsa20 here") }
            salsa = handle
            var derived = Array(SHA256.hash(data: key))
            defer { derived.wipe() }
            let status = derived.withUnsafeBytes { gcry_cipher_setkey(handle, $0.baseAddress, $0.count) }
            let ivStatus = Self.salsa20IV.withUnsafeBytes { gcry_cipher_setiv(handle, $0.baseAddress, $0.count) }
            guard status == 0, ivStatus == 0 else { throw KDBXError.damaged("the inner stream key cannot key Salsa20") }
        case .chaCha20:
            var derived = Array(SHA512.hash(data: key))
            defer { derived.wipe() }
            chaChaKey = SymmetricKey(data: derived[0..<32])
            chaChaNonce = try Insecure.ChaCha20CTR.Nonce(data: derived[32..<44])
        }
    }

    deinit {
        if let salsa { gcry_cipher_close(salsa) }
        keystream.wipe()
    }

    /// The plaintext of one protected value: base64-decoded, XORed with the next keystream bytes, UTF-8
    /// (bytes that are not UTF-8, as in an attachment, become replacement characters).
    func reveal(_ text: String) throws -> String {
        guard var bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)).map(Array.init) else {
            throw KDBXError.damaged("a protected value is not base64")
        }
        defer { bytes.wipe() }
        try xor(&bytes)
        // Not every protected value is text: KeePass 2 also protects attachments in KDBX 3.1's
        // Meta/Binaries. Their bytes are not needed, only the keystream they use up.
        return String(decoding: bytes, as: UTF8.self)
    }

    /// XORs the next keystream bytes into `bytes`.
    func xor(_ bytes: inout [UInt8]) throws {
        switch kind {
        case .none: return
        case .salsa20:
            let status = bytes.withUnsafeMutableBytes { gcry_cipher_encrypt(salsa, $0.baseAddress, $0.count, nil, 0) }
            guard status == 0 else { throw KDBXError.damaged("Salsa20 failed on a protected value") }
        case .chaCha20:
            for index in bytes.indices {
                if used == keystream.count { try refill(atLeast: bytes.count - index) }
                bytes[index] ^= keystream[used]
                used += 1
            }
        }
    }

    /// Makes the next blocks of ChaCha20 keystream (the encryption of zeros from block `nextBlock`).
    private func refill(atLeast count: Int) throws {
        let blocks = min(max((count + 63) / 64, 16), 1 << 16)
        guard UInt64(nextBlock) + UInt64(blocks) <= UInt64(UInt32.max) else { throw KDBXError.damaged("the protected values exceed the inner stream's length") }
        let zeros = Data(count: blocks * 64)
        let stream = try Insecure.ChaCha20CTR.encrypt(zeros, using: chaChaKey!, counter: .init(offset: nextBlock), nonce: chaChaNonce!)
        keystream.wipe()
        keystream = Array(stream)
        used = 0
        nextBlock += UInt32(blocks)
    }
}

/// KDBX 4's inner header, at the start of the decrypted (and decompressed) payload: the inner
/// stream's kind and key, then attachments (skipped), then the XML.
struct KDBXInnerHeader {
    var stream: KDBXInnerStream.Kind
    var key: Data
    /// Where the XML starts in the payload.
    var length: Int

    init(_ payload: Data) throws {
        var reader = ByteReader(payload)
        var kind: KDBXInnerStream.Kind?
        var key: Data?
        loop: while true {
            let id = try reader.uint8("the inner header")
            let size = try reader.length32("inner header field \(id)")
            let value = try reader.bytes(size, "inner header field \(id)")
            switch id {
            case 0: break loop
            case 1:
                guard value.count == 4 else { throw KDBXError.damaged("the inner stream ID is \(value.count) bytes long, expected 4") }
                kind = try KDBXInnerStream.Kind(id: UInt32(ByteReader.littleEndian(value)))
            case 2: key = Data(value)
            default: continue // 3: an attachment, not needed for the audit
            }
        }
        guard let kind else { throw KDBXError.damaged("the inner header has no stream ID") }
        guard let key, kind == .none || !key.isEmpty else { throw KDBXError.damaged("the inner header has no stream key") }
        stream = kind
        self.key = key
        length = reader.position
    }
}
