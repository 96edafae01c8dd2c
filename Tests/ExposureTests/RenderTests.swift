import AuditCore
@testable import Exposure
import Fetch
import Foundation
import Testing
import TestSupport

/// `--render` end to end with the system Chromium against a local server: data a script writes is
/// found only when rendered; a page that never finishes loading and a page that loops or opens
/// endless popups end at their limit, with a status, the browser stopped and its profile gone. CI
/// installs Chromium and sets HYGIENE_REQUIRE_CHROMIUM, so there these cannot be skipped.
@Suite(.serialized) struct RenderTests {
    static let browser = ChromiumRenderer.locate()

    static func available() -> Bool {
        guard browser != nil else {
            if ProcessInfo.processInfo.environment["HYGIENE_REQUIRE_CHROMIUM"] != nil {
                Issue.record("Chromium is required here but not installed; run .ci/deps --tests")
            }
            return false
        }
        return true
    }

    static let pages: [String: String] = [
        "/written-by-script": """
            <!DOCTYPE html><html><head><title>Over mij</title></head><body><div id="app"></div>
            <script>document.getElementById('app').innerHTML = '<p>Bel me gerust op 06 12 34 56 78, ook in het weekend.</p>';</script>
            </body></html>
            """,
        "/long": "<!DOCTYPE html><html><body><div id=\"list\"></div><script>var l = document.getElementById('list');"
            + " for (var i = 0; i < 5000; i++) { var p = document.createElement('p'); p.textContent = 'Regel ' + i + ' van een lange lijst.'; l.appendChild(p); }</script></body></html>",
        "/never-finishes": """
            <!DOCTYPE html><html><head><title>Traag</title><script src="/hang.js"></script></head>
            <body><p>Deze pagina wacht op een script dat nooit komt.</p></body></html>
            """,
        "/popups-and-loop": """
            <!DOCTYPE html><html><head><title>Gedoe</title></head><body><p>Een pagina vol gedoe.</p>
            <script>setInterval(function () { window.open('/popups-and-loop'); alert('hoi'); location.hash = Math.random(); }, 1);
            setTimeout(function () { for (;;) {} }, 50);</script></body></html>
            """,
    ]

    static func server() throws -> TestHTTPServer {
        try TestHTTPServer { request in
            if request.path == "/hang.js" { return .hang }
            guard let html = pages[request.path] else { return .text("not here", status: 404) }
            return .respond(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(html.utf8))
        }
    }

    static func scan(_ paths: [String], server: TestHTTPServer, render: Bool, limit: Int = 20, maxBytes: Int = 8 << 20) async throws -> ExposureScan {
        var options = ScanOptions()
        options.photos = false
        options.crawl.timeout = .seconds(5)
        options.readability = try ReadabilityTests.rules()
        if render {
            var renderer = ChromiumRenderer(browser: browser!)
            renderer.limit = .seconds(limit)
            renderer.budget = .seconds(3)
            renderer.maxBytes = maxBytes
            options.renderer = renderer
        }
        return await ExposureScan.collect(paths.map { server.baseURL + $0 }, options: options, fetcher: CurlFetcher())
    }

    static func phones(in scan: ExposureScan) async throws -> [String] {
        let checks = try CorpusTests.shippedChecks()
        let phone = try #require(checks.first { $0.id == "exposure.phone" })
        var inputs = AuditInputs(["url": scan.pages.map(\.url)])
        inputs.prepared["url"] = scan
        let context = CheckContext(checkID: "exposure.phone", host: Machine(root: "/", runner: NoCommandRunner(), privileged: false, now: Date(), environment: [:]),
                                   inputs: inputs)
        guard case .failed(let drafts) = try await phone.implementation.run(in: context) else { return [] }
        return drafts.flatMap(\.subjects).compactMap { $0["masked"] }
    }

    /// Browsers of ours still running, and profiles of ours still on disk.
    static func leftovers() -> (processes: Int, profiles: [String]) {
        var processes = 0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            if String(decoding: data, as: UTF8.self).contains("hygiene-render-") { processes += 1 }
        }
        let profiles = ((try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? [])
            .filter { $0.hasPrefix("hygiene-render-") }
        return (processes, profiles)
    }

    @Test func dataWrittenByAScriptIsFoundOnlyWhenRendered() async throws {
        guard Self.available() else { return }
        let server = try Self.server()
        defer { server.stop() }
        let plain = try await Self.scan(["/written-by-script"], server: server, render: false)
        #expect(try await Self.phones(in: plain).isEmpty)
        #expect(plain.pages.first?.verdict.isReadable == false, "an empty page filled by a script is not read without --render")
        #expect(plain.sources.first?.readable == false)

        let rendered = try await Self.scan(["/written-by-script"], server: server, render: true)
        #expect(try await Self.phones(in: rendered) == ["+31 *******78"])
        #expect(rendered.pages.first?.verdict.isReadable == true)
        let detail = try #require(rendered.sources.first).detail
        #expect(detail.en.contains("rendered in Chromium"), "\(detail.en)")
        #expect(detail.nl.contains("weergegeven in Chromium"))
        #expect(rendered.notes.contains(ExposureTexts.renderNote))
        #expect(Self.leftovers().profiles.isEmpty)
    }

    @Test func aHugeDOMIsCutAndSaid() async throws {
        guard Self.available() else { return }
        let server = try Self.server()
        defer { server.stop() }
        let scan = try await Self.scan(["/long"], server: server, render: true, maxBytes: 20_000)
        let detail = try #require(scan.sources.first).detail
        #expect(detail.en.contains("cut at that size; the rest was not read"), "\(detail.en)")
        #expect(detail.nl.contains("afgekapt"))
        // What was kept is read: the first lines the script wrote, not the last.
        let text = try #require(scan.pages.first).text
        #expect(text.texts.contains("Regel 10 van een lange lijst."))
        #expect(!text.texts.contains("Regel 4999 van een lange lijst."))
        #expect(Self.leftovers().profiles.isEmpty)
    }

    @Test func pagesThatNeverSettleEndAtTheirLimit() async throws {
        guard Self.available() else { return }
        let server = try Self.server()
        defer { server.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        let scan = try await Self.scan(["/never-finishes", "/popups-and-loop"], server: server, render: true, limit: 8)
        let elapsed = clock.now - started
        // Two pages side by side, each at most its limit plus the second between SIGTERM and SIGKILL.
        #expect(elapsed < .seconds(30), "\(elapsed)")
        #expect(scan.sources.count == 2)
        for source in scan.sources {
            #expect(source.ok)
            // Rendered within the budget, or stopped at the limit and said so: never silent.
            #expect(source.detail.en.contains("rendered in Chromium") || source.detail.en.contains("not rendered"), "\(source.detail.en)")
        }
        // The loop never lets the page settle: it is stopped at the limit and the page as fetched is read.
        let loop = try #require(scan.sources.first { $0.name.hasSuffix("/popups-and-loop") })
        #expect(loop.detail.en.contains("not rendered: the browser did not finish within 8 s"), "\(loop.detail.en)")
        #expect(scan.pages.count == 2)
        let left = Self.leftovers()
        #expect(left.processes == 0)
        #expect(left.profiles.isEmpty)
    }
}
