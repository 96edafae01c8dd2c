import AuditCore
import Exposure
import Fetch
import Foundation

/// Reads the pages behind --url, --urls-file and the configuration's `urls` before the audit, so the
/// exposure checks share one fetch. A missing list file stops the run; a bad address only gets its status.
enum ExposureInput {
    struct Addresses {
        var urls: [String] = []
        /// Lines of a list file that are not web addresses, with where they are.
        var invalid: [SourceStatus] = []
    }

    /// The addresses from the flags, the list file (one per line; blank lines and `#` comments skipped)
    /// and the configuration, in that order, without repeats.
    static func addresses(flags: [String], file: String?, configured: [String]) throws -> Addresses {
        var result = Addresses()
        var seen = Set<String>()
        func add(_ url: String) { if seen.insert(url).inserted { result.urls.append(url) } }
        flags.forEach(add)
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.cannotRead(path: file, reason: FileManager.default.fileExists(atPath: file) ? "permission denied" : "no such file")
            }
            guard let text = String(data: data, encoding: .utf8) else { throw CLIError.cannotRead(path: file, reason: "not UTF-8 text") }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.isEmpty || line.hasPrefix("#") { continue }
                if WebAddress(line) == nil {
                    let scheme = line.lowercased().contains("://") && !line.lowercased().hasPrefix("http")
                    result.invalid.append(SourceStatus(name: line, ok: false, detail: LocalizedText(
                        en: "\(file):\(index + 1): \(scheme ? "only http and https addresses are fetched" : "not a web address (write it as https://…)")",
                        nl: "\(file):\(index + 1): \(scheme ? "alleen http- en https-adressen worden opgehaald" : "geen webadres (schrijf het als https://…)")")))
                    continue
                }
                add(line)
            }
        }
        configured.forEach(add)
        return result
    }

    static func prepare(_ addresses: Addresses, options: ScanOptions, inputs: inout AuditInputs,
                        environment: CLIEnvironment, showProgress: Bool) async -> (sources: [SourceStatus], notes: [LocalizedText]) {
        guard !addresses.urls.isEmpty || !addresses.invalid.isEmpty else { return ([], []) }
        let progress = showProgress ? ProgressLine(sink: environment.errors) : nil
        var report: (@Sendable (String, Int, Int) -> Void)? = nil
        if let progress {
            report = { what, done, total in progress.update("fetching \(what)", done: done, total: total) }
        }
        let scan = await ExposureScan.collect(addresses.urls, options: options, fetcher: environment.fetcher, progress: report)
        progress?.finish()
        inputs[ExposureScan.inputName] = addresses.urls
        inputs.prepared[ExposureScan.inputName] = scan
        return (addresses.invalid + scan.sources, scan.notes)
    }
}
