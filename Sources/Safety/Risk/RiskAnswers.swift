import AuditCore
import Foundation

/// An answer to a risk question.
public enum Answer: String, CaseIterable, Sendable, Codable {
    case yes, no, unknown

    /// The words an answers file may use: English, Dutch, and YAML's true and false.
    static let words: [String: Answer] = [
        "yes": .yes, "ja": .yes, "true": .yes,
        "no": .no, "nee": .no, "false": .no,
        "unknown": .unknown, "onbekend": .unknown, "don't know": .unknown, "weet ik niet": .unknown, "weet niet": .unknown,
        "niet bekend": .unknown,
    ]

    public var label: LocalizedText {
        switch self {
        case .yes: LocalizedText(en: "yes", nl: "ja")
        case .no: LocalizedText(en: "no", nl: "nee")
        case .unknown: LocalizedText(en: "don't know", nl: "weet ik niet")
        }
    }
}

/// Answers to the risk questions: every question is `unknown` until answered.
public struct RiskAnswers: Sendable, Hashable {
    public var answers: [String: Answer]
    /// When the answers were given, for answers read back from a saved file.
    public var answeredAt: Date?

    /// Keys an answers file may hold besides question ids: `version: 1` and `answered: <date>`, as
    /// `--save` writes them.
    public static let reservedKeys: Set<String> = ["version", "answered"]

    public init(_ answers: [String: Answer] = [:], answeredAt: Date? = nil) {
        self.answers = answers
        self.answeredAt = answeredAt
    }

    public subscript(id: String) -> Answer { answers[id] ?? .unknown }

    /// Reads an answers file: a mapping of question ids to yes, no or unknown (`ja`, `nee`, `onbekend`
    /// too); a question left out, or with nothing after its colon, is unknown. Every problem names the
    /// file, line and column.
    public static func parse(_ text: String, path: String, catalog: RiskCatalog) throws -> RiskAnswers {
        func fail(_ line: Int?, _ column: Int?, _ message: LocalizedText) -> GuidanceError {
            .invalidAnswers(file: path, line: line ?? 1, column: column ?? 1, message: message)
        }
        let top: Parameters
        do {
            top = try Parameters(yaml: text)
        } catch {
            let diagnostic = CheckLoader.yamlDiagnostic(error, file: path)
            throw fail(diagnostic?.line, diagnostic?.column,
                       diagnostic.map { LocalizedText(en: $0.message, nl: $0.dutch ?? $0.message) }
                           ?? LocalizedText(en: "not valid YAML: \(error)", nl: "geen geldige YAML: \(error)"))
        }
        // An empty file (or one with only comments) answers nothing.
        guard top.line != nil else { return RiskAnswers() }
        guard top.isMapping else {
            throw fail(top.line, top.column, LocalizedText(
                en: "expected a mapping of question ids to yes, no or unknown, one per line (escalating: yes)",
                nl: "verwacht per regel een vraag en een antwoord: ja, nee of weet ik niet (escalating: ja)"))
        }
        let ids = catalog.questions.map(\.id)
        var result = RiskAnswers()
        do {
            try top.allowOnly(ids + reservedKeys.sorted())
        } catch let problem as Parameters.Problem {
            let key = problem.message.split(separator: "'").dropFirst().first.map(String.init) ?? "?"
            throw fail(problem.line, problem.column, LocalizedText(
                en: "unknown question '\(key)'; the questions are \(ids.joined(separator: ", "))",
                nl: "onbekende vraag '\(key)'; de vragen heten \(ids.joined(separator: ", "))"))
        }
        for key in top.keys {
            do {
                switch key {
                case "version":
                    guard try top.int("version") == 1 else {
                        throw Localized(problem: top.problem("version", "unsupported version; this hygiene reads version 1"),
                                        nl: "onbekende versie; deze hygiene leest versie 1")
                    }
                case "answered":
                    let value = try top.string("answered")
                    guard let date = ISO8601DateFormatter().date(from: value) else {
                        throw Localized(problem: top.problem("answered", "'\(value)' is not a date and time such as 2026-12-02T10:00:00Z"),
                                        nl: "'\(value)' is geen datum en tijd zoals 2026-12-02T10:00:00Z")
                    }
                    result.answeredAt = date
                default:
                    let value = try top.optionalString(key)?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                    if value.isEmpty || value == "~" || value == "null" { continue }
                    guard let answer = Answer.words[value] else {
                        throw Localized(problem: top.problem(key, "'\(value)' is not an answer to '\(key)'; write yes, no or unknown"),
                                        nl: "'\(value)' is geen antwoord op '\(key)'; schrijf ja, nee of weet ik niet")
                    }
                    result.answers[key] = answer
                }
            } catch let localized as Localized {
                throw fail(localized.problem.line, localized.problem.column, LocalizedText(en: localized.problem.message, nl: localized.nl))
            } catch let problem as Parameters.Problem {
                var message = problem.message.hasPrefix("params.") ? String(problem.message.dropFirst("params.".count)) : problem.message
                var dutch = message
                if message.hasSuffix(": expected a text value") {
                    message = "\(key): the answer must be yes, no or unknown, not a list or a mapping"
                    dutch = "\(key): het antwoord moet ja, nee of weet ik niet zijn, geen lijst of tabel"
                }
                throw fail(problem.line, problem.column, LocalizedText(en: message, nl: dutch))
            }
        }
        return result
    }

    /// A located problem with its Dutch words.
    struct Localized: Error {
        var problem: Parameters.Problem
        var nl: String
    }

    /// Reads an answers file from disk (also a pipe or `/dev/null`, which are readable but not regular files).
    public static func read(path: String, catalog: RiskCatalog) throws -> RiskAnswers {
        guard let data = FileManager.default.contents(atPath: path)
                ?? (FileManager.default.isReadableFile(atPath: path) ? FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() : nil) else {
            throw GuidanceError.cannotRead(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw GuidanceError.cannotRead(path: path, reason: "not UTF-8 text") }
        return try parse(text, path: path, catalog: catalog)
    }

    /// The answers as a file `--answers` reads back: `version`, `answered` and every question in order.
    public func yaml(catalog: RiskCatalog, answeredAt date: Date) -> String {
        let stamp = ISO8601DateFormatter().string(from: date)
        var lines = ["# hygiene safety: risk answers of \(stamp). Read them back with 'hygiene safety --answers FILE'.",
                     "version: 1", "answered: \(stamp)"]
        for question in catalog.questions { lines.append("\(question.id): \(self[question.id].rawValue)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
