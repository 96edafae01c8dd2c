import Foundation

/// Where each record's files go in the dossier, which records correct which, and the order the printed
/// logbook shows them in.
struct DossierLayout: Sendable {
    /// One file of one record, with its name in the dossier.
    struct File: Sendable {
        var record: Int
        /// 1-based, in the record's order.
        var index: Int
        var file: EvidenceFile
        /// `files/0003-1-screenshot.png`
        var path: String
    }

    let records: [EvidenceRecord]
    /// `files[n]` are the files of `records[n]`.
    let files: [[File]]
    /// For each record number, the numbers of the records that correct it, in entry order.
    let correctedBy: [Int: [Int]]
    /// Indexes into `records`, by when the incident happened (ties by number).
    let chronological: [Int]

    init(_ records: [EvidenceRecord]) {
        self.records = records
        let digits = DossierName.digits(forLargest: records.map(\.number).max() ?? 0)
        files = records.map { record in
            record.files.enumerated().map { index, file in
                File(record: record.number, index: index + 1, file: file,
                     path: DossierName.path(record: record.number, file: index + 1, originalName: file.originalName, digits: digits))
            }
        }
        var correctedBy: [Int: [Int]] = [:]
        for record in records {
            if let corrected = record.corrects { correctedBy[corrected, default: []].append(record.number) }
        }
        self.correctedBy = correctedBy
        // A correction is no incident of its own: it follows the record it corrects (and that record's
        // earlier corrections), whatever moment it gives, so it is never read as something that happened
        // when it was typed.
        let index = Dictionary(records.indices.map { (records[$0].number, $0) }, uniquingKeysWith: { first, _ in first })
        func original(_ position: Int) -> Int {
            var current = position, steps = 0
            while let corrected = records[current].corrects, let earlier = index[corrected], earlier < current, steps < records.count {
                current = earlier
                steps += 1
            }
            return current
        }
        let roots = records.indices.map(original)
        let times = roots.map { EvidenceChain.milliseconds(records[$0].incident.occurredAt) }
        chronological = records.indices.sorted { a, b in
            if times[a] != times[b] { return times[a] < times[b] }
            if roots[a] != roots[b] { return records[roots[a]].number < records[roots[b]].number }
            return records[a].number < records[b].number
        }
    }

    var allFiles: [File] { files.flatMap { $0 } }

    var lastHash: String { records.last?.hash ?? EvidenceChain.genesis }
}
