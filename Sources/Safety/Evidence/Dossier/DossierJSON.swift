import Foundation

/// The logbook as data, format `hygiene-evidence/1` (described field by field in the README): every
/// field of every record in entry order, the dossier path of each file, and the time stamps. Keys are
/// sorted and every key is always written (`null` when there is no value), so the same logbook gives
/// the same bytes.
struct DossierJSON {
    struct Document: Encodable {
        var format = EvidenceChain.format
        var generatedAt: String
        var verification: String?
        var chain: Chain
        var records: [Record]
        var stamps: [Stamp]

        enum CodingKeys: String, CodingKey { case format, generatedAt, verification, chain, records, stamps }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(format, forKey: .format)
            try container.encode(generatedAt, forKey: .generatedAt)
            try container.encode(verification, forKey: .verification)
            try container.encode(chain, forKey: .chain)
            try container.encode(records, forKey: .records)
            try container.encode(stamps, forKey: .stamps)
        }
    }

    struct Chain: Encodable {
        var count: Int
        var lastHash: String
    }

    struct Record: Encodable {
        var number: Int
        var enteredAt: String
        var incident: Incident
        var corrects: Int?
        var correctedBy: [Int]
        var files: [File]
        var previousHash: String
        var hash: String

        enum CodingKeys: String, CodingKey { case number, enteredAt, incident, corrects, correctedBy, files, previousHash, hash }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try container.encode(enteredAt, forKey: .enteredAt)
            try container.encode(incident, forKey: .incident)
            try container.encode(corrects, forKey: .corrects)
            try container.encode(correctedBy, forKey: .correctedBy)
            try container.encode(files, forKey: .files)
            try container.encode(previousHash, forKey: .previousHash)
            try container.encode(hash, forKey: .hash)
        }
    }

    struct Incident: Encodable {
        var occurredAt: String
        var place: String?
        var duration: String?
        var how: [String]
        var witnesses: [String]
        var note: String?

        enum CodingKeys: String, CodingKey { case occurredAt, place, duration, how, witnesses, note }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(occurredAt, forKey: .occurredAt)
            try container.encode(place, forKey: .place)
            try container.encode(duration, forKey: .duration)
            try container.encode(how, forKey: .how)
            try container.encode(witnesses, forKey: .witnesses)
            try container.encode(note, forKey: .note)
        }
    }

    struct File: Encodable {
        var originalName: String
        var modifiedAt: String?
        var size: Int64
        var sha256: String
        var path: String

        enum CodingKeys: String, CodingKey { case originalName, modifiedAt, size, sha256, path }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(originalName, forKey: .originalName)
            try container.encode(modifiedAt, forKey: .modifiedAt)
            try container.encode(size, forKey: .size)
            try container.encode(sha256, forKey: .sha256)
            try container.encode(path, forKey: .path)
        }
    }

    struct Stamp: Encodable {
        var recordNumber: Int
        var chainHash: String
        var authority: String
        var signedAt: String
        /// The DER bytes, base64 (standard alphabet, with padding).
        var token: Data
    }

    static func document(_ layout: DossierLayout, stamps: [EvidenceStamp], generatedAt: Date, verification: String?) -> Document {
        let records = zip(layout.records, layout.files).map { record, files in
            Record(number: record.number, enteredAt: EvidenceChain.timestamp(record.enteredAt),
                   incident: Incident(occurredAt: EvidenceChain.timestamp(record.incident.occurredAt), place: record.incident.place,
                                      duration: record.incident.duration, how: record.incident.how,
                                      witnesses: record.incident.witnesses, note: record.incident.note),
                   corrects: record.corrects, correctedBy: layout.correctedBy[record.number] ?? [],
                   files: files.map { entry in
                       File(originalName: entry.file.originalName, modifiedAt: entry.file.modifiedAt.map(EvidenceChain.timestamp),
                            size: entry.file.size, sha256: entry.file.sha256, path: entry.path)
                   },
                   previousHash: record.previousHash, hash: record.hash)
        }
        return Document(generatedAt: EvidenceChain.timestamp(generatedAt), verification: verification,
                        chain: Chain(count: layout.records.count, lastHash: layout.lastHash), records: records,
                        stamps: stamps.map {
                            Stamp(recordNumber: $0.recordNumber, chainHash: $0.chainHash, authority: $0.authority,
                                  signedAt: EvidenceChain.timestamp($0.signedAt), token: $0.token)
                        })
    }

    /// The document's bytes, ending with a line break.
    static func render(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dataEncodingStrategy = .base64
        var data = try encoder.encode(document)
        data.append(10)
        return data
    }
}
