import CZlib
import Foundation

/// Reads the members of a zip archive without unpacking it to disk: stored or deflated entries found
/// through the central directory (ZIP64 too, for archives past 4 GB), every offset and size checked
/// before use, the output capped, the CRC verified, inflation stopped when it makes no progress.
///
/// The bytes come from memory (a small export already read) or from a file read at the offsets a
/// member needs, so a 2 GB archive costs its central directory plus the members asked for — its photos
/// are never read. (ZIPFoundation crashed on an offset past the end and looped forever on a damaged
/// deflate stream, both found by fuzzing; this reader rests on zlib alone.)
public struct ZipArchive: Sendable {
    /// Why an archive or one of its members cannot be read. `reason` never holds a member's name or
    /// content (names can be personal: an e-mail address in a Takeout file name); `entry` says which.
    public struct Damaged: Error, Sendable, Equatable {
        public var reason: String
        /// The member's position in the central directory (0-based), when one member is at fault.
        public var entry: Int?

        public init(reason: String, entry: Int? = nil) {
            self.reason = reason
            self.entry = entry
        }
    }

    public struct Entry: Sendable, Equatable {
        /// The path inside the archive, as stored (UTF-8).
        public var name: String
        /// The position in the central directory.
        public var index: Int
        public var method: Int
        public var crc: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        var localHeaderOffset: Int

        /// Whether the member is a folder rather than a file.
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    let bytes: any RandomAccessBytes
    public let entries: [Entry]

    /// At most this many members, and this much central directory: more than any export holds.
    public static let maximumEntries = 2_000_000
    public static let maximumDirectoryBytes = 256 << 20

    /// An archive held in memory.
    public init(_ data: Data) throws {
        try self.init(bytes: MemoryBytes(data))
    }

    /// An archive read from a file at the offsets each member needs.
    public init(path: String) throws {
        try self.init(bytes: FileBytes(path: path))
    }

    public init(bytes: any RandomAccessBytes) throws {
        self.bytes = bytes
        entries = try Self.directory(bytes)
    }

    static func uint(_ bytes: [UInt8], _ at: Int, _ width: Int) throws -> Int {
        guard at >= 0, at + width <= bytes.count else { throw Damaged(reason: "a record runs past the end of the file") }
        var value: UInt64 = 0
        for offset in stride(from: width - 1, through: 0, by: -1) { value = value << 8 | UInt64(bytes[at + offset]) }
        guard value <= UInt64(Int.max >> 1) else { throw Damaged(reason: "a size or offset too large to be true") }
        return Int(value)
    }

    static func directory(_ source: any RandomAccessBytes) throws -> [Entry] {
        let size = source.count
        // The end of central directory record: 22 bytes plus a comment of up to 65,535, plus room for
        // the ZIP64 locator just before it.
        let tailStart = max(0, size - 22 - 65_535 - 20)
        let tail = try source.read(tailStart..<size)
        var end: Int?
        var candidate = tail.count - 22
        while candidate >= 0 {
            if try uint(tail, candidate, 4) == 0x0605_4B50, try candidate + 22 + uint(tail, candidate + 20, 2) == tail.count { end = candidate; break }
            candidate -= 1
        }
        guard let end else { throw Damaged(reason: "no end of central directory record (not a zip, or cut short)") }
        guard try uint(tail, end + 4, 2) == 0, try uint(tail, end + 6, 2) == 0 else {
            throw Damaged(reason: "one volume of a split zip (.z01, .z02…); join the parts first")
        }
        var count = try uint(tail, end + 10, 2), directorySize = try uint(tail, end + 12, 4), offset = try uint(tail, end + 16, 4)
        var endOfDirectory = tailStart + end
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // ZIP64: the locator sits right before the classic record and points at the ZIP64 record.
            let locator = end - 20
            guard locator >= 0, try uint(tail, locator, 4) == 0x0706_4B50 else { throw Damaged(reason: "a ZIP64 archive without its locator") }
            let record = try uint(tail, locator + 8, 8)
            guard record >= 0, record + 56 <= tailStart + locator else { throw Damaged(reason: "the ZIP64 record lies outside the file") }
            let fields = try source.read(record..<(record + 56))
            guard try uint(fields, 0, 4) == 0x0606_4B50 else { throw Damaged(reason: "the ZIP64 record is missing") }
            count = try uint(fields, 32, 8)
            directorySize = try uint(fields, 40, 8)
            offset = try uint(fields, 48, 8)
            endOfDirectory = record
        }
        guard count <= maximumEntries, directorySize <= maximumDirectoryBytes else { throw Damaged(reason: "a central directory larger than any export's") }
        guard offset + directorySize <= endOfDirectory, count * 46 <= directorySize else { throw Damaged(reason: "the central directory lies outside the file") }
        let directory = try source.read(offset..<(offset + directorySize))
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var at = 0
        for index in 0..<count {
            guard try uint(directory, at, 4) == 0x0201_4B50 else { throw Damaged(reason: "a central directory entry is missing", entry: index) }
            let flags = try uint(directory, at + 8, 2), method = try uint(directory, at + 10, 2)
            let crc = UInt32(try uint(directory, at + 16, 4))
            var compressed = try uint(directory, at + 20, 4), uncompressed = try uint(directory, at + 24, 4)
            let nameLength = try uint(directory, at + 28, 2), extraLength = try uint(directory, at + 30, 2), commentLength = try uint(directory, at + 32, 2)
            var local = try uint(directory, at + 42, 4)
            guard at + 46 + nameLength + extraLength <= directory.count else { throw Damaged(reason: "an entry's name runs past the directory", entry: index) }
            let name = String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                // The ZIP64 extra field holds the 8-byte values, only those marked, in this order.
                var extra = at + 46 + nameLength
                let extraEnd = extra + extraLength
                var found = false
                while extra + 4 <= extraEnd {
                    let tag = try uint(directory, extra, 2), length = try uint(directory, extra + 2, 2)
                    guard extra + 4 + length <= extraEnd else { break }
                    if tag == 0x0001 {
                        var field = extra + 4
                        func next() throws -> Int {
                            guard field + 8 <= extra + 4 + length else { throw Damaged(reason: "a ZIP64 field is too short", entry: index) }
                            defer { field += 8 }
                            return try uint(directory, field, 8)
                        }
                        if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                        if compressed == 0xFFFF_FFFF { compressed = try next() }
                        if local == 0xFFFF_FFFF { local = try next() }
                        found = true
                        break
                    }
                    extra += 4 + length
                }
                guard found else { throw Damaged(reason: "a ZIP64 entry without its sizes", entry: index) }
            }
            guard flags & 1 == 0 else { throw Damaged(reason: "an encrypted entry; export without a password", entry: index) }
            guard local + 30 + compressed <= offset else { throw Damaged(reason: "an entry's data runs into the central directory", entry: index) }
            entries.append(Entry(name: name, index: index, method: method, crc: crc, compressedSize: compressed,
                                 uncompressedSize: uncompressed, localHeaderOffset: local))
            at += 46 + nameLength + extraLength + commentLength
            guard at <= directory.count else { throw Damaged(reason: "the central directory is longer than it says", entry: index) }
        }
        return entries
    }

    /// The member's bytes; throws when it unpacks to more than `limit`, is damaged or uses another method.
    public func extract(_ entry: Entry, limit: Int) throws -> Data {
        guard entry.uncompressedSize <= limit else {
            throw Damaged(reason: "it unpacks to \(entry.uncompressedSize >> 20) MB, more than the \(limit >> 20) MB read", entry: entry.index)
        }
        let header = try bytes.read(entry.localHeaderOffset..<min(bytes.count, entry.localHeaderOffset + 30))
        guard try Self.uint(header, 0, 4) == 0x0403_4B50 else { throw Damaged(reason: "its local header is missing", entry: entry.index) }
        let dataOffset = entry.localHeaderOffset + 30 + (try Self.uint(header, 26, 2)) + (try Self.uint(header, 28, 2))
        guard dataOffset + entry.compressedSize <= bytes.count else { throw Damaged(reason: "its data runs past the end of the file", entry: entry.index) }
        // One copy of the member in memory: a stored member is read straight into the result, a deflated
        // one inflated into it (the compressed bytes are let go when this returns).
        let output: Data
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw Damaged(reason: "its sizes do not agree", entry: entry.index) }
            output = try bytes.readData(dataOffset..<(dataOffset + entry.compressedSize))
        case 8:
            let input = try bytes.read(dataOffset..<(dataOffset + entry.compressedSize))
            output = try Self.inflate(input, expected: entry.uncompressedSize, entry: entry.index)
        default:
            throw Damaged(reason: "it uses compression method \(entry.method), which exports do not use", entry: entry.index)
        }
        let crc = output.withUnsafeBytes { UInt32(crc32(0, $0.bindMemory(to: UInt8.self).baseAddress, uInt($0.count))) }
        guard crc == entry.crc else { throw Damaged(reason: "it fails its checksum (the archive is damaged or cut short)", entry: entry.index) }
        return output
    }

    static func inflate(_ input: [UInt8], expected: Int, entry: Int) throws -> Data {
        var stream = z_stream()
        guard hygiene_inflate_init_raw(&stream) == Z_OK else { throw Damaged(reason: "zlib could not start", entry: entry) }
        defer { inflateEnd(&stream) }
        var output = Data(count: max(expected, 1))
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBytes { raw in
                let target = raw.bindMemory(to: UInt8.self)
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
            throw Damaged(reason: "it is not a valid deflate stream of the size the archive states", entry: entry)
        }
        if expected == 0 { return Data() }
        return output
    }
}

/// Bytes read at any offset: a file or a buffer.
public protocol RandomAccessBytes: Sendable {
    var count: Int { get }
    /// The bytes in `range`, which must lie inside `0..<count`.
    func read(_ range: Range<Int>) throws -> [UInt8]
    /// The same, as `Data` (a member's bytes, without a second copy).
    func readData(_ range: Range<Int>) throws -> Data
}

extension RandomAccessBytes {
    public func readData(_ range: Range<Int>) throws -> Data { Data(try read(range)) }
}

/// Bytes in memory.
public struct MemoryBytes: RandomAccessBytes {
    let data: [UInt8]
    public init(_ data: Data) { self.data = [UInt8](data) }
    public var count: Int { data.count }
    public func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= data.count else { throw ZipArchive.Damaged(reason: "a record runs past the end of the file") }
        return Array(data[range])
    }
}

/// A file read with `pread` at the offsets asked for; the descriptor is closed with the last copy.
public final class FileBytes: RandomAccessBytes, @unchecked Sendable {
    let descriptor: Int32
    public let count: Int

    /// Why the file cannot be opened, in the words of `InputError.unreadable`.
    public struct Unreadable: Error, Sendable { public var reason: String }

    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Unreadable(reason: errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied" : String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else {
            close(descriptor)
            throw Unreadable(reason: "not a regular file")
        }
        self.descriptor = descriptor
        count = Int(status.st_size)
    }

    deinit { close(descriptor) }

    public func readData(_ range: Range<Int>) throws -> Data {
        guard range.lowerBound >= 0, range.upperBound <= count else { throw ZipArchive.Damaged(reason: "a record runs past the end of the file") }
        var buffer = Data(count: range.count)
        var done = 0
        try buffer.withUnsafeMutableBytes { (pointer: UnsafeMutableRawBufferPointer) in
            while done < range.count {
                let got = pread(descriptor, pointer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw ZipArchive.Damaged(reason: "the file could not be read to the end (it changed or was cut short)") }
                done += got
            }
        }
        return buffer
    }

    public func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= count else { throw ZipArchive.Damaged(reason: "a record runs past the end of the file") }
        var buffer = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let got = buffer.withUnsafeMutableBytes { pointer in
                pread(descriptor, pointer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw ZipArchive.Damaged(reason: "the file could not be read to the end (it changed or was cut short)") }
            done += got
        }
        return buffer
    }
}
