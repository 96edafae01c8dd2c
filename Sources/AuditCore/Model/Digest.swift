import Crypto
import Foundation

/// Lowercase hex SHA-256 of a text: how findings and found values are fingerprinted.
public enum Digest {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func sha256Hex(_ text: String) -> String {
        let digest = SHA256.hash(data: Data(text.utf8))
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
