import AuditCore
import Foundation

/// Why a dossier was not written. Each message names the folder, record or file and says what to do;
/// when one is thrown, nothing is left in the target folder that could pass for a finished dossier.
public enum DossierError: Error, LocalizedFailure, Equatable {
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

    static let keep = LocalizedText(en: "the dossier was not written. Keep the evidence store as it is and ask for help",
                                    nl: "het dossier is niet geschreven. Laat het logboek zoals het is en vraag om hulp")

    public var message: LocalizedText {
        switch self {
        case .noRecords:
            return LocalizedText(en: "the evidence logbook has no records yet: there is nothing to export",
                                 nl: "het logboek is nog leeg: er is niets om te exporteren")
        case .notAFolder(let path):
            return LocalizedText(en: "\(path): exists and is not a folder: give the name of a new folder (or of an empty one) for the dossier",
                                 nl: "\(path): bestaat al en is geen map: geef de naam van een nieuwe (of lege) map voor het dossier")
        case .notEmpty(let path, let entries):
            let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", …" : "")
            let partial = entries.contains { $0.hasPrefix(DossierFolder.stagingPrefix) }
            return LocalizedText(
                en: "\(path): the folder is not empty (\(shown))"
                    + (partial ? " (\(DossierFolder.stagingPrefix)… is left over from an export that was stopped; it is not a dossier)" : "")
                    + ": give a new folder or an empty one, so that the dossier holds nothing but what the export writes",
                nl: "\(path): de map is niet leeg (\(shown))"
                    + (partial ? " (\(DossierFolder.stagingPrefix)… is over van een export die werd afgebroken; het is geen dossier)" : "")
                    + ": geef een nieuwe of lege map, zodat het dossier alleen bevat wat de export schrijft")
        case .cannotWrite(let path, let reason):
            return LocalizedText(
                en: "\(path): cannot write the dossier: \(reason). Nothing was kept; check the space and permissions there, or choose another folder",
                nl: "\(path): het dossier kan niet worden geschreven: \(SystemReason.text(reason)(.nl)). Er is niets bewaard; kijk of er ruimte is en of je daar mag schrijven, of kies een andere map")
        case .numbering(let expected, let found):
            return LocalizedText(
                en: "the logbook's record number \(expected) is missing or out of place (number \(found) is in its place): records must be given complete and in entry order (1, 2, 3…); the dossier was not written",
                nl: "voorval \(expected) van het logboek ontbreekt of staat niet op zijn plaats (nummer \(found) staat daar): de voorvallen moeten compleet zijn en in de volgorde van invoeren (1, 2, 3…); het dossier is niet geschreven")
        case .recordAltered(let record, let stored, let computed):
            return LocalizedText(
                en: "record \(record) has been changed after it was entered: its hash is \(stored) but its content hashes to \(computed). The dossier was not written; keep the evidence store as it is (do not repair it) and ask for help before you hand over evidence",
                nl: "voorval \(record) is veranderd na het invoeren: de hash is \(stored), maar de inhoud geeft \(computed). Het dossier is niet geschreven; laat het logboek zoals het is (herstel niets) en vraag om hulp voordat je bewijs overdraagt")
        case .chainBroken(let record, let previousHash, let expected):
            return LocalizedText(
                en: "record \(record) does not follow the record before it: it names \(previousHash) as the previous hash, but that record's hash is \(expected). A record was removed, inserted or changed; ",
                nl: "voorval \(record) sluit niet aan op het voorval ervoor: het noemt \(previousHash) als vorige hash, maar de hash van dat voorval is \(expected). Er is een voorval verwijderd, ingevoegd of veranderd; ")
                + Self.keep
        case .badCorrection(let record, let corrects):
            return LocalizedText(en: "record \(record) says it corrects record \(corrects), which is not an earlier record; ",
                                 nl: "voorval \(record) zegt dat het voorval \(corrects) verbetert, maar dat is geen eerder voorval; ") + Self.keep
        case .badFileHash(let record, let file, let value):
            return LocalizedText(
                en: "file \(file) of record \(record) has \"\(value)\" as its SHA-256, which is not 64 lowercase hexadecimal digits; ",
                nl: "bestand \(file) van voorval \(record) heeft \"\(value)\" als SHA-256, en dat zijn geen 64 hexadecimale tekens in kleine letters; ")
                + Self.keep
        case .stampMismatch(let recordNumber, let chainHash):
            return LocalizedText(
                en: "a time stamp says it covers record \(recordNumber) with hash \(chainHash), which is not that record's hash (or there is no such record); ",
                nl: "een tijdstempel zegt dat het voorval \(recordNumber) met hash \(chainHash) dekt, maar dat is niet de hash van dat voorval (of het voorval bestaat niet); ")
                + Self.keep
        case .storeCopiesNotIntact(let store, let problems):
            let lines = problems.prefix(20).map { LocalizedText.verbatim("  ") + $0.text }
            let more = problems.count > 20 ? [LocalizedText(en: "  … and \(problems.count - 20) more", nl: "  … en nog \(problems.count - 20)")] : []
            let head = LocalizedText(
                en: "\(store): \(problems.count == 1 ? "a stored file is" : "\(problems.count) stored files are") not what the logbook recorded, so the dossier was not written (it would present them as unchanged):",
                nl: "\(store): \(problems.count == 1 ? "een bewaard bestand is" : "\(problems.count) bewaarde bestanden zijn") niet meer wat het logboek vastlegde, dus het dossier is niet geschreven (het zou ze als onveranderd tonen):")
            let advice = LocalizedText(
                en: "Do not repair or delete anything in the store: the change itself may matter. Restore the files from a backup of the store if you have one, or ask for help before you hand over evidence.",
                nl: "Herstel of wis niets in het logboek: de verandering zelf kan belangrijk zijn. Zet de bestanden terug uit een reservekopie van het logboek als je die hebt, of vraag om hulp voordat je bewijs overdraagt.")
            return ([head] + lines + more + [advice]).dropFirst().reduce(head) { $0 + .verbatim("\n") + $1 }
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

    public var description: String { text.en }

    public var text: LocalizedText {
        let which = LocalizedText(en: "record \(record), file \(file) (\(originalName.debugDescription)), \(storedPath)",
                                  nl: "voorval \(record), bestand \(file) (\(originalName.debugDescription)), \(storedPath)")
        switch kind {
        case .missing(let reason):
            return which + LocalizedText(en: ": cannot be read: \(reason)", nl: ": kan niet worden gelezen: \(SystemReason.text(reason)(.nl))")
        case .altered(let actual):
            return which + LocalizedText(en: ": its content hashes to \(actual), the record says \(expectedSHA256)",
                                         nl: ": de inhoud geeft de hash \(actual), het voorval zegt \(expectedSHA256)")
        case .wrongSize(let actual):
            return which + LocalizedText(en: ": it has \(actual) bytes, not the size the record gives",
                                         nl: ": het heeft \(actual) bytes, niet de grootte die het voorval noemt")
        case .changedDuringExport:
            return which + LocalizedText(en: ": it changed while the dossier was being made", nl: ": het veranderde terwijl het dossier werd gemaakt")
        }
    }
}
