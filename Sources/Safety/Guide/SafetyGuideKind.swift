import AuditCore
import Foundation

/// The safety family's data, and its one line in an audit. `hygiene safety` reads the risk questions,
/// helplines, helper's guide and stop letter through this check (so a user's own checks folder can
/// bring its own), and an audit whose configuration names the situation lists it as an item to review
/// that points to `hygiene safety`. The answers are never part of an audit: the check judges nothing,
/// and its informational finding costs no points.
public struct SafetyGuideKind: CheckKind {
    public static let description = KindDescription(
        identifier: "safety-guide",
        family: "safety",
        summary: "Carries the risk questions, helplines, helper's guide and stop letter of 'hygiene safety', and points to it in an audit when the configuration names the situation.",
        parameters: [
            ParameterSpec("risk", required: true, "the risk questions (data: safety-risk), relative to the check file"),
            ParameterSpec("helplines", required: true, "the helplines by country (data: safety-helplines)"),
            ParameterSpec("helper", required: true, "the guide for helpers (data: safety-helper)"),
            ParameterSpec("letter", required: true, "the stop letter and how to send it (data: safety-letter)"),
        ],
        examples: examples)

    /// The input the configuration's `situation` gives (`stalking` or `breakup`).
    public static let situationInput = "situation"

    let risk: CheckDataFile
    let helplines: CheckDataFile
    let helper: CheckDataFile
    let letter: CheckDataFile

    public init(parameters: Parameters) throws {
        risk = try parameters.dataFile("risk")
        helplines = try parameters.dataFile("helplines")
        helper = try parameters.dataFile("helper")
        letter = try parameters.dataFile("letter")
    }

    /// The four files read and checked against each other, once per process.
    public func guidance() throws -> SafetyGuidance {
        try GuidanceCache.shared.guidance(risk: risk, helplines: helplines, helper: helper, letter: letter)
    }

    public func validateData() throws { _ = try guidance() }

    public func run(in context: CheckContext) async throws -> CheckOutcome {
        // The shipped check asks for the situation in its `when`; a user's own guide check may not, and
        // without a situation this says so rather than claim one.
        guard let named = context.inputs[Self.situationInput].first.flatMap(Situation.init(rawValue:)) else {
            return .skipped(reason: LocalizedText(
                en: "no situation is set: with 'situation: stalking' or 'situation: breakup' in the configuration the audit points to 'hygiene safety'",
                nl: "er is geen situatie ingesteld: met 'situation: stalking' of 'situation: breakup' in de configuratie wijst de controle naar 'hygiene safety'"))
        }
        let guidance = try guidance()
        let count = guidance.risk.questions.filter { !$0.acute }.count
        let breakup = named == .breakup
        let situation = breakup ? LocalizedText(en: "a breakup", nl: "een relatiebreuk") : LocalizedText(en: "stalking", nl: "stalking")
        return .failed([FindingDraft(
            key: "risk-questions",
            detail: LocalizedText(
                en: "Your configuration says you are dealing with \(situation.en). 'hygiene safety' goes through \(count) questions about the person (an ex-partner, threats, weapons, stalking that gets worse) and shows which answers raise the risk, what to do next and whom to call. It is guidance, not a score, and nothing is stored unless you ask.",
                nl: "Je configuratie zegt dat je te maken hebt met \(situation.nl). 'hygiene safety' loopt \(count) vragen over de persoon langs (een ex-partner, bedreigingen, wapens, stalking die erger wordt) en laat zien welke antwoorden het risico verhogen, wat je nu kunt doen en wie je kunt bellen. Het is een hulpmiddel, geen score, en er wordt niets bewaard tenzij je erom vraagt."),
            severity: .info)])
    }
}

/// The guidance, read once per process.
final class GuidanceCache: @unchecked Sendable {
    static let shared = GuidanceCache()
    private let lock = NSLock()
    private var cached: [String: SafetyGuidance] = [:]

    func guidance(risk: CheckDataFile, helplines: CheckDataFile, helper: CheckDataFile, letter: CheckDataFile) throws -> SafetyGuidance {
        let key = [risk, helplines, helper, letter].map { "\($0.path)\u{0}\($0.text)" }.joined(separator: "\u{1}")
        lock.lock()
        defer { lock.unlock() }
        if let found = cached[key] { return found }
        let guidance = try SafetyGuidance(risk: risk, helplines: helplines, helper: helper, letter: letter)
        cached[key] = guidance
        return guidance
    }
}
