import AuditCore
import Foundation

/// Whether a tracker is away from its owner, as its advertisement says.
public enum OwnerState: String, Sendable, CaseIterable, Codable {
    case separated
    case nearOwner = "near-owner"
    case unknown

    /// How much it tells: a separated tag outranks one whose state is unknown, which outranks one near its owner.
    var rank: Int {
        switch self {
        case .separated: 3
        case .unknown: 2
        case .nearOwner: 1
        }
    }

    public var text: LocalizedText {
        switch self {
        case .separated: LocalizedText(en: "separated from its owner", nl: "weg van de eigenaar")
        case .nearOwner: LocalizedText(en: "near its owner", nl: "bij de eigenaar")
        case .unknown: LocalizedText(en: "owner state unknown", nl: "onbekend of de eigenaar in de buurt is")
        }
    }
}

/// A kind of tracker and what a person can do about it, from the signatures file.
public struct TrackerProduct: Sendable, Hashable {
    public var id: String
    public var name: LocalizedText
    /// How to find it (make it ring, read its serial).
    public var find: LocalizedSteps
    /// How to switch it off, once evidence is kept.
    public var disable: LocalizedSteps
}

/// What a signature reads from an advertisement.
public enum SignatureSource: Sendable, Hashable {
    /// The data after this company id.
    case manufacturer(UInt16)
    /// The data after this service UUID (lower-case 128-bit).
    case serviceData(String)
    /// Only that the service UUID is advertised.
    case serviceUUID(String)
}

/// One rule on one byte: `(data[at] & mask) == equals`.
public struct ByteRule: Sendable, Hashable {
    public var at: Int
    public var mask: UInt8
    public var equals: UInt8

    func holds(_ data: ArraySlice<UInt8>) -> Bool {
        let index = data.startIndex + at
        return index < data.endIndex && data[index] & mask == equals
    }
}

/// What identifies a tag across advertisements while it keeps its keys.
public enum IdentityRule: Sendable, Hashable {
    case none
    case address
    case bytes(ClosedRange<Int>)
    case addressAndBytes(ClosedRange<Int>)
}

/// One row of the signatures file: where to look, what the bytes must be, and what it means.
public struct TrackerSignature: Sendable, Hashable {
    public var id: String
    public var product: TrackerProduct
    public var tracker: Bool
    public var state: OwnerState
    public var source: SignatureSource
    /// An Apple type-length record to find anywhere in the data: its type and content length.
    public var record: (type: UInt8, length: Int)? {
        get { recordType.map { ($0, recordLength) } }
        set { recordType = newValue?.type; recordLength = newValue?.length ?? 0 }
    }
    var recordType: UInt8?
    var recordLength = 0
    public var minLength: Int
    public var bytes: [ByteRule]
    public var identity: IdentityRule
    /// Its place in the file, for ties.
    var order: Int

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id && lhs.order == rhs.order }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The bytes this signature judges (a record's, from its type byte), or nil when it does not apply.
    func payload(_ advertisement: Advertisement) -> ArraySlice<UInt8>? {
        switch source {
        case .manufacturer(let company):
            guard let data = advertisement.manufacturerData[company] else { return nil }
            guard let recordType else { return data[...] }
            return Self.findRecord(in: data, type: recordType, length: recordLength)
        case .serviceData(let uuid):
            return advertisement.serviceData[uuid].map { $0[...] }
        case .serviceUUID(let uuid):
            return advertisement.serviceUUIDs.contains(uuid) ? [][...] : nil
        }
    }

    /// Whether the advertisement matches; the bytes judged when it does.
    func match(_ advertisement: Advertisement) -> ArraySlice<UInt8>? {
        guard let data = payload(advertisement), data.count >= minLength else { return nil }
        for rule in bytes where !rule.holds(data) { return nil }
        return data
    }

    /// A type-length record of `type` whose content is `length` bytes: first by walking the records
    /// from the start, then, if the walk breaks off on a malformed record, anywhere in the data.
    static func findRecord(in data: [UInt8], type: UInt8, length: Int) -> ArraySlice<UInt8>? {
        var index = 0
        while index + 1 < data.count {
            let size = Int(data[index + 1])
            guard index + 2 + size <= data.count else { break }
            if data[index] == type && size == length { return data[index..<(index + 2 + size)] }
            index += 2 + size
        }
        if index >= data.count { return nil }
        var offset = 0
        while offset + 1 < data.count {
            if data[offset] == type, Int(data[offset + 1]) == length, offset + 2 + length <= data.count {
                return data[offset..<(offset + 2 + length)]
            }
            offset += 1
        }
        return nil
    }
}

/// The signatures file (`data: tracker-signatures`, version 1), read with every problem located.
public struct TrackerSignatures: Sendable {
    public var products: [TrackerProduct]
    public var signatures: [TrackerSignature]

    public init(products: [TrackerProduct], signatures: [TrackerSignature]) {
        self.products = products
        self.signatures = signatures
    }

    public static let kind = "tracker-signatures"

    public static func read(_ file: CheckDataFile) throws -> TrackerSignatures {
        try DataDocument.read(file, kind: kind, keys: ["products", "signatures"]) { top in
            var seenProducts = Set<String>()
            let products = try top.list("products") { p in
                try p.allowOnly(["id", "name", "find", "disable"])
                let id = try DataDocument.identifier(p)
                guard seenProducts.insert(id).inserted else { throw p.problem("id", "'\(id)' is listed twice") }
                return TrackerProduct(id: id, name: try DataDocument.text(p, "name"),
                                      find: try DataDocument.steps(p, "find"), disable: try DataDocument.steps(p, "disable"))
            }
            let byID = Dictionary(uniqueKeysWithValues: products.map { ($0.id, $0) })
            var seen = Set<String>()
            var order = 0
            let signatures = try top.list("signatures") { s in
                try s.allowOnly(["id", "product", "tracker", "state", "manufacturer", "service-data", "service-uuid", "record",
                                 "min-length", "bytes", "identity", "identity-bytes"])
                let id = try DataDocument.identifier(s)
                guard seen.insert(id).inserted else { throw s.problem("id", "'\(id)' is listed twice") }
                let productID = try s.string("product")
                guard let product = byID[productID] else {
                    throw s.problem("product", "'\(productID)' is not among the products (\(products.map(\.id).joined(separator: ", ")))")
                }
                let sources = ["manufacturer", "service-data", "service-uuid"].filter(s.has)
                guard sources.count == 1 else {
                    throw s.problem(sources.last ?? "id", "needs exactly one of manufacturer, service-data or service-uuid")
                }
                let source: SignatureSource
                switch sources[0] {
                case "manufacturer":
                    let hex = try s.string("manufacturer")
                    guard hex.count == 4, let company = UInt16(hex, radix: 16) else {
                        throw s.problem("manufacturer", "'\(hex)' is not a company id in 4 hex digits (004c)")
                    }
                    source = .manufacturer(company)
                case let key:
                    let text = try s.string(key)
                    guard text.count == 4 || text.count == 36, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                        throw s.problem(key, "'\(text)' is not a service UUID (4 hex digits, or the full 128-bit form)")
                    }
                    let uuid = Advertisement.fullUUID(text)
                    source = key == "service-data" ? .serviceData(uuid) : .serviceUUID(uuid)
                }
                var signature = TrackerSignature(
                    id: id, product: product, tracker: try s.bool("tracker", default: true), state: try s.choice("state"),
                    source: source, minLength: try s.int("min-length", default: 0, in: 0...255), bytes: [], identity: .none, order: order)
                order += 1
                if s.has("record") {
                    guard case .manufacturer = source else { throw s.problem("record", "records are read only in manufacturer data") }
                    let record = try s.mapping("record")
                    try record.allowOnly(["type", "length"])
                    signature.record = (try Self.byte(record, "type"), try record.int("length", in: 0...253))
                }
                if s.has("bytes") {
                    if case .serviceUUID = source { throw s.problem("bytes", "a service-uuid signature has no bytes to read") }
                    signature.bytes = try s.list("bytes") { rule in
                        try rule.allowOnly(["at", "mask", "equals"])
                        let mask = rule.has("mask") ? try Self.byte(rule, "mask") : 0xFF
                        let equals = try Self.byte(rule, "equals")
                        guard equals & mask == equals else {
                            throw rule.problem("equals", "has bits outside the mask; the rule could never hold")
                        }
                        return ByteRule(at: try rule.int("at", in: 0...255), mask: mask, equals: equals)
                    }
                }
                let identity = try s.string("identity")
                func range() throws -> ClosedRange<Int> {
                    let bounds = try s.strings("identity-bytes") { text in
                        guard let value = Int(text), (0...255).contains(value) else {
                            throw Parameters.Problem(message: "'\(text)' is not a byte offset")
                        }
                        return value
                    }
                    guard bounds.count == 2, bounds[0] <= bounds[1] else { throw s.problem("identity-bytes", "expected [from, to], from not after to") }
                    return bounds[0]...bounds[1]
                }
                switch identity {
                case "none": signature.identity = .none
                case "address": signature.identity = .address
                case "bytes": signature.identity = .bytes(try range())
                case "address+bytes": signature.identity = .addressAndBytes(try range())
                default: throw s.problem("identity", "'\(identity)' is not one of none, address, bytes, address+bytes")
                }
                if s.has("identity-bytes"), case .none = signature.identity { throw s.problem("identity-bytes", "is only read with identity bytes or address+bytes") }
                if s.has("identity-bytes"), case .address = signature.identity { throw s.problem("identity-bytes", "is only read with identity bytes or address+bytes") }
                if case .bytes(let r) = signature.identity, r.upperBound >= max(signature.minLength, signature.recordType == nil ? 0 : signature.recordLength + 2) {
                    throw s.problem("identity-bytes", "reaches past the bytes the signature requires (set min-length)")
                }
                if case .addressAndBytes(let r) = signature.identity, r.upperBound >= max(signature.minLength, signature.recordType == nil ? 0 : signature.recordLength + 2) {
                    throw s.problem("identity-bytes", "reaches past the bytes the signature requires (set min-length)")
                }
                return signature
            }
            return TrackerSignatures(products: products, signatures: signatures)
        }
    }

    /// A byte written as two hex digits (`"30"`).
    static func byte(_ p: Parameters, _ key: String) throws -> UInt8 {
        let text = try p.string(key)
        guard text.count == 2, let value = UInt8(text, radix: 16) else { throw p.problem(key, "'\(text)' is not a byte in two hex digits (30)") }
        return value
    }
}
