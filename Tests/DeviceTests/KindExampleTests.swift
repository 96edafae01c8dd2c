import AuditCore
@testable import Device
import Foundation
import Testing
import TestSupport

/// Every example of every device kind, run against its fixture tree and stubbed commands.
@Suite struct KindExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kind: any CheckKind.Type
        let example: KindExample
        var testDescription: String { "\(kind.description.identifier): \(example.name)" }
    }

    static let cases: [Case] = DeviceKinds.all.flatMap { kind in kind.description.examples.map { Case(kind: kind, example: $0) } }

    @Test func everyKindHasPassingAndFailingExamples() {
        for kind in DeviceKinds.all {
            let statuses = Set(kind.description.examples.map(\.expected))
            #expect(statuses.contains(.passed) || statuses.contains(.skipped), "\(kind.description.identifier) has no passing example")
            #expect(statuses.contains(.failed), "\(kind.description.identifier) has no failing example")
        }
    }

    @Test(arguments: cases)
    func example(_ test: Case) async throws {
        let tree = try FixtureTree(files: test.example.files, ages: test.example.ages)
        let machine = tree.machine(commands: test.example.commands, privileged: test.example.privileged)
        let kind = try test.kind.init(parameters: Parameters(yaml: test.example.parameters))
        let definition = try #require(try CheckLoader(kinds: [test.kind]).load([(path: "example.yaml", text: """
            version: 1
            checks:
            \(checkYAML(id: "device.example", kind: test.kind.description.identifier, params: test.example.parameters))
            """)]).first)
        let results = await Auditor(jobs: 1, timeout: .seconds(10)).run([definition], host: machine, inputs: AuditInputs())
        let result = try #require(results.first)
        #expect(result.status == test.example.expected, "reason: \(result.reason?.en ?? "none")")
        if let count = test.example.findings {
            #expect(result.findings.count == count)
        }
        _ = kind
    }
}
