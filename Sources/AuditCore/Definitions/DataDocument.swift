import Foundation

/// A problem in a data file that travels with the checks (a guide, a catalogue), located to its line and column.
public struct DataFileError: Error, LocalizedError, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var errorDescription: String? { "\(file):\(line):\(column): \(message)" }
}

/// Reading a data file (`data: <kind>`, `version: 1`, then its own keys) through `Parameters`, every
/// problem located in the file, with readers for the bilingual texts such files hold.
public enum DataDocument {
    public static let idPattern = try! NSRegularExpression(pattern: "^[a-z0-9]+(-[a-z0-9]+)*$")

    /// Runs `body` on the file's top-level mapping, turning any problem into a `DataFileError`.
    public static func read<T>(_ file: CheckDataFile, kind: String, keys: [String], _ body: (Parameters) throws -> T) throws -> T {
        do {
            let top = try Parameters(yaml: file.text)
            guard top.isMapping else {
                throw DataFileError(file: file.path, line: top.line ?? 1, column: top.column ?? 1,
                                                message: "expected a mapping with 'version: 1' and 'data: \(kind)'")
            }
            try top.allowOnly(["version", "data"] + keys)
            guard try top.int("version") == 1 else { throw top.problem("version", "unsupported version; this hygiene reads version 1") }
            guard try top.string("data") == kind else { throw top.problem("data", "expected 'data: \(kind)'") }
            return try body(top)
        } catch let problem as Parameters.Problem {
            throw located(problem, in: file.path)
        } catch let error as DataFileError {
            throw error
        } catch {
            if let diagnostic = CheckLoader.yamlDiagnostic(error, file: file.path) {
                throw DataFileError(file: file.path, line: diagnostic.line, column: diagnostic.column, message: diagnostic.message)
            }
            throw DataFileError(file: file.path, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
    }

    /// A `Parameters` problem as a located error; `params.` (which these files have no key for) left out.
    public static func located(_ problem: Parameters.Problem, in path: String) -> DataFileError {
        let message = problem.message.hasPrefix("params.") ? String(problem.message.dropFirst("params.".count)) : problem.message
        return DataFileError(file: path, line: problem.line ?? 1, column: problem.column ?? 1, message: message)
    }

    /// `{en: …, nl: …}`, both non-empty.
    public static func text(_ p: Parameters, _ key: String) throws -> LocalizedText {
        let texts = try p.mapping(key)
        try texts.allowOnly(["en", "nl"])
        let en = try texts.string("en").trimmingCharacters(in: .whitespacesAndNewlines)
        let nl = try texts.string("nl").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !en.isEmpty else { throw texts.problem("en", "must be a non-empty text") }
        guard !nl.isEmpty else { throw texts.problem("nl", "must be a non-empty text") }
        return LocalizedText(en: en, nl: nl)
    }

    /// Like `text`, keeping the lines as written (the letter).
    public static func block(_ p: Parameters, _ key: String) throws -> LocalizedText {
        let texts = try p.mapping(key)
        try texts.allowOnly(["en", "nl"])
        let en = try texts.string("en"), nl = try texts.string("nl")
        guard !en.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw texts.problem("en", "must be a non-empty text") }
        guard !nl.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw texts.problem("nl", "must be a non-empty text") }
        return LocalizedText(en: en.trimmingCharacters(in: .newlines), nl: nl.trimmingCharacters(in: .newlines))
    }

    /// A non-empty list of `{en: …, nl: …}` items.
    public static func texts(_ p: Parameters, _ key: String) throws -> [LocalizedText] {
        let items = try p.list(key) { item in
            try item.allowOnly(["en", "nl"])
            let en = try item.string("en").trimmingCharacters(in: .whitespacesAndNewlines)
            let nl = try item.string("nl").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !en.isEmpty, !nl.isEmpty else { throw item.problem(en.isEmpty ? "en" : "nl", "must be a non-empty text") }
            return LocalizedText(en: en, nl: nl)
        }
        guard !items.isEmpty else { throw p.problem(key, "needs at least one item") }
        return items
    }

    /// `{en: [step, …], nl: [step, …]}`: non-empty steps, as many in Dutch as in English (step n in one
    /// language is step n in the other).
    public static func steps(_ p: Parameters, _ key: String) throws -> LocalizedSteps {
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

    public static func identifier(_ p: Parameters, _ key: String = "id") throws -> String {
        let id = try p.string(key)
        guard idPattern.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil else {
            throw p.problem(key, "'\(id)' must be lowercase words and digits joined by dashes")
        }
        return id
    }
}
