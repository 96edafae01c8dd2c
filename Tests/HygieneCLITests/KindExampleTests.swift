import AuditCore
import Foundation
@testable import HygieneCLI
import ShippedChecks
import Testing
import TestSupport

/// Every example of every kind of every family, run as an audit runs it: its fixture tree and stubbed
/// commands for a machine, what the family is given read by the family's own `prepare`, then the check.
@Suite struct KindExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let family: String
        let kind: any CheckKind.Type
        let example: KindExample
        var testDescription: String { "\(kind.description.identifier): \(example.name)" }
    }

    static let cases: [Case] = Catalog.families.flatMap { family in
        family.kinds.flatMap { kind in kind.description.examples.map { Case(family: family.id, kind: kind, example: $0) } }
    }

    @Test func everyKindHasPassingAndFailingExamples() {
        for kind in Catalog.kinds {
            let statuses = Set(kind.description.examples.map(\.expected))
            #expect(statuses.contains(.passed) || statuses.contains(.skipped), "\(kind.description.identifier) has no passing example")
            #expect(statuses.contains(.failed), "\(kind.description.identifier) has no failing example")
        }
    }

    @Test(arguments: cases)
    func example(_ test: Case) async throws {
        let tree = try FixtureTree(files: test.example.files, ages: test.example.ages)
        let machine = tree.machine(commands: test.example.commands, privileged: test.example.privileged)
        // Beside the family's shipped checks, so the data files its parameters name are found.
        let path = "Checks/\(test.family)/kind-example.yaml"
        let files = ShippedChecks.files.filter { $0.path.hasPrefix("Checks/\(test.family)/") } + [(path: path, text: """
            version: 1
            checks:
            \(checkYAML(id: "\(test.family).kind-example", kind: test.kind.description.identifier, params: test.example.parameters))
            """)]
        let checks = try CheckLoader(kinds: Catalog.kinds).load(files)
        let definition = try #require(checks.first { $0.id == "\(test.family).kind-example" })
        var given = AuditInputs()
        for (name, values) in test.example.given { given[name] = values.map { $0.hasPrefix("~/") ? tree.real($0) : $0 } }
        let context = FamilyContext(configuration: Configuration(), checks: checks, host: machine, fetcher: StaticPages(test.example.pages),
                                    secrets: NoSecretInput(), dataDirectory: tree.real("/data"))
        var inputs = AuditInputs()
        if let identity = given[Identity.inputName].first { inputs[.identity] = try Identity.load(path: identity) }
        // Every family reads what the example gives it, in the audit's order (the reset plan needs the vault's accounts).
        for family in Catalog.families { inputs.merge(try await family.prepare(given, context: context).inputs) }
        let results = await Auditor(jobs: 1, timeout: .seconds(20)).run([definition], host: machine, inputs: inputs)
        let result = try #require(results.first)
        #expect(result.status == test.example.expected, "reason: \(result.reason?.en ?? "none")")
        if let count = test.example.findings {
            #expect(result.findings.count == count)
        }
    }
}
