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
            return l == .nl ? "Het logboek is nog leeg. Leg een voorval vast met: hygiene evidence add\n"
                : "The logbook is empty. Record an incident with: hygiene evidence add\n"
        }
        let corrected = Dictionary(grouping: records.compactMap { record in record.corrects.map { ($0, record.number) } }, by: \.0)
        var out = ""
        for record in records {
            let prefix = String(format: "%4d  ", record.number) + local(record.incident.occurredAt) + "  "
            var line = ""
            let how = record.incident.how.map { IncidentKind.label($0, l) }.joined(separator: ", ")
            var parts = [how, record.incident.place ?? ""].filter { !$0.isEmpty }
            if !record.files.isEmpty { parts.append(LocalizedText.count(record.files.count, en: ("file", "files"), nl: ("bestand", "bestanden"))(l)) }
            if let corrects = record.corrects { parts.append(l == .nl ? "corrigeert \(corrects)" : "corrects \(corrects)") }
            if let by = corrected[record.number] {
                let numbers = by.map { String($0.1) }.joined(separator: ", ")
                parts.append(l == .nl ? "gecorrigeerd door \(numbers)" : "corrected by \(numbers)")
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
        var out = (l == .nl ? "Voorval \(record.number)" : "Record \(record.number)") + "\n"
        func field(_ en: String, _ nl: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let label = (l == .nl ? nl : en) + ": "
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
            out += "  " + (l == .nl ? "Bestand: " : "File: ") + file.originalName + "\n"
            var details = ["\(file.size) bytes"]
            if let modified = file.modifiedAt { details.append((l == .nl ? "gewijzigd " : "modified ") + local(modified)) }
            out += "    " + details.joined(separator: ", ") + "\n"
            out += "    SHA-256 " + file.sha256 + "\n"
        }
        out += "  " + (l == .nl ? "Hash: " : "Hash: ") + record.hash + "\n"
        out += "  " + (l == .nl ? "Vorige: " : "Previous: ") + record.previousHash + "\n"
        return out
    }

    public func verification(_ result: EvidenceVerification, store: String) -> String {
        let records = LocalizedText.count(result.records, en: ("record", "records"), nl: ("voorval", "voorvallen"))(l)
        let files = LocalizedText.count(result.files, en: ("file", "files"), nl: ("bestand", "bestanden"))(l)
        var out = ""
        if result.intact {
            out += l == .nl ? "Intact: \(records) en \(files) in \(store) zijn onveranderd.\n"
                : "Intact: \(records) and \(files) in \(store) are unchanged.\n"
        } else {
            out += l == .nl ? "NIET INTACT: \(result.problems.count) probleem/problemen in \(store) (\(records), \(files)):\n"
                : "NOT INTACT: \(result.problems.count) problem(s) in \(store) (\(records), \(files)):\n"
            let wrap = TextWrap(width: width)
            for problem in result.problems { out += Self.line(wrap.wrap(problem.message(l), first: "  - ", rest: "    ")) }
            out += l == .nl
                ? "Verander niets meer aan het logboek en bewaar het zoals het is; vertel wie het onderzoekt wat hierboven staat.\n"
                : "Change nothing more in the logbook and keep it as it is; tell whoever examines it what is listed above.\n"
        }
        if result.stamps > 0 {
            out += l == .nl ? "Tijdstempels: \(result.stamps), waarvan \(result.trustedStamps) van een vertrouwde dienst.\n"
                : "Time stamps: \(result.stamps), \(result.trustedStamps) of them from a trusted authority.\n"
        }
        if let last = result.lastHash { out += (l == .nl ? "Laatste hash: " : "Last hash: ") + last + "\n" }
        return out
    }
}
