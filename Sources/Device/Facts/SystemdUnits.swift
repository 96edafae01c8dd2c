import AuditCore
import Foundation

/// Whether systemd units are enabled, from the links systemd keeps, without asking systemd
/// (so that it works on a file tree and never changes anything).
enum SystemdUnits {
    static let systemFolders = ["/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"]
    static let userFolders = ["~/.config/systemd/user", "/etc/systemd/user", "/usr/lib/systemd/user"]

    enum State: Equatable { case enabled(String), masked(String), disabled }

    /// `enabled(path)` when a `*.wants/` or `*.requires/` folder links the unit and it is not masked.
    static func state(of unit: String, user: Bool = false, host: Machine) throws -> State {
        let folders = user ? userFolders : systemFolders
        for folder in folders.prefix(2) {
            let path = "\(folder)/\(unit)"
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: host.resolve(path)),
               target == "/dev/null" {
                return .masked(path)
            }
        }
        for folder in folders {
            for link in try host.glob("\(folder)/*.wants/\(unit)") + host.glob("\(folder)/*.requires/\(unit)") {
                return .enabled(link)
            }
        }
        return .disabled
    }
}
