import Archive
import AuditCore
import Foundation

/// One export as given: an unpacked folder, or a zip with the other numbered parts of the same
/// export beside it (`takeout-…-001.zip`, `-002.zip`; `mydata~…zip`, `mydata~…-2.zip`). Members are
/// listed by their path inside the export and read into memory one at a time, never unpacked to disk.
struct ExportSource {
    /// The path the user gave.
    let path: String
    /// The zips read (the one given and its siblings), or the folder.
    let parts: [String]
    let members: [Member]
    private let archives: [ZipArchive]

    struct Member {
        /// The path inside the export (`Takeout/Google Account/…`), with `/` separators.
        var path: String
        var size: Int
        /// Which part: the index of the zip, or nil for a file in a folder.
        var part: Int?
        var entry: ZipArchive.Entry?
        /// Which part and position, for a message that must not name the file (its name can be personal).
        var place: String
    }

    /// Why an export cannot be read: never a member's name or content.
    struct Unreadable: Error {
        var path: String
        var reason: LocalizedText
    }

    init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Unreadable(path: path, reason: LocalizedText(en: "no such file or folder", nl: "bestand of map bestaat niet"))
        }
        if isDirectory.boolValue {
            parts = [path]
            archives = []
            members = try Self.walk(folder: path)
            return
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".tgz") || lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tar") {
            throw Unreadable(path: path, reason: LocalizedText(
                en: "a tar archive, which is not read in memory: unpack it (tar -xzf) into a folder only you can open, and give the folder",
                nl: "een tar-archief, dat niet in het geheugen gelezen wordt: pak het uit (tar -xzf) in een map die alleen jij kunt openen, en geef die map"))
        }
        let siblings = Self.siblings(of: path)
        var archives: [ZipArchive] = [], members: [Member] = []
        for (index, part) in siblings.enumerated() {
            let archive: ZipArchive
            do {
                archive = try ZipArchive(path: part)
            } catch let unreadable as FileBytes.Unreadable {
                throw Unreadable(path: part, reason: LocalizedText(en: unreadable.reason, nl: SystemReason.text(unreadable.reason)(.nl)))
            } catch let damaged as ZipArchive.Damaged {
                throw Unreadable(path: part, reason: Self.damage(damaged))
            }
            archives.append(archive)
            for entry in archive.entries where !entry.isDirectory {
                members.append(Member(path: entry.name, size: entry.uncompressedSize, part: index, entry: entry,
                                      place: "member \(entry.index + 1)"))
            }
        }
        self.archives = archives
        self.members = members
        parts = siblings
    }

    static func damage(_ damaged: ZipArchive.Damaged) -> LocalizedText {
        let reason = damaged.reason
        if let entry = damaged.entry {
            return LocalizedText(en: "a damaged zip archive (member \(entry + 1): \(reason))",
                                 nl: "een beschadigd zip-archief (onderdeel \(entry + 1): \(reason))")
        }
        return LocalizedText(en: "a damaged zip archive, or not a zip (\(reason))", nl: "een beschadigd zip-archief, of geen zip (\(reason))")
    }

    /// The member's bytes, when it unpacks to at most `limit`.
    func read(_ member: Member, limit: Int) throws -> Data {
        if let part = member.part, let entry = member.entry {
            return try archives[part].extract(entry, limit: limit)
        }
        guard member.size <= limit else {
            throw ZipArchive.Damaged(reason: "it holds \(member.size >> 20) MB, more than the \(limit >> 20) MB read")
        }
        let full = (path as NSString).appendingPathComponent(member.path)
        let bytes = try FileBytes(path: full)
        guard bytes.count <= limit else { throw ZipArchive.Damaged(reason: "it grew past the \(limit >> 20) MB read") }
        return Data(try bytes.read(0..<bytes.count))
    }

    /// The files under a folder, relative to it; links are not followed (an export holds none).
    static func walk(folder: String) throws -> [Member] {
        let base = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey],
                                                              options: [], errorHandler: { _, _ in true }) else {
            throw Unreadable(path: folder, reason: LocalizedText(en: "cannot list the folder", nl: "kan de map niet doorlopen"))
        }
        let prefix = base.standardizedFileURL.path + "/"
        var members: [Member] = []
        var count = 0
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(prefix) else { continue }
            count += 1
            members.append(Member(path: String(full.dropFirst(prefix.count)), size: values?.fileSize ?? 0, part: nil, entry: nil,
                                  place: "file \(count)"))
        }
        return members
    }

    /// The zip given and the other numbered parts of the same export in its folder, in order.
    static func siblings(of path: String) -> [String] {
        let folder = (path as NSString).deletingLastPathComponent
        let file = (path as NSString).lastPathComponent
        guard file.lowercased().hasSuffix(".zip") else { return [path] }
        let stem = String(file.dropLast(4))
        let base = Self.partBase(stem)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return [path] }
        let parts = names.filter { name in
            guard name.lowercased().hasSuffix(".zip") else { return false }
            let other = String(name.dropLast(4))
            return name == file || other == base || (Self.partNumber(other) != nil && Self.partBase(other) == base)
        }
        // Only numbered parts are siblings (and the unnumbered first part Snapchat writes).
        guard parts.count > 1 else { return [path] }
        return parts.sorted { (partNumber(String($0.dropLast(4))) ?? 1) < (partNumber(String($1.dropLast(4))) ?? 1) }
            .map { folder.isEmpty ? $0 : (folder as NSString).appendingPathComponent($0) }
    }

    /// `takeout-…-001` → `takeout-…`; `mydata~123-2` → `mydata~123`; other names unchanged.
    static func partBase(_ stem: String) -> String {
        guard partNumber(stem) != nil, let dash = stem.lastIndex(of: "-") else { return stem }
        return String(stem[..<dash])
    }

    /// The part number at the end of a name (`-001`, `-2`: one to three digits after a dash).
    static func partNumber(_ stem: String) -> Int? {
        guard let dash = stem.lastIndex(of: "-") else { return nil }
        let digits = stem[stem.index(after: dash)...]
        guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
        return number
    }
}
