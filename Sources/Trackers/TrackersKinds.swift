import AuditCore
import Foundation

/// The rest of a separated Find My record after its status byte, for the examples: 22 key bytes, key bits, hint.
let exampleKey = (1...22).map { String(format: "%02x", $0) }.joined() + "0100"

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
        parameters: [ParameterSpec("signatures", required: true, "the signatures file (data: tracker-signatures)")],
        examples: [
            KindExample("an AirTag near its owner gives no finding", parameters: "signatures: signatures.yaml",
                        given: [RecordedScans.inputName: ["0 E5:00:00:00:00:01 rssi=-70 m:004c=12021002"]], expect: .passed),
            KindExample("an AirTag away from its owner, heard twice", parameters: "signatures: signatures.yaml",
                        given: [RecordedScans.inputName: ["0 C1:22:33:44:55:66 rssi=-52 m:004c=121910\(exampleKey)",
                                                          "1 C1:22:33:44:55:66 rssi=-49 m:004c=121910\(exampleKey)"]],
                        expect: .failed, findings: 1),
            KindExample("an Eddystone beacon on Google's UUID is not a tracker", parameters: "signatures: signatures.yaml",
                        given: [RecordedScans.inputName: ["0 E3:00:00:00:00:02 s:feaa=100003676f6f676c6507"]], expect: .passed),
        ])

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
        parameters: [],
        examples: [
            KindExample("the same AirTag at three places over 40 minutes", parameters: "{}",
                        given: [RecordedScans.inputName: [
                            "0 C1:22:33:44:55:66 rssi=-60 m:004c=121910\(exampleKey) scan=1 place=home",
                            "1200 C1:22:33:44:55:66 rssi=-58 m:004c=121910\(exampleKey) scan=2 place=bus",
                            "2400 C1:22:33:44:55:66 rssi=-55 m:004c=121910\(exampleKey) scan=3 place=work"]],
                        expect: .failed, findings: 1),
            KindExample("three scans, a tag near its owner each time", parameters: "{}",
                        given: [RecordedScans.inputName: [
                            "0 E5:00:00:00:00:01 m:004c=12021002 scan=1 place=home",
                            "1200 E5:00:00:00:00:02 m:004c=12021002 scan=2 place=bus",
                            "2400 E5:00:00:00:00:03 m:004c=12021002 scan=3 place=work"]],
                        expect: .passed),
            KindExample("one scan cannot tell", parameters: "{}",
                        given: [RecordedScans.inputName: ["0 C1:22:33:44:55:66 m:004c=121910\(exampleKey)"]], expect: .skipped),
        ])

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
