import Accounts
import Archive
import AuditCore
import Foundation
import ShippedChecks
import Testing

/// The shipped accounts checks and manifests, loaded once.
enum Shipped {
    static let checks: [Check] = {
        let files = ShippedChecks.files.filter { $0.path.hasPrefix("Checks/accounts/") }
        return try! CheckLoader(kinds: AccountsFamily.all).load(files)
    }()
    static let manifests: [PlatformManifest] = try! AccountsFamily.manifests(in: checks)
    static var reader: ExportReader { ExportReader(manifests: manifests) }
}

/// Where the synthetic exports are (`Fixtures/<platform>/<variant>`), and a scratch folder outside the
/// temporary directory (another test scans that for planted values) for zips built from them.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func scratch() throws -> String {
        let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/accounts-tests/\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return base
    }

    /// The files under a fixture folder, by path relative to it.
    static func files(_ relative: String) throws -> [(String, Data)] {
        let base = path(relative)
        let enumerator = FileManager.default.enumerator(atPath: base)!
        var files: [(String, Data)] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + "/" + next, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files.append((next, try Data(contentsOf: URL(fileURLWithPath: base + "/" + next)))) }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    static let identity: Identity = try! Identity.load(path: path("identity.yaml"))
}

/// Runs the shipped accounts checks on prepared exports, as the auditor would.
struct Outcome {
    var results: [String: CheckOutcome] = [:]

    /// Every finding with its final severity, by check id.
    var findings: [(check: String, severity: Severity, draft: FindingDraft)] {
        results.sorted { $0.key < $1.key }.flatMap { id, outcome -> [(String, Severity, FindingDraft)] in
            guard case .failed(let drafts) = outcome else { return [] }
            let check = Shipped.checks.first { $0.id == id }!
            return drafts.map { (id, $0.severity ?? check.severity, $0) }
        }
    }

    func worst(_ check: String) -> Severity? { findings.filter { $0.check == check }.map(\.severity).max() }

    /// Everything the findings say, in both languages, subjects included.
    var text: String {
        findings.map { finding in
            let subjects = finding.draft.subjects.map { subject in ([subject.name] + subject.fields.map { "\($0.key)=\($0.value)" }).joined(separator: " ") }
            return [finding.draft.title?.en ?? "", finding.draft.title?.nl ?? "", finding.draft.detail.en, finding.draft.detail.nl].joined(separator: " ")
                + " " + subjects.joined(separator: " ")
        }.joined(separator: "\n")
    }

    static func run(_ exports: [PlatformExport], since: String? = "2026-03-01", identity: Identity? = Fixture.identity) async throws -> Outcome {
        var inputs = AuditInputs()
        inputs[.accountExports] = AccountExports(exports: exports)
        if let since { inputs["since"] = [since] }
        if let identity { inputs[.identity] = identity }
        var outcome = Outcome()
        for check in Shipped.checks {
            let context = CheckContext(checkID: check.id, host: Machine(runner: NoCommandRunner(), privileged: false), inputs: inputs)
            outcome.results[check.id] = try await check.implementation.run(in: context)
        }
        return outcome
    }
}

/// Writes zip archives for the tests: stored members, optionally in ZIP64 form, optionally claiming
/// another unpacked size (a zip bomb's lie), optionally deflated by zlib's raw deflate (via `compressor`).
struct ZipWriter {
    struct Member {
        var name: String
        var data: Data
        var claimedSize: Int?
        var method: UInt16 = 0
        var stored: Data?
    }
    var members: [Member] = []
    var zip64 = false

    mutating func add(_ name: String, _ data: Data, claimedSize: Int? = nil) {
        members.append(Member(name: name, data: data, claimedSize: claimedSize))
    }

    static func crc32(_ data: Data) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    func bytes() -> Data {
        var out = Data(), directory = Data()
        func le<T: FixedWidthInteger>(_ value: T, _ into: inout Data) { withUnsafeBytes(of: value.littleEndian) { into.append(contentsOf: $0) } }
        for member in members {
            let offset = out.count
            let name = Data(member.name.utf8)
            let crc = Self.crc32(member.data)
            let size = member.claimedSize ?? member.data.count
            // Local header.
            le(UInt32(0x0403_4B50), &out); le(UInt16(zip64 ? 45 : 20), &out); le(UInt16(0x0800), &out); le(member.method, &out)
            le(UInt16(0), &out); le(UInt16(0), &out); le(crc, &out)
            le(UInt32(zip64 ? 0xFFFF_FFFF : UInt32(member.data.count)), &out); le(UInt32(zip64 ? 0xFFFF_FFFF : UInt32(size)), &out)
            le(UInt16(name.count), &out); le(UInt16(zip64 ? 20 : 0), &out); out.append(name)
            if zip64 { le(UInt16(1), &out); le(UInt16(16), &out); le(UInt64(size), &out); le(UInt64(member.data.count), &out) }
            out.append(member.data)
            // Central directory entry.
            le(UInt32(0x0201_4B50), &directory); le(UInt16(45), &directory); le(UInt16(zip64 ? 45 : 20), &directory); le(UInt16(0x0800), &directory)
            le(member.method, &directory); le(UInt16(0), &directory); le(UInt16(0), &directory); le(crc, &directory)
            le(UInt32(zip64 ? 0xFFFF_FFFF : UInt32(member.data.count)), &directory); le(UInt32(zip64 ? 0xFFFF_FFFF : UInt32(size)), &directory)
            le(UInt16(name.count), &directory); le(UInt16(zip64 ? 28 : 0), &directory); le(UInt16(0), &directory); le(UInt16(0), &directory)
            le(UInt16(0), &directory); le(UInt32(0), &directory); le(UInt32(zip64 ? 0xFFFF_FFFF : UInt32(offset)), &directory)
            directory.append(name)
            if zip64 { le(UInt16(1), &directory); le(UInt16(24), &directory); le(UInt64(size), &directory); le(UInt64(member.data.count), &directory); le(UInt64(offset), &directory) }
        }
        let directoryOffset = out.count
        out.append(directory)
        if zip64 {
            let record = out.count
            le(UInt32(0x0606_4B50), &out); le(UInt64(44), &out); le(UInt16(45), &out); le(UInt16(45), &out); le(UInt32(0), &out); le(UInt32(0), &out)
            le(UInt64(members.count), &out); le(UInt64(members.count), &out); le(UInt64(directory.count), &out); le(UInt64(directoryOffset), &out)
            le(UInt32(0x0706_4B50), &out); le(UInt32(0), &out); le(UInt64(record), &out); le(UInt32(1), &out)
        }
        le(UInt32(0x0605_4B50), &out); le(UInt16(0), &out); le(UInt16(0), &out)
        le(UInt16(zip64 ? 0xFFFF : UInt16(members.count)), &out); le(UInt16(zip64 ? 0xFFFF : UInt16(members.count)), &out)
        le(UInt32(zip64 ? 0xFFFF_FFFF : UInt32(directory.count)), &out); le(UInt32(zip64 ? 0xFFFF_FFFF : UInt32(directoryOffset)), &out)
        le(UInt16(0), &out)
        return out
    }

    /// A zip of a fixture folder's files, under `prefix`.
    static func of(_ fixture: String, prefix: String = "", where include: (String) -> Bool = { _ in true }) throws -> ZipWriter {
        var writer = ZipWriter()
        for (path, data) in try Fixture.files(fixture) where include(path) { writer.add(prefix + path, data) }
        return writer
    }
}
