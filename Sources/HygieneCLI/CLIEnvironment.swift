import AuditCore
import Fetch
import Foundation

/// Where a command writes and what it may touch: the real process by default, a fake in tests.
public struct CLIEnvironment: Sendable {
    public var variables: [String: String]
    public var runner: any CommandRunner
    /// What fetches web pages: libcurl, unless a test says otherwise.
    public var fetcher: any HTTPFetching
    public var now: @Sendable () -> Date
    public var output: any OutputSink
    public var errors: any OutputSink
    /// Whether standard output and standard error are terminals.
    public var outputIsTerminal: Bool
    public var errorsIsTerminal: Bool
    public var terminalWidth: Int
    /// The user id, to know whether protected facts can be read.
    public var isRoot: Bool
    /// The path of the running `hygiene` binary, for the scheduled job.
    public var executablePath: String
    /// Where master passwords are read from.
    public var secretInput: any SecretInput
    /// Where answers to visible prompts are read from.
    public var lineInput: any LineInput

    @TaskLocal public static var current = CLIEnvironment.process

    public static var process: CLIEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return CLIEnvironment(
            variables: variables,
            runner: ProcessRunner(environment: variables),
            fetcher: CurlFetcher(),
            now: { Date() },
            output: FileSink(handle: .standardOutput),
            errors: FileSink(handle: .standardError),
            outputIsTerminal: isatty(STDOUT_FILENO) == 1,
            errorsIsTerminal: isatty(STDERR_FILENO) == 1,
            terminalWidth: Self.width(variables),
            isRoot: geteuid() == 0,
            executablePath: Self.executable(),
            secretInput: StandardSecretInput(),
            lineInput: StandardLineInput())
    }

    public init(variables: [String: String], runner: any CommandRunner, fetcher: any HTTPFetching = CurlFetcher(), now: @escaping @Sendable () -> Date,
                output: any OutputSink, errors: any OutputSink, outputIsTerminal: Bool = false,
                errorsIsTerminal: Bool = false, terminalWidth: Int = 80, isRoot: Bool = false,
                executablePath: String = "/usr/local/bin/hygiene", secretInput: any SecretInput = FixedSecretInput([]),
                lineInput: any LineInput = FixedLineInput([], isTerminal: false)) {
        self.variables = variables
        self.runner = runner
        self.fetcher = fetcher
        self.now = now
        self.output = output
        self.errors = errors
        self.outputIsTerminal = outputIsTerminal
        self.errorsIsTerminal = errorsIsTerminal
        self.terminalWidth = terminalWidth
        self.isRoot = isRoot
        self.executablePath = executablePath
        self.secretInput = secretInput
        self.lineInput = lineInput
    }

    static func width(_ variables: [String: String]) -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return variables["COLUMNS"].flatMap(Int.init) ?? 80
    }

    static func executable() -> String {
        let argument = CommandLine.arguments.first ?? "hygiene"
        if let resolved = realpath(argument, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return argument
    }

    /// Colour on a terminal only, never with `NO_COLOR` or a dumb terminal.
    var useColor: Bool {
        outputIsTerminal && (variables["NO_COLOR"] ?? "").isEmpty && variables["TERM"] != "dumb"
    }

    var home: String { variables["HOME"] ?? NSHomeDirectory() }

    /// `$XDG_DATA_HOME/hygiene/state.sqlite`.
    var statePath: String {
        let base = variables["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return base + "/hygiene/state.sqlite"
    }

    /// `$XDG_CACHE_HOME/hygiene`: what is worked out from the machine's public files (built word
    /// lists), kept between runs; `hygiene forget` removes it with the history.
    var cacheDirectory: String {
        (variables["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.cache") + "/hygiene"
    }

    /// `$XDG_DATA_HOME/hygiene/evidence`: the evidence logbook's default place (never removed by `forget`).
    var evidenceStore: String {
        (variables["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share") + "/hygiene/evidence"
    }

    var configHome: String {
        variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
    }

    func say(_ text: String) { output.write(text.hasSuffix("\n") ? text : text + "\n") }
    func warn(_ text: String) { errors.write(text.hasSuffix("\n") ? text : text + "\n") }
}

/// A place text goes to.
public protocol OutputSink: Sendable {
    func write(_ text: String)
}

public struct FileSink: OutputSink {
    let handle: FileHandle
    public init(handle: FileHandle) { self.handle = handle }
    public func write(_ text: String) { try? Self.write(text, to: handle) }

    /// Writes the text's UTF-8 bytes in place, a block at a time: a report of several megabytes is not
    /// copied into a `Data` first.
    static func write(_ text: String, to handle: FileHandle) throws {
        var text = text
        try text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let count = min(1 << 16, bytes.count - offset)
                try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base + offset), count: count, deallocator: .none))
                offset += count
            }
        }
    }

    /// Writes the text to a file atomically (a temporary file beside it, renamed over it). A path that
    /// is there but is no regular file (`/dev/null`, a pipe, a link) is written to in place: renaming
    /// over it would put a file where the device, pipe or link was (as root, in place of /dev/null).
    static func write(_ text: String, toFile path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            defer { try? handle.close() }
            if info.st_mode & S_IFMT == S_IFLNK { try? handle.truncate(atOffset: 0) }
            do {
                try write(text, to: handle)
            } catch {
                throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            let folder = url.deletingLastPathComponent().path
            throw CLIError.cannotWrite(path: path, reason: FileManager.default.fileExists(atPath: folder) ? "permission denied" : "no such folder \(folder)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try write(text, to: handle)
            guard rename(temporary.path, path) == 0 else { throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        } catch let error as CLIError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            // A full disk or a file system that went away: every command says so the same way.
            try? FileManager.default.removeItem(at: temporary)
            throw CLIError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}

/// Collects what is written, for tests.
public final class BufferSink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    public init() {}
    public func write(_ text: String) { lock.withLock { buffer += text } }
    public var text: String { lock.withLock { buffer } }
}
