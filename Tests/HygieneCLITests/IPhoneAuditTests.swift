import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene audit --phone ios` end to end: the real command runner, fakes of libimobiledevice's tools first
/// on PATH answering as one of the iPhones in Tests/PhoneTests/IOSScenarios, the shipped checks, the JSON report.
@Suite(.serialized) struct IPhoneAuditTests {
    typealias Audit = PhoneAuditTests.Audit
    static let udid = FakeIDevice.udid
    static let iosChecks = ["phone.ios-supervised", "phone.ios-managed-encryption", "phone.ios-passcode", "phone.ios-wifi-sync",
                            "phone.ios-backup-computer", "phone.ios-backup-password", "phone.ios-icloud-backup", "phone.ios-developer-mode",
                            "phone.ios-provisioning", "phone.ios-sideloaded", "phone.ios-jailbreak", "phone.ios-stalkerware",
                            "phone.ios-watchers", "phone.ios-app-accounts", "phone.ios-outdated"]

    static func sandbox(_ fake: FakeIDevice) -> Sandbox {
        let sandbox = Sandbox()
        sandbox.runsRealCommands = true
        sandbox.extraVariables["PATH"] = fake.folder + ":/usr/bin:/bin"
        return sandbox
    }

    static func audit(_ scenario: String, _ extra: [String] = [], fake: FakeIDevice? = nil, sandbox given: Sandbox? = nil) async throws -> Audit {
        let fake = try fake ?? FakeIDevice(scenario)
        let sandbox = given ?? sandbox(fake)
        let run = await sandbox.run(["audit", "--only", "phone", "--phone", "ios", "--format", "json", "--no-state"] + extra)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any],
                                  "no JSON report: \(run.errors)")
        return Audit(run: run, report: report)
    }

    @Test func aCleanIPhonePassesAndSaysWhatAComputerCannotSee() async throws {
        let audit = try await Self.audit("clean-iphone")
        #expect(audit.run.code == 0, "\(audit.run.errors)")
        for check in Self.iosChecks {
            #expect(audit.status(of: check) == "passed", "\(check): \(audit.status(of: check) ?? "-") \(audit.reason(of: check))")
        }
        #expect(audit.reason(of: "phone.ios-stalkerware").contains("no match does not mean"))
        // The Android checks do not pretend to have looked: they skip, saying why.
        for check in ["phone.stalkerware", "phone.debugging", "phone.users"] {
            #expect(audit.status(of: check) == "skipped")
            #expect(audit.reason(of: check).contains("the phone read is an iPhone"), "\(audit.reason(of: check))")
        }
        let notes = (audit.report["notes"] as? [String] ?? []).joined(separator: "\n")
        #expect(notes.contains("What a computer cannot see on an iPhone"))
        #expect(notes.contains("Safety Check") && notes.contains("(1) Open Settings → Privacy & Security → Safety Check"))
        #expect(notes.contains("idevicepair -u \(Self.udid) unpair"))
        let sources = try #require(audit.report["sources"] as? [[String: Any]])
        let source = try #require(sources.first { ($0["url"] as? String ?? "").contains(Self.udid) })
        #expect(source["ok"] as? Bool == true)
        #expect((source["url"] as? String ?? "").contains("iOS 26.3.1"))
    }

    @Test func aSupervisedPhoneWithAnInHouseAppIsCriticalAndEvidenceComesFirst() async throws {
        let audit = try await Self.audit("supervised-mdm")
        #expect(audit.run.code == 1)
        let supervised = try #require(audit.findings(of: "phone.ios-supervised").first)
        #expect(supervised["severity"] as? String == "critical")
        #expect(((supervised["fix"] as? [String])?.first ?? "").contains("Keep evidence first"))
        #expect(((supervised["fix"] as? [String])?.first ?? "").contains("VPN & Device Management"))
        #expect((supervised["caution"] as? String ?? "").contains("seen by whoever manages it"))
        #expect(audit.status(of: "phone.ios-managed-encryption") == "failed")
        // Management plus an app from an unknown signer: critical.
        let sideloaded = try #require(audit.findings(of: "phone.ios-sideloaded").first)
        #expect(sideloaded["severity"] as? String == "critical")
        #expect(audit.subjects(of: "phone.ios-sideloaded").contains("iPhone Distribution: Voorbeeld Beheer B.V."))
        // Every iPhone finding that asks for a change says what the change reveals.
        for finding in audit.findings where (finding["check"] as? String ?? "").hasPrefix("phone.ios-") {
            #expect(!(finding["caution"] as? String ?? "").isEmpty, "\(finding["check"] ?? "") has no caution")
        }
    }

    @Test func anEnterpriseProfileAndItsAppAreNamed() async throws {
        let audit = try await Self.audit("enterprise-sideload")
        let profile = try #require(audit.findings(of: "phone.ios-provisioning").first)
        #expect(profile["severity"] as? String == "high")
        let subjects = audit.subjects(of: "phone.ios-provisioning")
        #expect(subjects.contains("Voorbeeld Logistiek B.V. (AB12CD34EF)"))
        #expect(subjects.contains("in-house"))
        #expect(subjects.contains("com.example.systemservice"))
        #expect(subjects.contains("2026-11-11"), "the creation date as the XML says, not 31 years early: \(subjects)")
        // Location always with background location from outside the store: high.
        #expect(audit.findings(of: "phone.ios-sideloaded").first?["severity"] as? String == "high")
        #expect(audit.subjects(of: "phone.ios-sideloaded").contains("location, also in the background, microphone"))
    }

    @Test func aDeveloperSideloadShowsItsSevenDayProfileAndDeveloperMode() async throws {
        let audit = try await Self.audit("altstore-dev")
        #expect(audit.findings(of: "phone.ios-provisioning").first?["severity"] as? String == "medium")
        #expect(audit.subjects(of: "phone.ios-provisioning").contains("development"))
        #expect(audit.status(of: "phone.ios-developer-mode") == "failed")
        let sideloaded = audit.subjects(of: "phone.ios-sideloaded")
        #expect(sideloaded.contains("com.3WRHBBSBW4.com.rileytestut.AltStore"))
        #expect(sideloaded.contains("developer's certificate"))
    }

    @Test func jailbreakAppsAmongTheSystemAppsAreFound() async throws {
        let audit = try await Self.audit("jailbroken-palera1n")
        let finding = try #require(audit.findings(of: "phone.ios-jailbreak").first)
        #expect(finding["severity"] as? String == "critical")
        let subjects = audit.subjects(of: "phone.ios-jailbreak")
        #expect(subjects.contains("palera1n (jailbreak)") && subjects.contains("Sileo (package store)"))
        #expect(subjects.contains("system app"))
        #expect((finding["caution"] as? String ?? "").contains("destroys the evidence"))
    }

    @Test func anUnknownBackupComputerWithWiFiSyncAndABackupPassword() async throws {
        let fake = try FakeIDevice("wifi-sync-abuser")
        let audit = try await Self.audit("wifi-sync-abuser", fake: fake)
        let computer = try #require(audit.findings(of: "phone.ios-backup-computer").first)
        #expect((computer["title"] as? String ?? "").contains("DESKTOP-7QX2M1B"))
        let subjects = audit.subjects(of: "phone.ios-backup-computer")
        #expect(subjects.contains("Windows") && subjects.contains("2026-11-24T20:15:00Z") && subjects.contains("can back up without a cable"))
        #expect(audit.status(of: "phone.ios-wifi-sync") == "failed")
        #expect(audit.findings(of: "phone.ios-backup-password").first?["title"] as? String == "A backup password is set — did you set it?")
        // Listed as hers, the computer is not asked about again.
        let sandbox = Self.sandbox(fake)
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "known-computers:\n  - desktop-7qx2m1b\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let known = try await Self.audit("wifi-sync-abuser", fake: fake, sandbox: sandbox)
        #expect(known.status(of: "phone.ios-backup-computer") == "passed", "\(known.reason(of: "phone.ios-backup-computer"))")
    }

    @Test func listedAppsAreQuestionsAndAStalkerwareRowIsAnAlarm() async throws {
        let audit = try await Self.audit("watchware")
        let watchers = audit.subjects(of: "phone.ios-watchers")
        #expect(watchers.contains("com.life360.safetymap"))
        #expect(watchers.contains("5ZPN38G6GE.com.isharing.iSharing-Lite"), "a team prefix does not hide an app: \(watchers)")
        #expect((audit.findings(of: "phone.ios-watchers").first?["title"] as? String ?? "").contains("did you install"))
        #expect(audit.findings(of: "phone.ios-stalkerware").first?["severity"] as? String == "critical")
        #expect(audit.subjects(of: "phone.ios-stalkerware").contains("com.screentime"))
        #expect(!watchers.contains("com.screentime"), "an alarm is not asked about again")
        // Two buyers' accounts, shown by their last digits only.
        let accounts = audit.subjects(of: "phone.ios-app-accounts")
        #expect(accounts.contains("account …111") && accounts.contains("account …222"))
        #expect(!accounts.contains("11111111111"))
    }

    @Test func euMarketplaceAppsAreNotSideloads() async throws {
        let audit = try await Self.audit("eu-marketplace")
        #expect(audit.status(of: "phone.ios-sideloaded") == "passed")
        #expect(audit.reason(of: "phone.ios-sideloaded").contains("approved EU marketplace"))
    }

    @Test func anOldIOSAndNoPasscode() async throws {
        let old = try await Self.audit("outdated-ios")
        #expect((old.findings(of: "phone.ios-outdated").first?["title"] as? String ?? "").contains("no longer gets security updates"))
        let bare = try await Self.audit("no-passcode")
        #expect(bare.status(of: "phone.ios-passcode") == "failed")
        #expect((bare.findings(of: "phone.ios-outdated").first?["title"] as? String ?? "").contains("26.3.1 or newer is out"))
    }

    @Test func debianThirteensToolsGiveTheSameReport() async throws {
        let audit = try await Self.audit("debian13")
        #expect(audit.run.code == 0, "\(audit.run.errors)")
        #expect(audit.status(of: "phone.ios-sideloaded") == "passed")
    }

    @Test func aPhoneUnpluggedPartWayLeavesErrorsNeverPasses() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("info-wireless", stdout: "No device found.\n", status: 255)
        let audit = try await Self.audit("clean-iphone", fake: fake)
        for check in ["phone.ios-wifi-sync", "phone.ios-sideloaded", "phone.ios-jailbreak", "phone.ios-provisioning", "phone.ios-stalkerware"] {
            #expect(audit.status(of: check) == "error", "\(check): \(audit.status(of: check) ?? "-")")
            #expect(audit.reason(of: check).contains(Self.udid), "\(audit.reason(of: check))")
        }
        #expect(audit.status(of: "phone.ios-passcode") == "passed", "what was read before still counts")
        let sources = try #require(audit.report["sources"] as? [[String: Any]])
        #expect(sources.first { ($0["url"] as? String ?? "").contains(Self.udid) }?["ok"] as? Bool == false)
        #expect((audit.report["notes"] as? [String] ?? []).joined().contains("ended early"))
    }

    @Test func aSavedCaptureIsAnalysedOfflineWithTheSameFindings() async throws {
        let fake = try FakeIDevice("enterprise-sideload")
        let sandbox = Self.sandbox(fake)
        let folder = sandbox.home + "/capture"
        let live = try await Self.audit("enterprise-sideload", ["--capture", folder], fake: fake, sandbox: sandbox)
        let offline = Sandbox()
        let later = await offline.run(["audit", "--only", "phone", "--phone-capture", folder, "--format", "json", "--no-state"])
        #expect(later.code == live.run.code, "\(later.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(later.output.utf8)) as? [String: Any])
        let ids = { (report: [String: Any]) in ((report["findings"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted() }
        #expect(ids(report) == ids(live.report))
        #expect(!ids(report).isEmpty)
    }

    @Test func theErrorsSpeakTheReportsLanguageAndNameThePhone() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("pair", stdout: "ERROR: Could not validate with device \(Self.udid) because a passcode is set. Please enter the passcode on the device and retry.\n", status: 1)
        let sandbox = Self.sandbox(fake)
        let run = await sandbox.run(["audit", "--only", "phone", "--phone", "ios", "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.contains("iPhone \(Self.udid) is locked"), "\(run.errors)")
        let dutch = await sandbox.run(["audit", "--only", "phone", "--phone", "ios", "--no-state", "--lang", "nl"])
        #expect(dutch.code == 2)
        #expect(dutch.errors.contains("iPhone \(Self.udid) is vergrendeld"), "\(dutch.errors)")

        let none = try FakeIDevice("clean-iphone")
        try none.answer("devices", stdout: "")
        let absent = await Self.sandbox(none).run(["audit", "--only", "phone", "--phone", "ios", "--no-state"])
        #expect(absent.code == 2)
        #expect(absent.errors.contains("no iPhone is connected"))

        let missing = try FakeIDevice("clean-iphone", without: ["ideviceinstaller"])
        let tool = await Self.sandbox(missing).run(["audit", "--only", "phone", "--phone", "ios", "--no-state"])
        #expect(tool.code == 2)
        #expect(tool.errors.contains("'ideviceinstaller' is not installed") && tool.errors.contains("apt install"), "\(tool.errors)")
    }

    @Test func theOptionsThatBelongToTheOtherPhoneAreRefused() async throws {
        let udid = await Sandbox().run(["audit", "--phone", "android", "--udid", Self.udid])
        #expect(udid.code == 64)
        #expect(udid.errors.contains("--udid names an iPhone"))
        let serial = await Sandbox().run(["audit", "--phone", "ios", "--serial", "X1"])
        #expect(serial.code == 64)
    }
}

extension IPhoneAuditTests {
    /// A well-used iPhone: 300 apps, a 5 MB app list (the install proxy returns every Info.plist key). The whole
    /// check over the fake tools, beside the same capture analysed offline; the analysis must stay under 2 s.
    @Test func aWellUsedIPhoneIsAnalysedQuickly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-iphone-large-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: FakeIDevice.scenario("clean-iphone"), toPath: folder)
        var apps: [[String: Any]] = []
        for index in 0..<300 {
            var app: [String: Any] = [
                "CFBundleIdentifier": "com.example.app\(index)", "CFBundleDisplayName": "App \(index)", "CFBundleShortVersionString": "1.\(index)",
                "ApplicationType": index < 60 ? "System" : "User", "Path": "/private/var/containers/Bundle/Application/\(UUID().uuidString)/App.app",
                "NSCameraUsageDescription": "To take photos.", "UIBackgroundModes": ["remote-notification", "fetch"],
            ]
            if index >= 60 { app["SignerIdentity"] = "Apple iPhone OS Application Signing"; app["ApplicationDSID"] = 11111111111 }
            // What makes real entries large: URL types, icons, localisations, entitlements.
            app["CFBundleURLTypes"] = (0..<60).map { ["CFBundleURLName": "com.example.app\(index).scheme\($0)", "CFBundleURLSchemes": ["app\(index)s\($0)", "fb\(index)\($0)"]] }
            app["Entitlements"] = ["keychain-access-groups": (0..<12).map { "ABCDE12345.com.example.group\($0)" },
                                   "com.apple.developer.associated-domains": (0..<12).map { "applinks:www\($0).example.com" }]
            app["CFBundleLocalizations"] = ["en", "nl", "de", "fr", "es", "it", "pt", "ja", "zh-Hans", "ko", "ru", "ar"]
            apps.append(app)
        }
        let data = try PropertyListSerialization.data(fromPropertyList: apps, format: .xml, options: 0)
        try data.write(to: URL(fileURLWithPath: folder + "/apps.txt"))
        let fake = try FakeIDevice(folder: folder)
        let sandbox = Self.sandbox(fake)
        let capture = sandbox.home + "/capture"
        let clock = ContinuousClock()
        var start = clock.now
        let live = await sandbox.run(["audit", "--only", "phone", "--phone", "ios", "--capture", capture, "--format", "json", "--no-state"])
        let withTools = start.duration(to: clock.now)
        #expect(live.code == 0, "\(live.errors)")
        start = clock.now
        let offline = await Sandbox().run(["audit", "--only", "phone", "--phone-capture", capture, "--format", "json", "--no-state"])
        let analysis = start.duration(to: clock.now)
        #expect(offline.code == 0, "\(offline.errors)")
        // The floor: the same audit of the seven-app clean phone, offline (process start, checks and lists loaded).
        let small = sandbox.home + "/small"
        _ = await Self.sandbox(try FakeIDevice("clean-iphone")).run(["audit", "--only", "phone", "--phone", "ios", "--capture", small, "--no-state"])
        start = clock.now
        _ = await Sandbox().run(["audit", "--only", "phone", "--phone-capture", small, "--format", "json", "--no-state"])
        let floor = start.duration(to: clock.now)
        print("iPhone benchmark (debug build): 300 apps, \(data.count / 1024) KB app list: \(withTools) over the fake tools; "
              + "\(analysis) analysed offline, beside \(floor) for a 7-app phone offline")
        #expect(data.count > 4_500_000)
        // A guard against regressions on a machine busy with other tests; the quiet figure is in the closing note.
        #expect(analysis - floor < .seconds(5))
    }
}

extension IPhoneAuditTests {
    @Test func theConfigurationCanAskForTheIPhone() async throws {
        let fake = try FakeIDevice("jailbroken-palera1n")
        let sandbox = Self.sandbox(fake)
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "phone: ios\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let run = await sandbox.run(["audit", "--only", "phone", "--no-state", "--format", "json"])
        #expect(run.code == 1, "\(run.errors)")
        #expect(run.output.contains("phone.ios-jailbreak"))
    }

    @Test func aConfiguredIPhoneThatIsNotConnectedLeavesThePhoneOut() async throws {
        let fake = try FakeIDevice("clean-iphone")
        try fake.answer("devices", stdout: "")
        let sandbox = Self.sandbox(fake)
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "phone: ios\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let tree = try wellKeptMachine()
        let run = await sandbox.run(["audit", "--root", tree.root, "--no-state", "--format", "json"])
        #expect(run.code == 0, "\(run.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect((report["notes"] as? [String] ?? []).contains { $0.contains("('phone: ios')") && $0.contains("no iPhone is connected") })
        let checks = report["checks"] as? [[String: Any]] ?? []
        #expect(!checks.contains { ($0["id"] as? String ?? "").hasPrefix("phone.") && $0["status"] as? String == "passed" })
    }
}

extension IPhoneAuditTests {
    /// The phone's number, serial, IMEI and name stay in the private capture; the report names the iPhone by
    /// its UDID, model and iOS only. A developer certificate's e-mail is cut to its team id.
    @Test func personalIdentifiersStayOutOfTheReport() async throws {
        let fake = try FakeIDevice("altstore-dev")
        let planted = ["+31612345678", "F2LZK9XYZ123", "356789104512345", "iPhone van Sanne Jansen", "sanne.jansen@example.nl"]
        let info = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0"><dict>
            <key>DeviceName</key><string>\(planted[3])</string><key>PasswordProtected</key><true/>
            <key>PhoneNumber</key><string>\(planted[0])</string><key>ProductType</key><string>iPhone14,5</string>
            <key>ProductVersion</key><string>26.3.1</string><key>SerialNumber</key><string>\(planted[1])</string>
            <key>InternationalMobileEquipmentIdentity</key><string>\(planted[2])</string>
            </dict></plist>
            """
        try fake.answer("info", stdout: info)
        var apps = try String(contentsOfFile: fake.scenario + "/apps.txt", encoding: .utf8)
        apps = apps.replacingOccurrences(of: "Apple Development: Sam Voorbeeld (3WRHBBSBW4)", with: "Apple Development: \(planted[4]) (3WRHBBSBW4)")
        try fake.answer("apps", stdout: apps)
        let sandbox = Self.sandbox(fake)
        for format in ["json", "text", "markdown", "html"] {
            let run = await sandbox.run(["audit", "--only", "phone", "--phone", "ios", "--format", format, "--no-state"])
            #expect(run.code == 0 || run.code == 1, "\(run.errors)")
            for value in planted {
                #expect(!run.output.contains(value) && !run.errors.contains(value), "\(format) shows \(value)")
            }
            #expect(run.output.contains("(3WRHBBSBW4)"), "the team id is kept")
        }
    }
}
