import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// The vault family end to end through `hygiene audit`, with the shipped checks and data: copies,
/// variants, home-network logins and two-step sign-in in one realistic export.
@Suite struct VaultCLITests {
    /// A Bitwarden export after importing a browser's passwords: Gmail twice (the browser's copy is old
    /// and weak), DigiD with a one-time code, Vodafone and DigiD on one base with the site's abbreviation,
    /// a router on the home network.
    static let export = """
    {"encrypted": false, "items": [
     {"type": 1, "name": "Gmail", "login": {"uris": [{"uri": "https://accounts.google.com"}], "username": "sanne@gmail.com",
      "password": "Vm3#qL8!xT5@wR2z", "passwordRevisionDate": "2026-05-01T10:00:00Z"}},
     {"type": 1, "name": "accounts.google.com", "login": {"uris": [{"uri": "https://accounts.google.com/signin"}],
      "username": "sanne@gmail.com", "password": "welkom01", "passwordRevisionDate": "2023-02-01T10:00:00Z"}},
     {"type": 1, "name": "DigiD", "login": {"uris": [{"uri": "https://digid.nl"}], "username": "sanne",
      "password": "Qz7!mPq2Kx9-dig", "totp": "otpauth://totp/DigiD?secret=JBSWY3DPEHPK3PXP"}},
     {"type": 1, "name": "Vodafone", "login": {"uris": [{"uri": "https://www.vodafone.nl/my"}], "username": "sanne",
      "password": "Qz7!mPq2Kx9-vod"}},
     {"type": 1, "name": "Router", "login": {"uris": [{"uri": "http://192.168.178.1"}], "username": "admin", "password": "Hn6&pW3*kD9$"}}
    ]}
    """

    func findings(_ report: [String: Any], _ check: String) -> [[String: Any]] {
        (report["findings"] as? [[String: Any]] ?? []).filter { $0["check"] as? String == check }
    }

    @Test func aRealisticExportGetsEveryNewFinding() async throws {
        let sandbox = Sandbox()
        let path = sandbox.home + "/bitwarden.json"
        try Self.export.write(toFile: path, atomically: true, encoding: .utf8)
        let run = await sandbox.run(["audit", "--only", "vault", "--vault", path, "--no-state", "--format", "json"])
        #expect(run.code == 1, "\(run.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])

        let duplicates = findings(report, "vault.duplicates")
        #expect(duplicates.count == 1)
        #expect((duplicates.first?["title"] as? String)?.hasPrefix("Gmail (sanne@gmail.com) is saved 2 times") == true)
        let copies = duplicates.first?["subjects"] as? [[String: String]] ?? []
        #expect(copies.map { $0["status"] } == ["newest", "older"])
        #expect(copies.map { $0["entry"] } == ["bitwarden.json, item 1", "bitwarden.json, item 2"])

        // The browser's copy is weak: judged on its own.
        let weak = findings(report, "vault.weak").flatMap { $0["subjects"] as? [[String: String]] ?? [] }
        #expect(weak.map { $0["name"] } == ["accounts.google.com"])

        let similar = findings(report, "vault.similar")
        #expect(similar.count == 1)
        #expect(Set((similar.first?["subjects"] as? [[String: String]] ?? []).compactMap { $0["name"] }) == ["DigiD", "Vodafone"])

        let home = findings(report, "vault.home-network")
        #expect((home.first?["subjects"] as? [[String: String]])?.first?["https"] == "no")
        #expect(findings(report, "vault.insecure-url").isEmpty)

        // Gmail is a key account whose site offers two-step sign-in; DigiD's one-time code counts as on.
        let twoStep = findings(report, "vault.two-factor")
        let key = try #require(twoStep.first { $0["severity"] as? String == "medium" })
        let keySubjects = key["subjects"] as? [[String: String]] ?? []
        #expect(keySubjects.map { $0["name"] } == ["Gmail"])
        #expect(keySubjects.first?["set up"]?.hasPrefix("https://") == true)
        #expect(keySubjects.first?["two-step methods"]?.hasPrefix("security key, authenticator app") == true)
        let other = try #require(twoStep.first { $0["severity"] as? String == "low" })
        #expect((other["subjects"] as? [[String: String]])?.map { $0["name"] } == ["Vodafone"])
        #expect((other["subjects"] as? [[String: String]])?.first?["advice"]?.hasPrefix("only by phone") == true)
    }

    @Test func confirmedSitesAreCountedAsOnAndTheReportSpeaksDutch() async throws {
        let sandbox = Sandbox()
        let path = sandbox.home + "/bitwarden.json"
        try Self.export.write(toFile: path, atomically: true, encoding: .utf8)
        let config = sandbox.home + "/config.yaml"
        try "version: 1\ntwo-factor-on: [google.com, vodafone.nl]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let json = await sandbox.run(["audit", "--config", config, "--only", "vault", "--vault", path, "--no-state", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(findings(report, "vault.two-factor").isEmpty)
        let check = (report["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "vault.two-factor" }
        #expect(check?["status"] as? String == "passed")
        #expect((check?["reason"] as? String)?.hasPrefix("3 of 4 accounts have two-step sign-in on") == true)

        let text = await sandbox.run(["audit", "--only", "vault", "--vault", path, "--no-state", "--lang", "nl", "--format", "markdown"])
        #expect(text.output.contains("status: nieuwste"))
        #expect(text.output.contains("item: bitwarden.json, item 2"))
        #expect(text.output.contains("alleen via de telefoon"))
    }

    @Test func validatingAFolderReadsItsDataFiles() async throws {
        let sandbox = Sandbox()
        let folder = sandbox.home + "/mine"
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try """
        version: 1
        checks:
          - id: mine.two-factor
            kind: two-factor
            severity: low
            title: {en: Two-step sign-in on my club's site, nl: Tweestapsverificatie op de site van mijn club}
            why: {en: Because, nl: Omdat}
            fix: {en: [Switch it on], nl: [Zet het aan]}
            params: {sites: data/sites.json}
        """.write(toFile: folder + "/mine.yaml", atomically: true, encoding: .utf8)
        try "{\"club.nl\": {\"name\": \"Club\", \"tfa\": [\"totp\"]}}".write(toFile: folder + "/data/sites.json", atomically: true, encoding: .utf8)
        let good = await sandbox.run(["checks", "validate", folder])
        #expect(good.code == 0, "\(good.errors)")
        try "{\"club.nl\": {\"name\": \"Club\",\n \"tfa\": [totp]}}".write(toFile: folder + "/data/sites.json", atomically: true, encoding: .utf8)
        let bad = await sandbox.run(["checks", "validate", folder])
        #expect(bad.code == 2)
        #expect(bad.errors.contains("mine.yaml:3:5: mine.two-factor: \(folder)/data/sites.json:2:"), "\(bad.errors)")
    }

    @Test func theNoticesOfShippedDataArePrinted() async throws {
        let run = await Sandbox().run(["checks", "notices"])
        #expect(run.code == 0)
        #expect(run.output.contains("Checks/vault/two-factor/LICENSE.md"))
        #expect(run.output.contains("The MIT License"))
        #expect(run.output.contains("2factorauth"))
    }
}
