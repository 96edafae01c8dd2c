import AuditCore
import Foundation

/// Built word lists kept on disk between runs, so that an audit reads a 36 MB table back in a few
/// milliseconds instead of hashing half a million words again (a third of a second of processor
/// time, on every run).
///
/// It holds hashes of the words of public lists (the installed packages' lists and the check file's
/// own words) and nothing of the user's. One file per set of lists, named by a digest of what went
/// in: each list's path, size, inode and modification time, and the check's own words; a list that
/// changes gives another name, and the old file is removed when the new one is written. A file that
/// is missing, truncated or of another version is built again, never trusted. Writes go to a
/// temporary name first and are renamed into place, so a reader never sees half a file.
struct WordListCache {
    static let magic = Array("hygiene-words-2\n".utf8)
    static let prefix = "words-"

    let directory: String

    /// The file for these lists on this machine.
    func path(for sources: WordSources, host: Machine) -> String {
        var key = "format 2\n"
        for file in sources.files {
            var info = stat()
            let real = host.resolve(file.path)
            if stat(real, &info) == 0 {
                key += "\(real)\t\(info.st_size)\t\(info.st_ino)\t\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\t\(file.kind.rawValue)\t\(file.ranked)\t\(file.name)\n"
            } else {
                key += "\(real)\tmissing\n"
            }
        }
        for kind in WordKind.allCases { if let words = sources.own[kind] { key += "\(kind.rawValue): \(words.joined(separator: "\t"))\n" } }
        return directory + "/" + Self.prefix + Digest.sha256Hex(key).prefix(32) + ".bin"
    }

    /// The lists as written by `store`, or nil when there is no usable file.
    func load(_ path: String) -> Dictionaries? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: Self.magic.count + 4 * 8)
        guard readFully(descriptor, into: &header), header.starts(with: Self.magic) else { return nil }
        let numbers = header.dropFirst(Self.magic.count).withUnsafeBytes { raw in (0..<4).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        let slots = Int(numbers[0]), filterWords = Int(numbers[1]), sourcesLength = Int(numbers[2]), kinds = Int(numbers[3])
        guard slots > 0, slots <= 1 << 26, filterWords == PrefixFilter.wordCount, sourcesLength <= 1 << 20, kinds == WordKind.allCases.count else { return nil }
        var keys = [UInt64](repeating: 0, count: slots)
        var ranks = [Int32](repeating: 0, count: slots)
        var kindIndexes = [UInt8](repeating: 0, count: slots)
        var bits = [UInt64](repeating: 0, count: filterWords)
        var sourcesBytes = [UInt8](repeating: 0, count: sourcesLength)
        guard readFully(descriptor, into: &keys), readFully(descriptor, into: &ranks), readFully(descriptor, into: &kindIndexes),
              readFully(descriptor, into: &bits), readFully(descriptor, into: &sourcesBytes) else { return nil }
        var extra: UInt8 = 0
        guard read(descriptor, &extra, 1) == 0 else { return nil }   // longer than it says: not ours
        let allKinds = WordKind.allCases.map { $0 }
        guard kindIndexes.allSatisfy({ Int($0) < allKinds.count }) else { return nil }
        var values = [Dictionaries.Entry]()
        values.reserveCapacity(slots)
        for index in 0..<slots { values.append(.init(kind: allKinds[Int(kindIndexes[index])], rank: ranks[index])) }
        guard let table = WordTable(keys: keys, values: values), let filter = PrefixFilter(bits: bits),
              let sources = try? JSONDecoder().decode([String].self, from: Data(sourcesBytes)) else { return nil }
        return Dictionaries(table: table, prefixes: filter, sources: sources)
    }

    /// Writes the lists for `path`, and removes the files of lists that were built before. Failing
    /// to write leaves no file behind and is not an error: the lists are built again next time.
    func store(_ dictionaries: Dictionaries, at path: String) {
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil else { return }
        let allKinds = WordKind.allCases.map { $0 }
        let keys = dictionaries.table.keys
        let ranks = dictionaries.table.values.map(\.rank)
        let kindIndexes = dictionaries.table.values.map { UInt8(allKinds.firstIndex(of: $0.kind)!) }
        let bits = dictionaries.prefixes.bits
        guard let sources = try? JSONEncoder().encode(dictionaries.sources) else { return }
        var header = Self.magic
        for number in [UInt64(keys.count), UInt64(bits.count), UInt64(sources.count), UInt64(allKinds.count)] {
            withUnsafeBytes(of: number) { header.append(contentsOf: $0) }
        }
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let written = writeFully(descriptor, header) && writeFully(descriptor, keys) && writeFully(descriptor, ranks)
            && writeFully(descriptor, kindIndexes) && writeFully(descriptor, bits) && writeFully(descriptor, Array(sources))
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
        // Older lists go, and so do temporary files a killed run left behind (another run may be
        // writing one right now, so only those over ten minutes old).
        let name = (path as NSString).lastPathComponent
        for other in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where other.hasPrefix(Self.prefix) && other != name {
            let otherPath = directory + "/" + other
            if other.hasSuffix(".tmp") {
                let modified = (try? FileManager.default.attributesOfItem(atPath: otherPath))?[.modificationDate] as? Date
                guard let modified, Date().timeIntervalSince(modified) > 600 else { continue }
            }
            unlink(otherPath)
        }
    }

    private func readFully<T>(_ descriptor: Int32, into array: inout [T]) -> Bool {
        array.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
    }

    private func writeFully<T>(_ descriptor: Int32, _ array: [T]) -> Bool {
        array.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
    }
}
