import AuditCore
import Foundation
import Testing
import TestSupport

func loadScripted(_ entries: [(id: String, action: String, severity: String, extra: String)]) throws -> [Check] {
    let text = "version: 1\nchecks:\n" + entries.map { checkYAML(id: $0.id, severity: $0.severity, extra: $0.extra, params: "do: \($0.action)") }
        .joined(separator: "\n")
    return try CheckLoader(kinds: [ScriptedKind.self]).load([(path: "test.yaml", text: text)])
}

@Suite struct AuditorTests {
    @Test func everyOutcomeIsRecordedAndOneBadCheckStopsNothing() async throws {
        let checks = try loadScripted([
            ("test.pass", "pass", "high", ""), ("test.fail", "fail", "high", ""), ("test.throw", "throw", "high", ""),
            ("test.skip", "skip", "high", ""), ("test.hang", "hang", "high", ""), ("test.after", "pass", "low", ""),
        ])
        let tree = try FixtureTree()
        let clock = ContinuousClock()
        let start = clock.now
        let results = await Auditor(jobs: 2, timeout: .milliseconds(300)).run(checks, host: tree.machine(), inputs: AuditInputs())
        // The hanging check never ends (it sleeps in 60 s steps, forever): returning at all proves it
        // was abandoned. The bound is only a guard against a much slower abandonment; it is loose,
        // because a two-core machine running every other suite alongside (key derivations, audits,
        // phones read through a fake adb) keeps Swift's few concurrency threads busy for a minute at a time.
        #expect(clock.now - start < .seconds(240))
        #expect(results.map(\.checkID) == checks.map(\.id))
        #expect(results.map(\.status) == [.passed, .failed, .error, .skipped, .error, .passed])
        #expect(results[2].reason?.en == "command 'frobnicate' is not installed")
        #expect(results[3].reason?.en == "needs root")
        #expect(results[4].reason?.en.hasPrefix("did not finish within") == true)
        #expect(results[1].findings.first?.subjects == [Subject("thing")])
    }

    @Test func checksStuckInBlockingCallsAreAbandonedOnTime() async throws {
        let checks = try loadScripted((0..<6).map { ("test.b\($0)", "block", "low", "") } + [("test.ok", "pass", "low", "")])
        let start = ContinuousClock.now
        let results = await Auditor(jobs: 6, timeout: .milliseconds(200)).run(checks, host: try FixtureTree().machine(), inputs: AuditInputs())
        // The blocked checks sleep for 120 s: well under that means they were abandoned, with room
        // for a loaded two-core machine running every other suite alongside.
        #expect(ContinuousClock.now - start < .seconds(110))
        #expect(results.prefix(6).allSatisfy { $0.status == .error })
        #expect(results.last?.status == .passed)
    }

    @Test func skippedByConfigurationAndNotApplicable() async throws {
        let checks = try loadScripted([("test.off", "pass", "high", ""), ("test.fedora", "pass", "high", "when: {os: [fedora]}"),
                                       ("test.vault", "pass", "high", "when: {inputs: [vault]}")])
        let tree = try FixtureTree(files: ["/etc/os-release": "ID=ubuntu\nID_LIKE=debian\n"])
        let results = await Auditor().run(checks, host: tree.machine(), inputs: AuditInputs(), skip: ["test.off"])
        #expect(results.map(\.status) == [.skipped, .skipped, .skipped])
        #expect(results[0].reason?.en == "skipped in your configuration")
        #expect(results[1].reason?.en.contains("this system is ubuntu") == true)
        #expect(results[2].reason?.en == "input missing: no vault was given")
    }

    @Test func debianChecksApplyToUbuntuThroughIdLike() async throws {
        let checks = try loadScripted([("test.debian", "pass", "high", "when: {os: [debian]}")])
        let tree = try FixtureTree(files: ["/etc/os-release": "ID=ubuntu\nID_LIKE=debian\n"])
        let results = await Auditor().run(checks, host: tree.machine(), inputs: AuditInputs())
        #expect(results.first?.status == .passed)
    }

    @Test func concurrencyStaysWithinTheBound() async throws {
        let checks = try loadScripted((0..<12).map { ("test.c\($0)", "hang", "low", "") })
        let tree = try FixtureTree()
        let counter = Counter()
        _ = await Auditor(jobs: 3, timeout: .milliseconds(50)).run(checks, host: tree.machine(), inputs: AuditInputs()) { done, total in
            counter.record(done: done, total: total)
        }
        #expect(counter.values == Array(1...12).map { [$0, 12] })
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [[Int]] = []
        func record(done: Int, total: Int) { lock.withLock { seen.append([done, total]) } }
        var values: [[Int]] { lock.withLock { seen } }
    }
}

@Suite struct ScoreAndPriorityTests {
    func results() async throws -> [CheckResult] {
        let checks = try loadScripted([
            ("test.critical", "fail", "critical", "weight: 2"), ("test.high", "pass", "high", ""),
            ("test.medium", "fail", "medium", ""), ("test.review", "info", "medium", ""),
            ("test.skipped", "skip", "critical", ""), ("test.heavy", "fail", "critical", "weight: 9\neffort: day"),
            ("test.quick", "fail", "critical", "weight: 9\neffort: minutes"),
        ])
        return await Auditor().run(checks, host: try FixtureTree().machine(), inputs: AuditInputs())
    }

    @Test func scoreCountsOnlyChecksThatRan() async throws {
        let score = Score(results: try await results())
        // possible: critical 10 ×3, high 6, medium 3 ×2 = 42; earned: high 6 + review 3 (info findings keep points) = 9
        #expect(score.possible == 42)
        #expect(score.earned == 9)
        #expect(score.value == 21)
    }

    @Test func noCheckRanMeansNoScore() {
        #expect(Score(results: []).value == nil)
    }

    @Test func findingsAreOrderedBySeverityThenWeightThenEffort() async throws {
        let report = AuditReport(toolVersion: "t", generatedAt: Date(), system: .unknown, privileged: false, checks: try await results())
        #expect(report.findings.map(\.checkID) == ["test.quick", "test.heavy", "test.critical", "test.medium", "test.review"])
        #expect(report.doFirst.map(\.checkID) == ["test.quick", "test.heavy", "test.critical"])
        #expect(report.hasFindings(atOrAbove: .critical))
    }
}

@Suite struct LanguageAndIntervalTests {
    @Test(arguments: [(["LANG": "nl_NL.UTF-8"], Language.nl), (["LANG": "nl_BE.UTF-8"], .nl), (["LANG": "en_GB.UTF-8"], .en),
                      (["LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"], .en), ([:], .en), (["LANGUAGE": "nl"], .nl),
                      // gettext's order: LANGUAGE before LANG (a Flemish desktop), but not under the C locale.
                      (["LANG": "en_US.UTF-8", "LANGUAGE": "nl"], .nl), (["LANG": "en_US.UTF-8", "LANGUAGE": "fr:nl_BE:en"], .nl),
                      (["LANG": "nl_NL.UTF-8", "LANGUAGE": "en_GB:nl"], .en), (["LANG": "C", "LANGUAGE": "nl"], .en)])
    func languageFromEnvironment(variables: [String: String], expected: Language) {
        #expect(Language.fromEnvironment(variables) == expected)
    }

    @Test func intervals() {
        #expect(Interval("30d")?.seconds == 30 * 86_400)
        #expect(Interval("2w")?.description == "2w")
        #expect(Interval("12h")?.seconds == 43_200)
        #expect(Interval("30") == nil)
        #expect(Interval("-3d") == nil)
        #expect(Interval("3y") == nil)
    }
}
