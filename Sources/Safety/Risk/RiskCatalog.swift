import AuditCore
import Foundation

/// One risk question: what it asks, what it is about, and why a yes raises the risk.
public struct RiskQuestion: Sendable, Hashable {
    /// Stable: answers files and saved answers use it.
    public var id: String
    public var question: LocalizedText
    public var explanation: LocalizedText
    /// Why a yes raises the risk, in plain words.
    public var yes: LocalizedText
    /// Danger right now: a yes puts the emergency number before anything else.
    public var acute: Bool
}

/// What to do in acute danger, shown first in every format.
public struct Emergency: Sendable, Hashable {
    public var number: String
    public var title: LocalizedText
    public var steps: [LocalizedText]
}

/// Something to do next, for some countries and some answers.
public struct NextStep: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var detail: LocalizedText
    /// Empty: every country.
    public var countries: [Country]
    /// Shown only when one of these questions is answered yes; empty: always.
    public var whenYes: [String]
    /// Helplines (ids of helplines.yaml) shown with the step.
    public var helplines: [String]

    public func applies(to country: Country, answers: [String: Answer]) -> Bool {
        (countries.isEmpty || countries.contains(country)) && (whenYes.isEmpty || whenYes.contains { answers[$0] == .yes })
    }
}

/// `risk.yaml`: the emergency advice, the questions (acute ones first) and the next steps.
public struct RiskCatalog: Sendable {
    public var emergency: Emergency
    /// In the order they are asked: the acute questions first, then the others, each as the file lists them.
    public var questions: [RiskQuestion]
    public var nextSteps: [NextStep]

    /// Reads `risk.yaml`; `helplines` are the ones the next steps may name.
    public init(file: CheckDataFile, helplines: HelplineDirectory) throws {
        var emergency = Emergency(number: "", title: LocalizedText(en: "", nl: ""), steps: [])
        var questions: [RiskQuestion] = [], nextSteps: [NextStep] = []
        try DataReader.read(file, kind: "safety-risk", keys: ["emergency", "questions", "next-steps"]) { top in
            let block = try top.mapping("emergency")
            try block.allowOnly(["number", "title", "steps"])
            let number = try block.string("number")
            guard HelplineDirectory.numberPattern.firstMatch(in: number, range: NSRange(number.startIndex..., in: number)) != nil else {
                throw block.problem("number", "'\(number)' is not a phone number")
            }
            for country in Country.allCases where !helplines.helplines(for: country).helplines.contains(where: { $0.number == number }) {
                throw block.problem("number", "the helplines of '\(country.rawValue)' do not list the emergency number \(number)")
            }
            emergency = Emergency(number: number, title: try DataDocument.text(block, "title"), steps: try DataDocument.texts(block, "steps"))

            var ids = Set<String>()
            let listed = try top.list("questions") { q in
                try q.allowOnly(["id", "question", "explanation", "yes", "acute"])
                let id = try DataDocument.identifier(q)
                guard ids.insert(id).inserted else { throw q.problem("id", "the question id '\(id)' is used twice") }
                guard !RiskAnswers.reservedKeys.contains(id) else {
                    throw q.problem("id", "'\(id)' is a key of the answers file itself; choose another id")
                }
                return RiskQuestion(id: id, question: try DataDocument.text(q, "question"), explanation: try DataDocument.text(q, "explanation"),
                                    yes: try DataDocument.text(q, "yes"), acute: try q.bool("acute", default: false))
            }
            guard listed.contains(where: \.acute) else {
                throw top.problem("questions", "no question is marked 'acute: true', so nothing would put the emergency number first")
            }
            guard listed.contains(where: { !$0.acute }) else { throw top.problem("questions", "every question is marked acute") }
            questions = listed.filter(\.acute) + listed.filter { !$0.acute }

            var stepIDs = Set<String>()
            nextSteps = try top.list("next-steps") { s in
                try s.allowOnly(["id", "title", "detail", "countries", "when-yes", "helplines"])
                let id = try DataDocument.identifier(s)
                guard stepIDs.insert(id).inserted else { throw s.problem("id", "the step id '\(id)' is used twice") }
                let countries = try s.strings("countries", default: []).map { name -> Country in
                    guard let country = Country(rawValue: name) else {
                        throw s.problem("countries", "unknown country '\(name)'; use \(Country.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return country
                }
                let whenYes = try s.strings("when-yes", default: [])
                for question in whenYes where !ids.contains(question) {
                    throw s.problem("when-yes", "'\(question)' is no question of this file")
                }
                let named = try s.strings("helplines", default: [])
                for line in named {
                    guard let country = helplines.country(ofHelpline: line) else {
                        throw s.problem("helplines", "'\(line)' is no helpline of helplines.yaml")
                    }
                    if !countries.isEmpty && !countries.contains(country) {
                        throw s.problem("helplines", "'\(line)' is a helpline of '\(country.rawValue)', which this step is not for")
                    }
                    if countries.isEmpty {
                        throw s.problem("helplines", "a step for every country cannot name the helpline '\(line)' of one; give 'countries'")
                    }
                }
                return NextStep(id: id, title: try DataDocument.text(s, "title"), detail: try DataDocument.text(s, "detail"),
                                countries: countries, whenYes: whenYes, helplines: named)
            }
            guard !nextSteps.isEmpty else { throw top.problem("next-steps", "needs at least one step") }
        }
        self.emergency = emergency
        self.questions = questions
        self.nextSteps = nextSteps
    }

    public func question(id: String) -> RiskQuestion? { questions.first { $0.id == id } }
}
