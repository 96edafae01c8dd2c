import AuditCore
import Foundation
import GRDB
import Testing
@testable import Trackers

/// The family in an audit, with a fake scanner: what each scan outcome becomes, and that a scan that
/// could not run is never "no trackers".
@Suite struct FamilyTests {
    let airTag = advertisement("C1:22:33:44:55:66", manufacturer: [0x004C: "12 19 10 " + findMyKey], rssi: -52)
    let nearOwner = advertisement("E5:00:00:00:00:01", manufacturer: [0x004C: "12 02 10 02"], rssi: -70)
    let tile = advertisement("F0:11:22:33:44:55", service: ["feed": "02 00 01"], rssi: -80)

    func result(_ results: [CheckResult], _ id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CheckResult {
        try #require(results.first { $0.checkID == id }, sourceLocation: sourceLocation)
    }

    @Test func separatedTrackerIsAHighFindingWithCautionAndSteps() async throws {
        let (prepared, results) = try await TrackersFamily.audit(.hearing([airTag, airTag, nearOwner, tile]))
        let separated = try result(results, "trackers.separated")
        #expect(separated.status == .failed)
        let airTagFinding = try #require(separated.findings.first { $0.severity == .high })
        #expect(airTagFinding.title.en.contains("AirTag"))
        #expect(airTagFinding.detail.en.contains("Heard 2 times"))
        #expect(airTagFinding.detail.en.contains("CR2032"))
        #expect(airTagFinding.detail.nl.contains("CR2032"))
        #expect(airTagFinding.caution?.en.contains("may notice") == true)
        #expect(airTagFinding.fix.en.contains { $0.contains("evidence") })
        #expect(airTagFinding.subjects.first?.fields.contains { $0.key == "address" && $0.value == "C1:22:33:44:55:66" } == true)
        // The address is in the report for the person, never in what the state database keeps.
        #expect(!airTagFinding.fingerprint.contains("C1"))
        // The Tile (owner state unknown) is for review, low; the tag near its owner gives nothing.
        #expect(separated.findings.filter { $0.severity == .low }.count == 1)
        #expect(separated.findings.count == 2)
        #expect(prepared.sources.first?.ok == true)
    }

    @Test func onlyNearOwnerTagsPassWithTheLimitsSaid() async throws {
        let (_, results) = try await TrackersFamily.audit(.hearing([nearOwner]))
        let separated = try result(results, "trackers.separated")
        #expect(separated.status == .passed)
        #expect(separated.reason?.en.contains("1 tracker near its owner") == true)
        #expect(separated.reason?.en.contains("not that you are safe") == true)
        #expect(separated.reason?.nl.contains("niet dat je veilig bent") == true)
    }

    @Test(arguments: [
        (ScanProblem.adapterOff("hci0"), CheckStatus.error, "switched off"),
        (.permissionDenied("org.freedesktop.DBus.Error.AccessDenied"), .error, "may not use Bluetooth"),
        (.noReply("StartDiscovery"), .error, "did not answer"),
        (.busUnavailable("no socket"), .error, "message bus"),
        (.noAdapter, .skipped, "no Bluetooth adapter"),
        (.bluezNotRunning, .skipped, "not running"),
    ])
    func scanThatCouldNotRunIsNeverAllClear(_ problem: ScanProblem, _ status: CheckStatus, _ words: String) async throws {
        let (prepared, results) = try await TrackersFamily.audit(FakeScanner(result: .failure(problem)))
        let separated = try result(results, "trackers.separated")
        #expect(separated.status == status)
        #expect(separated.reason?.en.contains(words) == true, "\(separated.reason?.en ?? "")")
        #expect(separated.reason?.nl.isEmpty == false)
        #expect(prepared.sources.first?.ok == false)
        #expect(try result(results, "trackers.following").status != .passed)
    }

    @Test func scanCutShortWithNothingHeardIsAnError() async throws {
        let (prepared, results) = try await TrackersFamily.audit(.hearing([nearOwner], interruption: .adapterGone("hci0")))
        #expect(try result(results, "trackers.separated").status == .error)
        #expect(try result(results, "trackers.separated").reason?.en.contains("went away") == true)
        #expect(prepared.sources.first?.ok == false)
    }

    @Test func scanCutShortStillReportsWhatItHeard() async throws {
        let (_, results) = try await TrackersFamily.audit(.hearing([airTag], interruption: .bluezGone))
        #expect(try result(results, "trackers.separated").status == .failed)
    }

    @Test func noScanAskedLeavesTheChecksOut() async throws {
        let (prepared, results) = try await TrackersFamily.audit(.hearing([airTag]), request: nil)
        #expect(results.isEmpty)
        #expect(prepared.inputs[TrackersFamily.scan] == nil)
    }

    @Test func onlyTrackersWithoutTheFlagIsAUsageError() async throws {
        await #expect(throws: InputError.self) { try await TrackersFamily.audit(.hearing([]), request: nil, only: ["trackers"]) }
    }

    @Test func secondsOutsideTheRangeAreRefused() async throws {
        await #expect(throws: InputError.self) {
            try await TrackersFamily.audit(.hearing([]), request: TrackersFamily.Request(seconds: 3))
        }
    }

    @Test func followingNeedsKeptScans() async throws {
        let (_, withoutState) = try await TrackersFamily.audit(.hearing([airTag]))
        #expect(try result(withoutState, "trackers.following").status == .skipped)

        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = try StateStore(path: folder.appendingPathComponent("state.sqlite").path, migrations: TrackersFamily().migrations)
        let (_, first) = try await TrackersFamily.audit(.hearing([airTag]), request: .init(save: true), state: state)
        #expect(try result(first, "trackers.following").status == .skipped)
        #expect(try result(first, "trackers.following").reason?.en.contains("only 1 scan") == true)
    }

    /// Three saved audits at two places over 40 minutes: the AirTag travels with the person. The state
    /// database holds neither the address nor the key bytes nor the place names.
    @Test func savedScansAtTwoPlacesShowAFollower() async throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let state = try StateStore(path: path, migrations: TrackersFamily().migrations)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var last: [CheckResult] = []
        for (minutes, place) in [(0.0, "Home-WiFi-Planted"), (20, "Station-Planted"), (40, "Office-Planted")] {
            let now = t0.addingTimeInterval(minutes * 60)
            var ad = airTag
            ad.time = now
            (_, last) = try await TrackersFamily.audit(.hearing([ad, nearOwner]), request: .init(save: true), state: state, place: place, now: now)
        }
        let following = try result(last, "trackers.following")
        #expect(following.status == .failed)
        #expect(following.findings.first?.severity == .critical)
        #expect(following.findings.first?.title.en.contains("AirTag") == true)
        #expect(following.findings.first?.caution != nil)
        // Nothing in clear in the database file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        for planted in ["c1:22:33:44:55:66", "c1_22", "0102030405060708", "home-wifi-planted", "station-planted", "e5:00:00"] {
            #expect(!text.contains(planted), "\(planted) is in the state database")
        }
        let rows = try state.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tracker_sightings") }
        #expect(rows == 3)  // the AirTag in each scan; the near-owner tag is never kept
    }

    @Test func keptSightingsExpireAfterFourteenDays() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = try StateStore(path: folder.appendingPathComponent("state.sqlite").path, migrations: TrackerHistory.migrations)
        let history = TrackerHistory(state: state)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try history.save([Sighting(identity: "x", product: "tile", state: .unknown, time: t0, place: nil, scan: "1")], now: t0)
        try history.save([Sighting(identity: "y", product: "tile", state: .unknown, time: t0.addingTimeInterval(15 * 86400), place: nil, scan: "2")],
                         now: t0.addingTimeInterval(15 * 86400))
        #expect(try history.sightings(since: .distantPast).sightings.map(\.identity) == ["y"])
        #expect(try history.forget() == 1)
        // One key per database, kept.
        #expect(try history.hasher().hash("a") == history.hasher().hash("a"))
    }

    @Test func scanDocumentListsSeparatedFirstAndRendersEveryFormat() throws {
        let scan = TrackerScan(recording: ScanRecording(adapter: "hci0", started: Date(timeIntervalSince1970: 1_800_000_000),
                                                        ended: Date(timeIntervalSince1970: 1_800_000_030), advertisements: [nearOwner, tile, airTag]),
                               classifier: TrackerClassifier(try shippedSignatures()))
        #expect(scan.trackers.map(\.state) == [.separated, .unknown, .nearOwner])
        let document = TrackerScanDocument(scan: scan)
        let text = try document.render(.text, language: .en)
        #expect(text.contains("Away from their owner"))
        #expect(text.contains("can tell whoever placed it"))
        let dutch = try document.render(.markdown, language: .nl)
        #expect(dutch.contains("Weg van de eigenaar"))
        let json = try JSONSerialization.jsonObject(with: Data(try document.render(.json, language: .en).utf8)) as? [String: Any]
        #expect(json?["schema"] as? String == "hygiene-trackers/1")
        #expect((json?["trackers"] as? [[String: Any]])?.first?["state"] as? String == "separated")
        #expect(try document.render(.html, language: .en).contains("<html"))
    }
}
