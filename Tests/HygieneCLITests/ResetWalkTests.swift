import CTestPTY
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The interactive walk of `hygiene reset`, driven through a pseudo-terminal as a person would: the
/// built binary on the terminal's other side, keys typed one by one.
@Suite(.serialized) struct ResetWalkTests {
    /// A pseudo-terminal pair: the controller end for the test, the terminal end for the program.
    struct PTY {
        let controller: Int32
        let terminal: Int32

        init() throws {
            var controller: Int32 = -1, terminal: Int32 = -1
            guard hygiene_open_pty(&controller, &terminal) == 0 else { throw CocoaError(.fileNoSuchFile) }
            self.controller = controller
            self.terminal = terminal
        }
    }

    /// Runs the binary on a terminal, typing `keys` (each after the screen it answers has appeared).
    func walk(_ arguments: [String], home: String, keys: [(waitFor: String, key: String)]) throws -> (output: String, status: Int32) {
        let pty = try PTY()
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = arguments
        process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin",
                               "LANG": "C", "COLUMNS": "100", "TERM": "xterm"]
        let handle = FileHandle(fileDescriptor: pty.terminal, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        close(pty.terminal)
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        func readUntil(_ text: String, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                var poller = pollfd(fd: pty.controller, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 100) > 0 {
                    let count = read(pty.controller, &buffer, buffer.count)
                    if count <= 0 { return String(decoding: output, as: UTF8.self).contains(text) }
                    output.append(contentsOf: buffer[0..<count])
                }
                if String(decoding: output, as: UTF8.self).contains(text) { return true }
            }
            return false
        }
        for (waitFor, key) in keys {
            let appeared = readUntil(waitFor, seconds: 60)
            #expect(appeared, "the screen never showed '\(waitFor)'")
            _ = write(pty.controller, key, key.utf8.count)
        }
        // Whatever the program prints after the last key, until it ends.
        _ = readUntil("\u{0}never", seconds: 3)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        close(pty.controller)
        return (String(decoding: output, as: UTF8.self), process.terminationStatus)
    }

    func statuses(home: String) throws -> [String: String] {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["reset", "--format", "json"]
        process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = document["steps"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: steps.map { ($0["id"] as! String, $0["status"] as! String) })
    }

    @Test func walkThroughStepsAndQuitThenResume() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        // The questions first: children yes (1), the rest skipped with Enter; then done, skip, later, back, quit.
        let first = try await offThePool { try walk(["reset"], home: home, keys: [
            ("passwords", "\n"), ("phone or computer", "\n"), ("set up", "\n"), ("phone plan", "\n"), ("share", "\n"),
            ("children", "1"),
            ("Step 1 of", "d"), ("Step 2 of", "s"), ("Step 3 of", "l"), ("Step 4 of", "b"), ("Step 3 of", "q"),
        ]) }
        #expect(first.status == 0)
        #expect(first.output.contains("[d] done  [s] skip  [l] later  [b] back  [q] quit  [x] quick exit"))
        #expect(first.output.contains("Your progress is saved"))
        let progress = try await offThePool { try self.statuses(home: home) }
        #expect(progress["start/safety"] == "done")
        #expect(progress["start/evidence"] == "skipped")
        #expect(progress["start/clean-device"] == "todo")
        // The answer was kept: the children's step is in the plan.
        #expect(progress["around/children"] == "todo")

        // Resumed at the first step still to do; the quick exit clears screen and scrollback and leaves nothing after.
        let second = try await offThePool { try walk(["reset"], home: home, keys: [("Step 3 of", "x")]) }
        #expect(second.status == 0)
        let tail = try #require(second.output.range(of: ResetWalk.wipe, options: .backwards)).upperBound
        #expect(second.output[tail...].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    @Test func theWalkSpeaksDutch() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home + "/config/hygiene", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "version: 1\nlanguage: nl\n".write(toFile: home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let run = try await offThePool { try walk(["reset"], home: home, keys: [("wachtwoorden", "x")]) }
        #expect(run.status == 0)
        #expect(run.output.contains("Elke vraag kun je overslaan"))
    }
}
