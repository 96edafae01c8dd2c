import Foundation

/// The chain's last record as the store last committed it, kept in a file beside the database
/// (`HEAD`): deleting records from the end of the database leaves the head pointing past it.
/// Written to `HEAD.next` before each commit and renamed over `HEAD` after, so a run killed in
/// between leaves one of the two matching the database.
public struct ChainHead: Sendable, Hashable {
    public var count: Int
    public var hash: String

    public init(count: Int, hash: String) {
        self.count = count
        self.hash = hash
    }

    var line: String { "\(EvidenceChain.format) \(count) \(hash)\n" }

    init?(line: String) {
        let parts = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 3, parts[0] == EvidenceChain.format, let count = Int(parts[1]), count >= 0, parts[2].count == 64 else { return nil }
        self.count = count
        self.hash = String(parts[2])
    }

    static func read(_ path: String) -> ChainHead?? {
        guard let data = FileManager.default.contents(atPath: path) else { return .none }
        return .some(ChainHead(line: String(decoding: data, as: UTF8.self)))
    }

    /// Writes the head durably to `path` (a temporary file, synced, renamed).
    func write(to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw EvidenceError.cannotOpen(store: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw EvidenceError.cannotOpen(store: path, reason: "cannot write the chain's head")
        }
    }
}
