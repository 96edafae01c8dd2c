import ArgumentParser
import AuditCore
import Exposure
import Fetch
import Foundation

/// The exposure family's options: which pages to read and how.
struct ExposureOptions: FamilyOptions {
    @Option(name: .customLong("url"), help: ArgumentHelp("A web page of yours to check for personal data (repeatable).", valueName: "address"))
    var urls: [String] = []

    @Option(name: .customLong("urls-file"), help: ArgumentHelp("A file with web addresses to check, one per line.", valueName: "file"))
    var urlsFile: String?

    @Option(name: .long, help: "How many links deep to follow within the same site from each address (default 0).")
    var depth: Int = 0

    @Option(name: .customLong("max-pages"), help: "At most this many pages in all when following links.")
    var maxPages: Int = 200

    @Option(name: .long, help: "Pages fetched at the same time (never more than 2 from one site).")
    var connections: Int = 16

    @Option(name: .customLong("page-timeout"), help: "Seconds a single page may take to arrive.")
    var pageTimeout: Int = 30

    @Flag(name: .long, help: "Also read each page in headless Chromium, as a browser shows it (for pages built by JavaScript). The browser fetches the pages' scripts, images and trackers too.")
    var render = false

    @Option(name: .customLong("render-timeout"), help: "Seconds a page may take in the browser before it is stopped (with --render).")
    var renderTimeout: Int = 30

    var requestedInputs: [String] { urls.isEmpty && urlsFile == nil ? [] : [ExposureScan.inputName] }

    func validate() throws {
        guard (0...10).contains(depth) else { throw ValidationError("--depth must be between 0 and 10") }
        guard (1...100_000).contains(maxPages) else { throw ValidationError("--max-pages must be between 1 and 100000") }
        guard (1...64).contains(connections) else { throw ValidationError("--connections must be between 1 and 64") }
        guard (1...600).contains(pageTimeout) else { throw ValidationError("--page-timeout must be between 1 and 600 seconds") }
        guard (5...600).contains(renderTimeout) else { throw ValidationError("--render-timeout must be between 5 and 600 seconds") }
    }

    func scanOptions(skipping skip: Set<String>, checks: [Check] = []) -> ScanOptions {
        var options = ScanOptions()
        options.crawl.depth = depth
        options.crawl.maxPages = maxPages
        options.crawl.connections = connections
        options.crawl.timeout = .seconds(pageTimeout)
        options.crawl.connectTimeout = .seconds(min(10, pageTimeout))
        options.photos = !skip.contains("exposure.gps")
        options.readability = ExposureScan.readabilityRules(in: checks) ?? ReadabilityRules()
        return options
    }

    func prepare(_ preparation: FamilyPreparation, inputs: inout AuditInputs) async throws -> PreparedInputs {
        let addresses = try ExposureInput.addresses(flags: urls, file: urlsFile, configured: preparation.configuration.inputs["url"])
        if preparation.families.contains("exposure") && addresses.urls.isEmpty && addresses.invalid.isEmpty {
            throw ValidationError("--only exposure needs web addresses: give --url ADDRESS, --urls-file FILE, or list them under 'urls' in the configuration")
        }
        inputs[ExposureScan.inputName] = []
        guard preparation.runs("exposure") else { return PreparedInputs() }
        var options = scanOptions(skipping: preparation.skip, checks: preparation.checks)
        if render, !addresses.urls.isEmpty {
            guard let browser = ChromiumRenderer.locate(environment: preparation.environment.variables) else { throw RenderError.noChromium }
            var renderer = ChromiumRenderer(browser: browser)
            renderer.limit = .seconds(renderTimeout)
            options.renderer = renderer
        }
        let (sources, notes) = await ExposureInput.prepare(addresses, options: options, inputs: &inputs, checks: preparation.checks,
                                                           environment: preparation.environment, showProgress: preparation.showProgress,
                                                           language: preparation.language)
        return PreparedInputs(notes: notes, sources: sources)
    }
}

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

    static func prepare(_ addresses: Addresses, options: ScanOptions, inputs: inout AuditInputs, checks: [Check] = [],
                        environment: CLIEnvironment, showProgress: Bool, language: Language) async -> (sources: [SourceStatus], notes: [LocalizedText]) {
        guard !addresses.urls.isEmpty || !addresses.invalid.isEmpty else { return ([], []) }
        let progress = showProgress ? ProgressLine(sink: environment.errors, language: language) : nil
        var report: (@Sendable (String, Int, Int) -> Void)? = nil
        if let progress {
            report = { what, done, total in progress.update(what, done: done, total: total) }
        }
        var scan = await ExposureScan.collect(addresses.urls, options: options, fetcher: environment.fetcher, progress: report)
        scan.maskAcross(checks)
        progress?.finish()
        inputs[ExposureScan.inputName] = addresses.urls
        inputs.prepared[ExposureScan.inputName] = scan
        return (addresses.invalid + scan.sources, scan.notes)
    }
}

/// `--render` without a browser to render with.
enum RenderError: Error, LocalizedError {
    case noChromium
    var errorDescription: String? { ExposureTexts.noChromium }
}
