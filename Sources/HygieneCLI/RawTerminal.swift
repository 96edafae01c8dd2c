import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal in raw mode (one key at a time, no echo), restored however the walk ends.
final class RawTerminal {
    private var original = termios()
    private let fd: Int32
    private var active = false

    init?(fd: Int32 = STDIN_FILENO) {
        self.fd = fd
        guard isatty(fd) == 1, tcgetattr(fd, &original) == 0 else { return nil }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        active = true
    }

    /// The next key, or nil at the end of the input.
    func key() -> UInt8? {
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 1 ? byte : nil
    }

    func restore() {
        guard active else { return }
        tcsetattr(fd, TCSANOW, &original)
        active = false
    }

    deinit { restore() }

    /// Clears the screen and the scrollback, so nothing shown stays visible (the quick exit): home, clear
    /// the screen (which many terminals, tmux among them, push into the scrollback), then clear the
    /// scrollback. The other order (3J before 2J) leaves the last screen readable one scroll up.
    static let wipe = "\u{1B}[H\u{1B}[2J\u{1B}[3J"
}
