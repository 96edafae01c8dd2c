import AuditCore
import Fetch
import Foundation

/// A photo on a page and, when its EXIF data has one, where it was taken.
public struct Photo: Sendable, Hashable {
    public var url: String
    /// The line of the `<img>` on the page (1 for an address that is the image itself).
    public var line: Int
    public var coordinate: Coordinate?
}

/// A page that was fetched and read.
public struct ScannedPage: Sendable {
    /// Where the page ended up after redirects.
    public var url: String
    public var text: PageText
    public var photos: [Photo]
    /// Whether the content was read as a visitor sees it; a page that was not is never counted clean.
    public var verdict: ReadabilityVerdict

    public init(url: String, text: PageText, photos: [Photo] = [], verdict: ReadabilityVerdict = .readable) {
        self.url = url
        self.text = text
        self.photos = photos
        self.verdict = verdict
    }

    /// A page from HTML bytes (UTF-8), for tests and benchmarks.
    public init(url: String, html: String) {
        self.init(url: url, text: Page.read(Array(html.utf8)))
    }
}

/// What a scan options: the crawl, and the images it looks into.
public struct ScanOptions: Sendable {
    public var crawl = CrawlOptions()
    /// Look for GPS positions in the pages' images.
    public var photos = true
    public var imagesPerPage = 40
    public var maxImages = 400
    /// The start of an image that is read for its EXIF data.
    public var imageBytes = 1 << 20
    /// The markers of unreadable pages (from the checks' data); without them only empty pages and
    /// script-built shells are recognised.
    public var readability = ReadabilityRules()
    /// Read the pages through a browser too (`--render`).
    public var renderer: (any PageRendering)?

    public init() {}
}

/// The pages behind the addresses an audit was given, read once before the exposure checks run;
/// they share it as the prepared `url` input.
public struct ExposureScan: Sendable {
    public static let inputName = "url"

    public var pages: [ScannedPage]
    /// One line per address given or found: fetched or not, and why.
    public var sources: [SourceStatus]
    /// Remarks: the crawl stopped at its limit, images that could not be read.
    public var notes: [LocalizedText]
    /// The values every detector found, per page, so each snippet can hide the others' values too.
    let found = FoundValues()
    /// Whether the pages were read through the browser (`--render`).
    public var rendered = false
    /// The detectors of the audit's checks, so each finding can hide what the others found.
    var matchers: [any PageMatching] = []

    /// Lets every detector among the checks hide its values from the other findings' snippets.
    public mutating func maskAcross(_ checks: [Check]) {
        matchers = checks.compactMap { $0.implementation as? any PageMatching }
    }

    /// The readability markers of the checks' `page-readability` kind, if one was loaded.
    public static func readabilityRules(in checks: [Check]) -> ReadabilityRules? {
        checks.lazy.compactMap { ($0.implementation as? PageReadabilityKind)?.rules }.first
    }

    public init(pages: [ScannedPage], sources: [SourceStatus] = [], notes: [LocalizedText] = []) {
        self.pages = pages
        self.sources = sources
        self.notes = notes
    }

    /// Fetches and reads the addresses (and, with a depth, the pages they link to within the site).
    public static func collect(_ urls: [String], options: ScanOptions, fetcher: any HTTPFetching,
                               progress: (@Sendable (String, Int, Int) -> Void)? = nil) async -> ExposureScan {
        let texts = Locked<[String: PageText]>([:])
        var crawl = options.crawl
        let pageAccepts = crawl.accepts
        crawl.accepts = { pageAccepts($0) || $0.hasPrefix("image/") }
        let results = await Crawler(fetcher: fetcher, options: crawl).crawl(urls, links: { document in
            guard !document.mediaType.hasPrefix("image/") else { return [] }
            let text = Page.read(TextDecoding.decode(document.body, contentType: document.contentType).utf8)
            texts.withLock { $0[document.finalURL] = text }
            guard let base = WebAddress(text.base ?? document.finalURL, relativeTo: WebAddress(document.finalURL)) else { return [] }
            return text.links.compactMap { WebAddress($0, relativeTo: base)?.description }
        }, progress: { done, total in progress?("pages", done, total) })

        var pages: [ScannedPage] = []
        var sources: [SourceStatus] = []
        var notes: [LocalizedText] = []
        var directImages: [(Photo, FetchedDocument)] = []
        let sorted = results.sorted(by: { ($0.depth, $0.url) < ($1.depth, $1.url) })
        let renders = await render(sorted, with: options.renderer, progress: progress)
        for result in sorted {
            switch result.outcome {
            case .fetched(let document):
                let decoded = document.mediaType.hasPrefix("image/") ? nil : TextDecoding.decode(document.body, contentType: document.contentType)
                var detail = fetchedDetail(document, decoded: decoded, url: result.url)
                if document.mediaType.hasPrefix("image/") {
                    sources.append(SourceStatus(name: result.url, ok: true, detail: detail))
                    directImages.append((Photo(url: document.finalURL, line: 1, coordinate: nil), document))
                    continue
                }
                var text = texts.withLock { $0[document.finalURL] } ?? Page.read(decoded!.utf8)
                var markup = decoded!.utf8
                let rendered = renders[result.url]
                switch rendered {
                case .rendered(let dom, let cut, let seconds)?:
                    markup = dom
                    text = Page.read(dom)
                    detail = detail + ExposureTexts.rendered(bytes: dom.count, cut: cut, seconds: seconds)
                case .failed(let reason)?:
                    detail = detail + ExposureTexts.renderFailed(reason)
                case nil:
                    break
                }
                let verdict = Readability.verdict(text, markup: markup, url: document.finalURL, rules: options.readability)
                if verdict.isReadable, let platform = verdict.platform {
                    detail = detail + ExposureTexts.profileNote(platform)
                }
                if !verdict.isReadable {
                    detail = detail + LocalizedText(en: "; ", nl: "; ")
                        + ExposureTexts.unreadableStatus(verdict, rendered: { if case .rendered? = rendered { true } else { false } }())
                }
                sources.append(SourceStatus(name: result.url, ok: true, detail: detail, readable: verdict.isReadable))
                pages.append(ScannedPage(url: document.finalURL, text: text, verdict: verdict))
            case .failed(let error):
                sources.append(SourceStatus(name: result.url, ok: false, detail: error.reason))
            case .excludedByRobots:
                sources.append(SourceStatus(name: result.url, ok: false, detail: LocalizedText(
                    en: "not fetched: the site's robots.txt asks crawlers to stay away", nl: "niet opgehaald: de robots.txt van de site vraagt crawlers weg te blijven")))
            }
        }
        let pageCount = results.count
        if options.crawl.depth > 0, pageCount >= options.crawl.maxPages {
            notes.append(LocalizedText(
                en: "The crawl stopped at \(options.crawl.maxPages) pages (--max-pages); pages beyond were not read.",
                nl: "Het doorzoeken stopte bij \(options.crawl.maxPages) pagina's (--max-pages); verdere pagina's zijn niet gelezen."))
        }
        for (photo, document) in directImages {
            pages.append(ScannedPage(url: photo.url, text: PageText(),
                                     photos: [Photo(url: photo.url, line: 1, coordinate: ExifReader.coordinate(in: document.body))]))
        }
        if options.photos {
            let (withPhotos, photoNotes) = await readPhotos(of: pages, options: options, fetcher: fetcher, progress: progress)
            pages = withPhotos
            notes += photoNotes
        }
        if options.renderer != nil { notes.append(ExposureTexts.renderNote) }
        var scan = ExposureScan(pages: pages, sources: sources, notes: notes)
        scan.rendered = options.renderer != nil
        return scan
    }

    /// The pages rendered in the browser, a few at a time, by the address they were asked for.
    static func render(_ results: [CrawlResult], with renderer: (any PageRendering)?,
                       progress: (@Sendable (String, Int, Int) -> Void)?) async -> [String: RenderOutcome] {
        guard let renderer else { return [:] }
        let wanted = results.compactMap { result -> (String, String)? in
            guard case .fetched(let document) = result.outcome, !document.mediaType.hasPrefix("image/") else { return nil }
            return (result.url, document.finalURL)
        }
        var outcomes: [String: RenderOutcome] = [:]
        await withTaskGroup(of: (String, RenderOutcome).self) { group in
            var next = 0
            func start() {
                guard next < wanted.count else { return }
                let (key, url) = wanted[next]
                next += 1
                group.addTask { (key, await renderer.render(url)) }
            }
            for _ in 0..<max(1, renderer.concurrency) { start() }
            while let (key, outcome) = await group.next() {
                outcomes[key] = outcome
                progress?("rendered pages", outcomes.count, wanted.count)
                start()
            }
        }
        return outcomes
    }

    static func fetchedDetail(_ document: FetchedDocument, decoded: DecodedText?, url: String) -> LocalizedText {
        let size = ByteCountFormatter.string(fromByteCount: Int64(document.body.count), countStyle: .file)
        var text = ExposureTexts.fetched(status: document.status, size: size)
        if document.finalURL != url, WebAddress(document.finalURL)?.description != WebAddress(url)?.description {
            text = text + ExposureTexts.endedAt(document.finalURL)
        }
        if let problem = decoded?.problem { text = text + ExposureTexts.charset(problem) }
        return text
    }

    /// Fetches the start of each page's images and reads their GPS positions.
    static func readPhotos(of pages: [ScannedPage], options: ScanOptions, fetcher: any HTTPFetching,
                           progress: (@Sendable (String, Int, Int) -> Void)?) async -> ([ScannedPage], [LocalizedText]) {
        var wanted: [String] = []
        var seen = Set<String>()
        var perPage: [[(url: String, line: Int)]] = []
        for page in pages {
            let base = WebAddress(page.text.base ?? page.url, relativeTo: WebAddress(page.url))
            var list: [(String, Int)] = []
            for image in page.text.images.prefix(options.imagesPerPage) {
                guard let address = WebAddress(image.source, relativeTo: base) else { continue }
                let url = address.description
                list.append((url, image.line))
                if seen.insert(url).inserted, wanted.count < options.maxImages { wanted.append(url) }
            }
            perPage.append(list)
        }
        guard !wanted.isEmpty else { return (pages, []) }
        var crawl = options.crawl
        crawl.depth = 0
        crawl.maxBytes = options.imageBytes
        crawl.acceptPartial = true
        crawl.accepts = { $0.hasPrefix("image/") || $0.isEmpty || $0 == "application/octet-stream" }
        let results = await Crawler(fetcher: fetcher, options: crawl).crawl(wanted, progress: { done, total in progress?("images", done, total) })
        var coordinates: [String: Coordinate?] = [:]
        var failed = 0
        for result in results {
            if case .fetched(let document) = result.outcome {
                coordinates[result.url] = .some(ExifReader.coordinate(in: document.body))
            } else {
                failed += 1
            }
        }
        var updated = pages
        for index in updated.indices {
            updated[index].photos += perPage[index].compactMap { image in
                guard let coordinate = coordinates[image.url] else { return nil }
                return Photo(url: image.url, line: image.line, coordinate: coordinate)
            }
        }
        var notes = [LocalizedText(
            en: "Looked into \(results.count - failed) of \(wanted.count) images for a GPS position\(failed > 0 ? "; \(failed) could not be fetched" : "").",
            nl: "\(results.count - failed) van \(wanted.count) afbeeldingen bekeken op een GPS-positie\(failed > 0 ? "; \(failed) konden niet worden opgehaald" : "").")]
        if seen.count > wanted.count {
            notes.append(LocalizedText(en: "Only the first \(options.maxImages) images were looked into.",
                                       nl: "Alleen de eerste \(options.maxImages) afbeeldingen zijn bekeken."))
        }
        return (updated, notes)
    }
}

/// Reading a page: the text and values from the HTML, plus de-obfuscated e-mail addresses.
public enum Page {
    public static func read(_ utf8: [UInt8]) -> PageText {
        var text = HTMLExtractor.extract(utf8)
        for index in Deobfuscation.blocksToRewrite(in: text) {
            let block = text.blocks[index]
            if let rewritten = Deobfuscation.rewrite(text.text(of: block)) {
                text.addField("deobfuscated", rewritten, line: block.line)
            }
        }
        return text
    }
}

/// A value behind a lock, for results gathered from concurrent tasks.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}

extension InputKey where Value == ExposureScan {
    /// The pages read before the audit.
    public static let pages = InputKey(ExposureScan.inputName, missing: LocalizedText(
        en: "no pages were read: give addresses with --url or --urls-file", nl: "er zijn geen pagina's gelezen: geef adressen met --url of --urls-file"))
}

extension ExposureScan {
    /// The scan a check reads, or an error that says what is missing.
    static func from(_ context: CheckContext) throws -> ExposureScan {
        guard let scan = context.inputs[.pages] else {
            throw ExposureError.noPages
        }
        return scan
    }
}

public enum ExposureError: Error, LocalizedError {
    case noPages
    public var errorDescription: String? { "no pages were read: give addresses with --url or --urls-file" }
}
