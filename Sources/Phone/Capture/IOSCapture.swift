import AuditCore
import Foundation

/// Reads an iPhone over USB with libimobiledevice's command-line tools (Debian: `libimobiledevice-utils`,
/// `ideviceinstaller`, `usbmuxd`): `idevice_id -l`, pairing with `idevicepair`, then one read-only call per
/// probe, each with its own time limit, everything written to a private capture folder before anything is
/// parsed. Property lists are always asked for as XML: Debian 12's tools print dates 31 years early as text.
///
/// Never called, because they change the phone or delete from it: `idevicecrashreport` without `-k`,
/// `idevicediagnostics restart|shutdown|sleep`, `ideviceinstaller -U`, `ideviceprovision remove`,
/// `idevicebackup2 encryption|changepw|cloud|restore`.
public struct IOSCapture: Sendable {
    /// The tools the capture needs, all looked for before anything runs.
    public static let tools = ["idevice_id", "ideviceinfo", "idevicepair", "ideviceinstaller", "ideviceprovision"]
    /// What the capture reads after pairing, in order: the lockdown values first (a backup would change the
    /// last-backup facts), then the apps and the provisioning profiles. `-u UDID` goes after the tool's name.
    public static let standard: [Probe] = [
        Probe("info", ["ideviceinfo", "-x"]),
        Probe("info-backup", ["ideviceinfo", "-x", "-q", "com.apple.mobile.backup"]),
        Probe("info-itunes-backup", ["ideviceinfo", "-x", "-q", "com.apple.iTunes.backup"]),
        Probe("info-wireless", ["ideviceinfo", "-x", "-q", "com.apple.mobile.wireless_lockdown"]),
        Probe("info-chaperone", ["ideviceinfo", "-x", "-q", "com.apple.mobile.chaperone"]),
        Probe("info-fmip", ["ideviceinfo", "-x", "-q", "com.apple.fmip"]),
        Probe("info-amfi", ["ideviceinfo", "-x", "-q", "com.apple.security.mac.amfi"]),
        Probe("info-disk", ["ideviceinfo", "-x", "-q", "com.apple.disk_usage"]),
        // Debian 12 (ideviceinstaller 1.1.1); Debian 13's 1.2 wants `list --all --xml` (probe apps-new).
        Probe("apps", ["ideviceinstaller", "-l", "-o", "list_all", "-o", "xml"]),
        Probe("provision", ["ideviceprovision", "copy", "{folder}/provision"]),
    ]
    /// The apps, as `ideviceinstaller` 1.2 (Debian 13) asks for them.
    public static let appsNewSyntax = Probe("apps-new", ["ideviceinstaller", "list", "--all", "--xml"])
    /// The folder in a capture that holds the copied `.mobileprovision` files.
    public static let provisionFolder = "provision"

    public var udid: String?
    public var runner: any CommandRunner
    /// The limit for each call; the app list gets `appsTimeout`, which is longer (several MB on a full phone).
    public var timeout: Duration
    public var appsTimeout: Duration
    /// How long to wait for the person to tap Trust on the phone, asking again every `trustPoll`.
    public var trustWait: Duration
    public var trustPoll: Duration
    /// After this many probes time out, the phone is taken to be gone and the capture stops.
    public var timeoutsBeforeGivingUp: Int
    public var now: @Sendable () -> Date
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// What to tell the person while the capture waits for them (tap Trust, type the passcode).
    public var tell: (@Sendable (LocalizedText) -> Void)?

    public init(udid: String? = nil, runner: any CommandRunner, timeout: Duration = .seconds(30), appsTimeout: Duration = .seconds(120),
                trustWait: Duration = .seconds(120), trustPoll: Duration = .seconds(2), timeoutsBeforeGivingUp: Int = 2,
                now: @escaping @Sendable () -> Date = Date.init, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
                tell: (@Sendable (LocalizedText) -> Void)? = nil) {
        self.udid = udid
        self.runner = runner
        self.timeout = timeout
        self.appsTimeout = appsTimeout
        self.trustWait = trustWait
        self.trustPoll = trustPoll
        self.timeoutsBeforeGivingUp = timeoutsBeforeGivingUp
        self.now = now
        self.progress = progress
        self.tell = tell
    }

    /// Runs one tool, turning "not installed" and "no answer" into the phone family's errors.
    func call(_ arguments: [String], timeout limit: Duration) async throws -> CommandResult {
        do {
            return try await runner.run(arguments, timeout: limit)
        } catch CommandError.timedOut(_, let seconds) {
            throw PhoneError.iosToolTimedOut(command: arguments.joined(separator: " "), seconds: seconds)
        } catch CommandError.notFound {
            throw PhoneError.iosToolMissing(tool: arguments.first ?? "")
        } catch let error as PhoneError {
            throw error
        } catch {
            throw PhoneError.iosToolFailed(command: arguments.joined(separator: " "), status: -1, message: error.localizedDescription)
        }
    }

    /// The iPhone that would be read: `idevice_id -l`, and `--udid` applied.
    public func device() async throws -> String {
        for tool in Self.tools where !runner.isAvailable(tool) { throw PhoneError.iosToolMissing(tool: tool) }
        let arguments = ["idevice_id", "-l"]
        let result = try await call(arguments, timeout: .seconds(10))
        let text = result.output + "\n" + result.errorOutput
        if text.contains("Unable to retrieve device list") { throw PhoneError.usbmuxdMissing(message: IOSAnswers.firstLine(text)) }
        guard result.status == 0 else {
            throw PhoneError.iosToolFailed(command: arguments.joined(separator: " "), status: result.status, message: IOSAnswers.firstLine(text))
        }
        var udids: [String] = []
        for line in result.output.split(whereSeparator: \.isNewline) {
            let word = line.trimmingCharacters(in: .whitespaces)
            if word.isEmpty { continue }
            guard IOSAnswers.isUDID(word) else {
                throw PhoneError.iosToolFailed(command: arguments.joined(separator: " "), status: result.status,
                                               message: "it printed something that is not a list of iPhones")
            }
            if !udids.contains(word) { udids.append(word) }
        }
        if let udid {
            guard udids.contains(udid) else { throw PhoneError.iPhoneNotFound(udid: udid, connected: udids) }
            return udid
        }
        guard let first = udids.first else { throw PhoneError.noIPhone }
        guard udids.count == 1 else { throw PhoneError.severalIPhones(udids: udids) }
        return first
    }

    /// Makes sure this computer is trusted: validates an existing pairing, or pairs, asking the person to tap
    /// Trust and enter the passcode, and asking the phone again while its question is on screen.
    /// Returns the last answer, for the manifest.
    func pair(_ udid: String) async throws -> (arguments: [String], result: CommandResult) {
        let listed = try await call(["idevicepair", "list"], timeout: .seconds(10))
        let known = listed.status == 0 && listed.output.split(whereSeparator: \.isNewline).contains { $0.trimmingCharacters(in: .whitespaces) == udid }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: trustWait)
        var asked = false
        var command = known ? "validate" : "pair"
        while true {
            let arguments = ["idevicepair", "-u", udid, command]
            let result = try await call(arguments, timeout: timeout)
            switch IOSAnswers.pairing(result.output + "\n" + result.errorOutput) {
            case .success:
                return (arguments, result)
            case .pending:
                if !asked {
                    asked = true
                    tell?(LocalizedText(
                        en: "On iPhone \(udid): unlock it, tap Trust when it asks whether to trust this computer, and enter your passcode.",
                        nl: "Op iPhone \(udid): ontgrendel hem, tik op Vertrouw als hij vraagt of je deze computer vertrouwt, en voer je toegangscode in."))
                }
                guard clock.now < deadline else {
                    throw PhoneError.trustPending(udid: udid, seconds: Int(trustWait.components.seconds))
                }
                try await Task.sleep(for: trustPoll)
                command = "pair"
            case .locked: throw PhoneError.iPhoneLocked(udid: udid)
            case .denied: throw PhoneError.trustDenied(udid: udid)
            case .stale: throw PhoneError.stalePairing(udid: udid)
            case .gone: throw PhoneError.iPhoneNotFound(udid: udid, connected: [])
            case .other:
                throw PhoneError.iosToolFailed(command: arguments.joined(separator: " "), status: result.status,
                                               message: IOSAnswers.firstLine(result.output + "\n" + result.errorOutput))
            }
        }
    }

    /// Captures the iPhone into `folder` (created 0700, or an existing empty folder) and reads it back. A phone
    /// that goes away or stops answering part-way ends the capture early: what was read is kept, the manifest
    /// says why it stopped, and the checks that need the rest end in error, never as passed.
    public func capture(into folder: String) async throws -> PhoneCapture {
        let udid = try await device()
        try CaptureFiles.prepare(folder)
        let created = now()
        var records: [ProbeRecord] = []
        var device = AndroidDevice(serial: udid, state: "connected")
        var stoppedEarly: LocalizedText?
        func saveManifest() throws {
            let manifest = CaptureManifest(platform: .ios, created: created, adb: "libimobiledevice", device: device,
                                           probes: records, stoppedEarly: stoppedEarly)
            try CaptureFiles.write(try CaptureFiles.encoder.encode(manifest), named: PhoneCapture.manifestName, in: folder)
        }
        /// Runs one probe and records it; returns its result (nil when it did not finish).
        func run(_ probe: Probe, limit: Duration) async throws -> CommandResult? {
            let arguments = [probe.command[0], "-u", udid] + probe.command.dropFirst().map {
                $0.replacingOccurrences(of: "{folder}", with: folder)
            }
            let started = now()
            let clock = ContinuousClock()
            let start = clock.now
            var outcome = ProbeOutcome.completed
            var result = CommandResult()
            do {
                result = try await runner.run(arguments, timeout: limit)
            } catch CommandError.timedOut {
                outcome = .timedOut
            } catch {
                outcome = .failedToRun
                result.errorOutput = error.localizedDescription
            }
            let elapsed = start.duration(to: clock.now)
            let record = ProbeRecord(
                id: probe.id, commandLine: arguments, outcome: outcome, status: outcome == .completed ? result.status : nil,
                stdoutFile: probe.id + ".stdout", stderrFile: probe.id + ".stderr", started: started,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            try CaptureFiles.write(Data(result.output.utf8), named: record.stdoutFile, in: folder)
            try CaptureFiles.write(Data(result.errorOutput.utf8), named: record.stderrFile, in: folder)
            records.append(record)
            return outcome == .completed ? result : nil
        }

        progress?(0, Self.standard.count + 2)
        _ = try await run(Probe("identity", ["ideviceinfo", "-s", "-x"]), limit: timeout)
        try saveManifest()
        do {
            let paired = try await pair(udid)
            // The pairing answer goes into the manifest like a probe: it shows the phone trusted this computer.
            let record = ProbeRecord(id: "pair", commandLine: paired.arguments, outcome: .completed, status: paired.result.status,
                                     stdoutFile: "pair.stdout", stderrFile: "pair.stderr", started: now(), seconds: 0)
            try CaptureFiles.write(Data(paired.result.output.utf8), named: record.stdoutFile, in: folder)
            try CaptureFiles.write(Data(paired.result.errorOutput.utf8), named: record.stderrFile, in: folder)
            records.append(record)
        } catch {
            try? saveManifest()
            throw error
        }

        var timedOut: [String] = []
        var queue = Self.standard[...]
        while let probe = queue.popFirst() {
            progress?(records.count, records.count + queue.count + 1)
            if probe.id == "provision" {
                let target = folder + "/" + Self.provisionFolder
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            let result = try await run(probe, limit: probe.id == "apps" ? appsTimeout : timeout)
            if probe.id == "provision" { Self.makePrivate(folder + "/" + Self.provisionFolder) }
            guard let result else {
                timedOut.append(probe.id)
                if timedOut.count >= timeoutsBeforeGivingUp {
                    stoppedEarly = LocalizedText(
                        en: "iPhone \(udid) stopped answering (no answer to \(timedOut.joined(separator: ", "))); the rest was not read",
                        nl: "iPhone \(udid) antwoordde niet meer (geen antwoord op \(timedOut.joined(separator: ", "))); de rest is niet gelezen")
                    break
                }
                continue
            }
            let text = result.output.prefix(2000) + "\n" + result.errorOutput
            if result.status != 0, let lost = IOSAnswers.lost(String(text), udid: udid) {
                stoppedEarly = lost
                break
            }
            if probe.id == "info", let info = PlistValue.parse(result.output) {
                for (key, detail) in [("ProductType", "model"), ("ProductVersion", "version"), ("BuildVersion", "build")] {
                    if let value = info[key]?.string { device.details[detail] = value }
                }
                device.state = "paired"
            }
            if probe.id == "apps", IOSAnswers.isUsageError(result) {
                queue.insert(Self.appsNewSyntax, at: queue.startIndex)
            }
        }
        try saveManifest()
        return try PhoneCapture.load(from: folder)
    }

    /// The copied profiles are as private as the rest of the capture (the tool writes them with the umask).
    static func makePrivate(_ folder: String) {
        let manager = FileManager.default
        try? manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] {
            try? manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/" + name)
        }
    }
}

/// Reading what the iPhone tools print: their words differ between tools and between Debian 12 and 13,
/// and their exit statuses are not uniform, so the text decides (libimobiledevice 1.3.0's own messages).
enum IOSAnswers {
    enum Pairing { case success, pending, locked, denied, stale, gone, other }

    static func pairing(_ text: String) -> Pairing {
        let lower = text.lowercased()
        if lower.contains("success:") { return .success }
        if lower.contains("accept the trust dialog") || lower.contains("pairing dialog response pending") || lower.contains("(-19)") { return .pending }
        if lower.contains("passcode is set") || lower.contains("password protected") || lower.contains("(-17)") { return .locked }
        if lower.contains("denied the trust dialog") || lower.contains("user denied pairing") || lower.contains("(-18)") { return .denied }
        if lower.contains("is not paired with this host") || lower.contains("invalid hostid") || lower.contains("(-21)") { return .stale }
        if lower.contains("no device found") || lower.contains("not found!") { return .gone }
        return .other
    }

    /// Why the phone can no longer be read, when a tool's answer says so (unplugged, locked again, forgot this computer).
    static func lost(_ text: String, udid: String) -> LocalizedText? {
        let lower = text.lowercased()
        if lower.contains("no device found") || (lower.contains("device") && lower.contains("not found")) {
            return LocalizedText(en: "iPhone \(udid) went away part-way (unplugged?); the rest was not read",
                                 nl: "iPhone \(udid) verdween halverwege (losgekoppeld?); de rest is niet gelezen")
        }
        if lower.contains("password protected") || lower.contains("(-17)") {
            return LocalizedText(en: "iPhone \(udid) locked itself part-way; the rest was not read — keep it unlocked and run again",
                                 nl: "iPhone \(udid) vergrendelde zich halverwege; de rest is niet gelezen — houd hem ontgrendeld en probeer het opnieuw")
        }
        if lower.contains("could not connect to lockdownd") {
            return LocalizedText(en: "iPhone \(udid) stopped accepting this computer part-way (\(firstLine(text))); the rest was not read",
                                 nl: "iPhone \(udid) accepteerde deze computer halverwege niet meer (\(firstLine(text))); de rest is niet gelezen")
        }
        return nil
    }

    /// ideviceinstaller 1.1.1 rejects 1.2's syntax and the other way round: a usage error, exit status 2 or "option".
    static func isUsageError(_ result: CommandResult) -> Bool {
        let text = (result.errorOutput + "\n" + result.output).lowercased()
        return result.status != 0 && (result.status == 2 || text.contains("unrecognized option") || text.contains("invalid option")
                                      || text.contains("unknown option") || text.contains("usage:"))
    }

    /// 40 hexadecimal digits (older iPhones) or `00008101-000A1B2C3D4E001E` (newer ones).
    static func isUDID(_ word: String) -> Bool {
        let allowed = Set("0123456789abcdefABCDEF-")
        return (20...45).contains(word.count) && word.allSatisfy(allowed.contains)
    }

    static func firstLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
    }
}
