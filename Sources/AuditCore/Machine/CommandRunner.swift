import Foundation

/// What a command printed and how it ended.
public struct CommandResult: Sendable, Hashable {
    public var status: Int32
    public var output: String
    public var errorOutput: String

    public init(status: Int32 = 0, output: String = "", errorOutput: String = "") {
        self.status = status
        self.output = output
        self.errorOutput = errorOutput
    }
}

public enum CommandError: Error, Sendable, LocalizedError {
    case notFound(String)
    case timedOut([String], seconds: Double)
    case failedToStart([String], String)
    case failed([String], status: Int32, message: String)

    public var errorDescription: String? {
        switch self {
        case .notFound(let name): "command '\(name)' is not installed"
        case .timedOut(let arguments, let seconds):
            "'\(arguments.joined(separator: " "))' did not finish within \(seconds) seconds and was stopped"
        case .failedToStart(let arguments, let reason): "'\(arguments.joined(separator: " "))' could not start: \(reason)"
        case .failed(let arguments, let status, let message):
            "'\(arguments.joined(separator: " "))' failed with exit status \(status)\(message.isEmpty ? "" : ": " + message)"
        }
    }
}

/// Runs read-only commands for probes. Injected so tests can stub every command.
public protocol CommandRunner: Sendable {
    /// Whether a command of that name can be run here.
    func isAvailable(_ command: String) -> Bool
    func run(_ arguments: [String], timeout: Duration) async throws -> CommandResult
}

extension CommandRunner {
    public func run(_ arguments: [String]) async throws -> CommandResult {
        try await run(arguments, timeout: .seconds(10))
    }
}

/// Runs nothing: used when auditing a file tree other than this machine's, where the
/// machine's own commands would describe the wrong system.
public struct NoCommandRunner: CommandRunner {
    public init() {}
    public func isAvailable(_ command: String) -> Bool { false }
    public func run(_ arguments: [String], timeout: Duration) async throws -> CommandResult {
        throw CommandError.notFound(arguments.first ?? "")
    }
}

/// Runs commands of this machine with `LC_ALL=C`, no standard input, a time limit and an output cap.
public struct ProcessRunner: CommandRunner {
    let searchPath: [String]
    let outputLimit: Int

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, outputLimit: Int = 8 << 20) {
        let fromEnvironment = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        // Administration tools (nft, iptables) live in sbin, which a user's PATH often lacks.
        let extra = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        var seen = Set<String>()
        searchPath = (fromEnvironment + extra).filter { !$0.isEmpty && seen.insert($0).inserted }
        self.outputLimit = outputLimit
    }

    func locate(_ command: String) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        for directory in searchPath {
            let candidate = directory + "/" + command
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func isAvailable(_ command: String) -> Bool { locate(command) != nil }

    public func run(_ arguments: [String], timeout: Duration) async throws -> CommandResult {
        guard let name = arguments.first, let executable = locate(name) else {
            throw CommandError.notFound(arguments.first ?? "")
        }
        let limit = outputLimit
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try Self.runBlocking(executable: executable, arguments: arguments, timeout: timeout, limit: limit)
                })
            }
        }
    }

    static func runBlocking(executable: String, arguments: [String], timeout: Duration, limit: Int) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["LANG"] = "C"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CommandError.failedToStart(arguments, error.localizedDescription)
        }
        let timedOut = LockedFlag()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let timer = DispatchWorkItem {
            guard process.isRunning else { return }
            timedOut.set()
            process.terminate()
            DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        let group = DispatchGroup()
        let outBox = DataBox(), errBox = DataBox()
        for (pipe, box) in [(output, outBox), (errors, errBox)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = Self.readCapped(pipe.fileHandleForReading, limit: limit)
                group.leave()
            }
        }
        group.wait()
        process.waitUntilExit()
        timer.cancel()
        if timedOut.isSet { throw CommandError.timedOut(arguments, seconds: seconds) }
        return CommandResult(status: process.terminationStatus,
                             output: String(decoding: outBox.data, as: UTF8.self),
                             errorOutput: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Reads until end of file, keeping at most `limit` bytes but draining the rest so the child never blocks.
    static func readCapped(_ handle: FileHandle, limit: Int) -> Data {
        var data = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            if data.count < limit { data.append(chunk.prefix(limit - data.count)) }
        }
        return data
    }
}

final class DataBox: @unchecked Sendable {
    var data = Data()
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
