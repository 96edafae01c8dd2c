import AuditCore
import Fetch
import Foundation
import Testing
import TestSupport

/// The crawler against a real server on 127.0.0.1 that can misbehave: every address ends with a status.
@Suite struct CrawlerTests {
    final class Gauge: @unchecked Sendable {
        let lock = NSLock()
        var current = 0, peak = 0, attempts: [String: Int] = [:]
        func enter(_ path: String) { lock.withLock { current += 1; peak = max(peak, current); attempts[path, default: 0] += 1 } }
        func leave() { lock.withLock { current -= 1 } }
    }

    let gauge = Gauge()
    let server: TestHTTPServer

    init() throws {
        let gauge = gauge
        server = try TestHTTPServer { request in
            gauge.enter(request.path)
            defer { gauge.leave() }
            let html = ["Content-Type": "text/html; charset=utf-8"]
            switch request.path.hasPrefix("/slow?") ? "/slow" : request.path {
            case "/": return .respond(status: 200, headers: html, body: Data(#"<a href="/a">a</a> <a href="b">b</a> <a href="/private/x">p</a> <a href="https://elsewhere.example/">e</a> <a href="/a#top">a again</a>"#.utf8))
            case "/a": return .respond(status: 200, headers: html, body: Data(#"<a href="/c">c</a>"#.utf8))
            case "/b", "/c", "/private/x": return .respond(status: 200, headers: html, body: Data("<p>page</p>".utf8))
            case "/robots.txt": return .text("User-agent: *\nDisallow: /private/\n")
            case "/slow": usleep(200_000); return .respond(status: 200, headers: html, body: Data("<p>slow</p>".utf8))
            case "/busy":
                return gauge.lock.withLock({ gauge.attempts["/busy"]! }) < 2
                    ? .respond(status: 429, headers: ["Retry-After": "1"], body: Data()) : .respond(status: 200, headers: html, body: Data("ok".utf8))
            case "/always-busy": return .respond(status: 503, headers: ["Retry-After": "3600"], body: Data())
            case "/hang": return .hang
            case "/reset": return .reset
            case "/huge": return .stream(bytes: 50 << 20)
            case "/loop": return .respond(status: 302, headers: ["Location": "/loop"], body: Data())
            case "/to-file": return .respond(status: 302, headers: ["Location": "file:///etc/passwd"], body: Data())
            case "/to-ftp": return .respond(status: 302, headers: ["Location": "ftp://127.0.0.1/x"], body: Data())
            case "/pdf": return .respond(status: 200, headers: ["Content-Type": "application/pdf"], body: Data("%PDF".utf8))
            default: return .text("not found", status: 404)
            }
        }
    }

    func crawler(_ configure: (inout CrawlOptions) -> Void = { _ in }) -> Crawler {
        var options = CrawlOptions()
        options.connectTimeout = .seconds(2)
        options.timeout = .seconds(3)
        options.maxBytes = 1 << 20
        options.backoff = .milliseconds(100)
        configure(&options)
        return Crawler(fetcher: CurlFetcher(), options: options)
    }

    func status(_ results: [CrawlResult], _ path: String) -> CrawlResult.Outcome? {
        results.first { $0.url == server.baseURL + path }?.outcome
    }

    @Test func misbehavingServersEachGetAStatusAndNothingHangs() async throws {
        let paths = ["/hang", "/reset", "/huge", "/loop", "/to-file", "/to-ftp", "/pdf", "/missing", "/b"]
        let started = ContinuousClock.now
        let results = await crawler().crawl(paths.map { server.baseURL + $0 } + ["ftp://127.0.0.1/x", "not a url"])
        #expect(ContinuousClock.now - started < .seconds(300))   // a guard against hanging (timeouts are 2-3 s), loose for a loaded two-core machine
        #expect(results.count == paths.count + 2)
        func failure(_ path: String) -> FetchError? {
            if case .failed(let error) = status(results, path) { return error } else { return nil }
        }
        #expect(failure("/hang") == .timeout(server.baseURL + "/hang", seconds: 3))
        #expect(failure("/reset") == .connectionLost(server.baseURL + "/reset"))
        #expect(failure("/huge") == .tooLarge(server.baseURL + "/huge", limit: 1 << 20))
        #expect(failure("/loop") == .tooManyRedirects(server.baseURL + "/loop"))
        #expect(failure("/to-file") == .protocolNotAllowed(server.baseURL + "/to-file"))
        #expect(failure("/to-ftp") == .protocolNotAllowed(server.baseURL + "/to-ftp"))
        #expect(failure("/pdf") == .notHTML(server.baseURL + "/pdf", "application/pdf"))
        #expect(failure("/missing") == .httpStatus(server.baseURL + "/missing", 404))
        if case .fetched(let document) = status(results, "/b") { #expect(document.status == 200) } else { Issue.record("/b not fetched") }
        #expect(results.contains { $0.url == "ftp://127.0.0.1/x" && { if case .failed(.protocolNotAllowed) = $0.outcome { true } else { false } }($0) })
        #expect(results.contains { $0.url == "not a url" && { if case .failed(.invalidURL) = $0.outcome { true } else { false } }($0) })
        #expect(!server.received.contains { $0.path == "/x" })   // nothing was fetched over ftp
    }

    @Test func followsLinksWithinTheSiteToTheDepthAndObeysRobots() async throws {
        let results = await crawler { $0.depth = 2 }.crawl([server.baseURL + "/"], links: { document in
            let text = String(decoding: document.body, as: UTF8.self)
            return text.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        })
        let fetched = Set(results.compactMap { result -> String? in
            if case .fetched = result.outcome { return String(result.url.dropFirst(server.baseURL.count)) } else { return nil }
        })
        #expect(fetched == ["/", "/a", "/b", "/c"])
        #expect({ if case .excludedByRobots = status(results, "/private/x") { true } else { false } }())
        #expect(!results.contains { $0.url.contains("elsewhere") })
        #expect(server.received.filter { $0.path == "/robots.txt" }.count == 1)
        #expect(server.received.filter { $0.path == "/a" }.count == 1)   // the fragment is the same page
    }

    @Test func maxPagesBoundsTheCrawl() async throws {
        let results = await crawler { $0.depth = 3; $0.maxPages = 2 }.crawl([server.baseURL + "/"], links: { _ in ["/a", "/b", "/c"] })
        #expect(results.count == 2)
    }

    @Test func atMostTwoTransfersPerHost() async throws {
        let results = await crawler { $0.connections = 16 }.crawl((0..<8).map { server.baseURL + "/slow?\($0)" })
        #expect(results.count == 8)
        #expect(gauge.peak == 2)
    }

    @Test func retriesAfter429AsTheServerAsksAndGivesUpOnLongWaits() async throws {
        let results = await crawler().crawl([server.baseURL + "/busy", server.baseURL + "/always-busy"])
        if case .fetched = status(results, "/busy") {} else { Issue.record("429 then 200 should end fetched") }
        #expect(gauge.attempts["/busy"] == 2)
        if case .failed(.rateLimited(_, let seconds)) = status(results, "/always-busy") { #expect(seconds == 3600) } else { Issue.record("503 with a long Retry-After should be rate limited") }
        #expect(gauge.attempts["/always-busy"] == 1)
    }

    @Test func robotsRules() {
        let rules = RobotsRules(parsing: """
            User-agent: googlebot
            Disallow: /

            User-agent: *
            Disallow: /private/
            Allow: /private/open
            Disallow: /*.pdf$
            """, agent: "hygiene")
        #expect(rules.allows("/"))
        #expect(!rules.allows("/private/x"))
        #expect(rules.allows("/private/open/page"))
        #expect(!rules.allows("/files/a.pdf"))
        #expect(rules.allows("/files/a.pdf?x=1"))
        #expect(!RobotsRules(parsing: "User-agent: hygiene\nDisallow: /\n", agent: "hygiene").allows("/x"))
    }

    @Test func characterSetsFromHeaderOrMetaAndWrongDeclarations() {
        let latin1 = Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x80])   // "Café €" in windows-1252
        #expect(String(decoding: TextDecoding.decode(latin1, contentType: "text/html; charset=ISO-8859-1").utf8, as: UTF8.self) == "Café €")
        let meta = Data("<meta charset=\"windows-1252\">".utf8) + latin1
        #expect(String(decoding: TextDecoding.decode(meta, contentType: "text/html").utf8, as: UTF8.self).hasSuffix("Café €"))
        let wrong = TextDecoding.decode(latin1, contentType: "text/html; charset=utf-8")
        #expect(String(decoding: wrong.utf8, as: UTF8.self) == "Café €")
        #expect(wrong.mismatch != nil)
        let utf8 = TextDecoding.decode(Data("Café".utf8), contentType: nil)
        #expect(utf8.charset == "utf-8" && String(decoding: utf8.utf8, as: UTF8.self) == "Café")
    }

    @Test func webAddresses() {
        let base = WebAddress("https://Example.NL/a/b.html")!
        #expect(WebAddress("../c#x", relativeTo: base)?.description == "https://example.nl/c")
        #expect(WebAddress("https://www.example.nl:443/")!.isSameSite(as: base))
        #expect(WebAddress("mailto:a@b.nl") == nil)
        #expect(WebAddress("http://127.0.0.1:8080/x")?.hostKey == "127.0.0.1:8080")
    }
}
