import Accounts
import AuditCore
import Foundation
import Testing

/// Each platform's synthetic export (Fixtures/<platform>/): the clean one gives nothing at medium or
/// above, the planted one gives each planted item at its severity, and the person's own devices,
/// addresses and numbers are never flagged.
@Suite struct PlatformExportTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        var platform: String
        /// Check id → the least severity its worst finding must have.
        var planted: [String: Severity]
        var testDescription: String { platform }
    }

    static let expectations: [Expectation] = [
        .init(platform: "google", planted: ["accounts.sign-ins": .high, "accounts.recovery": .high, "accounts.mail-access": .critical,
                                            "accounts.changes": .high, "accounts.data-requests": .high]),
        .init(platform: "facebook", planted: ["accounts.sessions": .high, "accounts.sign-ins": .high, "accounts.changes": .high,
                                              "accounts.recovery": .high, "accounts.connected-apps": .medium, "accounts.data-requests": .high]),
        .init(platform: "instagram", planted: ["accounts.sign-ins": .medium, "accounts.sessions": .high, "accounts.changes": .medium,
                                               "accounts.recovery": .high]),
        .init(platform: "apple", planted: ["accounts.sessions": .high, "accounts.sign-ins": .high, "accounts.recovery": .high,
                                           "accounts.changes": .medium, "accounts.data-requests": .high]),
        .init(platform: "x", planted: ["accounts.sign-ins": .medium, "accounts.sessions": .high, "accounts.connected-apps": .medium,
                                       "accounts.recovery": .high, "accounts.changes": .medium]),
        .init(platform: "snapchat", planted: ["accounts.sign-ins": .high, "accounts.data-requests": .high]),
        .init(platform: "tiktok", planted: ["accounts.sign-ins": .high]),
        .init(platform: "linkedin", planted: ["accounts.sign-ins": .high, "accounts.recovery": .high]),
    ]

    /// The person's own values in the fixtures (identity.yaml), which no finding may name.
    static let own = ["sanne@example.nl", "192.0.2.10", "Pixel 8", "Sanne's iPhone", "+31612345678"]

    @Test(arguments: expectations)
    func cleanExportHasNothingAtMediumOrAbove(_ expectation: Expectation) async throws {
        let exports = try Shipped.reader.read(path: Fixture.path("\(expectation.platform)/clean"))
        #expect(exports.map(\.manifest.id) == [expectation.platform])
        let outcome = try await Outcome.run(exports)
        let serious = outcome.findings.filter { $0.severity >= .medium }
        #expect(serious.isEmpty, "\(serious.map { "\($0.check): \($0.draft.title?.en ?? $0.draft.detail.en)" })")
        // Every record kind the platform read was judged, not skipped.
        if case .passed = outcome.results["accounts.coverage"] {} else { Issue.record("coverage did not pass: \(String(describing: outcome.results["accounts.coverage"]))") }
    }

    @Test(arguments: expectations)
    func plantedItemsAreFoundAtTheirSeverity(_ expectation: Expectation) async throws {
        let exports = try Shipped.reader.read(path: Fixture.path("\(expectation.platform)/planted"))
        let outcome = try await Outcome.run(exports)
        for (check, least) in expectation.planted {
            let worst = outcome.worst(check)
            #expect(worst != nil && worst! >= least, "\(check): worst \(String(describing: worst)), expected at least \(least)")
        }
        // No finding is about the person's own device, address or number (a change may show it as the old value).
        let about = outcome.findings.map { ($0.draft.title?.en ?? "") + " " + ($0.draft.subjects.first?.name ?? "") + " " + ($0.draft.subjects.first?["device"] ?? "") }
        for value in Self.own {
            #expect(!about.contains { $0.contains(value) }, "a finding is about the person's own \(value)")
        }
    }

    @Test(arguments: expectations)
    func everyFindingSaysWhereToActAndWhereItWasRead(_ expectation: Expectation) async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("\(expectation.platform)/planted")))
        for finding in outcome.findings where finding.check != "accounts.coverage" {
            #expect(finding.draft.detail.en.contains("Where to act:") && finding.draft.detail.nl.contains("Waar je dit doet:"), "\(finding.check)")
            #expect(finding.draft.subjects.contains { $0["read from"] != nil }, "\(finding.check)")
        }
        // Every check with findings carries a caution and keeps evidence first.
        for id in Set(outcome.findings.map(\.check)) {
            let check = try #require(Shipped.checks.first { $0.id == id })
            #expect(check.caution != nil)
            #expect(check.fix.en.first?.contains("evidence") == true || id == "accounts.coverage")
        }
    }

    @Test func withoutABreakupDateSessionsSignedInNowAreStillRaised() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("facebook/planted")), since: nil)
        #expect(outcome.worst("accounts.sessions") == .medium)
        // Sign-ins and changes cannot be placed: listed for review only.
        #expect(outcome.worst("accounts.sign-ins") == .info)
        #expect(outcome.worst("accounts.changes") == .info)
    }

    @Test func withoutAnIdentityFileNothingIsCalledYours() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("google/clean")), identity: nil)
        // The recovery address cannot be recognised as the person's: it is raised.
        #expect(outcome.worst("accounts.recovery") == .high)
    }

    @Test func metaTextsAreRepaired() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("facebook/planted")))
        #expect(outcome.text.contains("Liège, Belgium"))
        #expect(!outcome.text.contains("LiÃ"))
    }

    @Test func recordsOfAKindNoExportHoldsAreSkippedNotPassed() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("tiktok/clean")))
        guard case .skipped(let reason) = outcome.results["accounts.mail-access"] else {
            Issue.record("mail access was not skipped: \(String(describing: outcome.results["accounts.mail-access"]))")
            return
        }
        #expect(reason.en.contains("TikTok") && reason.en.contains("not checked"))
    }

    @Test func thePassSaysWhatWasReadAndHowFarBack() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("apple/clean")))
        guard case .passed(let evidence) = outcome.results["accounts.sessions"] else {
            Issue.record("sessions did not pass")
            return
        }
        #expect(evidence.en.contains("Apple") && evidence.en.contains("read") && evidence.en.contains("2026-03-01"))
        #expect(evidence.nl.contains("gelezen"))
    }

    @Test func theNewestDownloadIsTakenAsTheOneBeingRead() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("apple/planted")))
        let downloads = outcome.findings.filter { $0.check == "accounts.data-requests" }
        #expect(downloads.count == 1)
        #expect(downloads.first?.draft.title?.en.contains("2026-03-15") == true)
    }

    @Test func aDownloadLinkSentToAnotherAddressIsNamed() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("snapchat/planted")))
        #expect(outcome.text.contains("planted.snap@example.com"))
    }

    @Test func signInsAreGroupedByAddressAndDevice() async throws {
        let outcome = try await Outcome.run(try Shipped.reader.read(path: Fixture.path("google/planted")))
        let signIns = outcome.findings.filter { $0.check == "accounts.sign-ins" }
        #expect(signIns.count == 1)
        #expect(signIns.first?.draft.subjects.first?["sign-ins"] == "4")
    }
}
