import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension EvidenceStore {
    /// Appends one record: the files are copied in first (synced), then the record is committed in one
    /// transaction that chains it to the last one. A run killed at any moment leaves either the
    /// record whole or nothing of it but unreferenced copies; every earlier record is untouched.
    @discardableResult
    public func add(_ incident: Incident, files paths: [String], corrects: Int? = nil, enteredAt: Date = Date()) throws -> EvidenceRecord {
        let cleaned = Self.normalised(incident)
        guard !paths.isEmpty || !cleaned.how.isEmpty || cleaned.note != nil || cleaned.place != nil else { throw EvidenceError.nothingToRecord }
        let intake = EvidenceIntake(filesFolder: filesFolder)
        intake.removeLeftovers(now: enteredAt)
        let sources = try EvidenceIntake.expand(paths)
        let files = try sources.map { try intake.copy($0.path, name: $0.name) }
        intake.syncFolder()

        return try locked {
            try settleHead()
            let record: EvidenceRecord = try database.writeWithoutTransaction { db in
                var made: EvidenceRecord?
                try db.inTransaction(.immediate) {
                    let last = try Row.fetchOne(db, sql: "SELECT number, hash FROM record ORDER BY number DESC LIMIT 1")
                    let lastNumber: Int = last?[0] ?? 0
                    let previous: String = last?[1] ?? EvidenceChain.genesis
                    if let corrects {
                        guard corrects >= 1 else { throw EvidenceError.noSuchRecord(corrects, count: lastNumber) }
                        guard corrects <= lastNumber else { throw EvidenceError.correctsLater(corrects, next: lastNumber + 1) }
                    }
                    var record = EvidenceRecord(number: lastNumber + 1,
                                                enteredAt: EvidenceChain.date(milliseconds: EvidenceChain.milliseconds(enteredAt)),
                                                incident: cleaned, corrects: corrects, files: files, previousHash: previous)
                    record.hash = EvidenceChain.hash(record)
                    try ChainHead(count: record.number, hash: record.hash).write(to: nextHeadPath)
                    try insert(record, db)
                    made = record
                    return .commit
                }
                return made!
            }
            // Committed: the head follows.
            if rename(nextHeadPath, headPath) == 0 { syncFolder() }
            return record
        }
    }

    /// Whether these paths can be added as they are now: each exists and is a regular file or a folder of
    /// them. Throws the problem with the first that cannot, so that it can be asked again at once.
    public static func checkFiles(_ paths: [String]) throws {
        _ = try EvidenceIntake.expand(paths)
    }

    /// Whether a correction of record `number` can be added to this logbook now.
    public func checkCorrection(of number: Int) throws {
        let count = try records().count
        guard number >= 1 else { throw EvidenceError.noSuchRecord(number, count: count) }
        guard number <= count else { throw EvidenceError.correctsLater(number, next: count + 1) }
    }

    /// Stores a time stamp over a record's hash.
    public func addStamp(_ stamp: EvidenceStamp) throws {
        try locked {
            try database.write { db in
                try db.execute(sql: "INSERT INTO stamp (recordNumber, chainHash, authority, signedAt, token) VALUES (?, ?, ?, ?, ?)",
                               arguments: [stamp.recordNumber, stamp.chainHash, stamp.authority,
                                           EvidenceChain.milliseconds(stamp.signedAt), stamp.token])
            }
        }
    }

    func insert(_ record: EvidenceRecord, _ db: Database) throws {
        let incident = record.incident
        try db.execute(sql: """
            INSERT INTO record (number, enteredAt, occurredAt, place, duration, how, witnesses, note, corrects, previousHash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.number, EvidenceChain.milliseconds(record.enteredAt), EvidenceChain.milliseconds(incident.occurredAt),
                             incident.place, incident.duration, Self.json(incident.how), Self.json(incident.witnesses), incident.note,
                             record.corrects, record.previousHash, record.hash])
        for (position, file) in record.files.enumerated() {
            try db.execute(sql: "INSERT INTO evidenceFile (record, position, originalName, modifiedAt, size, sha256) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [record.number, position, file.originalName, file.modifiedAt.map(EvidenceChain.milliseconds), file.size,
                                       file.sha256])
        }
    }

    /// Times at the store's precision (milliseconds), empty texts as absent, so that what is hashed
    /// is exactly what is read back.
    static func normalised(_ incident: Incident) -> Incident {
        func clean(_ text: String?) -> String? {
            guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return text
        }
        var incident = incident
        incident.occurredAt = EvidenceChain.date(milliseconds: EvidenceChain.milliseconds(incident.occurredAt))
        incident.place = clean(incident.place)
        incident.duration = clean(incident.duration)
        incident.note = clean(incident.note)
        incident.how = incident.how.compactMap(clean)
        incident.witnesses = incident.witnesses.compactMap(clean)
        return incident
    }

    /// After a run killed between writing `HEAD.next` and renaming it: keep it when the database
    /// committed that record, drop it when it did not.
    func settleHead() throws {
        guard case .some(.some(let next)) = ChainHead.read(nextHeadPath) else {
            unlink(nextHeadPath)
            return
        }
        let last = try database.read { db in try Row.fetchOne(db, sql: "SELECT number, hash FROM record ORDER BY number DESC LIMIT 1") }
        if let last, last[0] as Int == next.count, last[1] as String == next.hash {
            if rename(nextHeadPath, headPath) == 0 { syncFolder() }
        } else {
            unlink(nextHeadPath)
        }
    }

    func syncFolder() {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Deletes the whole logbook folder. Only `hygiene evidence destroy --yes` calls this.
    public static func destroy(folder: String) throws {
        guard exists(at: folder) else { throw EvidenceError.noStore(store: folder) }
        do {
            try FileManager.default.removeItem(atPath: folder)
        } catch {
            throw EvidenceError.cannotOpen(store: folder, reason: "\(error.localizedDescription)")
        }
    }
}
