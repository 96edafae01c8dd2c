import AuditCore
import Crypto
import Foundation
@testable import Safety
import Testing

/// A fake evidence store in a fresh temporary folder: file copies under `files/<sha256>`, records built
/// here with correct chain hashes, and a place for the dossier beside it.
final class DossierFixture: @unchecked Sendable {
    let root: String
    var store: String { root + "/store" }
    var target: String { root + "/dossier" }
    private(set) var records: [EvidenceRecord] = []
    var stamps: [EvidenceStamp] = []
    static let generatedAt = Date(timeIntervalSince1970: 1_772_480_000.25)
    static let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-dossier-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/store/files", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Keeps the bytes in the store as the store would, and describes them as a record does.
    func keep(_ name: String, _ content: Data, modifiedAt: Date? = Date(timeIntervalSince1970: 1_772_000_000.5)) throws -> EvidenceFile {
        let sha = EvidenceChain.hex(SHA256.hash(data: content))
        let path = store + "/files/" + sha
        if !FileManager.default.fileExists(atPath: path) { try content.write(to: URL(fileURLWithPath: path)) }
        return EvidenceFile(originalName: name, modifiedAt: modifiedAt, size: Int64(content.count), sha256: sha)
    }

    /// Appends a record, numbered and chained after the last one.
    @discardableResult
    func add(occurredAt: Date, place: String? = nil, duration: String? = nil, how: [String] = [], witnesses: [String] = [],
             note: String? = nil, corrects: Int? = nil, files: [EvidenceFile] = [], enteredAt: Date? = nil) -> EvidenceRecord {
        let number = records.count + 1
        var record = EvidenceRecord(
            number: number, enteredAt: enteredAt ?? Date(timeIntervalSince1970: 1_772_400_000 + Double(number) * 60.125),
            incident: Incident(occurredAt: occurredAt, place: place, duration: duration, how: how, witnesses: witnesses, note: note),
            corrects: corrects, files: files, previousHash: records.last?.hash ?? EvidenceChain.genesis)
        record.hash = EvidenceChain.hash(record)
        records.append(record)
        return record
    }

    /// Replaces the records (for tests that break them on purpose).
    func replace(_ records: [EvidenceRecord]) { self.records = records }

    @discardableResult
    func export(language: Language = .en, to folder: String? = nil, verification: String? = nil) throws -> DossierSummary {
        try Dossier.export(records: records, stamps: stamps, storeFolder: store, to: folder ?? target, language: language,
                           generatedAt: Self.generatedAt, verification: verification, timeZone: Self.amsterdam)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: target + "/" + name, encoding: .utf8)
    }

    /// A small logbook of five records with pictures, a text file, a correction, entered out of the order they happened.
    static func sample() throws -> DossierFixture {
        let fixture = try DossierFixture()
        let day = 1_771_000_000.0
        let red = try fixture.keep("voordeur camera.png", DossierTestImage.png(width: 97, height: 61, rgb: (200, 30, 30)))
        let blue = try fixture.keep("bericht #2 100%.bmp", DossierTestImage.bmp(width: 83, height: 47, rgb: (20, 40, 210)))
        let text = try fixture.keep("sms-export.txt", Data("Waar ben je? Ik zie je auto.\n".utf8), modifiedAt: nil)
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 3 * 86_400), place: "Stationsplein, Utrecht", duration: "10 minuten",
                    how: ["following"], witnesses: ["Anna de Vries"], note: "Hij stond weer bij de uitgang.", files: [red])
        fixture.add(occurredAt: Date(timeIntervalSince1970: day), how: ["message"], note: "Eerste bericht na de breuk.", files: [text, blue])
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 5 * 86_400), how: ["call"], note: "<script>alert('x')</script> & \"quotes\"")
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 3 * 86_400), place: "Stationsplein, Utrecht", duration: "20 minuten",
                    note: "De duur was 20 minuten, niet 10.", corrects: 1)
        fixture.add(occurredAt: Date(timeIntervalSince1970: day + 86_400), how: ["delivery"], note: "Pakket dat ik niet bestelde.",
                    files: [try fixture.keep("../../etc/passwd", Data("not really\n".utf8))])
        return fixture
    }
}

/// Runs a program and returns its status and standard output.
func dossierRun(_ program: String, _ arguments: [String], in folder: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Pictures of one colour, written byte by byte, so that a test can tell whether a browser showed them.
enum DossierTestImage {
    /// A 24-bit BMP.
    static func bmp(width: Int, height: Int, rgb: (UInt8, UInt8, UInt8)) -> Data {
        let row = (width * 3 + 3) / 4 * 4
        let size = 54 + row * height
        var out = [UInt8]("BM".utf8)
        func le32(_ value: Int) { out += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)] }
        func le16(_ value: Int) { out += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        le32(size); le32(0); le32(54)
        le32(40); le32(width); le32(height); le16(1); le16(24); le32(0); le32(row * height); le32(2835); le32(2835); le32(0); le32(0)
        for _ in 0..<height {
            for _ in 0..<width { out += [rgb.2, rgb.1, rgb.0] }
            out += [UInt8](repeating: 0, count: row - width * 3)
        }
        return Data(out)
    }

    /// An 8-bit RGB PNG whose pixels are in stored (uncompressed) deflate blocks.
    static func png(width: Int, height: Int, rgb: (UInt8, UInt8, UInt8)) -> Data {
        var raw = [UInt8]()
        for _ in 0..<height {
            raw.append(0)
            for _ in 0..<width { raw += [rgb.0, rgb.1, rgb.2] }
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, raw.count - offset)
            let last: UInt8 = offset + count == raw.count ? 1 : 0
            zlib += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8(~count >> 8 & 0xFF)]
            zlib += raw[offset..<offset + count]
            offset += count
        } while offset < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        zlib += be32(b << 16 | a)
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ body: [UInt8]) {
            out += be32(UInt32(body.count))
            let typed = Array(type.utf8) + body
            out += typed
            out += be32(crc32(typed))
        }
        chunk("IHDR", be32(UInt32(width)) + be32(UInt32(height)) + [8, 2, 0, 0, 0])
        chunk("IDAT", zlib)
        chunk("IEND", [])
        return Data(out)
    }

    private static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
