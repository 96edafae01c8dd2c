import AuditCore
import Foundation

/// The trackers family's kinds, in one list.
public enum TrackersKinds {
    public static let all: [any CheckKind.Type] = [SeparatedTrackersKind.self, FollowingTrackersKind.self]
}

/// Reads the scan's outcome: the scan, or why there is none. A scan that could not run is never
/// "no trackers": the check errs (or skips when the computer has no Bluetooth at all).
func scanOrProblem(_ inputs: AuditInputs) throws -> TrackerScan {
    if inputs[TrackersFamily.scan] == nil, let problem = inputs[TrackersFamily.problem] {
        if problem.noBluetooth { throw SkipCheck(problem.message) }
        throw problem
    }
    return try inputs.require(TrackersFamily.scan)
}

/// Trackers heard in the scan that say they are away from their owner (high), and trackers whose
/// format does not tell (for review, low). Tags near their owner and ordinary devices give no finding.
public struct SeparatedTrackersKind: CheckKind {
    public static let description = KindDescription(
        identifier: "trackers-separated",
        family: "trackers",
        summary: "Bluetooth item trackers heard in the scan that are away from their owner, by the signatures file; trackers of unknown owner state for review.",
        parameters: [ParameterSpec("signatures", required: true, "the signatures file (data: tracker-signatures)")])

    public let signatures: TrackerSignatures

    public init(parameters: Parameters) throws {
        signatures = try SignatureCache.shared.signatures(try parameters.dataFile("signatures"))
    }

    public init(signatures: TrackerSignatures) { self.signatures = signatures }

    public func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try scanOrProblem(context.inputs)
        var drafts: [FindingDraft] = []
        for device in scan.trackers where device.state != .nearOwner {
            drafts.append(FindingDraft(
                key: TrackersWords.findingKey(device, scan.keys),
                title: device.state == .separated ? TrackersWords.separatedTitle(device) : TrackersWords.unknownTitle(device),
                detail: TrackersWords.detail(device),
                subjects: [TrackersWords.subject(device)],
                severity: device.state == .separated ? nil : .low))
        }
        if let interruption = scan.recording.interruption {
            // What was heard before the scan broke off is shown; an empty, broken scan is no all-clear.
            guard !drafts.isEmpty else { throw interruption }
        }
        if drafts.isEmpty { return .passed(evidence: TrackersWords.nothingSeparated(scan)) }
        return .failed(drafts)
    }
}

/// A tracker that has been with the person across scans: the same tag at several places over at
/// least half an hour, or for hours where places cannot be told apart, or tags of one type that keep
/// turning up with new keys. Needs scans kept with `--save` (or `hygiene trackers watch`).
public struct FollowingTrackersKind: CheckKind {
    public static let description = KindDescription(
        identifier: "trackers-following",
        family: "trackers",
        summary: "Trackers seen across saved scans over time and places (AirGuard's rule adapted to a laptop).",
        parameters: [])

    public init(parameters: Parameters) throws {}
    public init() {}

    public func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try scanOrProblem(context.inputs)
        let report = try context.inputs.require(TrackersFamily.following)
        if report.followers.isEmpty {
            if report.scans < FollowingRule().minimumScans { throw SkipCheck(TrackersWords.tooFewScans(report.scans)) }
            if let interruption = scan.recording.interruption { throw interruption }
            return .passed(evidence: TrackersWords.noFollower(report))
        }
        let products = Dictionary(scan.products.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return .failed(report.followers.map { follower in
            FindingDraft(key: "\(follower.reason.rawValue)|\(follower.identity)",
                         title: TrackersWords.followerTitle(follower, products[follower.product]),
                         detail: TrackersWords.followerDetail(follower, products[follower.product], placeKnown: report.placeKnown),
                         subjects: [TrackersWords.followerSubject(follower, products[follower.product])],
                         severity: follower.reason == .places ? nil : .high)
        })
    }
}

/// The signatures file, read once per file and text.
final class SignatureCache: @unchecked Sendable {
    static let shared = SignatureCache()
    private let lock = NSLock()
    private var loaded: [String: TrackerSignatures] = [:]

    func signatures(_ file: CheckDataFile) throws -> TrackerSignatures {
        try lock.withLock {
            let key = file.path + "\u{0}" + file.text
            if let signatures = loaded[key] { return signatures }
            let signatures = try TrackerSignatures.read(file)
            loaded[key] = signatures
            return signatures
        }
    }
}
