import AuditCore
import Foundation

/// The process's standard input. Reads byte by byte so that nothing after the line is consumed.
struct StandardSecretInput: SecretInput {
    var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    func readLine(prompt: String?) -> [UInt8]? {
        var saved = termios()
        var hidden = false
        if let prompt, isTerminal, tcgetattr(STDIN_FILENO, &saved) == 0 {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            hidden = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0
            FileHandle.standardError.write(Data(prompt.utf8))
        }
        defer {
            if hidden {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return line.isEmpty ? nil : line }
            if byte == 10 { break }
            line.append(byte)
        }
        if line.last == 13 { line.removeLast() }
        return line
    }
}

/// Lines given in advance, for tests: as if typed on a terminal or piped in.
public final class FixedSecretInput: SecretInput, @unchecked Sendable {
    public let isTerminal: Bool
    private var lines: [[UInt8]]
    private let lock = NSLock()
    /// The prompts shown, in order.
    public private(set) var prompts: [String] = []

    public init(_ lines: [String], isTerminal: Bool = false) {
        self.lines = lines.map { Array($0.utf8) }
        self.isTerminal = isTerminal
    }

    public func readLine(prompt: String?) -> [UInt8]? {
        lock.withLock {
            if let prompt, isTerminal { prompts.append(prompt) }
            return lines.isEmpty ? nil : lines.removeFirst()
        }
    }
}
