import CZlib
import Foundation

/// Reads the members of a zip export (1PUX, Dashlane) in memory: stored or deflated entries, found
/// through the central directory, every offset and size checked against the file before use, the
/// output capped, the CRC verified, and inflation stopped when it makes no progress.
/// (ZIPFoundation crashed on an offset past the end and looped forever on a damaged deflate stream,
/// both found by fuzzing; this reader rests on zlib alone.)
struct ZipReader {
    struct Damaged: Error { var reason: String }

    struct Entry {
        var name: String
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var dataOffset: Int
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ data: Data) throws {
        bytes = [UInt8](data)
        entries = try Self.directory(bytes)
    }

    static func u16(_ bytes: [UInt8], _ at: Int) throws -> Int {
        guard at >= 0, at + 2 <= bytes.count else { throw Damaged(reason: "a record runs past the end of the file") }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ at: Int) throws -> Int {
        guard at >= 0, at + 4 <= bytes.count else { throw Damaged(reason: "a record runs past the end of the file") }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    static func directory(_ bytes: [UInt8]) throws -> [Entry] {
        // The end of central directory record: 22 bytes plus a comment of up to 65,535.
        var end: Int?
        var candidate = bytes.count - 22
        while candidate >= max(0, bytes.count - 22 - 65_535) {
            if try u32(bytes, candidate) == 0x0605_4B50, try candidate + 22 + u16(bytes, candidate + 20) == bytes.count { end = candidate; break }
            candidate -= 1
        }
        guard let end else { throw Damaged(reason: "no end of central directory record") }
        let count = try u16(bytes, end + 10), size = try u32(bytes, end + 12), offset = try u32(bytes, end + 16)
        guard try u16(bytes, end + 4) == 0, try u16(bytes, end + 6) == 0 else { throw Damaged(reason: "a multi-part archive") }
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else { throw Damaged(reason: "a ZIP64 archive, larger than any export") }
        guard offset + size <= end, count * 46 <= size else { throw Damaged(reason: "the central directory lies outside the file") }
        var entries: [Entry] = []
        var at = offset
        for _ in 0..<count {
            guard try u32(bytes, at) == 0x0201_4B50 else { throw Damaged(reason: "a central directory entry is missing") }
            let flags = try u16(bytes, at + 8), method = try u16(bytes, at + 10)
            let crc = UInt32(try u32(bytes, at + 16)), compressed = try u32(bytes, at + 20), uncompressed = try u32(bytes, at + 24)
            let nameLength = try u16(bytes, at + 28), extraLength = try u16(bytes, at + 30), commentLength = try u16(bytes, at + 32)
            let local = try u32(bytes, at + 42)
            guard at + 46 + nameLength <= bytes.count else { throw Damaged(reason: "an entry's name runs past the end") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else { throw Damaged(reason: "a ZIP64 entry") }
            guard flags & 1 == 0 else { throw Damaged(reason: "an encrypted entry; export without a password") }
            guard try u32(bytes, local) == 0x0403_4B50 else { throw Damaged(reason: "an entry's local header is missing") }
            let dataOffset = local + 30 + (try u16(bytes, local + 26)) + (try u16(bytes, local + 28))
            guard dataOffset + compressed <= offset else { throw Damaged(reason: "an entry's data runs into the central directory") }
            entries.append(Entry(name: name, method: method, crc: crc, compressedSize: compressed, uncompressedSize: uncompressed,
                                 dataOffset: dataOffset))
            at += 46 + nameLength + extraLength + commentLength
            guard at <= offset + size else { throw Damaged(reason: "the central directory is longer than it says") }
        }
        return entries
    }

    /// The member's bytes; throws when it is larger than `limit`, damaged or in another method.
    func extract(_ entry: Entry, limit: Int) throws -> Data {
        guard entry.uncompressedSize <= limit else { throw Damaged(reason: "\(entry.name) unpacks to more than \(limit >> 20) MB") }
        let input = bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)]
        var output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw Damaged(reason: "\(entry.name) has inconsistent sizes") }
            output = Array(input)
        case 8:
            output = try Self.inflate(Array(input), expected: entry.uncompressedSize, name: entry.name)
        default:
            throw Damaged(reason: "\(entry.name) uses compression method \(entry.method), which exports do not use")
        }
        let crc = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc else { throw Damaged(reason: "\(entry.name) fails its checksum") }
        return Data(output)
    }

    static func inflate(_ input: [UInt8], expected: Int, name: String) throws -> [UInt8] {
        var stream = z_stream()
        guard hygiene_inflate_init_raw(&stream) == Z_OK else { throw Damaged(reason: "zlib could not start") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(expected, 1))
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                // One call can finish the stream, since the whole output fits; loop only while it makes progress.
                var result = Z_OK
                while result == Z_OK {
                    let before = (stream.avail_in, stream.avail_out)
                    result = CZlib.inflate(&stream, Z_FINISH)
                    if result == Z_OK && (stream.avail_in, stream.avail_out) == before { return Z_DATA_ERROR }
                }
                return result
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expected else {
            throw Damaged(reason: "\(name) is not a valid deflate stream of the size the archive states")
        }
        return output
    }
}
