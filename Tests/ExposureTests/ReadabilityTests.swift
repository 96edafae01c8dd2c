import AuditCore
@testable import Exposure
import Foundation
import Testing

/// Pages that were fetched but not read — written to resemble an Instagram app shell, a Facebook
/// sign-in page, LinkedIn's authwall, a Dutch publisher's consent wall, a Cloudflare-style challenge
/// and an empty page — and readable look-alikes (a two-line contact page, an article with a "log in"
/// link, a newsletter and comment form, a members' login box in a sidebar, a cookie bar over an
/// article). Each verdict is asserted, and what the audit makes of it.
@Suite struct ReadabilityTests {
    static let folder = CorpusTests.corpus.appendingPathComponent("readability")

    static func rules() throws -> ReadabilityRules {
        let check = try #require(try CorpusTests.shippedChecks().first { $0.id == "exposure.unreadable" })
        return try #require(ExposureScan.readabilityRules(in: [check]))
    }

    static func page(_ name: String, url: String? = nil, rules: ReadabilityRules) throws -> ScannedPage {
        let html = try String(contentsOf: folder.appendingPathComponent(name + ".html"), encoding: .utf8)
        let address = url ?? "https://example.test/\(name)"
        let text = Page.read(Array(html.utf8))
        return ScannedPage(url: address, text: text, verdict: Readability.verdict(text, markup: Array(html.utf8), url: address, rules: rules))
    }

    static let expected: [(String, String, Unreadable?)] = [
        ("instagram-shell", "https://www.instagram.com/sannedewit.fotografie/", .appShell),
        ("facebook-signin", "https://www.facebook.com/jan.jansen.1234", .signIn),
        ("linkedin-authwall", "https://nl.linkedin.com/in/pieter-bakker-utrecht", .signIn),
        ("consent-wall-nl", "https://www.dagbladzuid.example/nieuws/123", .consentWall),
        ("cloudflare-challenge", "https://www.sportclub-example.nl/leden", .botCheck),
        ("empty", "https://example.test/leeg", .empty),
        ("contact-short", "https://fietsmaker.example/contact", nil),
        ("article-login-link", "https://wijkkrant.example/pompoenen", nil),
        ("newsletter-comment", "https://broodblog.example/zuurdesem", nil),
        ("sidebar-login", "https://devliegers.example/zomerkamp", nil),
        ("cookie-bar-article", "https://www.dagbladzuid.example/fietsbrug", nil),
    ]

    @Test(arguments: expected.indices)
    func eachPageGetsItsVerdict(_ index: Int) throws {
        let (name, url, reason) = Self.expected[index]
        let page = try Self.page(name, url: url, rules: Self.rules())
        #expect(page.verdict.reason == reason, "\(name)")
    }

    @Test func phrasesCountAsWholeWords() {
        #expect(Readability.contains("please log in to continue", "log in"))
        #expect(Readability.contains("log in", "log in"))
        #expect(!Readability.contains("mijn blog in het kort", "log in"))
        #expect(!Readability.contains("cookiesgebruik", "cookies"))
        #expect(Readability.contains("(cookies)", "cookies"))
    }

    /// A short page with a sentence of its own is read, however many scripts it loads; without one, it is an app shell.
    @Test func aShortPageWithASentenceIsReadWhateverItsScripts() throws {
        let rules = try Self.rules()
        let scripts = String(repeating: "<script src=\"/x.js\"></script>", count: 5)
        func verdict(_ body: String) -> Unreadable? {
            let html = "<html><head><title>Contact</title>\(scripts)</head><body>\(body)</body></html>"
            return Readability.verdict(Page.read(Array(html.utf8)), markup: Array(html.utf8), url: "https://example.test/", rules: rules).reason
        }
        #expect(verdict("<p>Je kunt ons bellen op werkdagen tussen negen en vijf uur.</p>") == nil)
        #expect(verdict("<div id=\"root\"></div>") == .appShell)
        #expect(verdict("<noscript>You need to enable JavaScript to run this app.</noscript><div id=\"root\"></div>") == .appShell)
    }

    @Test func profileAddressesAreRecognisedAsData() throws {
        let rules = try Self.rules()
        let profiles = [
            ("https://www.facebook.com/jan.jansen.1234", "facebook"), ("https://m.facebook.com/profile.php?id=1", "facebook"),
            ("https://www.instagram.com/sannedewit/", "instagram"), ("https://nl.linkedin.com/in/pieter-bakker", "linkedin"),
            ("https://www.tiktok.com/@sanne", "tiktok"), ("https://x.com/sanne", "x"), ("https://twitter.com/sanne", "x"),
            ("https://www.youtube.com/@sanne", "youtube"), ("https://www.threads.net/@sanne", "threads"),
        ]
        for (url, id) in profiles { #expect(rules.platform(of: url)?.id == id, "\(url)") }
        for url in ["https://www.facebook.com/", "https://www.facebook.com/login/", "https://www.linkedin.com/company/acme",
                    "https://www.tiktok.com/about", "https://x.com/home", "https://www.youtube.com/watch?v=1", "https://example.test/@sanne",
                    "https://www.instagram.com/p/abc/"] {
            #expect(rules.platform(of: url) == nil, "\(url)")
        }
        #expect(rules.platforms.allSatisfy { !$0.viewAs.en.isEmpty && !$0.viewAs.nl.isEmpty && $0.viewAs.en != $0.viewAs.nl })
    }

    func context(_ pages: [ScannedPage], checks: [Check]) -> CheckContext {
        var inputs = AuditInputs(["url": pages.map(\.url)])
        var scan = ExposureScan(pages: pages)
        scan.maskAcross(checks)
        inputs.prepared["url"] = scan
        return CheckContext(checkID: "test", host: Machine(root: "/", runner: NoCommandRunner(), privileged: false, now: Date(), environment: [:]),
                            inputs: inputs)
    }

    @Test func unreadablePagesAreAFindingAndNeverCountedClean() async throws {
        let rules = try Self.rules()
        let checks = try CorpusTests.shippedChecks()
        let pages = [try Self.page("facebook-signin", url: "https://www.facebook.com/jan.jansen.1234", rules: rules),
                     try Self.page("instagram-shell", url: "https://www.instagram.com/sannedewit.fotografie/", rules: rules),
                     try Self.page("article-login-link", rules: rules)]
        let context = context(pages, checks: checks)
        let unreadable = try #require(checks.first { $0.id == "exposure.unreadable" })
        guard case .failed(let drafts) = try await unreadable.implementation.run(in: context) else {
            Issue.record("expected a finding"); return
        }
        #expect(unreadable.severity == .low)
        let subjects = try #require(drafts.first).subjects
        #expect(subjects.map { $0["url"] } == [pages[0].url, pages[1].url])
        #expect(subjects[0].fields.first { $0.key == "status" }?.value(.nl).hasPrefix("een inlogpagina") == true)
        #expect(subjects[1]["status"]?.hasPrefix("an app shell") == true)
        #expect(subjects[1]["advice"]?.contains("--render") == true)
        // The social profile: what was not seen, how to look as the public does, and what the logged-out page still showed.
        #expect(subjects[1]["service"] == "Instagram")
        #expect(subjects[1]["status"]?.contains("not seen: posts, reels") == true)
        #expect(subjects[1]["status"]?.contains("signed out it shows: og:site_name, og:title, og:description, og:image, twitter:card, JSON-LD (2)") == true,
                "\(subjects[1]["status"] ?? "")")
        #expect(subjects[1]["advice"]?.contains("private window") == true)
        #expect(subjects[0]["advice"]?.contains("View as") == true)
        #expect(subjects[0].fields.first { $0.key == "advice" }?.value(.nl).contains("Bekijken als") == true)

        // A detector with nothing to report passes on the one page it read, and says two were not checked.
        let iban = try #require(checks.first { $0.id == "exposure.iban" })
        guard case .passed(let evidence) = try await iban.implementation.run(in: context) else { Issue.record("expected passed"); return }
        #expect(evidence.en.contains("on 1 page read"))
        #expect(evidence.en.contains("2 pages could not be read"))
        #expect(evidence.nl.contains("2 pagina's konden niet worden gelezen"))

        // With no page read, nothing passes: the checks are skipped and the score stays below 100.
        let onlyUnreadable = self.context(Array(pages.prefix(2)), checks: checks)
        guard case .skipped = try await iban.implementation.run(in: onlyUnreadable) else { Issue.record("expected skipped"); return }
        let results = await Auditor(jobs: 2).run(checks.filter { $0.id != "exposure.gps" }, host: onlyUnreadable.host, inputs: onlyUnreadable.inputs)
        let score = Score(results: results)
        #expect(score.value.map { $0 < 100 } ?? false, "\(score)")
        #expect(!results.contains { $0.status == .passed && $0.checkID != "exposure.unreadable" })
    }

    @Test func allPagesReadPasses() async throws {
        let rules = try Self.rules()
        let checks = try CorpusTests.shippedChecks()
        let context = context([try Self.page("cookie-bar-article", rules: rules)], checks: checks)
        let unreadable = try #require(checks.first { $0.id == "exposure.unreadable" })
        guard case .passed = try await unreadable.implementation.run(in: context) else { Issue.record("expected passed"); return }
    }

    @Test func everySnippetHidesWhatTheOtherDetectorsFound() async throws {
        let checks = try CorpusTests.shippedChecks()
        let html = "<p>Ik woon aan de Kerkstraat 12, 3512 AB Utrecht. Bel 06 12 34 56 78.</p>"
        let page = ScannedPage(url: "https://example.test/over-mij", html: html)
        var context = context([page], checks: checks)
        let identity = try Identity.parse("name: Anna de Boer\nstreet: Kerkstraat 12\n", path: "identity.yaml")
        context.inputs.prepared[Identity.inputName] = identity
        var snippets: [String: String] = [:]
        for id in ["exposure.postcode", "exposure.street", "exposure.phone"] {
            let check = try #require(checks.first { $0.id == id })
            guard case .failed(let drafts) = try await check.implementation.run(in: context) else { Issue.record("\(id) found nothing"); continue }
            snippets[id] = drafts.first?.subjects.first?["snippet"]
        }
        for (id, snippet) in snippets {
            #expect(!snippet.lowercased().contains("kerkstraat"), "\(id): \(snippet)")
            #expect(!snippet.contains("3512") && !snippet.contains("AB Utrecht") || id == "exposure.postcode", "\(id): \(snippet)")
        }
        #expect(snippets.count == 3)
    }

    @Test func fieldValuesReadInDutch() {
        let match = Match(kind: "phone", normalized: "+31612345678", url: "https://example.test/", line: 1, snippet: "…")
        var own = match
        own.own = true
        let kind = own.subject.fields.first { $0.key == "kind" }!
        #expect(kind.value(.nl) == "telefoonnummer")
        #expect(kind.value(.en) == "phone")
        #expect(own.subject.fields.first { $0.key == "own" }?.value(.nl) == "ja")
        #expect(ExposureTexts.charset(.notUTF8(declared: "utf-8")).nl.contains("opgegeven als utf-8, maar de bytes zijn geen UTF-8"))
    }

    @Test func aBrokenMarkersFileIsLocated() throws {
        let good = try String(contentsOf: CorpusTests.checksFolder.appendingPathComponent("readability-markers.yaml"), encoding: .utf8)
        let broken = good.replacingOccurrences(of: "  thin-words: 40\n", with: "  thin-words: many\n")
        #expect(broken != good)
        do {
            _ = try ReadabilityRules.read(CheckDataFile(path: "Checks/exposure/readability-markers.yaml", text: broken))
            Issue.record("expected an error")
        } catch let error as DataFileError {
            #expect(error.file == "Checks/exposure/readability-markers.yaml")
            let line = good.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  thin-words:") }! + 1
            #expect(error.line == line, "\(error)")
            #expect(error.column > 1)
        }
        let missing = good.replacingOccurrences(of: "  de: [anmelden,", with: "  xx: [anmelden,")
        #expect(throws: DataFileError.self) { try ReadabilityRules.read(CheckDataFile(path: "m.yaml", text: missing)) }
    }
}
