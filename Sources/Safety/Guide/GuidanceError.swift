import AuditCore
import Foundation

/// What can go wrong with the safety guidance: its data files (risk questions, helplines, the helper's
/// guide, the letter), an answers file, or the folder the answers are saved in. Every problem in a file
/// names the file, line and column.
public enum GuidanceError: Error, LocalizedError, Sendable, Equatable {
    /// A data file under `Checks/safety/` (or a user's own) that does not read.
    case invalidData(file: String, line: Int, column: Int, message: String)
    /// An answers file (`--answers FILE`) with a bad question id, answer or syntax.
    case invalidAnswers(file: String, line: Int, column: Int, message: String)
    case cannotRead(path: String, reason: String)
    case cannotSave(path: String, reason: String)
    /// No check of kind `safety-guide` is loaded, so there is no data to show.
    case noGuide

    public var errorDescription: String? {
        switch self {
        case .invalidData(let file, let line, let column, let message),
             .invalidAnswers(let file, let line, let column, let message):
            "\(file):\(line):\(column): \(message)"
        case .cannotRead(let path, let reason): "\(path): cannot read: \(reason)"
        case .cannotSave(let path, let reason): "\(path): cannot save the answers: \(reason)"
        case .noGuide: "no check of kind safety-guide is loaded, so there are no risk questions or helplines to show (Checks/safety/safety.yaml defines one)"
        }
    }
}

/// Reading the safety data files through AuditCore's `Parameters`, every problem located in the file.
enum DataReader {
    static let idPattern = try! NSRegularExpression(pattern: "^[a-z0-9]+(-[a-z0-9]+)*$")

    /// Runs `body` on the file's top-level mapping, turning any problem into `GuidanceError.invalidData`.
    static func read<T>(_ file: CheckDataFile, kind: String, keys: [String], _ body: (Parameters) throws -> T) throws -> T {
        do {
            let top = try Parameters(yaml: file.text)
            guard top.isMapping else {
                throw GuidanceError.invalidData(file: file.path, line: top.line ?? 1, column: top.column ?? 1,
                                                message: "expected a mapping with 'version: 1' and 'data: \(kind)'")
            }
            try top.allowOnly(["version", "data"] + keys)
            guard try top.int("version") == 1 else { throw top.problem("version", "unsupported version; this hygiene reads version 1") }
            guard try top.string("data") == kind else { throw top.problem("data", "expected 'data: \(kind)'") }
            return try body(top)
        } catch let problem as Parameters.Problem {
            throw located(problem, in: file.path)
        } catch let error as GuidanceError {
            throw error
        } catch {
            if let diagnostic = CheckLoader.yamlDiagnostic(error, file: file.path) {
                throw GuidanceError.invalidData(file: file.path, line: diagnostic.line, column: diagnostic.column, message: diagnostic.message)
            }
            throw GuidanceError.invalidData(file: file.path, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
    }

    /// A `Parameters` problem as a located error; `params.` (which these files have no key for) left out.
    static func located(_ problem: Parameters.Problem, in path: String) -> GuidanceError {
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

    /// Like `text`, keeping the lines as written (the letter).
    static func block(_ p: Parameters, _ key: String) throws -> LocalizedText {
        let texts = try p.mapping(key)
        try texts.allowOnly(["en", "nl"])
        let en = try texts.string("en"), nl = try texts.string("nl")
        guard !en.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw texts.problem("en", "must be a non-empty text") }
        guard !nl.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw texts.problem("nl", "must be a non-empty text") }
        return LocalizedText(en: en.trimmingCharacters(in: .newlines), nl: nl.trimmingCharacters(in: .newlines))
    }

    /// A non-empty list of `{en: …, nl: …}` items.
    static func texts(_ p: Parameters, _ key: String) throws -> [LocalizedText] {
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

    static func identifier(_ p: Parameters, _ key: String = "id") throws -> String {
        let id = try p.string(key)
        guard idPattern.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil else {
            throw p.problem(key, "'\(id)' must be lowercase words and digits joined by dashes")
        }
        return id
    }
}
