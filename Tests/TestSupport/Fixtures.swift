import AuditCore
import Foundation

/// A file tree in a fresh temporary folder, standing for a machine's root. `~/` is the tree's `/home`.
public final class FixtureTree: @unchecked Sendable {
    public let root: String

    public init(files: [String: String] = [:], ages: [String: Int] = [:], now: Date = Date()) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("hygiene-fixture-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
        for (path, days) in ages {
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-Double(days) * 86_400 - 60)],
                                                  ofItemAtPath: real(path))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    public func real(_ path: String) -> String {
        let machinePath = path.hasPrefix("~/") ? "/home" + path.dropFirst(1) : path
        return root + (machinePath.hasPrefix("/") ? machinePath : "/" + machinePath)
    }

    public func write(_ path: String, _ text: String) throws {
        let file = real(path)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
    }

    public func link(_ path: String, to target: String) throws {
        let file = real(path)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: target)
    }

    /// A machine over this tree, with stubbed commands.
    public func machine(commands: [String: CommandResult] = [:], available: Set<String> = [], privileged: Bool = false,
                        now: Date = Date()) -> Machine {
        Machine(root: root, runner: StubRunner(commands, available: available), privileged: privileged, now: now,
                environment: ["HOME": "/home", "USER": "tester"])
    }
}

/// Answers commands from a table keyed by the command line joined with spaces. Records every call.
public final class StubRunner: CommandRunner, @unchecked Sendable {
    let answers: [String: CommandResult]
    let available: Set<String>
    private let lock = NSLock()
    private var log: [[String]] = []

    public init(_ answers: [String: CommandResult] = [:], available: Set<String> = []) {
        self.answers = answers
        self.available = available.union(answers.keys.compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    public var calls: [[String]] { lock.withLock { log } }

    public func isAvailable(_ command: String) -> Bool { available.contains(command) }

    public func run(_ arguments: [String], timeout: Duration) async throws -> CommandResult {
        lock.withLock { log.append(arguments) }
        if let answer = answers[arguments.joined(separator: " ")] { return answer }
        if available.contains(arguments.first ?? "") { return CommandResult(status: 0) }
        throw CommandError.notFound(arguments.first ?? "")
    }
}

/// A kind whose behaviour a test sets: pass, fail, throw, hang.
public struct ScriptedKind: CheckKind {
    public static let description = KindDescription(
        identifier: "scripted", family: "test", summary: "does what the test says",
        parameters: [ParameterSpec("do", required: true, "pass, fail, info, throw, skip, hang or block"),
                     ParameterSpec("pattern", "a regular expression")])

    let action: String

    public init(parameters: Parameters) throws {
        action = try parameters.string("do")
        _ = try parameters.optionalRegex("pattern")
    }

    public func run(in context: CheckContext) async throws -> CheckOutcome {
        switch action {
        case "pass": return .passed(evidence: .verbatim("fine"))
        case "fail": return .failed([FindingDraft(key: "k", detail: .verbatim("broken"), subjects: [Subject("thing")])])
        case "info": return .failed([FindingDraft(key: "k", detail: .verbatim("look"), severity: .info)])
        case "skip": throw SkipCheck(.verbatim("needs root"))
        case "hang":
            while true { try await Task.sleep(for: .seconds(60)) }
        case "block":
            // A read that never returns, as from a hung network file system: it ignores cancellation.
            usleep(120_000_000)
            return .passed(evidence: .verbatim("woke up"))
        default: throw CommandError.notFound("frobnicate")
        }
    }
}

/// A check definition file for tests, with the required texts filled in.
public func checkYAML(id: String, kind: String = "scripted", severity: String = "high", extra: String = "",
                      params: String = "do: pass") -> String {
    """
      - id: \(id)
        kind: \(kind)
        severity: \(severity)
        title: {en: "Title \(id)", nl: "Titel \(id)"}
        why: {en: "Why", nl: "Waarom"}
        fix: {en: ["Do it"], nl: ["Doe het"]}
    \(extra.isEmpty ? "" : extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n")    params:
    \(params.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
    """
}

/// Serves pages from a table by address, for kind examples and tests that read pages; any other
/// address is refused like a host that is down. A page written as a data address
/// (`data:image/jpeg;base64,…`) is served as those bytes, with that media type: an image.
public struct StaticPages: HTTPFetching {
    let pages: [String: String]

    public init(_ pages: [String: String]) { self.pages = pages }

    public func fetch(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let page = pages[request.url] else { throw FetchError.refused(request.url) }
        if page.hasPrefix("data:"), let comma = page.firstIndex(of: ",") {
            let header = page[page.index(page.startIndex, offsetBy: 5)..<comma]
            guard header.hasSuffix(";base64"), let body = Data(base64Encoded: String(page[page.index(after: comma)...])) else {
                preconditionFailure("\(request.url): a data page must be base64 (data:TYPE;base64,…)")
            }
            return HTTPResponse(status: 200, headers: ["content-type": String(header.dropLast(7))], body: body, finalURL: request.url)
        }
        return HTTPResponse(status: 200, headers: ["content-type": "text/html; charset=utf-8"], body: Data(page.utf8), finalURL: request.url)
    }
}

/// Standard input with nothing on it: nothing typed, no terminal.
public struct NoSecretInput: SecretInput {
    public init() {}
    public var isTerminal: Bool { false }
    public func readLine(prompt: String?) -> [UInt8]? { nil }
}
