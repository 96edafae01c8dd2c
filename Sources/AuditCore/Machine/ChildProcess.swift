import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command started with posix_spawn in a process group of its own, standard input from /dev/null and
/// standard output and error on pipes of its own. Foundation's `Process` is not used here: on Linux it
/// reports a child as running for as long as any descendant lives, so a child that left a daemon behind
/// could hold a time limit hostage.
struct ChildProcess {
    let pid: pid_t
    let output: Int32
    let errors: Int32

    enum Failure: Error, CustomStringConvertible {
        case pipe(Int32)
        case spawn(Int32)

        var description: String {
            switch self {
            case .pipe(let code): "no pipe: " + String(cString: strerror(code))
            case .spawn(let code): String(cString: strerror(code)).lowercased()
            }
        }
    }

    static func spawn(executable: String, arguments: [String], environment: [String: String]) throws -> ChildProcess {
        var outputPipe: [Int32] = [-1, -1], errorPipe: [Int32] = [-1, -1]
        guard makePipe(&outputPipe) == 0 else { throw Failure.pipe(errno) }
        guard makePipe(&errorPipe) == 0 else {
            let code = errno
            close(outputPipe[0]); close(outputPipe[1])
            throw Failure.pipe(code)
        }
        defer { close(outputPipe[1]); close(errorPipe[1]) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        closeTheRest(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(outputPipe[0]); close(errorPipe[0])
            throw Failure.spawn(status)
        }
        return ChildProcess(pid: pid, output: outputPipe[0], errors: errorPipe[0])
    }

    /// A pipe whose ends are closed on exec from the start (pipe2, a GNU call Swift's Glibc module
    /// leaves out), so no other thread's child inherits them; plain pipe and fcntl where it is missing.
    private static func makePipe(_ ends: inout [Int32]) -> Int32 {
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") {
            return ends.withUnsafeMutableBufferPointer { unsafeBitCast(symbol, to: Pipe2.self)($0.baseAddress!, O_CLOEXEC) }
        }
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return 0
    }

    /// Descriptors another thread opened without close-on-exec are not the child's business; glibc 2.34
    /// and later can close them all in the child (looked up at run time, it is a GNU extension).
    private static func closeTheRest(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    /// Signals the child's whole process group, and the child itself should it have left it.
    func signal(_ signal: Int32) {
        kill(-pid, signal)
        kill(pid, signal)
    }

    /// The exit status once the child has ended (128 + the signal when a signal ended it), or nil.
    func exitStatus(wait: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, wait ? 0 : WNOHANG)
            if result == -1, errno == EINTR { continue }
            guard result == pid else { return result == -1 ? -1 : nil }
            break
        }
        let signalled = status & 0x7f
        return signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
    }
}
