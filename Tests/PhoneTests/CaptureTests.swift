import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Phone

/// A runner whose listed commands hang: they wait out the time limit they are given, then time out as
/// `ProcessRunner` does. Every other command goes to a `StubRunner`.
final class HangingRunner: CommandRunner, @unchecked Sendable {
    let stub: StubRunner
    let hanging: Set<String>

    init(_ answers: [String: CommandResult], hanging: Set<String>) {
        stub = StubRunner(answers, available: ["adb"])
        self.hanging = hanging
    }

    func isAvailable(_ command: String) -> Bool { stub.isAvailable(command) }

    func run(_ arguments: [String], timeout: Duration) async throws -> CommandResult {
        if hanging.contains(arguments.joined(separator: " ")) {
            try await Task.sleep(for: timeout)
            throw CommandError.timedOut(arguments, seconds: Double(timeout.components.seconds)
                                        + Double(timeout.components.attoseconds) / 1e18)
        }
        return try await stub.run(arguments, timeout: timeout)
    }
}

@Suite struct CaptureTests {
    static let serial = "R58M40ABCDE"
    static let probes = [Probe.named("packages")!, Probe.named("users")!, Probe.named("accessibility-setting")!,
                         Probe.named("device-policy")!]

    static func shell(_ probe: String) -> String {
        "adb -s \(serial) shell " + Probe.named(probe)!.command.joined(separator: " ")
    }

    static func answers(devices: String = "devices-one.txt") throws -> [String: CommandResult] {
        [
            "adb devices -l": CommandResult(output: try Fixture.text(devices)),
            shell("packages"): CommandResult(output: try Fixture.text("packages.txt")),
            shell("users"): CommandResult(output: try Fixture.text("users.txt")),
            shell("accessibility-setting"): CommandResult(output: "com.systemservice/.KeyService\n"),
            shell("device-policy"): CommandResult(output: try Fixture.text("permission-denied.txt")),
        ]
    }

    static let fixedNow: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_764_662_400) }

    @Test func capturesEveryProbeIntoAPrivateFolderAndReadsItBack() async throws {
        let runner = StubRunner(try Self.answers())
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: runner, probes: Self.probes, now: Self.fixedNow).capture(into: folder)

        #expect(runner.calls.first == ["adb", "devices", "-l"])
        #expect(runner.calls.dropFirst().allSatisfy { Array($0.prefix(4)) == ["adb", "-s", Self.serial, "shell"] })
        #expect(capture.manifest.device.serial == Self.serial)
        // The package list names four APKs under /data: one sha256sum round follows.
        #expect(capture.manifest.probes.map(\.id) == Self.probes.map(\.id) + ["apk-sha256-1"])
        #expect(capture.manifest.probes.allSatisfy { $0.outcome == .completed && $0.status == 0 })

        let attributes = try FileManager.default.attributesOfItem(atPath: folder)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let file = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            #expect((file[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/manifest.json"))
        #expect(FileManager.default.fileExists(atPath: folder + "/users.stdout"))

        let reloaded = try PhoneCapture.load(from: folder)
        #expect(reloaded.manifest == capture.manifest)
        #expect(reloaded.manifest.created == Self.fixedNow())
        #expect(reloaded.text("users").map(UserList.parse).value?.count == 3)
        #expect(reloaded.text("accessibility-setting").map(ComponentSetting.parse).value?.map(\.package) == ["com.systemservice"])
        #expect(reloaded.text("packages").map(PackageList.parse).value?.count == 6)
    }

    @Test func anErrorAnswerIsNotRead() async throws {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: StubRunner(try Self.answers()), probes: Self.probes).capture(into: folder)
        guard case .notRead(let reason) = capture.text("device-policy") else {
            Issue.record("a permission denial was read as an answer")
            return
        }
        #expect(reason.en.contains("Permission Denial"))
        #expect(capture.text("adb-keys") == .notRead(LocalizedText(en: "probe adb-keys is not in the capture",
                                                                    nl: "meting adb-keys staat niet in de opname")))
    }

    @Test(arguments: [("devices-two.txt", PhoneError.severalDevices(serials: ["R58M40ABCDE", "0A151JEC200123"])),
                      ("devices-unauthorized.txt", PhoneError.unauthorized(serial: "0A151JEC200123")),
                      ("devices-offline.txt", PhoneError.offline(serial: "0A151JEC200123")),
                      ("devices-none.txt", PhoneError.noDevice)])
    func deviceStatesStopBeforeAnyProbe(devices: String, error: PhoneError) async throws {
        let runner = StubRunner(try Self.answers(devices: devices))
        let folder = Fixture.temporaryFolder()
        await #expect(throws: error) {
            try await AndroidCapture(runner: runner, probes: Self.probes).capture(into: folder)
        }
        #expect(runner.calls == [["adb", "devices", "-l"]])
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func aSerialChoosesAmongSeveral() async throws {
        let runner = StubRunner(try Self.answers(devices: "devices-two.txt"))
        let device = try await AndroidCapture(serial: Self.serial, runner: runner).device()
        #expect(device.model == "SM_G973F")
    }

    @Test func adbMissing() async throws {
        await #expect(throws: PhoneError.adbMissing(adb: "/opt/platform-tools/adb")) {
            try await AndroidCapture(adb: "/opt/platform-tools/adb", runner: StubRunner()).device()
        }
    }

    @Test func adbDevicesHangs() async throws {
        // The runner stands for a command stopped at its limit; what is tested is that the capture turns that into
        // the adb-timed-out error with the limit it gave (the real time limit is tested with ProcessRunner).
        let runner = HangingRunner([:], hanging: ["adb devices -l"])
        await #expect(throws: PhoneError.adbTimedOut(command: "adb devices -l", seconds: 0.2)) {
            try await AndroidCapture(runner: runner, devicesTimeout: .milliseconds(200)).device()
        }
    }

    @Test func aHangingProbeIsRecordedAndTheRestStillRuns() async throws {
        let runner = HangingRunner(try Self.answers(), hanging: [Self.shell("users")])
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: runner, probes: Self.probes, timeout: .milliseconds(100))
            .capture(into: folder)
        #expect(capture.output("users")?.record.outcome == .timedOut)
        #expect(capture.output("users")?.record.status == nil)
        guard case .notRead(let reason) = capture.text("users") else {
            Issue.record("a timed-out probe was read")
            return
        }
        #expect(reason.en.contains("did not answer in time"))
        #expect(capture.text("packages").value != nil)
    }

    @Test func aPhoneThatStopsAnsweringStopsTheCapture() async throws {
        let runner = HangingRunner(try Self.answers(), hanging: [Self.shell("users"), Self.shell("accessibility-setting")])
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        await #expect(throws: PhoneError.stoppedAnswering(serial: Self.serial, probes: ["users", "accessibility-setting"])) {
            try await AndroidCapture(runner: runner, probes: Self.probes, timeout: .milliseconds(100)).capture(into: folder)
        }
        // What was captured so far is kept and reads back.
        let partial = try PhoneCapture.load(from: folder)
        #expect(partial.manifest.probes.map(\.id) == ["packages", "users", "accessibility-setting"])
    }

    @Test func thePhoneRevokingAccessMidwayIsUnauthorized() async throws {
        var answers = try Self.answers()
        answers[Self.shell("users")] = CommandResult(status: 1, errorOutput: "error: device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set\n")
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        await #expect(throws: PhoneError.unauthorized(serial: Self.serial)) {
            try await AndroidCapture(runner: StubRunner(answers), probes: Self.probes).capture(into: folder)
        }
    }

    @Test func aFailingProbeIsNotRead() async throws {
        var answers = try Self.answers()
        answers[Self.shell("users")] = CommandResult(status: 255, errorOutput: "Error: java.lang.SecurityException: You need MANAGE_USERS\n")
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: StubRunner(answers), probes: Self.probes).capture(into: folder)
        #expect(capture.output("users")?.record.status == 255)
        #expect(capture.text("users").value == nil)
        #expect(capture.text("packages").value != nil)
    }

    @Test func anEmptyAnswerIsNotReadUnlessEmptyIsAllowed() {
        let record = ProbeRecord(id: "users", commandLine: ["adb", "shell", "pm", "list", "users"], outcome: .completed,
                                 status: 0, stdoutFile: "users.stdout", stderrFile: "users.stderr", started: Date(), seconds: 0)
        let output = ProbeOutput(record: record, stdout: "\n", stderr: "")
        #expect(ProbeText.check(output, id: "users", mayBeEmpty: false).value == nil)
        #expect(ProbeText.check(output, id: "users", mayBeEmpty: true).value == "\n")
    }

    @Test func aFolderThatIsNotEmptyIsRefused() async throws {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "x".write(toFile: folder + "/other", atomically: false, encoding: .utf8)
        await #expect(throws: PhoneError.captureFolder(path: folder, reason: "the folder is not empty")) {
            try await AndroidCapture(runner: StubRunner(try Self.answers()), probes: Self.probes).capture(into: folder)
        }
    }

    @Test func aManifestNamingFilesOutsideTheFolderIsRefused() throws {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let record = ProbeRecord(id: "users", commandLine: ["adb"], outcome: .completed, status: 0,
                                 stdoutFile: "../../etc/passwd", stderrFile: "users.stderr", started: Date(), seconds: 0)
        let manifest = CaptureManifest(created: Date(), adb: "adb", device: AndroidDevice(serial: "s", state: "device"),
                                       probes: [record])
        try CaptureFiles.encoder.encode(manifest).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
        #expect(throws: PhoneError.self) { try PhoneCapture.load(from: folder) }
        #expect(throws: PhoneError.invalidCapture(path: Fixture.folder, reason: "it has no manifest.json")) {
            try PhoneCapture.load(from: Fixture.folder)
        }
    }

    @Test func everyErrorSpeaksBothLanguages() {
        let errors: [PhoneError] = [
            .adbMissing(adb: "adb"), .adbTimedOut(command: "adb devices -l", seconds: 10), .adbFailed(command: "adb", status: 1, message: ""),
            .noDevice, .severalDevices(serials: ["a", "b"]), .deviceNotFound(serial: "a", connected: []),
            .unauthorized(serial: "a"), .offline(serial: "a"), .unusableState(serial: "a", state: "recovery"),
            .stoppedAnswering(serial: "a", probes: ["users"]), .captureFolder(path: "/x", reason: "r"),
            .invalidCapture(path: "/x", reason: "r"), .invalidIndicators(file: "f", line: 1, message: "m"),
        ]
        for error in errors {
            #expect(!error.message.en.isEmpty && !error.message.nl.isEmpty && error.message.en != error.message.nl)
            #expect(error.errorDescription == error.message.en)
        }
    }
}

@Suite struct SnapshotTests {
    static func shell(_ probe: String) -> String { CaptureTests.shell(probe) }

    @Test func everyProbeReadFromOneCapture() async throws {
        let answers: [String: CommandResult] = [
            "adb devices -l": CommandResult(output: try Fixture.text("devices-one.txt")),
            Self.shell("packages"): CommandResult(output: try Fixture.text("packages.txt")),
            Self.shell("packages-third-party"): CommandResult(output: "package:com.whatsapp\npackage:com.systemservice\n"),
            Self.shell("users"): CommandResult(output: try Fixture.text("users.txt")),
            Self.shell("package-dump"): CommandResult(output: try Fixture.text("package-dump.txt")),
            Self.shell("accessibility-setting"): CommandResult(output: "null\n"),
            Self.shell("accessibility-dump"): CommandResult(output: try Fixture.text("accessibility-samsung.txt")),
            Self.shell("notification-listeners"): CommandResult(output: "com.systemservice/.NotifyService\n"),
            Self.shell("device-policy"): CommandResult(output: try Fixture.text("device-policy-new.txt")),
            Self.shell("adb-keys"): CommandResult(output: try Fixture.text("adb-new.txt")),
            Self.shell("adb-wifi"): CommandResult(output: "1\n"),
            Self.shell("properties"): CommandResult(output: try Fixture.text("getprop.txt")),
            Self.shell("accounts"): CommandResult(output: try Fixture.text("accounts.txt")),
            Self.shell("http-proxy"): CommandResult(output: "10.0.0.5:8080\n"),
            Self.shell("input-method"): CommandResult(output: "com.touchtype.swiftkey/com.touchtype.KeyboardService\n"),
        ]
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: StubRunner(answers)).capture(into: folder)
        let snapshot = PhoneSnapshot(capture: try PhoneCapture.load(from: folder))

        #expect(snapshot.packages.value?.count == 6)
        #expect(snapshot.thirdParty.value == ["com.whatsapp", "com.systemservice"])
        #expect(snapshot.users.value?.count == 3)
        #expect(snapshot.packageDetails.value?["com.systemservice"]?.isGranted("android.permission.READ_SMS") == true)
        // The setting says none, Samsung's dump says two: both are used.
        #expect(snapshot.accessibilityServices.value?.map(\.package) == ["com.samsung.accessibility", "com.systemservice"])
        #expect(snapshot.notificationListeners.value?.first?.className == "com.systemservice.NotifyService")
        #expect(snapshot.devicePolicy.value?.deviceOwner?.package == "com.systemservice")
        #expect(snapshot.trustedComputers.value?.count == 3)
        #expect(snapshot.wirelessDebugging == .read(true))
        #expect(snapshot.security.value?.bootloaderUnlocked == true)
        #expect(snapshot.accounts.value?.count == 3)
        #expect(snapshot.httpProxy == .read("10.0.0.5:8080"))
        #expect(snapshot.inputMethod.value??.package == "com.touchtype.swiftkey")
        // Probes the stub does not know end with status 0 and no output: not read, never clean.
        let appops = capture.text("appops")
        #expect(appops.value == nil)
    }
}

@Suite struct ApkHashTests {
    @Test func groupsAndQuotesTheDataPartitionPaths() {
        let packages = (1...20).map { InstalledPackage(name: "p\($0)", path: "/data/app/~~a=/p\($0)-b==/base.apk") }
            + [InstalledPackage(name: "sys", path: "/system/app/Sys/Sys.apk"), InstalledPackage(name: "it's", path: "/data/app/it's/base.apk")]
        let probes = ApkHashes.probes(for: packages)
        #expect(probes.map(\.id) == ["apk-sha256-1", "apk-sha256-2"])
        #expect(probes[0].command.count == 1 + ApkHashes.pathsPerCall)
        #expect(probes[0].command[1] == "'/data/app/~~a=/p1-b==/base.apk'")
        #expect(probes[1].command.last == "'/data/app/it'\\''s/base.apk'")
        #expect(!probes.flatMap(\.command).contains { $0.contains("/system/") })
    }

    @Test func renamedStalkerwareIsFoundByTheHashTheSecondRoundReads() async throws {
        let path = "/data/app/~~aBc123==/com.systemservice-x_9ZkQ==/base.apk"
        let known = "2f3bc9ebe8c249f0416f5b0367f34b4b8f6aaa7d351dc5b4912fe2558491b6b7"
        let listing = "package:\(path)=com.android.calendar.sync  installer=null uid:10311\n"
            + "package:/system/app/Sys/Sys.apk=com.android.sys  installer=null uid:1000\n"
        let answers: [String: CommandResult] = [
            "adb devices -l": CommandResult(output: try Fixture.text("devices-one.txt")),
            CaptureTests.shell("packages"): CommandResult(output: listing),
            "adb -s \(CaptureTests.serial) shell sha256sum '\(path)'": CommandResult(output: "\(known)  \(path)\n"),
        ]
        let runner = StubRunner(answers)
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: runner, probes: [Probe.named("packages")!]).capture(into: folder)
        #expect(capture.manifest.probes.map(\.id) == ["packages", "apk-sha256-1"])
        let snapshot = PhoneSnapshot(capture: try PhoneCapture.load(from: folder))
        #expect(snapshot.apkHashes == .read([path: known]))
        let indicators = try IndicatorTests.load()
        let package = try #require(snapshot.packages.value?.first)
        #expect(indicators.matches(package: package.name).isEmpty)
        #expect(indicators.sample(sha256: try #require(snapshot.apkHashes.value?[path]))?.package == "com.topspy")
    }

    @Test func withoutAHashRoundTheHashesAreNotRead() async throws {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: StubRunner(try CaptureTests.answers()), probes: CaptureTests.probes)
            .capture(into: folder, hashApks: false)
        #expect(PhoneSnapshot(capture: capture).apkHashes.value == nil)
    }

    @Test func sha256sumLines() {
        let hash = String(repeating: "a", count: 64)
        #expect(ApkHashes.parse("\(hash)  /data/app/x/base.apk\nsha256sum: /data/app/y/base.apk: No such file or directory\n")
                == ["/data/app/x/base.apk": hash])
    }
}

extension CaptureTests {
    /// adb has said a missing serial both ways over the years.
    @Test(arguments: ["error: device 'ABC' not found", "adb: device 'ABC' not found"])
    func aVanishedPhoneIsRecognisedInEitherWording(text: String) {
        #expect(AndroidCapture.transportError(text, serial: "ABC") == .deviceNotFound(serial: "ABC", connected: []))
    }
}

/// Every `sha256sum` round hangs (a slow phone reading large app files); the rest answers.
final class SlowHashingRunner: CommandRunner, @unchecked Sendable {
    let stub: StubRunner
    private let lock = NSLock()
    private var limits: [Duration] = []

    init(_ answers: [String: CommandResult]) { stub = StubRunner(answers, available: ["adb"]) }

    var hashLimits: [Duration] { lock.withLock { limits } }

    func isAvailable(_ command: String) -> Bool { stub.isAvailable(command) }

    func run(_ arguments: [String], timeout: Duration) async throws -> CommandResult {
        guard arguments.contains("sha256sum") else { return try await stub.run(arguments, timeout: timeout) }
        lock.withLock { limits.append(timeout) }
        throw CommandError.timedOut(arguments, seconds: 0)
    }
}

extension CaptureTests {
    /// Hash rounds get their own, longer limit, and rounds that time out lose their hashes only: the
    /// capture goes on and is not taken for a phone that went away.
    @Test func hashRoundsThatTimeOutDoNotEndTheCapture() async throws {
        var answers = try Self.answers()
        // Forty apps under /data: three rounds, more than the two timeouts that end a capture.
        answers[Self.shell("packages")] = CommandResult(output: (1...40).map {
            "package:/data/app/~~r\($0)==/com.example.app\($0)-x==/base.apk=com.example.app\($0)  installer=com.android.vending uid:\(10_100 + $0)\n"
        }.joined())
        let runner = SlowHashingRunner(answers)
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let counter = ProgressCounter()
        let capture = try await AndroidCapture(runner: runner, probes: Self.probes, timeout: .seconds(5), hashTimeout: .seconds(90),
                                               progress: { done, total in counter.note(done, total) }).capture(into: folder)
        #expect(runner.hashLimits.count == 3)
        #expect(runner.hashLimits.allSatisfy { $0 == .seconds(90) })
        #expect(capture.manifest.probes.filter { $0.id.hasPrefix(ApkHashes.probePrefix) }.allSatisfy { $0.outcome == .timedOut })
        #expect(PhoneSnapshot(capture: capture).apkHashes.value == nil)
        // Progress counted every command, and the total grew once the hash rounds were known.
        #expect(counter.calls.count == capture.manifest.probes.count)
        #expect(counter.calls.last?.total == capture.manifest.probes.count)
        #expect(counter.calls.first?.total == Self.probes.count)
    }
}

final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(done: Int, total: Int)] = []
    func note(_ done: Int, _ total: Int) { lock.withLock { seen.append((done, total)) } }
    var calls: [(done: Int, total: Int)] { lock.withLock { seen } }
}
