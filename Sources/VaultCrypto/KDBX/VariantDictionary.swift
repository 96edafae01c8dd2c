import Foundation

/// KDBX 4's typed key/value list (the KDF parameters, the public custom data): a version, then
/// entries of type byte, name and value, each length-prefixed, ended by a zero type byte.
struct VariantDictionary: Equatable {
    enum Value: Equatable {
        case uint32(UInt32)
        case uint64(UInt64)
        case bool(Bool)
        case int32(Int32)
        case int64(Int64)
        case string(String)
        case bytes(Data)
    }

    private(set) var values: [String: Value] = [:]

    subscript(name: String) -> Value? { values[name] }

    /// `what` names the dictionary in messages ("the KDF parameters").
    init(parsing data: Data, what: String) throws {
        var reader = ByteReader(data)
        let version = try reader.uint16("\(what)' version")
        // The high byte is the major version; KeePass reads any minor version of major 1.
        guard version & 0xFF00 <= 0x0100 else {
            throw KDBXError.unsupported("\(what) are in variant dictionary version \(version >> 8).\(version & 0xFF), newer than this reader knows (1.x)")
        }
        while true {
            let type = try reader.uint8("\(what)")
            if type == 0 { return }
            let nameLength = try reader.length32("a name in \(what)")
            let nameBytes = try reader.bytes(nameLength, "a name in \(what)")
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                throw KDBXError.damaged("a name in \(what) is not UTF-8")
            }
            let valueLength = try reader.length32("the value of '\(name)' in \(what)")
            let raw = Data(try reader.bytes(valueLength, "the value of '\(name)' in \(what)"))
            func sized(_ expected: Int) throws -> UInt64 {
                guard raw.count == expected else {
                    throw KDBXError.damaged("'\(name)' in \(what) is \(raw.count) bytes long, expected \(expected)")
                }
                return ByteReader.littleEndian(raw)
            }
            switch type {
            case 0x04: values[name] = .uint32(UInt32(try sized(4)))
            case 0x05: values[name] = .uint64(try sized(8))
            case 0x08: values[name] = .bool(try sized(1) != 0)
            case 0x0C: values[name] = .int32(Int32(bitPattern: UInt32(try sized(4))))
            case 0x0D: values[name] = .int64(Int64(bitPattern: try sized(8)))
            case 0x18:
                guard let text = String(validating: raw, as: UTF8.self) else {
                    throw KDBXError.damaged("'\(name)' in \(what) is not UTF-8")
                }
                values[name] = .string(text)
            case 0x42: values[name] = .bytes(raw)
            default:
                throw KDBXError.damaged("'\(name)' in \(what) has the unknown value type 0x\(String(type, radix: 16))")
            }
        }
    }

    /// An unsigned number, whether stored as 32 or 64 bits.
    func unsigned(_ name: String) -> UInt64? {
        switch values[name] {
        case .uint32(let value): UInt64(value)
        case .uint64(let value): value
        default: nil
        }
    }

    func bytes(_ name: String) -> Data? {
        if case .bytes(let value) = values[name] { return value }
        return nil
    }
}
