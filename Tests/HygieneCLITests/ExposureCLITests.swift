import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene audit --url` end to end against a real server on 127.0.0.1 with planted data.
@Suite struct ExposureCLITests {
    /// Planted values that must never appear in a report, a log line or the state database.
    static let planted = ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "0612345678", "06-12345678", "+31612345678", "1234 5678", "123456782", "sanne@devries.nl",
                          "12 maart 1990", "Dorpsstraat 12", "52.3702"]

    final class Site: @unchecked Sendable {
        let lock = NSLock()
        var profile = """
            <html><body><h1>Sanne de Vries</h1><p>Geboren op 12 maart 1990. Dorpsstraat 12, 3511 AB Utrecht.</p>
            <p>Bel 06-12345678 of mail <a href="mailto:sanne@devries.nl">mij</a>. IBAN NL91 ABNA 0417 1643 00. BSN 1234.56.782.</p>
            <img src="/huis.jpg" alt="ons huis"><a href="/blog">blog</a></body></html>
            """
        func page() -> String { lock.withLock { profile } }
        func set(_ text: String) { lock.withLock { profile = text } }
    }

    static func server(_ site: Site) throws -> TestHTTPServer {
        let photo = ExifJPEG.amsterdam
        return try TestHTTPServer { request in
            switch request.path {
            case "/": return .respond(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(site.page().utf8))
            case "/blog": return .respond(status: 200, headers: ["Content-Type": "text/html"], body: Data("<p>Mijn blog, tel. 020-1234567</p>".utf8))
            case "/huis.jpg": return .respond(status: 200, headers: ["Content-Type": "image/jpeg"], body: photo)
            case "/hang": return .hang
            default: return .text("not found", status: 404)
            }
        }
    }

    func json(_ run: CLIRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.errors)")
    }

    @Test func findsPlantedDataMaskedWithPerURLStatusesAndKeepsOnlyFingerprints() async throws {
        let site = Site()
        let server = try Self.server(site)
        defer { server.stop() }
        let sandbox = Sandbox()
        let identity = sandbox.home + "/me.yaml"
        try "name: Sanne de Vries\nstreet: Dorpsstraat 12\nphones: ['+31 6 1234 5678']\n".write(toFile: identity, atomically: true, encoding: .utf8)
        let list = sandbox.home + "/urls.txt"
        try "# mine\n\(server.baseURL)/hang\nftp://example.org/file\n".write(toFile: list, atomically: true, encoding: .utf8)
        let arguments = ["audit", "--only", "exposure", "--url", server.baseURL + "/", "--urls-file", list, "--depth", "1",
                         "--identity", identity, "--page-timeout", "2", "--format", "json"]
        let first = await sandbox.run(arguments)
        #expect(first.code == 1)   // critical findings
        let report = try json(first)
        let findings = try #require(report["findings"] as? [[String: Any]])
        let checks = Set(findings.compactMap { $0["check"] as? String })
        #expect(checks.isSuperset(of: ["exposure.iban", "exposure.bsn", "exposure.phone", "exposure.email", "exposure.postcode",
                                       "exposure.date-of-birth", "exposure.street", "exposure.identity", "exposure.gps"]))
        let iban = try #require(findings.first { $0["check"] as? String == "exposure.iban" }?["subjects"] as? [[String: String]])
        #expect(iban.first?["masked"] == "NL** **** **** **43 00")
        #expect(iban.first?["fingerprint"] == "2288ef2e20318bbd06c6d102eb4690a3b183640e547e6b4b1824d493c1ff8aff")   // sha256("iban:NL91ABNA0417164300")
        #expect(iban.first?["url"] == server.baseURL + "/")
        // The phone number in the identity file, written another way on the page, is marked as the person's own;
        // the number on the blog is not.
        let phones = findings.filter { $0["check"] as? String == "exposure.phone" }
        let home = try #require(phones.first { ($0["subjects"] as? [[String: String]])?.first?["url"] == server.baseURL + "/" })
        #expect((home["subjects"] as? [[String: String]])?.first?["own"] == "true")
        #expect((home["detail"] as? String)?.contains("One is in your identity file: +31 *******78") == true)
        let blog = try #require(phones.first { ($0["subjects"] as? [[String: String]])?.first?["url"] == server.baseURL + "/blog" })
        #expect((blog["subjects"] as? [[String: String]])?.first?["own"] == nil)
        let gps = try #require(findings.first { $0["check"] as? String == "exposure.gps" }?["subjects"] as? [[String: String]])
        #expect(gps.first?["url"] == server.baseURL + "/huis.jpg")
        // The blog was found by following a link.
        #expect(findings.contains { ($0["subjects"] as? [[String: String]])?.contains { $0["url"] == server.baseURL + "/blog" } == true })
        let sources = try #require(report["sources"] as? [[String: Any]])
        let byURL = Dictionary(sources.map { ($0["url"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byURL[server.baseURL + "/"]?["ok"] as? Bool == true)
        #expect((byURL[server.baseURL + "/hang"]?["detail"] as? String)?.contains("timeout") == true)
        #expect((byURL["ftp://example.org/file"]?["detail"] as? String)?.contains("urls.txt:3") == true)
        // The passwords were left out on purpose (--only exposure): no reminder about them.
        let notes = try #require(report["notes"] as? [String])
        #expect(!notes.contains { $0.contains("passwords were not checked") })

        // Nothing planted in any format, nor in the state database.
        for format in ["text", "markdown", "html", "json"] {
            let run = await sandbox.run(arguments.dropLast(2) + ["--format", format, "--no-state"])
            for value in Self.planted { #expect(!run.output.contains(value) && !run.errors.contains(value), "\(value) in \(format)") }
        }
        let database = try Data(contentsOf: URL(fileURLWithPath: sandbox.home + "/data/hygiene/state.sqlite"))
        for value in Self.planted { #expect(database.range(of: Data(value.utf8)) == nil, "\(value) in the state database") }

        // The next audit shows what is new: a page that now also shows a card number.
        site.set(site.page().replacingOccurrences(of: "</body>", with: "<p>Visa 4111 1111 1111 1111</p></body>"))
        let second = try json(await sandbox.run(arguments))
        let new = (second["findings"] as? [[String: Any]])?.filter { $0["new"] as? Bool == true }.compactMap { $0["check"] as? String }
        #expect(new == ["exposure.credit-card"])
    }

    @Test func onlyExposureWithoutAddressesIsAUsageError() async throws {
        let run = await Sandbox().run(["audit", "--only", "exposure", "--no-state"])
        #expect(run.code == 64)
        #expect(run.errors.contains("--url"))
    }

    @Test func removalRequestLetterInBothLanguages() async throws {
        let sandbox = Sandbox()
        let english = await sandbox.run(["removal-request", "--url", "https://example.org/team", "--kind", "phone", "--kind", "iban", "--name", "S. de Vries"])
        #expect(english.code == 0)
        #expect(english.output.contains("Article 17"))
        #expect(english.output.contains("https://example.org/team"))
        #expect(english.output.contains("my phone number and my bank account number"))
        let dutch = await sandbox.run(["removal-request", "--lang", "nl", "--url", "https://example.org/team"])
        #expect(dutch.output.contains("artikel 17 AVG"))
        #expect(dutch.output.contains("[je naam]"))
        let bad = await sandbox.run(["removal-request", "--kind", "shoe-size"])
        #expect(bad.code == 64)
        let badDutch = await sandbox.run(["removal-request", "--kind", "shoe-size", "--lang", "nl"])
        #expect(badDutch.code == 64)
        #expect(badDutch.errors.contains("--kind shoe-size: kies uit "), "\(badDutch.errors)")
        // The Dutch letter needs no verb to agree with the list of data (sweep B-1).
        let kinds = await sandbox.run(["removal-request", "--lang", "nl", "--url", "https://example.org/team", "--kind", "phone", "--kind", "iban"])
        #expect(kinds.output.contains("worden deze gegevens van mij getoond (mijn telefoonnummer en mijn bankrekeningnummer):"), "\(kinds.output)")
    }
}

/// A JPEG whose EXIF data puts it in Amsterdam (52.3702, 4.8952).
enum ExifJPEG {
    static let amsterdam: Data = {
        func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: [UInt8]) -> [UInt8] { be16(tag) + be16(type) + be32(count) + value }
        var tiff: [UInt8] = Array("MM".utf8) + [0, 42] + be32(8) + be16(1) + entry(0x8825, 4, 1, be32(26)) + be32(0)
        tiff += be16(4) + entry(1, 2, 2, [78, 0, 0, 0]) + entry(2, 5, 3, be32(80)) + entry(3, 2, 2, [69, 0, 0, 0]) + entry(4, 5, 3, be32(104)) + be32(0)
        for (d, m, s) in [(52, 22, 1272), (4, 53, 4272)] { tiff += be32(d) + be32(1) + be32(m) + be32(1) + be32(s) + be32(100) }
        let app1 = Array("Exif".utf8) + [0, 0] + tiff
        return Data([0xFF, 0xD8, 0xFF, 0xE1] + be16(app1.count + 2) + app1 + [0xFF, 0xDA, 0, 2, 0xFF, 0xD9])
    }()
}
