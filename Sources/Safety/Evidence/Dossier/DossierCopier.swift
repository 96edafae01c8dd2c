import Crypto
import Foundation

/// Copies each file from the store into the dossier, hashing it again on the way: a copy whose content
/// is not what its record says is reported, never passed on as intact. Files are copied a share per core
/// (20,000 small files are mostly system calls).
struct DossierCopier {
    /// The store folder; a file's copy is `<store>/files/<sha256>`.
    let store: String
    /// The folder the dossier's `files/…` paths are relative to.
    let destination: String

    /// What a copy found out about a file.
    enum Outcome: Sendable {
        case copied(image: DossierImage?)
        case problem(DossierFileProblem)
        case failed(DossierError)
    }

    /// Which files are pictures, from the first bytes of each store copy, so that the page can be rendered
    /// while the files are copied. A copy that cannot be read is left for `copy` to report.
    func sniff(_ files: [DossierLayout.File], cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> [DossierImage?] {
        DossierParallel.map(files.count, cores: cores, worker: { [UInt8](repeating: 0, count: DossierImage.headLength) }) { head, index in
            let input = open(store + "/" + files[index].file.storedPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard input >= 0 else { return nil }
            defer { close(input) }
            var info = stat()
            guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            let count = head.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            return count > 0 ? DossierImage(head: Array(head.prefix(count))) : nil
        }
    }

    /// Copies every file, checking each against its record and, when given, against what `sniff` saw
    /// (a copy that is intact now but was something else a moment ago changed during the export).
    func copy(_ files: [DossierLayout.File], cores: Int = ProcessInfo.processInfo.activeProcessorCount,
              expecting sniffed: [DossierImage?]? = nil) throws {
        let outcomes = DossierParallel.map(files.count, cores: cores, worker: { CopyBuffer() }) { buffer, index in
            copy(files[index], buffer: buffer.bytes)
        }
        var problems: [DossierFileProblem] = []
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .copied(let image):
                if let sniffed, sniffed[index] != image { problems.append(problem(files[index], .changedDuringExport)) }
            case .problem(let problem): problems.append(problem)
            case .failed(let error): throw error
            }
        }
        guard problems.isEmpty else { throw DossierError.storeCopiesNotIntact(store: store, problems: problems) }
    }

    static let bufferSize = 256 * 1024

    private func problem(_ entry: DossierLayout.File, _ kind: DossierFileProblem.Kind) -> DossierFileProblem {
        DossierFileProblem(record: entry.record, file: entry.index, originalName: entry.file.originalName,
                           storedPath: store + "/" + entry.file.storedPath, expectedSHA256: entry.file.sha256, kind: kind)
    }

    /// One thread's buffer for reading and writing.
    final class CopyBuffer {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: DossierCopier.bufferSize, alignment: 16)
        deinit { bytes.deallocate() }
    }

    private func copy(_ entry: DossierLayout.File, buffer: UnsafeMutableRawPointer) -> Outcome {
        let source = store + "/" + entry.file.storedPath
        func problem(_ kind: DossierFileProblem.Kind) -> Outcome { .problem(self.problem(entry, kind)) }
        // Not blocking: a pipe in the store's place would otherwise wait for a writer for ever.
        let input = open(source, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard input >= 0 else { return problem(.missing(reason: String(cString: strerror(errno)))) }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return problem(.missing(reason: "not a regular file")) }

        let target = destination + "/" + entry.path
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { return .failed(.cannotWrite(path: target, reason: String(cString: strerror(errno)))) }
        var outputOpen = true
        defer { if outputOpen { close(output) } }

        var hasher = SHA256()
        var total: Int64 = 0
        var head: [UInt8] = []
        while true {
            let count = read(input, buffer, Self.bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                return problem(.missing(reason: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: count)
            hasher.update(bufferPointer: bytes)
            if head.count < DossierImage.headLength { head += bytes.prefix(DossierImage.headLength - head.count) }
            total += Int64(count)
            var written = 0
            while written < count {
                let result = write(output, buffer + written, count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return .failed(.cannotWrite(path: target, reason: String(cString: strerror(errno))))
                }
                written += result
            }
        }
        let actual = EvidenceChain.hex(hasher.finalize())
        guard actual == entry.file.sha256 else { return problem(.altered(actualSHA256: actual)) }
        guard total == entry.file.size else { return problem(.wrongSize(actual: total)) }
        // The copy keeps the original's modification time, where the record has one.
        if let modified = entry.file.modifiedAt {
            let ms = EvidenceChain.milliseconds(modified)
            let seconds = Int(floor(Double(ms) / 1000))
            let time = timespec(tv_sec: seconds, tv_nsec: Int(ms - Int64(seconds) * 1000) * 1_000_000)
            var times = [time, time]
            _ = futimens(output, &times)
        }
        outputOpen = false
        guard close(output) == 0 else { return .failed(.cannotWrite(path: target, reason: String(cString: strerror(errno)))) }
        return .copied(image: DossierImage(head: head))
    }
}
