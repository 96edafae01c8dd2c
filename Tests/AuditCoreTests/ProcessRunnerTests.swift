@testable import AuditCore
import Foundation
import Testing

/// The real command runner: output, exit status, the output cap, and the time limit — including
/// commands whose children keep the output pipe open after the command itself is stopped.
@Suite struct ProcessRunnerTests {
    let runner = ProcessRunner()

    @Test func outputStatusAndErrorsAreKeptApart() async throws {
        let result = try await runner.run(["sh", "-c", "printf 'out'; printf 'err' >&2; exit 3"], timeout: .seconds(20))
        #expect(result.output == "out")
        #expect(result.errorOutput == "err")
        #expect(result.status == 3)
    }

    @Test func outputIsCappedButTheCommandStillFinishes() async throws {
        let capped = ProcessRunner(outputLimit: 1000)
        let result = try await capped.run(["sh", "-c", "head -c 300000 /dev/zero | tr '\\\\0' x; echo done >&2"], timeout: .seconds(20))
        #expect(result.output.count == 1000)
        #expect(result.errorOutput == "done\n")
    }

    @Test func aMissingCommandIsNotFound() async {
        await #expect(throws: CommandError.self) {
            _ = try await runner.run(["no-such-command-\(UUID().uuidString)"], timeout: .seconds(1))
        }
    }

    /// Runs the command on a thread of its own and times it there: timing through `async` would also
    /// count the wait for a free worker of the shared pool, which other tests can keep busy for seconds.
    static func timed(_ script: String, timeout: Duration) async throws -> (result: Result<CommandResult, any Error>, took: Duration) {
        try await onOwnThread {
            let clock = ContinuousClock()
            let start = clock.now
            let result = Result { try ProcessRunner.runBlocking(executable: "/bin/sh", arguments: ["sh", "-c", script], timeout: timeout, limit: 1 << 20) }
            return (result, start.duration(to: clock.now))
        }
    }

    /// The limit is 300 ms; the commands would run for 30 s. The bound below is what proves the stop
    /// (far under 30 s), loose for a loaded two-core machine.
    @Test(arguments: [
        "sleep 30",                        // the command itself
        "sleep 30 & sleep 30",             // a child of the shell holding the pipe
        "setsid sleep 30 & sleep 30",      // a child that left the process group, still holding the pipe
        "trap '' TERM; sleep 30",          // a shell that ignores SIGTERM
        "exec 1>&-; exec 2>&-; sleep 30",  // pipes closed at once, the process runs on
    ])
    func aCommandPastItsLimitIsStoppedWhateverHoldsItsPipes(script: String) async throws {
        let (result, took) = try await Self.timed(script, timeout: .milliseconds(300))
        #expect(throws: CommandError.self) { try result.get() }
        #expect(took < .seconds(15), "\(script)")
    }
}

extension ProcessRunnerTests {
    /// A command that leaves a server behind holding its output (as `adb` does when it starts its
    /// server) ends when the command ends, with what it printed, not at the time limit.
    @Test func aCommandThatLeavesAServerBehindEndsWhenItEnds() async throws {
        let (outcome, took) = try await Self.timed("setsid sleep 30 & echo started; exit 4", timeout: .seconds(25))
        let result = try outcome.get()
        #expect(result.output == "started\n")
        #expect(result.status == 4)
        #expect(took < .seconds(20))
    }

    @Test func aSignalledCommandReportsTheSignal() async throws {
        let result = try await runner.run(["sh", "-c", "kill -9 $$"], timeout: .seconds(20))
        #expect(result.status == 128 + 9)
    }
}

extension ProcessRunnerTests {
    /// A file that is not a program says why it could not start, in words.
    @Test func aFileThatIsNoProgramSaysWhy() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-not-a-program-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("\u{7F}garbage".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        do {
            _ = try await runner.run([path], timeout: .seconds(10))
            Issue.record("a file that is no program ran")
        } catch CommandError.failedToStart(_, let reason) {
            #expect(reason == "exec format error")
        }
    }
}
