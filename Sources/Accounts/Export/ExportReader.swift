import Archive
import AuditCore
import Foundation

/// A path pattern of a manifest: `*` within a folder or file name, `**` across folders, `?` one
/// character; matched at any depth of the export, case-insensitive, with `'` and `’` read as `_`
/// (Meta writes `where_you're_logged_in.json` and `where_you_re_logged_in.json`).
struct PathPattern {
    let segments: [String]

    init(_ pattern: String) {
        segments = ["**"] + Self.normal(pattern).split(separator: "/").map(String.init)
    }

    static func normal(_ path: String) -> String {
        path.lowercased().replacingOccurrences(of: "'", with: "_").replacingOccurrences(of: "\u{2019}", with: "_")
    }

    func matches(_ path: String) -> Bool {
        let parts = Self.normal(path).split(separator: "/").map(String.init)
        return Self.match(segments[...], parts[...])
    }

    static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            var rest = path
            while true {
                if match(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let segment = path.first, fnmatch(first, segment, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}

/// How one record of a platform's export came out.
public enum RecordStatus: Sendable {
    public var isRead: Bool { if case .read = self { true } else { false } }
    public var isMissing: Bool { if case .missing = self { true } else { false } }

    /// Read: how many records, from which files; `byContent` when the file name differed and the file
    /// was recognised by its shape.
    case read(files: [String], count: Int, byContent: Bool)
    /// No file by any of its names or shapes.
    case missing
    /// A file was there but could not be read.
    case failed(file: String, reason: String)
}

/// One platform's export, read: its records, and per record of the manifest what happened.
public struct PlatformExport: Sendable {
    public var manifest: PlatformManifest
    /// The path given, and the parts read.
    public var path: String
    public var parts: [String]
    public var records: [AccountRecord]
    public var statuses: [(spec: PlatformManifest.RecordSpec, status: RecordStatus)]
    /// Files present in a form not read (HTML where JSON was needed), with why.
    public var unsupported: [(files: [String], reason: LocalizedText)]

    /// The time span the records cover.
    public var span: ClosedRange<Date>? {
        let times = records.flatMap { [$0.time, $0.lastSeen].compactMap { $0 } }
        guard let first = times.min(), let last = times.max() else { return nil }
        return first...last
    }

    /// Whether any record of these types was looked for and read (even when empty).
    public func read(_ types: Set<RecordType>) -> Bool {
        statuses.contains { types.contains($0.spec.type) && $0.status.isRead }
    }

    /// Whether the manifest reads any of these types at all.
    public func knows(_ types: Set<RecordType>) -> Bool { manifest.records.contains { types.contains($0.type) } }
}

/// Everything the given exports held: the accounts family's prepared input.
public struct AccountExports: Sendable {
    public var exports: [PlatformExport]
    public init(exports: [PlatformExport]) { self.exports = exports }

    public var records: [AccountRecord] { exports.flatMap(\.records) }
}

extension InputKey where Value == AccountExports {
    public static let accountExports = InputKey("account-exports", missing: LocalizedText(
        en: "no platform data export was given (--account-export FILE|DIR)",
        nl: "er is geen gegevensexport van een platform opgegeven (--account-export BESTAND|MAP)"))
}

/// Reads exports with the platforms' manifests.
public struct ExportReader: Sendable {
    public var manifests: [PlatformManifest]
    /// The most a member may unpack to, by format: the account files are small; a larger one is named, not read.
    public var limits: [RecordFormat: Int] = [.json: 32 << 20, .js: 32 << 20, .csv: 96 << 20, .htmlTable: 24 << 20, .htmlLabels: 8 << 20]
    /// At most this many files are opened to recognise renamed or translated files by their shape.
    public var shapeBudget = 400
    /// Files larger than this are not opened to recognise their shape.
    public var shapeSizeLimit = 4 << 20

    public init(manifests: [PlatformManifest]) { self.manifests = manifests }

    /// Why an export cannot be used at all; names the path given, never a file inside.
    public struct Refused: Error, Sendable {
        public var path: String
        public var reason: LocalizedText
        public var message: LocalizedText {
            LocalizedText(en: "\(path): \(reason.en)", nl: "\(path): \(reason.nl)")
        }
    }

    /// Reads one export (a zip and its sibling parts, or a folder): one result per platform it holds.
    public func read(path: String) throws -> [PlatformExport] {
        let source: ExportSource
        do {
            source = try ExportSource(path: path)
        } catch let unreadable as ExportSource.Unreadable {
            throw Refused(path: unreadable.path, reason: unreadable.reason)
        }
        let platforms = manifests.filter { manifest in
            let patterns = manifest.detect.map(PathPattern.init)
            return source.members.contains { member in patterns.contains { $0.matches(member.path) } }
        }
        guard !platforms.isEmpty else {
            throw Refused(path: path, reason: LocalizedText(
                en: "not a data export hygiene knows: none of the files of \(manifests.map(\.name).joined(separator: ", ")) is in it (give the zip as downloaded, or its unpacked folder)",
                nl: "geen gegevensexport die hygiene kent: er zit geen bestand van \(manifests.map(\.name).joined(separator: ", ")) in (geef de zip zoals gedownload, of de uitgepakte map)"))
        }
        var budget = shapeBudget
        return try platforms.map { try read(source, manifest: $0, budget: &budget) }
    }

    func read(_ source: ExportSource, manifest: PlatformManifest, budget: inout Int) throws -> PlatformExport {
        var records: [AccountRecord] = []
        var statuses: [(spec: PlatformManifest.RecordSpec, status: RecordStatus)] = []
        var used = Set<String>()
        for spec in manifest.records {
            let patterns = spec.files.map(PathPattern.init)
            var members = source.members.filter { member in patterns.contains { $0.matches(member.path) } }
            var byContent = false
            if members.isEmpty {
                members = recognise(spec, in: source, excluding: used, budget: &budget)
                byContent = !members.isEmpty
            }
            guard !members.isEmpty else { statuses.append((spec: spec, status: .missing)); continue }
            var count = 0
            var failure: RecordStatus?
            for member in members {
                let limit = limits[spec.format] ?? (8 << 20)
                guard member.size <= limit else {
                    // Named, never inflated: a zip bomb or a log too large to hold in memory.
                    failure = .failed(file: member.path, reason: "it unpacks to \(member.size >> 20) MB, more than the \(limit >> 20) MB read")
                    continue
                }
                do {
                    let data = try source.read(member, limit: limit)
                    let pool = StringPool()
                    try RecordReader.forEachItem(data, spec: spec) { item in
                        guard let record = FieldReader.record(item, spec: spec, manifest: manifest, file: member.path, pool: pool) else { return }
                        records.append(record)
                        count += 1
                    }
                    used.insert(member.path)
                } catch let damaged as ZipArchive.Damaged {
                    if damaged.entry == nil, member.part == nil {
                        failure = .failed(file: member.path, reason: damaged.reason)
                    } else {
                        // A damaged member means a damaged archive: nothing else of it can be trusted.
                        throw Refused(path: source.parts[member.part ?? 0], reason: ExportSource.damage(damaged))
                    }
                } catch let problem as FormatProblem where problem.noList && !spec.expected {
                    // An optional list the account simply does not have (no phone numbers).
                    used.insert(member.path)
                } catch let problem as FormatProblem {
                    failure = .failed(file: member.path, reason: problem.reason)
                } catch let unreadable as FileBytes.Unreadable {
                    failure = .failed(file: member.path, reason: unreadable.reason)
                }
            }
            if let failure, count == 0 { statuses.append((spec: spec, status: failure)) } else {
                statuses.append((spec: spec, status: .read(files: members.map(\.path), count: count, byContent: byContent)))
                if let failure { statuses.append((spec: spec, status: failure)) }
            }
        }
        let unsupported = manifest.unsupported.compactMap { item -> (files: [String], reason: LocalizedText)? in
            let patterns = item.files.map(PathPattern.init)
            let found = source.members.filter { member in patterns.contains { $0.matches(member.path) } }.map(\.path)
            return found.isEmpty ? nil : (files: Array(found.prefix(5)), reason: item.reason)
        }
        return PlatformExport(manifest: manifest, path: source.path, parts: source.parts, records: records,
                              statuses: statuses, unsupported: unsupported)
    }

    /// Files of the record's format whose name differs (translated, renamed) but whose shape is the
    /// record's: the list where `items` says, or a header with its columns.
    func recognise(_ spec: PlatformManifest.RecordSpec, in source: ExportSource, excluding used: Set<String>, budget: inout Int) -> [ExportSource.Member] {
        // Only records that can be told by their shape: a named list, or header columns.
        guard spec.byShape, spec.format == .csv || spec.format == .htmlTable || ((spec.format == .json || spec.format == .js) && spec.items != [""]) else { return [] }
        let extensions = spec.format.extensions
        var found: [ExportSource.Member] = []
        for member in source.members where !used.contains(member.path) && member.size <= shapeSizeLimit {
            guard extensions.contains((member.path as NSString).pathExtension.lowercased()) else { continue }
            guard budget > 0 else { break }
            budget -= 1
            guard let data = try? source.read(member, limit: shapeSizeLimit), RecordReader.hasShape(data, spec: spec) else { continue }
            found.append(member)
        }
        return found
    }
}
