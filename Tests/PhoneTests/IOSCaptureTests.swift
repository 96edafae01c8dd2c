import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Phone

/// The iPhone capture through the real process runner and fakes of libimobiledevice's tools
/// (Tests/TestSupport/FakeIDevice.swift) over the scenarios in Tests/PhoneTests/IOSScenarios: every scenario
/// reads in full, and every way the phone or the tools can fail ends in a message naming the iPhone, never in
/// a clean capture.
@Suite struct IOSCaptureTests {
    static let udid = FakeIDevice.udid
    static let fixedNow: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_796_205_600) }

    final class Told: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ text: LocalizedText) { lock.withLock { lines.append(text.en) } }
        var all: [String] { lock.withLock { lines } }
    }

    static func reader(_ fake: FakeIDevice, udid: String? = nil, timeout: Duration = .seconds(10), trustWait: Duration = .seconds(3),
                       told: Told? = nil) -> IOSCapture {
        IOSCapture(udid: udid, runner: ProcessRunner(environment: fake.environment), timeout: timeout, appsTimeout: timeout,
                   trustWait: trustWait, trustPoll: .milliseconds(50), now: fixedNow, tell: { told?.add($0) })
    }

    static func capture(_ fake: FakeIDevice, udid: String? = nil, timeout: Duration = .seconds(10),
                        trustWait: Duration = .seconds(3), told: Told? = nil) async throws -> (PhoneCapture, IOSSnapshot, String) {
        let folder = Fixture.temporaryFolder()
        let capture = try await reader(fake, udid: udid, timeout: timeout, trustWait: trustWait, told: told).capture(into: folder)
        return (capture, IOSSnapshot(capture: capture), folder)
    }

    /// Expects the capture to stop with `expected`, whose message names the iPhone.
    static func expectFailure(_ fake: FakeIDevice, _ expected: PhoneError, udid: String? = nil, timeout: Duration = .seconds(10),
                              trustWait: Duration = .seconds(3), sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            _ = try await reader(fake, udid: udid, timeout: timeout, trustWait: trustWait).capture(into: folder)
            Issue.record("the capture succeeded; expected \(expected)", sourceLocation: sourceLocation)
        } catch let error as PhoneError {
            #expect(error == expected, sourceLocation: sourceLocation)
            #expect(!error.message(.en).isEmpty && !error.message(.nl).isEmpty && error.message(.en) != error.message(.nl), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Every scenario

    @Test func theScenariosAreTheOnesTested() {
        #expect(FakeIDevice.scenarioNames == ["altstore-dev", "clean-iphone", "debian13", "enterprise-sideload", "eu-marketplace",
                                              "jailbroken-palera1n", "no-passcode", "outdated-ios", "supervised-mdm", "watchware",
                                              "wifi-sync-abuser"])
    }

    @Test(arguments: FakeIDevice.scenarioNames)
    func everyScenarioCapturesInFullAndPrivately(name: String) async throws {
        let fake = try FakeIDevice(name)
        let (capture, snapshot, folder) = try await Self.capture(fake)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(capture.manifest.platform == .ios)
        #expect(capture.manifest.format == CaptureManifest.currentFormat)
        #expect(capture.manifest.device.serial == Self.udid)
        #expect(capture.manifest.stoppedEarly == nil)
        #expect(snapshot.unreadProbes.isEmpty, "\(name): not read: \(snapshot.unreadProbes)")
        #expect(snapshot.apps.value?.isEmpty == false)
        #expect(snapshot.profiles.value != nil)
        #expect(snapshot.value("info", "ProductVersion").value??.string != nil)
        // The folder is the user's alone, and so is every file in it, the copied profiles too.
        let manager = FileManager.default
        #expect((try manager.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)
        for file in try manager.subpathsOfDirectory(atPath: folder) {
            let mode = try manager.attributesOfItem(atPath: folder + "/" + file)[.posixPermissions] as? Int
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: folder + "/" + file, isDirectory: &isDirectory)
            #expect(mode == (isDirectory.boolValue ? 0o700 : 0o600), "\(file) is \(String(mode ?? 0, radix: 8))")
        }
        // Read-only: nothing that changes the phone was called.
        for call in fake.calls {
            for forbidden in ["unpair", "encryption", "changepw", "restore", "-U", "remove", "uninstall", "cloud"] {
                #expect(!call.split(separator: " ").contains(Substring(forbidden)), "\(name) called \(call)")
            }
            #expect(!call.hasPrefix("idevicebackup2"), "\(name) made a backup without being asked: \(call)")
        }
        // Saved and read back, it is the same.
        let again = try PhoneCapture.load(from: folder)
        #expect(again.manifest == capture.manifest)
    }

    @Test func aSavedVersionOneManifestStillReadsAsAnAndroidPhone() throws {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try #"{"format":"hygiene-phone-capture/1","created":"2026-12-01T10:00:00Z","adb":"adb","device":{"serial":"X1","state":"device","details":{}},"probes":[]}"#
            .write(toFile: folder + "/manifest.json", atomically: true, encoding: .utf8)
        let capture = try PhoneCapture.load(from: folder)
        #expect(capture.manifest.platform == .android)
        #expect(capture.manifest.device.serial == "X1")
    }

    // MARK: What the parsers make of each phone

    @Test func theAppsAndTheirSigners() async throws {
        let (_, snapshot, folder) = try await Self.capture(try FakeIDevice("enterprise-sideload"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let apps = try #require(snapshot.apps.value)
        let sideloaded = apps.filter { !$0.isSystem && !$0.isStoreSigned }
        #expect(sideloaded.map(\.bundleID) == ["com.example.systemservice"])
        #expect(sideloaded.first?.wantsLocationAlways == true)
        #expect(sideloaded.first?.backgroundModes == ["location", "audio"])
        let systemAppsStoreSigned = apps.filter(\.isSystem).allSatisfy { $0.isStoreSigned }
        #expect(systemAppsStoreSigned)
        let profile = try #require(snapshot.profiles.value?.first)
        #expect(profile.provisionsAllDevices)
        #expect(profile.teamName == "Voorbeeld Logistiek B.V.")
        #expect(profile.covers(sideloaded[0]))
        // The profile's dates come from the XML plist, not the text printer that is 31 years early.
        let year = Calendar(identifier: .gregorian).component(.year, from: try #require(profile.created))
        #expect(year == 2026)
    }

    @Test func aTeamIDIsLeftOutOfABundleID() {
        #expect(IOSApp.plain("com.3WRHBBSBW4.com.rileytestut.AltStore") == "com.rileytestut.AltStore")
        #expect(IOSApp.plain("5ZPN38G6GE.com.trailbehind.GaiaGPS") == "com.trailbehind.GaiaGPS")
        #expect(IOSApp.plain("science.xnu.undecimus.LT938RA3P2") == "science.xnu.undecimus")
        #expect(IOSApp.plain("com.apple.Preferences") == "com.apple.Preferences")
    }

    @Test func debianThirteensInstallerSyntaxIsTriedWhenTheOldOneIsRefused() async throws {
        let fake = try FakeIDevice("debian13")
        let (capture, snapshot, folder) = try await Self.capture(fake)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(capture.manifest.probes.map(\.id).contains("apps-new"))
        #expect(snapshot.apps.value?.count == 7)
        #expect(snapshot.unreadProbes.isEmpty)
        #expect(fake.calls.contains("ideviceinstaller list --all --xml"))
    }

    @Test func anUnknownDomainWarningOnStandardErrorIsNotAnError() async throws {
        let (_, snapshot, folder) = try await Self.capture(try FakeIDevice("wifi-sync-abuser"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(snapshot.value("info-itunes-backup", "LastBackupComputerName").value??.string == "DESKTOP-7QX2M1B")
        let date = try #require(snapshot.value("info-backup", "LastiTunesBackupDate").value??.date)
        #expect(ISO8601DateFormatter().string(from: date) == "2026-11-24T20:15:00Z")
        // A domain that answered nothing has no keys; that is not "false".
        #expect(snapshot.value("info-chaperone", "DeviceIsChaperoned").value != nil)
        #expect(snapshot.value("info-chaperone", "DeviceIsChaperoned").value! == nil)
    }

    // MARK: Pairing

    @Test func thePersonIsToldToTapTrustAndTheCaptureWaitsForIt() async throws {
        let fake = try FakeIDevice("clean-iphone")
        let pending = "ERROR: Please accept the trust dialog on the screen of device \(Self.udid), then attempt to pair again.\n"
        try fake.sequence("pair", [(pending, 1), (pending, 1), ("SUCCESS: Paired with device \(Self.udid)\n", 0)])
        let told = Told()
        // Three pairing attempts of a fake tool each: on a loaded two-core machine that takes seconds, so the
        // wait is generous; the refusals and the pending prompt are tested with the short wait.
        let (capture, _, folder) = try await Self.capture(fake, trustWait: .seconds(120), told: told)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(fake.calls.filter { $0 == "idevicepair pair" }.count == 3)
        #expect(told.all.count == 1)
        #expect(told.all.first?.contains("tap Trust") == true)
        #expect(told.all.first?.contains(Self.udid) == true)
        #expect(capture.manifest.probes.contains { $0.id == "pair" && $0.status == 0 })
    }

    @Test func aKnownPairingIsValidatedNotPairedAgain() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("pairlist", stdout: Self.udid + "\n")
        let (_, _, folder) = try await Self.capture(fake)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(fake.calls.contains("idevicepair validate"))
        #expect(!fake.calls.contains("idevicepair pair"))
    }

    @Test func aTrustQuestionLeftUnansweredStopsWithTheTimeItWaited() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("pair", stdout: "ERROR: Please accept the trust dialog on the screen of device \(Self.udid), then attempt to pair again.\n", status: 1)
        let clock = ContinuousClock()
        let start = clock.now
        await Self.expectFailure(fake, .trustPending(udid: Self.udid, seconds: 1), trustWait: .seconds(1))
        // Far below the fake's 600 s hang even on a loaded machine: the wait ended by the clock, not by an answer.
        #expect(start.duration(to: clock.now) < .seconds(300))
    }

    @Test(arguments: [
        ("ERROR: Device \(FakeIDevice.udid) said that the user denied the trust dialog.\n", PhoneError.trustDenied(udid: FakeIDevice.udid)),
        ("ERROR: Could not validate with device \(FakeIDevice.udid) because a passcode is set. Please enter the passcode on the device and retry.\n",
         PhoneError.iPhoneLocked(udid: FakeIDevice.udid)),
        ("ERROR: Device \(FakeIDevice.udid) is not paired with this host\n", PhoneError.stalePairing(udid: FakeIDevice.udid)),
    ])
    func aRefusalStopsWithItsOwnMessage(answer: String, expected: PhoneError) async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("pair", stdout: answer, status: 1)
        await Self.expectFailure(fake, expected)
    }

    @Test func aStalePairingIsFoundByValidate() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("pairlist", stdout: Self.udid + "\n")
        try fake.answer("validate", stdout: "ERROR: Device \(Self.udid) is not paired with this host\n", status: 1)
        await Self.expectFailure(fake, .stalePairing(udid: Self.udid))
        #expect(!fake.calls.contains("idevicepair unpair"), "hygiene never unpairs on its own")
    }

    // MARK: No phone, several, tools missing

    @Test func noUsbmuxd() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("devices", stdout: "", stderr: "ERROR: Unable to retrieve device list!\n", status: 255)
        await Self.expectFailure(fake, .usbmuxdMissing(message: "ERROR: Unable to retrieve device list!"))
    }

    @Test func noPhone() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("devices", stdout: "")
        await Self.expectFailure(fake, .noIPhone)
    }

    @Test func twoPhonesNeedAUDID() async throws {
        let other = "00008030-001122334455667E"
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("devices", stdout: Self.udid + "\n" + other + "\n")
        await Self.expectFailure(fake, .severalIPhones(udids: [Self.udid, other]))
        await Self.expectFailure(fake, .iPhoneNotFound(udid: "00008030-00AAAAAAAAAAAAAA", connected: [Self.udid, other]), udid: "00008030-00AAAAAAAAAAAAAA")
        let (capture, _, folder) = try await Self.capture(fake, udid: Self.udid)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(capture.manifest.device.serial == Self.udid)
    }

    @Test(arguments: IOSCapture.tools)
    func aMissingToolIsNamed(tool: String) async throws {
        let fake = try FakeIDevice("clean-iphone", without: [tool])
        await Self.expectFailure(fake, .iosToolMissing(tool: tool))
    }

    @Test func aDeviceListThatIsNotOneIsRefused() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("devices", stdout: "<html>garbage</html>\n")
        await Self.expectFailure(fake, .iosToolFailed(command: "idevice_id -l", status: 0, message: "it printed something that is not a list of iPhones"))
    }

    // MARK: A phone that goes away, hangs, or answers garbage

    @Test func aPhoneUnpluggedPartWayKeepsWhatWasReadAndSaysWhy() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("info-chaperone", stdout: "ERROR: Device \(Self.udid) not found!\n", status: 255)
        let (capture, snapshot, folder) = try await Self.capture(fake)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stopped = try #require(capture.manifest.stoppedEarly)
        #expect(stopped.en.contains(Self.udid))
        #expect(!capture.manifest.probes.contains { $0.id == "apps" })
        #expect(snapshot.value("info", "PasswordProtected").value != nil, "what came before is kept")
        guard case .notRead(let why) = snapshot.apps else { Issue.record("the apps read after the phone went away"); return }
        #expect(why.en.contains("not in the capture"))
        #expect(why.en.contains(Self.udid))
        #expect(snapshot.unreadProbes.contains("apps"))
    }

    @Test func aHangingToolIsStoppedAndTwoHangsEndTheCapture() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.hang("info-backup")
        try fake.hang("info-itunes-backup")
        let clock = ContinuousClock()
        let start = clock.now
        let (capture, snapshot, folder) = try await Self.capture(fake, timeout: .seconds(1))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(start.duration(to: clock.now) < .seconds(300), "the hanging tools were stopped, not waited for")
        #expect(capture.manifest.stoppedEarly?.en.contains("stopped answering") == true)
        guard case .notRead(let why) = snapshot.value("info-backup", "WillEncrypt") else { Issue.record("a hung probe was read"); return }
        #expect(why.en.contains("did not answer in time"))
    }

    @Test func aHangingPairingIsAnErrorNamingTheCommand() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.hang("pair")
        await Self.expectFailure(fake, .iosToolTimedOut(command: "idevicepair -u \(Self.udid) pair", seconds: 1), timeout: .seconds(1))
    }

    @Test(arguments: ["apps", "info"])
    func garbageIsNotReadAsAnAnswer(probe: String) async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer(probe, stdout: "\u{1}\u{2}not a plist at all <dict> ]]\n")
        let (_, snapshot, folder) = try await Self.capture(fake)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(snapshot.unreadProbes.contains(probe))
        let reading: LocalizedText? = probe == "apps"
            ? { if case .notRead(let why) = snapshot.apps { why } else { nil } }()
            : { if case .notRead(let why) = snapshot.value("info", "PasswordProtected") { why } else { nil } }()
        #expect(reading?.en.contains("not a property list") == true)
    }

    @Test func aProfileThatDoesNotReadIsNamed() async throws {
        let fake = try FakeIDevice("clean-iphone")
        // The tool says there are two, but copies none.
        try fake.answer("provision", stdout: "Device has 2 provisioning profiles installed:\n")
        let (_, snapshot, folder) = try await Self.capture(fake)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .notRead(let why) = snapshot.profiles else { Issue.record("missing profiles were read as none"); return }
        #expect(why.en.contains("2 provisioning profiles"))
    }
}
