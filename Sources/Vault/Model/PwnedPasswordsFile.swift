import AuditCore
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Pwned Passwords list as the official downloader writes it: one `SHA1:COUNT` line per hash,
/// sorted by hash, upper or lower case, LF or CRLF. Tens of gigabytes, so it is mapped, never read:
/// each look-up is a binary search over byte offsets (O(log n) page touches).
public final class PwnedPasswordsFile: @unchecked Sendable {
    public let path: String
    let base: UnsafeRawPointer
    let size: Int

    public enum OpenError: Error, LocalizedFailure, Equatable {
        case unreadable(path: String, reason: String)
        case notTheList(path: String, offset: Int, reason: String)
        case unsorted(path: String, offset: Int)
        case knownHashMissing(path: String)

        static let dutch = ["the file is too short": "het bestand is te kort", "the line there is not HASH:COUNT": "de regel daar is geen HASH:AANTAL"]

        public var message: LocalizedText {
            switch self {
            case .unreadable(let path, let reason):
                LocalizedText(en: "\(path): cannot open the breach list: \(reason)",
                              nl: "\(path): de lijst met gelekte wachtwoorden kan niet worden geopend: \(SystemReason.text(reason)(.nl))")
            case .notTheList(let path, let offset, let reason):
                LocalizedText(
                    en: "\(path): not a Pwned Passwords SHA-1 list (at byte \(offset): \(reason)); expected lines like 'HASH:COUNT' from the official downloader",
                    nl: "\(path): geen SHA-1-lijst van Pwned Passwords (bij byte \(offset): \(Self.dutch[reason] ?? reason)); verwacht werden regels als 'HASH:AANTAL' van de officiële downloader")
            case .unsorted(let path, let offset):
                LocalizedText(
                    en: "\(path): the lines are not sorted by hash (at byte \(offset)); a binary search would miss breached passwords. Download the list again (sorted by hash)",
                    nl: "\(path): de regels zijn niet op hash gesorteerd (bij byte \(offset)); zoeken zou gelekte wachtwoorden missen. Download de lijst opnieuw (gesorteerd op hash)")
            case .knownHashMissing(let path):
                LocalizedText(
                    en: "\(path): the list does not contain the hash of 'password', which every complete list has; it is truncated or filtered, so it cannot vouch for anything",
                    nl: "\(path): de lijst bevat de hash van 'password' niet, die in elke volledige lijst staat; hij is ingekort of gefilterd en kan dus nergens voor instaan")
            }
        }
    }

    /// SHA-1 of "password", in every real list with millions of sightings.
    static let knownHash = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"

    public init(path: String, samples: Int = 64) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw OpenError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw OpenError.unreadable(path: path, reason: "not a regular file")
        }
        size = Int(info.st_size)
        guard size >= 42 else { throw OpenError.notTheList(path: path, offset: 0, reason: "the file is too short") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw OpenError.unreadable(path: path, reason: "cannot map it into memory")
        }
        base = UnsafeRawPointer(mapped)
        madvise(mapped, size, MADV_RANDOM)
        try validate(samples: samples)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// Lets go of the list's pages this process has read: they stay in the page cache for the next
    /// look-up, but no longer count as its memory (ten thousand look-ups touch some 150 MB of pages).
    func releasePages() {
        madvise(UnsafeMutableRawPointer(mutating: base), size, MADV_DONTNEED)
    }

    /// The start of the line holding `offset`.
    func lineStart(_ offset: Int) -> Int {
        var i = offset
        while i > 0 && base.load(fromByteOffset: i - 1, as: UInt8.self) != 10 { i -= 1 }
        return i
    }

    /// The 40 hex digits at `start`, uppercased, and the count after the colon; nil if the line is not one.
    func entry(at start: Int) -> (hash: [UInt8], count: Int)? {
        guard start + 41 <= size else { return nil }
        var hash = [UInt8](repeating: 0, count: 40)
        for k in 0..<40 {
            var c = base.load(fromByteOffset: start + k, as: UInt8.self)
            if c >= 97 && c <= 102 { c -= 32 }
            guard (c >= 48 && c <= 57) || (c >= 65 && c <= 70) else { return nil }
            hash[k] = c
        }
        guard base.load(fromByteOffset: start + 40, as: UInt8.self) == 58 else { return nil }
        var count = 0, i = start + 41
        while i < size {
            let c = base.load(fromByteOffset: i, as: UInt8.self)
            guard c >= 48 && c <= 57 else { break }
            count = count * 10 + Int(c - 48)
            i += 1
        }
        return (hash, count)
    }

    func validate(samples: Int) throws {
        var previous: [UInt8]? = nil
        for index in 0..<samples {
            let start = lineStart(min(size - 1, size / samples * index))
            guard let found = entry(at: start) else {
                if start + 1 >= size { continue }
                throw OpenError.notTheList(path: path, offset: start, reason: "the line there is not HASH:COUNT")
            }
            if let previous, found.hash.lexicographicallyPrecedes(previous) {
                throw OpenError.unsorted(path: path, offset: start)
            }
            previous = found.hash
        }
        guard count(forHex: Array(Self.knownHash.utf8)) > 0 else { throw OpenError.knownHashMissing(path: path) }
        releasePages()
    }

    /// How often the hash (40 uppercase hex digits) was seen; 0 when it is not in the list.
    func count(forHex target: [UInt8]) -> Int {
        var low = 0, high = size
        // Invariant: every line starting before `low` sorts below the target; the target line, if any, starts in [low, high).
        while low < high {
            let middle = lineStart(low + (high - low) / 2)
            guard let found = entry(at: middle) else { return 0 }
            if found.hash == target { return found.count }
            if found.hash.lexicographicallyPrecedes(target) {
                var next = middle
                while next < size && base.load(fromByteOffset: next, as: UInt8.self) != 10 { next += 1 }
                low = next + 1
            } else {
                high = middle
            }
        }
        return 0
    }

    /// How often the password was seen in breaches; 0 when never.
    public func count(for password: Secret) -> Int {
        count(forHex: Self.hex(password))
    }

    static func hex(_ password: Secret) -> [UInt8] {
        let digest = password.withValue { Insecure.SHA1.hash(data: Data($0.utf8)) }
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return out
    }
}
