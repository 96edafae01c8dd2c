import Foundation

/// Stand-ins for libimobiledevice's tools (`idevice_id`, `ideviceinfo`, `idevicepair`, `ideviceinstaller`,
/// `ideviceprovision`, `idevicebackup2`): one POSIX sh script, `Tests/PhoneTests/IOSScenarios/fake-idevice.sh`,
/// behind a wrapper per tool name in a fresh temporary folder. Put `folder` first on `PATH` (`environment`).
///
/// A scenario folder (`IOSScenarios/<name>/`) holds `devices.txt` (what `idevice_id -l` prints) and, per id of
/// `IOSScenarios/commands.txt`, `ID.txt`, optionally `ID.stderr`, `ID.status`, `ID.hang`, and `ID.1.txt`,
/// `ID.2.txt`… answered in turn. `provision/` holds the `.mobileprovision` files `ideviceprovision copy DIR`
/// copies; `variant` says `debian13` for ideviceinstaller 1.2's syntax. Every call goes to `overlay/calls.log`.
public final class FakeIDevice: @unchecked Sendable {
    public static let tools = ["idevice_id", "ideviceinfo", "idevicepair", "ideviceinstaller", "ideviceprovision", "idevicebackup2"]
    public static let udid = "00008101-000A1B2C3D4E001E"

    public let folder: String
    public let scenario: String
    public var overlay: String { folder + "/overlay" }

    public static let scenariosFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PhoneTests/IOSScenarios").path

    public static func scenario(_ name: String) -> String { scenariosFolder + "/" + name }

    public static var scenarioNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: scenariosFolder + "/" + $0 + "/devices.txt") }.sorted()
    }

    /// The fakes over scenario `name`; `without` leaves tools out (as if not installed).
    public convenience init(_ name: String, without: Set<String> = []) throws {
        try self.init(folder: Self.scenario(name), without: without)
    }

    /// The fakes over any scenario folder (a generated one, say).
    public init(folder scenario: String, without: Set<String> = []) throws {
        self.scenario = scenario
        guard FileManager.default.fileExists(atPath: scenario + "/devices.txt") else { throw FakeAdbError.noScenario(scenario) }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-fake-idevice-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: overlay, withIntermediateDirectories: true)
        for tool in Self.tools where !without.contains(tool) {
            try FakeAdb.writeExecutable("""
                #!/bin/sh
                # A fake \(tool) for the hygiene tests (Tests/TestSupport/FakeIDevice.swift).
                TOOL=\(tool)
                SCENARIO=\(FakeAdb.quoted(scenario))
                OVERLAY=\(FakeAdb.quoted(overlay))
                COMMANDS=\(FakeAdb.quoted(Self.scenariosFolder + "/commands.txt"))
                . \(FakeAdb.quoted(Self.scenariosFolder + "/fake-idevice.sh"))

                """, to: folder + "/" + tool)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// `PATH` with only this folder and the system's own (so a real libimobiledevice is never found instead).
    public var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = folder + ":/usr/bin:/bin"
        return environment
    }

    /// Answers the id with this output instead of the scenario's.
    public func answer(_ id: String, stdout: String, stderr: String? = nil, status: Int32? = nil) throws {
        try write(id + ".txt", stdout)
        if let stderr { try write(id + ".stderr", stderr) }
        if let status { try write(id + ".status", String(status) + "\n") }
    }

    /// Answers the id in turn with each of these (the last one again after that).
    public func sequence(_ id: String, _ answers: [(stdout: String, status: Int32)]) throws {
        for (index, answer) in answers.enumerated() {
            try write("\(id).\(index + 1).txt", answer.stdout)
            try write("\(id).\(index + 1).status", String(answer.status) + "\n")
        }
    }

    /// The id never answers.
    public func hang(_ id: String) throws { try write(id + ".hang", "") }

    /// The calls made, one `TOOL ARGS` a line (without `-u UDID`).
    public var calls: [String] {
        ((try? String(contentsOfFile: overlay + "/calls.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    public func write(_ name: String, _ text: String) throws {
        try text.write(toFile: overlay + "/" + name, atomically: false, encoding: .utf8)
    }
}
