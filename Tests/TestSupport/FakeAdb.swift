import Foundation

/// A stand-in for the system `adb`: a POSIX sh script, written into a fresh temporary folder, that answers
/// from a scenario folder as a connected phone would. Pass `path` as the capture's adb, or put `folder`
/// first on `PATH` (`environment`) and call it `adb`.
///
/// A scenario folder (`Tests/PhoneTests/Scenarios/<name>/`) holds:
/// - `devices.txt`: what `adb devices -l` prints; `devices.status` and `devices.stderr` when it should fail.
/// - `ID.txt` for each probe id: what `adb -s SERIAL shell COMMAND…` prints, where `commands.txt` (the
///   scenario's own, else `Scenarios/commands.txt`) maps the command words to the id, one `ID<TAB>WORDS` a line.
///   Beside it, optionally, `ID.stderr`, `ID.status` (the exit status) and `ID.hang` (never answers).
///   A command in no table answers `/system/bin/sh: WORD: inaccessible or not found` with status 127.
/// - `apks.txt`: `PATH HASH` lines, for `sha256sum 'PATH' …`; an unknown path answers
///   `sha256sum: PATH: No such file or directory` on standard error and the call ends with status 1.
///
/// A serial that `devices.txt` does not list answers `error: device 'X' not found` with status 1.
/// `answer(_:…)`, `hang(_:)` and `replace(_:with:)` change one answer for one test without touching the scenario.
public final class FakeAdb: @unchecked Sendable {
    /// The temporary folder holding `adb` and the test's own answers (`overlay/`).
    public let folder: String
    /// The executable script.
    public let path: String
    public let scenario: String

    /// `Tests/PhoneTests/Scenarios`.
    public static let scenariosFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PhoneTests/Scenarios").path
    /// `Tests/PhoneTests/Fixtures`, for the recorded `devices-*.txt` shapes.
    public static let phoneFixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PhoneTests/Fixtures").path

    /// The folder of a scenario by name (`clean-pixel`, `stalkerware`, …).
    public static func scenario(_ name: String) -> String { scenariosFolder + "/" + name }

    /// The scenarios there are, by name.
    public static var scenarioNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: scenariosFolder + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// A fake adb over the scenario `name` (or any folder, with `folder:`); `devices` names another
    /// `adb devices -l` answer: a file in `Tests/PhoneTests/Fixtures` (`devices-two.txt`) or a path.
    public convenience init(_ name: String, devices: String? = nil) throws {
        try self.init(folder: Self.scenario(name), devices: devices)
    }

    public init(folder scenario: String, devices: String? = nil) throws {
        guard FileManager.default.fileExists(atPath: scenario + "/devices.txt") || devices != nil else {
            throw FakeAdbError.noScenario(scenario)
        }
        self.scenario = scenario
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-fake-adb-\(UUID().uuidString)").path
        path = folder + "/adb"
        try FileManager.default.createDirectory(atPath: folder + "/overlay", withIntermediateDirectories: true)
        if let devices {
            let source = devices.hasPrefix("/") ? devices : Self.phoneFixturesFolder + "/" + devices
            try FileManager.default.copyItem(atPath: source, toPath: folder + "/overlay/devices.txt")
        }
        try Self.writeExecutable(Self.script(scenario: scenario, overlay: folder + "/overlay",
                                             commands: Self.scenariosFolder + "/commands.txt"), to: path)
    }

    /// Writes the script as `adb.sh`, then lets `/bin/cp` make `adb` of it. The executable is never open for
    /// writing in this process: a command another test spawns meanwhile would inherit that descriptor, and
    /// running the script would fail with ETXTBSY ("text file busy") for as long as that command lives.
    static func writeExecutable(_ text: String, to path: String) throws {
        try text.write(toFile: path + ".sh", atomically: false, encoding: .utf8)
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = [path + ".sh", path]
        try copy.run()
        copy.waitUntilExit()
        guard copy.terminationStatus == 0 else { throw FakeAdbError.cannotWrite(path, copy.terminationStatus) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// `PATH` with this folder first, for a `ProcessRunner(environment:)` that should find it as `adb`.
    public var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return environment
    }

    /// Answers the probe `id` (or `devices`) with this output instead of the scenario's.
    public func answer(_ id: String, stdout: String, stderr: String? = nil, status: Int32? = nil) throws {
        try writeOverlay(id + ".txt", stdout)
        if let stderr { try writeOverlay(id + ".stderr", stderr) }
        if let status { try writeOverlay(id + ".status", String(status) + "\n") }
    }

    /// The probe `id` (or `devices`) never answers: the script execs `sleep 600`.
    public func hang(_ id: String) throws { try writeOverlay(id + ".hang", "") }

    /// Replaces a whole scenario file (`apks.txt`, `devices.txt`, `commands.txt`) for this fake.
    public func replace(_ file: String, with text: String) throws { try writeOverlay(file, text) }

    func writeOverlay(_ name: String, _ text: String) throws {
        try text.write(toFile: folder + "/overlay/" + name, atomically: false, encoding: .utf8)
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The wrapper named `adb`: it names the scenario, the test's overlay and the command table, then runs
    /// the shared `Scenarios/fake-adb.sh` (also used by `.ci/bench/phone`) with the arguments it got.
    static func script(scenario: String, overlay: String, commands: String) -> String {
        """
        #!/bin/sh
        # A fake adb for the hygiene tests (Tests/TestSupport/FakeAdb.swift).
        SCENARIO=\(quoted(scenario))
        OVERLAY=\(quoted(overlay))
        COMMANDS=\(quoted(commands))
        . \(quoted(scenariosFolder + "/fake-adb.sh"))

        """
    }
}

public enum FakeAdbError: Error, CustomStringConvertible {
    case noScenario(String)
    case cannotWrite(String, Int32)

    public var description: String {
        switch self {
        case .noScenario(let folder): "\(folder) is not a phone scenario: it has no devices.txt"
        case .cannotWrite(let path, let status): "\(path): cp could not make the fake adb (exit status \(status))"
        }
    }
}
