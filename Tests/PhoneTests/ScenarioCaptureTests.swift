import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Phone

/// Whole phones through the real capture: `AndroidCapture` with the real `ProcessRunner` runs the fake `adb`
/// (Tests/TestSupport/FakeAdb.swift) over a scenario in Tests/PhoneTests/Scenarios, and `PhoneSnapshot` reads
/// what it wrote. What is asserted is what the family's checks need from each phone.
@Suite struct ScenarioCaptureTests {
    static let scenarios = ["clean-pixel", "stalkerware", "renamed", "watchware", "hidden-listener", "samsung",
                            "work-profile", "old-android"]
    /// 2026-12-02 10:00 UTC.
    static let fixedNow: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_796_205_600) }

    /// Captures through `fake` (or a fresh fake over the scenario) into a temporary folder and reads it back.
    static func capture(_ name: String, fake given: FakeAdb? = nil, serial: String? = nil, probes: [Probe] = Probe.standard,
                        timeout: Duration = .seconds(30)) async throws -> (PhoneCapture, PhoneSnapshot) {
        let fake = try given ?? FakeAdb(name)
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(adb: fake.path, serial: serial, runner: ProcessRunner(), probes: probes,
                                               timeout: timeout, now: fixedNow).capture(into: folder)
        return (capture, PhoneSnapshot(capture: capture))
    }

    /// The scenario's `apks.txt`: hash by path.
    static func apks(_ name: String) throws -> [String: String] {
        let text = try String(contentsOfFile: FakeAdb.scenario(name) + "/apks.txt", encoding: .utf8)
        var hashes: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { hashes[String(parts[0])] = String(parts[1]) }
        }
        return hashes
    }

    static func component(_ text: String) -> ComponentName { ComponentName(text)! }

    static func package(_ snapshot: PhoneSnapshot, _ name: String) -> InstalledPackage? {
        snapshot.packages.value?.first { $0.name == name }
    }

    // MARK: The scenarios themselves

    @Test func theFakeAdbTableIsProbeStandard() throws {
        let text = try String(contentsOfFile: FakeAdb.scenariosFolder + "/commands.txt", encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line -> (String, String) in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        #expect(rows.map(\.0) == Probe.standard.map(\.id))
        #expect(rows.map(\.1) == Probe.standard.map { $0.command.joined(separator: " ") })
        #expect(FakeAdb.scenarioNames == Self.scenarios.sorted())
    }

    @Test(arguments: ScenarioCaptureTests.scenarios)
    func everyScenarioAnswersEveryProbe(name: String) throws {
        let folder = FakeAdb.scenario(name)
        for probe in Probe.standard {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + probe.id + ".txt"), "\(name) lacks \(probe.id).txt")
        }
        let devices = try #require(DeviceList.parse(try String(contentsOfFile: folder + "/devices.txt", encoding: .utf8)))
        #expect(devices.count == 1)
        #expect(devices.first?.state == "device")
    }

    @Test(arguments: ScenarioCaptureTests.scenarios)
    func everyScenarioCapturesAndReads(name: String) async throws {
        let (capture, snapshot) = try await Self.capture(name)
        let standard = Probe.standard.map(\.id)
        #expect(Array(capture.manifest.probes.map(\.id).prefix(standard.count)) == standard)
        // Every probe answered, with status 0; one sha256sum round follows (fewer than 16 APKs under /data).
        #expect(capture.manifest.probes.allSatisfy { $0.outcome == .completed && $0.status == 0 })
        #expect(capture.manifest.probes.map(\.id).dropFirst(standard.count) == ["apk-sha256-1"])
        let listed = DeviceList.parse(try String(contentsOfFile: FakeAdb.scenario(name) + "/devices.txt", encoding: .utf8))
        #expect(capture.manifest.device.serial == listed?.first?.serial)

        #expect(snapshot.packages.value?.isEmpty == false)
        #expect(snapshot.thirdParty.value?.isEmpty == false)
        #expect(snapshot.packageDetails.value?.isEmpty == false)
        #expect(snapshot.users.value?.contains { $0.id == 0 } == true)
        #expect(snapshot.launcherPackages.value?.isEmpty == false)
        #expect(snapshot.accessibilityServices.value != nil)
        #expect(snapshot.notificationListeners.value != nil)
        #expect(snapshot.devicePolicy.value != nil)
        #expect(snapshot.trustedComputers.value?.contains { $0.comment == "kim@werkplek" } == true, "the computer scanning")
        #expect(snapshot.wirelessDebugging.value != nil)
        #expect(snapshot.security.value?.securityPatch != nil)
        if case .notRead(let why) = snapshot.httpProxy { Issue.record("http-proxy not read: \(why.en)") }
        if case .notRead(let why) = snapshot.inputMethod { Issue.record("input-method not read: \(why.en)") }
        if case .notRead(let why) = snapshot.alwaysOnVPN { Issue.record("always-on-vpn not read: \(why.en)") }
        if case .notRead(let why) = snapshot.verifierEnabled { Issue.record("package-verifier-enable not read: \(why.en)") }
        #expect(snapshot.appOps.value?.isEmpty == false)
        if name != "work-profile" { #expect(snapshot.accounts.value?.isEmpty == false) }

        // Every package's details are in the dump, and every APK under /data was hashed as apks.txt says.
        let packages = snapshot.packages.value ?? []
        let details = snapshot.packageDetails.value ?? [:]
        for package in packages { #expect(details[package.name] != nil, "\(name): no dumpsys block for \(package.name)") }
        let expected = try Self.apks(name)
        #expect(snapshot.apkHashes.value == expected)
        #expect(Set(expected.keys) == Set(packages.filter(\.isOnDataPartition).compactMap(\.path)))
        // Installer in the listing and in the dump agree.
        for package in packages {
            #expect(details[package.name]?.installer == package.installer, "\(name): installer of \(package.name)")
        }
    }

    // MARK: Each phone

    @Test func cleanPixel() async throws {
        let (_, snapshot) = try await Self.capture("clean-pixel")
        #expect(snapshot.device.model == "Pixel_8")
        #expect(snapshot.thirdParty.value == ["com.whatsapp", "org.thoughtcrime.securesms", "com.spotify.music"])
        for name in snapshot.thirdParty.value ?? [] {
            #expect(Self.package(snapshot, name)?.installer == "com.android.vending", "\(name)")
            #expect(snapshot.launcherPackages.value?.contains(name) == true, "\(name)")
        }
        #expect(Self.package(snapshot, "com.google.android.gms")?.isOnDataPartition == true, "an updated system app")
        #expect(snapshot.accessibilityServices == .read([]))
        #expect(snapshot.notificationListeners == .read([]))
        #expect(snapshot.devicePolicy.value == DevicePolicy(admins: [
            .init(user: 0, component: Self.component("com.google.android.gms/com.google.android.gms.mdm.receivers.MdmDeviceAdminReceiver"))]))
        #expect(snapshot.users.value == [AndroidUser(id: 0, name: "Owner", flags: 0x4c13, running: true)])
        #expect(snapshot.trustedComputers.value?.map(\.comment) == ["kim@werkplek"])
        #expect(snapshot.wirelessDebugging == .read(false))
        #expect(snapshot.verifierEnabled == .read(true))
        #expect(snapshot.verifierConsent == .read(true))
        #expect(snapshot.alwaysOnVPN == .read(nil))
        #expect(snapshot.httpProxy == .read(nil))
        #expect(snapshot.inputMethod == .read(Self.component("com.google.android.inputmethod.latin/com.android.inputmethod.latin.LatinIME")))
        #expect(snapshot.accounts.value == [PhoneAccount(name: "sam.devries@gmail.com", type: "com.google", user: 0)])
        let security = try #require(snapshot.security.value)
        #expect(security.securityPatch == "2026-10-05")
        #expect(security.androidVersion == "14")
        #expect(security.bootloaderUnlocked == false)
        #expect(security.debuggable == false)
        #expect(security.rootToolProperties.isEmpty)
        #expect(security.adbTCPPort == nil)

        // Nothing on it is known: no third-party package in the lists, no APK hash a sample.
        let indicators = try IndicatorTests.load()
        for name in snapshot.thirdParty.value ?? [] { #expect(indicators.matches(package: name).isEmpty, "\(name)") }
        for hash in (snapshot.apkHashes.value ?? [:]).values { #expect(indicators.sample(sha256: hash) == nil) }
    }

    @Test func stalkerware() async throws {
        let (capture, snapshot) = try await Self.capture("stalkerware")
        let spy = try #require(Self.package(snapshot, "com.mxspy"))
        #expect(spy.installer == nil)
        #expect(spy.isOnDataPartition)
        #expect(spy.uid == 10311)
        #expect(snapshot.thirdParty.value?.contains("com.mxspy") == true)
        #expect(snapshot.launcherPackages.value?.contains("com.mxspy") == false, "hidden from the launcher")
        #expect(snapshot.launcherPackages.value?.contains("com.whatsapp") == true)

        let service = Self.component("com.mxspy/com.mxspy.service.KeyLogService")
        #expect(snapshot.accessibilityServices == .read([service]))
        #expect(capture.text("accessibility-setting").map(ComponentSetting.parse) == .read([service]))
        #expect(capture.text("accessibility-dump").map(AccessibilityDump.enabledServices) == .read([service]))
        #expect(snapshot.devicePolicy.value?.admins.contains(.init(user: 0, component: Self.component("com.mxspy/com.mxspy.receiver.AdminReceiver"))) == true)
        #expect(snapshot.devicePolicy.value?.deviceOwner == nil)

        let details = try #require(snapshot.packageDetails.value?["com.mxspy"])
        #expect(details.installer == nil)
        #expect(details.firstInstallTime == "2026-11-28 23:41:07")
        for permission in ["ACCESS_BACKGROUND_LOCATION", "ACCESS_FINE_LOCATION", "READ_SMS", "READ_CALL_LOG", "RECORD_AUDIO"] {
            #expect(details.isGranted("android.permission." + permission), "\(permission)")
        }
        let ops = snapshot.appOps.value?.filter { $0.package == "com.mxspy" } ?? []
        let fine = try #require(ops.first { $0.name == "FINE_LOCATION" })
        #expect(fine.mode == "allow")
        #expect(fine.usedInBackground)
        #expect(fine.lastAccess == "2026-12-02 09:55:41.020")
        #expect(ops.first { $0.name == "RECORD_AUDIO" }?.lastAccess == "2026-12-01 22:10:13.004")

        // Installed over adb: a second computer is trusted.
        #expect(snapshot.trustedComputers.value?.map(\.comment) == ["tom@DESKTOP-4KQ2R7B", "kim@werkplek"])

        let indicators = try IndicatorTests.load()
        let match = try #require(indicators.matches(package: "com.mxspy").first)
        guard case .stalkerware(let app) = match else { Issue.record("com.mxspy is not matched as stalkerware: \(match)"); return }
        #expect(app.name == "TheTruthSpy")
        #expect(snapshot.apkHashes.value?[spy.path ?? ""] == "5d41c3c0ffee0a5e4f1b8d9c2a7e6b3f90d8c7b6a5e4d3c2b1a09f8e7d6c5b4a")
    }

    @Test func renamedSample() async throws {
        let (_, snapshot) = try await Self.capture("renamed")
        let name = "com.android.systemupdate.helper"
        let app = try #require(Self.package(snapshot, name))
        #expect(app.installer == "com.google.android.packageinstaller")
        #expect(snapshot.thirdParty.value?.contains(name) == true)
        #expect(snapshot.packageDetails.value?[name]?.installer == "com.google.android.packageinstaller")
        #expect(snapshot.notificationListeners == .read([
            Self.component("com.google.android.apps.nexuslauncher/com.android.launcher3.notification.NotificationListener"),
            Self.component("com.android.systemupdate.helper/com.android.systemupdate.helper.service.NotifyService")]))

        let hash = try #require(snapshot.apkHashes.value?[app.path ?? ""])
        #expect(hash == "00b776ef565563d510b9eb428d7dddd52e8edf3bd3c38947a88cd9d7d637c874")
        let indicators = try IndicatorTests.load()
        #expect(indicators.matches(package: name).isEmpty, "the name is in no list")
        #expect(indicators.sample(sha256: hash)?.app == "TheTruthSpy")
        #expect(snapshot.security.value?.androidVersion == "13")
    }

    @Test func watchware() async throws {
        let (_, snapshot) = try await Self.capture("watchware")
        let life360 = "com.life360.android.safetymapd"
        let familyGo = "ai.myfamily.android"
        for name in [life360, familyGo] {
            #expect(Self.package(snapshot, name)?.installer == "com.android.vending", "\(name)")
            #expect(snapshot.launcherPackages.value?.contains(name) == true, "\(name)")
        }
        #expect(snapshot.packageDetails.value?[life360]?.isGranted("android.permission.ACCESS_BACKGROUND_LOCATION") == true)
        #expect(snapshot.packageDetails.value?[familyGo]?.isGranted("android.permission.ACCESS_BACKGROUND_LOCATION") == false)
        #expect(snapshot.appOps.value?.first { $0.package == life360 && $0.name == "FINE_LOCATION" }?.usedInBackground == true)
        #expect(snapshot.appOps.value?.first { $0.package == familyGo && $0.name == "FINE_LOCATION" }?.mode == "foreground")

        let indicators = try IndicatorTests.load()
        // Life360 is both Echap's watchware and ISDi's dual-use: two questions, no alarm.
        let life360Match = indicators.matches(package: life360)
        #expect(life360Match.count == 2)
        #expect(life360Match.contains { if case .watchware(let app) = $0 { app.name == "Life360" } else { false } })
        #expect(life360Match.contains { if case .dualUse(let flag) = $0 { flag.store == "playstore" } else { false } })
        let familyGoMatch = indicators.matches(package: familyGo)
        if case .dualUse(let flag)? = familyGoMatch.first { #expect(flag.store == "playstore") } else { Issue.record("\(familyGoMatch)") }
        #expect(!(life360Match + familyGoMatch).contains { $0.isAlarm })
        #expect(snapshot.security.value?.securityPatch == "2026-11-05")
        #expect(snapshot.httpProxy == .read(nil), "a cleared proxy reads ':0'")
        // Android 10 and later keep a permission's op as a uid mode, printed under the uid before its packages:
        // `      COARSE_LOCATION: mode=foreground` under `  Uid u0a281:`.
        #expect(snapshot.appOps.value?.contains { $0.package == familyGo && $0.name == "COARSE_LOCATION" && $0.mode == "foreground" } == true)
    }

    @Test func hiddenListener() async throws {
        let (_, snapshot) = try await Self.capture("hidden-listener")
        let name = "com.example.syncservice"
        #expect(Self.package(snapshot, name)?.installer == nil)
        #expect(Self.package(snapshot, name)?.isOnDataPartition == true)
        #expect(snapshot.launcherPackages.value?.contains(name) == false)
        #expect(snapshot.notificationListeners.value?.contains(Self.component("com.example.syncservice/com.example.syncservice.SyncListenerService")) == true)
        let ops = snapshot.appOps.value?.filter { $0.package == name } ?? []
        #expect(ops.first { $0.name == "SYSTEM_ALERT_WINDOW" }?.mode == "allow")
        #expect(ops.first { $0.name == "GET_USAGE_STATS" }?.mode == "allow")
        #expect(ops.first { $0.name == "GET_USAGE_STATS" }?.usedInBackground == true)

        #expect(snapshot.inputMethod == .read(Self.component("com.touchtype.swiftkey/com.touchtype.KeyboardService")))
        #expect(Self.package(snapshot, "com.touchtype.swiftkey")?.installer == "com.android.vending")
        #expect(snapshot.alwaysOnVPN == .read("com.wireguard.android"))
        #expect(snapshot.httpProxy == .read("192.168.1.50:8888"))
        #expect(snapshot.wirelessDebugging == .read(true))
        let computers = try #require(snapshot.trustedComputers.value)
        #expect(computers.map(\.comment) == ["kim@werkplek", "ex@laptop"])
        #expect(Set(computers.map(\.key)).count == 2)
        #expect(computers.allSatisfy { $0.key.hasPrefix("QAAAA") && $0.key.count == 700 })
        #expect(snapshot.accessibilityServices == .read([]))
    }

    @Test func samsung() async throws {
        let (capture, snapshot) = try await Self.capture("samsung")
        #expect(snapshot.device.model == "SM_G991B")
        let security = try #require(snapshot.security.value)
        #expect(security.manufacturer == "samsung")
        #expect(security.securityPatch == "2025-06-01")
        let patch = try #require(security.securityPatchDate)
        #expect(Self.fixedNow().timeIntervalSince(patch) > 365 * 86_400, "over a year old")
        #expect(security.bootloaderUnlocked == false)
        #expect(snapshot.verifierEnabled == .read(false), "Play Protect off")

        #expect(snapshot.users.value?.map(\.id) == [0, 150])
        let secureFolder = try #require(snapshot.users.value?.first { $0.id == 150 })
        #expect(secureFolder.name == "Secure Folder")
        #expect(secureFolder.isManagedProfile)
        #expect(Self.package(snapshot, "com.samsung.android.goodlock")?.installer == "com.sec.android.app.samsungapps")
        #expect(snapshot.packageDetails.value?["com.samsung.android.goodlock"]?.installer == "com.sec.android.app.samsungapps")
        #expect(snapshot.thirdParty.value == ["com.samsung.android.goodlock", "com.whatsapp"])

        let talkback = Self.component("com.samsung.android.accessibility.talkback/com.samsung.android.marvin.talkback.TalkBackService")
        let universalSwitch = Self.component("com.samsung.accessibility/com.samsung.accessibility.universalswitch.UniversalSwitchService")
        #expect(snapshot.accessibilityServices == .read([talkback, universalSwitch]))
        #expect(capture.text("accessibility-dump").map(AccessibilityDump.enabledServices) == .read([talkback, universalSwitch]))
        #expect(snapshot.inputMethod == .read(Self.component("com.samsung.android.honeyboard/com.samsung.android.honeyboard.service.HoneyBoardService")))

        let policy = try #require(snapshot.devicePolicy.value)
        let containerCore = Self.component("com.samsung.android.knox.containercore/com.samsung.android.knox.containercore.provisioning.DeviceAdminReceiver")
        #expect(policy.profileOwners == [.init(user: 150, component: containerCore)])
        #expect(policy.deviceOwner == nil)
        #expect(policy.admins.map(\.user) == [0, 0, 150])
        #expect(policy.admins.map(\.component.package) == ["com.samsung.android.fmm", "com.google.android.gms",
                                                           "com.samsung.android.knox.containercore"])
        #expect(snapshot.accounts.value?.map(\.type) == ["com.google", "com.osp.app.signin"])
        #expect(snapshot.launcherPackages.value?.contains("com.samsung.android.bixby.agent") == false)
        // A preinstalled Samsung app is an ISDi dual-use entry: a checker must weigh system apps on its own.
        let indicators = try IndicatorTests.load()
        #expect(indicators.matches(package: "com.sec.android.app.voicenote").first.map { if case .dualUse = $0 { true } else { false } } == true)
    }

    @Test func workProfile() async throws {
        let (capture, snapshot) = try await Self.capture("work-profile")
        #expect(snapshot.users.value == [AndroidUser(id: 0, name: "Owner", flags: 0xc13, running: true),
                                         AndroidUser(id: 10, name: "Work profile", flags: 0x1030, running: true)])
        #expect(snapshot.users.value?.last?.isManagedProfile == true)
        let policy = try #require(snapshot.devicePolicy.value)
        let clouddpc = Self.component("com.google.android.apps.work.clouddpc/com.google.android.apps.work.clouddpc.receivers.CloudDeviceAdminReceiver")
        #expect(policy.profileOwners == [.init(user: 10, component: clouddpc)])
        #expect(policy.deviceOwner == nil)
        #expect(policy.admins.contains(.init(user: 10, component: clouddpc)))
        #expect(policy.admins.filter { $0.user == 0 }.map(\.component.package) == ["com.google.android.gms"])

        // The refusal for user 10 comes with status 0: it is recorded, not read, and the capture goes on.
        #expect(capture.output("accounts")?.record.status == 0)
        guard case .notRead(let reason) = snapshot.accounts else { Issue.record("a SecurityException was read as accounts"); return }
        #expect(reason.en.contains("java.lang.SecurityException"))
        #expect(capture.manifest.probes.last?.id == "apk-sha256-1")
        #expect(snapshot.appOps.value?.isEmpty == false)
        #expect(snapshot.security.value?.androidVersion == "13")

        // The profile owner's app is installed in the work profile only: not in user 0's list, but in the dump,
        // with its grants under user 10.
        #expect(Self.package(snapshot, "com.google.android.apps.work.clouddpc") == nil)
        let clouddpcDetails = try #require(snapshot.packageDetails.value?["com.google.android.apps.work.clouddpc"])
        #expect(clouddpcDetails.isGranted("android.permission.ACCESS_FINE_LOCATION", user: 10))
        #expect(!clouddpcDetails.isGranted("android.permission.ACCESS_FINE_LOCATION"))
        #expect(clouddpcDetails.installer == "com.android.vending")
    }

    @Test func oldAndroid() async throws {
        let (_, snapshot) = try await Self.capture("old-android")
        let security = try #require(snapshot.security.value)
        #expect(security.androidVersion == "9")
        #expect(security.manufacturer == "HMD Global")
        #expect(snapshot.users.value == [AndroidUser(id: 0, name: "Owner", flags: 0x13, running: true)])

        let flashlight = "com.example.flashlight"
        #expect(Self.package(snapshot, flashlight)?.installer == nil)
        let details = try #require(snapshot.packageDetails.value?[flashlight])
        #expect(details.installer == nil)
        #expect(details.uid == 10134)
        #expect(details.firstInstallTime == "2023-02-11 16:55:20")
        #expect(details.isGranted("android.permission.CAMERA"))
        #expect(snapshot.packageDetails.value?["com.whatsapp"]?.installer == "com.android.vending")

        let avast = "com.avast.android.mobilesecurity"
        #expect(snapshot.accessibilityServices == .read([Self.component(avast + "/com.avast.android.mobilesecurity.app.accessibility.AccessibilityService")]))
        #expect(snapshot.devicePolicy.value?.admins.map(\.component.package) == ["com.google.android.gms", avast])
        #expect(snapshot.trustedComputers.value?.map(\.comment) == ["kim@werkplek"])
        #expect(snapshot.wirelessDebugging == .read(false))
        #expect(snapshot.verifierEnabled == .read(nil), "never written on this phone")

        let ops = snapshot.appOps.value ?? []
        #expect(ops.first { $0.package == avast && $0.name == "GET_USAGE_STATS" }?.lastAccess == "+11m4s201ms ago")
        #expect(ops.first { $0.package == flashlight && $0.name == "SYSTEM_ALERT_WINDOW" }?.mode == "allow")
        // A uid mode governs every package of the uid, so it is read as each package's op (unless the package lists it).
        #expect(ops.contains { $0.name == "RUN_IN_BACKGROUND" && $0.package == avast && $0.mode == "allow" && $0.lastAccess == nil })
        #expect(snapshot.launcherPackages.value?.contains(flashlight) == true)
    }

    @Test func androidOreoAppOps() async throws {
        // Android 7 and 8 print each op as `OP: mode=N; time=+T ago; duration=+D` (the mode a number, 0 = allow)
        // and end a running op with ` (running)`; uid modes the same way under the uid.
        let fake = try FakeAdb("old-android")
        try fake.answer("appops", stdout: """
            Current AppOps Service state:
              Uid 1000:
                Package android:
                  WAKE_LOCK: mode=0; time=+19m2s880ms ago; duration=+12ms
              Uid u0a118:
                  RUN_IN_BACKGROUND: mode=0
                Package com.avast.android.mobilesecurity:
                  COARSE_LOCATION: mode=0; time=+2h14m9s ago; duration=+4ms
                  GET_USAGE_STATS: mode=0; time=+11m4s201ms ago
              Uid u0a134:
                Package com.example.flashlight:
                  CAMERA: mode=0; time=+1m2s ago (running)
                  SYSTEM_ALERT_WINDOW: mode=0; time=+24d3h ago

            """)
        let (_, snapshot) = try await Self.capture("old-android", fake: fake, probes: [Probe.named("appops")!])
        #expect(snapshot.appOps.value != nil, "the answer is read")
        let ops = snapshot.appOps.value ?? []
        #expect(ops.first { $0.package == "com.avast.android.mobilesecurity" && $0.name == "GET_USAGE_STATS" }?.lastAccess == "+11m4s201ms ago")
        #expect(ops.first { $0.package == "com.example.flashlight" && $0.name == "SYSTEM_ALERT_WINDOW" }?.mode == "allow")
    }

    // MARK: Through PATH, and the fake's own answers

    @Test func theFakeIsFoundOnPath() async throws {
        let fake = try FakeAdb("clean-pixel")
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let capture = try await AndroidCapture(runner: ProcessRunner(environment: fake.environment),
                                               probes: [Probe.named("users")!]).capture(into: folder, hashApks: false)
        #expect(capture.manifest.adb == "adb")
        #expect(capture.text("users").map(UserList.parse).value?.map(\.id) == [0])
    }

    @Test func theFakeAnswersAsAdbAndThePhoneDo() async throws {
        let fake = try FakeAdb("stalkerware")
        let runner = ProcessRunner()
        let serial = "28031FDH2005XY"
        let wrong = try await runner.run([fake.path, "-s", "NOPE", "shell", "getprop"], timeout: .seconds(30))
        #expect(wrong.status == 1)
        #expect(wrong.errorOutput == "error: device 'NOPE' not found\n")
        let unknown = try await runner.run([fake.path, "-s", serial, "shell", "frobnicate", "--all"], timeout: .seconds(30))
        #expect(unknown.status == 127)
        #expect(unknown.errorOutput == "/system/bin/sh: frobnicate: inaccessible or not found\n")
        let apk = try #require(try Self.apks("stalkerware").keys.first { $0.contains("com.mxspy") })
        let hashes = try await runner.run([fake.path, "-s", serial, "shell", "sha256sum", "'" + apk + "'", "'/data/app/gone/base.apk'"],
                                          timeout: .seconds(30))
        #expect(hashes.output == "5d41c3c0ffee0a5e4f1b8d9c2a7e6b3f90d8c7b6a5e4d3c2b1a09f8e7d6c5b4a  \(apk)\n")
        #expect(hashes.errorOutput == "sha256sum: /data/app/gone/base.apk: No such file or directory\n")
        #expect(hashes.status == 1)
    }

    @Test func anUnknownCommandIsRecordedNotRead() async throws {
        let (capture, _) = try await Self.capture("clean-pixel", probes: [Probe("bogus", ["frobnicate"]), Probe.named("users")!])
        #expect(capture.output("bogus")?.record.status == 127)
        guard case .notRead(let reason) = capture.text("bogus") else { Issue.record("an unknown command was read"); return }
        #expect(reason.en.contains("inaccessible or not found"))
        #expect(capture.text("users").value != nil)
    }

    @Test func aVanishedApkKeepsTheOtherHashes() async throws {
        // One APK of the round is gone by the time it is hashed (uninstalled, or updated to a new folder):
        // toybox sha256sum prints the others, complains on stderr and ends with status 1.
        let fake = try FakeAdb("stalkerware")
        let all = try Self.apks("stalkerware")
        let kept = all.filter { !$0.key.contains("com.whatsapp") }
        try fake.replace("apks.txt", with: kept.map { "\($0.key) \($0.value)\n" }.joined())
        let (capture, snapshot) = try await Self.capture("stalkerware", fake: fake)
        #expect(capture.output("apk-sha256-1")?.record.status == 1)
        #expect(snapshot.apkHashes.value == kept)
    }

    // MARK: Device states through the fake adb

    @Test(arguments: [("devices-none.txt", PhoneError.noDevice),
                      ("devices-unauthorized.txt", PhoneError.unauthorized(serial: "0A151JEC200123")),
                      ("devices-offline.txt", PhoneError.offline(serial: "0A151JEC200123")),
                      ("devices-two.txt", PhoneError.severalDevices(serials: ["R58M40ABCDE", "0A151JEC200123"]))])
    func deviceStates(devices: String, error: PhoneError) async throws {
        let fake = try FakeAdb("clean-pixel", devices: devices)
        let folder = Fixture.temporaryFolder()
        await #expect(throws: error) {
            try await AndroidCapture(adb: fake.path, runner: ProcessRunner()).capture(into: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func aSerialChoosesOneOfTwo() async throws {
        let fake = try FakeAdb("samsung", devices: "devices-two.txt")
        let (capture, snapshot) = try await Self.capture("samsung", fake: fake, serial: "R58M40ABCDE",
                                                          probes: [Probe.named("users")!])
        #expect(capture.manifest.device.model == "SM_G973F")
        #expect(capture.manifest.probes.first?.commandLine == [fake.path, "-s", "R58M40ABCDE", "shell", "pm", "list", "users"])
        #expect(snapshot.users.value?.map(\.id) == [0, 150])
    }

    @Test func aWrongSerial() async throws {
        let fake = try FakeAdb("clean-pixel")
        await #expect(throws: PhoneError.deviceNotFound(serial: "NOTCONNECTED", connected: ["37221FDJH00A1B"])) {
            try await AndroidCapture(adb: fake.path, serial: "NOTCONNECTED", runner: ProcessRunner()).capture(into: Fixture.temporaryFolder())
        }
    }

    @Test func adbMissing() async throws {
        let path = Fixture.temporaryFolder() + "/platform-tools/adb"
        await #expect(throws: PhoneError.adbMissing(adb: path)) {
            try await AndroidCapture(adb: path, runner: ProcessRunner()).capture(into: Fixture.temporaryFolder())
        }
    }

    @Test func adbDevicesFails() async throws {
        let fake = try FakeAdb("clean-pixel")
        try fake.answer("devices", stdout: "* daemon not running; starting now at tcp:5037\n",
                        stderr: "ADB server didn't ACK\nFull server startup log: /tmp/adb.1000.log\n* failed to start daemon\nadb: failed to check server version: cannot connect to daemon\n",
                        status: 1)
        await #expect(throws: PhoneError.adbFailed(command: fake.path + " devices -l", status: 1, message: "ADB server didn't ACK")) {
            try await AndroidCapture(adb: fake.path, runner: ProcessRunner()).device()
        }
    }

    @Test func adbDevicesHangs() async throws {
        let fake = try FakeAdb("clean-pixel")
        try fake.hang("devices")
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: PhoneError.adbTimedOut(command: fake.path + " devices -l", seconds: 0.5)) {
            try await AndroidCapture(adb: fake.path, runner: ProcessRunner(), devicesTimeout: .milliseconds(500)).device()
        }
        #expect(start.duration(to: clock.now) < .seconds(300))
    }

    @Test func oneHangingProbeIsRecordedAndTheRestIsRead() async throws {
        let fake = try FakeAdb("hidden-listener")
        try fake.hang("package-dump")
        let clock = ContinuousClock()
        let start = clock.now
        let (capture, snapshot) = try await Self.capture("hidden-listener", fake: fake, timeout: .milliseconds(500))
        #expect(start.duration(to: clock.now) < .seconds(300))
        #expect(capture.output("package-dump")?.record.outcome == .timedOut)
        #expect(snapshot.packageDetails.value == nil)
        #expect(snapshot.packages.value?.isEmpty == false)
        #expect(snapshot.httpProxy == .read("192.168.1.50:8888"))
        #expect(snapshot.apkHashes.value?.isEmpty == false)
    }

    @Test func twoHangingProbesStopTheCapture() async throws {
        let fake = try FakeAdb("clean-pixel")
        try fake.hang("users")
        try fake.hang("accessibility-dump")
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: PhoneError.stoppedAnswering(serial: "37221FDJH00A1B", probes: ["users", "accessibility-dump"])) {
            try await Self.capture("clean-pixel", fake: fake, timeout: .milliseconds(500))
        }
        #expect(start.duration(to: clock.now) < .seconds(300))
    }

    @Test(arguments: [("error: device '37221FDJH00A1B' not found\n", PhoneError.deviceNotFound(serial: "37221FDJH00A1B", connected: [])),
                      ("error: device offline\n", PhoneError.offline(serial: "37221FDJH00A1B")),
                      ("error: device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set\n", PhoneError.unauthorized(serial: "37221FDJH00A1B")),
                      ("error: no devices/emulators found\n", PhoneError.noDevice)])
    func thePhoneGoesAwayDuringTheCapture(stderr: String, error: PhoneError) async throws {
        let fake = try FakeAdb("clean-pixel")
        try fake.answer("launcher-activities", stdout: "", stderr: stderr, status: 1)
        await #expect(throws: error) {
            try await Self.capture("clean-pixel", fake: fake)
        }
    }
}
