import AuditCore
import Foundation

/// The Android kinds' examples: a saved capture as fixture files under `~/capture` holding only the probes a
/// kind reads (in adb's own output shapes), given to the family as `--phone-capture ~/capture`.
enum AndroidExample {
    static let given = ["phone-capture": ["~/capture"]]
    static let indicators = """
        ioc: stalkerware-indicators/ioc.yaml
        watchware: stalkerware-indicators/watchware.yaml
        samples: stalkerware-indicators/samples.csv
        app-flags: isdi-app-flags/app-flags.csv
        installers: installers.yaml
        """

    /// A capture of 2026-12-01 whose probes answered with `outputs` (probe id → standard output).
    static func capture(_ outputs: [String: String]) -> [String: String] {
        let created = Date(timeIntervalSince1970: 1_796_117_200)
        var files: [String: String] = [:]
        var records: [ProbeRecord] = []
        for probe in Probe.standard where outputs[probe.id] != nil {
            records.append(ProbeRecord(id: probe.id, commandLine: ["adb", "-s", "EXAMPLE1", "shell"] + probe.command, outcome: .completed,
                                       status: 0, stdoutFile: probe.id + ".stdout", stderrFile: probe.id + ".stderr", started: created, seconds: 0.1))
            files["~/capture/\(probe.id).stdout"] = outputs[probe.id]
            files["~/capture/\(probe.id).stderr"] = ""
        }
        let manifest = CaptureManifest(created: created, adb: "adb", device: AndroidDevice(serial: "EXAMPLE1", state: "device"), probes: records)
        files["~/capture/" + PhoneCapture.manifestName] = (try? CaptureFiles.encoder.encode(manifest)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return files
    }

    static func example(_ name: String, _ parameters: String, _ outputs: [String: String], expect: CheckStatus, findings: Int? = nil) -> KindExample {
        KindExample(name, parameters: parameters, files: capture(outputs), given: given, expect: expect, findings: findings)
    }

    static func example(_ name: String, _ outputs: [String: String], expect: CheckStatus, findings: Int? = nil) -> KindExample {
        example(name, "{}", outputs, expect: expect, findings: findings)
    }

    /// `pm list packages -f -i -U` lines: (path, package, installer).
    static func packages(_ rows: [(String, String, String)]) -> String {
        rows.map { "package:\($0.0)=\($0.1)  installer=\($0.2) uid:10\(abs($0.1.hashValue % 900) + 100)" }.joined(separator: "\n") + "\n"
    }
    static let settingsApp = ("/system_ext/priv-app/SettingsGoogle/SettingsGoogle.apk", "com.android.settings", "null")
    static let whatsapp = ("/data/app/~~a==/com.whatsapp-b==/base.apk", "com.whatsapp", "com.android.vending")
    static func launcher(_ components: [String]) -> String {
        "\(components.count) activities found:\n" + components.enumerated().map {
            "  Activity #\($0.offset):\n    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false\n      \($0.element)"
        }.joined(separator: "\n") + "\n"
    }
    static let sideloaded = ("/data/app/~~c==/com.example.sync-d==/base.apk", "com.example.sync", "null")
    static func apps(_ extra: [(String, String, String)], launcher icons: [String], accessibility: String = "null") -> [String: String] {
        let all = [settingsApp, whatsapp] + extra
        return ["packages": packages(all), "packages-third-party": all.filter { $0.0.hasPrefix("/data/") }.map { "package:\($0.1)" }.joined(separator: "\n") + "\n",
                "launcher-activities": launcher(["com.android.settings/.Settings", "com.whatsapp/.Main"] + icons),
                "accessibility-setting": accessibility + "\n"]
    }

    /// A `dumpsys package` with a block per package: install time and installer.
    static func dump(_ rows: [(String, String, String)]) -> String {
        "Packages:\n" + rows.map { path, name, installer in
            """
              Package [\(name)] (5b4e869):
                codePath=\(path)
                flags=[ \(path.hasPrefix("/system") ? "SYSTEM " : "")HAS_CODE ]
                timeStamp=2026-11-20 04:10:51
                lastUpdateTime=2026-11-20 04:10:51
                installerPackageName=\(installer)

            """
        }.joined()
    }

    static let key = String(repeating: "QUFBQUJCQkJDQ0NDRERERA", count: 12)

    static let users = [
        example("a work profile", ["users": "Users:\n\tUserInfo{0:Owner:c13} running\n\tUserInfo{10:Work profile:1030} running\n"], expect: .failed, findings: 1),
        example("only the owner", ["users": "Users:\n\tUserInfo{0:Owner:c13} running\n"], expect: .passed),
    ]
    static let debugging = [
        example("another computer is trusted", "guide: guide.yaml",
                ["adb-keys": "ADB MANAGER STATE (dumpsys adb):\n  user_keys=\(key) someone@laptop\n", "adb-wifi": "0\n"], expect: .failed, findings: 1),
        example("no computer trusted, wireless debugging off", "guide: guide.yaml",
                ["adb-keys": "ADB MANAGER STATE (dumpsys adb):\n  user_keys=\n", "adb-wifi": "0\n"], expect: .passed),
    ]
    static let accounts = [
        example("an account", ["accounts": "User UserInfo{0:Owner:4c13}:\n  Accounts: 1\n    Account {name=sam@example.org, type=com.google}\n"], expect: .failed, findings: 1),
        example("no account", ["accounts": "User UserInfo{0:Owner:4c13}:\n  Accounts: 0\n"], expect: .passed),
    ]
    static let patchLevel = [
        example("a patch of almost two years ago", ["properties": "[ro.build.version.security_patch]: [2025-01-05]\n[ro.build.version.release]: [14]\n"], expect: .failed, findings: 1),
        example("a recent patch", ["properties": "[ro.build.version.security_patch]: [2026-11-05]\n[ro.build.version.release]: [15]\n"], expect: .passed),
    ]
    static let appScanning = [
        example("Play Protect switched off", ["package-verifier-enable": "0\n", "package-verifier": "null\n"], expect: .failed, findings: 1),
        example("Play Protect on", ["package-verifier-enable": "1\n", "package-verifier": "1\n"], expect: .passed),
    ]
    static let integrity = [
        example("an unlocked bootloader", ["properties": "[ro.boot.verifiedbootstate]: [orange]\n[ro.debuggable]: [0]\n"], expect: .failed, findings: 1),
        example("verified boot", ["properties": "[ro.boot.verifiedbootstate]: [green]\n[ro.debuggable]: [0]\n"], expect: .passed),
    ]
    static let traffic = [
        example("a global proxy", ["http-proxy": "10.0.0.5:8080\n", "always-on-vpn": "null\n"], expect: .failed, findings: 1),
        example("neither proxy nor always-on VPN", ["http-proxy": "null\n", "always-on-vpn": "null\n"], expect: .passed),
    ]
    static let stalkerware = [
        example("TheTruthSpy's package", indicators + "\nas-of: test", apps([("/data/app/~~e==/com.mxspy-f==/base.apk", "com.mxspy", "null")], launcher: []),
                expect: .failed, findings: 1),
        example("store apps only", indicators + "\nas-of: test", apps([], launcher: []), expect: .passed),
    ]
    static let dualUse = [
        example("a family locator", indicators, apps([("/data/app/~~g==/com.life360.android.safetymapd-h==/base.apk", "com.life360.android.safetymapd", "com.android.vending")],
                                                     launcher: ["com.life360.android.safetymapd/.Main"]), expect: .failed, findings: 1),
        example("nothing listed", indicators, apps([], launcher: []), expect: .passed),
    ]
    static let appAccess = [
        example("a sideloaded app reads the screen", "access: [accessibility]\ninstallers: installers.yaml",
                apps([sideloaded], launcher: [], accessibility: "com.example.sync/com.example.sync.Reader"), expect: .failed, findings: 1),
        example("no accessibility service", "access: [accessibility]\ninstallers: installers.yaml", apps([], launcher: []), expect: .passed),
    ]
    static let installSource = [
        example("put on from a computer", "installers: installers.yaml",
                apps([sideloaded], launcher: ["com.example.sync/.Main"]).merging(["package-dump": dump([settingsApp, whatsapp, sideloaded])]) { $1 },
                expect: .failed, findings: 1),
        example("all from Google Play", "installers: installers.yaml",
                apps([], launcher: []).merging(["package-dump": dump([settingsApp, whatsapp])]) { $1 }, expect: .passed),
    ]
    static let hidden = [
        example("an app without an icon", "installers: installers.yaml", apps([sideloaded], launcher: []), expect: .failed, findings: 1),
        example("every app has its icon", "installers: installers.yaml", apps([], launcher: []), expect: .passed),
    ]
    static let combined = [
        example("sideloaded, hidden, reading the screen", "rules:\n  - all: [outside-store, hidden, accessibility]\n    severity: critical\n" + indicators,
                apps([sideloaded], launcher: [], accessibility: "com.example.sync/com.example.sync.Reader"), expect: .failed, findings: 1),
        example("store apps only", "rules:\n  - all: [outside-store, hidden]\n    severity: high\n" + indicators, apps([], launcher: []), expect: .passed),
    ]
}
