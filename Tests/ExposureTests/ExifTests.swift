@testable import Exposure
import Foundation
import Testing

/// Builds images with a GPS position in their EXIF data, as cameras write them.
enum ExifFixture {
    /// A big-endian TIFF structure: IFD0 with a GPS pointer, and a GPS IFD with N/E references and positions.
    static func tiff(latitude: (Int, Int, Int), longitude: (Int, Int, Int), south: Bool = false, west: Bool = false) -> [UInt8] {
        var out: [UInt8] = Array("MM".utf8) + [0, 42] + be32(8)
        func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: [UInt8]) -> [UInt8] { be16(tag) + be16(type) + be32(count) + value }
        // IFD0 at 8: one entry, the GPS pointer to 26.
        out += be16(1) + entry(0x8825, 4, 1, be32(26)) + be32(0)
        // GPS IFD at 26: four entries (2 + 4*12 + 4 = 54 bytes), data after it at 80.
        let data = 26 + 2 + 4 * 12 + 4
        out += be16(4)
        out += entry(1, 2, 2, [south ? UInt8(ascii: "S") : UInt8(ascii: "N"), 0, 0, 0])
        out += entry(2, 5, 3, be32(data))
        out += entry(3, 2, 2, [west ? UInt8(ascii: "W") : UInt8(ascii: "E"), 0, 0, 0])
        out += entry(4, 5, 3, be32(data + 24))
        out += be32(0)
        for (d, m, s) in [latitude, longitude] { out += be32(d) + be32(1) + be32(m) + be32(1) + be32(s) + be32(100) }
        return out
    }

    static func jpeg(_ tiff: [UInt8]) -> Data {
        let app1 = Array("Exif".utf8) + [0, 0] + tiff
        return Data([0xFF, 0xD8, 0xFF, 0xE0] + be16(16) + Array("JFIF".utf8) + [0] + Array(repeating: 0, count: 9)
                    + [0xFF, 0xE1] + be16(app1.count + 2) + app1 + [0xFF, 0xDA, 0, 2, 0xFF, 0xD9])
    }

    static func png(_ tiff: [UInt8]) -> Data {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] { be32(body.count) + Array(type.utf8) + body + [0, 0, 0, 0] }
        return Data(signature + chunk("IHDR", Array(repeating: 0, count: 13)) + chunk("eXIf", tiff) + chunk("IEND", []))
    }

    static func webp(_ tiff: [UInt8]) -> Data {
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] { Array(type.utf8) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : []) }
        let body = Array("WEBP".utf8) + chunk("VP8X", Array(repeating: 0, count: 10)) + chunk("EXIF", tiff)
        return Data(Array("RIFF".utf8) + le32(body.count) + body)
    }

    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { be32(v).reversed() }
}

@Suite struct ExifTests {
    // 52° 22' 12.72" N, 4° 53' 42.72" E: Amsterdam, 52.3702, 4.8952.
    let amsterdam = ExifFixture.tiff(latitude: (52, 22, 1272), longitude: (4, 53, 4272))

    @Test func readsGPSFromJPEGPNGAndWebP() {
        for image in [ExifFixture.jpeg(amsterdam), ExifFixture.png(amsterdam), ExifFixture.webp(amsterdam)] {
            #expect(ExifReader.coordinate(in: image)?.normalized == "52.3702,4.8952")
        }
    }

    @Test func southAndWestAreNegative() {
        let image = ExifFixture.jpeg(ExifFixture.tiff(latitude: (33, 51, 3240), longitude: (151, 12, 3600), south: true, west: true))
        #expect(ExifReader.coordinate(in: image)?.normalized == "-33.8590,-151.2100")
    }

    @Test func imagesWithoutGPSOrBrokenOnesGiveNothing() {
        #expect(ExifReader.coordinate(in: Data([0xFF, 0xD8, 0xFF, 0xD9])) == nil)
        #expect(ExifReader.coordinate(in: Data("GIF89a".utf8)) == nil)
        let whole = [UInt8](ExifFixture.jpeg(amsterdam))
        for length in stride(from: 0, to: whole.count, by: 3) {
            #expect(ExifReader.coordinate(in: Data(whole.prefix(length))) == nil || length > 100)
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var bytes = [[UInt8](ExifFixture.jpeg(amsterdam)), [UInt8](ExifFixture.png(amsterdam)), [UInt8](ExifFixture.webp(amsterdam))].randomElement(using: &random)!
            for _ in 0..<4 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            _ = ExifReader.coordinate(in: Data(bytes))
        }
    }
}
