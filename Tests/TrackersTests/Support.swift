import AuditCore
import Foundation
import ShippedChecks
import Testing
@testable import Trackers

/// The shipped signatures file.
func shippedSignatures(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> TrackerSignatures {
    let file = try #require(ShippedChecks.files.first { $0.path == "Checks/trackers/signatures.yaml" }, sourceLocation: sourceLocation)
    return try TrackerSignatures.read(CheckDataFile(path: file.path, text: file.text))
}

/// The shipped trackers checks, loaded as an audit loads them.
func shippedTrackerChecks() throws -> [Check] {
    try CheckLoader(kinds: TrackersKinds.all).load(ShippedChecks.files.filter { $0.path.hasPrefix("Checks/trackers/") })
}

/// Bytes from hex with any spacing: `"12 19 10"`.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter(\.isHexDigit)
    return stride(from: 0, to: digits.count - 1, by: 2).map { offset in
        let start = digits.index(digits.startIndex, offsetBy: offset)
        return UInt8(digits[start...digits.index(after: start)], radix: 16)!
    }
}

/// 22 key bytes, then key bits and the hint: the rest of a separated Find My record after its status byte.
let findMyKey = (1...22).map { String(format: "%02x", $0) }.joined(separator: " ") + " 01 00"

func advertisement(_ address: String = "C1:22:33:44:55:66", manufacturer: [UInt16: String] = [:], service: [String: String] = [:],
                   uuids: [String] = [], rssi: Int? = -60, at time: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> Advertisement {
    Advertisement(time: time, address: address, addressType: "random", rssi: rssi,
                  manufacturerData: manufacturer.mapValues(hex), serviceData: service.mapValues(hex), serviceUUIDs: uuids)
}

/// A scanner that returns a recording it was given, or fails as told.
struct FakeScanner: BluetoothScanning {
    var result: Result<ScanRecording, ScanProblem>

    func scan(seconds: Int, heard: (@Sendable (Int, Int) -> Void)?) async throws -> ScanRecording {
        heard?(0, 0)
        return try result.get()
    }

    static func hearing(_ advertisements: [Advertisement], interruption: ScanProblem? = nil) -> FakeScanner {
        let start = advertisements.map(\.time).min() ?? Date(timeIntervalSince1970: 1_800_000_000)
        return FakeScanner(result: .success(ScanRecording(adapter: "hci0", started: start, ended: start.addingTimeInterval(30),
                                                          advertisements: advertisements, interruption: interruption)))
    }
}

struct NoFetcher: HTTPFetching {
    struct Refused: Error {}
    func fetch(_ request: HTTPRequest) async throws -> HTTPResponse { throw Refused() }
}

struct NoSecrets: SecretInput {
    var isTerminal: Bool { false }
    func readLine(prompt: String?) -> [UInt8]? { nil }
}

/// A folder for a test's state database, removed by the caller.
func scratchFolder() throws -> URL {
    let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hygiene-trackers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension TrackersFamily {
    /// Prepares the family for an audit with a fake scanner, then runs its checks.
    static func audit(_ scanner: FakeScanner, request: Request? = Request(), state: StateStore? = nil, only: [String] = [],
                      place: String? = nil, now: Date = Date(timeIntervalSince1970: 1_800_000_000)) async throws -> (PreparedInputs, [CheckResult]) {
        let family = TrackersFamily(scanner: { _, _ in scanner }, places: NamedPlace(place), clock: { now })
        let checks = try shippedTrackerChecks()
        let context = FamilyContext(configuration: Configuration(), only: only, checks: checks, host: Machine(root: "/", runner: NoCommandRunner(), privileged: false),
                                    fetcher: NoFetcher(), secrets: NoSecrets(), dataDirectory: "/nonexistent", state: state)
        var given = AuditInputs()
        if let request { given[TrackersFamily.request] = request }
        let prepared = try await family.prepare(given, context: context)
        let selected = checks.filter { $0.when.inputs.allSatisfy(prepared.inputs.has) }
        let results = await Auditor(jobs: 2, timeout: .seconds(10)).run(selected, host: Machine(root: "/", runner: NoCommandRunner(), privileged: false), inputs: prepared.inputs)
        return (prepared, results)
    }
}
