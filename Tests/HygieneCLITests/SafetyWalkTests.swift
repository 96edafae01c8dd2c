import Foundation
@testable import HygieneCLI
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// `hygiene safety` on a terminal, through a pseudo-terminal with the built binary: keys typed one by one.
@Suite(.serialized) struct SafetyWalkTests {
    func home() throws -> String {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-safety-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return home
    }

    /// The quick exit's clearing: the screen first, then the scrollback (the other order pushes the screen into it).
    static let wipe = ResetWalk.wipe

    /// What the program showed after it last cleared the screen, without its colours (on a terminal the text is coloured).
    static func lastScreen(_ output: String) throws -> String {
        let tail = output[try #require(output.range(of: wipe, options: .backwards)).upperBound...]
        return String(tail).replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    @Test func answeringSomeAndStoppingShowsWhatRaisesTheRisk() async throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try ResetWalkTests().walk(["safety"], home: home, keys: [
            ("Danger right now — question 1 of 17", "n"), ("question 2 of 17", "n"), ("question 3 of 17", "n"),
            ("Question 4 of 17", "y"), ("Question 5 of 17", "q"),
        ]) }
        #expect(run.status == 0)
        let result = try Self.lastScreen(run.output)
        #expect(result.hasPrefix("Risk check: stalking"), "\(result.prefix(200))")
        #expect(result.contains("Someone who invests this much in stalking you is less likely to stop on their own."))
        #expect(result.contains("Nothing was stored"))
        #expect(!FileManager.default.fileExists(atPath: home + "/data"))
    }

    @Test func aYesToDangerRightNowShows112AtOnce() async throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try ResetWalkTests().walk(["safety", "--save"], home: home, keys: [
            ("Danger right now — question 1 of 17", "y"),
        ]) }
        #expect(run.status == 0)
        let result = try Self.lastScreen(run.output)
        #expect(result.hasPrefix("⚠ CALL 112 NOW"), "\(result.prefix(200))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/data/hygiene/safety").count == 1)
    }

    @Test func theQuickExitLeavesAClearedScreenAndNothingStored() async throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try ResetWalkTests().walk(["safety", "--save"], home: home, keys: [
            ("question 1 of 17", "n"), ("question 2 of 17", "x"),
        ]) }
        #expect(run.status == 0)
        let tail = try #require(run.output.range(of: Self.wipe, options: .backwards)).upperBound
        #expect(run.output[tail...].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: home + "/data"))
    }

    /// tmux, run on a socket of the test's own, with its output; nil when tmux is not installed. Started with
    /// posix_spawn and reaped with waitpid: the server a new session forks into the background would keep
    /// Foundation's Process from ever seeing its client end.
    static func tmux(_ socket: String, _ arguments: [String], config: String = "/dev/null") throws -> String? {
        guard let path = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first(where: FileManager.default.isExecutableFile) else { return nil }
        let argv = [path, "-L", socket, "-f", config] + arguments
        let environment = ["PATH=/usr/bin:/bin", "TERM=xterm-256color", "TMUX_TMPDIR=/tmp"]
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw CocoaError(.fileWriteUnknown) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Only capture-pane's answer is read; a new session's server gets no end of the pipe to hold open.
        if arguments.first == "capture-pane" {
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        let spawned = posix_spawn(&pid, path, &actions, nil, cArguments, cEnvironment)
        close(pipe[1])
        defer { close(pipe[0]) }
        guard spawned == 0 else { throw CocoaError(.fileReadUnknown) }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(pipe[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    /// In a real terminal emulator (tmux), after [x] nothing of the walk is left: not on the screen, not one
    /// scroll up in its history.
    @Test func afterTheQuickExitNothingOfTheWalkIsInTheTerminalsHistory() async throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let socket = "hygiene-safety-test-\(UUID().uuidString.prefix(8))"
        let binary = EndToEndTests.binary.path
        let command = "env -i HOME='\(home)' XDG_DATA_HOME='\(home)/data' XDG_CONFIG_HOME='\(home)/config' PATH=/usr/bin:/bin LANG=nl_NL.UTF-8 "
            + "TERM=xterm-256color '\(binary)' safety; echo EINDE-VAN-DE-TEST; sleep 15"
        guard try Self.tmux(socket, ["new-session", "-d", "-s", "walk", "-x", "100", "-y", "40", command]) != nil else {
            Issue.record("tmux is not installed (.ci/deps --tests installs it)")
            return
        }
        defer { _ = try? Self.tmux(socket, ["kill-server"]) }
        func screen(history: Bool = false) throws -> String {
            try Self.tmux(socket, ["capture-pane", "-p", "-t", "walk"] + (history ? ["-S", "-"] : [])) ?? ""
        }
        func waitFor(_ text: String) async throws -> Bool {
            for _ in 0..<600 {
                if try screen().contains(text) { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
        let first = try await waitFor("vraag 1 van 17")
        #expect(first, "\((try? screen()) ?? "")")
        _ = try Self.tmux(socket, ["send-keys", "-t", "walk", "n"])
        let second = try await waitFor("vraag 2 van 17")
        #expect(second, "\((try? screen()) ?? "")")
        // Before: the walk is on the screen.
        #expect(try screen().contains("[n] nee"))
        _ = try Self.tmux(socket, ["send-keys", "-t", "walk", "x"])
        let ended = try await waitFor("EINDE-VAN-DE-TEST")
        #expect(ended, "\((try? screen()) ?? "")")
        let everything = try screen(history: true)
        let left = everything.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(left == ["EINDE-VAN-DE-TEST"], "left in the terminal after [x]: \(everything)")
    }
}
