import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The evidence logbook on disk: a folder readable by its owner only, holding `evidence.sqlite`
/// (the records, their files' hashes, the time stamps), `files/<sha256>` (the copies) and `HEAD`
/// (the chain's last record). Records are only ever appended.
public struct EvidenceStore: Sendable {
    public let folder: String
    let database: DatabaseQueue

    public var databasePath: String { folder + "/evidence.sqlite" }
    public var filesFolder: String { folder + "/files" }
    var headPath: String { folder + "/HEAD" }
    var nextHeadPath: String { folder + "/HEAD.next" }
    var lockPath: String { folder + "/.lock" }

    /// Whether a logbook exists in the folder.
    public static func exists(at folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/evidence.sqlite")
    }

    /// Opens the logbook in `folder`, creating it (0700, database 0600) when `create` is set.
    public init(folder: String, create: Bool) throws {
        self.folder = folder
        if !create && !Self.exists(at: folder) { throw EvidenceError.noStore(store: folder) }
        let path = folder + "/evidence.sqlite"
        do {
            for directory in [folder, folder + "/files"] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                chmod(directory, 0o700)
            }
            if !FileManager.default.fileExists(atPath: path) {
                let fd = open(path, O_CREAT | O_WRONLY | O_EXCL | O_CLOEXEC, 0o600)
                if fd >= 0 { close(fd) }
            }
            chmod(path, 0o600)
            var configuration = GRDB.Configuration()
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                // Every commit reaches the disk before `add` reports it.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError.cannotOpen(store: folder, reason: "\(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE record (
                    number INTEGER PRIMARY KEY,
                    enteredAt INTEGER NOT NULL,
                    occurredAt INTEGER NOT NULL,
                    place TEXT,
                    duration TEXT,
                    how TEXT NOT NULL,
                    witnesses TEXT NOT NULL,
                    note TEXT,
                    corrects INTEGER,
                    previousHash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE evidenceFile (
                    record INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    originalName TEXT NOT NULL,
                    modifiedAt INTEGER,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    PRIMARY KEY (record, position)
                );
                CREATE TABLE stamp (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recordNumber INTEGER NOT NULL,
                    chainHash TEXT NOT NULL,
                    authority TEXT NOT NULL,
                    signedAt INTEGER NOT NULL,
                    token BLOB NOT NULL
                );
                """)
        }
        return migrator
    }

    // MARK: Reading

    /// Every record in the order of their numbers, with their files.
    public func records() throws -> [EvidenceRecord] {
        try database.read { db in
            var files: [Int: [EvidenceFile]] = [:]
            let fileRows = try Row.fetchCursor(db, sql: "SELECT record, originalName, modifiedAt, size, sha256 FROM evidenceFile ORDER BY record, position")
            while let row = try fileRows.next() {
                let modified: Int64? = row[2]
                files[row[0], default: []].append(EvidenceFile(originalName: row[1], modifiedAt: modified.map(EvidenceChain.date(milliseconds:)),
                                                               size: row[3], sha256: row[4]))
            }
            var records: [EvidenceRecord] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT number, enteredAt, occurredAt, place, duration, how, witnesses, note, corrects, previousHash, hash
                FROM record ORDER BY number
                """)
            while let row = try rows.next() {
                let number: Int = row[0]
                let incident = Incident(occurredAt: EvidenceChain.date(milliseconds: row[2]), place: row[3], duration: row[4],
                                        how: Self.list(row[5]), witnesses: Self.list(row[6]), note: row[7])
                records.append(EvidenceRecord(number: number, enteredAt: EvidenceChain.date(milliseconds: row[1]), incident: incident,
                                              corrects: row[8], files: files[number] ?? [], previousHash: row[9], hash: row[10]))
            }
            return records
        }
    }

    /// One record by number.
    public func record(_ number: Int) throws -> EvidenceRecord {
        let all = try records()
        guard let record = all.first(where: { $0.number == number }) else { throw EvidenceError.noSuchRecord(number, count: all.count) }
        return record
    }

    public func stamps() throws -> [EvidenceStamp] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT recordNumber, chainHash, authority, signedAt, token FROM stamp ORDER BY id").map { row in
                EvidenceStamp(recordNumber: row[0], chainHash: row[1], authority: row[2], signedAt: EvidenceChain.date(milliseconds: row[3]),
                              token: row[4])
            }
        }
    }

    /// The head as `HEAD` records it (nil: no file; .some(nil): a damaged file), and `HEAD.next`.
    func heads() -> (head: ChainHead??, next: ChainHead??) {
        (ChainHead.read(headPath), ChainHead.read(nextHeadPath))
    }

    /// The records, the stamps and the head read together, while no `add` is committing (so the head
    /// and the database agree); without the lock where the folder is read-only (a copy on a disc).
    func snapshot() throws -> (records: [EvidenceRecord], stamps: [EvidenceStamp], heads: (head: ChainHead??, next: ChainHead??)) {
        let read = { (try records(), try stamps(), heads()) }
        guard access(folder, W_OK) == 0 else { return try read() }
        return try locked(read)
    }

    static func list(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? [json]
    }

    static func json(_ list: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    // MARK: Locking

    /// Runs `body` holding the logbook's lock: one `add` or `stamp` at a time, across processes.
    func locked<T>(_ body: () throws -> T) throws -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw EvidenceError.cannotOpen(store: folder, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw EvidenceError.cannotOpen(store: folder, reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
