import Foundation

/// `LEESMIJ-README.txt`: what the dossier is and how anyone can check it with standard tools, always in
/// Dutch and English (a dossier changes hands; the reader's language is not the writer's).
struct DossierReadme {
    var generatedAt: Date
    var records: Int
    var files: Int
    var lastHash: String
    var stamps: [EvidenceStamp]
    var verification: String?
    /// A file to show the one-file commands with, when one has a name that needs no quoting.
    var example: String?

    func render() -> String {
        (dutch() + ["", String(repeating: "=", count: 72), ""] + english()).joined(separator: "\n") + "\n"
    }

    private var when: String { EvidenceChain.timestamp(generatedAt) + " (UTC)" }
    private var windowsExample: String { (example ?? "files/0001-1-foto.jpg").replacingOccurrences(of: "/", with: "\\") }

    private func dutch() -> [String] {
        var lines = [
            "LEESMIJ — dossier uit een logboek van bewijs",
            "(English below)",
            "",
            "WAT IS DIT?",
            "Dit dossier is op \(when) gemaakt met hygiene uit een logboek van incidenten. Het bevat \(records == 1 ? "1 voorval" : "\(records) voorvallen") en \(files == 1 ? "1 bestand" : "\(files) bestanden") als bewijs, om te geven aan de politie of een advocaat.",
            "",
            "  logbook.html        het logboek om te lezen of af te drukken; opent in elke webbrowser, zonder internet",
            "  logbook.json        hetzelfde logboek als gegevens (formaat \(EvidenceChain.format))",
            "  files/              de bewijsbestanden; de naam begint met het nummer van het voorval en van het",
            "                      bestand (0003-1-…), daarna volgt de oorspronkelijke naam",
            "  SHA256SUMS          de SHA-256-vingerafdruk van elk bestand hierboven",
            "  LEESMIJ-README.txt  deze uitleg",
            "",
            "De bestanden in files/ zijn onveranderde kopieën: byte voor byte gelijk aan wat bij het invoeren werd bewaard. Bij het maken van dit dossier is van elke kopie de vingerafdruk opnieuw berekend en vergeleken met het logboek.",
            "",
            "CONTROLEREN DAT NIETS VERANDERD IS",
            "Een SHA-256-vingerafdruk (hash) verandert helemaal zodra er ook maar één byte van een bestand anders is. Iedereen kan de vingerafdrukken opnieuw berekenen met gewone hulpmiddelen, zonder hygiene. Open een terminal in deze map en typ:",
            "",
            "  Linux:   sha256sum -c SHA256SUMS",
            "  macOS:   shasum -a 256 -c SHA256SUMS",
            "",
            "Elke regel moet eindigen op OK. Staat er iets anders, dan is dat bestand veranderd, beschadigd of weg sinds de export.",
            "",
            "  Windows, één bestand (Opdrachtprompt):  certutil -hashfile \(windowsExample) SHA256",
            "  Windows, één bestand (PowerShell):      Get-FileHash -Algorithm SHA256 \(windowsExample)",
            "",
            "Vergelijk de uitkomst met de regel van dat bestand in SHA256SUMS (hoofdletters of kleine letters maakt niet uit). Alle bestanden tegelijk in PowerShell, in deze map:",
            "",
            "  " + Self.powerShell(failed: "NIET GOED"),
            "",
            "DE KETEN VAN VOORVALLEN",
            "Ook elk voorval heeft een hash. Die wordt berekend over de inhoud van het voorval (tijden, plaats, notitie, de vingerafdrukken van de bestanden…) samen met de hash van het voorval ervoor; de eerste voorval begint bij 64 nullen. Zo kan geen voorval achteraf veranderd, weggehaald of tussengevoegd worden zonder dat alle latere hashes veranderen. De hash van het laatste voorval is:",
            "",
            "  \(lastHash)",
            "",
            "Wie deze hash al eerder kreeg (bijvoorbeeld per e-mail of in een tijdstempel), kan zo nagaan dat de voorvallen tot dan toe niet veranderd zijn. Hoe de hash van een voorval precies berekend wordt, staat in de documentatie van hygiene bij het formaat \(EvidenceChain.format); logbook.json bevat alle velden die ervoor nodig zijn.",
        ]
        if !stamps.isEmpty {
            lines += ["", "TIJDSTEMPELS",
                      "Een tijdstempeldienst heeft de hash van de keten ondertekend op deze momenten: de voorvallen tot en met dat nummer bestonden toen al. De ondertekende tokens (RFC 3161) staan in logbook.json."]
            lines += stamps.map { "  voorval \($0.recordNumber): \(EvidenceChain.timestamp($0.signedAt)) (UTC), \($0.authority)" }
        }
        if let verification, !verification.isEmpty { lines += ["", "GECONTROLEERD VÓÓR DE EXPORT", verification] }
        lines += ["", "IS HET DOSSIER COMPLEET?",
                  "SHA256SUMS wordt als laatste geschreven. Ontbreekt het, dan is de export niet afgemaakt en is dit geen volledig dossier."]
        return lines
    }

    private func english() -> [String] {
        var lines = [
            "README — dossier from an evidence logbook",
            "",
            "WHAT IS THIS?",
            "This dossier was made with hygiene on \(when) from a logbook of incidents. It holds \(records == 1 ? "1 record" : "\(records) records") and \(files == 1 ? "1 file" : "\(files) files") of evidence, to hand to the police or a lawyer.",
            "",
            "  logbook.html        the logbook to read or print; opens in any web browser, with no internet",
            "  logbook.json        the same logbook as data (format \(EvidenceChain.format))",
            "  files/              the evidence files; each name starts with the record's number and the file's",
            "                      (0003-1-…), followed by the original name",
            "  SHA256SUMS          the SHA-256 fingerprint of every file above",
            "  LEESMIJ-README.txt  this text",
            "",
            "The files in files/ are unchanged copies: byte for byte what was kept when they were entered. While this dossier was made, every copy's fingerprint was computed again and compared with the logbook.",
            "",
            "CHECKING THAT NOTHING CHANGED",
            "A SHA-256 fingerprint (hash) changes completely when even one byte of a file is different. Anyone can compute the fingerprints again with standard tools, without hygiene. Open a terminal in this folder and type:",
            "",
            "  Linux:   sha256sum -c SHA256SUMS",
            "  macOS:   shasum -a 256 -c SHA256SUMS",
            "",
            "Every line must end in OK. Anything else means that file was changed, damaged or removed since the export.",
            "",
            "  Windows, one file (Command Prompt):  certutil -hashfile \(windowsExample) SHA256",
            "  Windows, one file (PowerShell):      Get-FileHash -Algorithm SHA256 \(windowsExample)",
            "",
            "Compare the result with that file's line in SHA256SUMS (upper or lower case does not matter). All files at once in PowerShell, in this folder:",
            "",
            "  " + Self.powerShell(failed: "FAILED"),
            "",
            "THE CHAIN OF RECORDS",
            "Each record has a hash too. It is computed over the record's content (times, place, note, the files' fingerprints…) together with the hash of the record before it; the first record starts from 64 zeros. So no record can be changed, removed or slipped in afterwards without every later hash changing. The hash of the last record is:",
            "",
            "  \(lastHash)",
            "",
            "Anyone who was given this hash earlier (in an e-mail, say, or a time stamp) can see that the records up to then have not changed. How a record's hash is computed, exactly, is in hygiene's documentation of the format \(EvidenceChain.format); logbook.json holds every field it needs.",
        ]
        if !stamps.isEmpty {
            lines += ["", "TIME STAMPS",
                      "A time-stamping authority signed the chain's hash at these moments: the records up to that number existed then. The signed tokens (RFC 3161) are in logbook.json."]
            lines += stamps.map { "  record \($0.recordNumber): \(EvidenceChain.timestamp($0.signedAt)) (UTC), \($0.authority)" }
        }
        if let verification, !verification.isEmpty { lines += ["", "CHECKED BEFORE THE EXPORT", verification] }
        lines += ["", "IS THE DOSSIER COMPLETE?",
                  "SHA256SUMS is written last. Without it, the export was not finished and this is not a complete dossier."]
        return lines
    }

    /// One line of PowerShell that checks every line of SHA256SUMS.
    private static func powerShell(failed: String) -> String {
        #"Get-Content SHA256SUMS -Encoding UTF8 | ForEach-Object { $h, $f = $_ -split '  ', 2; if ((Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -eq $h) { "OK: $f" } else { "\#(failed): $f" } }"#
    }
}
