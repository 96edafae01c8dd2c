import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene audit --account-export` end to end: the shipped checks and manifests, the synthetic exports
/// of Tests/AccountsTests/Fixtures, the JSON report and the exit status.
@Suite struct AccountsAuditTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AccountsTests/Fixtures").path

    func audit(_ arguments: [String]) async throws -> (CLIRun, [String: Any]) {
        let sandbox = Sandbox()
        let run = await sandbox.run(["audit", "--only", "accounts", "--format", "json", "--no-state"] + arguments)
        let report = try #require(try? JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "no JSON report: \(run.errors)")
        return (run, report)
    }

    @Test func aPlantedExportFailsTheAuditWithItsFindings() async throws {
        let (run, report) = try await audit(["--account-export", Self.fixtures + "/google/planted", "--identity", Self.fixtures + "/identity.yaml",
                                             "--since", "2026-03-01"])
        #expect(run.code == 1, "\(run.errors)")
        let findings = report["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["check"] as? String == "accounts.mail-access" && $0["severity"] as? String == "critical" })
        let notes = (report["notes"] as? [String] ?? []).joined(separator: "\n")
        #expect(notes.contains("hygiene evidence add"))
        #expect(notes.contains("location"))
        let sources = report["sources"] as? [[String: Any]] ?? []
        #expect(sources.contains { ($0["url"] as? String ?? $0["name"] as? String ?? "").hasPrefix("Google") }, "\(sources)")
    }

    @Test func aCleanExportPassesAtTheDefaultThreshold() async throws {
        let (run, _) = try await audit(["--account-export", Self.fixtures + "/apple/clean", "--identity", Self.fixtures + "/identity.yaml",
                                        "--since", "2026-03-01"])
        #expect(run.code == 0, "\(run.errors)")
    }

    @Test func anUnrelatedFolderStopsTheRunWithExitTwo() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["audit", "--only", "accounts", "--no-state", "--account-export", Self.fixtures + "/unrelated"])
        #expect(run.code == 2)
        #expect(run.errors.contains("not a data export"))
    }

    @Test func onlyAccountsWithoutAnExportIsAUsageError() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["audit", "--only", "accounts", "--no-state"])
        #expect(run.code == 64)
        #expect(run.errors.contains("--account-export"))
    }
}
