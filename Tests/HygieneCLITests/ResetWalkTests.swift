import AuditCore
import CTestPTY
import Foundation
@testable import HygieneCLI
import Reset
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

    func statuses(home: String, _ extra: [String] = []) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try plan(home: home, extra).steps.map { ($0["id"]!, $0["status"]!) })
    }

    /// The plan as JSON, with the state kept in `home`.
    func plan(home: String, _ extra: [String] = []) throws -> (steps: [[String: String]], notes: [String]) {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["reset", "--format", "json"] + extra
        process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = (document["steps"] as? [[String: Any]] ?? []).map { step in step.compactMapValues { $0 as? String } }
        return (steps, document["notes"] as? [String] ?? [])
    }

    func temporaryHome() throws -> String {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home + "/config/hygiene", withIntermediateDirectories: true)
        return home
    }

    /// What a person reads: the output without the terminal's control sequences.
    static func readable(_ output: String) -> String {
        output.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "\n", options: .regularExpression)
    }

    @Test func walkThroughStepsAndQuitThenResume() async throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        // The questions first: children yes (1 and Enter), the rest skipped with Enter; then done, skip, later, back, quit.
        let first = try await offThePool { try walk(["reset"], home: home, keys: [
            ("passwords", "\n"), ("phone or computer", "\n"), ("set up", "\n"), ("phone plan", "\n"), ("share", "\n"),
            ("children", "1\n"),
            ("step 1 of", "d"), ("step 2 of", "s"), ("step 3 of", "l"), ("step 4 of", "b"), ("Today: step 3 of", "q"),
        ]) }
        #expect(first.status == 0)
        #expect(first.output.contains("[d] done  [s] skip  [l] later  [b] back  [q] quit  [x] quick exit"))
        #expect(first.output.contains("1 done, 1 skipped"))
        #expect(first.output.contains("Your progress is saved. Continue with: hygiene reset"))
        let progress = try await offThePool { try self.statuses(home: home) }
        #expect(progress["start/safety"] == "done")
        #expect(progress["start/evidence"] == "skipped")
        #expect(progress["start/clean-device"] == "todo")
        // The answer was kept: the children's step is in the plan.
        #expect(progress["around/children"] == "todo")

        // Resumed at the first step still to do; the quick exit clears screen and scrollback and leaves nothing after.
        let second = try await offThePool { try walk(["reset"], home: home, keys: [("step 3 of", "x")]) }
        #expect(second.status == 0)
        let tail = try #require(second.output.range(of: ResetWalk.wipe, options: .backwards)).upperBound
        #expect(second.output[tail...].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    /// A number and Enter answer one question, and the next question is asked, never skipped by that Enter
    /// (also when Enter comes as a carriage return, as terminals send it).
    @Test func aNumberAndEnterAnswerOneQuestionOnly() async throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try walk(["reset"], home: home, keys: [
            ("passwords", "1\n"), ("phone or computer", "2\r"), ("set up", "1\n"), ("phone plan", "3\n"), ("share", "1"), ("share", "2\n"),
            ("children", "1\n"), ("step 1 of", "q"),
        ]) }
        #expect(run.status == 0)
        #expect(run.output.contains("yes, and my ex holds it") && run.output.contains("not sure"))
        let plan = try await offThePool { try self.plan(home: home) }
        let ids = Set(plan.steps.compactMap { $0["id"] })
        #expect(plan.notes.contains { $0.hasPrefix("Your ex may know your passwords") })       // knew-passwords: yes
        #expect(ids.contains("devices/spyware"))                                                  // set-up-devices: yes
        #expect(plan.notes.contains { $0.hasPrefix("Your number is on your ex's contract") })    // phone-plan: yes-theirs
        #expect(ids.contains("around/shared-mailbox") && ids.contains("around/shared-cloud"))     // shared: mailbox, cloud
        #expect(ids.contains("around/children"))                                                  // children: yes
    }

    /// The Dutch walk through a vault's plan: Dutch keys, the tier's place and size, the end of today with
    /// what it achieved, and a pointer that gives the same plan; no English word of the walk's texts.
    @Test func theWalkSpeaksDutchThroughTheTiers() async throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "version: 1\nlanguage: nl\n".write(toFile: home + "/config/hygiene/config.yaml", atomically: true, encoding: .utf8)
        let vault = ResetCLITests.fixture("bitwarden.json")
        let arguments = ["reset", "--vault", vault, "--since", "2026-01-01"]
        let today = try await offThePool { try self.plan(home: home, Array(arguments.dropFirst())).steps.filter { $0["tier"] == "today" } }
        #expect(today.count > 6)
        var keys: [(waitFor: String, key: String)] = [("wachtwoorden", "1\n"), ("telefoon of computer", "3\n"), ("ingesteld", "2\n"),
                                                       ("telefoonabonnement", "2\n"), ("delen jullie", "4\n"), ("kinderen", "2\n"),
                                                       ("Vandaag: stap 1 van", "o"), ("Vandaag: stap 2 van", "l"), ("Vandaag: stap 3 van", "t")]
        keys += Array(repeating: ("Vandaag: stap", "k"), count: today.count + 4)   // the extra: the answers' new steps (more are ignored at the end of the tier)
        keys += [("Vandaag is af", "\n"), ("Deze week: stap 1 van", "s")]
        let typed = keys
        let run = try await offThePool { try walk(arguments, home: home, keys: typed) }
        #expect(run.status == 0)
        let text = Self.readable(run.output)
        #expect(text.contains("[k] klaar  [o] overslaan  [l] later  [t] terug  [s] stoppen  [x] snel weg"))
        #expect(text.contains("1. ja") && text.contains("3. weet ik niet") && text.contains("ja, en mijn ex heeft het") && text.contains("gezinsgroep"))
        #expect(text.range(of: "Vandaag: stap 1 van [0-9]+, nog ongeveer [0-9]+ minuten", options: .regularExpression) != nil)
        #expect(text.contains("Hierna: Deze week"))
        #expect(text.contains("Ga verder met: hygiene reset --vault \(vault) --since 2026-01-01"))
        let progress = try await offThePool { try self.statuses(home: home, Array(arguments.dropFirst())) }
        #expect(progress["start/safety"] == "skipped")
        #expect(progress.filter { $0.value == "done" }.count >= today.count - 1)

        // No English word of the walk's texts: the list comes from the English side of the tables, so an
        // English text without its Dutch makes this fail.
        let words = { (text: String) in Set(text.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 }) }
        let english = ResetText.allCases.map { $0.text.en } + AnswerText.labels.values.map(\.text.en)
        // "cloud" and "codes" are Dutch words too, as the catalogue's Dutch texts use them.
        let dutch = ResetText.allCases.map { $0.text.nl } + AnswerText.labels.values.map(\.text.nl) + ["cloud codes"]
        let englishOnly = words(english.joined(separator: " ")).subtracting(words(dutch.joined(separator: " ")))
            .subtracting(["tier", "number", "total", "minutes", "done", "skipped", "command", "achieved", "about", "count", "name", "list", "question"])
        #expect(englishOnly.count > 30)
        // Web addresses are the services' own pages, not texts of the walk.
        // ("back-up" is Dutch, and not the key "back".)
        let found = words(text.replacingOccurrences(of: "https?://[^\\s]+", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "back-up", with: " ")).intersection(englishOnly)
        #expect(found.isEmpty, "English in the Dutch walk: \(found.sorted())")
        for entry in ResetText.allCases { #expect(entry.text.en != entry.text.nl || entry.text.en.allSatisfy { !$0.isLetter }, "\(entry) has no Dutch") }
        for (choice, label) in AnswerText.labels { #expect(label.text.en != label.text.nl || choice == "streaming" || choice == "mailbox", "\(choice)") }
    }

    /// After `x`, nothing of the walk is left in tmux's pane or its scrollback (the screen is cleared before the scrollback).
    @Test(.timeLimit(.minutes(3)))
    func theQuickExitLeavesNothingInTmux() async throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let socket = "hygiene-test-\(UUID().uuidString.prefix(8))"
        try "set -g remain-on-exit on\nset -g history-limit 5000\n".write(toFile: home + "/tmux.conf", atomically: true, encoding: .utf8)
        /// Runs tmux as the safety walk's test does (posix_spawn, only capture-pane's answer read, so the
        /// server a new session starts holds no pipe of the test's).
        @Sendable func tmux(_ arguments: [String], read: Bool = false) throws -> String {
            guard let output = try SafetyWalkTests.tmux(socket, arguments, config: home + "/tmux.conf") else {
                throw CocoaError(.executableNotLoadable)
            }
            return output
        }
        defer { _ = try? tmux(["kill-server"]) }
        // Every tmux call off the cooperative pool: waiting for a process there can wait forever.
        let command = "env HOME=\(home) XDG_DATA_HOME=\(home)/data XDG_CONFIG_HOME=\(home)/config LANG=C \(EndToEndTests.binary.path) reset; echo END-OF-THE-TEST; sleep 15"
        _ = try await offThePool { try tmux(["new-session", "-d", "-s", "walk", "-x", "100", "-y", "30", command]) }
        func waitFor(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
            var screen = ""
            for _ in 0..<300 {
                screen = try await offThePool { try tmux(["capture-pane", "-p", "-S", "-", "-t", "walk"], read: true) }
                if screen.contains(text) { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the pane never showed '\(text)':\n\(screen)", sourceLocation: sourceLocation)
        }
        // The questions skipped, one step on screen, then the quick exit.
        for question in ["passwords", "phone or computer", "set up", "phone plan", "share", "children"] {
            try await waitFor(question)
            _ = try await offThePool { try tmux(["send-keys", "-t", "walk", "Enter"]) }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await waitFor("step 1 of")
        _ = try await offThePool { try tmux(["send-keys", "-t", "walk", "x"]) }
        try await waitFor("END-OF-THE-TEST")
        let left = try await offThePool { try tmux(["capture-pane", "-p", "-S", "-", "-t", "walk"], read: true) }
        for text in ["questions", "passwords", "children", "step 1 of", "Why here", "quick exit", "112"] {
            #expect(!left.contains(text), "'\(text)' is still in the scrollback:\n\(left)")
        }
    }
}
