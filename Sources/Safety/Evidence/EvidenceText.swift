import AuditCore
import Foundation

/// The logbook on a terminal: the list, one record, and what `verify` found.
public struct EvidenceText: Sendable {
    public var language: Language
    public var width: Int
    public var timeZone: TimeZone

    public init(language: Language, width: Int, timeZone: TimeZone = .current) {
        self.language = language
        self.width = max(40, min(width, 120))
        self.timeZone = timeZone
    }

    var l: Language { language }

    /// `2026-11-30 21:15` in the local time zone.
    public func local(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    public func list(_ records: [EvidenceRecord]) -> String {
        guard !records.isEmpty else {
            return Words.empty(l)
        }
        let corrected = Dictionary(grouping: records.compactMap { record in record.corrects.map { ($0, record.number) } }, by: \.0)
        var out = ""
        for record in records {
            let prefix = String(format: "%4d  ", record.number) + local(record.incident.occurredAt) + "  "
            var line = ""
            let how = record.incident.how.map { IncidentKind.label($0, l) }.joined(separator: ", ")
            var parts = [how, record.incident.place ?? ""].filter { !$0.isEmpty }
            if !record.files.isEmpty { parts.append(LocalizedText.count(record.files.count, en: ("file", "files"), nl: ("bestand", "bestanden"))(l)) }
            if let corrects = record.corrects { parts.append(Words.corrects(corrects)(l)) }
            if let by = corrected[record.number] {
                let numbers = by.map { String($0.1) }.joined(separator: ", ")
                parts.append(Words.correctedBy(numbers)(l))
            }
            line = parts.joined(separator: " · ")
            if let note = record.incident.note?.split(separator: "\n").first {
                line += (line.isEmpty ? "" : " — ") + note
            }
            out += Self.line(TextWrap(width: width).wrap(line, first: prefix, rest: String(repeating: " ", count: 6)))
        }
        return out
    }

    static func line(_ text: String) -> String { text.hasSuffix("\n") ? text : text + "\n" }


    public func show(_ record: EvidenceRecord, correctedBy: [Int] = []) -> String {
        let wrap = TextWrap(width: width)
        var out = (record.corrects.map { Words.correction(record.number, of: $0) } ?? Words.record(record.number))(l) + "\n"
        func field(_ en: String, _ nl: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let label = LocalizedText(en: en, nl: nl)(l) + ": "
            out += Self.line(wrap.wrap(label + value, first: "  ", rest: "    "))
        }
        field("When", "Wanneer", local(record.incident.occurredAt))
        field("Place", "Plaats", record.incident.place)
        field("Duration", "Duur", record.incident.duration)
        field("How", "Hoe", record.incident.how.map { IncidentKind.label($0, l) }.joined(separator: ", "))
        field("Witnesses", "Getuigen", record.incident.witnesses.joined(separator: ", "))
        field("Note", "Notitie", record.incident.note)
        field("Corrects record", "Corrigeert voorval", record.corrects.map(String.init))
        field("Corrected by record", "Gecorrigeerd door voorval", correctedBy.isEmpty ? nil : correctedBy.map(String.init).joined(separator: ", "))
        field("Entered", "Ingevoerd", local(record.enteredAt))
        for file in record.files {
            out += "  " + Words.file(l) + ": " + file.originalName + "\n"
            var details = ["\(file.size) bytes"]
            if let modified = file.modifiedAt { details.append(Words.modified(local(modified))(l)) }
            out += "    " + details.joined(separator: ", ") + "\n"
            out += "    SHA-256 " + file.sha256 + "\n"
        }
        out += "  Hash: " + record.hash + "\n"
        out += "  " + Words.previous(l) + ": " + record.previousHash + "\n"
        return out
    }

    public func verification(_ result: EvidenceVerification, store: String) -> String {
        let records = LocalizedText.count(result.records, en: ("record", "records"), nl: ("voorval", "voorvallen"))(l)
        let files = LocalizedText.count(result.files, en: ("file", "files"), nl: ("bestand", "bestanden"))(l)
        var out = ""
        if result.intact {
            out += Words.intact(records, files, store)(l)
        } else {
            out += Words.notIntact(result.problems.count, store, records, files)(l)
            let wrap = TextWrap(width: width)
            for problem in result.problems { out += Self.line(wrap.wrap(problem.message(l), first: "  - ", rest: "    ")) }
            out += Words.keepAsItIs(l)
        }
        if result.stamps > 0 {
            out += Words.stamps(result.stamps, trusted: result.trustedStamps)(l)
        }
        if let last = result.lastHash { out += Words.lastHash(l) + ": " + last + "\n" }
        return out
    }
}

extension EvidenceText {
    /// The logbook's words on a terminal, in both languages.
    enum Words {
        static let empty = LocalizedText(en: "The logbook is empty. Record an incident with: hygiene evidence add\n",
                                         nl: "Het logboek is nog leeg. Leg een voorval vast met: hygiene evidence add\n")
        static func corrects(_ number: Int) -> LocalizedText { LocalizedText(en: "corrects \(number)", nl: "corrigeert \(number)") }
        static func correctedBy(_ numbers: String) -> LocalizedText { LocalizedText(en: "corrected by \(numbers)", nl: "gecorrigeerd door \(numbers)") }
        static func record(_ number: Int) -> LocalizedText { LocalizedText(en: "Record \(number)", nl: "Voorval \(number)") }
        static func correction(_ number: Int, of corrected: Int) -> LocalizedText {
            LocalizedText(en: "Record \(number): a correction of record \(corrected)", nl: "Voorval \(number): een verbetering van voorval \(corrected)")
        }
        static let file = LocalizedText(en: "File", nl: "Bestand")
        static func modified(_ when: String) -> LocalizedText { LocalizedText(en: "modified \(when)", nl: "gewijzigd \(when)") }
        static let previous = LocalizedText(en: "Previous", nl: "Vorige")
        static let lastHash = LocalizedText(en: "Last hash", nl: "Laatste hash")
        static func intact(_ records: String, _ files: String, _ store: String) -> LocalizedText {
            LocalizedText(en: "Intact: \(records) and \(files) in \(store) are unchanged.\n",
                          nl: "Intact: \(records) en \(files) in \(store) zijn onveranderd.\n")
        }
        static func notIntact(_ count: Int, _ store: String, _ records: String, _ files: String) -> LocalizedText {
            LocalizedText(en: "NOT INTACT: \(count) problem(s) in \(store) (\(records), \(files)):\n",
                          nl: "NIET INTACT: \(count) probleem/problemen in \(store) (\(records), \(files)):\n")
        }
        static let keepAsItIs = LocalizedText(
            en: "Change nothing more in the logbook and keep it as it is; tell whoever examines it what is listed above.\n",
            nl: "Verander niets meer aan het logboek en bewaar het zoals het is; vertel wie het onderzoekt wat hierboven staat.\n")
        static func stamps(_ count: Int, trusted: Int) -> LocalizedText {
            LocalizedText(en: "Time stamps: \(count), \(trusted) of them from a trusted authority.\n",
                          nl: "Tijdstempels: \(count), waarvan \(trusted) van een vertrouwde dienst.\n")
        }
    }
}
