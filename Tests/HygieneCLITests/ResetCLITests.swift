import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene reset` end to end: the plan from a vault, progress kept by step id across runs and a
/// changed vault, answers from a file, and the audit's pointer.
@Suite struct ResetCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VaultTests/Fixtures")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    func json(_ run: CLIRun, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], sourceLocation: sourceLocation)
    }

    func steps(_ document: [String: Any]) -> [[String: Any]] { document["steps"] as? [[String: Any]] ?? [] }

    @Test func thePlanFromAVaultInJSON() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["reset", "--vault", Self.fixture("bitwarden.json"), "--since", "2026-01-01", "--format", "json"])
        #expect(run.code == 0, "\(run.errors)")
        let document = try json(run)
        #expect(document["schema"] as? String == "hygiene-reset/1")
        let list = steps(document)
        #expect(list.count > 20)
        let ids = list.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        for step in list {
            for key in ["id", "title", "why", "minutes", "status", "flags", "dependsOn"] { #expect(step[key] != nil, "\(key) missing") }
            #expect(step.keys.contains("account") && step.keys.contains("service"))
        }
        // The Gmail account: its password predates the breakup date, and it comes after the phone number it recovers through.
        let gmail = try #require(list.first { $0["account"] as? String == "Gmail" })
        #expect((gmail["flags"] as? [String])?.contains("unchanged-since") == true)
        #expect(gmail["service"] as? String == "google")
        let number = try #require(ids.firstIndex { $0.hasPrefix("phone-number/") })
        #expect(number < ids.firstIndex { $0 == gmail["id"] as? String }!)
        #expect(list.first?["account"] is NSNull)
        // Without a breach list the plan says it could not mark breached passwords.
        #expect((document["notes"] as? [String])?.contains { $0.contains("not looked up in breach lists") } == true)
    }

    @Test func progressSurvivesRestartsAndAChangedVault() async throws {
        let sandbox = Sandbox()
        let first = try json(await sandbox.run(["reset", "--vault", Self.fixture("bitwarden.json"), "--format", "json"]))
        let gmailStep = try #require(steps(first).first { $0["account"] as? String == "Gmail" })
        let gmail = try #require(gmailStep["id"] as? String), gmailTitle = try #require(gmailStep["title"] as? String)
        let marked = await sandbox.run(["reset", "done", gmail, "1", "--vault", Self.fixture("bitwarden.json")])
        #expect(marked.code == 0, "\(marked.errors)")
        // The reply names the step by its title, not its id.
        #expect(marked.output.contains("Gmail — \(gmailTitle): done"), "\(marked.output)")
        #expect(!marked.output.contains(gmail))
        #expect(marked.output.contains("Next: 2."))
        _ = await sandbox.run(["reset", "skip", "2", "--vault", Self.fixture("bitwarden.json")])
        // Another export merged in: more accounts, the same ids for the ones there were.
        let changed = try json(await sandbox.run(["reset", "--vault", Self.fixture("bitwarden.json"), "--vault", Self.fixture("chrome.csv"), "--format", "json"]))
        let status = Dictionary(uniqueKeysWithValues: steps(changed).map { ($0["id"] as! String, $0["status"] as! String) })
        #expect(status[gmail] == "done")
        #expect(status["start/safety"] == "done")
        #expect(status["start/evidence"] == "skipped")
        #expect(steps(changed).count > steps(first).count)
        let undone = await sandbox.run(["reset", "undo", gmail, "--vault", Self.fixture("bitwarden.json")])
        #expect(undone.code == 0)
        let after = try json(await sandbox.run(["reset", "--vault", Self.fixture("bitwarden.json"), "--format", "json"]))
        #expect(steps(after).first { $0["id"] as? String == gmail }?["status"] as? String == "todo")
        // An unknown step is a clear usage error.
        let unknown = await sandbox.run(["reset", "done", "nothing/like-this", "--vault", Self.fixture("bitwarden.json")])
        #expect(unknown.code == 64)
        #expect(unknown.errors.contains("'nothing/like-this' is no step of this plan"))
    }

    @Test func answersFromAFileAddStepsAndAreKept() async throws {
        let sandbox = Sandbox()
        let answers = sandbox.home + "/answers.yaml"
        try "children: yes\nshared: [car, streaming]\nphone-plan: yes-theirs\n".write(toFile: answers, atomically: true, encoding: .utf8)
        let plain = try json(await sandbox.run(["reset", "--format", "json"]))
        let answered = try json(await sandbox.run(["reset", "--answers", answers, "--format", "json"]))
        let ids = Set(steps(answered).compactMap { $0["id"] as? String })
        #expect(ids.contains("around/children") && ids.contains("around/shared-car") && ids.contains("around/shared-streaming"))
        #expect(steps(answered).count > steps(plain).count)
        #expect((answered["notes"] as? [String])?.contains { $0.contains("children") } == true)
        // Stored with the plan: the next run without --answers still has them.
        let again = try json(await sandbox.run(["reset", "--format", "json"]))
        #expect(Set(steps(again).compactMap { $0["id"] as? String }) == ids)

        try "children: maybe\n".write(toFile: answers, atomically: true, encoding: .utf8)
        let bad = await sandbox.run(["reset", "--answers", answers])
        #expect(bad.code == 2)
        #expect(bad.errors.contains("answers.yaml:1: children: 'maybe' is not one of yes, no"))
        try "pets: yes\n".write(toFile: answers, atomically: true, encoding: .utf8)
        #expect(await sandbox.run(["reset", "--answers", answers]).errors.contains("unknown question 'pets'"))
    }

    @Test func noVaultStillGivesAPlanInEveryFormat() async throws {
        let sandbox = Sandbox()
        for format in ["text", "markdown", "html", "json"] {
            let run = await sandbox.run(["reset", "--format", format, "--lang", "nl"])
            #expect(run.code == 0, "\(format): \(run.errors)")
            #expect(run.output.contains("112"))
            #expect(run.output.contains(format == "json" ? "\"schema\" : \"hygiene-reset/1\"" : "Bewaar bewijs"), "\(format)")
        }
        let html = await sandbox.run(["reset", "--format", "html"])
        #expect(html.output.contains("<input type=\"checkbox\""))
        #expect(!html.output.contains("<script"))
    }

    @Test func configuredAccountsAndRecoveryJoinThePlan() async throws {
        let sandbox = Sandbox()
        let config = sandbox.home + "/config.yaml"
        try """
        version: 1
        accounts: [kpn, "netflix: sanne@example.nl", digid]
        recovers-through: ["netflix -> sanne@example.nl"]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let document = try json(await sandbox.run(["reset", "--config", config, "--format", "json"]))
        let ids = steps(document).compactMap { $0["id"] as? String }
        let kpn = try #require(ids.firstIndex { $0.hasPrefix("kpn-") })
        let netflix = try #require(ids.firstIndex { $0.hasPrefix("netflix-") })
        let mailbox = try #require(ids.firstIndex { $0.hasPrefix("mailbox-") })
        #expect(mailbox < netflix && kpn < netflix)
        try "version: 1\naccounts: [no-such-service]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let bad = await sandbox.run(["reset", "--config", config])
        #expect(bad.code == 64)
        #expect(bad.errors.contains("'no-such-service' is no service of the reset catalogue"))
    }

    /// The audit's summary and `hygiene reset` are one plan: the same accounts, configured accounts and
    /// recovery, the same stored answers, so the same number of steps.
    @Test func theAuditAndHygieneResetAgreeOnThePlan() async throws {
        let sandbox = Sandbox()
        let tree = try wellKeptMachine()
        let config = sandbox.home + "/config.yaml"
        try """
        version: 1
        accounts: [kpn, "netflix: sanne@example.nl"]
        recovers-through: ["netflix -> sanne@example.nl"]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let answers = sandbox.home + "/answers.yaml"
        try "shared: [car, streaming]\nknew-passwords: yes\n".write(toFile: answers, atomically: true, encoding: .utf8)
        let vault = ["--vault", Self.fixture("bitwarden.json"), "--since", "2026-01-01", "--config", config]
        // The answers are stored with the plan by `hygiene reset`, and read back by the audit.
        let reset = await sandbox.run(["reset"] + vault + ["--answers", answers, "--format", "json"])
        #expect(reset.code == 0, "\(reset.errors)")
        let planned = steps(try json(reset)).count
        let audit = await sandbox.run(["audit", "--root", tree.root, "--only", "reset", "--format", "json"] + vault)
        let findings = try json(audit)["findings"] as? [[String: Any]] ?? []
        let summary = try #require(findings.first { $0["check"] as? String == "reset.plan" }?["title"] as? String)
        #expect(summary.hasPrefix("Your account-reset plan: \(planned) steps"), "\(summary) against \(planned) steps")
        // Without the answers and the configured accounts the plan is another, so the agreement is not by chance.
        let bare = await Sandbox().run(["reset", "--vault", Self.fixture("bitwarden.json"), "--since", "2026-01-01", "--format", "json"])
        #expect(bare.code == 0)
        #expect(steps(try json(bare)).count < planned)
    }

    @Test func theAuditPointsToThePlanAfterABreakupOnly() async throws {
        let sandbox = Sandbox()
        let tree = try wellKeptMachine()
        let after = await sandbox.run(["audit", "--root", tree.root, "--vault", Self.fixture("bitwarden.json"), "--since", "2026-01-01",
                                       "--no-state", "--format", "json"])
        let findings = try json(after)["findings"] as? [[String: Any]] ?? []
        let plan = try #require(findings.first { $0["check"] as? String == "reset.plan" })
        #expect((plan["title"] as? String)?.hasPrefix("Your account-reset plan:") == true)
        #expect((plan["detail"] as? String)?.contains("hygiene reset") == true)
        let before = await sandbox.run(["audit", "--root", tree.root, "--vault", Self.fixture("bitwarden.json"), "--no-state", "--format", "json"])
        #expect(!((try json(before)["findings"] as? [[String: Any]]) ?? []).contains { $0["check"] as? String == "reset.plan" })
    }

    @Test func answersInDutchAndDutchErrors() async throws {
        let sandbox = Sandbox()
        let answers = sandbox.home + "/antwoorden.yaml"
        try "knew-passwords: ja\nused-devices: weet niet\nphone-plan: ja-ex\nshared: [auto, gezinsgroep]\nchildren: nee\n"
            .write(toFile: answers, atomically: true, encoding: .utf8)
        let run = await sandbox.run(["reset", "--answers", answers, "--format", "json", "--lang", "nl"])
        #expect(run.code == 0, "\(run.errors)")
        let ids = Set(steps(try json(run)).compactMap { $0["id"] as? String })
        #expect(ids.contains("devices/spyware") && ids.contains("around/shared-car") && ids.contains("around/shared-cloud"))
        #expect(!ids.contains("around/children"))
        try "knew-passwords: misschien\n".write(toFile: answers, atomically: true, encoding: .utf8)
        let bad = await sandbox.run(["reset", "--answers", answers, "--lang", "nl"])
        #expect(bad.code == 2)
        #expect(bad.errors.contains("antwoorden.yaml:1: knew-passwords: 'misschien' is geen van ja, nee, weet-niet"), "\(bad.errors)")
        try "wachtwoorden: ja\n".write(toFile: answers, atomically: true, encoding: .utf8)
        let unknown = await sandbox.run(["reset", "--answers", answers, "--lang", "nl"])
        #expect(unknown.errors.contains("onbekende vraag 'wachtwoorden'; de vragen zijn knew-passwords"), "\(unknown.errors)")
        try "phone-plan: [ja-ik, ja-ex]\n".write(toFile: answers, atomically: true, encoding: .utf8)
        #expect(await sandbox.run(["reset", "--answers", answers, "--lang", "nl"]).errors.contains("phone-plan heeft één antwoord"))
    }

    @Test func everyStepCarriesItsTierAndOneTierCanBeShown() async throws {
        let sandbox = Sandbox()
        let arguments = ["reset", "--vault", Self.fixture("bitwarden.json"), "--since", "2026-01-01"]
        let document = try json(await sandbox.run(arguments + ["--format", "json"]))
        let tiers = steps(document).compactMap { $0["tier"] as? String }
        #expect(tiers.count == steps(document).count)
        #expect(Set(tiers).isSubset(of: ["today", "week", "later"]) && tiers.contains("today") && tiers.contains("week"))
        #expect(tiers == tiers.sorted { ["today", "week", "later"].firstIndex(of: $0)! < ["today", "week", "later"].firstIndex(of: $1)! })
        #expect(steps(document).allSatisfy { ($0["tierWhy"] as? String)?.isEmpty == false })
        // One tier: only its steps, and 'done 1' marks the first step of that tier.
        let week = try json(await sandbox.run(arguments + ["--tier", "week", "--format", "json"]))
        #expect(!steps(week).isEmpty && steps(week).allSatisfy { $0["tier"] as? String == "week" })
        let first = try #require(steps(week).first?["id"] as? String)
        let marked = await sandbox.run(["reset", "done", "1"] + Array(arguments.dropFirst()) + ["--tier", "week"])
        #expect(marked.code == 0, "\(marked.errors)")
        let after = try json(await sandbox.run(arguments + ["--format", "json"]))
        #expect(steps(after).first { $0["id"] as? String == first }?["status"] as? String == "done")
        // Text and HTML show the tiers with their size.
        let text = await sandbox.run(arguments + ["--lang", "nl"])
        #expect(text.output.range(of: "Vandaag — [0-9]+ stappen, nog ongeveer [0-9]+ minuten", options: .regularExpression) != nil)
        #expect(text.output.contains("Deze week — "))
        let html = await sandbox.run(arguments + ["--format", "html"])
        #expect(html.output.contains("<h2 class=\"tier\" id=\"tier-today\">Today — "))
        #expect(html.output.contains("<h2 class=\"tier\" id=\"tier-week\">This week — "))
        let bad = await sandbox.run(arguments + ["--tier", "tomorrow"])
        #expect(bad.code == 64)
    }

    @Test func configuredAccountsAreNamedInTheUsersLanguage() async throws {
        let sandbox = Sandbox()
        let config = sandbox.home + "/config.yaml"
        try "version: 1\naccounts: [kpn, csam, \"netflix: sanne@example.nl\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let run = await sandbox.run(["reset", "--config", config, "--lang", "nl"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("KPN (mobiel, internet, KPN Mail) — Doe de deuren dicht"))
        #expect(run.output.contains("CSAM (Belgische overheidslogin)") && !run.output.contains("Belgian government login"))
        #expect(run.output.contains("sanne@example.nl — Beveilig deze mailbox"))
        #expect(run.output.contains("Netflix (sanne@example.nl)"))
    }

    @Test func theStateHoldsNoPersonalValue() async throws {
        let sandbox = Sandbox()
        let answers = sandbox.home + "/answers.yaml"
        try "knew-passwords: yes\n".write(toFile: answers, atomically: true, encoding: .utf8)
        _ = await sandbox.run(["reset", "--vault", Self.fixture("bitwarden.json"), "--answers", answers])
        _ = await sandbox.run(["reset", "done", "1", "2", "3", "9", "10", "--vault", Self.fixture("bitwarden.json")])
        let state = try #require(FileManager.default.contents(atPath: sandbox.home + "/data/hygiene/state.sqlite"))
        let text = String(decoding: state, as: UTF8.self).lowercased()
        for value in ["sanne", "gmail.com", "planted", "devries"] { #expect(!text.contains(value), "the state holds \(value)") }
    }
}
