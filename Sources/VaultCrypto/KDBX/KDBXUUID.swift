import Foundation

/// A 16-byte identifier from the header (cipher, KDF), printed the way KeePass documents them.
struct KDBXUUID: Equatable, CustomStringConvertible {
    let bytes: Data

    init(_ bytes: Data) { self.bytes = Data(bytes) }

    init(_ text: String) {
        let hex = text.filter(\.isHexDigit)
        var bytes = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.bytes = bytes
    }

    var description: String {
        guard bytes.count == 16 else { return "of \(bytes.count) bytes (\(bytes.map { String(format: "%02X", $0) }.joined()))" }
        let hex = bytes.map { String(format: "%02X", $0) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }
}
