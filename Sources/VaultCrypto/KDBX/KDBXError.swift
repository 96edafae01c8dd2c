import Foundation

/// What went wrong inside the KDBX reader, before the file's name is attached (`KDBXFile.open`
/// turns each into the matching `VaultCryptoError`).
enum KDBXError: Error, Equatable {
    case wrongKey
    case damaged(String)
    case unsupported(String)
    case tooExpensive(String)
    case noKey

    func named(_ file: String) -> VaultCryptoError {
        switch self {
        case .wrongKey: .wrongKey(file: file)
        case .damaged(let reason): .damaged(file: file, reason: reason)
        case .unsupported(let reason): .unsupported(file: file, reason: reason)
        case .tooExpensive(let reason): .kdfTooExpensive(file: file, reason: reason)
        case .noKey: .noKey(file: file)
        }
    }
}

/// Reads a byte buffer front to back; every length is checked against what is left, so no field
/// of the file can make it read out of bounds or allocate more than the file holds.
struct ByteReader {
    private let bytes: Data
    private(set) var offset: Int

    init(_ bytes: Data) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - offset }
    /// Bytes read so far.
    var position: Int { offset - bytes.startIndex }

    /// The next `count` bytes; `what` names them for the message when the data ends first.
    mutating func bytes(_ count: Int, _ what: @autoclosure () -> String) throws -> Data {
        guard count >= 0, count <= remaining else { throw KDBXError.damaged("the data ends inside \(what())") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func rest() -> Data {
        defer { offset = bytes.endIndex }
        return bytes[offset...]
    }

    mutating func uint8(_ what: @autoclosure () -> String) throws -> UInt8 {
        try bytes(1, what()).first!
    }

    mutating func uint16(_ what: @autoclosure () -> String) throws -> UInt16 {
        UInt16(truncatingIfNeeded: Self.littleEndian(try bytes(2, what())))
    }

    mutating func uint32(_ what: @autoclosure () -> String) throws -> UInt32 {
        UInt32(truncatingIfNeeded: Self.littleEndian(try bytes(4, what())))
    }

    mutating func uint64(_ what: @autoclosure () -> String) throws -> UInt64 {
        Self.littleEndian(try bytes(8, what()))
    }

    /// A signed 32-bit length; a negative one is damage.
    mutating func length32(_ what: @autoclosure () -> String) throws -> Int {
        let value = Int32(bitPattern: try uint32(what()))
        guard value >= 0 else { throw KDBXError.damaged("\(what()) has a negative length") }
        return Int(value)
    }

    static func littleEndian(_ bytes: Data) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}

extension FixedWidthInteger {
    /// The value's little-endian bytes, as KDBX writes integers.
    var littleEndianBytes: [UInt8] {
        withUnsafeBytes(of: self.littleEndian) { Array($0) }
    }
}

extension Data {
    /// Overwrites the bytes with zeros (the buffer is ours: decrypted payloads and keys).
    mutating func wipe() {
        resetBytes(in: startIndex..<endIndex)
    }
}

extension Array where Element == UInt8 {
    mutating func wipe() {
        _ = withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }
}
