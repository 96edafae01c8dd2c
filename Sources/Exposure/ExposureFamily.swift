import AuditCore
import Fetch
import Foundation

/// The exposure family's front door: which pages to read and how, read once before the audit so the
/// exposure checks share one fetch.
public struct ExposureFamily: Family {
    public init() {}

    public let id = "exposure"
    public let name = LocalizedText(en: "public pages", nl: "openbare pagina's")
    public var kinds: [any CheckKind.Type] { ExposureKinds.all }

    /// What the flags ask: the addresses and list file, and how to crawl and render. Given as texts under
    /// the flags' names (`url`, `urls-file`, `depth`, `max-pages`, `connections`, `page-timeout`, and
    /// `render-timeout` for --render), as the command line checked them.
    public struct Request: Sendable {
        public var urls: [String] = []
        public var urlsFile: String?
        public var depth = 0
        public var maxPages = 200
        public var connections = 16
        public var pageTimeout = 30
        /// Seconds a page may take in the browser, or nil for no rendering.
        public var render: Int?

        public init() {}

        public init(_ given: AuditInputs) {
            func number(_ name: String) -> Int? { given[name].first.flatMap { Int($0) } }
            urls = given[ExposureScan.inputName]
            urlsFile = given["urls-file"].first
            depth = number("depth") ?? depth
            maxPages = number("max-pages") ?? maxPages
            connections = number("connections") ?? connections
            pageTimeout = number("page-timeout") ?? pageTimeout
            render = number("render-timeout")
        }

        /// The texts that give this request.
        public var given: AuditInputs {
            var given = AuditInputs()
            given[ExposureScan.inputName] = urls
            given["urls-file"] = urlsFile.map { [$0] } ?? []
            given["depth"] = [String(depth)]
            given["max-pages"] = [String(maxPages)]
            given["connections"] = [String(connections)]
            given["page-timeout"] = [String(pageTimeout)]
            given["render-timeout"] = render.map { [String($0)] } ?? []
            return given
        }
    }

    public var settings: [Setting] { [.text("urls", input: ExposureScan.inputName, list: true)] }

    public var settingsExample: String {
        """
        # Your own web pages to check for personal data. / Je eigen webpagina's om op persoonsgegevens te controleren.
        # urls:
        #   - https://example.nl/over-mij

        """
    }

    public var fieldLabels: [String: String] {
        ["url": "adres", "fingerprint": "vingerafdruk", "service": "dienst", "password": "wachtwoord", "status": "status",
         "advice": "advies", "kind": "soort", "masked": "gemaskeerd", "line": "regel", "snippet": "fragment", "occurrences": "keer",
         "own": "eigen", "type": "soort"]
    }

    public func expectedInputs(_ given: AuditInputs) -> [String] {
        let request = Request(given)
        guard !request.urls.isEmpty || request.urlsFile != nil else { return [] }
        return [ExposureScan.inputName]
    }

    /// The crawl and detection options for a request, leaving out what skipped checks would use.
    public static func scanOptions(_ request: Request, skipping skip: Set<String>, checks: [Check] = []) -> ScanOptions {
        var options = ScanOptions()
        options.crawl.depth = request.depth
        options.crawl.maxPages = request.maxPages
        options.crawl.connections = request.connections
        options.crawl.timeout = .seconds(request.pageTimeout)
        options.crawl.connectTimeout = .seconds(min(10, request.pageTimeout))
        options.photos = !skip.contains("exposure.gps")
        options.readability = ExposureScan.readabilityRules(in: checks) ?? ReadabilityRules()
        return options
    }

    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        let request = Request(given)
        let addresses = try Self.addresses(flags: request.urls, file: request.urlsFile, configured: context.configuration.inputs[ExposureScan.inputName])
        if context.asked(id) && addresses.urls.isEmpty && addresses.invalid.isEmpty {
            throw InputError(ExposureFamilyWords.needsAddresses, usage: true)
        }
        var inputs = AuditInputs()
        // The configured addresses are read here or not at all: the checks wait for the scan, not the setting.
        inputs[ExposureScan.inputName] = []
        guard context.runs(id), !addresses.urls.isEmpty || !addresses.invalid.isEmpty else { return PreparedInputs(inputs: inputs) }
        var options = Self.scanOptions(request, skipping: context.skip, checks: context.checks)
        if let limit = request.render, !addresses.urls.isEmpty {
            guard let browser = ChromiumRenderer.locate(environment: context.environment) else {
                throw InputError(.verbatim(ExposureTexts.noChromium))
            }
            var renderer = ChromiumRenderer(browser: browser)
            renderer.limit = .seconds(limit)
            options.renderer = renderer
        }
        var scan = await ExposureScan.collect(addresses.urls, options: options, fetcher: context.fetcher, progress: context.progress)
        scan.maskAcross(context.checks)
        context.progressDone()
        inputs[ExposureScan.inputName] = addresses.urls
        inputs[.pages] = scan
        return PreparedInputs(inputs: inputs, notes: scan.notes, sources: addresses.invalid + scan.sources)
    }

    /// The addresses to read, and the lines of a list file that are not addresses.
    public struct Addresses: Sendable {
        public var urls: [String] = []
        /// Lines of a list file that are not web addresses, with where they are.
        public var invalid: [SourceStatus] = []
    }

    /// The addresses from the flags, the list file (one per line; blank lines and `#` comments skipped)
    /// and the configuration, in that order, without repeats. A list file that cannot be read stops the run.
    public static func addresses(flags: [String], file: String?, configured: [String]) throws -> Addresses {
        var result = Addresses()
        var seen = Set<String>()
        func add(_ url: String) { if seen.insert(url).inserted { result.urls.append(url) } }
        flags.forEach(add)
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw InputError.unreadable(file, reason: InputError.reason(file)) }
            guard let text = String(data: data, encoding: .utf8) else { throw InputError.unreadable(file, reason: "not UTF-8 text") }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.isEmpty || line.hasPrefix("#") { continue }
                if WebAddress(line) == nil {
                    let scheme = line.lowercased().contains("://") && !line.lowercased().hasPrefix("http")
                    result.invalid.append(SourceStatus(name: line, ok: false, detail: ExposureFamilyWords.notAnAddress(file, line: index + 1, otherScheme: scheme)))
                    continue
                }
                add(line)
            }
        }
        configured.forEach(add)
        return result
    }
}

/// What the exposure family says about its inputs, in both languages.
enum ExposureFamilyWords {
    static let needsAddresses = LocalizedText(
        en: "--only exposure needs web addresses: give --url ADDRESS, --urls-file FILE, or list them under 'urls' in the configuration",
        nl: "--only exposure heeft webadressen nodig: geef --url ADRES, --urls-file BESTAND, of zet ze onder 'urls' in de configuratie")

    static func notAnAddress(_ file: String, line: Int, otherScheme: Bool) -> LocalizedText {
        LocalizedText(
            en: "\(file):\(line): \(otherScheme ? "only http and https addresses are fetched" : "not a web address (write it as https://…)")",
            nl: "\(file):\(line): \(otherScheme ? "alleen http- en https-adressen worden opgehaald" : "geen webadres (schrijf het als https://…)")")
    }
}
