import Foundation

/// Where the answers to visible prompts come from (the logbook's fields): standard input, or lines
/// given in advance in tests.
public protocol LineInput: Sendable {
    /// Whether standard input is a terminal a prompt can be shown on.
    var isTerminal: Bool { get }
    /// Shows the prompt on standard error and reads one line; nil at the end of input.
    func readLine(prompt: String) -> String?
}

struct StandardLineInput: LineInput {
    var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    func readLine(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        return Swift.readLine(strippingNewline: true)
    }
}

/// Lines given in advance, for tests.
public final class FixedLineInput: LineInput, @unchecked Sendable {
    public let isTerminal: Bool
    private var lines: [String]
    private let lock = NSLock()
    public private(set) var prompts: [String] = []

    public init(_ lines: [String], isTerminal: Bool = true) {
        self.lines = lines
        self.isTerminal = isTerminal
    }

    public func readLine(prompt: String) -> String? {
        lock.withLock {
            prompts.append(prompt)
            return lines.isEmpty ? nil : lines.removeFirst()
        }
    }
}
