import CZlib
import Foundation

/// The payload's gzip compression (header CompressionFlags 1), undone in memory with zlib.
enum KDBXGzip {
    /// More than any database holds; a payload that inflates past it is refused rather than filling memory.
    static let limit = 1 << 30

    /// Replaces the compressed payload with its decompression, wiping the compressed bytes.
    static func decompress(_ payload: inout Data) throws {
        var compressed = payload
        payload = Data()
        defer { compressed.wipe() }
        payload = try inflate(compressed)
    }

    static func inflate(_ compressed: Data) throws -> Data {
        var stream = z_stream()
        // 16 + 15: a gzip wrapper around a deflate stream with a 32 KiB window.
        guard inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw KDBXError.damaged("zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        defer { chunk.wipe() }
        let status: Int32 = compressed.withUnsafeBytes { source in
            stream.next_in = source.bindMemory(to: Bytef.self).baseAddress.map { UnsafeMutablePointer(mutating: $0) }
            stream.avail_in = uInt(source.count)
            var status = Z_OK
            repeat {
                status = chunk.withUnsafeMutableBytes { target in
                    stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                    stream.avail_out = uInt(target.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    output.append(target.bindMemory(to: UInt8.self).baseAddress!, count: target.count - Int(stream.avail_out))
                    return status
                }
                if output.count > limit { return Z_MEM_ERROR }
            } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
            return status
        }
        switch status {
        case Z_STREAM_END: return output
        case Z_MEM_ERROR:
            output.wipe()
            throw KDBXError.damaged("the payload decompresses to more than \(limit >> 20) MiB")
        case Z_OK, Z_BUF_ERROR:
            output.wipe()
            throw KDBXError.damaged("the compressed payload ends early")
        default:
            output.wipe()
            throw KDBXError.damaged("the compressed payload is not valid gzip (zlib error \(status))")
        }
    }
}
