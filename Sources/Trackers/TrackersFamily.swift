import AuditCore
import Foundation

/// The trackers family's front door: a Bluetooth scan for item trackers (AirTag, SmartTag, Tile…),
/// run once before the audit when asked (`--trackers`), and the sightings kept from earlier saved
/// scans, for the "following you" rule.
public struct TrackersFamily: Family {
    /// What the flags ask.
    public struct Request: Sendable {
        public var seconds = 30
        /// The adapter (`hci0`), or nil for the first.
        public var adapter: String?
        /// Keep this scan's sightings (hashed) in the state database for later scans to compare with.
        public var save = false
        /// A place name given by the user, instead of the network's.
        public var place: String?

        public init(seconds: Int = 30, adapter: String? = nil, save: Bool = false, place: String? = nil) {
            self.seconds = seconds
            self.adapter = adapter
            self.save = save
            self.place = place
        }
    }

    public static let request = InputKey<Request>("trackers-request", missing: TrackersWords.notAsked)
    public static let scan = InputKey<TrackerScan>("trackers-scan", missing: TrackersWords.notAsked)
    public static let problem = InputKey<ScanProblem>("trackers-problem", missing: TrackersWords.notAsked)
    public static let following = InputKey<FollowingReport>("trackers-following", missing: TrackersWords.noState)

    /// The seconds a scan may take.
    public static let secondsRange = 5...300

    let makeScanner: @Sendable (Request, [String: String]) -> any BluetoothScanning
    let places: any PlaceProbing
    let clock: @Sendable () -> Date

    /// `scanner` makes the scanner for a request and the process's environment (BlueZ on the system
    /// bus, `DBUS_SYSTEM_BUS_ADDRESS` honoured, unless a test gives a fake).
    public init(scanner: @escaping @Sendable (Request, [String: String]) -> any BluetoothScanning = Self.bluez,
                places: any PlaceProbing = NetworkManagerPlace(), clock: @escaping @Sendable () -> Date = { Date() }) {
        makeScanner = scanner
        self.places = places
        self.clock = clock
    }

    /// BlueZ on the system bus the environment names.
    public static let bluez: @Sendable (Request, [String: String]) -> any BluetoothScanning = { request, environment in
        BluezScanner(busAddress: environment["DBUS_SYSTEM_BUS_ADDRESS"], adapter: request.adapter)
    }

    public let id = "trackers"
    public let name = LocalizedText(en: "Bluetooth trackers", nl: "Bluetooth-trackers")
    public var kinds: [any CheckKind.Type] { TrackersKinds.all }
    public var migrations: [StateMigration] { TrackerHistory.migrations }

    public var fieldLabels: [String: String] {
        ["type": "soort", "state": "toestand", "signal": "signaal", "heard": "gehoord", "address": "adres", "first seen": "eerst gezien",
         "last seen": "laatst gezien", "scans": "scans", "places": "plekken", "find it": "vinden", "switch it off": "uitzetten"]
    }

    public func expectedInputs(_ given: AuditInputs) -> [String] {
        given[Self.request] == nil ? [] : [Self.scan.name]
    }

    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        let recorded = given[RecordedScans.inputName]
        guard let request = given[Self.request] ?? (recorded.isEmpty ? nil : Request()) else {
            if context.asked(id) { throw InputError(TrackersWords.needsFlag, usage: true) }
            return PreparedInputs()
        }
        guard context.runs(id) else { return PreparedInputs() }
        guard Self.secondsRange.contains(request.seconds) else { throw InputError(TrackersWords.secondsOutOfRange, usage: true) }
        let signatures = try Self.signatures(in: context.checks)
        var prepared = PreparedInputs()
        prepared.inputs[Self.request] = request
        if !recorded.isEmpty {
            try replay(recorded, classifier: TrackerClassifier(signatures), state: context.state, into: &prepared)
            return prepared
        }
        let outcome = await Self.run(request, scanner: makeScanner(request, context.environment), classifier: TrackerClassifier(signatures),
                                     language: context.language, progress: context.progress, done: context.progressDone)
        switch outcome {
        case .failure(let problem):
            prepared.inputs[Self.problem] = problem
            prepared.sources.append(SourceStatus(name: TrackersWords.bluetooth(request.adapter), ok: false, detail: problem.message))
            return prepared
        case .success(var scan):
            if let state = context.state, let hasher = try? TrackerHistory(state: state).hasher() { scan.keys = hasher }
            prepared.inputs[Self.scan] = scan
            if let interruption = scan.recording.interruption { prepared.inputs[Self.problem] = interruption }
            prepared.sources.append(SourceStatus(name: TrackersWords.bluetooth(scan.recording.adapter), ok: scan.complete,
                                                 detail: scan.recording.interruption?.message ?? scan.coverage))
            if scan.recording.unreadable > 0 { prepared.notes.append(TrackersWords.unreadable(scan.recording.unreadable)) }
            if !scan.recording.cleanedUp && scan.complete { prepared.notes.append(TrackersWords.notCleanedUp) }
            if let state = context.state {
                do {
                    prepared.inputs[Self.following] = try FollowingReport.make(
                        scan: scan, history: TrackerHistory(state: state), save: request.save,
                        place: request.place ?? places.currentPlace(), now: clock())
                } catch {
                    prepared.notes.append(TrackersWords.historyUnreadable(LocalizedText.describing(error)))
                }
            }
            return prepared
        }
    }

    /// A recorded scan (or a watch's scans) replayed instead of listening: the last scan is judged as
    /// the scan, all of them by the following rule. Nothing is saved.
    func replay(_ texts: [String], classifier: TrackerClassifier, state: StateStore?, into prepared: inout PreparedInputs) throws {
        let scans = try RecordedScans(texts, start: clock()).recordings()
        guard !scans.isEmpty else { throw InputError(TrackersWords.emptyRecording) }
        let hasher = try state.map { try TrackerHistory(state: $0).hasher() } ?? IdentityHasher.ephemeral()
        var sightings: [Sighting] = []
        var last: TrackerScan?
        for recorded in scans {
            var scan = TrackerScan(recording: recorded.recording, classifier: classifier)
            scan.keys = hasher
            sightings += Sighting.from(scan, hasher: hasher, place: recorded.place.map { hasher.hash("place|\($0)") }, scanID: recorded.scan)
            last = scan
        }
        guard let last else { return }
        prepared.inputs[Self.scan] = last
        prepared.inputs[Self.following] = FollowingReport(
            followers: FollowingRule().followers(sightings, now: last.recording.ended), scans: scans.count, saved: false,
            placeKnown: scans.contains { $0.place != nil })
        prepared.sources.append(SourceStatus(name: TrackersWords.recordedSource, ok: true, detail: last.coverage))
    }

    /// One scan, judged; the problem when it could not run.
    public static func run(_ request: Request, scanner: any BluetoothScanning, classifier: TrackerClassifier, language: Language = .en,
                           progress: (@Sendable (String, Int, Int) -> Void)?, done: @Sendable () -> Void = {}) async -> Result<TrackerScan, ScanProblem> {
        do {
            let recording = try await scanner.scan(seconds: request.seconds) { devices, elapsed in
                progress?(TrackersWords.listening(devices)(language), min(elapsed, request.seconds), request.seconds)
            }
            done()
            return .success(TrackerScan(recording: recording, classifier: classifier))
        } catch let problem as ScanProblem {
            done()
            return .failure(problem)
        } catch {
            done()
            return .failure(.failed(error.localizedDescription))
        }
    }

    /// The signatures the loaded checks name (the `trackers-separated` check's `signatures` file).
    public static func signatures(in checks: [Check]) throws -> TrackerSignatures {
        for check in checks {
            if let kind = check.implementation as? SeparatedTrackersKind { return kind.signatures }
        }
        throw InputError(TrackersWords.noSignatures)
    }
}

/// What the kept sightings say, with this scan among them.
public struct FollowingReport: Sendable {
    public var followers: [Follower]
    /// Scans in the last 24 hours the rule looked at, this one included.
    public var scans: Int
    /// Whether this scan was kept for later ones.
    public var saved: Bool
    /// Whether this computer could tell where it was (a network name or a place given).
    public var placeKnown: Bool

    static func make(scan: TrackerScan, history: TrackerHistory, save: Bool, place: String?, now: Date) throws -> FollowingReport {
        let hasher = try history.hasher()
        let scanID = UUID().uuidString
        let sightings = Sighting.from(scan, hasher: hasher, place: place.map { hasher.hash("place|\($0)") }, scanID: scanID)
        if save { try history.save(sightings, now: now) }
        var kept = try history.sightings(since: now.addingTimeInterval(-FollowingRule().window)).sightings
        if !save { kept += sightings }
        return FollowingReport(followers: FollowingRule().followers(kept, now: now), scans: Set(kept.map(\.scan)).count + (sightings.isEmpty ? 1 : 0),
                               saved: save, placeKnown: place != nil)
    }
}
