import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Copies the user's files into the store unchanged: read once (never moved, never written to),
/// hashed while copied into a temporary file, synced, then renamed to `files/<sha256>`. A folder
/// (a chat export with its media) brings every regular file in it, in name order.
struct EvidenceIntake {
    let filesFolder: String

    /// The files a list of paths stands for: each file itself, each folder's regular files (recursively,
    /// without following links inside it), with the name to record (a folder's files keep their path below
    /// the folder's parent: `WhatsApp Chat/IMG-0001.jpg`). A link or other special file inside a folder stops the
    /// add with its name, rather than being left out unsaid.
    static func expand(_ paths: [String]) throws -> [(path: String, name: String)] {
        var result: [(String, String)] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw EvidenceError.unreadableFile(path: path, reason: String(cString: strerror(errno))) }
            let kind = info.st_mode & S_IFMT
            if kind == S_IFREG {
                result.append((path, (path as NSString).lastPathComponent))
            } else if kind == S_IFDIR {
                let base = ((path as NSString).standardizingPath as NSString).lastPathComponent
                guard let walker = FileManager.default.enumerator(atPath: path) else {
                    throw EvidenceError.unreadableFile(path: path, reason: "cannot list the folder")
                }
                var inside: [String] = []
                while let relative = walker.nextObject() as? String {
                    var entry = stat()
                    let full = path + "/" + relative
                    guard lstat(full, &entry) == 0 else {
                        throw EvidenceError.unreadableFile(path: full, reason: String(cString: strerror(errno)))
                    }
                    switch entry.st_mode & S_IFMT {
                    case S_IFREG: inside.append(relative)
                    case S_IFDIR: break
                    // A link or a device inside the folder is not left out silently: the user gives the file itself.
                    default: throw EvidenceError.notAFile(path: full)
                    }
                }
                for relative in inside.sorted() { result.append((path + "/" + relative, base + "/" + relative)) }
            } else {
                throw EvidenceError.notAFile(path: path)
            }
        }
        return result
    }

    /// Linux's O_NOATIME (a GNU extension Swift does not import): reading the evidence does not
    /// even change its access time, where the file is the user's own.
    #if os(Linux)
    static let noAccessTime: Int32 = 0o1000000
    #else
    static let noAccessTime: Int32 = 0
    #endif

    /// Copies one file in, returning what the record keeps about it. An identical file already in the
    /// store is kept once.
    func copy(_ path: String, name: String) throws -> EvidenceFile {
        var source = open(path, O_RDONLY | Self.noAccessTime | O_CLOEXEC)
        if source < 0 && errno == EPERM { source = open(path, O_RDONLY | O_CLOEXEC) }
        guard source >= 0 else { throw EvidenceError.unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw EvidenceError.unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        // At the store's precision, so that the record read back is the record hashed.
        let modified = EvidenceChain.date(milliseconds: Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000)

        let temporary = filesFolder + "/.incoming-\(UUID().uuidString)"
        let target = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard target >= 0 else { throw EvidenceError.cannotStore(path: path, reason: String(cString: strerror(errno))) }
        var keep = false
        defer {
            if !keep { unlink(temporary) }
        }
        var hasher = SHA256()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        do {
            defer { close(target) }
            while true {
                let count = read(source, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw EvidenceError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
                }
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                hasher.update(bufferPointer: chunk)
                var written = 0
                while written < count {
                    let result = write(target, chunk.baseAddress! + written, count - written)
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw EvidenceError.cannotStore(path: path, reason: String(cString: strerror(errno)))
                    }
                    written += result
                }
                size += Int64(count)
            }
            guard fsync(target) == 0 else { throw EvidenceError.cannotStore(path: path, reason: String(cString: strerror(errno))) }
        }
        let sha = EvidenceChain.hex(hasher.finalize())
        let final = filesFolder + "/" + sha
        if access(final, F_OK) != 0 {
            guard rename(temporary, final) == 0 else { throw EvidenceError.cannotStore(path: path, reason: String(cString: strerror(errno))) }
            keep = true
        }
        return EvidenceFile(originalName: name, modifiedAt: modified, size: size, sha256: sha)
    }

    /// Makes the renames in the folder durable.
    func syncFolder() {
        let fd = open(filesFolder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Temporary files a killed run left behind (never a stored file): those over an hour old, so
    /// that another `add` copying a large file at the same moment is left alone.
    func removeLeftovers(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: filesFolder) else { return }
        for name in names where name.hasPrefix(".incoming-") {
            var info = stat()
            let path = filesFolder + "/" + name
            if stat(path, &info) == 0, Double(info.st_mtim.tv_sec) < now.timeIntervalSince1970 - 3_600 { unlink(path) }
        }
    }
}
