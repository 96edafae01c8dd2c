import Crypto
import Foundation
import Testing
import TestSupport
import Vault
@testable import VaultCrypto

/// Damaged, altered and hostile files: every one is refused with an error that says which kind,
/// never a crash, a hang or a large allocation.
@Suite struct KDBXDamageTests {
    /// Opens `data` and returns the kind of error (nil if it opened).
    static func failure(_ data: Data, name: String = "altered.kdbx", keyFile: [UInt8]? = nil) -> String? {
        do {
            _ = try VaultCrypto.open(data, file: name, unlock: Unlock(password: KDBXFixtures.password, keyFile: keyFile))
            return nil
        } catch let error as VaultCryptoError {
            return error.kind
        } catch {
            return "other: \(error)"
        }
    }

    static func headerLength(_ name: String) throws -> Int {
        try KDBXHeader(try KDBXFixtures.data(name)).length
    }

    @Test(arguments: ["kdbx4-argon2d-aes.kdbx", "kdbx4-aeskdf-twofish.kdbx", "kdbx31-aes.kdbx", "kdbx31-twofish-uncompressed.kdbx"])
    func truncatedAnywhere(_ name: String) async throws {
        try await offThePool {
            let data = try KDBXFixtures.data(name)
            for length in stride(from: 0, to: data.count, by: 5) {
                let kind = Self.failure(data.prefix(length))
                #expect(kind == "damaged" || kind == "wrongKey", "cut at \(length): \(kind ?? "opened")")
            }
        }
    }

    @Test(arguments: ["kdbx4-argon2d-aes.kdbx", "kdbx4-argon2id-chacha20.kdbx", "kdbx4-aeskdf-twofish.kdbx", "kdbx31-aes.kdbx"])
    func everyHeaderByteFlipped(_ name: String) async throws {
        try await offThePool {
            let data = try KDBXFixtures.data(name)
            // KDBX 4: the header, its SHA-256 and its HMAC. KDBX 3.1: the header (Meta/HeaderHash covers it).
            let end = try Self.headerLength(name) + (name.hasPrefix("kdbx4") ? 64 : 0)
            for offset in 0..<end {
                var altered = data
                altered[offset] ^= 0xFF
                let kind = Self.failure(altered)
                #expect(kind != nil && !kind!.hasPrefix("other"), "byte \(offset): \(kind ?? "opened")")
                if offset >= 12, offset < end - 32, name.hasPrefix("kdbx4") {
                    // Past the signature and version, a KDBX 4 header is covered by its SHA-256 (an
                    // altered HMAC is what a wrong key looks like).
                    #expect(["damaged", "unsupported", "kdfTooExpensive"].contains(kind), "byte \(offset): \(kind ?? "opened")")
                }
            }
        }
    }

    @Test func aFlippedBlockByteFailsItsHMAC() throws {
        let name = "kdbx4-argon2d-aes.kdbx"
        var data = try KDBXFixtures.data(name)
        // The first block: header, SHA-256, HMAC, then the block's HMAC (32) and size (4).
        let block = try Self.headerLength(name) + 64 + 36
        data[block + 10] ^= 0x01
        #expect(throws: VaultCryptoError.damaged(file: name, reason: "block 0's HMAC does not match")) {
            try VaultCrypto.open(data, file: name, unlock: Unlock(password: KDBXFixtures.password))
        }
    }

    @Test(arguments: ["kdbx31-aes.kdbx", "kxc-kdbx31.kdbx"])
    func aFlippedPayloadByteInKDBX31(_ name: String) async throws {
        try await offThePool {
            let data = try KDBXFixtures.data(name)
            let start = try Self.headerLength(name)
            for offset in stride(from: start, to: data.count, by: 97) {
                var altered = data
                altered[offset] ^= 0x20
                let kind = Self.failure(altered, name: name)
                #expect(kind == "damaged" || kind == "wrongKey", "byte \(offset): \(kind ?? "opened")")
            }
        }
    }

    /// Replaces the value of variant dictionary entry `entry` (type, name) in a KDBX 4 header and fixes the header's SHA-256.
    static func withKDFParameter(_ data: Data, name: String, type: UInt8, value: [UInt8]) throws -> Data {
        let end = try KDBXHeader(data).length
        var bytes = [UInt8](data)
        let marker: [UInt8] = [type] + UInt32(name.utf8.count).littleEndianBytes + Array(name.utf8) + UInt32(value.count).littleEndianBytes
        let found = try #require((0..<(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
        bytes.replaceSubrange((found + marker.count)..<(found + marker.count + value.count), with: value)
        bytes.replaceSubrange(end..<(end + 32), with: Array(SHA256.hash(data: bytes[..<end])))
        return Data(bytes)
    }

    @Test func hugeArgon2MemoryIsRefusedBeforeAnyWork() throws {
        let data = try Self.withKDFParameter(try KDBXFixtures.data("kdbx4-argon2d-aes.kdbx"), name: "M", type: 0x05,
                                             value: UInt64(1 << 40).littleEndianBytes)
        let start = ContinuousClock.now
        do {
            _ = try VaultCrypto.open(data, file: "huge.kdbx", unlock: Unlock(password: KDBXFixtures.password))
            Issue.record("opened")
        } catch let error as VaultCryptoError {
            #expect(error.kind == "kdfTooExpensive")
            let message = error.localizedDescription
            #expect(message.contains("huge.kdbx") && message.contains("1048576 MiB") && message.contains("2048 MiB"), "\(message)")
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func absurdArgon2IterationsAndParallelismAreRefused() throws {
        let fixture = try KDBXFixtures.data("kdbx4-argon2id-chacha20.kdbx")
        let iterations = try Self.withKDFParameter(fixture, name: "I", type: 0x05, value: UInt64(1 << 40).littleEndianBytes)
        #expect(Self.failure(iterations) == "kdfTooExpensive")
        let lanes = try Self.withKDFParameter(fixture, name: "P", type: 0x04, value: UInt32(1 << 20).littleEndianBytes)
        #expect(Self.failure(lanes) == "kdfTooExpensive")
        let version = try Self.withKDFParameter(fixture, name: "V", type: 0x04, value: UInt32(0x14).littleEndianBytes)
        #expect(Self.failure(version) == "unsupported")
    }

    @Test func hugeAESKDFRoundsAreRefused() throws {
        // KDBX 4: R in the KDF parameters.
        let kdbx4 = try Self.withKDFParameter(try KDBXFixtures.data("kdbx4-aeskdf-twofish.kdbx"), name: "R", type: 0x05,
                                              value: UInt64(1 << 40).littleEndianBytes)
        #expect(Self.failure(kdbx4) == "kdfTooExpensive")
        // KDBX 3.1: the TransformRounds field (id 6, 8 bytes).
        var kdbx3 = [UInt8](try KDBXFixtures.data("kdbx31-aes.kdbx"))
        let field = try #require((12..<200).first { kdbx3[$0] == 6 && kdbx3[$0 + 1] == 8 && kdbx3[$0 + 2] == 0 })
        kdbx3.replaceSubrange((field + 3)..<(field + 11), with: UInt64.max.littleEndianBytes)
        #expect(Self.failure(Data(kdbx3)) == "kdfTooExpensive")
    }

    @Test func unknownCipherKDFAndVersionsAreUnsupported() throws {
        let fixture = try KDBXFixtures.data("kdbx4-argon2d-aes.kdbx")
        // The cipher UUID follows field id 2 and its 4-byte length at offset 12.
        var cipher = fixture
        #expect(cipher[12] == 2)
        cipher[17] ^= 0xFF
        #expect(Self.failure(cipher) == "unsupported")
        let kdf = try Self.withKDFParameter(fixture, name: "$UUID", type: 0x42, value: Array(repeating: 0xAB, count: 16))
        #expect(Self.failure(kdf) == "unsupported")
        for (minor, major) in [(0, 2), (1, 1), (0, 5)] as [(UInt8, UInt8)] {
            var version = fixture
            version[8] = minor; version[9] = 0; version[10] = major; version[11] = 0
            #expect(Self.failure(version) == "unsupported", "version \(major).\(minor)")
        }
        var keePass1 = fixture
        keePass1[4] = 0x65
        #expect(throws: VaultCryptoError.self) { try KDBXFile.open(keePass1, file: "old.kdb", unlock: Unlock(password: [1])) }
        #expect(Self.failure(keePass1) == "damaged") // not recognised as KDBX at all by VaultCrypto.open
    }

    @Test func aBrokenVariantDictionaryIsDamage() throws {
        // Version 1.0, an entry whose value length runs past the end.
        var bytes: [UInt8] = [0x00, 0x01, 0x05, 1, 0, 0, 0, UInt8(ascii: "M"), 0xFF, 0xFF, 0xFF, 0x7F, 1, 2]
        #expect(throws: KDBXError.self) { try VariantDictionary(parsing: Data(bytes), what: "the KDF parameters") }
        bytes = [0x00, 0x01, 0x05, 1, 0, 0, 0, UInt8(ascii: "M"), 3, 0, 0, 0, 1, 2, 3, 0]
        #expect(throws: KDBXError.damaged("'M' in the KDF parameters is 3 bytes long, expected 8")) {
            try VariantDictionary(parsing: Data(bytes), what: "the KDF parameters")
        }
        #expect(throws: KDBXError.self) { try VariantDictionary(parsing: Data([0x00, 0x02, 0]), what: "the KDF parameters") }
        let good = try VariantDictionary(parsing: Data([0x00, 0x01, 0x04, 1, 0, 0, 0, UInt8(ascii: "P"), 4, 0, 0, 0, 2, 0, 0, 0, 0]), what: "x")
        #expect(good.unsigned("P") == 2)
    }
}
