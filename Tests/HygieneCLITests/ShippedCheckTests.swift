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
        #expect(Set(checks.map(\.source.file)) == Set(ShippedChecks.files.filter { CheckLoader.isCheckFile($0.path, text: $0.text) }.map(\.path)))
    }

    /// Data shipped with the checks keeps its licence notice and source description beside it, and
    /// the README names where it comes from.
    @Test func shippedDataCarriesItsNotice() throws {
        let paths = Set(ShippedChecks.files.map(\.path))
        let data = ShippedChecks.files.filter(Self.isData).map(\.path)
        #expect(!data.isEmpty)
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        for file in data {
            let folder = (file as NSString).deletingLastPathComponent
            #expect(paths.contains(folder + "/LICENSE.md"), "\(file) has no LICENSE.md beside it")
            let source = try #require(ShippedChecks.files.first { $0.path == folder + "/SOURCE.md" }, "\(file) has no SOURCE.md beside it")
            #expect(readme.contains(folder), "the README does not name \(folder)")
            #expect(source.text.contains("Licence"))
        }
        let folders = Set(data.map { ($0 as NSString).deletingLastPathComponent })
        #expect(ShippedChecks.notices.count == folders.count * 2)
    }

    /// Data shipped with the checks: JSON, and YAML marked `data:`.
    static func isData(_ file: (path: String, text: String)) -> Bool {
        !file.path.hasSuffix(".md") && !CheckLoader.isCheckFile(file.path, text: file.text)
    }

    /// The data the shipped checks name reads in full (an audit reads it only when the check runs).
    @Test func everyShippedCheckReadsItsData() throws {
        for check in try Self.load() { try check.implementation.validateData() }
    }

    /// Every data file is named by a check, so none is shipped for nothing; the Dutch help is read by the
    /// commands themselves (DutchHelpTests checks that it covers every command).
    @Test func everyShippedDataFileIsUsed() throws {
        let definitions = ShippedChecks.files.filter { CheckLoader.isCheckFile($0.path, text: $0.text) }
        for file in ShippedChecks.files where Self.isData(file) && file.path != DutchHelp.path {
            let name = (file.path as NSString).lastPathComponent
            #expect(definitions.contains { $0.text.contains(name) }, "\(file.path) is named by no check")
        }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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
        "vault.duplicates", "vault.home-network", "vault.two-factor", "reset.plan",
    ])
    func checkExists(id: String) throws {
        let check = try #require(try Self.load().first { $0.id == id })
        #expect(Catalog.familyIDs.contains(check.family))
        #expect(!check.fix.en.isEmpty && check.fix.en.count == check.fix.nl.count)
        #expect(check.title.en != check.title.nl, "\(id) has no Dutch title of its own")
    }

    @Test func checksThatCanAlertAnAbuserSayCarefully() throws {
        let checks = try Self.load()
        for id in ["device.remote-access", "device.ssh.authorized-keys", "device.autostart", "device.screen-lock",
                   "vault.reused", "vault.similar", "vault.stale", "vault.home-network", "vault.two-factor", "reset.plan"] {
            #expect(checks.first { $0.id == id }?.caution != nil, "\(id) needs a caution")
        }
    }
}
