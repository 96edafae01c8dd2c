import AuditCore
import Foundation

/// The installed packages, from dpkg's status file (Debian, Ubuntu) or rpm (Fedora, openSUSE).
struct InstalledPackages: Sendable {
    var names: Set<String>
    /// Where the list came from, for evidence: `dpkg`, `rpm`, or nil when no package database was found.
    var source: String?

    static func read(_ host: Machine) async throws -> InstalledPackages {
        if let cached: InstalledPackages = host.facts.cached("packages") { return cached }
        var result = InstalledPackages(names: [], source: nil)
        if let status = try host.read("/var/lib/dpkg/status") {
            result = InstalledPackages(names: parseDpkgStatus(status), source: "dpkg")
        } else if host.runner.isAvailable("rpm") {
            let output = try await host.runner.run(["rpm", "-qa", "--qf", "%{NAME}\\n"])
            if output.status == 0 {
                result = InstalledPackages(names: Set(output.output.split(separator: "\n").map(String.init)), source: "rpm")
            }
        }
        host.facts.store("packages", result)
        return result
    }

    /// Names of packages whose status is `install ok installed` (or half-configured: files are there).
    static func parseDpkgStatus(_ text: String) -> Set<String> {
        let present: Set<Substring> = ["installed", "half-configured", "unpacked", "triggers-awaited", "triggers-pending"]
        return Set(ControlFile.entries(text).filter { entry in
            entry.status.split(separator: " ").last.map { present.contains($0) } ?? false
        }.map(\.package))
    }
}

/// Running processes, from `/proc`: their command names and executable paths.
struct RunningProcesses: Sendable {
    struct Process: Sendable, Hashable {
        var pid: Int
        var name: String
        var command: String
    }
    var list: [Process]

    static func read(_ host: Machine) throws -> RunningProcesses {
        try host.facts.value("processes") {
            var list: [Process] = []
            for entry in try host.list("/proc") {
                guard let pid = Int(entry) else { continue }
                guard let comm = try? host.read("/proc/\(entry)/comm") else { continue }
                let name = comm.trimmingCharacters(in: .whitespacesAndNewlines)
                let cmdline = (try? host.data("/proc/\(entry)/cmdline")).map {
                    String(decoding: $0.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                } ?? ""
                list.append(Process(pid: pid, name: name, command: cmdline))
            }
            return RunningProcesses(list: list)
        }
    }

    /// The first process whose name is `name`, or whose command's first word ends with `/name`.
    func find(_ name: String) -> Process? {
        list.first { process in
            if process.name == name { return true }
            let executable = process.command.split(separator: " ").first.map(String.init) ?? ""
            return executable == name || executable.hasSuffix("/" + name)
        }
    }
}
