import ArgumentParser
import AuditCore
import Foundation

/// `hygiene checks list|explain|validate|notices`.
struct ChecksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "List, explain and validate check definitions.",
        subcommands: [List.self, Explain.self, Validate.self, Notices.self])

    struct Notices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print where the data shipped with the checks comes from, and its licence notices.")

        func run() async throws {
            let text = ShippedChecks.notices.map { "== \($0.path)\n\n\($0.text.trimmingCharacters(in: .whitespacesAndNewlines))\n" }
            CLIEnvironment.current.say(text.joined(separator: "\n"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every check: id, severity, kind and title.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await reportingErrors {
                let configuration = try common.loadConfiguration()
                let language = common.language(configuration)
                let skipped = Set(configuration.skip)
                let rows = try common.loadChecks(configuration).map { check in
                    let mark = skipped.contains(check.id) ? CLIWords.skippedMark(language) : ""
                    return (check.id, check.severity.label(language), check.kindIdentifier, check.title(language) + mark)
                }
                let width = rows.map(\.0.count).max() ?? 0
                for row in rows {
                    let id = row.0.padding(toLength: width, withPad: " ", startingAt: 0)
                    let severity = row.1.padding(toLength: 8, withPad: " ", startingAt: 0)
                    common.environment.say("\(id)  \(severity)  \(row.3)")
                }
            }
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Explain one check: why it matters, how to fix it, and where it is defined.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The check id, e.g. device.firewall.") var id: String

        func run() async throws {
            try await reportingErrors {
                let configuration = try common.loadConfiguration()
                let l = common.language(configuration)
                let checks = try common.loadChecks(configuration)
                guard let check = checks.first(where: { $0.id == id }) else {
                    let close = checks.map(\.id).filter { $0.hasPrefix(id.split(separator: ".").first.map(String.init) ?? id) }
                    throw ValidationError(CLIWords.noSuchCheck(id, close: close)(l))
                }
                var lines = [check.title(l), String(repeating: "=", count: check.title(l).count), ""]
                lines.append("id: \(check.id)    \(CLIWords.kind(l)): \(check.kindIdentifier)    \(CLIWords.severity(l)): \(check.severity.label(l))    "
                             + "\(CLIWords.weight(l)): \(check.weight)")
                // The check's prevention tip (1-8) is not shown: the tips are listed nowhere a user can read them.
                lines += ["", Messages.why(l) + ":", check.why(l), "", Messages.fix(l) + " (\(Messages.effort(l)) \(check.effort.label(l))):"]
                lines += check.fix(l).enumerated().map { "  \($0.offset + 1). \($0.element)" }
                if let caution = check.caution { lines += ["", "⚠ \(Messages.caution(l)): \(caution(l))"] }
                if !check.references.isEmpty { lines += ["", Messages.references(l) + ":"] + check.references.map { "  \($0)" } }
                lines += ["", CLIWords.definedIn(check.source.description)(l)]
                common.environment.say(lines.joined(separator: "\n"))
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the check files in a folder; print every problem as file:line:column.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The folder to validate.") var directory: String

        func run() async throws {
            try await reportingErrors {
                let l = common.language(try common.loadConfiguration())
                let files = try CheckLoader.readFiles(in: directory)
                // Validated together with the shipped checks, so that a clashing id is found too.
                let checks = try CheckLoader(kinds: Catalog.kinds).load(ShippedChecks.files + files)
                let own = checks.filter { check in files.contains { $0.path == check.source.file } }
                // The data files the checks name, read in full (an audit reads them only when the check runs).
                let problems = own.compactMap { check -> String? in
                    do { try check.implementation.validateData(); return nil } catch {
                        return "\(check.source): \(check.id): " + ((error as? LocalizedError)?.errorDescription ?? "\(error)")
                    }
                }
                if !problems.isEmpty { throw CLIError.invalidData(problems) }
                common.environment.say(CLIWords.valid(checks: own.count, files: files.count)(l))
            }
        }
    }
}

import ShippedChecks
