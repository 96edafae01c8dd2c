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

    /// Copies every file; returns for each whether it is a picture, in the order given.
    func copy(_ files: [DossierLayout.File], cores: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [DossierImage?] {
        let outcomes = DossierParallel.map(files.count, cores: cores, worker: { CopyBuffer() }) { buffer, index in
            copy(files[index], buffer: buffer.bytes)
        }
        var images: [DossierImage?] = []
        var problems: [DossierFileProblem] = []
        images.reserveCapacity(files.count)
        for outcome in outcomes {
            switch outcome {
            case .copied(let image): images.append(image)
            case .problem(let problem): problems.append(problem); images.append(nil)
            case .failed(let error): throw error
            }
        }
        guard problems.isEmpty else { throw DossierError.storeCopiesNotIntact(store: store, problems: problems) }
        return images
    }

    static let bufferSize = 256 * 1024

    /// One thread's buffer for reading and writing.
    final class CopyBuffer {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: DossierCopier.bufferSize, alignment: 16)
        deinit { bytes.deallocate() }
    }

    private func copy(_ entry: DossierLayout.File, buffer: UnsafeMutableRawPointer) -> Outcome {
        let source = store + "/" + entry.file.storedPath
        func problem(_ kind: DossierFileProblem.Kind) -> Outcome {
            .problem(DossierFileProblem(record: entry.record, file: entry.index, originalName: entry.file.originalName,
                                        storedPath: source, expectedSHA256: entry.file.sha256, kind: kind))
        }
        let input = open(source, O_RDONLY | O_CLOEXEC)
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
