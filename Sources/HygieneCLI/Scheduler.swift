import AuditCore
import Foundation

/// Installs and removes the recurring quiet audit: a systemd user timer, a crontab line where
/// systemd is not usable, or a launchd agent on macOS. The job runs daily and audits only when due.
struct Scheduler {
    enum Method: String { case systemd, cron, launchd }

    let environment: CLIEnvironment
    /// The language of the scheduled run's notification, written into its command line.
    var language: Language? = nil

    static let unitName = "hygiene-audit"
    static let cronMarker = "# hygiene-audit"

    var markerPath: String { environment.configHome + "/hygiene/schedule" }
    var systemdFolder: String { environment.configHome + "/systemd/user" }
    var launchdPath: String { environment.home + "/Library/LaunchAgents/nl.hygiene.audit.plist" }

    /// The installed method and interval, from the marker `schedule` writes.
    static func installed(environment: CLIEnvironment) -> (method: Method, every: String)? {
        let scheduler = Scheduler(environment: environment, language: nil)
        guard let text = try? String(contentsOfFile: scheduler.markerPath, encoding: .utf8) else { return nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard words.count >= 2, let method = Method(rawValue: words[0]) else { return nil }
        return (method, words[1])
    }

    func command(every: Interval) -> [String] {
        [environment.executablePath, "audit", "--quiet", "--notify", "--if-due", every.description] + (language.map { ["--lang", $0.rawValue] } ?? [])
    }

    func serviceUnit(every: Interval) -> String {
        """
        [Unit]
        Description=hygiene privacy audit, run quietly; notifies when something needs attention

        [Service]
        Type=oneshot
        ExecStart=\(command(every: every).map(Self.systemdQuote).joined(separator: " "))

        """
    }

    static let timerUnit = """
        [Unit]
        Description=Check every day whether a hygiene audit is due

        [Timer]
        OnCalendar=daily
        RandomizedDelaySec=1h
        Persistent=true

        [Install]
        WantedBy=timers.target

        """

    static func systemdQuote(_ word: String) -> String {
        word.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" })
            ? "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : word
    }

    static func shellQuote(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? word
            : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Installs the job; returns how, for the message.
    func install(every: Interval) async throws -> Method {
        #if os(macOS)
        try await installLaunchd(every: every)
        return try finish(.launchd, every: every)
        #else
        var problems: [LocalizedText] = []
        if environment.runner.isAvailable("systemctl") {
            do {
                try await installSystemd(every: every)
                return try finish(.systemd, every: every)
            } catch {
                problems.append(.verbatim("systemd: ") + LocalizedText.describing(error))
                try? removeSystemdFiles()
            }
        }
        if environment.runner.isAvailable("crontab") {
            do {
                try await installCron(every: every)
                return try finish(.cron, every: every)
            } catch {
                problems.append(.verbatim("cron: ") + LocalizedText.describing(error))
            }
        }
        throw CLIError.schedule(problems.isEmpty ? CLIWords.neitherSystemdNorCron
                                : problems.dropFirst().reduce(problems[0]) { $0 + .verbatim("; ") + $1 })
        #endif
    }

    func finish(_ method: Method, every: Interval) throws -> Method {
        try write("\(method.rawValue) \(every.description)\n", to: markerPath)
        return method
    }

    func write(_ text: String, to path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    func run(_ arguments: [String]) async throws -> CommandResult {
        let result = try await environment.runner.run(arguments, timeout: .seconds(20))
        guard result.status == 0 else {
            throw CommandError.failed(arguments, status: result.status,
                                      message: result.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result
    }

    func installSystemd(every: Interval) async throws {
        try write(serviceUnit(every: every), to: "\(systemdFolder)/\(Self.unitName).service")
        try write(Self.timerUnit, to: "\(systemdFolder)/\(Self.unitName).timer")
        _ = try await run(["systemctl", "--user", "daemon-reload"])
        _ = try await run(["systemctl", "--user", "enable", "--now", "\(Self.unitName).timer"])
    }

    func removeSystemdFiles() throws {
        for suffix in ["service", "timer"] {
            let path = "\(systemdFolder)/\(Self.unitName).\(suffix)"
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        }
    }

    func currentCrontab() async throws -> [String] {
        let result = try await environment.runner.run(["crontab", "-l"], timeout: .seconds(10))
        // `crontab -l` exits 1 with "no crontab for USER" when there is none.
        guard result.status == 0 else { return [] }
        return result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.contains(Self.cronMarker) }
    }

    func replaceCrontab(_ lines: [String]) async throws {
        var body = lines
        while body.last?.isEmpty == true { body.removeLast() }
        let path = environment.configHome + "/hygiene/crontab.new"
        try write(body.joined(separator: "\n") + "\n", to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await run(["crontab", path])
    }

    func installCron(every: Interval) async throws {
        let uid = getuid()
        let line = "17 12 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/\(uid)/bus "
            + command(every: every).map(Self.shellQuote).joined(separator: " ") + " " + Self.cronMarker
        try await replaceCrontab(try await currentCrontab() + [line])
    }

    func installLaunchd(every: Interval) async throws {
        let arguments = command(every: every).map { "    <string>\($0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</string>" }
        let plist = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
              <key>Label</key><string>nl.hygiene.audit</string>
              <key>ProgramArguments</key>
              <array>
            \(arguments.joined(separator: "\n"))
              </array>
              <key>StartInterval</key><integer>86400</integer>
              <key>RunAtLoad</key><true/>
            </dict>
            </plist>

            """
        try write(plist, to: launchdPath)
        _ = try await run(["launchctl", "load", "-w", launchdPath])
    }

    /// Removes whatever `install` set up. Returns false when nothing was installed.
    func remove() async throws -> Bool {
        guard let (method, _) = Self.installed(environment: environment) else { return false }
        switch method {
        case .systemd:
            _ = try? await run(["systemctl", "--user", "disable", "--now", "\(Self.unitName).timer"])
            try removeSystemdFiles()
            _ = try? await run(["systemctl", "--user", "daemon-reload"])
        case .cron:
            try await replaceCrontab(try await currentCrontab())
        case .launchd:
            _ = try? await run(["launchctl", "unload", "-w", launchdPath])
            if FileManager.default.fileExists(atPath: launchdPath) { try FileManager.default.removeItem(atPath: launchdPath) }
        }
        try? FileManager.default.removeItem(atPath: markerPath)
        return true
    }
}
