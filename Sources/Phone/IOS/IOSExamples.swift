import AuditCore
import Foundation

/// The iPhone kinds' examples: a saved capture as fixture files under `~/capture`, given to the family as
/// `--phone-capture ~/capture`, so each example runs through the family's own reading of a capture.
enum IOSExample {
    static let udid = "00008101-000A1B2C3D4E001E"
    static let given = ["phone-capture": ["~/capture"]]

    static func xml(_ value: Any) -> String {
        (try? PropertyListSerialization.data(fromPropertyList: value, format: .xml, options: 0)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func app(_ id: String, _ name: String, type: String = "User", signer: String? = IOSApp.appStoreSigner, buyer: Int? = 11111111111,
                    validated: Bool = false, extra: [String: Any] = [:]) -> [String: Any] {
        var entry: [String: Any] = ["CFBundleIdentifier": id, "CFBundleDisplayName": name, "ApplicationType": type]
        if let signer, type == "User" { entry["SignerIdentity"] = signer }
        if let buyer, type == "User", signer == IOSApp.appStoreSigner { entry["ApplicationDSID"] = buyer }
        if validated { entry["ProfileValidated"] = true }
        entry.merge(extra) { _, new in new }
        return entry
    }

    static var storeApps: [[String: Any]] { [app("net.whatsapp.WhatsApp", "WhatsApp"), app("com.apple.Preferences", "Settings", type: "System")] }

    /// Every probe of a capture answered: the main domain with `info`, other domains by probe id (empty when
    /// not given: the keys are absent), the apps, and provisioning profiles by file name.
    static func capture(info: [String: Any] = [:], domains: [String: [String: Any]] = [:], apps: [[String: Any]] = storeApps,
                        profiles: [String: [String: Any]] = [:]) -> [String: String] {
        var files: [String: String] = [:]
        var records: [ProbeRecord] = []
        let created = Date(timeIntervalSince1970: 1_796_000_000)
        var main: [String: Any] = ["ProductVersion": "26.3.1", "ProductType": "iPhone14,5", "PasswordProtected": true]
        main.merge(info) { _, new in new }
        var outputs: [(String, String)] = [("identity", ""), ("pair", "SUCCESS: Paired with device \(udid)\n"), ("info", xml(main))]
        for probe in IOSCapture.standard where probe.id.hasPrefix("info") && probe.id != "info" {
            outputs.append((probe.id, domains[probe.id].map(xml) ?? ""))
        }
        outputs.append(("apps", xml(apps)))
        outputs.append(("provision", "Device has \(profiles.count) provisioning profiles installed:\n"))
        for (id, stdout) in outputs {
            records.append(ProbeRecord(id: id, commandLine: [id], outcome: .completed, status: 0, stdoutFile: id + ".stdout",
                                       stderrFile: id + ".stderr", started: created, seconds: 0.1))
            files["~/capture/\(id).stdout"] = stdout
            files["~/capture/\(id).stderr"] = ""
        }
        for (name, body) in profiles {
            files["~/capture/\(IOSCapture.provisionFolder)/\(name).mobileprovision"] = "0\u{1}signed\u{1}" + xml(body) + "\u{1}signature"
        }
        let manifest = CaptureManifest(platform: .ios, created: created, adb: "libimobiledevice",
                                       device: AndroidDevice(serial: udid, state: "paired"), probes: records)
        files["~/capture/" + PhoneCapture.manifestName] = (try? CaptureFiles.encoder.encode(manifest)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return files
    }

    static func example(_ name: String, _ parameters: String, _ files: [String: String], expect: CheckStatus, findings: Int? = nil) -> KindExample {
        KindExample(name, parameters: parameters, files: files, given: given, expect: expect, findings: findings)
    }
}
