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

public enum CommandError: Error, Sendable, LocalizedFailure {
    case notFound(String)
    case timedOut([String], seconds: Double)
    case failedToStart([String], String)
    case failed([String], status: Int32, message: String)

    public var message: LocalizedText {
        switch self {
        case .notFound(let name):
            LocalizedText(en: "command '\(name)' is not installed", nl: "het programma '\(name)' is niet geïnstalleerd")
        case .timedOut(let arguments, let seconds):
            LocalizedText(en: "'\(arguments.joined(separator: " "))' did not finish within \(seconds) seconds and was stopped",
                          nl: "'\(arguments.joined(separator: " "))' was niet binnen \(seconds) seconden klaar en is gestopt")
        case .failedToStart(let arguments, let reason):
            LocalizedText(en: "'\(arguments.joined(separator: " "))' could not start: \(reason)",
                          nl: "'\(arguments.joined(separator: " "))' kon niet starten: \(SystemReason.text(reason)(.nl))")
        case .failed(let arguments, let status, let message):
            // The program's own words stay as it wrote them.
            LocalizedText(en: "'\(arguments.joined(separator: " "))' failed with exit status \(status)\(message.isEmpty ? "" : ": " + message)",
                          nl: "'\(arguments.joined(separator: " "))' mislukte met afsluitstatus \(status)\(message.isEmpty ? "" : ": " + message)")
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
        // A thread of its own: the shared dispatch pool can be starved by other blocking work, and the
        // time limit must not wait for a free worker.
        return try await onOwnThread {
            try Self.runBlocking(executable: executable, arguments: arguments, timeout: timeout, limit: limit)
        }
    }

    /// Starts the command in a process group of its own, reads both pipes until they close and the
    /// command ends, or until the time limit passes; then stops the whole group (SIGTERM, a second later
    /// SIGKILL). A descendant that left the group and still holds a pipe cannot hold the run: reading
    /// stops a second after the SIGKILL whatever is still open.
    static func runBlocking(executable: String, arguments: [String], timeout: Duration, limit: Int) throws -> CommandResult {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["LANG"] = "C"
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable: executable, arguments: arguments, environment: environment)
        } catch {
            throw CommandError.failedToStart(arguments, String(describing: error))
        }
        var streams = [PipeReader(child.output, limit: limit), PipeReader(child.errors, limit: limit)]
        defer { for stream in streams { close(stream.descriptor) } }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let clock = ContinuousClock()
        let limitAt = clock.now + timeout
        var timedOut = false
        var killedAt: ContinuousClock.Instant?
        var status: Int32?
        var exitedAt: ContinuousClock.Instant?

        while true {
            if status == nil {
                status = child.exitStatus(wait: false)
                if status != nil { exitedAt = clock.now }
            }
            if status != nil, !streams.contains(where: \.isOpen) { break }
            let now = clock.now
            // Ended, but something it started (a server it launched) still holds a pipe: what the
            // command printed is complete; keep reading a moment for what is in flight, no longer.
            if let exitedAt, now >= exitedAt + Self.afterExit { break }
            if !timedOut, now >= limitAt {
                timedOut = true
                child.signal(SIGTERM)
            }
            if timedOut, killedAt == nil, now >= limitAt + .seconds(1) {
                killedAt = now
                child.signal(SIGKILL)
            }
            if let killedAt, now >= killedAt + .seconds(1) { break }
            let next = !timedOut ? limitAt : (killedAt.map { $0 + .seconds(1) } ?? limitAt + .seconds(1))
            var wait: Duration = max(.zero, next - now)
            if let exitedAt { wait = min(wait, max(.zero, exitedAt + Self.afterExit - now)) }
            // Still running with its pipes closed: look again for its end soon.
            if status == nil { wait = min(wait, .milliseconds(20)) }
            var descriptors = streams.filter(\.isOpen).map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            if descriptors.isEmpty {
                usleep(useconds_t(Self.milliseconds(wait)) * 1000)
                continue
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), Self.milliseconds(wait))
            guard ready > 0 else { continue }
            for descriptor in descriptors where descriptor.revents != 0 {
                if let index = streams.firstIndex(where: { $0.descriptor == descriptor.fd }) { streams[index].readAvailable() }
            }
        }
        if status == nil {
            child.signal(SIGKILL)
            status = child.exitStatus(wait: true)
        }
        if timedOut { throw CommandError.timedOut(arguments, seconds: seconds) }
        return CommandResult(status: status ?? -1,
                             output: String(decoding: streams[0].data, as: UTF8.self),
                             errorOutput: String(decoding: streams[1].data, as: UTF8.self))
    }
}

extension ProcessRunner {
    /// How long pipes are still read after the command ended while a descendant holds them open.
    static let afterExit: Duration = .seconds(2)

    /// A poll(2) wait: rounded up, at least 1 ms and at most a second.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(min(max(total, 1), 1000))
    }
}

/// One pipe read as it fills, keeping at most `limit` bytes but draining the rest so the child never blocks.
struct PipeReader {
    let descriptor: Int32
    let limit: Int
    var data = Data()
    var isOpen = true

    init(_ descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    mutating func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            if data.count < limit { data.append(contentsOf: buffer[0 ..< min(count, limit - data.count)]) }
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            isOpen = false
        }
    }
}
