import AuditCore
import Foundation

/// A recorded scan written as text, one advertisement a line, replayed instead of listening (the
/// kinds' examples, and a helper looking at what was heard elsewhere):
///
///     0 C1:22:33:44:55:66 rssi=-52 m:004c=121910… s:fd5a=13… u:fe33 scan=1 place=home
///
/// Seconds from the start, the address, then any of: the signal, manufacturer data by company id,
/// service data by UUID, an advertised UUID, and which scan and place it belongs to (for a watch).
public struct RecordedScans: Sendable {
    public struct Line: Sendable {
        public var advertisement: Advertisement
        public var scan: String
        public var place: String?
    }

    public var lines: [Line]

    /// The input name the family takes such lines under.
    public static let inputName = "trackers-recording"

    public init(_ texts: [String], start: Date) throws {
        lines = try texts.enumerated().compactMap { index, raw in
            let words = raw.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let first = words.first, !first.hasPrefix("#") else { return nil }
            func bad(_ why: String) -> InputError {
                InputError(LocalizedText(en: "recorded scan, line \(index + 1): \(why)", nl: "opgenomen scan, regel \(index + 1): \(why)"))
            }
            guard words.count >= 2, let offset = Double(first), offset >= 0 else { throw bad("expected seconds and an address first") }
            let address = words[1]
            guard address.split(separator: ":").count == 6, address.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { throw bad("'\(address)' is not a Bluetooth address") }
            var ad = Advertisement(time: start.addingTimeInterval(offset), address: address, addressType: "random")
            var scan = "1", place: String?
            for word in words.dropFirst(2) {
                if word.hasPrefix("rssi="), let rssi = Int(word.dropFirst(5)) {
                    ad.rssi = rssi
                } else if word.hasPrefix("scan=") {
                    scan = String(word.dropFirst(5))
                } else if word.hasPrefix("place=") {
                    place = String(word.dropFirst(6))
                } else if word.hasPrefix("u:") {
                    ad.serviceUUIDs.append(Advertisement.fullUUID(String(word.dropFirst(2))))
                } else if word.hasPrefix("m:") || word.hasPrefix("s:"), let equals = word.firstIndex(of: "=") {
                    let key = String(word[word.index(word.startIndex, offsetBy: 2)..<equals])
                    guard let bytes = Self.bytes(String(word[word.index(after: equals)...])) else { throw bad("'\(word)' has bytes that are not hex") }
                    if word.hasPrefix("m:") {
                        guard key.count == 4, let company = UInt16(key, radix: 16) else { throw bad("'\(key)' is not a company id") }
                        ad.manufacturerData[company] = bytes
                    } else {
                        ad.serviceData[Advertisement.fullUUID(key)] = bytes
                    }
                } else {
                    throw bad("'\(word)' is not rssi=, m:, s:, u:, scan= or place=")
                }
            }
            return Line(advertisement: ad, scan: scan, place: place)
        }
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        guard hex.count % 2 == 0, hex.allSatisfy(\.isHexDigit) else { return nil }
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    /// The scans, in the order they first appear, each as a recording.
    public func recordings(adapter: String = "recorded") -> [(scan: String, place: String?, recording: ScanRecording)] {
        var order: [String] = []
        var groups: [String: [Line]] = [:]
        for line in lines {
            if groups[line.scan] == nil { order.append(line.scan) }
            groups[line.scan, default: []].append(line)
        }
        return order.map { id in
            let group = groups[id]!
            let times = group.map(\.advertisement.time)
            return (id, group.compactMap(\.place).first,
                    ScanRecording(adapter: adapter, started: times.min()!, ended: max(times.max()!, times.min()!.addingTimeInterval(1)),
                                  advertisements: group.map(\.advertisement)))
        }
    }
}
