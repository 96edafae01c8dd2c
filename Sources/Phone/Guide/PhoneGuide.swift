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

    /// What the guide is shown as.
    public enum Format: String, CaseIterable, Sendable {
        case text, markdown
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

    /// The guide, or only the sections named by `ids` (in the guide's order), as text or Markdown.
    public func render(_ format: Format, language: Language, sections ids: [String]? = nil, color: Bool = false, width: Int = 80) -> String {
        let chosen = ids.map { ids in sections.filter { ids.contains($0.id) } } ?? sections
        switch format {
        case .text: return text(chosen, language, color: color, width: width)
        case .markdown: return markdown(chosen, language)
        }
    }

    // MARK: text

    /// The title, the intro and each section under its title, its steps numbered and wrapped to `width`.
    func text(_ sections: [Section], _ l: Language, color: Bool, width: Int) -> String {
        let width = max(40, min(width, 120))
        let wrap = TextWrap(width: width)
        func paint(_ text: String, _ codes: String) -> String { color ? "\u{1B}[\(codes)m\(text)\u{1B}[0m" : text }
        let rule = String(repeating: "─", count: width)
        var out: [String] = [paint(title(l), "1"), wrap.wrap(intro(l), first: "", rest: "")]
        for section in sections {
            out.append("")
            out.append(paint(section.title(l), "1"))
            out.append(paint(rule, "2"))
            let steps = section.steps(l)
            let digits = String(steps.count).count
            for (index, step) in steps.enumerated() {
                let number = String(index + 1)
                let mark = String(repeating: " ", count: digits - number.count) + number + ". "
                out.append(wrap.wrap(step, first: mark, rest: String(repeating: " ", count: mark.count)))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    /// `#` title, the intro, a `##` heading per section and its steps as a numbered list.
    func markdown(_ sections: [Section], _ l: Language) -> String {
        let e = MarkdownRenderer.escape
        var out = ["# \(e(title(l)))", "", e(intro(l)), ""]
        for section in sections {
            out.append("## \(e(section.title(l)))")
            out.append("")
            for (index, step) in section.steps(l).enumerated() { out.append("\(index + 1). \(e(step))") }
            out.append("")
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
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
