import AuditCore
import Foundation
import Reset
#if canImport(Glibc)
import Glibc
#endif

/// The interactive walk through the plan on a terminal: one step at a time, done / skip / later /
/// back / quit, saved as it goes, and a quick exit that clears the screen and its scrollback.
struct ResetWalk {
    var session: ResetSession
    var terminal: RawTerminal
    var output: any OutputSink
    var width: Int

    static var wipe: String { RawTerminal.wipe }

    enum Outcome { case finished, quit, quickExit }

    /// The command that gives this plan again, for "continue with": the arguments as given, quoted for the shell.
    var command = "hygiene reset"

    func draw(_ text: String) { output.write(Self.wipe + text) }

    func wrap(_ text: String, indent: String = "") -> String { TextWrap(width: width).wrap(text, indent: indent) }

    /// Asks the plan's questions. A number chooses (shown with a tick) and Enter goes on, so a number and
    /// Enter answer one question and never skip the next; Enter alone skips.
    func ask(_ questions: [Question]) -> (Answers, Outcome?) {
        let l = session.language
        var answers: Answers = [:]
        var last: UInt8 = 0
        for question in questions {
            var chosen = Set<String>()
            while true {
                var screen = [wrap(ResetText.questionIntro(l)), "", wrap(question.text(l)), ""]
                for (index, choice) in question.choices.enumerated() {
                    screen.append("  \(index + 1). \(AnswerText.label(choice, l))\(chosen.contains(choice) ? "  ✓" : "")")
                }
                screen += ["", question.multiple ? ResetText.pickMany(l) : ResetText.pick(l), ResetText.quickExit(l), ""]
                draw(screen.joined(separator: "\n"))
                guard let key = terminal.key() else { return (answers, .quit) }
                defer { last = key }
                if key == WalkAction.x || key == WalkAction.escape { return (answers, .quickExit) }
                // A terminal that sends CR LF for Enter (and does not turn CR into LF): the LF belongs to the same Enter.
                if key == 10 && last == 13 { continue }
                if key == 10 || key == 13 { break }
                if key >= UInt8(ascii: "1"), key <= UInt8(ascii: "9") {
                    let index = Int(key - UInt8(ascii: "1"))
                    guard index < question.choices.count else { continue }
                    let choice = question.choices[index]
                    if question.multiple {
                        if chosen.contains(choice) { chosen.remove(choice) } else { chosen.insert(choice) }
                    } else {
                        chosen = [choice]
                    }
                }
            }
            if !chosen.isEmpty { answers[question.id] = chosen }
        }
        return (answers, nil)
    }

    /// Walks the steps from the first one still to do, tier by tier: where the user is in the tier, and
    /// at the end of a tier what it achieved, with the offer to stop there.
    mutating func walk() throws -> Outcome {
        let l = session.language
        var steps = session.plan.steps
        let tiers = session.plan.tiers
        guard var current = steps.firstIndex(where: { $0.status == .todo }) else {
            draw(wrap(ResetText.finished(l)) + "\n")
            return .finished
        }
        let actions = WalkAction.keys[l] ?? [:]
        while true {
            let step = steps[current]
            let inTier = steps.indices.filter { steps[$0].tier == step.tier }
            let number = (inTier.firstIndex(of: current) ?? 0) + 1
            let minutes = inTier.reduce(0) { steps[$1].status == .todo ? $0 + steps[$1].minutes : $0 }
            let done = inTier.filter { steps[$0].status == .done }.count, skipped = inTier.filter { steps[$0].status == .skipped }.count
            let tierName = tiers[step.tier]?.title(l) ?? ResetText.allSteps(l)
            var screen = [ResetText.position(l, ["tier": tierName, "number": "\(number)", "total": "\(inTier.count)", "minutes": "\(minutes)"])
                          + " — " + ResetText.positionDone(l, ["done": "\(done)", "skipped": "\(skipped)"]), "", wrap(step.heading(l)), ""]
            screen.append(wrap(step.detail(l), indent: "  "))
            if let url = step.url { screen.append("  " + url) }
            if step.careful { screen.append(wrap(ResetText.careful(l), indent: "  ")) }
            if step.evidence { screen.append(wrap(ResetText.evidence(l), indent: "  ")) }
            screen += ["", wrap(ResetText.whyHere(l) + step.why(l), indent: "  ")]
            if let tierWhy = step.tierWhy { screen.append(wrap(tierWhy(l), indent: "  ")) }
            screen += ["", ResetText.keys(l), ""]
            draw(screen.joined(separator: "\n"))
            guard let key = terminal.key() else { return .quit }
            switch actions[key] {
            case .done?, .skip?:
                let status: StepStatus = actions[key] == .skip ? .skipped : .done
                try session.store.setProgress(plan: ResetSession.planName, step: step.id, status: status.rawValue, at: session.environment.now())
                steps[current].status = status
                guard let next = nextTodo(steps, after: current) else {
                    draw(wrap(ResetText.finished(l)) + "\n")
                    return .finished
                }
                // The end of a tier: what it achieved, and the offer to stop here.
                if !steps.contains(where: { $0.tier == step.tier && $0.status == .todo }), steps[next].tier != step.tier, let texts = tiers[step.tier] {
                    switch tierComplete(step.tier, texts, next: steps[next].tier, steps: steps) {
                    case .quit?:
                        output.write(Self.wipe + wrap(ResetText.tierStopped(l, ["tier": texts.title(l)])) + "\n" + ResetText.saved(l, ["command": command]) + "\n")
                        return .quit
                    case .quickExit?:
                        output.write(Self.wipe)
                        return .quickExit
                    default: break
                    }
                }
                current = next
            case .later?:
                current = nextTodo(steps, after: current) ?? current
            case .back?:
                current = max(0, current - 1)
            case .quit?:
                // Not wrapped: the command is copied as one line.
                output.write(Self.wipe + ResetText.saved(l, ["command": command]) + "\n")
                return .quit
            case .quickExit?:
                output.write(Self.wipe)
                return .quickExit
            case nil:
                continue
            }
        }
    }

    /// The screen at the end of a tier; nil to go on.
    func tierComplete(_ tier: PlanTier, _ texts: TierRules.Texts, next: PlanTier, steps: [PlanStep]) -> Outcome? {
        let l = session.language
        let coming = steps.filter { $0.tier == next && $0.status == .todo }
        var screen = [wrap(ResetText.tierComplete(l, ["tier": texts.title(l), "achieved": texts.achieved(l)])), ""]
        if let nextTexts = session.plan.tiers[next] {
            screen.append(wrap(ResetText.tierNext(l, ["tier": nextTexts.title(l), "count": "\(coming.count)",
                                                      "minutes": "\(coming.reduce(0) { $0 + $1.minutes })", "about": nextTexts.about(l)])))
        }
        screen += ["", ResetText.tierKeys(l), ""]
        draw(screen.joined(separator: "\n"))
        while true {
            guard let key = terminal.key() else { return .quit }
            if key == 10 || key == 13 { return nil }
            if key == WalkAction.stop[l] { return .quit }
            if key == WalkAction.x || key == WalkAction.escape { return .quickExit }
        }
    }

    /// The next step still to do after `index`, wrapping around to the ones left for later.
    func nextTodo(_ steps: [PlanStep], after index: Int) -> Int? {
        let order = Array(steps.indices[(index + 1)...]) + Array(steps.indices[...index])
        return order.first { steps[$0].status == .todo && $0 != index } ?? (steps[index].status == .todo ? index : nil)
    }
}
