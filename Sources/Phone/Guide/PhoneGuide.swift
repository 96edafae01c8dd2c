import AuditCore
import Foundation

/// `Checks/phone/guide.yaml`: how to let this computer read an Android phone over USB debugging, and how
/// to close that again afterwards — a title, an intro and sections of ordered steps, in English and Dutch.
/// Every problem in the file is named by its file, line and column.
public struct PhoneGuide: Sendable {
    /// The `data:` value the file must carry.
    public static let dataKind = "phone-guide"

    public struct Section: Sendable, Hashable {
        /// `before`, `enable`, `check`, `afterwards`, `helper` in the shipped guide.
        public var id: String
        public var title: LocalizedText
        /// In the order they are done; as many in Dutch as in English.
        public var steps: LocalizedSteps

        public init(id: String, title: LocalizedText, steps: LocalizedSteps) {
            self.id = id
            self.title = title
            self.steps = steps
        }
    }

    public var title: LocalizedText
    public var intro: LocalizedText
    public var sections: [Section]

    public init(title: LocalizedText, intro: LocalizedText, sections: [Section]) {
        self.title = title
        self.intro = intro
        self.sections = sections
    }

    public init(file: CheckDataFile) throws {
        var title = LocalizedText(en: "", nl: ""), intro = title
        var sections: [Section] = []
        try GuideReader.read(file, kind: Self.dataKind, keys: ["title", "intro", "sections"]) { top in
            title = try DataDocument.text(top, "title")
            intro = try DataDocument.text(top, "intro")
            var ids = Set<String>()
            sections = try top.list("sections") { s in
                try s.allowOnly(["id", "title", "steps"])
                let id = try DataDocument.identifier(s)
                guard ids.insert(id).inserted else { throw s.problem("id", "the section id '\(id)' is used twice") }
                return Section(id: id, title: try DataDocument.text(s, "title"), steps: try DataDocument.steps(s, "steps"))
            }
            guard !sections.isEmpty else { throw top.problem("sections", "needs at least one section") }
        }
        self.title = title
        self.intro = intro
        self.sections = sections
    }

    public func section(_ id: String) -> Section? { sections.first { $0.id == id } }

    /// The guide, or only the sections named by `ids` (in the guide's order), as one document: a numbered
    /// list of steps per section.
    public func document(sections ids: [String]? = nil) -> Document {
        let chosen = ids.map { ids in sections.filter { ids.contains($0.id) } } ?? sections
        return Document(title: title, intro: [intro], sections: chosen.map { section in
            let steps = zip(section.steps.en, section.steps.nl).map { Document.Item(title: LocalizedText(en: $0, nl: $1)) }
            return Document.Section(id: section.id, title: section.title, items: steps, style: .numbered)
        })
    }

    /// Schema `hygiene-phone-guide/1`: the chosen sections and their steps in one language.
    struct JSONDocument: Encodable {
        var schema = "hygiene-phone-guide/1"
        var language: String
        var title: String
        var intro: String
        var sections: [JSONSection]
    }
    struct JSONSection: Encodable { var id: String; var title: String; var steps: [String] }

    /// The guide, or only the sections named by `ids`, in `format`.
    public func render(_ format: OutputFormat, language l: Language, sections ids: [String]? = nil, color: Bool = false,
                       width: Int = 80) throws -> String {
        let document = document(sections: ids)
        guard format == .json else { return DocumentRenderer.render(document, format: format, language: l, color: color, width: width) }
        let chosen = ids.map { ids in sections.filter { ids.contains($0.id) } } ?? sections
        return try DocumentJSON.encode(JSONDocument(
            language: l.rawValue, title: title(l), intro: intro(l),
            sections: chosen.map { JSONSection(id: $0.id, title: $0.title(l), steps: $0.steps(l)) }))
    }
}

/// A problem in the guide's file, located to its line and column.
public enum PhoneGuideError: Error, LocalizedError, Sendable, Equatable {
    case invalidData(file: String, line: Int, column: Int, message: String)
    /// The shipped checks hold no `Checks/phone/guide.yaml`.
    case missing(path: String)

    public var errorDescription: String? {
        switch self {
        case .invalidData(let file, let line, let column, let message): "\(file):\(line):\(column): \(message)"
        case .missing(let path): "the phone guide \(path) is not among the shipped check files"
        }
    }
}

/// The guide is read by AuditCore's `DataDocument`; its located problems become `PhoneGuideError.invalidData`.
enum GuideReader {
    static func read(_ file: CheckDataFile, kind: String, keys: [String], _ body: (Parameters) throws -> Void) throws {
        do {
            try DataDocument.read(file, kind: kind, keys: keys, body)
        } catch let error as DataFileError {
            throw PhoneGuideError.invalidData(file: error.file, line: error.line, column: error.column, message: error.message)
        }
    }
}
