import Foundation

/// Why a dossier was not written. Each message names the folder, record or file and says what to do;
/// when one is thrown, nothing is left in the target folder that could pass for a finished dossier.
public enum DossierError: Error, LocalizedError, Equatable {
    /// The logbook has no records.
    case noRecords
    /// The target exists and is not a folder.
    case notAFolder(path: String)
    /// The target folder holds something already (a few of its names).
    case notEmpty(path: String, entries: [String])
    /// The target folder (or a file in it) could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// The records are not numbered 1, 2, 3… in entry order.
    case numbering(expected: Int, found: Int)
    /// A record's hash is not the hash of its content.
    case recordAltered(record: Int, stored: String, computed: String)
    /// A record's `previousHash` is not the hash of the record before it.
    case chainBroken(record: Int, previousHash: String, expected: String)
    /// A correction names a record that is not before it.
    case badCorrection(record: Int, corrects: Int)
    /// A file's recorded SHA-256 is not 64 lowercase hexadecimal digits.
    case badFileHash(record: Int, file: Int, value: String)
    /// A time stamp that does not cover the hash of the record it names.
    case stampMismatch(recordNumber: Int, chainHash: String)
    /// Store copies that are missing or no longer what the records say: the dossier was not written.
    case storeCopiesNotIntact(store: String, problems: [DossierFileProblem])

    public var errorDescription: String? {
        switch self {
        case .noRecords:
            return "the evidence logbook has no records yet: there is nothing to export"
        case .notAFolder(let path):
            return "\(path): exists and is not a folder: give the name of a new folder (or of an empty one) for the dossier"
        case .notEmpty(let path, let entries):
            let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", …" : "")
            let partial = entries.contains { $0.hasPrefix(DossierFolder.stagingPrefix) }
                ? " (\(DossierFolder.stagingPrefix)… is left over from an export that was stopped; it is not a dossier)" : ""
            return "\(path): the folder is not empty (\(shown))\(partial): give a new folder or an empty one, so that the dossier holds nothing but what the export writes"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write the dossier: \(reason). Nothing was kept; check the space and permissions there, or choose another folder"
        case .numbering(let expected, let found):
            return "the logbook's record number \(expected) is missing or out of place (number \(found) is in its place): records must be given complete and in entry order (1, 2, 3…); the dossier was not written"
        case .recordAltered(let record, let stored, let computed):
            return "record \(record) has been changed after it was entered: its hash is \(stored) but its content hashes to \(computed). The dossier was not written; keep the evidence store as it is (do not repair it) and ask for help before you hand over evidence"
        case .chainBroken(let record, let previousHash, let expected):
            return "record \(record) does not follow the record before it: it names \(previousHash) as the previous hash, but that record's hash is \(expected). A record was removed, inserted or changed; the dossier was not written. Keep the evidence store as it is and ask for help"
        case .badCorrection(let record, let corrects):
            return "record \(record) says it corrects record \(corrects), which is not an earlier record; the dossier was not written. Keep the evidence store as it is and ask for help"
        case .badFileHash(let record, let file, let value):
            return "file \(file) of record \(record) has \"\(value)\" as its SHA-256, which is not 64 lowercase hexadecimal digits; the dossier was not written. Keep the evidence store as it is and ask for help"
        case .stampMismatch(let recordNumber, let chainHash):
            return "a time stamp says it covers record \(recordNumber) with hash \(chainHash), which is not that record's hash (or there is no such record); the dossier was not written. Keep the evidence store as it is and ask for help"
        case .storeCopiesNotIntact(let store, let problems):
            let lines = problems.prefix(20).map { "  " + $0.description }
            let more = problems.count > 20 ? ["  … and \(problems.count - 20) more"] : []
            return ([
                "\(store): \(problems.count == 1 ? "a stored file is" : "\(problems.count) stored files are") not what the logbook recorded, so the dossier was not written (it would present them as unchanged):",
            ] + lines + more + [
                "Do not repair or delete anything in the store: the change itself may matter. Restore the files from a backup of the store if you have one, or ask for help before you hand over evidence.",
            ]).joined(separator: "\n")
        }
    }
}

/// One stored file that cannot go into a dossier as it is.
public struct DossierFileProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No copy in the store, or none that can be read.
        case missing(reason: String)
        /// The copy's content hashes to something else.
        case altered(actualSHA256: String)
        /// Same hash, other size: the record itself is wrong.
        case wrongSize(actual: Int64)
        /// Intact when copied, but its first bytes were different when the export began.
        case changedDuringExport
    }

    public var record: Int
    /// 1-based, in the record's order.
    public var file: Int
    public var originalName: String
    /// The copy's path in the store.
    public var storedPath: String
    public var expectedSHA256: String
    public var kind: Kind

    public var description: String {
        let which = "record \(record), file \(file) (\(originalName.debugDescription)), \(storedPath)"
        switch kind {
        case .missing(let reason): return "\(which): cannot be read: \(reason)"
        case .altered(let actual): return "\(which): its content hashes to \(actual), the record says \(expectedSHA256)"
        case .wrongSize(let actual): return "\(which): it has \(actual) bytes, not the size the record gives"
        case .changedDuringExport: return "\(which): it changed while the dossier was being made"
        }
    }
}
