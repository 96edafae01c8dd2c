import Foundation

/// A property list, made `Sendable`: what `PropertyListSerialization` reads from the XML the iPhone tools
/// print (`ideviceinfo -x`, `ideviceinstaller … xml`) and from `.mobileprovision` files.
public indirect enum PlistValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case real(Double)
    case bool(Bool)
    case date(Date)
    case data(Data)
    case array([PlistValue])
    case dictionary([String: PlistValue])

    /// Reads an XML or binary property list; nil when the bytes are not one (garbage, an error message).
    public static func parse(_ data: Data) -> PlistValue? {
        guard !data.isEmpty,
              let object = try? PropertyListSerialization.propertyList(from: data, options: [], format: nil) else { return nil }
        return PlistValue(object)
    }

    public static func parse(_ text: String) -> PlistValue? { parse(Data(text.utf8)) }

    init?(_ object: Any) {
        switch object {
        case let value as String: self = .string(value)
        case let value as [String: Any]:
            var table: [String: PlistValue] = [:]
            table.reserveCapacity(value.count)
            for (key, item) in value { if let item = PlistValue(item) { table[key] = item } }
            self = .dictionary(table)
        case let value as [Any]: self = .array(value.compactMap(PlistValue.init))
        case let value as Bool where type(of: object) == Bool.self: self = .bool(value)
        case let value as NSNumber:
            // Foundation hands booleans, integers and reals back as NSNumber on Linux; tell them apart by kind.
            switch String(cString: value.objCType) {
            case "c", "B": self = .bool(value.boolValue)
            case "d", "f": self = .real(value.doubleValue)
            default: self = .integer(value.int64Value)
            }
        case let value as Int: self = .integer(Int64(value))
        case let value as Double: self = .real(value)
        case let value as Date: self = .date(value)
        case let value as Data: self = .data(value)
        default: return nil
        }
    }

    public subscript(key: String) -> PlistValue? {
        if case .dictionary(let table) = self { return table[key] }
        return nil
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .integer(let value): value != 0
        case .string(let value): ["true", "yes", "1"].contains(value.lowercased()) ? true : ["false", "no", "0"].contains(value.lowercased()) ? false : nil
        default: nil
        }
    }
    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value.rounded())
        case .string(let value): Int64(value)
        default: nil
        }
    }
    public var array: [PlistValue]? { if case .array(let value) = self { value } else { nil } }
    public var dictionary: [String: PlistValue]? { if case .dictionary(let value) = self { value } else { nil } }
    public var strings: [String] { array?.compactMap(\.string) ?? [] }

    /// A date as the phone gives it: a plist date, or seconds since 2001-01-01 (Apple's reference date) as a number.
    public var date: Date? {
        switch self {
        case .date(let value): value
        case .integer(let value): Date(timeIntervalSinceReferenceDate: TimeInterval(value))
        case .real(let value): Date(timeIntervalSinceReferenceDate: value)
        default: nil
        }
    }
}
