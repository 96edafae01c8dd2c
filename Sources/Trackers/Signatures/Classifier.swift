import AuditCore
import Crypto
import Foundation

/// What one advertisement is, by the signatures: the row that matched and what identifies the tag.
public struct Classification: Sendable, Hashable {
    public var signature: TrackerSignature
    /// What stays the same while the tag keeps its keys (`airtag-separated|C1:…|a1b2…`), or nil when
    /// the frame rotates too fast to follow. Never shown or stored in clear.
    public var identity: String?

    public var product: TrackerProduct { signature.product }
    public var state: OwnerState { signature.state }
    public var isTracker: Bool { signature.tracker }
}

/// The one matcher: every signature that could apply, found by the advertisement's company ids and
/// UUIDs, and the most telling match kept.
public struct TrackerClassifier: Sendable {
    public let signatures: TrackerSignatures
    private let byCompany: [UInt16: [TrackerSignature]]
    private let byServiceData: [String: [TrackerSignature]]
    private let byServiceUUID: [String: [TrackerSignature]]

    public init(_ signatures: TrackerSignatures) {
        self.signatures = signatures
        var company: [UInt16: [TrackerSignature]] = [:], data: [String: [TrackerSignature]] = [:], uuid: [String: [TrackerSignature]] = [:]
        for signature in signatures.signatures {
            switch signature.source {
            case .manufacturer(let id): company[id, default: []].append(signature)
            case .serviceData(let id): data[id, default: []].append(signature)
            case .serviceUUID(let id): uuid[id, default: []].append(signature)
            }
        }
        byCompany = company
        byServiceData = data
        byServiceUUID = uuid
    }

    /// The advertisement's classification, or nil when no signature matches (an ordinary device).
    public func classify(_ advertisement: Advertisement) -> Classification? {
        var best: (TrackerSignature, ArraySlice<UInt8>)?
        func consider(_ candidates: [TrackerSignature]?) {
            for signature in candidates ?? [] {
                guard let data = signature.match(advertisement) else { continue }
                if let current = best {
                    let (a, b) = (signature, current.0)
                    let better = a.tracker != b.tracker ? a.tracker : a.state.rank != b.state.rank ? a.state.rank > b.state.rank : a.order < b.order
                    if !better { continue }
                }
                best = (signature, data)
            }
        }
        for company in advertisement.manufacturerData.keys { consider(byCompany[company]) }
        for uuid in advertisement.serviceData.keys { consider(byServiceData[uuid]) }
        for uuid in advertisement.serviceUUIDs { consider(byServiceUUID[uuid]) }
        guard let (signature, data) = best else { return nil }
        return Classification(signature: signature, identity: Self.identity(signature, data: data, address: advertisement.address))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, without a formatter per byte (this runs for every advertisement).
    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func identity(_ signature: TrackerSignature, data: ArraySlice<UInt8>, address: String) -> String? {
        func hex(_ range: ClosedRange<Int>) -> String? {
            let lower = data.startIndex + range.lowerBound, upper = data.startIndex + range.upperBound
            guard upper < data.endIndex else { return nil }
            return Self.hex(data[lower...upper])
        }
        switch signature.identity {
        case .none: return nil
        case .address: return "\(signature.product.id)|\(address)"
        case .bytes(let range): return hex(range).map { "\(signature.product.id)|\($0)" }
        case .addressAndBytes(let range): return hex(range).map { "\(signature.product.id)|\(address)|\($0)" }
        }
    }
}

/// A keyed hash of a tag's identity, so that what is kept (the state database, a saved watch) can
/// tell the same tag again without holding its address or keys.
public struct IdentityHasher: Sendable {
    private let key: SymmetricKey

    public init(key: Data) { self.key = SymmetricKey(data: key) }

    /// A fresh random key, for a watch that keeps nothing.
    public static func ephemeral() -> IdentityHasher {
        IdentityHasher(key: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    public func hash(_ identity: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(identity.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }
}
