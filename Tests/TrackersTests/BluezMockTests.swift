import AuditCore
import Foundation
import Testing
@testable import Trackers

/// A private D-Bus daemon with python-dbusmock's BlueZ template on it, playing a scenario, torn down
/// after the test. Needs /usr/bin/dbus-daemon and Debian's python3-dbusmock (`.ci/deps --tests`).
final class MockBluez: @unchecked Sendable {
    let address: String
    private let daemon: Process
    private let mock: Process
    private let stdin = Pipe()

    static let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bluez_scenario.py").path

    /// Debian's python3-dbusmock and dbus-daemon (looked up as files: no process is started while tests are listed).
    static let available: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/dbus-daemon")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/dbusmock/templates/bluez5.py")

    /// `bluez: false` starts the bus only.
    init(_ scenario: [String: Any], bluez: Bool = true) throws {
        daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-daemon")
        daemon.arguments = ["--session", "--nofork", "--nopidfile", "--print-address=1"]
        let out = Pipe()
        daemon.standardOutput = out
        try daemon.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        address = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        mock = Process()
        guard bluez else { return }
        mock.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        var scenario = scenario
        scenario["daemon"] = Int(daemon.processIdentifier)
        let parameters = String(decoding: try JSONSerialization.data(withJSONObject: scenario), as: UTF8.self)
        mock.arguments = ["-m", "dbusmock", "--template", Self.template, "-p", parameters]
        var environment = ProcessInfo.processInfo.environment
        environment["DBUS_SYSTEM_BUS_ADDRESS"] = address
        mock.environment = environment
        // Its standard input stays open while this process lives: if the test crashes, the mock and the bus go too.
        mock.standardInput = stdin
        mock.standardOutput = FileHandle.nullDevice
        mock.standardError = FileHandle.nullDevice
        try mock.run()
        // Wait until the scenario is in place (python's start-up takes a moment on a busy machine).
        let bus = try DBusConnection(address: address)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let objects = try? bus.call("org.bluez", "/", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", timeout: 1_000).first,
               objects.pathDictionary?["/org/bluez/hygiene_ready"] != nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw MockFailed()
    }

    struct MockFailed: Error {}

    func stop() {
        // Children of the test process inherit its blocked signals and do not act on SIGTERM: killed outright.
        if mock.isRunning { kill(mock.processIdentifier, SIGKILL); mock.waitUntilExit() }
        if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() }
    }

    deinit { stop() }

    func scanner(adapter: String? = nil, timeout: Int32 = 2_000) -> BluezScanner {
        BluezScanner(busAddress: address, adapter: adapter, callTimeout: timeout)
    }
}

/// The BlueZ client end to end, against the mock on a private bus: each tracker type separated and near
/// its owner, several Apple records, look-alikes, devices that appear or change during the scan, and
/// every way the scan can fail.
@Suite(.serialized, .enabled(if: MockBluez.available, "needs dbus-daemon and python3-dbusmock (.ci/deps --tests)"))
struct BluezMockTests {
    static let key = (1...22).map { String(format: "%02x", $0) }.joined() + "0100"

    static func device(_ address: String, rssi: Int = -60, manufacturer: [String: String]? = nil, service: [String: String]? = nil,
                       uuids: [String]? = nil) -> [String: Any] {
        var device: [String: Any] = ["address": address, "rssi": rssi]
        if let manufacturer { device["manufacturer"] = manufacturer }
        if let service { device["service"] = service }
        if let uuids { device["uuids"] = uuids }
        return device
    }

    let classifier: TrackerClassifier
    init() throws { classifier = TrackerClassifier(try shippedSignatures()) }

    @Test func everyTrackerTypeIsHeardAndJudged() async throws {
        let adds: [[String: Any]] = [
            Self.device("C1:00:00:00:00:01", rssi: -50, manufacturer: ["004c": "121910" + Self.key]),
            Self.device("C1:00:00:00:00:02", manufacturer: ["004c": "1205011844112212022401"]),  // two records, accessory near owner
            Self.device("C1:00:00:00:00:03", manufacturer: ["004c": "100613 1d8a4f2b00".replacingOccurrences(of: " ", with: "")]),  // an iPhone
            Self.device("D2:00:00:00:00:01", service: ["fd5a": "13010000a1a2a3a4a5a6a7a807"]),
            Self.device("D2:00:00:00:00:02", service: ["fd5a": "15050000a1a2a3a4a5a6a7a803"]),
            Self.device("E3:00:00:00:00:01", service: ["feaa": "41" + String(repeating: "5a", count: 20) + "01"]),
            Self.device("E3:00:00:00:00:02", service: ["feaa": "100003676f6f676c6507"]),  // Eddystone URL
            Self.device("F4:00:00:00:00:01", service: ["feed": "02000102"]),
            Self.device("F4:00:00:00:00:02", uuids: ["fe33"]),
            Self.device("F4:00:00:00:00:03", service: ["fcb2": "02 00".replacingOccurrences(of: " ", with: "")]),
            Self.device("A0:00:00:00:00:01", manufacturer: ["0006": "0109200208"], uuids: ["110b"]),  // headphones
        ]
        let mock = try MockBluez(["adapters": [["name": "hci0"]],
                                  "on_discovery": adds.enumerated().map { ["after": 100 + $0.offset * 20, "add": $0.element] }])
        defer { mock.stop() }
        let started = Date()
        let recording = try await mock.scanner().scan(seconds: 2, heard: nil)
        // The scan ends: a guard against hanging, loose for a loaded two-core machine running the suite in
        // parallel (alone it takes 2.0–2.5 s: the 2 s listened plus the calls, filter and stop).
        #expect(Date().timeIntervalSince(started) < 300)
        #expect(recording.interruption == nil)
        #expect(recording.cleanedUp)
        let scan = TrackerScan(recording: recording, classifier: classifier)
        let byAddress = Dictionary(uniqueKeysWithValues: (scan.trackers + scan.others).map { ($0.address, $0) })
        #expect(byAddress["C1:00:00:00:00:01"]?.state == .separated)
        #expect(byAddress["C1:00:00:00:00:01"]?.product.id == "airtag")
        #expect(byAddress["C1:00:00:00:00:01"]?.strongestRSSI == -50)
        #expect(byAddress["C1:00:00:00:00:02"]?.state == .nearOwner)
        #expect(byAddress["C1:00:00:00:00:03"] == nil)
        #expect(byAddress["D2:00:00:00:00:01"]?.state == .separated)
        #expect(byAddress["D2:00:00:00:00:02"]?.state == .nearOwner)
        #expect(byAddress["E3:00:00:00:00:01"]?.state == .separated)
        #expect(byAddress["E3:00:00:00:00:02"]?.isTracker == false)
        #expect(byAddress["F4:00:00:00:00:01"]?.product.id == "tile")
        #expect(byAddress["F4:00:00:00:00:02"]?.product.id == "chipolo")
        #expect(byAddress["F4:00:00:00:00:03"]?.state == .separated)
        #expect(byAddress["A0:00:00:00:00:01"] == nil)
        #expect(scan.separated.map(\.address).sorted() == ["C1:00:00:00:00:01", "D2:00:00:00:00:01", "E3:00:00:00:00:01", "F4:00:00:00:00:03"])
        #expect(scan.ordinaryDevices == 2)
    }

    @Test func cachedDevicesDoNotCountAndChangesAreRecorded() async throws {
        let cached = Self.device("C1:00:00:00:00:09", manufacturer: ["004c": "121910" + Self.key])
        let changing = Self.device("D2:00:00:00:00:09", service: ["fd5a": "15050000a1a2a3a4a5a6a7a803"])
        let mock = try MockBluez(["adapters": [["name": "hci0"]], "devices": [cached],
                                  "on_discovery": [["after": 100, "add": changing],
                                                   // The SmartTag leaves its owner during the scan, and is heard three times more.
                                                   ["after": 300, "set": ["address": "D2:00:00:00:00:09", "props": ["rssi": -40, "service": ["fd5a": "13050000a1a2a3a4a5a6a7a807"]]]],
                                                   ["after": 400, "set": ["address": "D2:00:00:00:00:09", "props": ["rssi": -45]]],
                                                   ["after": 500, "set": ["address": "D2:00:00:00:00:09", "props": ["rssi": -48]]]]])
        defer { mock.stop() }
        let recording = try await mock.scanner().scan(seconds: 1, heard: nil)
        let scan = TrackerScan(recording: recording, classifier: classifier)
        #expect(!recording.advertisements.contains { $0.address == "C1:00:00:00:00:09" })
        let tag = try #require(scan.trackers.first { $0.address == "D2:00:00:00:00:09" })
        #expect(tag.state == .separated)
        #expect(tag.sightings == 4)
        #expect(tag.strongestRSSI == -40)
        #expect(tag.lastRSSI == -48)
    }

    @Test func malformedPropertiesAreCountedNotCrashed() async throws {
        let tag = Self.device("C1:00:00:00:00:07", manufacturer: ["004c": "121910" + Self.key])
        let mock = try MockBluez(["adapters": [["name": "hci0"]],
                                  "on_discovery": [["after": 100, "add": tag], ["after": 200, "garbage": ["address": "C1:00:00:00:00:07"]]]])
        defer { mock.stop() }
        let recording = try await mock.scanner().scan(seconds: 1, heard: nil)
        #expect(recording.unreadable == 2)
        #expect(TrackerScan(recording: recording, classifier: classifier).separated.count == 1)
    }

    @Test func noAdapterIsSaid() async throws {
        let mock = try MockBluez([:])
        defer { mock.stop() }
        await #expect(throws: ScanProblem.noAdapter) { try await mock.scanner().scan(seconds: 1, heard: nil) }
    }

    @Test func anAdapterThatIsNotThereIsNamed() async throws {
        let mock = try MockBluez(["adapters": [["name": "hci0"]]])
        defer { mock.stop() }
        await #expect(throws: ScanProblem.adapterNotFound("hci7", available: ["hci0"])) { try await mock.scanner(adapter: "hci7").scan(seconds: 1, heard: nil) }
    }

    @Test func adapterOffIsSaidAndNeverSwitchedOn() async throws {
        let mock = try MockBluez(["adapters": [["name": "hci0", "powered": false]]])
        defer { mock.stop() }
        await #expect(throws: ScanProblem.adapterOff("hci0")) { try await mock.scanner().scan(seconds: 1, heard: nil) }
        let bus = try DBusConnection(address: mock.address)
        let powered = try bus.call("org.bluez", "/org/bluez/hci0", "org.freedesktop.DBus.Properties", "Get",
                                   [.string("org.bluez.Adapter1"), .string("Powered")], timeout: 2_000).first?.bool
        #expect(powered == false)
    }

    @Test func notReadyFromBluezMeansOff() async throws {
        let mock = try MockBluez(["adapters": [["name": "hci0"]], "refuse": ["StartDiscovery": "org.bluez.Error.NotReady"]])
        defer { mock.stop() }
        await #expect(throws: ScanProblem.adapterOff("hci0")) { try await mock.scanner().scan(seconds: 1, heard: nil) }
    }

    @Test func permissionRefusedIsSaid() async throws {
        let mock = try MockBluez(["adapters": [["name": "hci0"]], "refuse": ["SetDiscoveryFilter": "org.freedesktop.DBus.Error.AccessDenied"]])
        defer { mock.stop() }
        await #expect(throws: ScanProblem.permissionDenied("refused")) { try await mock.scanner().scan(seconds: 1, heard: nil) }
    }

    @Test func aHangingBluezTimesOut() async throws {
        let mock = try MockBluez(["adapters": [["name": "hci0"]], "hang": "StartDiscovery"])
        defer { mock.stop() }
        let started = Date()
        await #expect(throws: ScanProblem.noReply("StartDiscovery")) { try await mock.scanner(timeout: 500).scan(seconds: 1, heard: nil) }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func adapterRemovedMidScanStopsWithWhatWasHeard() async throws {
        let tag = Self.device("C1:00:00:00:00:05", manufacturer: ["004c": "121910" + Self.key])
        let mock = try MockBluez(["adapters": [["name": "hci0"]],
                                  "on_discovery": [["after": 100, "add": tag], ["after": 300, "remove_adapter": "hci0"]]])
        defer { mock.stop() }
        let started = Date()
        let recording = try await mock.scanner().scan(seconds: 10, heard: nil)
        #expect(recording.interruption == .adapterGone("hci0"))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(recording.advertisements.count == 1)
    }

    @Test func adapterSwitchedOffMidScanStops() async throws {
        let mock = try MockBluez(["adapters": [["name": "hci0"]], "on_discovery": [["after": 200, "power_off": "hci0"]]])
        defer { mock.stop() }
        let recording = try await mock.scanner().scan(seconds: 10, heard: nil)
        #expect(recording.interruption == .adapterGone("hci0"))
    }

    @Test func bluezGoingAwayMidScanStops() async throws {
        let mock = try MockBluez(["adapters": [["name": "hci0"]], "on_discovery": [["after": 200, "quit": true]]])
        defer { mock.stop() }
        let started = Date()
        let recording = try await mock.scanner().scan(seconds: 10, heard: nil)
        #expect(recording.interruption == .bluezGone)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func bluezNotOnTheBusIsSaid() async throws {
        // A bus with no BlueZ on it.
        let mock = try MockBluez(["adapters": [["name": "hci0"]]], bluez: false)
        let address = mock.address
        defer { mock.stop() }
        await #expect(throws: ScanProblem.bluezNotRunning) { try await BluezScanner(busAddress: address, callTimeout: 1_000).scan(seconds: 1, heard: nil) }
    }

    @Test func noBusIsSaid() async throws {
        do {
            _ = try await BluezScanner(busAddress: "unix:path=/nonexistent/hygiene-no-bus").scan(seconds: 1, heard: nil)
            Issue.record("scanned without a bus")
        } catch let problem as ScanProblem {
            guard case .busUnavailable = problem else { Issue.record("\(problem)"); return }
            #expect(problem.message.en.contains("Nothing was scanned"))
        }
    }
}
