import AuditCore
import Foundation

/// Risk answers kept with `--save`: one file per save, `risk-<date>.yaml`, readable by its owner only
/// (0600) in a folder only its owner can enter (0700), `$XDG_DATA_HOME/hygiene/safety/`. Each file can be
/// read back with `--answers`. They are kept apart from the state database, which holds no personal
/// answers and which `hygiene forget` deletes; `forget` leaves these files and says where they are.
public enum SavedAnswers {
    /// `$XDG_DATA_HOME/hygiene/safety` (default `~/.local/share/hygiene/safety`).
    public static func folder(environment: [String: String]) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/hygiene/safety"
    }

    /// Writes the answers with their date; returns the file's path.
    public static func save(_ answers: RiskAnswers, catalog: RiskCatalog, at date: Date, in folder: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GuidanceError.cannotSave(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        guard chmod(folder, 0o700) == 0 else { throw GuidanceError.cannotSave(path: folder, reason: String(cString: strerror(errno))) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stem = "risk-" + formatter.string(from: date)
        let bytes = Array(answers.yaml(catalog: catalog, answeredAt: date).utf8)
        for attempt in 0..<100 {
            let path = folder + "/" + stem + (attempt == 0 ? "" : "-\(attempt + 1)") + ".yaml"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw GuidanceError.cannotSave(path: path, reason: String(cString: strerror(errno)))
            }
            defer { close(fd) }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    unlink(path)
                    throw GuidanceError.cannotSave(path: path, reason: reason)
                }
                written += count
            }
            fsync(fd)
            return path
        }
        throw GuidanceError.cannotSave(path: folder, reason: "too many saves within one second")
    }

    /// The saved answer files, oldest first.
    public static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("risk-") && $0.hasSuffix(".yaml") }
            .sorted { ($0 as NSString).deletingPathExtension < ($1 as NSString).deletingPathExtension }
            .map { folder + "/" + $0 }
    }
}
