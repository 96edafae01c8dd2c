import AuditCore
import Device
import Foundation
import ShippedChecks
import Testing
import TestSupport

/// The files in Checks/ load and validate, and define the ids other issues and tests rely on.
@Suite struct ShippedCheckTests {
    static func load() throws -> [Check] { try CheckLoader(kinds: DeviceKinds.all).load(ShippedChecks.files) }

    @Test func everyShippedFileLoads() throws {
        #expect(!ShippedChecks.files.isEmpty)
        let checks = try Self.load()
        #expect(Set(checks.map(\.source.file)) == Set(ShippedChecks.files.map(\.path)))
    }

    @Test func theEmbeddedFilesAreTheFilesInTheRepository() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for file in ShippedChecks.files {
            let onDisk = try String(contentsOf: repository.appendingPathComponent(file.path), encoding: .utf8)
            #expect(onDisk == file.text || onDisk == file.text + "\n", "\(file.path) is stale in the build")
        }
    }

    @Test(arguments: [
        "device.updates.automatic", "device.updates.pending", "device.updates.stale-index", "device.updates.reboot-required",
        "device.antivirus.installed", "device.antivirus.signatures", "device.firewall", "device.disk-encryption",
        "device.screen-lock", "device.ssh.authorized-keys", "device.remote-access", "device.autostart",
    ])
    func checkExists(id: String) throws {
        let check = try #require(try Self.load().first { $0.id == id })
        #expect(check.family == "device")
        #expect(!check.fix.en.isEmpty && check.fix.en.count == check.fix.nl.count)
        #expect(check.title.en != check.title.nl, "\(id) has no Dutch title of its own")
    }

    @Test func checksThatCanAlertAnAbuserSayCarefully() throws {
        let checks = try Self.load()
        for id in ["device.remote-access", "device.ssh.authorized-keys", "device.autostart", "device.screen-lock"] {
            #expect(checks.first { $0.id == id }?.caution != nil, "\(id) needs a caution")
        }
    }
}
