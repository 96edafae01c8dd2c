import AuditCore
import Foundation
@testable import HygieneCLI
import ShippedChecks
import Testing
import TestSupport

/// The files in Checks/ load and validate, and define the ids other issues and tests rely on.
@Suite struct ShippedCheckTests {
    static func load() throws -> [Check] { try CheckLoader(kinds: Catalog.kinds).load(ShippedChecks.files) }

    @Test func everyKindIsUsedByAShippedCheckOrDocumented() throws {
        let used = Set(try Self.load().map(\.kindIdentifier))
        for kind in Catalog.kinds where !used.contains(kind.description.identifier) {
            #expect(kind.description.identifier == "command-output", "\(kind.description.identifier) is used by no check")
        }
    }

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
        "vault.reused", "vault.similar", "vault.stale", "vault.insecure-url", "vault.breached", "vault.weak",
    ])
    func checkExists(id: String) throws {
        let check = try #require(try Self.load().first { $0.id == id })
        #expect(Catalog.families.contains(check.family))
        #expect(!check.fix.en.isEmpty && check.fix.en.count == check.fix.nl.count)
        #expect(check.title.en != check.title.nl, "\(id) has no Dutch title of its own")
    }

    @Test func checksThatCanAlertAnAbuserSayCarefully() throws {
        let checks = try Self.load()
        for id in ["device.remote-access", "device.ssh.authorized-keys", "device.autostart", "device.screen-lock",
                   "vault.reused", "vault.similar", "vault.stale"] {
            #expect(checks.first { $0.id == id }?.caution != nil, "\(id) needs a caution")
        }
    }
}
