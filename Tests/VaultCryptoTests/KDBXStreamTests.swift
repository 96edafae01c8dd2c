import Crypto
import _CryptoExtras
import Foundation
import Testing
@testable import VaultCrypto

/// The layers under the fixtures, on inputs the fixtures do not reach: long protected values across
/// the inner stream's keystream refills, broken gzip, the KDBX 4 header hash.
@Suite struct KDBXStreamTests {
    /// Protected values of many sizes, revealed one after another, use the keystream the way one
    /// piece of that length would: no byte skipped or reused across the ChaCha20 refills.
    @Test(arguments: [KDBXInnerStream.Kind.chaCha20, .salsa20])
    func protectedValuesFollowOneKeystream(_ kind: KDBXInnerStream.Kind) throws {
        let key = Data((0..<64).map { UInt8($0) })
        let sizes = [1, 0, 63, 64, 65, 1_500, 3, 5_000, 17]
        let values = sizes.enumerated().map { index, size in String(repeating: Character(UnicodeScalar(UInt8(65 + index))), count: size) }
        var keystream = [UInt8](repeating: 0, count: sizes.reduce(0, +))
        try KDBXInnerStream(kind: kind, key: key).xor(&keystream)
        if kind == .chaCha20 {
            // KDBX 4's inner ChaCha20: key and nonce from SHA-512 of the stream key, counter from 0.
            let derived = Array(SHA512.hash(data: key))
            let reference = try Insecure.ChaCha20CTR.encrypt(Data(count: keystream.count), using: SymmetricKey(data: derived[0..<32]),
                                                             nonce: try .init(data: derived[32..<44]))
            #expect(Array(reference) == keystream)
        }
        let reader = try KDBXInnerStream(kind: kind, key: key)
        var offset = 0
        for value in values {
            let bytes = Array(value.utf8)
            let cipher = zip(bytes, keystream[offset..<(offset + bytes.count)]).map { $0 ^ $1 }
            offset += bytes.count
            #expect(try reader.reveal(Data(cipher).base64EncodedString()) == value)
        }
    }

    /// A protected attachment (KeePass 2 protects pooled binaries in KDBX 3.1) is not text: it uses
    /// up its keystream and the values after it still decrypt.
    @Test func aProtectedValueThatIsNotTextDoesNotStopTheStream() throws {
        let key = Data(repeating: 9, count: 32)
        var keystream = [UInt8](repeating: 0, count: 6)
        try KDBXInnerStream(kind: .salsa20, key: key).xor(&keystream)
        let binary: [UInt8] = [0xFF, 0xFE, 0x80]
        let text = Array("abc".utf8)
        let reader = try KDBXInnerStream(kind: .salsa20, key: key)
        _ = try reader.reveal(Data(zip(binary, keystream[0..<3]).map { $0 ^ $1 }).base64EncodedString())
        #expect(try reader.reveal(Data(zip(text, keystream[3..<6]).map { $0 ^ $1 }).base64EncodedString()) == "abc")
        #expect(throws: KDBXError.damaged("a protected value is not base64")) { try reader.reveal("*not base64*") }
    }

    @Test func brokenGzipIsDamage() throws {
        var payload = Data("<KeePassFile/>".utf8)
        let compressed = try Self.gzip(payload)
        #expect(try KDBXGzip.inflate(compressed) == payload)
        #expect(throws: KDBXError.damaged("the compressed payload ends early")) { try KDBXGzip.inflate(compressed.prefix(compressed.count - 12)) }
        #expect(throws: KDBXError.self) { try KDBXGzip.inflate(Data("not gzip at all".utf8)) }
        payload.wipe()
        #expect(payload.allSatisfy { $0 == 0 })
    }

    @Test func anAlteredKDBX4HeaderFailsItsHash() throws {
        var data = try KDBXFixtures.data("kdbx4-argon2d-aes.kdbx")
        // The comment-free header's master seed (field 4) follows the cipher and compression fields.
        let header = try KDBXHeader(data)
        let seed = try #require(data.range(of: header.masterSeed))
        data[seed.lowerBound] ^= 0x01
        #expect(throws: VaultCryptoError.damaged(file: "x.kdbx", reason: "the header's SHA-256 does not match")) {
            try VaultCrypto.open(data, file: "x.kdbx", unlock: Unlock(password: KDBXFixtures.password))
        }
    }

    /// The fuzzer's seeds for the inner layers (Tests/Fuzz/corpus/kdbx, written with Python's
    /// hashlib, hmac and gzip) read as what they were made to be.
    @Test func theFuzzSeedsOfTheInnerLayersParse() throws {
        let corpus = KDBXFixtures.folder.appendingPathComponent("../../../Fuzz/corpus/kdbx").standardized
        func seed(_ name: String) throws -> Data { try Data(contentsOf: corpus.appendingPathComponent(name)) }
        #expect(try KDBXBlockStream.readHMACBlocks(try seed("blocks.hmac"), baseKey: [UInt8](repeating: 1, count: 64))
                == Data("first block of ciphertextsecond".utf8))
        #expect(try KDBXBlockStream.readHashedBlocks(try seed("blocks.hashed")) == Data("<KeePassFile><Meta/></KeePassFile>".utf8))
        let inner = try KDBXInnerHeader(try seed("inner.header"))
        #expect(inner.stream == .chaCha20 && inner.key.count == 64)
        #expect(String(decoding: try KDBXGzip.inflate(try seed("payload.gz")), as: UTF8.self).hasPrefix("<KeePassFile>"))
        let kdf = try KDBXKDF(parameters: VariantDictionary(parsing: try seed("kdf.vdict"), what: "the KDF parameters"))
        guard case .argon2(let parameters) = kdf else { Issue.record("not Argon2: \(kdf.name)"); return }
        #expect(parameters.variant == .d && parameters.memory == 1 << 20 && parameters.iterations == 2)
    }

    static func gzip(_ data: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return result
    }
}
