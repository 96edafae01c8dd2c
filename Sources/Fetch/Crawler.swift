import AuditCore
import Foundation

/// How a crawl behaves. The defaults are what `hygiene audit --url` uses.
public struct CrawlOptions: Sendable {
    /// How many links deep to follow within the same site (0: only the given addresses).
    public var depth = 0
    /// At most this many pages in all; the given addresses are always fetched.
    public var maxPages = 200
    /// Transfers at the same time, over all hosts.
    public var connections = 16
    /// Transfers at the same time to one host.
    public var perHost = 2
    public var connectTimeout: Duration = .seconds(10)
    public var timeout: Duration = .seconds(30)
    public var maxBytes = 10 << 20
    public var maxRedirects = 5
    /// Accept a body cut at `maxBytes` (for image headers).
    public var acceptPartial = false
    /// Extra tries after a 429 or 503.
    public var retries = 2
    /// The longest wait for a retry; a server asking more is reported as rate limited.
    public var maxRetryWait: Duration = .seconds(30)
    /// Waits before the first and second retry when the server gives no `Retry-After`.
    public var backoff: Duration = .seconds(1)
    /// Which media types are fetched documents (others are reported as not HTML).
    public var accepts: @Sendable (String) -> Bool = { $0.isEmpty || $0.contains("html") || $0.hasPrefix("text/") }

    public init() {}
}

/// A fetched document.
public struct FetchedDocument: Sendable {
    public var status: Int
    public var finalURL: String
    /// The media type without parameters, lowercased (`text/html`); empty when the server gave none.
    public var mediaType: String
    /// The whole `Content-Type` header, for its character set.
    public var contentType: String?
    public var body: Data
    public var truncated: Bool
}

/// What became of one address.
public struct CrawlResult: Sendable {
    public enum Outcome: Sendable {
        case fetched(FetchedDocument)
        case failed(FetchError)
        /// robots.txt asks crawlers not to fetch it (only for links the crawler found itself).
        case excludedByRobots
    }

    public var url: String
    /// 0 for a given address, n for a link found n steps away.
    public var depth: Int
    public var outcome: Outcome
}

/// Fetches addresses concurrently — a global bound and a bound per host — and follows links within
/// the same site to a depth, respecting robots.txt for the links it finds. One bad address never
/// stops the others; each ends with a result. The order of results is the order of completion.
public struct Crawler: Sendable {
    public let fetcher: any HTTPFetching
    public let options: CrawlOptions
    /// The name matched against robots.txt `User-agent` lines.
    public static let robotsAgent = "hygiene"

    public init(fetcher: any HTTPFetching, options: CrawlOptions = CrawlOptions()) {
        self.fetcher = fetcher
        self.options = options
    }

    /// `links` gives the addresses a fetched document points to (resolved or relative to its final URL).
    /// `progress` is called with (done, known so far) after each address.
    public func crawl(_ seeds: [String],
                      links: @escaping @Sendable (FetchedDocument) -> [String] = { _ in [] },
                      progress: (@Sendable (Int, Int) -> Void)? = nil) async -> [CrawlResult] {
        var results: [CrawlResult] = []
        var queue: [(address: WebAddress?, text: String, depth: Int)] = []
        var seen = Set<String>()
        var seeded: [WebAddress] = []
        for seed in seeds {
            let address = WebAddress(seed)
            let key = address?.description ?? seed
            guard seen.insert(key).inserted else { continue }
            queue.append((address, address?.description ?? seed, 0))
            if let address { seeded.append(address) }
        }
        let budget = max(options.maxPages, queue.count)
        var known = queue.count
        let robots = RobotsCache(fetcher: fetcher, options: options)
        var hostsBusy: [String: Int] = [:]
        var running = 0

        await withTaskGroup(of: (CrawlResult, String, [String]).self) { group in
            while true {
                // Start whatever the bounds allow, in queue order, skipping hosts that are busy.
                var index = 0
                while running < options.connections && index < queue.count {
                    let item = queue[index]
                    let host = item.address?.hostKey ?? ""
                    if hostsBusy[host, default: 0] >= options.perHost { index += 1; continue }
                    queue.remove(at: index)
                    hostsBusy[host, default: 0] += 1
                    running += 1
                    group.addTask {
                        let (result, found) = await fetchOne(item.text, address: item.address, depth: item.depth, robots: robots, links: links)
                        return (result, host, found)
                    }
                }
                guard let (result, host, found) = await group.next() else { break }
                running -= 1
                hostsBusy[host, default: 1] -= 1
                results.append(result)
                if result.depth < options.depth, case .fetched(let document) = result.outcome,
                   let base = WebAddress(document.finalURL) {
                    for link in found {
                        guard known < budget, let address = WebAddress(link, relativeTo: base),
                              seeded.contains(where: address.isSameSite), !Self.looksBinary(address.path),
                              seen.insert(address.description).inserted else { continue }
                        queue.append((address, address.description, result.depth + 1))
                        known += 1
                    }
                }
                progress?(results.count, known)
            }
        }
        return results
    }

    /// Extensions that are not pages; following them would only spend the budget.
    static func looksBinary(_ path: String) -> Bool {
        let lower = path.lowercased()
        guard let dot = lower.lastIndex(of: "."), !lower[dot...].contains("/") else { return false }
        let binary: Set<String> = [".pdf", ".zip", ".gz", ".tar", ".mp3", ".mp4", ".mov", ".avi", ".webm", ".ogg", ".wav",
                                   ".css", ".js", ".woff", ".woff2", ".ttf", ".ico", ".svg", ".exe", ".dmg", ".iso",
                                   ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".jpg", ".jpeg", ".png", ".gif", ".webp"]
        return binary.contains(String(lower[dot...]))
    }

    func fetchOne(_ text: String, address: WebAddress?, depth: Int, robots: RobotsCache,
                  links: @Sendable (FetchedDocument) -> [String]) async -> (CrawlResult, [String]) {
        guard let address else {
            let lower = text.lowercased()
            let error: FetchError = lower.contains("://") && !lower.hasPrefix("http") ? .protocolNotAllowed(text) : .invalidURL(text)
            return (CrawlResult(url: text, depth: depth, outcome: .failed(error)), [])
        }
        if depth > 0, await !robots.allows(address) {
            return (CrawlResult(url: text, depth: depth, outcome: .excludedByRobots), [])
        }
        do {
            let document = try await fetchWithRetries(address.description)
            let found = depth < options.depth ? links(document) : []
            return (CrawlResult(url: text, depth: depth, outcome: .fetched(document)), found)
        } catch let error as FetchError {
            return (CrawlResult(url: text, depth: depth, outcome: .failed(error)), [])
        } catch {
            return (CrawlResult(url: text, depth: depth, outcome: .failed(.other(text, "\(error)"))), [])
        }
    }

    /// One address, retried after 429 and 503 as the server asks (`Retry-After`) or with backoff.
    func fetchWithRetries(_ url: String) async throws -> FetchedDocument {
        var attempt = 0
        while true {
            let response = try await fetcher.fetch(HTTPRequest(
                url: url, headers: ["Accept": "text/html,application/xhtml+xml,image/*;q=0.8,*/*;q=0.5"],
                connectTimeout: options.connectTimeout, timeout: options.timeout, maxBytes: options.maxBytes,
                maxRedirects: options.maxRedirects, acceptPartial: options.acceptPartial))
            if response.status == 429 || response.status == 503 {
                let asked = response.headers["retry-after"].flatMap(Self.retryAfter)
                let wait = asked ?? options.backoff * (1 << attempt)
                guard attempt < options.retries, wait <= options.maxRetryWait else {
                    throw FetchError.rateLimited(url, seconds: Int((asked ?? wait).components.seconds))
                }
                attempt += 1
                try? await Task.sleep(for: wait)
                continue
            }
            guard (200..<300).contains(response.status) else { throw FetchError.httpStatus(url, response.status) }
            let contentType = response.headers["content-type"]
            let mediaType = contentType.map { String($0.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard options.accepts(mediaType) else { throw FetchError.notHTML(url, mediaType) }
            return FetchedDocument(status: response.status, finalURL: response.finalURL, mediaType: mediaType,
                                   contentType: contentType, body: response.body, truncated: response.truncated)
        }
    }

    /// `Retry-After`: seconds, or an HTTP date.
    static func retryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSinceNow.rounded(.up))))
    }
}

/// robots.txt per host, fetched once (concurrent askers wait for the same fetch).
actor RobotsCache {
    let fetcher: any HTTPFetching
    let options: CrawlOptions
    var rules: [String: Task<RobotsRules, Never>] = [:]

    init(fetcher: any HTTPFetching, options: CrawlOptions) {
        self.fetcher = fetcher
        self.options = options
    }

    func allows(_ address: WebAddress) async -> Bool {
        let origin = address.origin
        let task: Task<RobotsRules, Never>
        if let existing = rules[origin] {
            task = existing
        } else {
            let fetcher = fetcher, options = options
            task = Task {
                // A missing or unreadable robots.txt allows everything.
                guard let response = try? await fetcher.fetch(HTTPRequest(
                    url: origin + "/robots.txt", connectTimeout: options.connectTimeout, timeout: options.timeout,
                    maxBytes: 512 << 10, maxRedirects: options.maxRedirects, acceptPartial: true)),
                    (200..<300).contains(response.status) else { return .allowAll }
                return RobotsRules(parsing: String(decoding: response.body, as: UTF8.self), agent: Crawler.robotsAgent)
            }
            rules[origin] = task
        }
        return await task.value.allows(address.pathAndQuery)
    }
}
