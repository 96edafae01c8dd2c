import AuditCore
import Foundation

/// What `hygiene evidence` says on the terminal, in both languages. In Dutch a record is a "voorval"
/// in "je logboek": never "melding", which in the safety guidance is a report to the police.
public enum EvidenceWords {
    public static let askWhen = LocalizedText(en: "When did it happen? (Enter: now; e.g. yesterday 21:15 or 2026-11-30 21:15)",
                                              nl: "Wanneer gebeurde het? (Enter: nu; bv. gisteren 21:15 of 30-11-2026 21:15)")
    public static let askPlace = LocalizedText(en: "Where?", nl: "Waar?")
    public static let askDuration = LocalizedText(en: "How long did it last?", nl: "Hoe lang duurde het?")
    public static func askHow(_ menu: String) -> LocalizedText {
        LocalizedText(en: "How? Numbers or your own words, separated by commas (\(menu))",
                      nl: "Hoe? Nummers of eigen woorden, gescheiden door komma's (\(menu))")
    }
    public static let askWitnesses = LocalizedText(en: "Who saw or heard it? (names, separated by commas)",
                                                   nl: "Wie heeft het gezien of gehoord? (namen, gescheiden door komma's)")
    public static let askNote = LocalizedText(en: "What happened? (one line, in your own words)", nl: "Wat gebeurde er? (één regel, in je eigen woorden)")
    public static let askFile = LocalizedText(en: "A file or folder to keep with it (drag it here; Enter when done)",
                                              nl: "Een bestand of map om erbij te bewaren (sleep het hierheen; Enter als je klaar bent)")
    /// After an answer that cannot be used: the others are kept, this one is asked again.
    public static let askAgain = LocalizedText(en: "Your other answers are kept. Try this one again, or press Enter to skip it.",
                                               nl: "Je andere antwoorden blijven bewaard. Probeer deze opnieuw, of druk op Enter om hem over te slaan.")
    public static let askAgainTime = LocalizedText(
        en: "Your other answers are kept. Try again, for example: today 14:30, yesterday 21:15, monday, 2026-11-30 21:15 (Enter: now).",
        nl: "Je andere antwoorden blijven bewaard. Probeer het opnieuw, bijvoorbeeld: vandaag 14:30, gisteren 21:15, maandag, 30-11-2026 21:15 (Enter: nu).")
    public static let askSomething = LocalizedText(
        en: "Nothing is written down yet. What happened, in a few words? (Enter: stop without recording anything)",
        nl: "Er staat nog niets in. Wat gebeurde er, in een paar woorden? (Enter: stoppen zonder iets vast te leggen)")

    public static func recorded(_ number: Int, hash: String, folder: String) -> LocalizedText {
        LocalizedText(en: "Record \(number) added (hash \(hash)…) in \(folder).",
                      nl: "Voorval \(number) staat in je logboek (hash \(hash)…) in \(folder).")
    }
    public static func recorded(_ number: Int, files: Int, hash: String, folder: String) -> LocalizedText {
        let count = LocalizedText.count(files, en: ("file", "files"), nl: ("bestand", "bestanden"))
        return LocalizedText(en: "Record \(number) added with \(count.en) (hash \(hash)…) in \(folder). The originals are unchanged.",
                             nl: "Voorval \(number) staat in je logboek, met \(count.nl) (hash \(hash)…) in \(folder). De originelen zijn niet veranderd.")
    }
    public static func records(_ count: Int) -> LocalizedText {
        LocalizedText.count(count, en: ("record", "records"), nl: ("voorval", "voorvallen"))
    }
    public static func files(_ count: Int) -> LocalizedText {
        LocalizedText.count(count, en: ("file", "files"), nl: ("bestand", "bestanden"))
    }
    public static func onlyHashSent(_ number: Int, to authority: String) -> LocalizedText {
        LocalizedText(en: "Only the hash of record \(number) is sent to \(authority).",
                      nl: "Alleen de hash van voorval \(number) gaat naar \(authority).")
    }
    public static func stamped(_ number: Int, at time: String, by signer: String) -> LocalizedText {
        LocalizedText(en: "Record \(number) was stamped at \(time) by \(signer).",
                      nl: "Voorval \(number) is gestempeld op \(time) door \(signer).")
    }
    public static func untrustedAuthority(_ reason: String) -> LocalizedText {
        LocalizedText(en: "Note: the signature is sound, but the authority is not trusted (\(reason)). Give its CA with --tsa-ca if you trust it.",
                      nl: "Let op: de handtekening klopt, maar de dienst is niet vertrouwd (\(reason)). Geef zijn CA met --tsa-ca als je hem vertrouwt.")
    }
    public static let neverDelete = LocalizedText(
        en: "Warning: evidence should never be deleted. The police and a lawyer need it unaltered, even when it seems unimportant now. Make a copy first with 'hygiene evidence export DIR'.",
        nl: "Let op: bewijs hoort nooit gewist te worden. Politie en advocaat hebben het onveranderd nodig, ook als het nu onbelangrijk lijkt. Maak eerst een kopie met 'hygiene evidence export MAP'.")
    public static func deleted(_ folder: String) -> LocalizedText {
        LocalizedText(en: "Deleted the logbook in \(folder).", nl: "Het logboek in \(folder) is gewist.")
    }
    public static func exported(_ folder: String, counts: LocalizedText, html: String, sums: String) -> LocalizedText {
        LocalizedText(
            en: "Dossier written to \(folder): \(counts.en). Open \(html) in a browser; check it with 'sha256sum -c \(sums)' in that folder. Eject a USB stick properly before you unplug it.",
            nl: "Dossier geschreven in \(folder): \(counts.nl). Open \(html) in een browser; controleer met 'sha256sum -c \(sums)' in die map. Werp een USB-stick netjes uit voor je hem loshaalt.")
    }
    /// The dossier's line on the check made just before the export: a local time a reader can take in,
    /// and the exact UTC time beside it.
    public static func verified(by tool: String, at local: String, utc: String, _ verification: EvidenceVerification) -> LocalizedText {
        let stamps = LocalizedText.count(verification.stamps, en: ("time stamp", "time stamps"), nl: ("tijdstempel", "tijdstempels"))
        return LocalizedText(
            en: "verified intact by \(tool) on \(local) (\(utc) UTC): \(records(verification.records).en), \(files(verification.files).en), "
                + "\(stamps.en) (\(verification.trustedStamps) from a trusted authority).",
            nl: "intact bevonden door \(tool) op \(local) (\(utc) UTC): \(records(verification.records).nl), \(files(verification.files).nl), "
                + "\(stamps.nl) (\(verification.trustedStamps) van een vertrouwde dienst).")
    }
}
