import Foundation
import Yams

/// A definition's `params` mapping, read through typed accessors that name the line of a bad value.
public struct Parameters {
    let mapping: Node.Mapping?
    let mark: Mark?
    /// The check file these parameters are in: data files are named relative to it.
    let source: String
    let dataFiles: CheckDataFiles

    init(node: Node?, mark: Mark?, source: String = "", dataFiles: CheckDataFiles = CheckDataFiles()) {
        mapping = node?.mapping
        self.mark = node?.mark ?? mark
        self.source = source
        self.dataFiles = dataFiles
    }

    /// Parses a YAML mapping, for kind examples and tests; `dataFiles` are found relative to `source`.
    public init(yaml: String, source: String = "", dataFiles: CheckDataFiles = CheckDataFiles()) throws {
        let node = try Yams.compose(yaml: yaml)
        self.init(node: node, mark: nil, source: source, dataFiles: dataFiles)
    }

    /// A parameter value that is missing or of the wrong type.
    public struct Problem: Error, Sendable {
        public var message: String
        public var line: Int?
        public var column: Int?

        public init(message: String, line: Int? = nil, column: Int? = nil) {
            self.message = message
            self.line = line
            self.column = column
        }
    }

    public var keys: [String] { mapping?.keys.compactMap(\.string) ?? [] }

    /// Whether the YAML held a mapping: a document that is a list or a text holds none, and neither
    /// does an empty one (whose `line` is nil).
    public var isMapping: Bool { mapping != nil }
    /// Where the mapping, or what stands in its place, starts.
    public var line: Int? { mark?.line }
    public var column: Int? { mark?.column }

    func node(_ key: String) -> Node? { mapping?[key] }

    /// A problem with the value of `key`, located at it in the check file.
    public func problem(_ key: String, _ message: String) -> Problem {
        let at = node(key)?.mark ?? mark
        return Problem(message: "params.\(key): \(message)", line: at?.line, column: at?.column)
    }

    public func has(_ key: String) -> Bool { node(key) != nil }

    public func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw problem(key, "is required") }
        return value
    }

    public func optionalString(_ key: String) throws -> String? {
        guard let node = node(key) else { return nil }
        guard node.scalar != nil, let value = node.string else { throw problem(key, "expected a text value") }
        return value
    }

    /// A list of texts; a single text is taken as a list of one.
    public func strings(_ key: String, default defaultValue: [String]? = nil) throws -> [String] {
        guard let node = node(key) else {
            if let defaultValue { return defaultValue }
            throw problem(key, "is required")
        }
        if node.scalar != nil, let value = node.string { return [value] }
        guard let sequence = node.sequence else { throw problem(key, "expected a list of texts") }
        return try sequence.map { item in
            guard item.scalar != nil, let value = item.string else {
                throw Problem(message: "params.\(key): expected a list of texts",
                              line: item.mark?.line, column: item.mark?.column)
            }
            return value
        }
    }

    /// A list of texts (a single text is a list of one), each read by `read`. A problem `read` throws
    /// without a place is located at its item, so a bad entry in a long list is named by its line and column.
    public func strings<T>(_ key: String, _ read: (String) throws -> T) throws -> [T] {
        guard let node = node(key) else { throw problem(key, "is required") }
        let items: [Node]
        if node.scalar != nil { items = [node] } else if let sequence = node.sequence { items = Array(sequence) } else {
            throw problem(key, "expected a list of texts")
        }
        return try items.map { item in
            guard item.scalar != nil, let value = item.string else {
                throw Problem(message: "params.\(key): expected a list of texts", line: item.mark?.line, column: item.mark?.column)
            }
            do {
                return try read(value)
            } catch let problem as Problem where problem.line == nil {
                throw Problem(message: "params.\(key): \(problem.message)", line: item.mark?.line, column: item.mark?.column)
            }
        }
    }

    public func int(_ key: String, default defaultValue: Int? = nil, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let node = node(key) else {
            if let defaultValue { return defaultValue }
            throw problem(key, "is required")
        }
        guard let value = node.int else { throw problem(key, "expected a whole number") }
        if let range, !range.contains(value) {
            throw problem(key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let node = node(key) else { return defaultValue }
        guard let value = node.bool else { throw problem(key, "expected true or false") }
        return value
    }

    /// A regular expression, compiled now so that a bad one fails at load time.
    public func regex(_ key: String) throws -> Pattern {
        try Pattern(string(key), problem: { problem(key, $0) })
    }

    public func optionalRegex(_ key: String) throws -> Pattern? {
        guard has(key) else { return nil }
        return try regex(key)
    }

    /// One of a fixed set of words.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: T? = nil) throws -> T
    where T.RawValue == String {
        guard has(key) else {
            if let defaultValue { return defaultValue }
            throw problem(key, "is required")
        }
        let raw = try string(key)
        guard let value = T(rawValue: raw) else {
            throw problem(key, "'\(raw)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A list of mappings, each read by `read` with its own accessors.
    public func list<T>(_ key: String, _ read: (Parameters) throws -> T) throws -> [T] {
        guard let node = node(key) else { throw problem(key, "is required") }
        guard let sequence = node.sequence else { throw problem(key, "expected a list") }
        return try sequence.map { item in
            guard item.mapping != nil else {
                throw Problem(message: "params.\(key): expected a mapping in the list",
                              line: item.mark?.line, column: item.mark?.column)
            }
            return try read(Parameters(node: item, mark: item.mark, source: source, dataFiles: dataFiles))
        }
    }

    /// A nested mapping, read with its own accessors.
    public func mapping(_ key: String) throws -> Parameters {
        guard let node = node(key) else { throw problem(key, "is required") }
        guard node.mapping != nil else { throw problem(key, "expected a mapping") }
        return Parameters(node: node, mark: node.mark, source: source, dataFiles: dataFiles)
    }

    /// A data file named by a path relative to the check file (`two-factor/sites.json`), shipped
    /// beside the checks or in the user's checks folder.
    public func dataFile(_ key: String) throws -> CheckDataFile {
        let relative = try string(key)
        guard !relative.hasPrefix("/") else { throw problem(key, "'\(relative)' must be a path relative to this check file") }
        let path = CheckDataFiles.resolve(relative, beside: source)
        guard let text = dataFiles.files[path] else {
            throw problem(key, "no data file '\(relative)' beside this check file (looked for \(path))")
        }
        dataFiles.named.insert(path)
        return CheckDataFile(path: path, text: text)
    }

    /// The texts of a mapping's keys, for a mapping of names to values (`google.com: mail.google.com`).
    public func stringMapping(_ key: String) throws -> [String: String] {
        guard let node = node(key) else { return [:] }
        guard let pairs = node.mapping else { throw problem(key, "expected a mapping of texts") }
        var result: [String: String] = [:]
        for (name, value) in pairs {
            guard let name = name.string, value.scalar != nil, let text = value.string else {
                throw Problem(message: "params.\(key): expected a mapping of texts", line: value.mark?.line, column: value.mark?.column)
            }
            result[name] = text
        }
        return result
    }

    /// Rejects keys other than `allowed` inside a nested mapping read with `list`.
    public func allowOnly(_ allowed: [String]) throws {
        for key in keys where !allowed.contains(key) {
            let at = mapping?.first { $0.key.string == key }?.key.mark
            throw Problem(message: "unknown key '\(key)'; expected one of \(allowed.joined(separator: ", "))",
                          line: at?.line, column: at?.column)
        }
    }
}

/// A compiled regular expression that can cross concurrency domains.
public struct Pattern: @unchecked Sendable {
    public let source: String
    let expression: NSRegularExpression
    /// The compiled expression, for kinds that need match ranges.
    public var regularExpression: NSRegularExpression { expression }

    public init(_ source: String, problem: (String) -> Error = { Parameters.Problem(message: $0) }) throws {
        self.source = source
        do {
            expression = try NSRegularExpression(pattern: source, options: [.anchorsMatchLines])
        } catch {
            throw problem("'\(source)' is not a valid regular expression")
        }
    }

    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first capture group of each match (or the whole match when there is no group).
    public func captures(in text: String) -> [String] {
        expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return Range(range, in: text).map { String(text[$0]) }
        }
    }
}

extension Parameters.Problem {
    public init(message: String) {
        self.init(message: message, line: nil, column: nil)
    }
}
