import CArgon2
import Crypto
import _CryptoExtras
import Foundation
import Vault

/// Bitwarden's password-protected JSON export: `{"encrypted": true, "passwordProtected": true, "salt",
/// "kdfType", "kdfIterations", "kdfMemory", "kdfParallelism", "encKeyValidation_DO_NOT_EDIT", "data"}`.
///
/// The file password and the salt give a 32-byte key (PBKDF2-SHA-256 over the salt text's bytes, or
/// Argon2id over the SHA-256 of them, memory in MiB); HKDF-Expand stretches it into an AES-256-CBC key
/// (info `enc`) and an HMAC-SHA-256 key (info `mac`). `encKeyValidation_DO_NOT_EDIT` and `data` are
/// EncStrings `2.<iv>|<ciphertext>|<mac>` in base64; the MAC over iv ‖ ciphertext is checked before
/// anything is decrypted. `data` holds the unencrypted export's JSON, read by the vault family's
/// Bitwarden reader.
enum BitwardenEncryptedExport {
    struct Header: Decodable {
        var encrypted: Bool
        var passwordProtected: Bool?
        var salt: String?
        var kdfType: Int?
        var kdfIterations: Int?
        var kdfMemory: Int?
        var kdfParallelism: Int?
        var encKeyValidation: String?
        var data: String?

        enum CodingKeys: String, CodingKey {
            case encrypted, passwordProtected, salt, kdfType, kdfIterations, kdfMemory, kdfParallelism, data
            case encKeyValidation = "encKeyValidation_DO_NOT_EDIT"
        }
    }

    /// Bitwarden's own bounds: PBKDF2 600,000 iterations by default (5,000 at least); Argon2id 64 MiB,
    /// 3 iterations, 4 threads by default. Far beyond these is a damaged or hostile file.
    static let maxPBKDF2Iterations = 100_000_000
    static let maxArgon2Iterations = 1_000
    static let maxParallelism = 64

    static func open(_ data: Data, file: String, unlock: Unlock) throws -> VaultFile {
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw VaultCryptoError.damaged(file: file, reason: "not the JSON of a Bitwarden encrypted export")
        }
        guard header.encrypted, header.passwordProtected == true else { throw VaultCryptoError.accountRestricted(file: file) }
        guard let salt = header.salt, let kdfType = header.kdfType, let validation = header.encKeyValidation, let payload = header.data else {
            throw VaultCryptoError.damaged(file: file, reason: "salt, kdfType, encKeyValidation_DO_NOT_EDIT or data is missing")
        }
        guard let password = unlock.password else { throw VaultCryptoError.noKey(file: file) }
        var key = try deriveKey(password: password, salt: Array(salt.utf8), header: header, kdfType: kdfType, file: file)
        defer { key.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        let keys = StretchedKeys(key)
        let validationString = try EncString(validation, file: file, field: "encKeyValidation_DO_NOT_EDIT")
        guard validationString.macMatches(keys) else { throw VaultCryptoError.wrongKey(file: file) }
        let dataString = try EncString(payload, file: file, field: "data")
        guard dataString.macMatches(keys) else {
            throw VaultCryptoError.damaged(file: file, reason: "the MAC of data does not match, though the password is right: the export was altered")
        }
        var plaintext: Data
        do {
            plaintext = try AES._CBC.decrypt(dataString.ciphertext, using: keys.encryption, iv: AES._CBC.IV(ivBytes: dataString.iv))
        } catch {
            throw VaultCryptoError.damaged(file: file, reason: "data does not decrypt (bad padding)")
        }
        defer { plaintext.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        do {
            return try VaultImporter.readBitwardenJSON(plaintext, file: file, format: "Bitwarden JSON (password-protected)")
        } catch let error as VaultImportError {
            // The reader's messages name lines of a file the user never sees: say where it came from.
            throw VaultCryptoError.damaged(file: file, reason: "the decrypted export is not Bitwarden's JSON: \(Self.describe(error))")
        }
    }

    static func describe(_ error: VaultImportError) -> String {
        error.errorDescription.map { $0.components(separatedBy: ": ").dropFirst().joined(separator: ": ") } ?? "\(error)"
    }

    /// Refuses parameters that are missing, zero or beyond the bounds, before any work is done.
    static func checkCost(_ header: Header, kdfType: Int, file: String) throws {
        let iterations = header.kdfIterations ?? 0
        switch kdfType {
        case 0:
            guard iterations >= 1 else { throw VaultCryptoError.damaged(file: file, reason: "kdfIterations is missing or zero") }
            guard iterations <= maxPBKDF2Iterations else {
                throw VaultCryptoError.kdfTooExpensive(file: file, reason: "asks for \(iterations) PBKDF2 iterations, more than \(maxPBKDF2Iterations)")
            }
        case 1:
            let memory = header.kdfMemory ?? 0, parallelism = header.kdfParallelism ?? 0
            guard iterations >= 1, memory >= 1, parallelism >= 1 else {
                throw VaultCryptoError.damaged(file: file, reason: "kdfIterations, kdfMemory or kdfParallelism is missing or zero")
            }
            guard memory <= VaultCrypto.kdfMemoryLimit >> 20 else {
                throw VaultCryptoError.kdfTooExpensive(file: file, reason: "asks for \(memory) MiB of memory for Argon2id, more than the \(VaultCrypto.kdfMemoryLimit >> 20) MiB allowed")
            }
            guard iterations <= maxArgon2Iterations, parallelism <= maxParallelism else {
                throw VaultCryptoError.kdfTooExpensive(file: file, reason: "asks for \(iterations) Argon2id iterations on \(parallelism) lanes (at most \(maxArgon2Iterations) and \(maxParallelism))")
            }
        default:
            throw VaultCryptoError.unsupported(file: file, reason: "key derivation type \(kdfType) is not one Bitwarden uses (0 PBKDF2-SHA-256, 1 Argon2id)")
        }
    }

    static func deriveKey(password: [UInt8], salt: [UInt8], header: Header, kdfType: Int, file: String) throws -> [UInt8] {
        try checkCost(header, kdfType: kdfType, file: file)
        let iterations = header.kdfIterations ?? 0
        switch kdfType {
        case 0:
            let key = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: 32,
                                                         unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        case 1:
            let memory = header.kdfMemory ?? 0, parallelism = header.kdfParallelism ?? 0
            let hashedSalt = Array(SHA256.hash(data: salt))
            var output = [UInt8](repeating: 0, count: 32)
            let status = password.withUnsafeBytes { secret in
                hashedSalt.withUnsafeBytes { saltBytes in
                    output.withUnsafeMutableBytes { out in
                        argon2id_hash_raw(UInt32(iterations), UInt32(memory * 1024), UInt32(parallelism), secret.baseAddress, secret.count,
                                          saltBytes.baseAddress, saltBytes.count, out.baseAddress, out.count)
                    }
                }
            }
            guard status == ARGON2_OK.rawValue else {
                throw VaultCryptoError.damaged(file: file, reason: "Argon2id refused the parameters (\(String(cString: argon2_error_message(status))))")
            }
            return output
        default:
            throw VaultCryptoError.unsupported(file: file, reason: "key derivation type \(kdfType) is not one Bitwarden uses (0 PBKDF2-SHA-256, 1 Argon2id)")
        }
    }

    /// The two keys HKDF-Expand makes of the derived key.
    struct StretchedKeys {
        let encryption: SymmetricKey
        let authentication: SymmetricKey

        init(_ key: [UInt8]) {
            let prk = SymmetricKey(data: key)
            encryption = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: Array("enc".utf8), outputByteCount: 32)
            authentication = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: Array("mac".utf8), outputByteCount: 32)
        }
    }

    /// `2.<iv>|<ciphertext>|<mac>`: AES-256-CBC with HMAC-SHA-256, each part base64.
    struct EncString {
        var iv: [UInt8]
        var ciphertext: [UInt8]
        var mac: [UInt8]

        init(_ text: String, file: String, field: String) throws {
            guard text.hasPrefix("2.") else {
                let type = text.split(separator: ".").first.map(String.init) ?? ""
                throw VaultCryptoError.unsupported(file: file, reason: "\(field) is encrypted with type \(type.prefix(4)), not 2 (AES-256-CBC with HMAC-SHA-256)")
            }
            let parts = text.dropFirst(2).split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, let iv = Data(base64Encoded: String(parts[0])), let ciphertext = Data(base64Encoded: String(parts[1])),
                  let mac = Data(base64Encoded: String(parts[2])) else {
                throw VaultCryptoError.damaged(file: file, reason: "\(field) is not iv|ciphertext|mac in base64")
            }
            guard iv.count == 16, mac.count == 32, !ciphertext.isEmpty, ciphertext.count % 16 == 0 else {
                throw VaultCryptoError.damaged(file: file, reason: "\(field) has a \(iv.count)-byte IV, a \(mac.count)-byte MAC and \(ciphertext.count) bytes of ciphertext")
            }
            self.iv = Array(iv)
            self.ciphertext = Array(ciphertext)
            self.mac = Array(mac)
        }

        func macMatches(_ keys: StretchedKeys) -> Bool {
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: iv + ciphertext, using: keys.authentication)
        }
    }
}
