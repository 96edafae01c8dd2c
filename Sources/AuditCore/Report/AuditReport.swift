import Foundation

/// The change since the previous audit, from the state database.
public struct Trend: Sendable {
    public var previousAuditAt: Date
    public var previousScore: Int?
    /// Fingerprints of findings that were not there last time.
    public var newFingerprints: Set<String>
    /// Checks whose findings from last time are gone, with how many went.
    public var fixed: [FixedFinding]

    public struct FixedFinding: Sendable, Hashable {
        public var checkID: String
        public var title: LocalizedText
        public var count: Int
        public init(checkID: String, title: LocalizedText, count: Int) {
            self.checkID = checkID
            self.title = title
            self.count = count
        }
    }

    public init(previousAuditAt: Date, previousScore: Int?, newFingerprints: Set<String>, fixed: [FixedFinding]) {
        self.previousAuditAt = previousAuditAt
        self.previousScore = previousScore
        self.newFingerprints = newFingerprints
        self.fixed = fixed
    }

    public func daysSince(_ now: Date) -> Int { max(0, Int(now.timeIntervalSince(previousAuditAt) / 86_400)) }
}

/// What became of one input an audit read: a web address fetched or not, and why.
public struct SourceStatus: Sendable, Hashable {
    /// The address or file, as given.
    public var name: String
    public var ok: Bool
    /// `fetched: HTTP 200, 12 KB`, or why not.
    public var detail: LocalizedText
    /// False when it was fetched but its content could not be read (a sign-in page, a cookie wall):
    /// it was not checked. Nil where the family gives no verdict.
    public var readable: Bool?

    public init(name: String, ok: Bool, detail: LocalizedText, readable: Bool? = nil) {
        self.name = name
        self.ok = ok
        self.detail = detail
        self.readable = readable
    }

    /// Fetched and read: what reports mark with a tick.
    public var isRead: Bool { ok && readable != false }
}

/// What a report shows before anything else: a title and a few lines (the helplines and the reminder to
/// keep evidence, when the configuration says the user is dealing with stalking or a breakup). The core
/// does not know where the lines come from; the command that makes the report fills them in.
public struct ReportOpening: Sendable, Hashable {
    public var title: LocalizedText
    public var lines: [LocalizedText]

    public init(title: LocalizedText, lines: [LocalizedText]) {
        self.title = title
        self.lines = lines
    }
}

/// Everything a report shows, in the order it shows it.
public struct AuditReport: Sendable {
    public static let schema = "hygiene-report/1"

    public var toolVersion: String
    public var generatedAt: Date
    public var system: OSInfo
    public var privileged: Bool
    public var score: Score
    /// Most urgent first.
    public var findings: [Finding]
    public var checks: [CheckResult]
    public var trend: Trend?
    /// Reminders and remarks: an audit or update that is due, an export to delete.
    public var notes: [LocalizedText]
    /// The web addresses read, each with its status.
    public var sources: [SourceStatus]
    /// Shown first in every format, when set.
    public var opening: ReportOpening?

    public init(toolVersion: String, generatedAt: Date, system: OSInfo, privileged: Bool,
                checks: [CheckResult], trend: Trend? = nil, notes: [LocalizedText] = [], sources: [SourceStatus] = [],
                opening: ReportOpening? = nil) {
        self.sources = sources
        self.opening = opening
        self.toolVersion = toolVersion
        self.generatedAt = generatedAt
        self.system = system
        self.privileged = privileged
        self.checks = checks
        self.score = Score(results: checks)
        self.findings = checks.flatMap(\.findings).sorted(by: Finding.priorityOrder)
        self.trend = trend
        self.notes = notes
    }

    /// The three fixes to do first: the most urgent findings that are not mere items to review,
    /// one per check.
    public var doFirst: [Finding] {
        var seen = Set<String>()
        return findings.filter { $0.severity != .info && seen.insert($0.checkID).inserted }.prefix(3).map { $0 }
    }

    public func count(_ status: CheckStatus) -> Int { checks.filter { $0.status == status }.count }

    public func isNew(_ finding: Finding) -> Bool { trend?.newFingerprints.contains(finding.fingerprint) ?? false }

    /// Whether any finding is at or above `severity`.
    public func hasFindings(atOrAbove severity: Severity) -> Bool { findings.contains { $0.severity >= severity } }
}
