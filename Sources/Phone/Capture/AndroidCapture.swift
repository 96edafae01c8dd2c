import AuditCore
import Foundation

/// Reads a phone over the system `adb`: `adb devices -l`, then one `adb -s SERIAL shell …` per probe, each
/// with a time limit, everything written to a private capture folder before anything is parsed.
public struct AndroidCapture: Sendable {
    public var adb: String
    public var serial: String?
    public var runner: any CommandRunner
    public var probes: [Probe]
    /// The limit for each probe; `adb devices -l` gets `devicesTimeout`.
    public var timeout: Duration
    public var devicesTimeout: Duration
    /// After this many probes time out, the phone is taken to be gone and the capture stops.
    public var timeoutsBeforeGivingUp: Int
    /// The limit for one round of APK hashing: reading a few hundred MB of app files takes a slow phone
    /// far longer than a settings query. A round that times out loses its hashes only; it does not count
    /// as the phone going away.
    public var hashTimeout: Duration
    public var now: @Sendable () -> Date
    /// Called before each command with how many have run and, once known, how many there are in all.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    public init(adb: String = "adb", serial: String? = nil, runner: any CommandRunner, probes: [Probe] = Probe.standard,
                timeout: Duration = .seconds(30), devicesTimeout: Duration = .seconds(10), timeoutsBeforeGivingUp: Int = 2,
                hashTimeout: Duration = .seconds(180), now: @escaping @Sendable () -> Date = Date.init,
                progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) {
        self.adb = adb
        self.serial = serial
        self.runner = runner
        self.probes = probes
        self.timeout = timeout
        self.devicesTimeout = devicesTimeout
        self.timeoutsBeforeGivingUp = timeoutsBeforeGivingUp
        self.hashTimeout = hashTimeout
        self.now = now
        self.progress = progress
    }

    /// The device that would be read: runs `adb devices -l` and applies the serial.
    public func device() async throws -> AndroidDevice {
        guard runner.isAvailable(adb) else { throw PhoneError.adbMissing(adb: adb) }
        let arguments = [adb, "devices", "-l"]
        let result: CommandResult
        do {
            result = try await runner.run(arguments, timeout: devicesTimeout)
        } catch CommandError.timedOut(_, let seconds) {
            throw PhoneError.adbTimedOut(command: arguments.joined(separator: " "), seconds: seconds)
        } catch CommandError.notFound {
            throw PhoneError.adbMissing(adb: adb)
        } catch {
            throw PhoneError.adbFailed(command: arguments.joined(separator: " "), status: -1, message: error.localizedDescription)
        }
        guard result.status == 0, let devices = DeviceList.parse(result.output) else {
            throw PhoneError.adbFailed(command: arguments.joined(separator: " "), status: result.status,
                                       message: Self.firstLine(result.errorOutput.isEmpty ? result.output : result.errorOutput))
        }
        return try DeviceList.choose(from: devices, serial: serial)
    }

    /// Captures every probe into `folder` (created 0700, or an existing empty folder) and reads it back. When
    /// `hashApks` is set and the package list was read, a second round hashes the APKs outside the system partitions.
    public func capture(into folder: String, hashApks: Bool = true) async throws -> PhoneCapture {
        let device = try await device()
        try CaptureFiles.prepare(folder)
        let created = now()
        var records: [ProbeRecord] = []
        var timedOut: [String] = []
        func saveManifest() throws {
            let manifest = CaptureManifest(created: created, adb: adb, device: device, probes: records)
            let data = try CaptureFiles.encoder.encode(manifest)
            try CaptureFiles.write(data, named: PhoneCapture.manifestName, in: folder)
        }
        var queue = probes[...]
        var hashed = !hashApks
        while true {
            guard let probe = queue.popFirst() else {
                // The package list is written by now: hash what it names, once.
                guard !hashed else { break }
                hashed = true
                let packagesProbe = records.first { $0.id == "packages" }
                guard let packagesProbe, packagesProbe.outcome == .completed, packagesProbe.status == 0,
                      let listing = FileManager.default.contents(atPath: folder + "/" + packagesProbe.stdoutFile) else { break }
                queue = ApkHashes.probes(for: PackageList.parse(String(decoding: listing, as: UTF8.self)))[...]
                continue
            }
            let arguments = [adb, "-s", device.serial, "shell"] + probe.command
            let hashing = probe.id.hasPrefix(ApkHashes.probePrefix)
            progress?(records.count, records.count + queue.count + 1)
            let started = now()
            let clock = ContinuousClock()
            let start = clock.now
            var outcome = ProbeOutcome.completed
            var result = CommandResult()
            do {
                result = try await runner.run(arguments, timeout: hashing ? hashTimeout : timeout)
            } catch CommandError.timedOut {
                outcome = .timedOut
                if !hashing { timedOut.append(probe.id) }
            } catch {
                outcome = .failedToRun
                result.errorOutput = error.localizedDescription
            }
            let elapsed = start.duration(to: clock.now)
            let record = ProbeRecord(
                id: probe.id, commandLine: arguments, outcome: outcome,
                status: outcome == .completed ? result.status : nil,
                stdoutFile: probe.id + ".stdout", stderrFile: probe.id + ".stderr", started: started,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            try CaptureFiles.write(Data(result.output.utf8), named: record.stdoutFile, in: folder)
            try CaptureFiles.write(Data(result.errorOutput.utf8), named: record.stderrFile, in: folder)
            records.append(record)
            if outcome == .completed, result.status != 0,
               let lost = Self.transportError(result.errorOutput + "\n" + result.output, serial: device.serial) {
                try saveManifest()
                throw lost
            }
            if timedOut.count >= timeoutsBeforeGivingUp {
                try saveManifest()
                throw PhoneError.stoppedAnswering(serial: device.serial, probes: timedOut)
            }
        }
        try saveManifest()
        return try PhoneCapture.load(from: folder)
    }

    /// adb's own complaints when the phone went away or changed state between calls.
    static func transportError(_ text: String, serial: String) -> PhoneError? {
        let lower = text.lowercased()
        if lower.contains("error: device unauthorized") { return .unauthorized(serial: serial) }
        if lower.contains("error: device offline") { return .offline(serial: serial) }
        if (lower.contains("error: device '") || lower.contains("adb: device '")) && lower.contains("not found") {
            return .deviceNotFound(serial: serial, connected: [])
        }
        if lower.contains("error: no devices/emulators found") { return .noDevice }
        return nil
    }

    static func firstLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }
}
