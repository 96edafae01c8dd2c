import AuditCore
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Something `verify` found changed, missing or out of place, naming the record.
public enum EvidenceProblem: Sendable, Hashable {
    /// The record's fields no longer give its hash (a field was edited).
    case recordChanged(Int)
    /// The record does not follow the one before (a record deleted, inserted or moved before it).
    case chainBroken(Int)
    /// A number is missing from the sequence (a record deleted).
    case recordMissing(Int)
    /// The logbook ends before the record its head names (records removed from the end).
    case truncated(last: Int, head: Int)
    /// The record the head names has another hash than the head says.
    case headMismatch(Int)
    /// Records after the head were not added by hygiene.
    case beyondHead(head: Int, last: Int)
    case headMissing
    case fileMissing(record: Int, name: String)
    case fileChanged(record: Int, name: String)
    /// A time stamp's hash is not its record's hash.
    case stampMismatch(record: Int, authority: String)
    /// A time stamp's token is not valid (the reason from the verifier).
    case stampInvalid(record: Int, authority: String, reason: String)
    /// A correction refers to a record that is not before it.
    case correctsUnknown(record: Int, corrects: Int)

    /// The record the problem is about, for ordering.
    public var record: Int {
        switch self {
        case .recordChanged(let n), .chainBroken(let n), .recordMissing(let n), .headMismatch(let n): n
        case .truncated(let last, _): last + 1
        case .beyondHead(let head, _): head + 1
        case .headMissing: 0
        case .fileMissing(let n, _), .fileChanged(let n, _), .stampMismatch(let n, _), .stampInvalid(let n, _, _),
             .correctsUnknown(let n, _): n
        }
    }

    public var message: LocalizedText {
        switch self {
        case .recordChanged(let n):
            LocalizedText(en: "record \(n) was changed after it was entered: its contents no longer match its hash",
                          nl: "voorval \(n) is na het invoeren veranderd: de inhoud past niet meer bij de hash")
        case .chainBroken(let n):
            LocalizedText(en: "record \(n) does not follow the record before it: a record was removed, inserted or moved here",
                          nl: "voorval \(n) sluit niet aan op het voorval ervoor: hier is een voorval verwijderd, ingevoegd of verplaatst")
        case .recordMissing(let n):
            LocalizedText(en: "record \(n) is missing: it was deleted", nl: "voorval \(n) ontbreekt: het is verwijderd")
        case .truncated(let last, let head):
            LocalizedText(en: "the logbook stops at record \(last), but it held \(head) records: records \(last + 1) to \(head) were deleted",
                          nl: "het logboek stopt bij voorval \(last), maar had er \(head): voorvallen \(last + 1) tot en met \(head) zijn verwijderd")
        case .headMismatch(let n):
            LocalizedText(en: "record \(n) is not the record that was last entered as number \(n): the chain was rewritten",
                          nl: "voorval \(n) is niet het voorval dat als nummer \(n) het laatst werd ingevoerd: de keten is herschreven")
        case .beyondHead(let head, let last):
            LocalizedText(en: "records \(head + 1) to \(last) were added outside hygiene", nl: "voorvallen \(head + 1) tot en met \(last) zijn buiten hygiene om toegevoegd")
        case .headMissing:
            LocalizedText(en: "the file HEAD, which records the last record, is missing or damaged: records at the end may have been deleted",
                          nl: "het bestand HEAD, dat het laatste voorval vastlegt, ontbreekt of is beschadigd: voorvallen aan het eind kunnen verwijderd zijn")
        case .fileMissing(let n, let name):
            LocalizedText(en: "record \(n): the stored copy of \(name) is missing", nl: "voorval \(n): de bewaarde kopie van \(name) ontbreekt")
        case .fileChanged(let n, let name):
            LocalizedText(en: "record \(n): the stored copy of \(name) was changed or replaced", nl: "voorval \(n): de bewaarde kopie van \(name) is veranderd of vervangen")
        case .stampMismatch(let n, let authority):
            LocalizedText(en: "record \(n): the time stamp from \(authority) is for another hash than the record's",
                          nl: "voorval \(n): het tijdstempel van \(authority) hoort bij een andere hash dan die van het voorval")
        case .stampInvalid(let n, let authority, let reason):
            LocalizedText(en: "record \(n): the time stamp from \(authority) is not valid: \(reason)",
                          nl: "voorval \(n): het tijdstempel van \(authority) is niet geldig: \(reason)")
        case .correctsUnknown(let n, let corrects):
            LocalizedText(en: "record \(n) corrects record \(corrects), which is not an earlier record",
                          nl: "voorval \(n) corrigeert voorval \(corrects), maar dat is geen eerder voorval")
        }
    }
}

/// What `verify` saw.
public struct EvidenceVerification: Sendable {
    public var records: Int
    public var files: Int
    /// The time stamps kept with the logbook.
    public var stampList: [EvidenceStamp]
    public var stamps: Int { stampList.count }
    /// Time stamps whose signature was checked against a trusted authority.
    public var trustedStamps: Int
    public var problems: [EvidenceProblem]
    /// The last record's hash, when there is one.
    public var lastHash: String?
    public var intact: Bool { problems.isEmpty }
}

/// Checks a logbook again from scratch: every record's hash, every link, the numbering, the head,
/// every stored file's content, and every time stamp.
public struct EvidenceVerifier: Sendable {
    /// Checks a time stamp's token against the hash it claims; returns whether its signer is trusted,
    /// throws (with a reason a person can read) when the token is not valid.
    public typealias StampCheck = @Sendable (EvidenceStamp) async throws -> Bool

    /// Files hashed at once.
    public var jobs: Int

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.jobs = max(1, jobs)
    }

    /// Every record, link, file and the head; each stamp's hash against its record (not its signature).
    /// `files: false` leaves the files' contents to the caller (the dossier hashes each again as it copies it).
    public func verify(_ store: EvidenceStore, files: Bool = true) throws -> EvidenceVerification {
        let (records, stamps, heads) = try store.snapshot()
        var problems = chainProblems(records)
        problems += headProblems(records, heads)
        if files { problems += fileProblems(records, filesFolder: store.filesFolder) }
        let byNumber = Dictionary(records.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        for stamp in stamps {
            guard let record = byNumber[stamp.recordNumber], record.hash == stamp.chainHash,
                  EvidenceChain.hash(record) == stamp.chainHash else {
                problems.append(.stampMismatch(record: stamp.recordNumber, authority: stamp.authority))
                continue
            }
        }
        return EvidenceVerification(records: records.count, files: records.reduce(0) { $0 + $1.files.count }, stampList: stamps,
                                    trustedStamps: 0, problems: Self.ordered(problems), lastHash: records.last?.hash)
    }

    /// As `verify(_:)`, and each stamp's token checked by `stampCheck` (its signature and its signer).
    public func verify(_ store: EvidenceStore, files: Bool = true, stampCheck: StampCheck) async throws -> EvidenceVerification {
        var result = try await onOwnThread { try verify(store, files: files) }
        let mismatched = Set(result.problems.compactMap { problem -> Int? in
            if case .stampMismatch(let record, _) = problem { return record }
            return nil
        })
        for stamp in result.stampList where !mismatched.contains(stamp.recordNumber) {
            do {
                if try await stampCheck(stamp) { result.trustedStamps += 1 }
            } catch {
                let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                result.problems.append(.stampInvalid(record: stamp.recordNumber, authority: stamp.authority, reason: reason))
            }
        }
        result.problems = Self.ordered(result.problems)
        return result
    }

    static func ordered(_ problems: [EvidenceProblem]) -> [EvidenceProblem] {
        problems.enumerated().sorted { ($0.element.record, $0.offset) < ($1.element.record, $1.offset) }.map(\.element)
    }

    func chainProblems(_ records: [EvidenceRecord]) -> [EvidenceProblem] {
        var problems: [EvidenceProblem] = []
        var expected = 1
        var previous = EvidenceChain.genesis
        for record in records {
            if record.number > expected {
                problems += (expected..<record.number).map(EvidenceProblem.recordMissing)
            }
            expected = record.number + 1
            if EvidenceChain.hash(record) != record.hash { problems.append(.recordChanged(record.number)) }
            if record.previousHash != previous { problems.append(.chainBroken(record.number)) }
            previous = record.hash
            if let corrects = record.corrects, corrects < 1 || corrects >= record.number {
                problems.append(.correctsUnknown(record: record.number, corrects: corrects))
            }
        }
        return problems
    }

    func headProblems(_ records: [EvidenceRecord], _ heads: (head: ChainHead??, next: ChainHead??)) -> [EvidenceProblem] {
        let count = records.last?.number ?? 0
        let last = records.last?.hash
        func matches(_ head: ChainHead) -> Bool { head.count == count && head.hash == (last ?? EvidenceChain.genesis) }
        let head: ChainHead? = heads.head.flatMap { $0 }
        let next: ChainHead? = heads.next.flatMap { $0 }
        if let head, matches(head) { return [] }
        // A run killed after its commit and before renaming HEAD.next: the head is one behind.
        if let next, matches(next) {
            if let head, head.count == count - 1, records.dropLast().last?.hash == head.hash { return [] }
            if heads.head == nil, count == 1 { return [] }
        }
        guard let head else { return count == 0 && heads.head == nil ? [] : [.headMissing] }
        if head.count > count { return [.truncated(last: count, head: head.count)] }
        if let record = records.first(where: { $0.number == head.count }), record.hash == head.hash {
            return [.beyondHead(head: head.count, last: count)]
        }
        return [.headMismatch(head.count)]
    }

    func fileProblems(_ records: [EvidenceRecord], filesFolder: String) -> [EvidenceProblem] {
        let files = records.flatMap { record in record.files.map { (record: record.number, file: $0) } }
        var results = [EvidenceProblem?](repeating: nil, count: files.count)
        let chunk = max(1, (files.count + jobs * 4 - 1) / (jobs * 4))
        let chunks = (files.count + chunk - 1) / chunk
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            nonisolated(unsafe) let target = base
            DispatchQueue.concurrentPerform(iterations: chunks) { part in
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                for index in (part * chunk)..<min(files.count, (part + 1) * chunk) {
                    let (number, file) = files[index]
                    target[index] = Self.check(file, record: number, folder: filesFolder, buffer: &buffer)
                }
            }
        }
        return results.compactMap { $0 }
    }

    static func check(_ file: EvidenceFile, record: Int, folder: String, buffer: inout [UInt8]) -> EvidenceProblem? {
        let fd = open(folder + "/" + file.sha256, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .fileMissing(record: record, name: file.originalName) }
        defer { close(fd) }
        var hasher = SHA256()
        var size: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .fileChanged(record: record, name: file.originalName)
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            size += Int64(count)
        }
        guard size == file.size, EvidenceChain.hex(hasher.finalize()) == file.sha256 else {
            return .fileChanged(record: record, name: file.originalName)
        }
        return nil
    }
}
