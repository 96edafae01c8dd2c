import AuditCore
import Foundation

/// The words of the printed logbook, in both languages.
enum DossierWords {
    static let title = LocalizedText(en: "Evidence logbook", nl: "Logboek van bewijs")
    static let generated = LocalizedText(en: "Made", nl: "Gemaakt")
    static let records = LocalizedText(en: "Records", nl: "Voorvallen")
    static let files = LocalizedText(en: "Files", nl: "Bestanden")
    static let lastHash = LocalizedText(en: "Hash of the last record (end of the chain)", nl: "Hash van het laatste voorval (einde van de keten)")
    static let verification = LocalizedText(en: "Checked before export", nl: "Gecontroleerd vóór de export")
    static let order = LocalizedText(
        en: "Records are listed by when the incident happened. Each keeps the number it got when it was entered, and the time of entry.",
        nl: "De voorvallen staan in de volgorde waarin het gebeurde. Elk voorval houdt het nummer dat het kreeg bij het invoeren, en het moment van invoeren.")
    static let howToCheckTitle = LocalizedText(en: "How to check this dossier", nl: "Zo controleer je dit dossier")
    /// The header's paragraph on checking, shown in both languages (the chosen one first).
    static let howToCheck = LocalizedText(
        en: "The files in the folder files/ are unchanged copies of what was kept. The file SHA256SUMS lists the SHA-256 fingerprint of every file, of this page and of logbook.json. Anyone can recompute them with standard tools, without this program: in the dossier folder run sha256sum -c SHA256SUMS (Linux) or shasum -a 256 -c SHA256SUMS (macOS), or Get-FileHash -Algorithm SHA256 on each file in Windows PowerShell. Every file must report OK. LEESMIJ-README.txt explains it step by step.",
        nl: "De bestanden in de map files/ zijn onveranderde kopieën van wat bewaard is. Het bestand SHA256SUMS geeft de SHA-256-vingerafdruk van elk bestand, van deze pagina en van logbook.json. Iedereen kan die opnieuw berekenen met gewone hulpmiddelen, zonder dit programma: voer in de map van het dossier sha256sum -c SHA256SUMS uit (Linux) of shasum -a 256 -c SHA256SUMS (macOS), of Get-FileHash -Algorithm SHA256 per bestand in Windows PowerShell. Elk bestand moet OK geven. LEESMIJ-README.txt legt het stap voor stap uit.")
    static let chainExplained = LocalizedText(
        en: "Each record's hash covers its content and the hash of the record before it, so a record cannot be changed, removed or slipped in afterwards without every later hash changing.",
        nl: "De hash van elk voorval omvat de inhoud én de hash van het voorval ervoor. Een voorval kan dus achteraf niet worden veranderd, weggelaten of tussengevoegd zonder dat alle latere hashes veranderen.")
    static let stamps = LocalizedText(en: "Time stamps", nl: "Tijdstempels")
    static let stampsExplained = LocalizedText(
        en: "A time-stamping authority signed the chain's hash at that moment: the records up to that one existed then. The signed tokens are in logbook.json.",
        nl: "Een tijdstempeldienst ondertekende op dat moment de hash van de keten: de voorvallen tot en met dat ene bestonden toen al. De ondertekende tokens staan in logbook.json.")
    static let stampRecord = LocalizedText(en: "Up to record", nl: "Tot en met voorval")
    static let authority = LocalizedText(en: "Authority", nl: "Dienst")
    static let signedAt = LocalizedText(en: "Signed", nl: "Ondertekend")
    static let record = LocalizedText(en: "Record", nl: "Voorval")
    static let occurred = LocalizedText(en: "When", nl: "Wanneer")
    static let entered = LocalizedText(en: "Entered", nl: "Ingevoerd")
    static let place = LocalizedText(en: "Place", nl: "Plaats")
    static let duration = LocalizedText(en: "Duration", nl: "Duur")
    static let how = LocalizedText(en: "How", nl: "Hoe")
    static let witnesses = LocalizedText(en: "Witnesses", nl: "Getuigen")
    static let note = LocalizedText(en: "Note", nl: "Notitie")
    static let corrects = LocalizedText(en: "Corrects record", nl: "Verbetert voorval")
    static let correctedBy = LocalizedText(en: "Corrected by record", nl: "Verbeterd door voorval")
    static let correctedMark = LocalizedText(en: "corrected later", nl: "later verbeterd")
    static let correctionMark = LocalizedText(en: "correction", nl: "verbetering")
    static let hash = LocalizedText(en: "Hash", nl: "Hash")
    static let previousHash = LocalizedText(en: "Previous hash", nl: "Vorige hash")
    static let originalName = LocalizedText(en: "Original name", nl: "Oorspronkelijke naam")
    static let size = LocalizedText(en: "Size", nl: "Grootte")
    static let modified = LocalizedText(en: "Last changed", nl: "Laatst gewijzigd")
    static let unknown = LocalizedText(en: "unknown", nl: "onbekend")
    static let noFiles = LocalizedText(en: "No files.", nl: "Geen bestanden.")
    static let end = LocalizedText(en: "End of the logbook", nl: "Einde van het logboek")

    static func bytes(_ count: Int64, _ l: Language) -> String {
        let digits = Array(String(count))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(l == .nl ? "." : ",") }
            grouped.append(digit)
        }
        return grouped + (count == 1 ? " byte" : " bytes")
    }

    static func summary(records: Int, files: Int) -> LocalizedText {
        LocalizedText.count(records, en: ("record", "records"), nl: ("voorval", "voorvallen"))
            + LocalizedText(en: ", ", nl: ", ")
            + LocalizedText.count(files, en: ("file", "files"), nl: ("bestand", "bestanden"))
    }
}
