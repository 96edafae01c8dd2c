import CGcrypt
import Crypto
import _CryptoExtras
import Foundation

/// The outer cipher named by the header's CipherID: AES-256-CBC, ChaCha20 or Twofish-CBC.
enum KDBXCipher: Equatable {
    case aes256
    case chaCha20
    case twofish

    static let aes256UUID = KDBXUUID("31C1F2E6-BF71-4350-BE58-05216AFC5AFF")
    static let chaCha20UUID = KDBXUUID("D6038A2B-8B6F-4CB5-A524-339A31DBB59A")
    static let twofishUUID = KDBXUUID("AD68F29F-576F-4BB9-A36A-D47AF965346C")
    static let aes128UUID = KDBXUUID("61AB05A1-9464-41C3-8D74-3A563DF8DD35")

    init(uuid: Data) throws {
        switch KDBXUUID(uuid) {
        case Self.aes256UUID: self = .aes256
        case Self.chaCha20UUID: self = .chaCha20
        case Self.twofishUUID: self = .twofish
        case Self.aes128UUID:
            throw KDBXError.unsupported("the database is encrypted with AES-128, which this reader does not support; change the encryption to AES-256 or ChaCha20 in KeePass or KeePassXC (Database settings, Security) and save it again")
        default:
            throw KDBXError.unsupported("the database is encrypted with the cipher \(KDBXUUID(uuid)), which is not one KeePass knows (AES-256, ChaCha20, Twofish); cannot open it")
        }
    }

    var name: String {
        switch self {
        case .aes256: "AES-256"
        case .chaCha20: "ChaCha20"
        case .twofish: "Twofish"
        }
    }

    var ivLength: Int { self == .chaCha20 ? 12 : 16 }

    /// Why decryption failed: with a key already proven by the header HMAC (KDBX 4) bad padding is
    /// damage; in KDBX 3.1 it is the first sign of a wrong key.
    enum PaddingFailure { case damaged, wrongKey }

    /// Decrypts the whole payload with the 32-byte key and the header's IV.
    func decrypt(_ ciphertext: Data, key: [UInt8], iv: Data, badPadding: PaddingFailure) throws -> Data {
        guard iv.count == ivLength else {
            throw KDBXError.damaged("the encryption IV is \(iv.count) bytes long; \(name) needs \(ivLength)")
        }
        let paddingError: KDBXError = badPadding == .wrongKey ? .wrongKey : .damaged("the decrypted payload's padding is invalid")
        switch self {
        case .aes256:
            guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { throw Self.notWholeBlocks(ciphertext.count) }
            do {
                return try AES._CBC.decrypt(ciphertext, using: SymmetricKey(data: key), iv: try AES._CBC.IV(ivBytes: iv))
            } catch {
                throw paddingError
            }
        case .chaCha20:
            return try Insecure.ChaCha20CTR.encrypt(ciphertext, using: SymmetricKey(data: key), nonce: try Insecure.ChaCha20CTR.Nonce(data: iv))
        case .twofish:
            guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { throw Self.notWholeBlocks(ciphertext.count) }
            var plaintext = try Self.twofishCBC(ciphertext, key: key, iv: iv)
            // PKCS#7: the last byte says how many bytes of padding, each holding that count.
            let pad = Int(plaintext.last!)
            guard (1...16).contains(pad), plaintext.suffix(pad).allSatisfy({ Int($0) == pad }) else {
                plaintext.wipe()
                throw paddingError
            }
            plaintext.removeLast(pad)
            return plaintext
        }
    }

    private static func notWholeBlocks(_ count: Int) -> KDBXError {
        .damaged("the encrypted payload is \(count) bytes long, not a whole number of 16-byte blocks; the file is truncated")
    }

    private static func twofishCBC(_ ciphertext: Data, key: [UInt8], iv: Data) throws -> Data {
        try Gcrypt.ready()
        var handle: gcry_cipher_hd_t?
        guard gcry_cipher_open(&handle, Int32(GCRY_CIPHER_TWOFISH.rawValue), Int32(GCRY_CIPHER_MODE_CBC.rawValue), 0) == 0,
              let handle else { throw KDBXError.unsupported("libgcrypt cannot run Twofish here") }
        defer { gcry_cipher_close(handle) }
        var data = Data(ciphertext)
        let status = key.withUnsafeBytes { key in
            iv.withUnsafeBytes { iv in
                data.withUnsafeMutableBytes { buffer -> gcry_error_t in
                    var status = gcry_cipher_setkey(handle, key.baseAddress, key.count)
                    if status == 0 { status = gcry_cipher_setiv(handle, iv.baseAddress, iv.count) }
                    if status == 0 { status = gcry_cipher_decrypt(handle, buffer.baseAddress, buffer.count, nil, 0) }
                    return status
                }
            }
        }
        guard status == 0 else {
            data.wipe()
            throw KDBXError.damaged("Twofish decryption failed (libgcrypt error \(status))")
        }
        return data
    }
}
