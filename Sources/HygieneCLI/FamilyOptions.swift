import ArgumentParser
import AuditCore
import Foundation

/// What a family's input preparation may use: the configuration, which families were asked for,
/// which checks are skipped, and the environment.
struct FamilyPreparation {
    var configuration: Configuration
    /// `--only` families; empty means all.
    var families: [String]
    var skip: Set<String>
    var environment: CLIEnvironment
    var showProgress: Bool
    /// The language of prompts and messages.
    var language: Language = .en
    /// The checks loaded for this audit, for the data a family reads its inputs with.
    var checks: [Check] = []

    /// Whether the family runs in this audit.
    func runs(_ family: String) -> Bool { families.isEmpty || families.contains(family) }
}

/// What a family's preparation adds to the report: reminders, and the sources it read.
struct PreparedInputs {
    var notes: [LocalizedText] = []
    var sources: [SourceStatus] = []
}

/// A family's command-line options (an `@OptionGroup` of `audit`) and the reading of its inputs
/// before the audit. `AuditCommand` does not know what a family needs.
protocol FamilyOptions: ParsableArguments {
    /// The inputs the flags give (`vault` for --vault), before they are read: checks that will run
    /// on them can warm up meanwhile.
    var requestedInputs: [String] { get }
    /// Reads the family's inputs into `inputs`; throws (stopping the run) for input that cannot be read.
    func prepare(_ preparation: FamilyPreparation, inputs: inout AuditInputs) async throws -> PreparedInputs
}

