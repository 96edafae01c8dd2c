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
            title = try GuideReader.text(top, "title")
            intro = try GuideReader.text(top, "intro")
            var ids = Set<String>()
            sections = try top.list("sections") { s in
                try s.allowOnly(["id", "title", "steps"])
                let id = try GuideReader.identifier(s)
                guard ids.insert(id).inserted else { throw s.problem("id", "the section id '\(id)' is used twice") }
                return Section(id: id, title: try GuideReader.text(s, "title"), steps: try GuideReader.steps(s, "steps"))
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

/// Reading the guide through AuditCore's `Parameters`, every problem located in the file.
enum GuideReader {
    static let idPattern = try! NSRegularExpression(pattern: "^[a-z0-9]+(-[a-z0-9]+)*$")

    /// Runs `body` on the file's top-level mapping (which must say `data: <kind>` and `version: 1`),
    /// turning any problem into `PhoneGuideError.invalidData`.
    static func read(_ file: CheckDataFile, kind: String, keys: [String], _ body: (Parameters) throws -> Void) throws {
        do {
            let top = try Parameters(yaml: file.text)
            guard top.isMapping else {
                throw PhoneGuideError.invalidData(file: file.path, line: top.line ?? 1, column: top.column ?? 1,
                                                  message: "expected a mapping with 'data: \(kind)' and 'version: 1'")
            }
            try top.allowOnly(["data", "version"] + keys)
            guard try top.string("data") == kind else { throw top.problem("data", "expected 'data: \(kind)'") }
            guard try top.int("version") == 1 else { throw top.problem("version", "unsupported version; this hygiene reads version 1") }
            try body(top)
        } catch let problem as Parameters.Problem {
            throw located(problem, in: file.path)
        } catch let error as PhoneGuideError {
            throw error
        } catch {
            if let diagnostic = CheckLoader.yamlDiagnostic(error, file: file.path) {
                throw PhoneGuideError.invalidData(file: file.path, line: diagnostic.line, column: diagnostic.column, message: diagnostic.message)
            }
            throw PhoneGuideError.invalidData(file: file.path, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
    }

    /// A `Parameters` problem as a located error, without the `params.` prefix (the file has no such key).
    static func located(_ problem: Parameters.Problem, in path: String) -> PhoneGuideError {
        let message = problem.message.hasPrefix("params.") ? String(problem.message.dropFirst("params.".count)) : problem.message
        return .invalidData(file: path, line: problem.line ?? 1, column: problem.column ?? 1, message: message)
    }

    /// `{en: …, nl: …}`, both non-empty.
    static func text(_ p: Parameters, _ key: String) throws -> LocalizedText {
        let texts = try p.mapping(key)
        try texts.allowOnly(["en", "nl"])
        let en = try texts.string("en").trimmingCharacters(in: .whitespacesAndNewlines)
        let nl = try texts.string("nl").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !en.isEmpty else { throw texts.problem("en", "must be a non-empty text") }
        guard !nl.isEmpty else { throw texts.problem("nl", "must be a non-empty text") }
        return LocalizedText(en: en, nl: nl)
    }

    /// `{en: [step, …], nl: [step, …]}`: non-empty steps, as many in Dutch as in English (step n in one
    /// language is step n in the other).
    static func steps(_ p: Parameters, _ key: String) throws -> LocalizedSteps {
        let lists = try p.mapping(key)
        try lists.allowOnly(["en", "nl"])
        func read(_ language: String) throws -> [String] {
            let steps = try lists.strings(language) { step in
                let trimmed = step.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { throw Parameters.Problem(message: "a step must be a non-empty text") }
                return trimmed
            }
            guard !steps.isEmpty else { throw lists.problem(language, "needs at least one step") }
            return steps
        }
        let en = try read("en"), nl = try read("nl")
        guard en.count == nl.count else {
            throw lists.problem("nl", "has \(nl.count) step\(nl.count == 1 ? "" : "s") but en has \(en.count); every step needs both languages")
        }
        return LocalizedSteps(en: en, nl: nl)
    }

    static func identifier(_ p: Parameters, _ key: String = "id") throws -> String {
        let id = try p.string(key)
        guard idPattern.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil else {
            throw p.problem(key, "'\(id)' must be lowercase words and digits joined by dashes")
        }
        return id
    }
}
