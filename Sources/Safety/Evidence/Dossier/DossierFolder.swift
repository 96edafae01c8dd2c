import Foundation

/// The folder a dossier is written to. Everything is first written into a hidden staging folder inside
/// it, then moved into place with `SHA256SUMS` last: a folder without `SHA256SUMS` is never a finished
/// dossier, and on any failure what was written is removed again (with the folder, if the export made it).
struct DossierFolder {
    static let stagingPrefix = ".hygiene-partial-"

    let path: String
    let staging: String
    /// Whether the export made the folder (and so removes it on failure).
    let created: Bool

    /// Makes the folder (0700, with its parents) or accepts an empty one, and makes the staging folder in it.
    static func prepare(_ given: String) throws -> DossierFolder {
        let path = URL(fileURLWithPath: given).standardizedFileURL.path
        var info = stat()
        var created = false
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw DossierError.notAFolder(path: path) }
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw DossierError.cannotWrite(path: path, reason: "cannot list the folder (\(error.localizedDescription))")
            }
            guard entries.isEmpty else { throw DossierError.notEmpty(path: path, entries: entries) }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw DossierError.cannotWrite(path: path, reason: "cannot create the folder (\(error.localizedDescription))")
            }
            created = true
        }
        let staging = path + "/" + stagingPrefix + String(UUID().uuidString.prefix(8)).lowercased()
        let folder = DossierFolder(path: path, staging: staging, created: created)
        for directory in [staging, staging + "/" + DossierName.folder] where mkdir(directory, 0o700) != 0 {
            let reason = String(cString: strerror(errno))
            folder.discard(published: [])
            throw DossierError.cannotWrite(path: directory, reason: reason)
        }
        return folder
    }

    /// A name inside the staging folder.
    func staged(_ name: String) -> String { staging + "/" + name }

    /// Moves the staged entries into the folder in the order given (the last one marks the dossier complete),
    /// then removes the staging folder. On failure everything is removed again.
    func publish(_ names: [String]) throws {
        var published: [String] = []
        for name in names {
            guard rename(staged(name), path + "/" + name) == 0 else {
                let reason = String(cString: strerror(errno))
                discard(published: published)
                throw DossierError.cannotWrite(path: path + "/" + name, reason: reason)
            }
            published.append(name)
        }
        if rmdir(staging) != 0 {
            let reason = String(cString: strerror(errno))
            discard(published: published)
            throw DossierError.cannotWrite(path: staging, reason: reason)
        }
    }

    /// Removes what this export wrote: the staging folder, the entries already moved, the folder if it made it.
    func discard(published: [String]) {
        let manager = FileManager.default
        for name in published.reversed() { try? manager.removeItem(atPath: path + "/" + name) }
        try? manager.removeItem(atPath: staging)
        if created { rmdir(path) }
    }
}
