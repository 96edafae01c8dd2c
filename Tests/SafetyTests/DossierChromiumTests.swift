import AuditCore
import Foundation
@testable import Safety
import Testing
import TestSupport

/// The exported logbook opened in headless Chromium, as the police or a lawyer would open it: the page
/// parses with the records in the order they happened, and both thumbnails load — also the ones far
/// down the page, which the page asks to load lazily — when it is printed on A4. CI installs Chromium
/// and sets HYGIENE_REQUIRE_CHROMIUM, so there the test cannot be skipped.
@Suite struct DossierChromiumTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    func chromium(_ arguments: [String], profile: String) throws -> (status: Int32, output: String) {
        try dossierRun(Self.chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                                        "--user-data-dir=" + profile] + arguments)
    }

    @Test func theLogbookOpensInOrderAndItsPicturesLoadWhenPrinted() async throws {
        guard Self.chromium != nil else {
            if ProcessInfo.processInfo.environment["HYGIENE_REQUIRE_CHROMIUM"] != nil {
                Issue.record("Chromium is required here but not installed; run .ci/deps --tests")
            }
            return
        }
        let fixture = try DossierFixture.sample()
        // Forty earlier incidents put the sample's pictures pages down.
        for index in 0..<40 {
            fixture.add(occurredAt: Date(timeIntervalSince1970: 1_760_000_000 + Double(index) * 3_600), place: "Thuis",
                        how: ["call"], note: "Gebeld om \(index) uur, niet opgenomen.")
        }
        try fixture.export()
        let page = "file://" + DossierName.url(fixture.target + "/logbook.html")
        let profile = fixture.root + "/chromium"

        let dom = try await offThePool { try chromium(["--dump-dom", page], profile: profile) }
        #expect(dom.status == 0)
        let shown = dom.output.components(separatedBy: "<section class=\"record\" id=\"r").dropFirst().compactMap { Int($0.prefix { $0 != "\"" }) }
        let expected = fixture.records.sorted {
            ($0.incident.occurredAt, $0.number) < ($1.incident.occurredAt, $1.number)
        }.map(\.number)
        #expect(shown == expected)
        #expect(shown.count == 45)
        #expect(dom.output.contains("<html lang=\"en\">"))
        #expect(dom.output.contains("&lt;script&gt;alert('x')&lt;/script&gt;"))
        #expect(!dom.output.contains("<script"))
        #expect(dom.output.components(separatedBy: "<img class=\"thumb\"").count - 1 == 2)

        let pdf = fixture.root + "/logbook.pdf"
        let printed = try await offThePool { try chromium(["--print-to-pdf=" + pdf, "--no-pdf-header-footer", page], profile: profile) }
        #expect(printed.status == 0)
        let data = try #require(FileManager.default.contents(atPath: pdf))
        #expect(data.starts(with: Data("%PDF".utf8)))
        let text = String(decoding: data, as: UTF8.self)
        // A4 pages (595 × 842 points), several of them.
        let pages = text.components(separatedBy: "/MediaBox [0 0 ").dropFirst().map { $0.prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) } }
        #expect(pages.count >= 3)
        #expect(pages.allSatisfy { $0.count == 2 && abs($0[0] - 595.3) < 2 && abs($0[1] - 841.9) < 2 }, "\(pages)")
        // Each picture is in the PDF at its own size (97 × 61 and 83 × 47 pixels); a picture that did not
        // load would be Chromium's broken-image icon instead.
        #expect(text.components(separatedBy: "/Subtype /Image").count - 1 == 2)
        #expect(text.contains("/Width 97") && text.contains("/Height 61"))
        #expect(text.contains("/Width 83") && text.contains("/Height 47"))
    }
}
