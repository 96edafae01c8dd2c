import AuditCore
import Foundation
import Logging

/// Log lines on standard error (or the test's sink) with `--verbose`. Only ids, statuses and timings
/// are logged: never a finding's subjects, a path's content or a secret.
struct SinkLogHandler: LogHandler {
    let label: String
    let sink: any OutputSink
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.write("hygiene: [\(event.level)] \(event.message)\n")
    }

    static func logger(verbose: Bool, environment: CLIEnvironment) -> Logger {
        Logger(label: "hygiene") { label in
            SinkLogHandler(label: label, sink: environment.errors, logLevel: verbose ? .debug : .warning)
        }
    }
}
