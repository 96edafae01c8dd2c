import AuditCore
import Foundation
@testable import Safety
import ShippedChecks
import Testing

/// A file of `Checks/safety/`, as the build embedded it.
func shippedSafetyFile(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CheckDataFile {
    let path = "Checks/safety/\(name)"
    let found = try #require(ShippedChecks.files.first { $0.path == path }, "\(path) is not shipped", sourceLocation: sourceLocation)
    return CheckDataFile(path: path, text: found.text)
}

/// The shipped guidance, read as `hygiene safety` reads it.
func shippedGuidance() throws -> SafetyGuidance {
    try SafetyGuidance(risk: shippedSafetyFile("risk.yaml"), helplines: shippedSafetyFile("helplines.yaml"),
                       helper: shippedSafetyFile("helper.yaml"), letter: shippedSafetyFile("letter.yaml"))
}

/// The shipped text with `old` replaced, failing the test where `old` is not in it.
func edited(_ name: String, _ old: String, _ new: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CheckDataFile {
    let file = try shippedSafetyFile(name, sourceLocation: sourceLocation)
    #expect(file.text.contains(old), "'\(old)' is not in \(name)", sourceLocation: sourceLocation)
    return CheckDataFile(path: "mine/\(name)", text: file.text.replacingOccurrences(of: old, with: new))
}

/// The line (1-based) of the first occurrence of `text` in the shipped file.
func line(of text: String, in name: String) throws -> Int {
    let file = try shippedSafetyFile(name)
    let range = try #require(file.text.range(of: text), "'\(text)' is not in \(name)")
    return file.text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
}

/// A located error's description, or the error itself.
func describe(_ error: any Error) -> String { (error as? LocalizedError)?.errorDescription ?? "\(error)" }
