import Foundation

/// What must hold before a logbook is presented as intact: records numbered 1, 2, 3… in entry order,
/// each record's hash that of its content, each linked to the one before, corrections pointing back,
/// file hashes that can only name a file in the store, time stamps over hashes of the chain.
enum DossierIntegrity {
    static func check(_ records: [EvidenceRecord], stamps: [EvidenceStamp]) throws {
        guard !records.isEmpty else { throw DossierError.noRecords }
        // The hashes are computed on every core first (10,000 records' canonical forms), then compared in order.
        let computed = DossierParallel.map(records.count, worker: {}) { _, index in EvidenceChain.hash(records[index]) }
        var previous = EvidenceChain.genesis
        for (index, record) in records.enumerated() {
            guard record.number == index + 1 else {
                throw DossierError.numbering(expected: index + 1, found: record.number)
            }
            guard record.previousHash == previous else {
                throw DossierError.chainBroken(record: record.number, previousHash: record.previousHash, expected: previous)
            }
            if let corrected = record.corrects, !(1..<record.number).contains(corrected) {
                throw DossierError.badCorrection(record: record.number, corrects: corrected)
            }
            for (fileIndex, file) in record.files.enumerated() where !isHash(file.sha256) {
                throw DossierError.badFileHash(record: record.number, file: fileIndex + 1, value: file.sha256)
            }
            guard computed[index] == record.hash else {
                throw DossierError.recordAltered(record: record.number, stored: record.hash, computed: computed[index])
            }
            previous = record.hash
        }
        for stamp in stamps {
            guard (1...records.count).contains(stamp.recordNumber), records[stamp.recordNumber - 1].hash == stamp.chainHash else {
                throw DossierError.stampMismatch(recordNumber: stamp.recordNumber, chainHash: stamp.chainHash)
            }
        }
    }

    /// 64 lowercase hexadecimal digits, and nothing else: the only names a store's copy can have.
    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
