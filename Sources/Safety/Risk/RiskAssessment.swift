import AuditCore
import Foundation

/// The result of the risk questions: guidance, never a diagnosis or a score. Which answers raise the
/// risk and why, the emergency when an acute question is answered yes, and what to do next in the
/// user's country.
public struct RiskAssessment: Sendable, RenderableDocument {
    public var catalog: RiskCatalog
    public var answers: RiskAnswers
    public var country: CountryHelplines
    public var helplines: HelplineDirectory
    public var generatedAt: Date

    public init(guidance: SafetyGuidance, answers: RiskAnswers, country: Country, generatedAt: Date) {
        catalog = guidance.risk
        self.answers = answers
        self.country = guidance.helplines.helplines(for: country)
        helplines = guidance.helplines
        self.generatedAt = generatedAt
    }

    /// The acute questions answered yes: any one of them puts the emergency first.
    public var acute: [RiskQuestion] { catalog.questions.filter { $0.acute && answers[$0.id] == .yes } }
    public var isAcute: Bool { !acute.isEmpty }
    /// Every question answered yes, in the order asked.
    public var raised: [RiskQuestion] { catalog.questions.filter { answers[$0.id] == .yes } }
    /// The questions not answered, or answered "don't know"; not those about danger right now, which
    /// cannot be answered later.
    public var open: [RiskQuestion] { catalog.questions.filter { !$0.acute && answers[$0.id] == .unknown } }
    public var nextSteps: [NextStep] { catalog.nextSteps.filter { $0.applies(to: country.country, answers: answers.answers) } }

    static let title = LocalizedText(en: "Risk check: stalking", nl: "Risicocheck: stalking")
    static let notADiagnosis = LocalizedText(
        en: "This is guidance, not a diagnosis and not a score. It shows which of your answers make the situation more dangerous, and what you can do next. You know the person best: trust your own judgement, and talk it through with someone who helps you.",
        nl: "Dit is een hulpmiddel, geen diagnose en geen score. Het laat zien welke van je antwoorden de situatie gevaarlijker maken, en wat je nu kunt doen. Jij kent de persoon het best: vertrouw op je eigen oordeel, en bespreek het met iemand die je helpt.")
    static let raisedTitle = LocalizedText(en: "What raises the risk", nl: "Wat het risico verhoogt")
    static let noneRaised = LocalizedText(
        en: "None of your answers points to a higher risk by these questions. That does not mean you are safe: if you are afraid, take that seriously and talk to one of the helplines below.",
        nl: "Geen van je antwoorden wijst volgens deze vragen op een hoger risico. Dat betekent niet dat je veilig bent: ben je bang, neem dat dan serieus en praat met een van de hulplijnen hieronder.")
    static let openTitle = LocalizedText(en: "Left open", nl: "Open gelaten")
    static let openIntro = LocalizedText(en: "You can answer these later, or go through them with someone who helps you.",
                                         nl: "Deze kun je later beantwoorden, of samen doorlopen met iemand die je helpt.")
    static let nextTitle = LocalizedText(en: "What you can do next", nl: "Wat je nu kunt doen")

    static func helplinesTitle(_ country: CountryHelplines) -> LocalizedText {
        LocalizedText(en: "Whom to call in \(country.name.en)", nl: "Wie je kunt bellen in \(country.name.nl)")
    }

    /// The line under the title: the date and the country, with how to see the other one.
    var meta: LocalizedText {
        let stamp = generatedAt.reportStamp
        let others = Country.allCases.filter { $0 != country.country }.map { helplines.helplines(for: $0) }
        return LocalizedText(
            en: "\(stamp) · helplines of \(country.name.en)" + others.map { " (--country \($0.country.rawValue) for \($0.name.en))" }.joined(),
            nl: "\(stamp) · hulplijnen van \(country.name.nl)" + others.map { " (--country \($0.country.rawValue) voor \($0.name.nl))" }.joined())
    }

    public var document: Document {
        var sections: [Document.Section] = []
        let yes = raised
        sections.append(Document.Section(
            id: "raised", title: Self.raisedTitle, intro: yes.isEmpty ? Self.noneRaised : nil,
            items: yes.map { Document.Item(title: $0.question, detail: $0.yes) }))
        if !open.isEmpty {
            sections.append(Document.Section(id: "open", title: Self.openTitle, intro: Self.openIntro,
                                                     items: open.map { Document.Item(title: $0.question) }))
        }
        sections.append(Document.Section(
            id: "next", title: Self.nextTitle,
            items: nextSteps.map { step in
                Document.Item(title: step.title, detail: step.detail,
                                      extra: step.helplines.compactMap { helplines.helpline(id: $0) }.map(Self.reach))
            }, style: .numbered))
        sections.append(SafetyGuidance.helplineSection(country))
        var emergency: Document.Alert?
        if isAcute {
            emergency = Document.Alert(
                style: .emergency, title: catalog.emergency.title,
                because: acute.map { LocalizedText(en: "You answered yes: \($0.question.en)", nl: "Je antwoordde ja: \($0.question.nl)") },
                steps: catalog.emergency.steps, number: catalog.emergency.number)
        }
        return Document(alert: emergency, title: Self.title, meta: meta, intro: [Self.notADiagnosis], sections: sections)
    }

    static func reach(_ line: Helpline) -> LocalizedText {
        // A telephone for a number, an arrow for a web address: a phone icon before a URL misleads.
        let mark = line.number != nil ? "☎ " : "→ "
        return LocalizedText(en: mark + line.reach(.en), nl: mark + line.reach(.nl))
    }

    // MARK: JSON, schema hygiene-safety-risk/1

    /// With the emergency, when there is one, put before every other key.
    struct JSONDocument: Encodable {
        var schema = "hygiene-safety-risk/1"
        var generatedAt: String
        var answeredAt: String?
        var language: String
        var country: String
        var guidance: String
        var raised: [JSONRaised]
        var answers: [JSONAnswer]
        var nextSteps: [JSONStep]
        var helplines: [SafetyGuidance.JSONHelpline]
    }
    /// `number` first (the keys are sorted); `questions`: the acute questions answered yes.
    struct JSONEmergency: Encodable { var number: String; var questions: [String]; var steps: [String]; var title: String }
    struct JSONRaised: Encodable { var id: String; var question: String; var why: String; var acute: Bool }
    struct JSONAnswer: Encodable { var id: String; var question: String; var answer: String; var acute: Bool }
    struct JSONStep: Encodable { var id: String; var title: String; var detail: String; var helplines: [String] }

    public func json(_ l: Language) throws -> String {
        let iso = ISO8601DateFormatter()
        let emergency = isAcute ? JSONEmergency(number: catalog.emergency.number, questions: acute.map(\.id),
                                                steps: catalog.emergency.steps.map { $0(l) }, title: catalog.emergency.title(l)) : nil
        let document = JSONDocument(
            generatedAt: iso.string(from: generatedAt), answeredAt: answers.answeredAt.map(iso.string(from:)),
            language: l.rawValue, country: country.country.rawValue, guidance: Self.notADiagnosis(l),
            raised: raised.map { JSONRaised(id: $0.id, question: $0.question(l), why: $0.yes(l), acute: $0.acute) },
            answers: catalog.questions.map { JSONAnswer(id: $0.id, question: $0.question(l), answer: answers[$0.id].rawValue, acute: $0.acute) },
            nextSteps: nextSteps.map { JSONStep(id: $0.id, title: $0.title(l), detail: $0.detail(l), helplines: $0.helplines) },
            helplines: country.helplines.map { SafetyGuidance.JSONHelpline($0, l) })
        return try DocumentJSON.encode(document, first: emergency.map { (key: "emergency", value: $0) })
    }
}
