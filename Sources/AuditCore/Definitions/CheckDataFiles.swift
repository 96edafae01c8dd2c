import Foundation

/// Files that travel with the check definitions but hold no checks: data a check names by a path
/// relative to its own file (`two-factor/sites.json`), and the licence notices of that data.
public struct CheckDataFiles: Sendable {
    /// The extensions read from a checks folder: definitions, data and notices.
    public static let extensions: Set<String> = ["yaml", "yml", "json", "md", "csv"]

    /// Text by path, as the loader was given it (`Checks/vault/two-factor/sites.json`).
    public let files: [String: String]
    /// The paths checks have named so far, so the loader can tell a stray list from data in use.
    let named = NamedPaths()

    public init(_ files: [(path: String, text: String)] = []) {
        self.files = Dictionary(files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether some check has named this file as its data.
    public func isNamed(_ path: String) -> Bool { named.contains(path) }

    /// `relative` resolved against the folder of the file at `source`, with `.` and `..` taken out.
    public static func resolve(_ relative: String, beside source: String) -> String {
        var parts = source.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        for part in relative.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty && parts.last != ".." && parts.last != "" { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}

/// One data file a check named.
public struct CheckDataFile: Sendable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A set of paths that parameter reading adds to while checks load.
final class NamedPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var paths = Set<String>()
    func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func contains(_ path: String) -> Bool { lock.withLock { paths.contains(path) } }
}
