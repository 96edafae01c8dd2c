import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene audit --phone android` end to end: the real command runner, a fake `adb` first on PATH
/// answering as one of the recorded-shape phones in Tests/PhoneTests/Scenarios, the shipped checks, the
/// JSON report.
@Suite(.serialized) struct PhoneAuditTests {
    struct Audit {
        var run: CLIRun
        var report: [String: Any]
        var findings: [[String: Any]] { report["findings"] as? [[String: Any]] ?? [] }
        var checks: [[String: Any]] { report["checks"] as? [[String: Any]] ?? [] }

        func findings(of check: String) -> [[String: Any]] { findings.filter { $0["check"] as? String == check } }
        func status(of check: String) -> String? { checks.first { $0["id"] as? String == check }?["status"] as? String }
        func reason(of check: String) -> String { checks.first { $0["id"] as? String == check }?["reason"] as? String ?? "" }
        /// Every subject's name and field values of the check's findings, as one text.
        func subjects(of check: String) -> String {
            findings(of: check).flatMap { $0["subjects"] as? [[String: Any]] ?? [] }
                .map { $0.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ") }.joined(separator: "\n")
        }
    }

    static func sandbox(_ adb: FakeAdb) -> Sandbox {
        let sandbox = Sandbox()
        sandbox.runsRealCommands = true
        sandbox.extraVariables["PATH"] = adb.folder + ":/usr/bin:/bin"
        return sandbox
    }

    static func audit(_ scenario: String, _ extra: [String] = [], adb: FakeAdb? = nil) async throws -> Audit {
        let adb = try adb ?? FakeAdb(scenario)
        let sandbox = sandbox(adb)
        let run = await sandbox.run(["audit", "--only", "phone", "--phone", "android", "--format", "json", "--no-state"] + extra)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any],
                                  "no JSON report: \(run.errors)")
        return Audit(run: run, report: report)
    }

    @Test func aCleanPhoneHasNoAlarmAndSaysWhatNoMatchMeans() async throws {
        let audit = try await Self.audit("clean-pixel")
        #expect(audit.run.code == 0, "\(audit.run.errors)")
        for check in ["phone.stalkerware", "phone.combined", "phone.accessibility", "phone.device-admin", "phone.hidden-apps",
                      "phone.install-source", "phone.app-scanning", "phone.integrity", "phone.traffic", "phone.users"] {
            #expect(audit.status(of: check) == "passed", "\(check): \(audit.reason(of: check))")
        }
        #expect(audit.reason(of: "phone.stalkerware").contains("no match does not mean no stalkerware"))
        #expect(audit.reason(of: "phone.stalkerware").contains("(as of Echap 2026-06-21, ISDi 2026-07-22)"))
        // The scanning computer itself is trusted: listed, with the advice to revoke afterwards.
        #expect(audit.status(of: "phone.debugging") == "failed")
        let notes = (audit.report["notes"] as? [String] ?? []).joined(separator: "\n")
        #expect(notes.contains("Revoke USB debugging authorisations"))
        #expect(notes.contains("(1) Unplug the cable"))
        #expect(notes.contains("no match does not mean no stalkerware"))
        let sources = try #require(audit.report["sources"] as? [[String: Any]])
        #expect(sources.contains { ($0["url"] as? String ?? $0["name"] as? String ?? "").contains("37221FDJH00A1B") })
    }

    @Test func knownStalkerwareIsAnAlarmWithWhatItHasSwitchedOn() async throws {
        let audit = try await Self.audit("stalkerware")
        #expect(audit.run.code == 1)
        let found = audit.findings(of: "phone.stalkerware")
        #expect(found.count == 1)
        #expect(found.first?["severity"] as? String == "critical")
        let subject = audit.subjects(of: "phone.stalkerware")
        #expect(subject.contains("com.mxspy"))
        #expect(subject.contains("TheTruthSpy"))
        #expect(subject.contains("accessibility service"))
        #expect(subject.contains("device admin"))
        #expect(subject.contains("put on from a computer over USB (adb)"))
        #expect(subject.contains("hidden from the app drawer"))
        // The fix keeps evidence first and warns that removal alerts the abuser.
        let fix = (found.first?["fix"] as? [String] ?? []).first ?? ""
        #expect(fix.contains("Do not remove the app yet"))
        #expect((found.first?["caution"] as? String ?? "").contains("tells whoever installed it"))
        // Reported once as known stalkerware, not again as an app that behaves like it; its powers are listed one by one.
        #expect(audit.findings(of: "phone.combined").isEmpty)
        #expect(audit.subjects(of: "phone.accessibility").contains("com.mxspy"))
        #expect(audit.subjects(of: "phone.device-admin").contains("com.mxspy"))
        // A stalkerware app is not also asked about as a dual-use app.
        #expect(!audit.subjects(of: "phone.watchers").contains("com.mxspy"))
    }

    @Test func aRenamedCopyIsFoundByItsHash() async throws {
        let audit = try await Self.audit("renamed")
        let subject = audit.subjects(of: "phone.stalkerware")
        #expect(subject.contains("com.android.systemupdate.helper"))
        #expect(subject.contains("SHA-256"))
        #expect(subject.contains("notification") == false || subject.contains("reads all notifications"))
        // Without hashing, the renamed copy goes unseen — and the pass says the files were not hashed.
        let unhashed = try await Self.audit("renamed", ["--no-apk-hashes"])
        #expect(unhashed.status(of: "phone.stalkerware") == "passed")
        #expect(unhashed.reason(of: "phone.stalkerware").contains("could not be hashed"))
    }

    @Test func aTrackerFromTheStoreIsAQuestionNotAnAlarm() async throws {
        let audit = try await Self.audit("watchware")
        #expect(audit.status(of: "phone.stalkerware") == "passed")
        let watchers = audit.findings(of: "phone.watchers")
        #expect(watchers.count == 1)
        #expect(watchers.first?["severity"] as? String == "medium")
        #expect((watchers.first?["title"] as? String ?? "").contains("did you install"))
        let subjects = audit.subjects(of: "phone.watchers")
        #expect(subjects.contains("com.life360.android.safetymapd"))
        #expect(subjects.contains("Google Play"))
        #expect(audit.subjects(of: "phone.location").contains("com.life360.android.safetymapd"))
    }

    @Test func anUnknownHiddenSideloadedListenerIsCaughtByItsSignals() async throws {
        let audit = try await Self.audit("hidden-listener")
        #expect(audit.status(of: "phone.stalkerware") == "passed")
        let combined = audit.findings(of: "phone.combined")
        #expect(combined.count == 1)
        #expect(combined.first?["severity"] as? String == "high")
        #expect(audit.subjects(of: "phone.combined").contains("com.example.syncservice"))
        #expect(audit.subjects(of: "phone.hidden-apps").contains("com.example.syncservice"))
        #expect(audit.subjects(of: "phone.notifications").contains("com.example.syncservice"))
        #expect(audit.subjects(of: "phone.special-access").contains("com.example.syncservice"))
        #expect(audit.subjects(of: "phone.install-source").contains("com.example.syncservice"))
        #expect(audit.subjects(of: "phone.keyboard").contains("com.touchtype.swiftkey"))
        let traffic = audit.findings(of: "phone.traffic").compactMap { $0["title"] as? String }.joined(separator: "\n")
        #expect(traffic.contains("192.168.1.50:8888"))
        #expect(traffic.contains("com.wireguard.android"))
        let debugging = audit.findings(of: "phone.debugging")
        #expect(audit.subjects(of: "phone.debugging").contains("ex@laptop"))
        #expect(debugging.contains { ($0["title"] as? String ?? "").contains("wireless debugging is on") })
    }

    @Test func samsungShapesSecureFolderOldPatchAndPlayProtectOff() async throws {
        let audit = try await Self.audit("samsung")
        #expect(audit.subjects(of: "phone.users").contains("Secure Folder"))
        #expect(audit.status(of: "phone.patch-level") == "failed")
        #expect(audit.status(of: "phone.app-scanning") == "failed")
        #expect(audit.subjects(of: "phone.install-source").contains("Galaxy Store"))
        #expect(audit.status(of: "phone.accessibility") != "error", "\(audit.reason(of: "phone.accessibility"))")
    }

    @Test func aWorkProfileIsListedWithItsOwnerAndItsErrorsBreakNothing() async throws {
        let audit = try await Self.audit("work-profile")
        let users = audit.subjects(of: "phone.users")
        #expect(users.contains("Work profile"))
        #expect(users.contains("managed by"))
        #expect(audit.status(of: "phone.stalkerware") == "passed")
    }

    @Test func anOldAndroidIsReadToo() async throws {
        let audit = try await Self.audit("old-android")
        for check in ["phone.stalkerware", "phone.accessibility", "phone.device-admin", "phone.special-access", "phone.install-source"] {
            #expect(audit.status(of: check) != "error", "\(check): \(audit.reason(of: check))")
        }
    }

    @Test func aProbeThatCannotBeReadIsAnErrorNeverClean() async throws {
        let adb = try FakeAdb("stalkerware")
        try adb.answer("accessibility-setting", stdout: "", stderr: "Security exception: Permission Denial\n", status: 255)
        try adb.answer("accessibility-dump", stdout: "Permission Denial: can't dump AccessibilityManagerService\n")
        let audit = try await Self.audit("stalkerware", adb: adb)
        #expect(audit.status(of: "phone.accessibility") == "error")
        #expect(audit.reason(of: "phone.accessibility").contains("could not read"))
        // The other checks still judge what was read.
        #expect(audit.status(of: "phone.stalkerware") == "failed")
        let sources = try #require(audit.report["sources"] as? [[String: Any]])
        #expect(sources.contains { $0["ok"] as? Bool == false })
    }

    @Test func aSavedCaptureIsAnalysedOfflineWithTheSameFindings() async throws {
        let adb = try FakeAdb("stalkerware")
        let sandbox = Self.sandbox(adb)
        let folder = sandbox.home + "/capture"
        let live = await sandbox.run(["audit", "--only", "phone", "--phone", "android", "--capture", folder, "--format", "json", "--no-state"])
        #expect(live.code == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        // Offline: no adb at all on PATH.
        let offline = Sandbox()
        let later = await offline.run(["audit", "--only", "phone", "--phone-capture", folder, "--format", "json", "--no-state"])
        #expect(later.code == 1, "\(later.errors)")
        func ids(_ output: String) throws -> Set<String> {
            let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            return Set((report["findings"] as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String })
        }
        #expect(try ids(live.output) == ids(later.output))
        #expect(!(try ids(later.output)).isEmpty)
    }

    @Test func theDefaultCaptureIsPrivateUnderTheDataFolder() async throws {
        let adb = try FakeAdb("clean-pixel")
        let sandbox = Self.sandbox(adb)
        _ = await sandbox.run(["audit", "--only", "phone", "--phone", "android", "--no-state"])
        let base = sandbox.home + "/data/hygiene/phone"
        let captures = try FileManager.default.contentsOfDirectory(atPath: base)
        #expect(captures.count == 1)
        for path in [base, base + "/" + (captures.first ?? "")] {
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o700, "\(path)")
        }
    }

    @Test func theConfigurationCanAskForThePhone() async throws {
        let adb = try FakeAdb("stalkerware")
        let sandbox = Self.sandbox(adb)
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "phone: android\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let run = await sandbox.run(["audit", "--only", "phone", "--no-state"])
        #expect(run.code == 1)
        #expect(run.output.contains("Known stalkerware: com.mxspy"))
    }

    @Test func theReportSpeaksDutch() async throws {
        let adb = try FakeAdb("stalkerware")
        let run = await Self.sandbox(adb).run(["audit", "--only", "phone", "--phone", "android", "--lang", "nl", "--no-state"])
        #expect(run.output.contains("Bekende stalkerware: com.mxspy"))
        #expect(run.output.contains("Verwijder de app nog niet"))
        #expect(run.output.contains("herkend aan"))
        #expect(run.output.contains("Zet foutopsporing nu weer uit"))
        // JSON in Dutch has the fields' words in Dutch too; the keys stay the schema's (sweep A-22).
        let json = await Self.sandbox(adb).run(["audit", "--only", "phone", "--phone", "android", "--lang", "nl", "--no-state", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let subjects = (report["findings"] as? [[String: Any]] ?? []).flatMap { $0["subjects"] as? [[String: Any]] ?? [] }
        let sources = subjects.compactMap { $0["installed from"] as? String }
        #expect(!sources.isEmpty)
        #expect(!sources.contains { $0.contains("put on from a computer") || $0.contains("app store") }, "\(sources)")
        let switched = subjects.compactMap { $0["switched on"] as? String }
        #expect(!switched.contains { $0.contains("reads all notifications") }, "\(switched)")
    }

    @Test(arguments: [
        ("devices-none.txt", "no phone"), ("devices-unauthorized.txt", "allow usb debugging"), ("devices-offline.txt", "offline"),
        ("devices-two.txt", "--serial"),
    ])
    func aPhoneThatCannotBeReadStopsTheRunWithExitTwo(devices: String, says: String) async throws {
        let adb = try FakeAdb("clean-pixel", devices: devices)
        let run = await Self.sandbox(adb).run(["audit", "--only", "phone", "--phone", "android", "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.lowercased().contains(says.lowercased()), "\(run.errors)")
        #expect(run.output.isEmpty)
    }

    @Test func withoutAdbTheMessageSaysHowToGetIt() async throws {
        let sandbox = Sandbox()
        sandbox.runsRealCommands = true
        sandbox.extraVariables["PATH"] = sandbox.home + "/empty"
        let run = await sandbox.run(["audit", "--only", "phone", "--phone", "android", "--no-state", "--adb", sandbox.home + "/no-adb"])
        #expect(run.code == 2)
        #expect(run.errors.contains("apt install adb"))
        let dutch = await sandbox.run(["audit", "--only", "phone", "--phone", "android", "--no-state", "--lang", "nl", "--adb", sandbox.home + "/no-adb"])
        #expect(dutch.code == 2)
        #expect(dutch.errors != run.errors)
    }

    @Test func aPhoneThatStopsAnsweringEndsTheRunInsteadOfHanging() async throws {
        let adb = try FakeAdb("clean-pixel")
        try adb.hang("packages")
        try adb.hang("users")
        let sandbox = Self.sandbox(adb)
        let run = await sandbox.run(["audit", "--only", "phone", "--phone", "android", "--no-state", "--phone-timeout", "1"])
        #expect(run.code == 2)
        #expect(run.errors.contains("stopped answering") || run.errors.contains("did not answer"), "\(run.errors)")
    }

    @Test func anIPhoneIsRefusedWithWhereToGoInstead() async throws {
        let run = await Sandbox().run(["audit", "--phone", "iphone"])
        #expect(run.code == 64)
        #expect(run.errors.contains("only android"))
        let dutch = await Sandbox().run(["audit", "--phone", "iphone", "--lang", "nl"])
        #expect(dutch.code == 64)
        #expect(dutch.errors.contains("alleen android kan worden gelezen"), "\(dutch.errors)")
    }
}

extension PhoneAuditTests {
    @Test func forgetKeepsPhoneCapturesAndSaysWhere() async throws {
        let adb = try FakeAdb("clean-pixel")
        let sandbox = Self.sandbox(adb)
        _ = await sandbox.run(["audit", "--only", "phone", "--phone", "android"])
        let forget = await sandbox.run(["forget"])
        #expect(forget.code == 0)
        #expect(forget.output.contains("phone capture(s) in \(sandbox.home)/data/hygiene/phone were not deleted"), "\(forget.output)")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: sandbox.home + "/data/hygiene/phone")).isEmpty)
    }
}

extension PhoneAuditTests {
    /// The same app under a name no list knows, and with its file's hash unknown: sideloaded, hidden, with
    /// accessibility and device admin it is critical by its signals alone.
    @Test func anUnknownAppWithTheStalkerwareSignalsIsCritical() async throws {
        let adb = try FakeAdb("stalkerware")
        let scenario = FakeAdb.scenario("stalkerware")
        for file in try FileManager.default.contentsOfDirectory(atPath: scenario) where file.hasSuffix(".txt") && file != "devices.txt" {
            let text = try String(contentsOfFile: scenario + "/" + file, encoding: .utf8)
            try adb.replace(file, with: text.replacingOccurrences(of: "com.mxspy", with: "com.example.updater"))
        }
        let audit = try await Self.audit("stalkerware", adb: adb)
        #expect(audit.status(of: "phone.stalkerware") == "passed")
        let combined = audit.findings(of: "phone.combined")
        #expect(combined.count == 1)
        #expect(combined.first?["severity"] as? String == "critical")
        #expect(audit.subjects(of: "phone.combined").contains("com.example.updater"))
        #expect((combined.first?["detail"] as? String ?? "").contains("hidden from the app drawer"))
    }
}

extension PhoneAuditTests {
    /// One app file the phone could not hash is said, not passed over: the pass names how many were hashed.
    @Test func aFileThatCouldNotBeHashedIsCounted() async throws {
        let adb = try FakeAdb("clean-pixel")
        let apks = try String(contentsOfFile: FakeAdb.scenario("clean-pixel") + "/apks.txt", encoding: .utf8)
        // WhatsApp, one of the phone's own apps, vanished between the listing and the hashing.
        let lines = apks.split(separator: "\n").filter { !$0.contains("/com.whatsapp-") }
        #expect(lines.count < apks.split(separator: "\n").count)
        try adb.replace("apks.txt", with: lines.joined(separator: "\n") + "\n")
        let audit = try await Self.audit("clean-pixel", adb: adb)
        #expect(audit.status(of: "phone.stalkerware") == "passed")
        #expect(audit.reason(of: "phone.stalkerware").contains("app files by hash (1 could not be hashed)"), "\(audit.reason(of: "phone.stalkerware"))")
    }
}

extension PhoneAuditTests {
    /// With 'phone: android' in the configuration, an audit with no phone plugged in (a scheduled one) goes on
    /// without the phone and says why; asked for on the command line, it stops.
    @Test func aConfiguredPhoneThatIsNotConnectedLeavesThePhoneOut() async throws {
        let adb = try FakeAdb("clean-pixel", devices: "devices-none.txt")
        let sandbox = Self.sandbox(adb)
        try FileManager.default.createDirectory(atPath: sandbox.home + "/config/hygiene", withIntermediateDirectories: true)
        try "phone: android\n".write(toFile: sandbox.home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let tree = try wellKeptMachine()
        let run = await sandbox.run(["audit", "--root", tree.root, "--no-state", "--format", "json"])
        #expect(run.code == 0, "\(run.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let checks = (report["checks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(!checks.contains { $0.hasPrefix("phone.") })
        #expect((report["notes"] as? [String] ?? []).contains { $0.contains("the phone checks were left out: no phone is connected") })
        let asked = await sandbox.run(["audit", "--root", tree.root, "--no-state", "--phone", "android"])
        #expect(asked.code == 2)
    }
}

/// What a review found on real phones' shapes, each once a silent miss or a false alarm.
extension PhoneAuditTests {
    /// `pm list packages -3` that prints nothing but an error (older pm builds exit 0 so) hides no app.
    @Test func anEmptyThirdPartyListWithAnErrorHidesNothing() async throws {
        let adb = try FakeAdb("stalkerware")
        try adb.answer("packages-third-party", stdout: "", stderr: "Error: java.lang.IllegalStateException: no user\n", status: 0)
        let audit = try await Self.audit("stalkerware", adb: adb)
        #expect(audit.subjects(of: "phone.stalkerware").contains("com.mxspy"))
        #expect(audit.subjects(of: "phone.accessibility").contains("com.mxspy"))
    }

    /// `adb install -i com.android.vending` makes the installer say Play; the app that asked (the shell) tells the truth.
    @Test func aFakedPlayInstallerIsSeenThrough() async throws {
        let adb = try FakeAdb("stalkerware")
        let dump = try String(contentsOfFile: FakeAdb.scenario("stalkerware") + "/package-dump.txt", encoding: .utf8)
        let block = try #require(dump.range(of: "  Package [com.mxspy]"))
        var faked = dump
        let line = try #require(faked.range(of: "    initiatingPackageName=com.android.shell", range: block.lowerBound..<faked.endIndex))
        faked.replaceSubrange(line, with: "    installerPackageName=com.android.vending\n    initiatingPackageName=com.android.shell")
        try adb.answer("package-dump", stdout: faked)
        let audit = try await Self.audit("stalkerware", adb: adb)
        let subjects = audit.subjects(of: "phone.install-source")
        #expect(subjects.contains("com.mxspy"))
        #expect(subjects.contains("made to look as if installed by com.android.vending"))
    }

    /// Before Android 10 any location permission works in the background.
    @Test func onAndroidNineAnyLocationPermissionIsBackgroundLocation() async throws {
        let audit = try await Self.audit("old-android")
        #expect(audit.subjects(of: "phone.location").contains("com.avast.android.mobilesecurity"), "\(audit.reason(of: "phone.location"))")
    }

    /// An updated system app under /data (Google Play services) is not a third-party app, even when the
    /// third-party list did not come.
    @Test func updatedSystemAppsAreNotTakenForThirdPartyApps() async throws {
        let adb = try FakeAdb("samsung")
        try adb.answer("packages-third-party", stdout: "", stderr: "Failure calling service package\n", status: 0)
        let audit = try await Self.audit("samsung", adb: adb)
        for check in ["phone.device-admin", "phone.hidden-apps", "phone.install-source", "phone.combined"] {
            #expect(!audit.subjects(of: check).contains("com.google.android.gms"), "\(check)")
        }
    }
}

extension PhoneAuditTests {
    /// An app with no installer that arrived with the system's own apps is said to date from the phone's
    /// first day — preinstalled, or put on before the phone was handed over — and still listed.
    @Test func anAppFromThePhonesFirstDayIsSaidSoAndStillListed() async throws {
        let adb = try FakeAdb("old-android")
        let dump = try String(contentsOfFile: FakeAdb.scenario("old-android") + "/package-dump.txt", encoding: .utf8)
        try adb.answer("package-dump", stdout: dump.replacingOccurrences(of: "firstInstallTime=2023-02-11 16:55:20", with: "firstInstallTime=2009-01-01 01:00:00"))
        let audit = try await Self.audit("old-android", adb: adb)
        let subjects = audit.subjects(of: "phone.install-source")
        #expect(subjects.contains("com.example.flashlight"))
        #expect(subjects.contains("the phone's first day"))
        let plain = try await Self.audit("old-android")
        #expect(!plain.subjects(of: "phone.install-source").contains("first day"))
    }
}
