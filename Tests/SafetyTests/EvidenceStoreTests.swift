import Crypto
import Foundation
import GRDB
import Testing
@testable import Safety

/// A logbook in a fresh temporary folder, with a few source files to record.
final class LogbookFixture: @unchecked Sendable {
    let root: String
    let store: EvidenceStore
    var storeFolder: String { root + "/store" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-evidence-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        store = try EvidenceStore(folder: root + "/store", create: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes a source file and returns its path.
    func source(_ name: String, _ content: String) throws -> String {
        let path = root + "/in/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Adds `count` records, each with one file, an hour apart.
    @discardableResult
    func fill(_ count: Int, start: Int = 1) throws -> [EvidenceRecord] {
        try (start..<(start + count)).map { index in
            let file = try source("shot-\(index).png", "screenshot \(index)")
            return try store.add(Incident(occurredAt: Date(timeIntervalSince1970: 1_764_000_000 + Double(index) * 3_600), place: "Utrecht",
                                          how: ["message"], note: "message \(index)"), files: [file])
        }
    }

    func sql(_ statement: String) throws {
        try store.database.write { try $0.execute(sql: statement) }
    }

    func verify() throws -> EvidenceVerification { try EvidenceVerifier().verify(store) }
}

@Suite struct EvidenceStoreTests {
    @Test func recordsReadBackAsEnteredAndChained() throws {
        let fixture = try LogbookFixture()
        let mail = try fixture.source("threat.eml", "Received: from x\nSubject: hi\n\nbody")
        let entered = Date(timeIntervalSince1970: 1_764_660_000.123_456)
        let first = try fixture.store.add(Incident(occurredAt: Date(timeIntervalSince1970: 1_764_600_000), place: "Station Utrecht",
                                                   duration: "10 minutes", how: ["following", "at-the-door"], witnesses: ["Anna", "Ben"],
                                                   note: "He waited\nat the exit."), files: [mail], enteredAt: entered)
        let second = try fixture.store.add(Incident(occurredAt: entered, note: "Call at night"), files: [], corrects: 1, enteredAt: entered)
        let records = try fixture.store.records()
        #expect(records == [first, second])
        #expect(first.number == 1 && second.number == 2)
        #expect(first.previousHash == EvidenceChain.genesis && second.previousHash == first.hash)
        #expect(first.hash == EvidenceChain.hash(records[0]))
        #expect(records[0].incident.witnesses == ["Anna", "Ben"] && records[0].incident.note == "He waited\nat the exit.")
        #expect(records[1].corrects == 1)
        #expect(records[0].files.map(\.originalName) == ["threat.eml"])
        let expected = EvidenceChain.hex(SHA256.hash(data: Data("Received: from x\nSubject: hi\n\nbody".utf8)))
        #expect(records[0].files[0].sha256 == expected)
        #expect(try fixture.verify().problems.isEmpty)
    }

    @Test func filesAreCopiedUnchangedAndTheOriginalsLeftAlone() throws {
        let fixture = try LogbookFixture()
        let path = try fixture.source("photo.jpg", "\u{FF}\u{D8} not really a jpeg")
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let record = try fixture.store.add(Incident(occurredAt: Date()), files: [path])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.modificationDate] as? Date == old)
        let copy = fixture.storeFolder + "/files/" + record.files[0].sha256
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
        #expect(record.files[0].modifiedAt == old && record.files[0].size == Int64(before.count))
        for (item, mode) in [(fixture.storeFolder, 0o700), (fixture.storeFolder + "/files", 0o700), (fixture.store.databasePath, 0o600), (copy, 0o600)] {
            let permissions = try FileManager.default.attributesOfItem(atPath: item)[.posixPermissions] as? Int
            #expect(permissions == mode, "\(item)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.storeFolder + "/files").filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func aChatExportFolderIsOneRecordWithAllItsFiles() throws {
        let fixture = try LogbookFixture()
        _ = try fixture.source("WhatsApp Chat met X/WhatsApp Chat met X.txt", "30-11-2026 21:15 - X: kom naar buiten")
        _ = try fixture.source("WhatsApp Chat met X/IMG-20261130-WA0001.jpg", "image")
        _ = try fixture.source("WhatsApp Chat met X/media/PTT-20261130-WA0002.opus", "voice")
        let record = try fixture.store.add(Incident(occurredAt: Date(), how: ["message"]), files: [fixture.root + "/in/WhatsApp Chat met X"])
        #expect(record.files.map(\.originalName) == ["WhatsApp Chat met X/IMG-20261130-WA0001.jpg", "WhatsApp Chat met X/WhatsApp Chat met X.txt",
                                                     "WhatsApp Chat met X/media/PTT-20261130-WA0002.opus"])
        #expect(try fixture.verify().intact)
    }

    @Test func aLinkInsideAFolderIsNamedNotSkipped() throws {
        let fixture = try LogbookFixture()
        _ = try fixture.source("chat/chat.txt", "hi")
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/in/chat/photo.jpg", withDestinationPath: "/etc/hostname")
        #expect(throws: EvidenceError.notAFile(path: fixture.root + "/in/chat/photo.jpg")) {
            try fixture.store.add(Incident(occurredAt: Date(), note: "x"), files: [fixture.root + "/in/chat"])
        }
        #expect(try fixture.store.records().isEmpty)
    }

    @Test func badInputRecordsNothing() throws {
        let fixture = try LogbookFixture()
        #expect(throws: EvidenceError.nothingToRecord) { try fixture.store.add(Incident(occurredAt: Date(), note: "  "), files: []) }
        #expect(throws: EvidenceError.self) { try fixture.store.add(Incident(occurredAt: Date(), note: "x"), files: [fixture.root + "/in/none.png"]) }
        #expect(throws: EvidenceError.correctsLater(1, next: 1)) {
            try fixture.store.add(Incident(occurredAt: Date(), note: "x"), files: [], corrects: 1)
        }
        #expect(try fixture.store.records().isEmpty)
        let message = EvidenceError.unreadableFile(path: "/x/y.png", reason: "Permission denied").errorDescription ?? ""
        #expect(message.contains("/x/y.png") && message.contains("nothing was recorded"))
    }

    @Test func twoProcessesWorthOfAddsAtOnceStayOneChain() async throws {
        let fixture = try LogbookFixture()
        let folder = fixture.storeFolder
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let store = try EvidenceStore(folder: folder, create: false)
                    for index in 0..<5 { try store.add(Incident(occurredAt: Date(), note: "writer \(writer) #\(index)"), files: []) }
                }
            }
            try await group.waitForAll()
        }
        let verification = try fixture.verify()
        #expect(verification.records == 20)
        #expect(verification.problems.isEmpty)
    }
}

/// Each kind of tampering the issue names is caught and names the record.
@Suite struct EvidenceTamperTests {
    @Test func intactLogbookVerifies() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(5)
        let verification = try fixture.verify()
        #expect(verification.intact && verification.records == 5 && verification.files == 5)
    }

    @Test func anEditedFieldIsCaught() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(5)
        try fixture.sql("UPDATE record SET place = 'Amersfoort' WHERE number = 3")
        #expect(try fixture.verify().problems == [.recordChanged(3)])
        try fixture.sql("UPDATE record SET place = 'Utrecht' WHERE number = 3")
        try fixture.sql("UPDATE evidenceFile SET originalName = 'other.png' WHERE record = 4")
        #expect(try fixture.verify().problems == [.recordChanged(4)])
    }

    @Test func anEditedRecordWithItsHashRecomputedBreaksTheNextLink() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(5)
        var third = try fixture.store.record(3)
        third.incident.note = "rewritten"
        let forged = EvidenceChain.hash(third)
        try fixture.sql("UPDATE record SET note = 'rewritten', hash = '\(forged)' WHERE number = 3")
        #expect(try fixture.verify().problems == [.chainBroken(4)])
    }

    @Test func aReplacedOrMissingFileIsCaught() throws {
        let fixture = try LogbookFixture()
        let records = try fixture.fill(5)
        try Data("edited".utf8).write(to: URL(fileURLWithPath: fixture.storeFolder + "/files/" + records[1].files[0].sha256))
        try FileManager.default.removeItem(atPath: fixture.storeFolder + "/files/" + records[3].files[0].sha256)
        #expect(try fixture.verify().problems == [.fileChanged(record: 2, name: "shot-2.png"), .fileMissing(record: 4, name: "shot-4.png")])
    }

    @Test func aDeletedRecordIsCaught() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(5)
        try fixture.sql("DELETE FROM record WHERE number = 2")
        #expect(try fixture.verify().problems == [.recordMissing(2), .chainBroken(3)])
    }

    @Test func anInsertedRecordIsCaught() throws {
        let fixture = try LogbookFixture()
        let records = try fixture.fill(4)
        // Make room after record 2 and insert a record that chains correctly to record 2.
        try fixture.sql("UPDATE record SET number = number + 10 WHERE number > 2")
        try fixture.sql("UPDATE record SET number = number - 9 WHERE number > 10")
        try fixture.sql("UPDATE evidenceFile SET record = record + 10 WHERE record > 2")
        try fixture.sql("UPDATE evidenceFile SET record = record - 9 WHERE record > 10")
        var inserted = EvidenceRecord(number: 3, enteredAt: records[1].enteredAt, incident: Incident(occurredAt: Date(timeIntervalSince1970: 0), note: "forged"),
                                      files: [], previousHash: records[1].hash)
        inserted.hash = EvidenceChain.hash(inserted)
        try fixture.store.database.write { try fixture.store.insert(inserted, $0) }
        let problems = try fixture.verify().problems
        #expect(problems == [.recordChanged(4), .chainBroken(4), .headMismatch(4), .recordChanged(5)])
    }

    @Test func twoSwappedRecordsAreCaught() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(5)
        try fixture.sql("UPDATE record SET number = 100 WHERE number = 2")
        try fixture.sql("UPDATE record SET number = 2 WHERE number = 4")
        try fixture.sql("UPDATE record SET number = 4 WHERE number = 100")
        let problems = try fixture.verify().problems
        #expect(problems.contains(.recordChanged(2)) && problems.contains(.recordChanged(4)))
        #expect(problems.contains(.chainBroken(2)) && problems.contains(.chainBroken(4)))
    }

    @Test func aTruncatedChainIsCaught() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(5)
        try fixture.sql("DELETE FROM record WHERE number >= 4")
        #expect(try fixture.verify().problems == [.truncated(last: 3, head: 5)])
        try fixture.sql("DELETE FROM record")
        #expect(try fixture.verify().problems == [.truncated(last: 0, head: 5)])
    }

    @Test func aDeletedHeadIsCaught() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(2)
        try FileManager.default.removeItem(atPath: fixture.storeFolder + "/HEAD")
        #expect(try fixture.verify().problems == [.headMissing])
    }

    @Test func aRunKilledBetweenCommitAndHeadIsNoProblemAndIsSettled() throws {
        let fixture = try LogbookFixture()
        let records = try fixture.fill(3)
        // As if killed after the commit of record 3, before HEAD.next was renamed.
        try ChainHead(count: 2, hash: records[1].hash).write(to: fixture.storeFolder + "/HEAD")
        try ChainHead(count: 3, hash: records[2].hash).write(to: fixture.storeFolder + "/HEAD.next")
        #expect(try fixture.verify().intact)
        try fixture.fill(1, start: 4)
        #expect(!FileManager.default.fileExists(atPath: fixture.storeFolder + "/HEAD.next"))
        #expect(try fixture.verify().intact)
        // As if killed before the commit: a HEAD.next for a record that never came.
        try ChainHead(count: 5, hash: String(repeating: "e", count: 64)).write(to: fixture.storeFolder + "/HEAD.next")
        #expect(try fixture.verify().intact)
    }

    @Test func aCorrectionOfALaterRecordIsCaught() throws {
        let fixture = try LogbookFixture()
        try fixture.fill(3)
        var record = try fixture.store.record(2)
        record.corrects = 3
        try fixture.sql("UPDATE record SET corrects = 3, hash = '\(EvidenceChain.hash(record))' WHERE number = 2")
        let problems = try fixture.verify().problems
        #expect(problems.contains(.correctsUnknown(record: 2, corrects: 3)))
    }
}

@Suite struct IncidentTimeTests {
    static let zone = TimeZone(identifier: "Europe/Amsterdam")!
    static let now = Date(timeIntervalSince1970: 1_764_660_000) // 2025-12-02 07:20 UTC, 08:20 in Amsterdam

    @Test(arguments: [
        ("2025-11-30 21:15", 1_764_533_700.0), ("2025-11-30T21:15", 1_764_533_700), ("30-11-2025 21:15", 1_764_533_700),
        ("2025-11-30", 1_764_457_200), ("07:05", 1_764_655_500), ("2025-11-30T20:15:00Z", 1_764_533_700),
    ])
    func readsTheWaysPeopleWriteTimes(text: String, expected: Double) throws {
        #expect(try IncidentTime.parse(text, now: Self.now, timeZone: Self.zone) == Date(timeIntervalSince1970: expected))
    }

    // Tuesday 2 December 2025, 08:20 in Amsterdam.
    @Test(arguments: [
        ("gisteren", 1_764_543_600.0), ("Gisteren 21:15", 1_764_620_100), ("yesterday 21:15", 1_764_620_100), ("gisteravond 9.15", 1_764_620_100),
        ("gisteren om 21:15", 1_764_620_100), ("eergisteren", 1_764_457_200), ("the day before yesterday", 1_764_457_200), ("vandaag 07:05", 1_764_655_500),
        ("today", 1_764_630_000), ("maandag 21:15", 1_764_620_100), ("afgelopen zondag", 1_764_457_200),
        ("dinsdag", 1_764_630_000), ("nu", 1_764_660_000), ("Sunday", 1_764_457_200),
    ])
    func readsTheWordsPeopleSay(text: String, expected: Double) throws {
        #expect(try IncidentTime.parse(text, now: Self.now, timeZone: Self.zone) == Date(timeIntervalSince1970: expected))
    }

    @Test(arguments: ["vanavond 21:15", "maandag 25:00", "gisteren morgen 3"])
    func refusesDayWordsItCannotPlaceOrThatLieAhead(text: String) {
        #expect(throws: EvidenceError.self) { try IncidentTime.parse(text, now: Self.now, timeZone: Self.zone) }
    }

    @Test(arguments: ["gisterenavond", "2025-13-01", "31-02-2025 10:00", "25:00", "2025-11-30 21:15 extra"])
    func refusesWhatItCannotRead(text: String) {
        #expect(throws: EvidenceError.badTime(text)) { try IncidentTime.parse(text, now: Self.now, timeZone: Self.zone) }
    }

    @Test func refusesTheFuture() {
        #expect(throws: EvidenceError.futureTime("2025-12-03")) { try IncidentTime.parse("2025-12-03", now: Self.now, timeZone: Self.zone) }
    }
}
