import Foundation
import Testing

/// Recorded outputs beside the tests, and the indicator data shipped in the repository.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func text(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = folder + "/" + name
        let data = try #require(FileManager.default.contents(atPath: path), "fixture \(name) is missing", sourceLocation: sourceLocation)
        return String(decoding: data, as: UTF8.self)
    }

    static func keys() throws -> [String] {
        try text("keys.txt").split(separator: "\n").map(String.init)
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-phone-\(UUID().uuidString)").path
    }
}
