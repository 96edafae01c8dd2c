import Foundation
import Testing
@testable import Safety

@Suite struct EvidenceChainTests {
    static let record = EvidenceRecord(
        number: 2, enteredAt: Date(timeIntervalSince1970: 1_764_660_000.1234),
        incident: Incident(occurredAt: Date(timeIntervalSince1970: 1_764_600_000), place: "Station\nUtrecht",
                           duration: nil, how: ["message", "call"], witnesses: ["Anna"], note: "note:4:x"),
        files: [EvidenceFile(originalName: "shot.png", modifiedAt: nil, size: 3, sha256: String(repeating: "a", count: 64))],
        previousHash: EvidenceChain.genesis)

    @Test func canonicalFormIsLengthPrefixedAndStable() {
        let text = String(decoding: EvidenceChain.canonical(Self.record), as: UTF8.self)
        #expect(text.hasPrefix("hygiene-evidence/1\nnumber=2\nprevious=\(EvidenceChain.genesis)\nentered=2025-12-02T07:20:00.123Z\n"))
        #expect(text.contains("place:15:Station\nUtrecht\nduration:-\nhow#2\nhow:7:message\nhow:4:call\n"))
        #expect(text.contains("note:8:note:4:x\nfiles#1\nfile.name:8:shot.png\nfile.modified:-\nfile.size=3\n"))
    }

    @Test func everyFieldChangesTheHash() {
        let base = EvidenceChain.hash(Self.record)
        var variants: [EvidenceRecord] = []
        var r = Self.record; r.number = 3; variants.append(r)
        r = Self.record; r.previousHash = String(repeating: "1", count: 64); variants.append(r)
        r = Self.record; r.enteredAt.addTimeInterval(0.001); variants.append(r)
        r = Self.record; r.corrects = 1; variants.append(r)
        r = Self.record; r.incident.occurredAt.addTimeInterval(60); variants.append(r)
        r = Self.record; r.incident.place = "Station Utrecht"; variants.append(r)
        r = Self.record; r.incident.duration = ""; variants.append(r)
        r = Self.record; r.incident.how = ["call", "message"]; variants.append(r)
        r = Self.record; r.incident.witnesses = []; variants.append(r)
        r = Self.record; r.incident.note = nil; variants.append(r)
        r = Self.record; r.files[0].sha256 = String(repeating: "b", count: 64); variants.append(r)
        r = Self.record; r.files[0].size = 4; variants.append(r)
        r = Self.record; r.files[0].originalName = "shot.jpg"; variants.append(r)
        r = Self.record; r.files = []; variants.append(r)
        let hashes = variants.map(EvidenceChain.hash)
        #expect(!hashes.contains(base))
        #expect(Set(hashes).count == hashes.count)
    }

    @Test func timestampsBeforeNineteenSeventyAndMilliseconds() {
        #expect(EvidenceChain.timestamp(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(EvidenceChain.timestamp(Date(timeIntervalSince1970: 0.0004)) == "1970-01-01T00:00:00.000Z")
    }
}
