import AuditCore
import Foundation

/// A file a check needed and could not read, and why. Every one is said in the report: a check with
/// such a file never passes.
struct ReadProblem: Sendable {
    var path: String
    var reason: LocalizedText
}

/// What one run of an access check gathers: its findings, what it could not read, and what it did read.
struct Gathering: Sendable {
    var drafts: [FindingDraft] = []
    var problems: [ReadProblem] = []
    /// Items looked at (profiles, accounts, devices), for the evidence of a pass.
    var looked = 0
    /// Items skipped because the user marked them as known.
    var known = 0

    mutating func problem(_ path: String, _ reason: LocalizedText) { problems.append(ReadProblem(path: path, reason: reason)) }

    /// The outcome: findings (with one low finding per unreadable file), an error naming every file
    /// that could not be read when nothing else was found, or a pass with `evidence`.
    func outcome(_ host: Machine, homes: AuditedHomes, evidence: LocalizedText) throws -> CheckOutcome {
        let unread = problems.map { problem in
            LocalizedText(en: "\(host.display(problem.path)): \(problem.reason.en)", nl: "\(host.display(problem.path)): \(problem.reason.nl)")
        }
        if drafts.isEmpty && !problems.isEmpty {
            throw NotJudged(LocalizedText(
                en: "Not judged, because some files could not be read: " + unread.map(\.en).joined(separator: "; ") + ". Nothing else was found.",
                nl: "Niet beoordeeld, omdat sommige bestanden niet te lezen waren: " + unread.map(\.nl).joined(separator: "; ") + ". Verder is niets gevonden."))
        }
        if drafts.isEmpty {
            let knownNote = known == 0 ? LocalizedText(en: "", nl: "")
                : LocalizedText(en: "; \(known) marked as known", nl: "; \(known) als bekend aangemerkt")
            return .passed(evidence: LocalizedText(en: "\(evidence.en)\(knownNote.en) (\(homes.scope.en))",
                                                   nl: "\(evidence.nl)\(knownNote.nl) (\(homes.scope.nl))"))
        }
        var all = drafts
        for (problem, text) in zip(problems, unread) {
            all.append(FindingDraft(
                key: "unread:\(problem.path)",
                title: LocalizedText(en: "A file could not be read", nl: "Een bestand was niet te lezen"),
                detail: LocalizedText(en: "\(text.en). What it holds was not checked.", nl: "\(text.nl). Wat erin staat is niet gecontroleerd."),
                subjects: [Subject(host.display(problem.path), [.init("file", host.display(problem.path))])],
                severity: .low))
        }
        return .failed(all)
    }
}

extension Machine {
    /// The file's bytes, or nil when it does not exist; a file that exists but cannot be read is
    /// added to `gathering` and returns nil.
    func data(_ path: String, into gathering: inout Gathering) -> Data? {
        do {
            return try data(path)
        } catch let skip as SkipCheck {
            gathering.problem(path, skip.reason)
        } catch {
            gathering.problem(path, LocalizedText(en: "cannot be read (\(error.localizedDescription))",
                                                  nl: "is niet te lezen (\(error.localizedDescription))"))
        }
        return nil
    }

    func text(_ path: String, into gathering: inout Gathering) -> String? {
        data(path, into: &gathering).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A JSON file's top-level object; nil when the file does not exist. A file that is not a JSON
    /// object (broken, cut off, too large to read whole) is added to `gathering`.
    func jsonObject(_ path: String, into gathering: inout Gathering) -> [String: Any]? {
        guard let data = data(path, into: &gathering) else { return nil }
        if data.count >= readLimit {
            gathering.problem(path, LocalizedText(en: "is larger than \(readLimit >> 20) MB and was not read",
                                                  nl: "is groter dan \(readLimit >> 20) MB en is niet gelezen"))
            return nil
        }
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                gathering.problem(path, LocalizedText(en: "is JSON but not an object", nl: "is JSON maar geen object"))
                return nil
            }
            return object
        } catch {
            let position = JSONPosition.describe(error, in: data)
            gathering.problem(path, LocalizedText(en: "is not valid JSON\(position.en)", nl: "is geen geldige JSON\(position.nl)"))
            return nil
        }
    }

    /// Paths matching `pattern`; a folder on the way that cannot be listed is added to `gathering`.
    func glob(_ pattern: String, into gathering: inout Gathering) -> [String] {
        do {
            return try glob(pattern)
        } catch let skip as SkipCheck {
            gathering.problem(pattern, skip.reason)
        } catch {
            gathering.problem(pattern, LocalizedText(en: "cannot be listed", nl: "is niet te doorzoeken"))
        }
        return []
    }
}

/// Where in a JSON file the parser stopped, as "line L, column C" worked out from the byte offset
/// Foundation reports.
enum JSONPosition {
    static func describe(_ error: Error, in data: Data) -> LocalizedText {
        let text = "\(error) \((error as NSError).userInfo)"
        var offset: Int?
        for marker in ["character ", "offset "] {
            if let range = text.range(of: marker) {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let number = Int(digits) { offset = number; break }
            }
        }
        guard let offset else {
            return data.isEmpty ? LocalizedText(en: " (the file is empty)", nl: " (het bestand is leeg)")
                : LocalizedText(en: " (it may be cut off or damaged)", nl: " (het is misschien afgebroken of beschadigd)")
        }
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == 10 { line += 1; column = 1 } else { column += 1 }
        }
        return LocalizedText(en: " (at line \(line), column \(column))", nl: " (op regel \(line), kolom \(column))")
    }
}

/// A value inside decoded JSON by a dotted path (`google.services.account_id`).
func jsonValue(_ object: Any?, _ path: String) -> Any? {
    var current = object
    for part in path.split(separator: ".") {
        guard let dictionary = current as? [String: Any] else { return nil }
        current = dictionary[String(part)]
    }
    return current
}

func jsonString(_ object: Any?, _ path: String) -> String? {
    guard let value = jsonValue(object, path) else { return nil }
    if let string = value as? String { return string.isEmpty ? nil : string }
    return nil
}

func jsonBool(_ object: Any?, _ path: String) -> Bool? {
    guard let value = jsonValue(object, path) else { return nil }
    if let number = value as? NSNumber { return number.boolValue }
    return nil
}

func jsonInt(_ object: Any?, _ path: String) -> Int? {
    guard let value = jsonValue(object, path) else { return nil }
    if let number = value as? NSNumber { return number.intValue }
    if let string = value as? String { return Int(string) }
    return nil
}
