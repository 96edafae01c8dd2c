import Foundation
import Yams

/// A problem in a check file, located to the file, line and column.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The message in Dutch, where a person rather than a check author reads it (configuration, identity,
    /// answers files); nil keeps the English.
    public var dutch: String? = nil

    public var description: String { "\(file):\(line):\(column): \(message)" }

    public init(file: String, line: Int, column: Int, message: String, dutch: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.dutch = dutch
    }

    public init(file: String, line: Int, column: Int, _ message: LocalizedText) {
        self.init(file: file, line: line, column: column, message: message.en, dutch: message.nl)
    }

    /// `file:line:column: message` in every language.
    public var localized: LocalizedText {
        LocalizedText(en: description, nl: "\(file):\(line):\(column): \(dutch ?? message)")
    }
}

public enum CheckLoadError: Error, LocalizedFailure, Sendable {
    case invalid([Diagnostic])
    case unreadable(path: String, reason: String)

    /// A check file's problems stay in English, the language of its keys, for its author; a file or
    /// folder that cannot be read is said in the user's language.
    public var message: LocalizedText {
        switch self {
        case .invalid(let diagnostics):
            .verbatim(diagnostics.map(\.description).joined(separator: "\n"))
        case .unreadable(let path, let reason):
            LocalizedText(en: "\(path): cannot read the check file: \(reason)",
                          nl: "\(path): het controlebestand kan niet worden gelezen: \(SystemReason.text(reason)(.nl))")
        }
    }

    public var diagnostics: [Diagnostic] {
        if case .invalid(let list) = self { return list }
        return []
    }
}

/// Reads check definitions and binds each to its kind, validating everything on the way.
public struct CheckLoader: Sendable {
    public static let supportedVersion = 1
    static let keys = ["id", "kind", "severity", "weight", "effort", "category", "tip", "title", "why",
                       "fix", "caution", "when", "references", "params"]
    static let idPattern = try! NSRegularExpression(pattern: "^[a-z][a-z0-9]*(\\.[a-z0-9][a-z0-9-]*)+$")

    let kinds: [String: any CheckKind.Type]

    public init(kinds: [any CheckKind.Type]) {
        var table: [String: any CheckKind.Type] = [:]
        for kind in kinds { table[kind.description.identifier] = kind }
        self.kinds = table
    }

    /// Whether a file holds check definitions: YAML without a top-level `data:` key whose top level is not
    /// a list. Other files — JSON, CSV, YAML data files (`data: reset-services`, or a list such as the
    /// stalkerware indicators' `ioc.yaml`) and Markdown notices — are data the checks refer to.
    public static func isCheckFile(_ path: String, text: String) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        return !isDataYAML(text)
    }

    /// A top-level `data:` key, or a list at the top level (the first line that is neither blank, a
    /// comment nor a document marker starts with `- `).
    static func isDataYAML(_ text: String) -> Bool {
        // On the bytes, line by line in place: splitting every shipped file into an array of lines
        // at each start-up cost more than a tenth of loading the checks.
        var text = text
        return text.withUTF8 { bytes in
            var first = true
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 10 { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                if line.starts(with: "data:".utf8) { return true }
                guard first else { continue }
                let content = line.drop { $0 == 32 || $0 == 9 || $0 == 13 }
                if content.isEmpty || content.first == UInt8(ascii: "#") || content.starts(with: "---".utf8) || content.starts(with: "%".utf8) { continue }
                first = false
                if line.first == UInt8(ascii: "-") && (line.count == 1 || line.dropFirst().first == 32) { return true }
            }
            return false
        }
    }

    /// Whether an id is lowercase words joined by dots (`^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*)+$`), on the
    /// bytes: NSRegularExpression took a sizeable share of loading the checks.
    static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first, first &- 0x61 < 26 else { return false }
        var index = 1, parts = 0
        while index < bytes.count && (bytes[index] &- 0x61 < 26 || bytes[index] &- 0x30 < 10) { index += 1 }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count,
                  bytes[index + 1] &- 0x61 < 26 || bytes[index + 1] &- 0x30 < 10 else { return false }
            index += 2
            while index < bytes.count && (bytes[index] &- 0x61 < 26 || bytes[index] &- 0x30 < 10 || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            parts += 1
        }
        return parts > 0
    }

    /// Loads files (path for messages, text), all or nothing: every problem in every file is reported.
    /// YAML files hold checks; the others (JSON data, licence notices) are data that checks name.
    public func load(_ files: [(path: String, text: String)]) throws -> [Check] {
        var checks: [Check] = []
        var diagnostics: [Diagnostic] = []
        var firstSeen: [String: SourceLocation] = [:]
        // Each file is told apart once.
        let isCheck = files.map { Self.isCheckFile($0.path, text: $0.text) }
        let data = CheckDataFiles(zip(files, isCheck).filter { !$0.1 }.map(\.0))
        for (file, check) in zip(files, isCheck) where check {
            let (loaded, problems) = loadFile(path: file.path, text: file.text, data: data)
            diagnostics += problems
            for check in loaded {
                if let earlier = firstSeen[check.id] {
                    diagnostics.append(Diagnostic(file: check.source.file, line: check.source.line,
                                                  column: check.source.column,
                                                  message: "duplicate check id '\(check.id)', first defined at \(earlier)"))
                } else {
                    firstSeen[check.id] = check.source
                    checks.append(check)
                }
            }
        }
        // A list in a YAML file is data only when a check names it; otherwise it is a check file gone
        // wrong, which must not be passed over in silence.
        for file in files where (file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml")) && !Self.isCheckFile(file.path, text: file.text)
            && !file.text.utf8.split(separator: 10).contains(where: { $0.starts(with: "data:".utf8) }) && !data.isNamed(file.path) {
            diagnostics.append(Diagnostic(file: file.path, line: 1, column: 1,
                message: "this file holds a list, and no check names it as data; a check file is a mapping with 'version' and 'checks'"))
        }
        if !diagnostics.isEmpty { throw CheckLoadError.invalid(diagnostics) }
        return checks
    }

    /// Loads every `.yaml`/`.yml` file below a folder, with the data files beside them, in path order.
    public func load(directory: String) throws -> [Check] {
        try load(Self.readFiles(in: directory))
    }

    public static func readFiles(in directory: String) throws -> [(path: String, text: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CheckLoadError.unreadable(path: directory, reason: "no such folder")
        }
        let base = URL(fileURLWithPath: directory)
        var paths: [String] = []
        if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where CheckDataFiles.extensions.contains(url.pathExtension) {
                paths.append(url.path)
            }
        }
        return try paths.sorted().map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CheckLoadError.unreadable(path: path, reason: "permission denied or not a file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CheckLoadError.unreadable(path: path, reason: "not UTF-8 text")
            }
            return (path, text)
        }
    }

    func loadFile(path: String, text: String, data: CheckDataFiles = CheckDataFiles()) -> ([Check], [Diagnostic]) {
        func at(_ mark: Mark?, _ message: String) -> Diagnostic {
            Diagnostic(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return ([], [at(nil, "the file is empty")]) }
            root = node
        } catch let error as YamlError {
            return ([], [Self.diagnostic(for: error, file: path)])
        } catch {
            return ([], [at(nil, "not valid YAML: \(error)")])
        }
        guard let top = root.mapping else {
            return ([], [at(root.mark, "expected a mapping with 'version' and 'checks'")])
        }
        var diagnostics: [Diagnostic] = []
        for (key, _) in top where !["version", "checks"].contains(key.string ?? "") {
            diagnostics.append(at(key.mark, "unknown key '\(key.string ?? "?")'; expected 'version' and 'checks'"))
        }
        guard let versionNode = top["version"] else {
            return ([], diagnostics + [at(root.mark, "missing 'version' (this hygiene reads version \(Self.supportedVersion))")])
        }
        guard versionNode.int == Self.supportedVersion else {
            return ([], diagnostics + [at(versionNode.mark,
                "unsupported version '\(versionNode.string ?? "?")'; this hygiene reads version \(Self.supportedVersion)")])
        }
        guard let list = top["checks"]?.sequence else {
            return ([], diagnostics + [at(top["checks"]?.mark ?? root.mark, "expected 'checks' with a list of checks")])
        }
        var checks: [Check] = []
        for entry in list {
            do {
                checks.append(try loadCheck(entry, path: path, data: data))
            } catch let diagnostic as Diagnostic {
                diagnostics.append(diagnostic)
            } catch {
                diagnostics.append(at(entry.mark, "\(error)"))
            }
        }
        return (checks, diagnostics)
    }

    /// A YAML parser error located in `file`, or nil for an error that is not the parser's. For readers
    /// outside the core (answers files, the families' data files) that have no Yams of their own.
    public static func yamlDiagnostic(_ error: any Error, file: String) -> Diagnostic? {
        (error as? YamlError).map { diagnostic(for: $0, file: file) }
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(detail)",
                              dutch: "geen geldige YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(file: file, line: context.mark.line, column: context.mark.column,
                              message: "duplicate key \(duplicates.joined(separator: ", "))",
                              dutch: "dubbele sleutel \(duplicates.joined(separator: ", "))")
        case .reader(let problem, let offset, _, let yaml):
            let prefix = offset.map { String(yaml.utf8.prefix($0)) ?? "" } ?? ""
            let line = prefix.split(separator: "\n", omittingEmptySubsequences: false).count
            return Diagnostic(file: file, line: max(line, 1), column: 1, message: "not readable text: \(problem)",
                              dutch: "geen leesbare tekst: \(problem)")
        default:
            return Diagnostic(file: file, line: 1, column: 1, message: "not valid YAML: \(error)", dutch: "geen geldige YAML: \(error)")
        }
    }

    func loadCheck(_ node: Node, path: String, data: CheckDataFiles) throws -> Check {
        func fail(_ mark: Mark?, _ message: String) -> Diagnostic {
            Diagnostic(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message)
        }
        guard let entry = node.mapping else { throw fail(node.mark, "expected a check (a mapping)") }
        for (key, _) in entry where !Self.keys.contains(key.string ?? "") {
            throw fail(key.mark, "unknown key '\(key.string ?? "?")'; a check has \(Self.keys.joined(separator: ", "))")
        }
        func required(_ key: String) throws -> Node {
            guard let value = entry[key] else { throw fail(node.mark, "missing '\(key)'") }
            return value
        }
        func text(_ key: String) throws -> String {
            let value = try required(key)
            guard value.scalar != nil, let string = value.string, !string.isEmpty else {
                throw fail(value.mark, "'\(key)' must be a non-empty text")
            }
            return string
        }
        func localized(_ key: String) throws -> LocalizedText {
            try Self.localizedText(try required(key), key: key, fail: fail)
        }

        let id = try text("id")
        guard Self.isValidID(id) else {
            throw fail(entry["id"]?.mark, "id '\(id)' must be lowercase words joined by dots, like device.firewall")
        }
        let kindName = try text("kind")
        guard let kind = kinds[kindName] else {
            throw fail(entry["kind"]?.mark,
                       "unknown kind '\(kindName)'; known kinds: \(kinds.keys.sorted().joined(separator: ", "))")
        }
        let severityName = try text("severity")
        guard let severity = Severity(rawValue: severityName) else {
            throw fail(entry["severity"]?.mark,
                       "unknown severity '\(severityName)'; use \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var weight = 5
        if let node = entry["weight"] {
            guard let value = node.int, (1...10).contains(value) else { throw fail(node.mark, "'weight' must be a whole number from 1 to 10") }
            weight = value
        }
        var effort = Effort.minutes
        if let node = entry["effort"] {
            guard let value = node.string.flatMap(Effort.init(rawValue:)) else {
                throw fail(node.mark, "'effort' must be one of \(Effort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            effort = value
        }
        var tip: Int?
        if let node = entry["tip"] {
            guard let value = node.int, (1...8).contains(value) else {
                throw fail(node.mark, "'tip' must name one of the eight prevention tips, 1 to 8")
            }
            tip = value
        }
        let fixNode = try required("fix")
        let fix = try Self.localizedSteps(fixNode, fail: fail)
        let caution = try entry["caution"].map { try Self.localizedText($0, key: "caution", fail: fail) }
        let when = try entry["when"].map { try Self.applicability($0, fail: fail) } ?? Applicability()
        var references: [String] = []
        if let node = entry["references"] {
            guard let items = node.sequence else { throw fail(node.mark, "'references' must be a list of web addresses") }
            references = try items.map { item in
                guard let value = item.string, value.hasPrefix("https://") || value.hasPrefix("http://") else {
                    throw fail(item.mark, "a reference must be a web address starting with https://")
                }
                return value
            }
        }
        let paramsNode = entry["params"]
        if let paramsNode, paramsNode.mapping == nil {
            throw fail(paramsNode.mark, "'params' must be a mapping")
        }
        let parameters = Parameters(node: paramsNode, mark: node.mark, source: path, dataFiles: data)
        let specs = kind.description.parameters
        for (key, _) in paramsNode?.mapping ?? [:] where !specs.contains(where: { $0.name == key.string }) {
            let known = specs.map(\.name).joined(separator: ", ")
            throw fail(key.mark, "unknown parameter '\(key.string ?? "?")' for kind '\(kindName)'; it accepts \(known.isEmpty ? "none" : known)")
        }
        for spec in specs where spec.required && !parameters.has(spec.name) {
            throw fail(paramsNode?.mark ?? node.mark, "kind '\(kindName)' needs the parameter '\(spec.name)': \(spec.summary)")
        }
        let implementation: any CheckKind
        do {
            implementation = try kind.init(parameters: parameters)
        } catch let problem as Parameters.Problem {
            throw Diagnostic(file: path, line: problem.line ?? node.mark?.line ?? 1,
                             column: problem.column ?? node.mark?.column ?? 1, message: problem.message)
        }
        return Check(id: id, kindIdentifier: kindName, family: String(id.split(separator: ".")[0]),
                     severity: severity, weight: weight, effort: effort,
                     category: try entry["category"] == nil ? "general" : text("category"),
                     tip: tip, title: try localized("title"), why: try localized("why"), fix: fix,
                     caution: caution, when: when, references: references,
                     source: SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1),
                     implementation: implementation)
    }

    static func localizedText(_ node: Node, key: String, fail: (Mark?, String) -> Diagnostic) throws -> LocalizedText {
        guard let mapping = node.mapping else { throw fail(node.mark, "'\(key)' must have 'en' and 'nl' texts") }
        for (language, _) in mapping where Language(rawValue: language.string ?? "") == nil {
            throw fail(language.mark, "unknown language '\(language.string ?? "?")' in '\(key)'; use en and nl")
        }
        var texts: [Language: String] = [:]
        for language in Language.allCases {
            guard let value = mapping[language.rawValue] else {
                throw fail(node.mark, "'\(key)' has no '\(language.rawValue)' text; every text needs en and nl")
            }
            guard value.scalar != nil, let string = value.string?.trimmingCharacters(in: .whitespacesAndNewlines),
                  !string.isEmpty else {
                throw fail(value.mark, "'\(key).\(language.rawValue)' must be a non-empty text")
            }
            texts[language] = string
        }
        return LocalizedText(en: texts[.en]!, nl: texts[.nl]!)
    }

    static func localizedSteps(_ node: Node, fail: (Mark?, String) -> Diagnostic) throws -> LocalizedSteps {
        guard let mapping = node.mapping else { throw fail(node.mark, "'fix' must have 'en' and 'nl' lists of steps") }
        for (language, _) in mapping where Language(rawValue: language.string ?? "") == nil {
            throw fail(language.mark, "unknown language '\(language.string ?? "?")' in 'fix'; use en and nl")
        }
        var steps: [Language: [String]] = [:]
        for language in Language.allCases {
            guard let list = mapping[language.rawValue] else {
                throw fail(node.mark, "'fix' has no '\(language.rawValue)' steps; every text needs en and nl")
            }
            guard let items = list.sequence, !items.isEmpty else {
                throw fail(list.mark, "'fix.\(language.rawValue)' must be a non-empty list of steps")
            }
            steps[language] = try items.map { item in
                guard item.scalar != nil, let text = item.string, !text.isEmpty else {
                    throw fail(item.mark, "a step must be a non-empty text")
                }
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        if steps[.en]!.count != steps[.nl]!.count {
            throw fail(node.mark, "'fix' has \(steps[.en]!.count) English and \(steps[.nl]!.count) Dutch steps; they must match")
        }
        return LocalizedSteps(en: steps[.en]!, nl: steps[.nl]!)
    }

    static func applicability(_ node: Node, fail: (Mark?, String) -> Diagnostic) throws -> Applicability {
        guard let mapping = node.mapping else { throw fail(node.mark, "'when' must be a mapping") }
        var result = Applicability()
        for (key, value) in mapping {
            let items: [String]
            if let single = value.scalar?.string {
                items = [single]
            } else if let sequence = value.sequence {
                items = try sequence.map { item in
                    guard let text = item.string else { throw fail(item.mark, "expected a text") }
                    return text
                }
            } else {
                throw fail(value.mark, "expected a list of texts")
            }
            switch key.string {
            case "os": result.os = items.map { $0.lowercased() }
            case "inputs": result.inputs = items
            case "commands": result.commands = items
            default: throw fail(key.mark, "unknown key '\(key.string ?? "?")' in 'when'; use os, inputs or commands")
            }
        }
        return result
    }
}

extension Diagnostic: Error {}
