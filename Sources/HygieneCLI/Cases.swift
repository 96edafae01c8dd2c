import AuditCore
import Foundation
import Phone
import Safety

/// Where a run keeps what it keeps. Without a case, the user's own places, as they always were:
/// `$XDG_DATA_HOME/hygiene/state.sqlite`, `…/evidence`, `…/phone`, `…/safety` and `$XDG_CACHE_HOME/hygiene`.
/// In a case, everything under the case's own folder, `$XDG_DATA_HOME/hygiene/cases/NAME/`, temporary files
/// included, so that nothing of one person is written beside another's. Every path a command uses comes
/// from here.
struct DataPlace: Sendable {
    /// The case, nil for the user's own data.
    var caseName: String?
    var variables: [String: String]

    var home: String { variables["HOME"] ?? NSHomeDirectory() }

    /// `$XDG_DATA_HOME/hygiene`.
    var dataHome: String { (variables["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share") + "/hygiene" }

    /// The case's folder, or the user's own data folder.
    var folder: String { caseName.map { CaseBook(dataHome: dataHome).folder($0) } ?? dataHome }

    var statePath: String { folder + "/state.sqlite" }
    var evidenceStore: String { folder + "/evidence" }
    var phoneCaptures: String { PhoneFamily.capturesFolder(dataDirectory: folder) }
    var safetyAnswers: String { caseName == nil ? SavedAnswers.folder(environment: variables) : folder + "/safety" }

    var cacheDirectory: String {
        if caseName != nil { return folder + "/cache" }
        return (variables["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.cache") + "/hygiene"
    }

    /// The case's temporary folder (nil for the user's own: the system's).
    var temporaryFolder: String? { caseName == nil ? nil : folder + "/" + CaseBook.temporaryName }
    /// The case's configuration, read after the user's own.
    var configurationOverlay: String? { caseName == nil ? nil : folder + "/config.yaml" }
    /// Where a case keeps a copy of each audit report, for `case export`.
    var reportsFolder: String? { caseName == nil ? nil : folder + "/reports" }

    var caseLine: CaseLine? { caseName.map(CaseLine.init) }
}

/// What a case says about itself: `case.json` in its folder.
struct CaseInfo: Codable, Sendable {
    static let format = "hygiene-case/1"
    var format: String
    var name: String
    var note: String?
    var created: Date
}

/// What a case holds, for `case list` and `case show`.
struct CaseContents: Sendable {
    var info: CaseInfo
    var folder: String
    var lastUsed: Date
    var bytes: Int64
    var hasHistory: Bool
    var evidenceRecords: Int
    var captures: Int
    var savedAnswers: Int
    var reports: Int
}

/// The cases of this login: `$XDG_DATA_HOME/hygiene/cases/`, one folder (0700) per case.
struct CaseBook: Sendable {
    var dataHome: String

    static let infoName = "case.json"
    static let temporaryName = "tmp"
    static let maximumLength = 64

    var root: String { dataHome + "/cases" }
    func folder(_ name: String) -> String { root + "/" + name }

    /// The name as it is kept (composed Unicode), or why it cannot be a case's name: one to 64 letters,
    /// digits, `-`, `_` or `.`, starting with a letter or a digit — no path, no hidden name.
    static func validate(_ name: String) throws -> String {
        let composed = name.precomposedStringWithCanonicalMapping
        guard !composed.isEmpty, composed.count <= maximumLength, let first = composed.first, first.isLetter || first.isNumber,
              composed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }),
              composed.utf8.count <= 200 else {
            throw CaseError.badName(name)
        }
        return composed
    }

    /// The known cases, by name.
    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { FileManager.default.fileExists(atPath: folder($0) + "/" + Self.infoName) }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: folder(name) + "/" + Self.infoName) }

    /// The case's name, checked: a name that is no name is a usage error, an unknown case lists the known ones.
    func existing(_ name: String) throws -> String {
        let name = try Self.validate(name)
        guard exists(name) else { throw CaseError.unknown(name, known: names()) }
        return name
    }

    /// Makes the case's folder, its temporary folder and `case.json`, all private to the user.
    func create(_ name: String, note: String?, at date: Date) throws -> CaseInfo {
        let name = try Self.validate(name)
        guard !exists(name) else { throw CaseError.exists(name) }
        let info = CaseInfo(format: CaseInfo.format, name: name, note: note.flatMap { $0.isEmpty ? nil : $0 }, created: date)
        for path in [dataHome, root, folder(name), folder(name) + "/" + Self.temporaryName] {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            guard chmod(path, 0o700) == 0 else { throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let path = folder(name) + "/" + Self.infoName
        let data = try encoder.encode(info)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CLIError.cannotWrite(path: path, reason: "permission denied")
        }
        return info
    }

    func info(_ name: String) throws -> CaseInfo {
        let path = folder(name) + "/" + Self.infoName
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = FileManager.default.contents(atPath: path) else { throw CaseError.unreadable(path: path) }
        do {
            return try decoder.decode(CaseInfo.self, from: data)
        } catch {
            throw CaseError.unreadable(path: path)
        }
    }

    /// What the case holds: sizes and counts, read from its folder.
    func contents(_ name: String) throws -> CaseContents {
        let info = try info(name)
        let place = DataPlace(caseName: name, variables: ["XDG_DATA_HOME": (dataHome as NSString).deletingLastPathComponent])
        var bytes: Int64 = 0
        var lastUsed = info.created
        for file in Self.walk(folder(name)) {
            var status = stat()
            guard lstat(file, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFREG { bytes += Int64(status.st_size) }
            let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
            if modified > lastUsed { lastUsed = modified }
        }
        func count(_ folder: String) -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.count }
        let records = EvidenceStore.exists(at: place.evidenceStore)
            ? ((try? EvidenceStore(folder: place.evidenceStore, create: false).records().count) ?? 0) : 0
        return CaseContents(info: info, folder: folder(name), lastUsed: lastUsed, bytes: bytes,
                            hasHistory: FileManager.default.fileExists(atPath: place.statePath), evidenceRecords: records,
                            captures: count(place.phoneCaptures), savedAnswers: SavedAnswers.files(in: place.safetyAnswers).count,
                            reports: place.reportsFolder.map(count) ?? 0)
    }

    /// Every path under `folder`, deepest first (files before the folders holding them), links not followed.
    static func walk(_ folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String { paths.append(folder + "/" + relative) }
        return paths.sorted { $0.count > $1.count }
    }

    /// What `delete` did: how many files, and where overwriting could not reach the old contents.
    struct Deletion: Sendable {
        var files = 0
        /// Files written over with zeros before they were removed.
        var overwritten = 0
        /// The file system, when it is one where writing over a file puts the new bytes elsewhere.
        var copyOnWrite: String?
        /// Paths that could not be removed.
        var left: [String] = []
    }

    /// Deletes everything of the case: each file written over with zeros and synced first (where the file
    /// system writes in place), then removed; then the folders. Says what could not be done.
    func delete(_ name: String) -> Deletion {
        let top = folder(name)
        var deletion = Deletion()
        deletion.copyOnWrite = Self.copyOnWriteSystem(top)
        for path in Self.walk(top) + [top] {
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let type = status.st_mode & S_IFMT
            if type == S_IFDIR {
                if rmdir(path) != 0 { deletion.left.append(path) }
                continue
            }
            deletion.files += 1
            if type == S_IFREG, status.st_size > 0, Self.overwrite(path, size: Int(status.st_size)) { deletion.overwritten += 1 }
            if unlink(path) != 0 { deletion.left.append(path) }
        }
        return deletion
    }

    /// Writes zeros over the whole file and syncs it.
    static func overwrite(_ path: String, size: Int) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let block = [UInt8](repeating: 0, count: 1 << 16)
        var written = 0
        while written < size {
            let count = block.withUnsafeBytes { write(descriptor, $0.baseAddress, min($0.count, size - written)) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += count
        }
        return fsync(descriptor) == 0
    }

    /// The name of the file system under `path` when it copies on write (btrfs, ZFS, bcachefs) or is an
    /// overlay, where zeros written over a file do not reach its old blocks; nil where they do.
    static func copyOnWriteSystem(_ path: String, mounts: String = "/proc/mounts") -> String? {
        guard let table = try? String(contentsOfFile: mounts, encoding: .utf8) else { return nil }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (point: String, type: String)?
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = fields[1].replacingOccurrences(of: "\\040", with: " ")
            let inside = point == "/" || resolved == point || resolved.hasPrefix(point + "/")
            if inside, point.count >= (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        switch best?.type {
        case "btrfs": return "btrfs"
        case "zfs": return "ZFS"
        case "bcachefs": return "bcachefs"
        case "overlay": return "overlayfs"
        case "nfs", "nfs4": return "NFS"
        default: return nil
        }
    }
}

/// What goes wrong with a case, in both languages.
enum CaseError: Error, LocalizedFailure, Equatable {
    case badName(String)
    case unknown(String, known: [String])
    case exists(String)
    case unreadable(path: String)
    case notConfirmed(String)
    case notScheduled

    var message: LocalizedText {
        switch self {
        case .badName(let name):
            LocalizedText(en: "'\(name)' cannot be a case's name: use 1 to \(CaseBook.maximumLength) letters, digits, '-', '_' or '.', starting with a letter or a digit",
                          nl: "'\(name)' kan geen naam van een casus zijn: gebruik 1 tot \(CaseBook.maximumLength) letters, cijfers, '-', '_' of '.', te beginnen met een letter of cijfer")
        case .unknown(let name, let known):
            known.isEmpty
                ? LocalizedText(en: "there is no case '\(name)', and no case yet: make one with 'hygiene case new \(name)'",
                                nl: "er is geen casus '\(name)', en nog geen enkele casus: maak er een met 'hygiene case new \(name)'")
                : LocalizedText(en: "there is no case '\(name)'; the cases are: \(known.joined(separator: ", "))",
                                nl: "er is geen casus '\(name)'; de casussen zijn: \(known.joined(separator: ", "))")
        case .exists(let name):
            LocalizedText(en: "the case '\(name)' exists already ('hygiene case show \(name)')",
                          nl: "de casus '\(name)' bestaat al ('hygiene case show \(name)')")
        case .unreadable(let path):
            LocalizedText(en: "\(path): cannot read the case's description", nl: "\(path): de beschrijving van de casus kan niet worden gelezen")
        case .notConfirmed(let name):
            LocalizedText(en: "nothing deleted: add --yes to delete everything of the case '\(name)'",
                          nl: "niets verwijderd: voeg --yes toe om alles van de casus '\(name)' te verwijderen")
        case .notScheduled:
            LocalizedText(en: "a scheduled audit checks your own machine: it cannot run in a case (leave out --case and HYGIENE_CASE)",
                          nl: "een geplande controle controleert je eigen computer: die kan niet in een casus lopen (laat --case en HYGIENE_CASE weg)")
        }
    }
}

extension CLIEnvironment {
    /// `text` with the case's line first, in a case; as it is otherwise.
    func stamped(_ text: String, format: String, language: Language) -> String {
        place.caseLine?.stamp(text, format: format, language: language) ?? text
    }

    /// In a case, a printable copy of the audit report in the case's `reports` folder, for `case export`;
    /// nothing outside a case.
    func keepReport(_ report: AuditReport, language: Language) throws {
        guard let folder = place.reportsFolder, let line = place.caseLine else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.cannotWrite(path: folder, reason: error.localizedDescription)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var path = folder + "/audit-" + formatter.string(from: report.generatedAt) + ".html"
        var attempt = 1
        while FileManager.default.fileExists(atPath: path) {
            attempt += 1
            path = folder + "/audit-" + formatter.string(from: report.generatedAt) + "-\(attempt).html"
        }
        let page = line.stamp(try ReportFormat.html.renderer(color: false, width: 100).render(report, language: language), format: "html", language: language)
        try FileSink.write(page, toFile: path)
        chmod(path, 0o600)
    }
}

extension Configuration {
    /// The configuration of a case: how the helper set the tool up for themselves (language, fail-on, skipped
    /// checks, their own check folders, how often an audit is due, the country) carries over from their own
    /// file, and the case's file can change it; what is about a person — the inputs (vaults, pages, accounts,
    /// identity, phone), the situation and the evidence store — comes from the case's file only, so that
    /// nothing of the helper's own is read into another person's case.
    func inCase(_ overlay: Configuration) -> Configuration {
        var merged = Configuration()
        merged.language = overlay.language ?? language
        merged.failOn = overlay.failOn ?? failOn
        merged.skip = skip + overlay.skip.filter { !skip.contains($0) }
        merged.checkDirectories = checkDirectories + overlay.checkDirectories.filter { !checkDirectories.contains($0) }
        merged.auditEvery = overlay.auditEvery ?? auditEvery
        merged.country = overlay.country ?? country
        merged.situation = overlay.situation
        merged.inputs = overlay.inputs
        merged.evidenceStore = overlay.evidenceStore
        return merged
    }
}
