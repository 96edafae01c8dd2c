import ArgumentParser
import AuditCore
import Foundation

/// A family's command-line options (an `@OptionGroup` of `audit`): they only fill what the family is
/// given; the family reads its inputs itself (`Family.prepare`).
protocol FamilyOptions: ParsableArguments {
    /// The family these flags are for.
    var family: String { get }
    /// What the flags give the family: texts under its settings' names, or a typed request.
    var given: AuditInputs { get }
}

extension CLIEnvironment {
    /// What a family may use while it prepares, for this run.
    func familyContext(configuration: Configuration, only: [String] = [], skip: Set<String> = [], checks: [Check] = [],
                       language: Language, host: Machine, state: StateStore?, showProgress: Bool) -> FamilyContext {
        let sink: any OutputSink = errors
        var context = FamilyContext(
            configuration: configuration, only: only, skip: skip, checks: checks, language: language, host: host,
            environment: variables, fetcher: fetcher, secrets: secretInput,
            dataDirectory: (statePath as NSString).deletingLastPathComponent, state: state)
        context.tools = runner
        context.warn = { message in sink.write(message + "\n") }
        if showProgress {
            let line = ProgressLine(sink: sink, language: language)
            context.progress = { activity, done, total in line.update(activity, done: done, total: total) }
            context.progressDone = { line.finish() }
        }
        return context
    }
}
