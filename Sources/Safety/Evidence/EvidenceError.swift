import AuditCore
import Foundation

/// Why the logbook could not do what was asked, naming the store or file and what to do.
public enum EvidenceError: Error, LocalizedFailure, Equatable {
    case cannotOpen(store: String, reason: String)
    case noStore(store: String)
    case unreadableFile(path: String, reason: String)
    case notAFile(path: String)
    case cannotStore(path: String, reason: String)
    case nothingToRecord
    /// On the terminal, every question was left empty.
    case nothingAnswered
    case noSuchRecord(Int, count: Int)
    case correctsLater(Int, next: Int)
    case badTime(String)
    case futureTime(String)
    case notDestroyed(store: String)
    case nothingToStamp(store: String)
    case notIntact(store: String)

    /// What is wrong with a file given to the logbook, for asking again on the terminal.
    public var fileProblem: LocalizedText? {
        switch self {
        case .unreadableFile(let path, let reason):
            LocalizedText(en: "\(path): cannot read this file (\(reason))",
                          nl: "\(path): dit bestand kan niet worden gelezen (\(SystemReason.text(reason)(.nl)))")
        case .notAFile(let path):
            LocalizedText(en: "\(path): not a regular file or folder (a link or a device?); give the file itself",
                          nl: "\(path): geen gewoon bestand of map (een snelkoppeling of een apparaat?); geef het bestand zelf")
        default: nil
        }
    }

    public var message: LocalizedText {
        switch self {
        case .cannotOpen(let store, let reason):
            LocalizedText(en: "cannot open the evidence logbook in \(store): \(reason)",
                          nl: "het logboek in \(store) kan niet worden geopend: \(SystemReason.text(reason)(.nl))")
        case .noStore(let store):
            LocalizedText(en: "there is no evidence logbook in \(store) yet; start one with 'hygiene evidence add'",
                          nl: "er is nog geen logboek in \(store); begin er een met 'hygiene evidence add'")
        case .unreadableFile, .notAFile:
            fileProblem! + LocalizedText(en: "; nothing was recorded", nl: "; er is niets vastgelegd")
        case .cannotStore(let path, let reason):
            LocalizedText(en: "\(path): cannot copy it into the logbook (\(reason)); nothing was recorded",
                          nl: "\(path): kan niet in het logboek worden gekopieerd (\(SystemReason.text(reason)(.nl))); er is niets vastgelegd")
        case .nothingToRecord:
            LocalizedText(en: "nothing to record: give at least what happened (--how), a note (--note), a place (--place) or a file",
                          nl: "er is niets om vast te leggen: geef op zijn minst wat er gebeurde (--how), een notitie (--note), een plaats (--place) of een bestand")
        case .nothingAnswered:
            LocalizedText(en: "nothing was recorded: every question was left empty", nl: "er is niets vastgelegd: alle vragen zijn leeg gelaten")
        case .noSuchRecord(let number, let count):
            count == 0
                ? LocalizedText(en: "there is no record \(number): the logbook is empty", nl: "er is geen voorval \(number): het logboek is leeg")
                : LocalizedText(en: "there is no record \(number): the logbook has records 1 to \(count)",
                                nl: "er is geen voorval \(number): het logboek heeft de voorvallen 1 tot en met \(count)")
        case .correctsLater(let number, let next):
            LocalizedText(en: "record \(number) does not exist yet (the next record will be \(next)); a correction refers to an earlier record",
                          nl: "voorval \(number) bestaat nog niet (het volgende wordt \(next)); een verbetering hoort bij een eerder voorval")
        case .badTime(let text):
            LocalizedText(en: "'\(text)' is not a time hygiene understands; write it as 2026-11-30 21:15, 30-11-2026 21:15, yesterday 21:15, 2026-11-30 or 21:15",
                          nl: "'\(text)' is geen tijd die hygiene begrijpt; schrijf bijvoorbeeld 30-11-2026 21:15, gisteren 21:15, maandag, 30-11-2026 of 21:15")
        case .futureTime(let text):
            LocalizedText(en: "'\(text)' lies in the future; give the time the incident happened",
                          nl: "'\(text)' ligt in de toekomst; geef de tijd waarop het gebeurde")
        case .notIntact(let store):
            LocalizedText(en: "the logbook in \(store) is not intact (see above), so no dossier was written; change nothing in it and show it, as it is, to whoever helps you",
                          nl: "het logboek in \(store) is niet intact (zie hierboven), dus er is geen dossier geschreven; verander er niets aan en laat het zoals het is zien aan wie je helpt")
        case .nothingToStamp(let store):
            LocalizedText(en: "the logbook in \(store) has no records yet: there is nothing to stamp",
                          nl: "het logboek in \(store) is nog leeg: er is niets om te stempelen")
        case .notDestroyed(let store):
            LocalizedText(en: "\(store) was not deleted: add --yes if you are sure",
                          nl: "\(store) is niet gewist: voeg --yes toe als je het zeker weet")
        }
    }
}
