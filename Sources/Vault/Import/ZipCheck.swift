import Foundation

/// Checks a zip's structure before it is unpacked: the end record, every central directory entry
/// and every local header must lie inside the file, without ZIP64. ZIPFoundation's in-memory reader
/// trusts these offsets and crashes on one that points past the end (found by fuzzing).
enum ZipCheck {
    struct Damaged: Error { var reason: String }

    static func validate(_ data: Data) throws {
        let bytes = [UInt8](data)
        func u16(_ at: Int) throws -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Damaged(reason: "a record runs past the end of the file") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> Int {
            guard at >= 0, at + 4 <= bytes.count else { throw Damaged(reason: "a record runs past the end of the file") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        // The end of central directory record: 22 bytes plus a comment of up to 65,535.
        var end: Int?
        var candidate = bytes.count - 22
        while candidate >= max(0, bytes.count - 22 - 65_535) {
            if try u32(candidate) == 0x0605_4B50, try candidate + 22 + u16(candidate + 20) == bytes.count { end = candidate; break }
            candidate -= 1
        }
        guard let end else { throw Damaged(reason: "no end of central directory record") }
        let entries = try u16(end + 10), directorySize = try u32(end + 12), directoryOffset = try u32(end + 16)
        guard try u16(end + 4) == 0, try u16(end + 6) == 0 else { throw Damaged(reason: "a multi-part archive") }
        guard entries != 0xFFFF, directorySize != 0xFFFF_FFFF, directoryOffset != 0xFFFF_FFFF else {
            throw Damaged(reason: "a ZIP64 archive, larger than any export")
        }
        guard directoryOffset + directorySize <= end, entries * 46 <= directorySize else {
            throw Damaged(reason: "the central directory lies outside the file")
        }
        var at = directoryOffset
        for _ in 0..<entries {
            guard try u32(at) == 0x0201_4B50 else { throw Damaged(reason: "a central directory entry is missing") }
            let compressed = try u32(at + 20), uncompressed = try u32(at + 24)
            let nameLength = try u16(at + 28), extraLength = try u16(at + 30), commentLength = try u16(at + 32)
            let local = try u32(at + 42)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw Damaged(reason: "a ZIP64 entry")
            }
            guard try u32(local) == 0x0403_4B50 else { throw Damaged(reason: "an entry's local header is missing") }
            let localName = try u16(local + 26), localExtra = try u16(local + 28)
            guard local + 30 + localName + localExtra + compressed <= directoryOffset else {
                throw Damaged(reason: "an entry's data runs into the central directory")
            }
            at += 46 + nameLength + extraLength + commentLength
            guard at <= directoryOffset + directorySize else { throw Damaged(reason: "the central directory is longer than it says") }
        }
    }
}
