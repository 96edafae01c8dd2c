import AuditCore
import Foundation

/// The risk questions asked one at a time on a terminal, one key per answer. The acute questions come
/// first; a yes to any of them ends the questions at once, so that the emergency is shown without
/// delay. The terminal itself is the command's business: this type only says what to show and what
/// a key does.
public struct RiskInterview: Sendable {
    public enum State: Sendable, Equatable {
        /// Waiting for the answer to the question at this index.
        case asking(Int)
        /// Every question answered, or an acute one answered yes: show the result.
        case finished
        /// Stopped early with `q`: show the result of what was answered.
        case stopped
        /// `x` or Escape: clear the screen, show and keep nothing.
        case quickExit
    }

    public let catalog: RiskCatalog
    public let language: Language
    public private(set) var answers = RiskAnswers()
    public private(set) var state: State = .asking(0)

    public init(catalog: RiskCatalog, language: Language) {
        self.catalog = catalog
        self.language = language
    }

    public var isDone: Bool { if case .asking = state { false } else { true } }

    /// What a key does to the question shown.
    @discardableResult
    public mutating func press(_ key: UInt8) -> State {
        guard case .asking(let index) = state else { return state }
        let question = catalog.questions[index]
        switch key {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "j"), UInt8(ascii: "J"):
            answers.answers[question.id] = .yes
            state = question.acute ? .finished : advance(from: index)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            answers.answers[question.id] = .no
            state = advance(from: index)
        case UInt8(ascii: "u"), UInt8(ascii: "U"), UInt8(ascii: "w"), UInt8(ascii: "W"), UInt8(ascii: "?"), 10, 13:
            answers.answers[question.id] = .unknown
            state = advance(from: index)
        case UInt8(ascii: "b"), UInt8(ascii: "B"):
            state = .asking(max(0, index - 1))
        case UInt8(ascii: "q"), UInt8(ascii: "Q"):
            state = .stopped
        case UInt8(ascii: "x"), UInt8(ascii: "X"), 27:
            answers = RiskAnswers()
            state = .quickExit
        default:
            break
        }
        return state
    }

    func advance(from index: Int) -> State {
        index + 1 < catalog.questions.count ? .asking(index + 1) : .finished
    }

    /// The screen for the question being asked, fitted to `width`.
    public func screen(width: Int) -> String {
        guard case .asking(let index) = state else { return "" }
        let l = language
        let wrap = TextWrap(width: max(40, min(width, 100)))
        let question = catalog.questions[index]
        let heading = question.acute
            ? LocalizedText(en: "Danger right now — question \(index + 1) of \(catalog.questions.count)",
                            nl: "Gevaar op dit moment — vraag \(index + 1) van \(catalog.questions.count)")
            : LocalizedText(en: "Question \(index + 1) of \(catalog.questions.count)", nl: "Vraag \(index + 1) van \(catalog.questions.count)")
        var lines = [heading(l), wrap.wrap(Self.intro(l), indent: ""), ""]
        lines.append(wrap.wrap(question.question(l), indent: ""))
        lines.append(wrap.wrap(question.explanation(l), indent: "  "))
        if let given = answers.answers[question.id] {
            lines.append("  " + (l == .nl ? "Eerder: " : "Before: ") + given.label(l))
        }
        lines += ["", Self.keys(l), ""]
        return lines.joined(separator: "\n")
    }

    static let intro = LocalizedText(
        en: "These questions show what raises the risk. It is not a test and gives no score; leave any question open with [u].",
        nl: "Deze vragen laten zien wat het risico verhoogt. Het is geen test en geeft geen score; laat een vraag open met [w].")

    static func keys(_ l: Language) -> String {
        l == .nl ? "[j] ja  [n] nee  [w] weet ik niet  [b] terug  [q] stoppen en tonen  [x] snel weg"
            : "[y] yes  [n] no  [u] don't know  [b] back  [q] stop and show  [x] quick exit"
    }
}
