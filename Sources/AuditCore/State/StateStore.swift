import Foundation
import GRDB

/// A past audit as the state database keeps it: when, the score, and how many findings.
public struct StoredAudit: Sendable, Hashable {
    public var id: Int64
    public var startedAt: Date
    public var score: Int?
    public var findings: Int
    public var families: [String]
}

public enum StateError: Error, LocalizedError {
    case cannotOpen(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the state database \(path): \(reason). Remove it with 'hygiene forget' if it is damaged."
        }
    }
}

/// The audit history in SQLite: times, scores and finding fingerprints (hashes) — never a secret,
/// a personal value or a finding's text. The file is created readable by its owner only.
public struct StateStore: Sendable {
    public let path: String
    let database: DatabaseQueue

    /// Opens (creating when needed) the database at `path`, with the core's tables and the families' own.
    public init(path: String, migrations: [StateMigration] = []) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: path) {
                let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
                if fd >= 0 { close(fd) }
            }
            chmod(path, 0o600)
            var configuration = GRDB.Configuration()
            configuration.busyMode = .timeout(5)
            database = try DatabaseQueue(path: path, configuration: configuration)
            var migrator = Self.migrator
            for migration in migrations { migrator.registerMigration(migration.name, migrate: migration.apply) }
            try migrator.migrate(database)
        } catch {
            throw StateError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("startedAt", .datetime).notNull()
                table.column("score", .integer)
                table.column("earned", .integer).notNull()
                table.column("possible", .integer).notNull()
                table.column("families", .text).notNull()
                table.column("toolVersion", .text).notNull()
            }
            try db.create(table: "auditCheck") { table in
                table.belongsTo("audit", onDelete: .cascade).notNull()
                table.column("checkId", .text).notNull()
                table.column("status", .text).notNull()
            }
            try db.create(table: "auditFinding") { table in
                table.belongsTo("audit", onDelete: .cascade).notNull()
                table.column("checkId", .text).notNull()
                table.column("fingerprint", .text).notNull()
                table.column("severity", .text).notNull()
            }
        }
        return migrator
    }

    /// Reads a family's own tables.
    public func read<T>(_ body: (Database) throws -> T) throws -> T { try database.read(body) }

    /// Changes a family's own tables, in one transaction.
    public func write<T>(_ body: (Database) throws -> T) throws -> T { try database.write(body) }

    /// The change since the most recent stored audit, or nil when there is none.
    /// Findings of checks that did not run this time are neither new nor fixed.
    public func trend(for results: [CheckResult], titles: [String: LocalizedText]) throws -> Trend? {
        try database.read { db in
            guard let last = try Row.fetchOne(db, sql: "SELECT id, startedAt, score FROM audit ORDER BY startedAt DESC, id DESC LIMIT 1")
            else { return nil }
            let auditID: Int64 = last["id"]
            let previous = try Row.fetchAll(db, sql: "SELECT checkId, fingerprint FROM auditFinding WHERE auditId = ?",
                                            arguments: [auditID])
            let previousPrints = Set(previous.map { $0["fingerprint"] as String })
            let ranNow = Set(results.filter { $0.status == .passed || $0.status == .failed }.map(\.checkID))
            let currentPrints = Set(results.flatMap(\.findings).map(\.fingerprint))
            var fixedByCheck: [String: Int] = [:]
            for row in previous {
                let check: String = row["checkId"], print: String = row["fingerprint"]
                if ranNow.contains(check) && !currentPrints.contains(print) { fixedByCheck[check, default: 0] += 1 }
            }
            let fixed = fixedByCheck.keys.sorted().map { check in
                Trend.FixedFinding(checkID: check, title: titles[check] ?? .verbatim(check), count: fixedByCheck[check]!)
            }
            return Trend(previousAuditAt: last["startedAt"], previousScore: last["score"],
                         newFingerprints: currentPrints.subtracting(previousPrints), fixed: fixed)
        }
    }

    /// Stores an audit: its time, score, the status of each check and the fingerprints of its findings.
    public func record(_ report: AuditReport, families: [String]) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO audit (startedAt, score, earned, possible, families, toolVersion) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [report.generatedAt, report.score.value, report.score.earned, report.score.possible,
                                 families.joined(separator: ","), report.toolVersion])
            let auditID = db.lastInsertedRowID
            for result in report.checks {
                try db.execute(sql: "INSERT INTO auditCheck (auditId, checkId, status) VALUES (?, ?, ?)",
                               arguments: [auditID, result.checkID, result.status.rawValue])
            }
            for finding in report.findings {
                try db.execute(sql: "INSERT INTO auditFinding (auditId, checkId, fingerprint, severity) VALUES (?, ?, ?, ?)",
                               arguments: [auditID, finding.checkID, finding.fingerprint, finding.severity.rawValue])
            }
        }
    }

    /// Past audits, newest first.
    public func history(limit: Int = 50) throws -> [StoredAudit] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT audit.id, startedAt, score, families, (SELECT COUNT(*) FROM auditFinding WHERE auditId = audit.id) AS findings
                FROM audit ORDER BY startedAt DESC, id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                StoredAudit(id: row["id"], startedAt: row["startedAt"], score: row["score"], findings: row["findings"],
                            families: (row["families"] as String).split(separator: ",").map(String.init))
            }
        }
    }

    public func lastAuditDate() throws -> Date? {
        try database.read { db in try Date.fetchOne(db, sql: "SELECT MAX(startedAt) FROM audit") }
    }

    /// Deletes the database and its journal files. Returns whether there was anything to delete.
    @discardableResult
    public static func forget(path: String) throws -> Bool {
        var removed = false
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.removeItem(atPath: file)
            removed = true
        }
        return removed
    }
}
