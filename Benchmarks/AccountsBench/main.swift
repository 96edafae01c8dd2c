import Accounts
import AuditCore
import Foundation

// Benchmark for the accounts family, built on demand: `swift build -c release --product accounts-bench`.
//   accounts-bench make ZIP GB FIXTURE   writes a Takeout-like zip of GB gigabytes: photos of random bytes
//                                        (stored, as Takeout stores JPEGs) and the files of a fixture export;
//                                        HYGIENE_BENCH_ACCESS_ROWS=N adds an access log of N rows
//   accounts-bench read ZIP              reads it with the shipped manifests (run in the checkout): seconds,
//                                        peak resident memory, platforms and records found
// The photos must be skipped by name, never read: the time and memory do not grow with them.

func crc32(_ bytes: [UInt8], _ crc: UInt32 = 0) -> UInt32 {
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 {
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[i] = c
    }
    var value = ~crc
    for byte in bytes { value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8) }
    return ~value
}

func le<T: FixedWidthInteger>(_ value: T, _ into: inout [UInt8]) { withUnsafeBytes(of: value.littleEndian) { into.append(contentsOf: $0) } }

func make(zip: String, gigabytes: Double, fixture: String) throws {
    _ = FileManager.default.createFile(atPath: zip, contents: nil, attributes: [.posixPermissions: 0o600])
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: zip))
    var offset = 0
    var directory: [UInt8] = []
    var count = 0
    func add(_ name: String, _ data: [UInt8], crc: UInt32) throws {
        var header: [UInt8] = []
        let nameBytes = Array(name.utf8)
        le(UInt32(0x0403_4B50), &header); le(UInt16(20), &header); le(UInt16(0x0800), &header); le(UInt16(0), &header)
        le(UInt32(0), &header); le(crc, &header); le(UInt32(data.count), &header); le(UInt32(data.count), &header)
        le(UInt16(nameBytes.count), &header); le(UInt16(0), &header); header += nameBytes
        try out.write(contentsOf: header)
        try out.write(contentsOf: data)
        le(UInt32(0x0201_4B50), &directory); le(UInt16(20), &directory); le(UInt16(20), &directory); le(UInt16(0x0800), &directory)
        le(UInt16(0), &directory); le(UInt32(0), &directory); le(crc, &directory); le(UInt32(data.count), &directory); le(UInt32(data.count), &directory)
        le(UInt16(nameBytes.count), &directory); le(UInt32(0), &directory); le(UInt16(0), &directory); le(UInt16(0), &directory); le(UInt32(0), &directory)
        le(UInt32(offset), &directory); directory += nameBytes
        offset += header.count + data.count
        count += 1
    }
    var generator = SystemRandomNumberGenerator()
    let photo = (0..<(4 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let photoCRC = crc32(photo)
    let photos = Int(gigabytes * 1024 / 4)
    for index in 0..<photos {
        try add("Takeout/Google Photos/Photos from 2025/IMG_\(String(format: "%05d", index)).jpg", photo, crc: photoCRC)
        if index % 50 == 0 {
            try add("Takeout/Google Photos/Photos from 2025/IMG_\(String(format: "%05d", index)).jpg.json",
                    Array(#"{"title": "IMG.jpg", "photoTakenTime": {"timestamp": "1700000000"}}"#.utf8), crc: crc32(Array(#"{"title": "IMG.jpg", "photoTakenTime": {"timestamp": "1700000000"}}"#.utf8)))
        }
    }
    // HYGIENE_BENCH_ACCESS_ROWS=N adds a Google access log of N rows (about 200 bytes each), read row by row.
    if let rows = ProcessInfo.processInfo.environment["HYGIENE_BENCH_ACCESS_ROWS"].flatMap(Int.init), rows > 0 {
        var text = "Gaia ID,Activity Timestamp,IP Address,Proxiedhost IP Address,Is Non-routable IP Address,Activity Country,Activity Region,Activity City,User Agent String,Product Name,Sub-Product Name,Activity Type,Gmail Access Channel\n"
        for row in 0..<rows {
            text += "000000000000000000001,2026-03-\(10 + row % 18) 0\(row % 10):49:39 UTC,192.0.2.\(row % 250),,No,NL,Utrecht,Utrecht,\"App : GMAIL_APP. App Version : 6.0.2603. Os : ANDROID_OS. Device : Pixel 8. Device Type : MOBILE.\",Gmail,,Non User Initiated,IMAP\n"
        }
        let data = Array(text.utf8)
        try add("Takeout/Access Log Activity/Activities - A list of Google services accessed by (bench).csv", data, crc: crc32(data))
    }
    let base = URL(fileURLWithPath: fixture)
    let enumerator = FileManager.default.enumerator(atPath: fixture)!
    while let next = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: fixture + "/" + next, isDirectory: &isDirectory)
        guard !isDirectory.boolValue else { continue }
        let data = Array(try Data(contentsOf: base.appendingPathComponent(next)))
        try add(next, data, crc: crc32(data))
    }
    var end: [UInt8] = []
    le(UInt32(0x0605_4B50), &end); le(UInt16(0), &end); le(UInt16(0), &end); le(UInt16(count), &end); le(UInt16(count), &end)
    le(UInt32(directory.count), &end); le(UInt32(offset), &end); le(UInt16(0), &end)
    try out.write(contentsOf: directory + end)
    try out.close()
    print("wrote \(zip): \(count) members, \(offset >> 20) MB")
}

func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "make" where arguments.count == 4:
    try make(zip: arguments[1], gigabytes: Double(arguments[2]) ?? 2, fixture: arguments[3])
case "read" where arguments.count == 2:
    let folder = "Checks/accounts/platforms"
    let manifests = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { $0.hasSuffix(".yaml") }.map { name in
        try PlatformManifest(file: CheckDataFile(path: folder + "/" + name, text: String(contentsOfFile: folder + "/" + name, encoding: .utf8)))
    }
    let before = peakMegabytes()
    let clock = ContinuousClock()
    let start = clock.now
    let exports = try ExportReader(manifests: manifests).read(path: arguments[1])
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "read in %.2f s; peak resident %.0f MB (%.0f MB before reading)", seconds, peakMegabytes(), before))
    for export in exports { print("\(export.manifest.id): \(export.records.count) records from \(export.parts.count) part(s)") }
default:
    FileHandle.standardError.write(Data("usage: accounts-bench make ZIP GB FIXTURE | accounts-bench read ZIP\n".utf8))
    exit(64)
}
