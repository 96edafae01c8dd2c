import CArgon2
import CGcrypt
import Crypto
import Foundation

/// The key derivation that turns the composite key into the transformed key: AES-KDF (KDBX 3.1's
/// TransformSeed/TransformRounds, or KDBX 4's KDF parameters) or Argon2d/Argon2id (KDBX 4).
/// The cost is checked against fixed limits before any work or allocation.
enum KDBXKDF: Equatable {
    case aes(seed: Data, rounds: UInt64)
    case argon2(Argon2Parameters)

    struct Argon2Parameters: Equatable {
        enum Variant: Equatable { case d, id }
        var variant: Variant
        var salt: Data
        var parallelism: UInt64
        /// In bytes, as the file stores it.
        var memory: UInt64
        var iterations: UInt64
        var version: UInt64
        var secret: Data?
        var associatedData: Data?
    }

    static let aesKDF = KDBXUUID("C9D9F39A-628A-4460-BF74-0D08C18A4FEA")
    /// KeePassXC's name for AES-KDF when it writes KDBX 3.1; the same derivation.
    static let aesKDFKDBX3 = KDBXUUID("7C02BB82-79A7-4AC0-927D-114A00648238")
    static let argon2d = KDBXUUID("EF636DDF-8C29-444B-91F7-A9A403E30A0C")
    static let argon2id = KDBXUUID("9E298B19-56DB-4773-B23D-FC3EC6F0A1E6")

    /// More AES-KDF rounds than this is not a setting anyone chose (KeePassXC's one-second
    /// default is a few million to a few tens of millions).
    static let aesRoundsLimit: UInt64 = 1 << 31
    static let argon2IterationsLimit: UInt64 = 100_000
    static let argon2ParallelismLimit: UInt64 = 1_024
    /// Memory times iterations: 1 TiB of memory passes, minutes of work even on a fast machine.
    static let argon2WorkLimit: UInt64 = 1 << 40

    /// The KDF of a KDBX 4 header, from its variant dictionary.
    init(parameters: VariantDictionary) throws {
        let what = "the KDF parameters"
        guard let uuidBytes = parameters.bytes("$UUID") else { throw KDBXError.damaged("\(what) do not name the KDF ($UUID)") }
        let uuid = KDBXUUID(uuidBytes)
        func required(_ name: String) throws -> UInt64 {
            guard let value = parameters.unsigned(name) else { throw KDBXError.damaged("\(what) lack the number '\(name)'") }
            return value
        }
        switch uuid {
        case Self.aesKDF, Self.aesKDFKDBX3:
            guard let seed = parameters.bytes("S") else { throw KDBXError.damaged("\(what) lack AES-KDF's seed 'S'") }
            self = .aes(seed: seed, rounds: try required("R"))
        case Self.argon2d, Self.argon2id:
            guard let salt = parameters.bytes("S") else { throw KDBXError.damaged("\(what) lack Argon2's salt 'S'") }
            self = .argon2(Argon2Parameters(variant: uuid == Self.argon2d ? .d : .id, salt: salt,
                                            parallelism: try required("P"), memory: try required("M"),
                                            iterations: try required("I"), version: try required("V"),
                                            secret: parameters.bytes("K"), associatedData: parameters.bytes("A")))
        default:
            throw KDBXError.unsupported("the key derivation \(uuid) is not one KeePass knows (AES-KDF, Argon2d, Argon2id); cannot open it")
        }
    }

    init(aesSeed: Data, rounds: UInt64) {
        self = .aes(seed: aesSeed, rounds: rounds)
    }

    var name: String {
        switch self {
        case .aes: "AES-KDF"
        case .argon2(let parameters): parameters.variant == .d ? "Argon2d" : "Argon2id"
        }
    }

    /// Refuses parameters that are malformed, unknown, or too costly to run; does no work.
    func check() throws {
        switch self {
        case .aes(let seed, let rounds):
            guard seed.count == 32 else { throw KDBXError.damaged("AES-KDF's seed is \(seed.count) bytes long, expected 32") }
            guard rounds <= Self.aesRoundsLimit else {
                throw KDBXError.tooExpensive("asks for \(rounds) AES-KDF rounds, more than the limit of \(Self.aesRoundsLimit)")
            }
        case .argon2(let p):
            guard p.version == 0x10 || p.version == 0x13 else {
                throw KDBXError.unsupported("Argon2 version 0x\(String(p.version, radix: 16)) is not one this reader knows (0x10, 0x13)")
            }
            let limit = UInt64(VaultCrypto.kdfMemoryLimit)
            guard p.memory <= limit else {
                throw KDBXError.tooExpensive("asks for \(p.memory >> 20) MiB of memory for Argon2, more than the limit of \(limit >> 20) MiB")
            }
            guard p.iterations <= Self.argon2IterationsLimit else {
                throw KDBXError.tooExpensive("asks for \(p.iterations) Argon2 iterations, more than the limit of \(Self.argon2IterationsLimit)")
            }
            guard p.parallelism <= Self.argon2ParallelismLimit else {
                throw KDBXError.tooExpensive("asks for Argon2 parallelism \(p.parallelism), more than the limit of \(Self.argon2ParallelismLimit)")
            }
            guard p.memory * p.iterations <= Self.argon2WorkLimit else {
                throw KDBXError.tooExpensive("asks for \(p.iterations) Argon2 iterations over \(p.memory >> 20) MiB, more than the limit of \(Self.argon2WorkLimit >> 30) GiB of memory passes")
            }
            guard p.iterations >= 1, p.parallelism >= 1, p.salt.count >= 8, p.memory / 1024 >= 8 * p.parallelism else {
                throw KDBXError.damaged("the Argon2 parameters are impossible (iterations \(p.iterations), parallelism \(p.parallelism), \(p.memory / 1024) KiB, salt of \(p.salt.count) bytes)")
            }
        }
    }

    /// The transformed key (32 bytes) from the composite key.
    func derive(_ compositeKey: [UInt8]) throws -> [UInt8] {
        try check()
        switch self {
        case .aes(let seed, let rounds): return try Self.aesKDF(compositeKey, seed: seed, rounds: rounds)
        case .argon2(let parameters): return try Self.argon2(compositeKey, parameters)
        }
    }

    /// AES-256-ECB of both 16-byte halves of the key, `rounds` times with one key setup, then SHA-256.
    ///
    /// Encrypting a block again and again is CBC encryption of zero blocks with the block as the IV: the
    /// last ciphertext block is the block encrypted `rounds` times. So on a machine with two cores or
    /// more each half runs as CBC over a buffer of zeros on a thread of its own — thousands of blocks per
    /// library call instead of one call per round (about a fifth less time on this project's machine);
    /// on one core both halves go through ECB together, one call per round.
    static func aesKDF(_ key: [UInt8], seed: Data, rounds: UInt64,
                       parallel: Bool = ProcessInfo.processInfo.activeProcessorCount >= 2) throws -> [UInt8] {
        try Gcrypt.ready()
        guard seed.count == 32 else { throw KDBXError.damaged("AES-KDF's seed is not an AES-256 key") }
        var block = key
        defer { block.wipe() }
        if parallel {
            let source = block
            let results = UnsafeMutableBufferPointer<[UInt8]?>.allocate(capacity: 2)
            results.initialize(repeating: nil)
            defer { results.deinitialize(); results.deallocate() }
            let slots = HalfSlots(results)
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                var half = Array(source[index * 16 ..< index * 16 + 16])
                defer { half.wipe() }
                slots.buffer[index] = chained(half, seed: seed, rounds: rounds)
            }
            defer { for index in 0..<2 { results[index]?.wipe() } }
            guard let first = results[0], let second = results[1] else { throw KDBXError.unsupported("libgcrypt failed during AES-KDF") }
            block = first + second
        } else {
            try ecb(&block, seed: seed, rounds: rounds)
        }
        return Array(SHA256.hash(data: block))
    }

    /// One 16-byte half encrypted `rounds` times, as AES-256-CBC of zero blocks with the half as the IV;
    /// nil when libgcrypt fails.
    private static func chained(_ half: [UInt8], seed: Data, rounds: UInt64) -> [UInt8]? {
        var handle: gcry_cipher_hd_t?
        guard gcry_cipher_open(&handle, Int32(GCRY_CIPHER_AES256.rawValue), Int32(GCRY_CIPHER_MODE_CBC.rawValue), 0) == 0,
              let handle else { return nil }
        defer { gcry_cipher_close(handle) }
        guard seed.withUnsafeBytes({ gcry_cipher_setkey(handle, $0.baseAddress, $0.count) }) == 0,
              half.withUnsafeBytes({ gcry_cipher_setiv(handle, $0.baseAddress, $0.count) }) == 0 else { return nil }
        let chunkBlocks: UInt64 = 4096
        let zeros = [UInt8](repeating: 0, count: Int(chunkBlocks) * 16)
        var output = [UInt8](repeating: 0, count: zeros.count)
        defer { output.wipe() }
        var remaining = rounds
        var last = half
        while remaining > 0 {
            let blocks = Int(min(remaining, chunkBlocks))
            let failed = output.withUnsafeMutableBytes { out in
                zeros.withUnsafeBytes { gcry_cipher_encrypt(handle, out.baseAddress, blocks * 16, $0.baseAddress, blocks * 16) != 0 }
            }
            if failed { return nil }
            remaining -= UInt64(blocks)
            if remaining == 0 { last = Array(output[(blocks - 1) * 16 ..< blocks * 16]) }
        }
        return last
    }

    /// Both halves through ECB together, one call per round (a plain counting loop: nothing else belongs in it).
    private static func ecb(_ block: inout [UInt8], seed: Data, rounds: UInt64) throws {
        var handle: gcry_cipher_hd_t?
        guard gcry_cipher_open(&handle, Int32(GCRY_CIPHER_AES256.rawValue), Int32(GCRY_CIPHER_MODE_ECB.rawValue), 0) == 0,
              let handle else { throw KDBXError.unsupported("libgcrypt cannot run AES-256 here") }
        defer { gcry_cipher_close(handle) }
        let keyed = seed.withUnsafeBytes { gcry_cipher_setkey(handle, $0.baseAddress, $0.count) }
        guard keyed == 0 else { throw KDBXError.damaged("AES-KDF's seed is not an AES-256 key") }
        let failed = block.withUnsafeMutableBytes { buffer -> Bool in
            var remaining = rounds
            while remaining > 0 {
                if gcry_cipher_encrypt(handle, buffer.baseAddress, buffer.count, nil, 0) != 0 { return true }
                remaining -= 1
            }
            return false
        }
        guard !failed else { throw KDBXError.unsupported("libgcrypt failed during AES-KDF") }
    }

    private static func argon2(_ key: [UInt8], _ p: Argon2Parameters) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var password = key
        var salt = [UInt8](p.salt)
        var secret = [UInt8](p.secret ?? Data())
        var associated = [UInt8](p.associatedData ?? Data())
        defer { password.wipe(); secret.wipe() }
        let threads = UInt32(min(p.parallelism, UInt64(max(1, ProcessInfo.processInfo.activeProcessorCount))))
        let result = output.withUnsafeMutableBufferPointer { out in
            password.withUnsafeMutableBufferPointer { pwd in
                salt.withUnsafeMutableBufferPointer { salt in
                    secret.withUnsafeMutableBufferPointer { secret in
                        associated.withUnsafeMutableBufferPointer { ad in
                            var context = argon2_context()
                            context.out = out.baseAddress
                            context.outlen = UInt32(out.count)
                            context.pwd = pwd.baseAddress
                            context.pwdlen = UInt32(pwd.count)
                            context.salt = salt.baseAddress
                            context.saltlen = UInt32(salt.count)
                            context.secret = secret.count > 0 ? secret.baseAddress : nil
                            context.secretlen = UInt32(secret.count)
                            context.ad = ad.count > 0 ? ad.baseAddress : nil
                            context.adlen = UInt32(ad.count)
                            context.t_cost = UInt32(p.iterations)
                            context.m_cost = UInt32(p.memory / 1024)
                            context.lanes = UInt32(p.parallelism)
                            context.threads = threads
                            context.version = UInt32(p.version)
                            context.flags = 0 // ARGON2_DEFAULT_FLAGS: keep the password and secret (ours to wipe)
                            return argon2_ctx(&context, p.variant == .d ? Argon2_d : Argon2_id)
                        }
                    }
                }
            }
        }
        guard result == ARGON2_OK.rawValue else {
            output.wipe()
            let message = argon2_error_message(result).map { String(cString: $0) } ?? "error \(result)"
            if result == ARGON2_MEMORY_ALLOCATION_ERROR.rawValue {
                throw KDBXError.tooExpensive("needs \(p.memory >> 20) MiB of memory for Argon2, which this machine could not give (\(message))")
            }
            throw KDBXError.damaged("Argon2 refused the file's parameters (\(message))")
        }
        return output
    }
}

/// Two result slots the halves' threads write to, one each.
private struct HalfSlots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[UInt8]?>
    init(_ buffer: UnsafeMutableBufferPointer<[UInt8]?>) { self.buffer = buffer }
}
