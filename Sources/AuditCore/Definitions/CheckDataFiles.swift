import Foundation

/// Files that travel with the check definitions but hold no checks: data a check names by a path
/// relative to its own file (`two-factor/sites.json`), and the licence notices of that data.
public struct CheckDataFiles: Sendable {
    /// The extensions read from a checks folder: definitions, data and notices.
    public static let extensions: Set<String> = ["yaml", "yml", "json", "md"]

    /// Text by path, as the loader was given it (`Checks/vault/two-factor/sites.json`).
    public let files: [String: String]

    public init(_ files: [(path: String, text: String)] = []) {
        self.files = Dictionary(files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
    }

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
