import AuditCore
import Foundation
import Mustache

/// The printable logbook: one self-contained page, records by when they happened, each with its files,
/// thumbnails of the pictures, and every hash. The records are rendered a part at a time on every core
/// (10,000 records are 20 MB of page) and put together in order: the bytes are the same as one pass.
/// Each core parses the records' template for itself (see `DossierParallel`).
struct DossierHTML {
    var language: Language
    var clock: DossierClock

    static let partSize = 250

    func render(_ layout: DossierLayout, images: [[DossierImage?]], stamps: [EvidenceStamp], generatedAt: Date, verification: String?,
                cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> String {
        let l = language
        let source = Self.recordsSource(l)
        let order = layout.chronological
        let parts = stride(from: 0, to: order.count, by: Self.partSize).map { Array(order[$0..<min($0 + Self.partSize, order.count)]) }
        let rendered = DossierParallel.map(parts.count, cores: cores, worker: { Self.parse(source) }) { template, part in
            template.render(["records": parts[part].map { entry($0, layout: layout, images: images[$0]) }])
        }
        let other: Language = l == .nl ? .en : .nl
        let context: [String: Any?] = [
            "lang": l.rawValue, "format": EvidenceChain.format, "title": DossierWords.title(l),
            "generatedLabel": DossierWords.generated(l), "generated": clock.show(generatedAt),
            "generatedUTC": EvidenceChain.timestamp(generatedAt),
            "summary": DossierWords.summary(records: layout.records.count, files: layout.files.reduce(0) { $0 + $1.count })(l),
            "lastHashLabel": DossierWords.lastHash(l), "lastHash": layout.lastHash,
            "verificationLabel": DossierWords.verification(l), "verification": verification.flatMap { $0.isEmpty ? nil : $0 },
            "howToCheckTitle": DossierWords.howToCheckTitle(l), "howToCheck": DossierWords.howToCheck(l),
            "chainExplained": DossierWords.chainExplained(l), "otherLang": other.rawValue,
            "otherHowToCheckTitle": DossierWords.howToCheckTitle(other), "otherHowToCheck": DossierWords.howToCheck(other),
            "otherChainExplained": DossierWords.chainExplained(other),
            // An English page also says it in Dutch, for the Dutch and Belgian police; a Dutch page stays Dutch
            // (LEESMIJ-README.txt explains the check in both languages).
            "showOther": l == .en,
            "hasStamps": !stamps.isEmpty, "stampsLabel": DossierWords.stamps(l), "stampsExplained": DossierWords.stampsExplained(l),
            "stampRecordLabel": DossierWords.stampRecord(l), "signedAtLabel": DossierWords.signedAt(l),
            "authorityLabel": DossierWords.authority(l), "hashLabel": DossierWords.hash(l),
            "stamps": stamps.map { stamp -> [String: Any] in
                ["recordNumber": stamp.recordNumber, "signedAt": clock.show(stamp.signedAt), "authority": stamp.authority,
                 "chainHash": stamp.chainHash]
            },
            "recordsLabel": DossierWords.records(l), "order": DossierWords.order(l),
            // Each part ends with the template's own line break; the page adds one after the last.
            "recordsHTML": String(rendered.joined().dropLast()),
            "endLabel": DossierWords.end(l),
        ]
        return Self.pageTemplate.render(context.compactMapValues { $0 })
    }

    /// One record's values for the template; absent and empty fields are left out.
    private func entry(_ index: Int, layout: DossierLayout, images: [DossierImage?]) -> [String: Any] {
        let record = layout.records[index]
        let incident = record.incident
        var entry: [String: Any] = [
            "number": record.number, "occurred": plain(clock.show(incident.occurredAt)), "entered": plain(clock.show(record.enteredAt)),
            "hash": plain(record.hash), "previousHash": plain(record.previousHash),
            "fileCount": plain(record.files.isEmpty ? DossierWords.noFiles(language) : "\(record.files.count)"),
        ]
        func text(_ key: String, _ flag: String, _ value: String?) {
            if let value, !value.isEmpty {
                entry[key] = value
                entry[flag] = true
            }
        }
        text("place", "hasPlace", incident.place)
        text("duration", "hasDuration", incident.duration)
        text("how", "hasHow", incident.how.map { IncidentKind.label($0, language) }.joined(separator: ", "))
        text("witnesses", "hasWitnesses", incident.witnesses.joined(separator: ", "))
        text("note", "hasNote", incident.note)
        if let corrects = record.corrects {
            entry["corrects"] = corrects
            entry["correction"] = true
        }
        if let numbers = layout.correctedBy[record.number] {
            entry["corrected"] = true
            entry["correctedBy"] = numbers.enumerated().map { ["number": $1, "comma": $0 < numbers.count - 1] as [String: Any] }
        }
        entry["files"] = zip(layout.files[index], images).map { file, image -> [String: Any] in
            [
                "path": file.path, "href": plain(DossierName.url(file.path)), "name": file.file.originalName,
                "size": plain(DossierWords.bytes(file.file.size, language)),
                "modified": plain(file.file.modifiedAt.map(clock.show) ?? DossierWords.unknown(language)),
                "sha256": plain(file.file.sha256), "image": image != nil,
            ]
        }
        return entry
    }

    /// A value put into the page unescaped (`{{{…}}}`): one this program made, checked here to hold
    /// nothing HTML's escaping would change.
    private func plain(_ text: String) -> String {
        precondition(!text.utf8.contains { Self.markup[Int($0)] }, "a value for {{{…}}} holds a character that needs escaping")
        return text
    }

    private static let markup: [Bool] = (0..<256).map { "&<>\"'".utf8.contains(UInt8($0)) }

    static let pageTemplate = parse(DossierTemplate.page)
    private static let recordsSources = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, recordsSource(for: $0)) })

    /// The records' template with the labels of the language filled in (escaped, as every value).
    static func recordsSource(_ language: Language) -> String { recordsSources[language]! }

    private static func recordsSource(for l: Language) -> String {
        let labels: [String: Any] = [
            "recordLabel": DossierWords.record(l), "enteredLabel": DossierWords.entered(l), "placeLabel": DossierWords.place(l),
            "durationLabel": DossierWords.duration(l), "howLabel": DossierWords.how(l), "witnessesLabel": DossierWords.witnesses(l),
            "noteLabel": DossierWords.note(l), "correctsLabel": DossierWords.corrects(l), "correctedByLabel": DossierWords.correctedBy(l),
            "correctedMark": DossierWords.correctedMark(l), "correctionMark": DossierWords.correctionMark(l),
            "hashLabel": DossierWords.hash(l), "previousHashLabel": DossierWords.previousHash(l), "filesLabel": DossierWords.files(l),
            "originalNameLabel": DossierWords.originalName(l), "sizeLabel": DossierWords.size(l), "modifiedLabel": DossierWords.modified(l),
        ]
        return parse(DossierTemplate.records).render(labels)
    }

    static func parse(_ text: String) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: text)
        } catch {
            preconditionFailure("the built-in dossier template does not parse: \(error)")
        }
    }
}
