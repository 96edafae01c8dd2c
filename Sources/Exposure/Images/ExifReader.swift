import Foundation

/// A place on earth, from a photo's EXIF GPS tags.
public struct Coordinate: Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double

    /// `lat,lon` with four decimals (about 10 m).
    public var normalized: String { String(format: "%.4f,%.4f", latitude, longitude) }
}

/// Reads the GPS position from the EXIF data of JPEG, PNG (`eXIf`) and WebP (`EXIF`) images.
/// Small and defensive: every offset is checked, nothing is trusted, a broken file gives nil.
public enum ExifReader {
    public static func coordinate(in data: Data) -> Coordinate? {
        data.withUnsafeBytes { raw -> Coordinate? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let tiff = tiffRange(bytes) else { return nil }
            return TIFF(bytes: UnsafeBufferPointer(rebasing: bytes[tiff]))?.gps()
        }
    }

    /// Where the TIFF structure with the EXIF tags sits in the file.
    static func tiffRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let count = bytes.count
        func be32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        func le32(_ at: Int) -> Int { Int(bytes[at + 3]) << 24 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 1]) << 8 | Int(bytes[at]) }
        func hasExifHeader(_ at: Int) -> Bool {
            at + 6 <= count && Array(bytes[at..<at + 6]) == [0x45, 0x78, 0x69, 0x66, 0, 0]
        }
        // JPEG: markers until the image data starts; APP1 with "Exif\0\0".
        if count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 {
            var cursor = 2
            while cursor + 4 <= count {
                guard bytes[cursor] == 0xFF else { return nil }
                let marker = bytes[cursor + 1]
                if marker == 0xFF { cursor += 1; continue }            // fill byte
                if marker == 0xD8 || (0xD0...0xD7).contains(marker) { cursor += 2; continue }
                if marker == 0xD9 || marker == 0xDA { return nil }     // end of image, start of scan
                let length = Int(bytes[cursor + 2]) << 8 | Int(bytes[cursor + 3])
                guard length >= 2, cursor + 2 + length <= count else { return nil }
                if marker == 0xE1, length >= 8, hasExifHeader(cursor + 4) { return (cursor + 10)..<(cursor + 2 + length) }
                cursor += 2 + length
            }
            return nil
        }
        // PNG: chunks; eXIf holds the TIFF structure itself.
        if count >= 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
            var cursor = 8
            while cursor + 8 <= count {
                let length = be32(cursor)
                let type = String(decoding: bytes[(cursor + 4)..<(cursor + 8)], as: UTF8.self)
                guard length >= 0, cursor + 12 + length <= count || type == "eXIf" && cursor + 8 + length <= count else { return nil }
                if type == "eXIf" {
                    let start = cursor + 8
                    return length >= 6 && hasExifHeader(start) ? (start + 6)..<(start + length) : start..<(start + length)
                }
                if type == "IEND" { return nil }
                cursor += 12 + length
            }
            return nil
        }
        // WebP: RIFF chunks; EXIF holds the TIFF structure, sometimes after "Exif\0\0".
        if count >= 12, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            var cursor = 12
            while cursor + 8 <= count {
                let length = le32(cursor + 4)
                let type = String(decoding: bytes[cursor..<(cursor + 4)], as: UTF8.self)
                guard length >= 0, cursor + 8 + length <= count else { return nil }
                if type == "EXIF" {
                    let start = cursor + 8
                    return length >= 6 && hasExifHeader(start) ? (start + 6)..<(start + length) : start..<(start + length)
                }
                cursor += 8 + length + (length & 1)
            }
        }
        return nil
    }

    struct TIFF {
        let bytes: UnsafeBufferPointer<UInt8>
        let little: Bool

        init?(bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count >= 8 else { return nil }
            if bytes[0] == 0x49 && bytes[1] == 0x49 { little = true } else if bytes[0] == 0x4D && bytes[1] == 0x4D { little = false } else { return nil }
            self.bytes = bytes
            guard u16(2) == 42 else { return nil }
        }

        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return little ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }

        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= bytes.count else { return nil }
            let b = (Int(bytes[at]), Int(bytes[at + 1]), Int(bytes[at + 2]), Int(bytes[at + 3]))
            return little ? b.0 | b.1 << 8 | b.2 << 16 | b.3 << 24 : b.0 << 24 | b.1 << 16 | b.2 << 8 | b.3
        }

        /// The entries of the IFD at `offset`: tag → (type, count, value or offset field position).
        func entries(at offset: Int) -> [Int: (type: Int, count: Int, field: Int)]? {
            guard let number = u16(offset), number <= 1000 else { return nil }
            var result: [Int: (Int, Int, Int)] = [:]
            for index in 0..<number {
                let entry = offset + 2 + index * 12
                guard let tag = u16(entry), let type = u16(entry + 2), let count = u32(entry + 4), entry + 12 <= bytes.count else { return nil }
                result[tag] = (type, count, entry + 8)
            }
            return result
        }

        func gps() -> Coordinate? {
            guard let ifd0 = u32(4), let main = entries(at: ifd0), let pointer = main[0x8825], let gpsOffset = u32(pointer.field),
                  let gps = entries(at: gpsOffset),
                  let latitude = degrees(gps[2]), let longitude = degrees(gps[4]) else { return nil }
            let south = reference(gps[1]) == UInt8(ascii: "S"), west = reference(gps[3]) == UInt8(ascii: "W")
            let lat = south ? -latitude : latitude, lon = west ? -longitude : longitude
            guard (-90...90).contains(lat), (-180...180).contains(lon), lat != 0 || lon != 0 else { return nil }
            return Coordinate(latitude: lat, longitude: lon)
        }

        func reference(_ entry: (type: Int, count: Int, field: Int)?) -> UInt8? {
            guard let entry, entry.type == 2, entry.field < bytes.count else { return nil }
            return bytes[entry.field]
        }

        /// Three RATIONALs: degrees, minutes, seconds.
        func degrees(_ entry: (type: Int, count: Int, field: Int)?) -> Double? {
            guard let entry, entry.type == 5 || entry.type == 10, entry.count >= 1, entry.count <= 3, let offset = u32(entry.field) else { return nil }
            var parts: [Double] = []
            for index in 0..<entry.count {
                guard let numerator = u32(offset + index * 8), let denominator = u32(offset + index * 8 + 4) else { return nil }
                guard denominator != 0 else { parts.append(0); continue }
                parts.append(Double(numerator) / Double(denominator))
            }
            while parts.count < 3 { parts.append(0) }
            let value = parts[0] + parts[1] / 60 + parts[2] / 3600
            return value.isFinite ? value : nil
        }
    }
}
