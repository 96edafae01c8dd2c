import Foundation

/// Why the logbook could not do what was asked, naming the store or file and what to do.
public enum EvidenceError: Error, LocalizedError, Equatable {
    case cannotOpen(store: String, reason: String)
    case noStore(store: String)
    case unreadableFile(path: String, reason: String)
    case notAFile(path: String)
    case cannotStore(path: String, reason: String)
    case nothingToRecord
    case noSuchRecord(Int, count: Int)
    case correctsLater(Int, next: Int)
    case badTime(String)
    case futureTime(String)
    case notDestroyed(store: String)
    case nothingToStamp(store: String)
    case notIntact(store: String)

    public var errorDescription: String? {
        switch self {
        case .cannotOpen(let store, let reason):
            "cannot open the evidence logbook in \(store): \(reason)"
        case .noStore(let store):
            "there is no evidence logbook in \(store) yet; start one with 'hygiene evidence add'"
        case .unreadableFile(let path, let reason):
            "\(path): cannot read this file (\(reason)); nothing was recorded"
        case .notAFile(let path):
            "\(path): not a regular file or folder (a link or a device?); give the file itself; nothing was recorded"
        case .cannotStore(let path, let reason):
            "\(path): cannot copy it into the logbook (\(reason)); nothing was recorded"
        case .nothingToRecord:
            "nothing to record: give at least what happened (--how), a note (--note), a place (--place) or a file"
        case .noSuchRecord(let number, let count):
            count == 0 ? "there is no record \(number): the logbook is empty" : "there is no record \(number): the logbook has records 1 to \(count)"
        case .correctsLater(let number, let next):
            "record \(number) does not exist yet (the next record will be \(next)); a correction refers to an earlier record"
        case .badTime(let text):
            "'\(text)' is not a time hygiene understands; write it as 2026-11-30 21:15, 30-11-2026 21:15, 2026-11-30 or 21:15"
        case .futureTime(let text):
            "'\(text)' lies in the future; give the time the incident happened"
        case .notIntact(let store):
            "the logbook in \(store) is not intact (see above), so no dossier was written; change nothing in it and show it, as it is, to whoever helps you"
        case .nothingToStamp(let store):
            "the logbook in \(store) has no records yet: there is nothing to stamp"
        case .notDestroyed(let store):
            "\(store) was not deleted: add --yes if you are sure"
        }
    }
}
