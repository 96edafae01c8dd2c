import AuditCore
import Foundation

/// One tracker heard in one scan, as kept between scans: a keyed hash of its identity, never its
/// address or keys, with the scan, time and place (a hash of the Wi-Fi network or a name the user gave).
public struct Sighting: Sendable, Hashable {
    /// `IdentityHasher.hash` of the classification's identity.
    public var identity: String
    /// The product id (`airtag`).
    public var product: String
    public var state: OwnerState
    public var time: Date
    /// A hashed place, or nil when this computer could not tell where it was.
    public var place: String?
    /// The scan it was heard in: sightings in one scan count once.
    public var scan: String

    public init(identity: String, product: String, state: OwnerState, time: Date, place: String?, scan: String) {
        self.identity = identity
        self.product = product
        self.state = state
        self.time = time
        self.place = place
        self.scan = scan
    }

    /// The sightings a scan yields: trackers away from their owner or of unknown state whose
    /// identity holds long enough to follow (near-owner frames rotate every 15 minutes and are never kept).
    public static func from(_ scan: TrackerScan, hasher: IdentityHasher, place: String?, scanID: String) -> [Sighting] {
        scan.trackers.compactMap { device in
            guard device.state != .nearOwner, let identity = device.classification.identity else { return nil }
            return Sighting(identity: hasher.hash(identity), product: device.product.id, state: device.state,
                            time: device.lastSeen, place: place, scan: scanID)
        }
    }
}

/// A tracker that may be travelling with the person, and why the rule thinks so.
public struct Follower: Sendable, Hashable {
    public enum Reason: String, Sendable {
        /// The same tag in several scans over time, at two places or more.
        case places
        /// The same tag in several scans over two hours or more, while this computer could not tell places apart.
        case time
        /// Tags of one type, each seen once with a new identity, in scan after scan at two places or more
        /// (a tag that changes its keys faster than it can be followed).
        case rotating
    }

    public var product: String
    /// The hashed identity, or the product for a rotating pattern.
    public var identity: String
    public var reason: Reason
    public var first: Date
    public var last: Date
    public var scans: Int
    public var places: Int

    public var hours: Double { last.timeIntervalSince(first) / 3600 }
}

/// AirGuard's rule, adapted to a laptop (sensitivity "high"): the same separated or unknown-state tag
/// in at least 3 scans, first to last at least 30 minutes apart, at at least 2 places. A laptop has
/// no GPS: a place is the Wi-Fi network or a name the user gives; without two places the tag must
/// have stayed at least 2 hours. Only the last 24 hours count (Apple's separated keys change daily).
public struct FollowingRule: Sendable {
    public var minimumScans = 3
    public var minimumSpan: TimeInterval = 30 * 60
    public var minimumPlaces = 2
    public var spanWithoutPlaces: TimeInterval = 2 * 3600
    public var window: TimeInterval = 24 * 3600

    public init() {}

    public func followers(_ sightings: [Sighting], now: Date) -> [Follower] {
        let recent = sightings.filter { $0.time <= now && now.timeIntervalSince($0.time) <= window && $0.state != .nearOwner }
        var result: [Follower] = []
        let byIdentity = Dictionary(grouping: recent, by: \.identity)
        for (identity, group) in byIdentity {
            let scans = Set(group.map(\.scan)).count
            let places = Set(group.compactMap(\.place)).count
            guard scans >= minimumScans, let first = group.map(\.time).min(), let last = group.map(\.time).max() else { continue }
            let span = last.timeIntervalSince(first)
            let reason: Follower.Reason
            if places >= minimumPlaces && span >= minimumSpan {
                reason = .places
            } else if places < minimumPlaces && span >= spanWithoutPlaces {
                reason = .time
            } else {
                continue
            }
            result.append(Follower(product: group[0].product, identity: identity, reason: reason, first: first, last: last,
                                   scans: scans, places: places))
        }
        // Tags whose identity is new in every scan: the type keeps turning up, separated, while the
        // person moves. Only separated frames count; one identity seen in two scans is followed above.
        let separated = recent.filter { $0.state == .separated }
        let seenIn = Dictionary(grouping: separated, by: \.identity).mapValues { Set($0.map(\.scan)).count }
        let fleeting = separated.filter { seenIn[$0.identity] == 1 }
        for (product, group) in Dictionary(grouping: fleeting, by: \.product) {
            let scans = Set(group.map(\.scan)).count
            let places = Set(group.compactMap(\.place)).count
            let identities = Set(group.map(\.identity)).count
            guard scans >= minimumScans + 1, identities >= scans, places >= minimumPlaces,
                  let first = group.map(\.time).min(), let last = group.map(\.time).max(),
                  last.timeIntervalSince(first) >= minimumSpan else { continue }
            // Every scan at every place had one: a crowd gives many tags in some scans and none in others.
            let allScans = Set(recent.filter { $0.time >= first && $0.time <= last }.map(\.scan))
            guard scans >= allScans.count else { continue }
            result.append(Follower(product: product, identity: product, reason: .rotating, first: first, last: last, scans: scans, places: places))
        }
        return result.sorted { ($0.reason == .rotating ? 1 : 0, $0.first) < ($1.reason == .rotating ? 1 : 0, $1.first) }
    }
}
