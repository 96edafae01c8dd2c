import Crypto
import Foundation

/// The framing around the encrypted payload: KDBX 4's HMAC-SHA-256 blocks (checked before
/// anything is decrypted) and KDBX 3.1's hashed blocks (SHA-256 of each, inside the ciphertext).
enum KDBXBlockStream {
    /// The key of block `index`'s HMAC (`UInt64.max` is the header's).
    static func hmacKey(index: UInt64, baseKey: [UInt8]) -> SymmetricKey {
        var input = index.littleEndianBytes + baseKey
        defer { input.wipe() }
        return SymmetricKey(data: SHA512.hash(data: input))
    }

    /// KDBX 4: every block is HMAC(index ‖ size ‖ data) ‖ size ‖ data; an empty block ends the stream.
    /// Returns the ciphertext, every block's HMAC checked.
    static func readHMACBlocks(_ data: Data, baseKey: [UInt8]) throws -> Data {
        var reader = ByteReader(data)
        var ciphertext = Data()
        var index: UInt64 = 0
        while true {
            let mac = try reader.bytes(32, "block \(index)'s HMAC")
            let size = try reader.length32("block \(index)")
            let block = try reader.bytes(size, "block \(index), which should hold \(size) bytes")
            var authenticator = HMAC<SHA256>(key: hmacKey(index: index, baseKey: baseKey))
            authenticator.update(data: index.littleEndianBytes)
            authenticator.update(data: UInt32(size).littleEndianBytes)
            authenticator.update(data: block)
            guard Data(authenticator.finalize()) == mac else {
                throw KDBXError.damaged("block \(index)'s HMAC does not match")
            }
            if size == 0 { return ciphertext }
            ciphertext.append(block)
            index += 1
        }
    }

    /// KDBX 3.1: every block is index ‖ SHA-256 ‖ size ‖ data; an empty block with a zero hash ends the stream.
    static func readHashedBlocks(_ data: Data) throws -> Data {
        var reader = ByteReader(data)
        var payload = Data()
        var expected: UInt32 = 0
        while true {
            let index = try reader.uint32("the hashed block stream, at block \(expected)")
            guard index == expected else { throw KDBXError.damaged("block \(expected) of the payload is numbered \(index)") }
            let hash = try reader.bytes(32, "block \(index)'s hash")
            let size = try reader.length32("block \(index)")
            let block = try reader.bytes(size, "block \(index), which should hold \(size) bytes")
            if size == 0 {
                guard hash.allSatisfy({ $0 == 0 }) else { throw KDBXError.damaged("the last block's hash is not zero") }
                return payload
            }
            guard Data(SHA256.hash(data: block)) == hash else {
                payload.wipe()
                throw KDBXError.damaged("block \(index)'s SHA-256 does not match")
            }
            payload.append(block)
            expected &+= 1
        }
    }
}
