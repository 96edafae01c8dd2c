import Crypto
import Foundation

/// Lowercase hex SHA-256 of a text: how findings and found values are fingerprinted.
public enum Digest {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Lowercase hex of any bytes (a digest, a serial number).
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hex = [UInt8]()
        hex.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
