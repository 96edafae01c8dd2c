import Crypto
import _CryptoExtras
import Foundation
import Testing
@testable import VaultCrypto

/// AES-KDF against a plain reference: each 16-byte half encrypted `rounds` times, one block at a time
/// with swift-crypto's AES (CBC of one block with a zero IV is the block cipher itself), then SHA-256.
/// The round counts straddle the chunks the CBC path encrypts per library call.
@Suite struct AESKDFTests {
    static func reference(_ key: [UInt8], seed: [UInt8], rounds: Int) throws -> [UInt8] {
        let aes = SymmetricKey(data: seed)
        let zeroIV = try AES._CBC.IV(ivBytes: [UInt8](repeating: 0, count: 16))
        var halves = [Array(key[0..<16]), Array(key[16..<32])]
        for index in 0..<2 {
            for _ in 0..<rounds {
                halves[index] = Array(try AES._CBC.encrypt(halves[index], using: aes, iv: zeroIV, noPadding: true))
            }
        }
        return Array(SHA256.hash(data: halves[0] + halves[1]))
    }

    @Test(arguments: [1, 2, 4095, 4096, 4097, 9000])
    func matchesTheBlockByBlockDefinition(rounds: Int) throws {
        let key = (0..<32).map { UInt8(($0 * 37 + 11) & 0xFF) }
        let seed = (0..<32).map { UInt8(($0 * 91 + 5) & 0xFF) }
        let expected = try Self.reference(key, seed: seed, rounds: rounds)
        #expect(try KDBXKDF(aesSeed: Data(seed), rounds: UInt64(rounds)).derive(key) == expected)
        // Both ways: the halves as CBC on two threads, and both through ECB on one.
        #expect(try KDBXKDF.aesKDF(key, seed: Data(seed), rounds: UInt64(rounds), parallel: true) == expected)
        #expect(try KDBXKDF.aesKDF(key, seed: Data(seed), rounds: UInt64(rounds), parallel: false) == expected)
    }
}
