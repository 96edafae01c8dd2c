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
        // What was read is said as text (it once came out as GRDB's SQL description of the interpolation).
        let (_, report) = try await audit(["--account-export", Self.fixtures + "/google/clean", "--identity", Self.fixtures + "/identity.yaml",
                                           "--since", "2026-03-01"])
        let checks = report["checks"] as? [[String: Any]] ?? []
        let coverage = try #require(checks.first { $0["id"] as? String == "accounts.coverage" })
        let reason = coverage["reason"] as? String ?? coverage["evidence"] as? String ?? "\(coverage)"
        #expect(!reason.contains("SQL(") && !reason.contains("GRDB"), "\(reason)")
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

    /// The archive's contents never reach the state database, the log or any file the run leaves behind.
    @Test func plantedValuesStayOutOfTheStateAndTheLog() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["audit", "--only", "accounts", "--format", "json", "--verbose", "--account-export", Self.fixtures + "/facebook/planted",
                                     "--identity", Self.fixtures + "/identity.yaml", "--since", "2026-03-01"])
        #expect(run.code == 1, "\(run.errors)")
        #expect(run.output.contains("planted.meta@example.com"))
        let planted = ["planted.meta@example.com", "203.0.113.66", "Planted Tracker App", "Windows PC"]
        for value in planted { #expect(!run.errors.contains(value), "the log holds \(value)") }
        let files = try #require(FileManager.default.enumerator(atPath: sandbox.home)).compactMap { $0 as? String }
        #expect(files.contains { $0.hasSuffix(".sqlite") || $0.hasSuffix(".db") || $0.contains("state") }, "no state was written: \(files)")
        for file in files {
            guard let data = FileManager.default.contents(atPath: sandbox.home + "/" + file) else { continue }
            for value in planted { #expect(data.range(of: Data(value.utf8)) == nil, "\(file) holds \(value)") }
        }
    }
}
