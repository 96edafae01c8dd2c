import AuditCore
import Foundation

/// The phone kinds' examples: saved captures, read by the phone family's own `prepare` as
/// `--phone-capture DIR` reads them. Each holds only the probes its kind reads; a probe left out was not run.
enum PhoneKindExamples {
    static let folder = "~/capture"
    static let given = ["phone-capture": [folder]]
    static let serial = "EX4MPLE01"

    /// A capture folder as the phone family saves one: the manifest and what each probe printed, by probe id.
    /// The probes in `failing` ended with exit status 1 and printed their text on standard error.
    static func capture(_ outputs: [String: String], failing: Set<String> = [], created: String = "2026-11-01T10:00:00Z") -> [String: String] {
        let started = ISO8601DateFormatter().date(from: created) ?? Date(timeIntervalSince1970: 0)
        var files: [String: String] = [:]
        let probes = outputs.keys.sorted().map { id -> ProbeRecord in
            let failed = failing.contains(id)
            files["\(folder)/\(id).txt"] = failed ? "" : outputs[id]
            files["\(folder)/\(id).err"] = failed ? outputs[id] : ""
            return ProbeRecord(id: id, commandLine: ["adb", "-s", serial, "shell"] + (Probe.named(id)?.command ?? [id]),
                               outcome: .completed, status: failed ? 1 : 0, stdoutFile: "\(id).txt", stderrFile: "\(id).err",
                               started: started, seconds: 0.2)
        }
        let manifest = CaptureManifest(created: started, adb: "adb", device: AndroidDevice(serial: serial, state: "device", details: ["model": "Pixel_8"]),
                                       probes: probes)
        // Encoding a manifest built here cannot fail; an empty one would make the example fail loudly.
        files["\(folder)/\(PhoneCapture.manifestName)"] = (try? CaptureFiles.encoder.encode(manifest)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return files
    }

    /// `pm list packages -f -i -U` lines: a system app, apps from Google Play, and any others given.
    static func packages(_ extra: String...) -> String {
        ([
            "package:/system_ext/priv-app/SettingsGoogle/SettingsGoogle.apk=com.android.settings  installer=null uid:1000",
            "package:/data/app/~~Pp==/com.whatsapp-DM==/base.apk=com.whatsapp  installer=com.android.vending uid:10245",
        ] + extra).joined(separator: "\n") + "\n"
    }

    /// A Play app and the system's settings, each with an icon; the accessibility and notification settings empty.
    static let cleanApps: [String: String] = [
        "packages": packages(),
        "packages-third-party": "package:com.whatsapp\n",
        "launcher-activities": "2 activities found:\n  com.android.settings/.Settings\n  com.whatsapp/com.whatsapp.Main\n",
        "accessibility-setting": "null\n",
        "notification-listeners": "null\n",
    ]

    /// `com.mxspy` (on Echap's stalkerware list) put on over adb, without an icon, reading the screen.
    static let spyApps: [String: String] = [
        "packages": packages("package:/data/app/~~cp==/com.mxspy-qO==/base.apk=com.mxspy  installer=null uid:10311"),
        "packages-third-party": "package:com.whatsapp\npackage:com.mxspy\n",
        "launcher-activities": "2 activities found:\n  com.android.settings/.Settings\n  com.whatsapp/com.whatsapp.Main\n",
        "accessibility-setting": "com.mxspy/com.mxspy.service.KeyLogService\n",
        "notification-listeners": "null\n",
    ]

    /// The same spyware app under a name no list knows.
    static var renamedSpyApps: [String: String] {
        spyApps.mapValues { $0.replacingOccurrences(of: "com.mxspy", with: "nl.example.systemservice") }
    }

    static let indicators = """
        ioc: stalkerware-indicators/ioc.yaml
        watchware: stalkerware-indicators/watchware.yaml
        samples: stalkerware-indicators/samples.csv
        app-flags: isdi-app-flags/app-flags.csv
        installers: installers.yaml
        """

    /// A computer's public key as `dumpsys adb` prints it (base64 of at least 200 characters, then the comment).
    static let adbKey = String(repeating: "QAAAAPMm52dVGOK7OZvDUHsV", count: 12) + "= kim@werkplek"

    static let properties = """
        [ro.boot.flash.locked]: [1]
        [ro.boot.verifiedbootstate]: [green]
        [ro.build.version.release]: [14]
        [ro.build.version.sdk]: [34]
        [ro.build.version.security_patch]: [2026-10-05]
        [ro.debuggable]: [0]
        [ro.product.manufacturer]: [Google]
        [ro.product.model]: [Pixel 8]

        """
}

extension PhoneUsersKind {
    static let examples: [KindExample] = [
        KindExample("only the owner", parameters: "{}",
                    files: PhoneKindExamples.capture(["users": "Users:\n\tUserInfo{0:Owner:c13} running\n"]),
                    given: PhoneKindExamples.given, expect: .passed),
        KindExample("a work profile beside the owner", parameters: "{}",
                    files: PhoneKindExamples.capture(["users": "Users:\n\tUserInfo{0:Owner:c13} running\n\tUserInfo{10:Work profile:1030} running\n"]),
                    given: PhoneKindExamples.given, expect: .failed, findings: 1),
        KindExample("no phone given", parameters: "{}", expect: .skipped),
    ]
}

extension DebuggingKind {
    static let examples: [KindExample] = [
        KindExample("no trusted computer, nothing on the network", parameters: "guide: guide.yaml",
                    files: PhoneKindExamples.capture(["adb-keys": "ADB MANAGER STATE (dumpsys adb):\n{\n  debugging_manager={\n    connected_to_adb=true\n  }\n}\n",
                                                      "adb-wifi": "0\n", "properties": PhoneKindExamples.properties]),
                    given: PhoneKindExamples.given, expect: .passed),
        KindExample("a trusted computer, and wireless debugging on", parameters: "guide: guide.yaml",
                    files: PhoneKindExamples.capture(["adb-keys": "ADB MANAGER STATE (dumpsys adb):\n{\n  debugging_manager={\n    user_keys=\(PhoneKindExamples.adbKey)\n  }\n}\n",
                                                      "adb-wifi": "1\n", "properties": PhoneKindExamples.properties]),
                    given: PhoneKindExamples.given, expect: .failed, findings: 2),
        KindExample("the trusted computers could not be read", parameters: "guide: guide.yaml",
                    files: PhoneKindExamples.capture(["adb-keys": "Can't find service: adb\n", "adb-wifi": "0\n"], failing: ["adb-keys"]),
                    given: PhoneKindExamples.given, expect: .error),
    ]
}

extension PhoneAccountsKind {
    static let examples: [KindExample] = [
        KindExample("no account signed in", parameters: "{}",
                    files: PhoneKindExamples.capture(["accounts": "User UserInfo{0:Owner:c13}:\n  Accounts: 0\n\n  Active Sessions: 0\n"]),
                    given: PhoneKindExamples.given, expect: .passed),
        KindExample("two accounts to confirm", parameters: "{}",
                    files: PhoneKindExamples.capture(["accounts": """
                        User UserInfo{0:Owner:c13}:
                          Accounts: 2
                            Account {name=sanne.devries@gmail.com, type=com.google}
                            Account {name=gezin.devries@gmail.com, type=com.google}

                          Active Sessions: 0

                        """]),
                    given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension PatchLevelKind {
    static let examples: [KindExample] = [
        // Judged against the day of the capture (2026-11-01), not the day the example runs.
        KindExample("patched last month", parameters: "max-age-days: 90",
                    files: PhoneKindExamples.capture(["properties": PhoneKindExamples.properties]),
                    given: PhoneKindExamples.given, expect: .passed),
        KindExample("patched nearly two years before the capture", parameters: "max-age-days: 90",
                    files: PhoneKindExamples.capture(["properties": PhoneKindExamples.properties.replacingOccurrences(of: "2026-10-05", with: "2025-01-05")]),
                    given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension AppScanningKind {
    static let examples: [KindExample] = [
        KindExample("Play Protect on", parameters: "{}",
                    files: PhoneKindExamples.capture(["package-verifier-enable": "1\n", "package-verifier": "null\n"]),
                    given: PhoneKindExamples.given, expect: .passed),
        KindExample("Play Protect switched off", parameters: "{}",
                    files: PhoneKindExamples.capture(["package-verifier-enable": "0\n", "package-verifier": "null\n"]),
                    given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension IntegrityKind {
    static let examples: [KindExample] = [
        KindExample("locked bootloader, verified boot green", parameters: "{}",
                    files: PhoneKindExamples.capture(["properties": PhoneKindExamples.properties]),
                    given: PhoneKindExamples.given, expect: .passed),
        KindExample("an unlocked bootloader and Magisk's traces", parameters: "{}",
                    files: PhoneKindExamples.capture(["properties": PhoneKindExamples.properties
                        .replacingOccurrences(of: "[ro.boot.flash.locked]: [1]", with: "[ro.boot.flash.locked]: [0]\n[init.svc.magisk_daemon]: [running]")
                        .replacingOccurrences(of: "[green]", with: "[orange]")]),
                    given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension TrafficRedirectKind {
    static let examples: [KindExample] = [
        KindExample("no proxy and no always-on VPN", parameters: "{}",
                    files: PhoneKindExamples.capture(["http-proxy": "null\n", "always-on-vpn": "null\n"]),
                    given: PhoneKindExamples.given, expect: .passed),
        KindExample("a proxy for the whole phone and a VPN app", parameters: "{}",
                    files: PhoneKindExamples.capture(["http-proxy": "192.168.1.20:8080\n", "always-on-vpn": "nl.example.vpn\n"]),
                    given: PhoneKindExamples.given, expect: .failed, findings: 2),
    ]
}

extension AppAccessKind {
    static let exampleParameters = "access: [accessibility]\ninstallers: installers.yaml"
    static let examples: [KindExample] = [
        KindExample("no app reads the screen", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.cleanApps), given: PhoneKindExamples.given, expect: .passed),
        KindExample("an app with an accessibility service", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.spyApps), given: PhoneKindExamples.given, expect: .failed, findings: 1),
        // A setting that could not be read is never taken for a clean phone.
        KindExample("the accessibility settings could not be read", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.cleanApps.filter { $0.key != "accessibility-setting" }),
                    given: PhoneKindExamples.given, expect: .error),
    ]
}

extension InstallSourceKind {
    static let exampleParameters = "installers: installers.yaml"
    static func dump(_ installer: String) -> String {
        """
        Packages:
          Package [com.android.settings] (febbc86):
            flags=[ SYSTEM HAS_CODE ]
          Package [com.whatsapp] (a1b2c3d):
            installerPackageName=com.android.vending
            flags=[ HAS_CODE ]
            User 0: installed=true
              firstInstallTime=2026-05-01 10:00:00
          Package [nl.example.tracker] (d4e5f6a):
            installerPackageName=\(installer)
            flags=[ HAS_CODE ]
            User 0: installed=true
              firstInstallTime=2026-10-12 23:41:07

        """
    }
    static func apps(_ installer: String) -> [String: String] {
        [
            "packages": PhoneKindExamples.packages("package:/data/app/~~kX==/nl.example.tracker-BE==/base.apk=nl.example.tracker  installer=\(installer) uid:10262"),
            "packages-third-party": "package:com.whatsapp\npackage:nl.example.tracker\n",
            "package-dump": dump(installer),
        ]
    }
    static let examples: [KindExample] = [
        KindExample("every app from Google Play", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(apps("com.android.vending")), given: PhoneKindExamples.given, expect: .passed),
        KindExample("an app opened from a downloaded file", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(apps("com.google.android.packageinstaller")), given: PhoneKindExamples.given,
                    expect: .failed, findings: 1),
        KindExample("an app from F-Droid is said for information", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(apps("org.fdroid.fdroid")), given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension HiddenAppsKind {
    static let exampleParameters = "installers: installers.yaml"
    static let examples: [KindExample] = [
        KindExample("every app has an icon", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.cleanApps), given: PhoneKindExamples.given, expect: .passed),
        KindExample("an app without an icon", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.spyApps), given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension CombinedSignalsKind {
    static let exampleParameters = """
        rules:
          - {all: [outside-store, hidden, accessibility], severity: critical}
          - {all: [outside-store, hidden, notification-listener], severity: high}
        \(PhoneKindExamples.indicators)
        """
    static let examples: [KindExample] = [
        KindExample("apps from Google Play with their icons", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.cleanApps), given: PhoneKindExamples.given, expect: .passed),
        // Known stalkerware is the known-stalkerware check's finding, not this one's.
        KindExample("a listed stalkerware app is left to its own check", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.spyApps), given: PhoneKindExamples.given, expect: .passed),
        KindExample("an unlisted app put on over adb, hidden, reading the screen", parameters: exampleParameters,
                    files: PhoneKindExamples.capture(PhoneKindExamples.renamedSpyApps), given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension KnownStalkerwareKind {
    static let examples: [KindExample] = [
        KindExample("no app on the lists", parameters: PhoneKindExamples.indicators,
                    files: PhoneKindExamples.capture(PhoneKindExamples.cleanApps), given: PhoneKindExamples.given, expect: .passed),
        KindExample("a package Echap lists as stalkerware", parameters: PhoneKindExamples.indicators,
                    files: PhoneKindExamples.capture(PhoneKindExamples.spyApps), given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}

extension DualUseAppsKind {
    static let examples: [KindExample] = [
        KindExample("no tracking app", parameters: PhoneKindExamples.indicators,
                    files: PhoneKindExamples.capture(PhoneKindExamples.cleanApps), given: PhoneKindExamples.given, expect: .passed),
        KindExample("a family locator", parameters: PhoneKindExamples.indicators,
                    files: PhoneKindExamples.capture(PhoneKindExamples.cleanApps.merging([
                        "packages": PhoneKindExamples.packages("package:/data/app/~~Lf==/com.life360.android.safetymapd-Q==/base.apk=com.life360.android.safetymapd  installer=com.android.vending uid:10270"),
                        "packages-third-party": "package:com.whatsapp\npackage:com.life360.android.safetymapd\n",
                    ]) { $1 }), given: PhoneKindExamples.given, expect: .failed, findings: 1),
    ]
}
