@testable import Access
import AuditCore
import Foundation
import Testing
import TestSupport

/// Runs one access kind on a fixture tree, as the auditor would, and returns the result.
func runAccess(_ kind: any CheckKind.Type, parameters: String, files: [String: String] = [:],
               commands: [String: CommandResult] = [:], privileged: Bool = false, inputs: AuditInputs = AuditInputs(),
               prepare: ((FixtureTree) throws -> Void)? = nil) async throws -> CheckResult {
    let tree = try FixtureTree(files: files)
    try prepare?(tree)
    let machine = tree.machine(commands: commands, privileged: privileged)
    let definition = try #require(try CheckLoader(kinds: [kind]).load([(path: "example.yaml", text: """
        version: 1
        checks:
        \(checkYAML(id: "access.example", kind: kind.description.identifier, params: parameters))
        """)]).first)
    let results = await Auditor(jobs: 1, timeout: .seconds(20)).run([definition], host: machine, inputs: inputs)
    return try #require(results.first)
}

/// Every example of every access kind, run against its fixture tree and stubbed commands.
@Suite struct AccessKindExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kind: any CheckKind.Type
        let example: KindExample
        var testDescription: String { "\(kind.description.identifier): \(example.name)" }
    }

    static let cases: [Case] = AccessKinds.all.flatMap { kind in kind.description.examples.map { Case(kind: kind, example: $0) } }

    @Test func everyKindHasPassingAndFailingExamples() {
        for kind in AccessKinds.all {
            let statuses = Set(kind.description.examples.map(\.expected))
            #expect(statuses.contains(.passed) || statuses.contains(.skipped), "\(kind.description.identifier) has no passing example")
            #expect(statuses.contains(.failed), "\(kind.description.identifier) has no failing example")
            #expect(kind.description.family == "access")
        }
    }

    @Test(arguments: cases)
    func example(_ test: Case) async throws {
        let result = try await runAccess(test.kind, parameters: test.example.parameters, files: test.example.files,
                                         commands: test.example.commands, privileged: test.example.privileged)
        #expect(result.status == test.example.expected, "reason: \(result.reason?.en ?? "none")")
        if let count = test.example.findings {
            #expect(result.findings.count == count, "\(result.findings.map(\.detail.en))")
        }
        // No planted secret reaches a finding, an evidence line or a reason.
        let shown = result.findings.map { "\($0.detail.en) \($0.detail.nl) \($0.subjects)" }.joined()
            + (result.reason?.en ?? "")
        #expect(!shown.contains("PLANTED-SECRET"))
    }
}
