import AuditCore
import Foundation
import Reset
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
}

/// The interactive walk through the plan on a terminal: one step at a time, done / skip / later /
/// back / quit, saved as it goes, and a quick exit that clears the screen and its scrollback.
struct ResetWalk {
    var session: ResetSession
    var terminal: RawTerminal
    var output: any OutputSink
    var width: Int

    /// Clears the screen and the scrollback, so nothing of the plan stays visible: home, clear the screen
    /// (which many terminals, tmux among them, push into the scrollback), then clear the scrollback.
    /// The other order (3J before 2J) leaves the last screen readable one scroll up.
    static let wipe = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    enum Outcome { case finished, quit, quickExit }

    struct Words {
        let l: Language
        var keys: String {
            l == .nl ? "[d] klaar  [s] overslaan  [l] later  [b] terug  [q] stoppen  [x] snel weg"
                : "[d] done  [s] skip  [l] later  [b] back  [q] quit  [x] quick exit"
        }
        func position(_ number: Int, _ total: Int, _ done: Int) -> String {
            l == .nl ? "Stap \(number) van \(total) — \(done) klaar" : "Step \(number) of \(total) — \(done) done"
        }
        var finished: String { l == .nl ? "Alle stappen zijn gedaan of overgeslagen. Goed gedaan." : "Every step is done or skipped. Well done." }
        var saved: String { l == .nl ? "Je voortgang is bewaard. Ga verder met: hygiene reset" : "Your progress is saved. Continue with: hygiene reset" }
        var question: String { l == .nl ? "Een paar vragen, zodat het plan bij je past. Elke vraag kun je overslaan met Enter." : "A few questions so the plan fits you. Press Enter to skip any of them." }
        var pick: String { l == .nl ? "Kies een nummer, of Enter om over te slaan" : "Choose a number, or Enter to skip" }
        var pickMany: String { l == .nl ? "Kies nummers, Enter als je klaar bent" : "Choose numbers, Enter when done" }
    }

    func draw(_ text: String) { output.write(Self.wipe + text) }

    func wrap(_ text: String, indent: String = "") -> String { TextWrap(width: width).wrap(text, indent: indent) }

    /// Asks the plan's questions; nil when the walk should stop (quick exit).
    func ask(_ questions: [Question]) -> (Answers, Outcome?) {
        let words = Words(l: session.language)
        var answers: Answers = [:]
        for question in questions {
            var chosen = Set<String>()
            while true {
                var screen = [wrap(words.question), "", wrap(question.text(session.language)), ""]
                for (index, choice) in question.choices.enumerated() {
                    screen.append("  \(index + 1). \(choice)\(chosen.contains(choice) ? "  ✓" : "")")
                }
                screen += ["", question.multiple ? words.pickMany : words.pick, "[x] " + (session.language == .nl ? "snel weg" : "quick exit"), ""]
                draw(screen.joined(separator: "\n"))
                guard let key = terminal.key() else { return (answers, .quit) }
                if key == UInt8(ascii: "x") || key == 27 { return (answers, .quickExit) }
                if key == 10 || key == 13 { break }
                if key >= UInt8(ascii: "1"), key <= UInt8(ascii: "9") {
                    let index = Int(key - UInt8(ascii: "1"))
                    guard index < question.choices.count else { continue }
                    let choice = question.choices[index]
                    if question.multiple {
                        if chosen.contains(choice) { chosen.remove(choice) } else { chosen.insert(choice) }
                    } else {
                        chosen = [choice]
                        break
                    }
                }
            }
            if !chosen.isEmpty { answers[question.id] = chosen }
        }
        return (answers, nil)
    }

    /// Walks the steps from the first one still to do.
    mutating func walk() throws -> Outcome {
        let words = Words(l: session.language)
        let l = session.language
        var steps = session.plan.steps
        guard var current = steps.firstIndex(where: { $0.status == .todo }) else {
            draw(wrap(words.finished) + "\n")
            return .finished
        }
        while true {
            let step = steps[current]
            let done = steps.filter { $0.status != .todo }.count
            var screen = [words.position(current + 1, steps.count, done), "", wrap(step.heading(l)), ""]
            screen.append(wrap(step.detail(l), indent: "  "))
            if let url = step.url { screen.append("  " + url) }
            if step.careful { screen.append(wrap("⚠ " + (l == .nl ? "Let op: je ex kan dit merken." : "Careful: your ex may notice this."), indent: "  ")) }
            if step.evidence { screen.append(wrap("" + (l == .nl ? "Eerst bewijs: maak een screenshot voordat je iets verandert." : "Evidence first: take a screenshot before you change anything."), indent: "  ")) }
            screen += ["", wrap((l == .nl ? "Waarom hier: " : "Why here: ") + step.why(l), indent: "  "), "", words.keys, ""]
            draw(screen.joined(separator: "\n"))
            guard let key = terminal.key() else { return .quit }
            switch key {
            case UInt8(ascii: "d"), UInt8(ascii: "k"), UInt8(ascii: "s"):
                let status: StepStatus = key == UInt8(ascii: "s") ? .skipped : .done
                try session.store.setProgress(plan: ResetSession.planName, step: step.id, status: status.rawValue, at: session.environment.now())
                steps[current].status = status
                guard let next = nextTodo(steps, after: current) else {
                    draw(wrap(words.finished) + "\n")
                    return .finished
                }
                current = next
            case UInt8(ascii: "l"), UInt8(ascii: " "):
                current = nextTodo(steps, after: current) ?? current
            case UInt8(ascii: "b"):
                current = max(0, current - 1)
            case UInt8(ascii: "q"):
                output.write(Self.wipe + words.saved + "\n")
                return .quit
            case UInt8(ascii: "x"), 27:
                output.write(Self.wipe)
                return .quickExit
            default:
                continue
            }
        }
    }

    /// The next step still to do after `index`, wrapping around to the ones left for later.
    func nextTodo(_ steps: [PlanStep], after index: Int) -> Int? {
        let order = Array(steps.indices[(index + 1)...]) + Array(steps.indices[...index])
        return order.first { steps[$0].status == .todo && $0 != index } ?? (steps[index].status == .todo ? index : nil)
    }
}
