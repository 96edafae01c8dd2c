import AuditCore
import Foundation

/// Everything `hygiene safety` shows, read from the four data files a `safety-guide` check names:
/// the risk questions, the helplines, the helper's guide and the stop letter. The files are read
/// together so that what one names in another (a next step's helplines, the emergency number in every
/// country) is checked too.
public struct SafetyGuidance: Sendable {
    public var risk: RiskCatalog
    public var helplines: HelplineDirectory
    public var helper: HelperGuide
    public var letter: StopLetter

    public init(risk: CheckDataFile, helplines: CheckDataFile, helper: CheckDataFile, letter: CheckDataFile) throws {
        self.helplines = try HelplineDirectory(file: helplines)
        self.risk = try RiskCatalog(file: risk, helplines: self.helplines)
        self.helper = try HelperGuide(file: helper)
        self.letter = try StopLetter(file: letter)
    }

    /// A country's helplines in full: name and number, what for, cost, hours, anonymity, site, note.
    static func helplineSection(_ country: CountryHelplines) -> Document.Section {
        Document.Section(
            id: "helplines", title: RiskAssessment.helplinesTitle(country),
            items: country.helplines.map { line in
                var extra = [LocalizedText(en: line.terms(.en), nl: line.terms(.nl))]
                if let web = line.web, line.number != nil { extra.append(.verbatim(web)) }
                if let note = line.note { extra.append(note) }
                return Document.Item(title: LocalizedText(en: line.reach(.en), nl: line.reach(.nl)), detail: line.purpose, extra: extra)
            })
    }

    struct JSONHelpline: Encodable {
        var id: String
        var name: String
        var number: String?
        var web: String?
        var purpose: String
        var cost: String
        var hours: String
        var anonymous: String
        var note: String?

        init(_ line: Helpline, _ l: Language) {
            id = line.id
            name = line.name(l)
            number = line.number
            web = line.web
            purpose = line.purpose(l)
            cost = line.cost(l)
            hours = line.hours(l)
            anonymous = line.anonymous.rawValue
            note = line.note?(l)
        }

        enum CodingKeys: String, CodingKey { case id, name, number, web, purpose = "for", cost, hours, anonymous, note }
    }

    /// The helplines of one country on their own.
    public func helplinesDocument(_ country: Country) -> Document {
        let entry = helplines.helplines(for: country)
        return Document(title: RiskAssessment.helplinesTitle(entry),
                        sections: [Self.helplineSection(entry)])
    }
}

/// `helper.yaml`: the guide for a friend, a relative or a professional.
public struct HelperGuide: Sendable {
    public struct Section: Sendable {
        public var id: String
        public var title: LocalizedText
        public var items: [LocalizedText]
    }

    public var title: LocalizedText
    public var intro: LocalizedText
    public var sections: [Section]

    public init(file: CheckDataFile) throws {
        var title = LocalizedText(en: "", nl: ""), intro = title
        var sections: [Section] = []
        try DataReader.read(file, kind: "safety-helper", keys: ["title", "intro", "sections"]) { top in
            title = try DataDocument.text(top, "title")
            intro = try DataDocument.text(top, "intro")
            var ids = Set<String>()
            sections = try top.list("sections") { s in
                try s.allowOnly(["id", "title", "items"])
                let id = try DataDocument.identifier(s)
                guard ids.insert(id).inserted else { throw s.problem("id", "the section id '\(id)' is used twice") }
                return Section(id: id, title: try DataDocument.text(s, "title"), items: try DataDocument.texts(s, "items"))
            }
            guard !sections.isEmpty else { throw top.problem("sections", "needs at least one section") }
        }
        self.title = title
        self.intro = intro
        self.sections = sections
    }

    /// The guide with the country's helplines at the end.
    public func document(helplines: CountryHelplines) -> Document {
        let sections = self.sections.map { section in
            Document.Section(id: section.id, title: section.title, items: section.items.map { Document.Item(title: $0) })
        }
        return Document(title: title, intro: [intro],
                        sections: sections + [SafetyGuidance.helplineSection(helplines)])
    }

    struct JSONDocument: Encodable {
        var schema = "hygiene-safety-helper/1"
        var language: String
        var country: String
        var title: String
        var intro: String
        var sections: [JSONSection]
        var helplines: [SafetyGuidance.JSONHelpline]
    }
    struct JSONSection: Encodable { var id: String; var title: String; var items: [String] }

    public func render(_ format: OutputFormat, helplines: CountryHelplines, language l: Language, color: Bool = false, width: Int = 80) throws -> String {
        guard format == .json else {
            return DocumentRenderer.render(document(helplines: helplines), format: format, language: l, color: color, width: width)
        }
        return try DocumentJSON.encode(JSONDocument(
            language: l.rawValue, country: helplines.country.rawValue, title: title(l), intro: intro(l),
            sections: sections.map { JSONSection(id: $0.id, title: $0.title(l), items: $0.items.map { $0(l) }) },
            helplines: helplines.helplines.map { SafetyGuidance.JSONHelpline($0, l) }))
    }
}

/// `letter.yaml`: a stop letter to adapt by hand, and how to send it.
public struct StopLetter: Sendable, RenderableDocument {
    public var title: LocalizedText
    public var intro: LocalizedText
    /// As written, line breaks included.
    public var letter: LocalizedText
    public var advice: [LocalizedText]

    public init(file: CheckDataFile) throws {
        var title = LocalizedText(en: "", nl: ""), intro = title, letter = title
        var advice: [LocalizedText] = []
        try DataReader.read(file, kind: "safety-letter", keys: ["title", "intro", "letter", "advice"]) { top in
            title = try DataDocument.text(top, "title")
            intro = try DataDocument.text(top, "intro")
            letter = try DataDocument.block(top, "letter")
            advice = try DataDocument.texts(top, "advice")
        }
        self.title = title
        self.intro = intro
        self.letter = letter
        self.advice = advice
    }

    static let letterTitle = LocalizedText(en: "The letter", nl: "De brief")
    static let adviceTitle = LocalizedText(en: "How to send it", nl: "Hoe je hem verstuurt")

    public var document: Document {
        Document(title: title, intro: [intro], sections: [
            Document.Section(id: "letter", title: Self.letterTitle, verbatim: letter),
            Document.Section(id: "advice", title: Self.adviceTitle, items: advice.map { Document.Item(title: $0) }),
        ])
    }

    struct JSONDocument: Encodable {
        var schema = "hygiene-safety-letter/1"
        var language: String
        var title: String
        var intro: String
        var letter: String
        var advice: [String]
    }

    public func json(_ l: Language) throws -> String {
        try DocumentJSON.encode(JSONDocument(language: l.rawValue, title: title(l), intro: intro(l), letter: letter(l),
                                             advice: advice.map { $0(l) }))
    }
}
