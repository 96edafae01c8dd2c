import AuditCore
import Foundation

/// What can go wrong with the safety guidance: its data files (risk questions, helplines, the helper's
/// guide, the letter), an answers file, or the folder the answers are saved in. Every problem in a file
/// names the file, line and column.
public enum GuidanceError: Error, LocalizedFailure, Sendable, Equatable {
    /// A data file under `Checks/safety/` (or a user's own) that does not read.
    case invalidData(file: String, line: Int, column: Int, message: String)
    /// An answers file (`--answers FILE`) with a bad question id, answer or syntax.
    case invalidAnswers(file: String, line: Int, column: Int, message: LocalizedText)
    case cannotRead(path: String, reason: String)
    case cannotSave(path: String, reason: String)
    /// No check of kind `safety-guide` is loaded, so there is no data to show.
    case noGuide

    public var message: LocalizedText {
        switch self {
        // For the authors of data files, who write their keys in English.
        case .invalidData(let file, let line, let column, let message): .verbatim("\(file):\(line):\(column): \(message)")
        case .invalidAnswers(let file, let line, let column, let message): .verbatim("\(file):\(line):\(column): ") + message
        case .cannotRead(let path, let reason):
            LocalizedText(en: "\(path): cannot read: \(reason)", nl: "\(path): kan niet lezen: \(SystemReason.text(reason)(.nl))")
        case .cannotSave(let path, let reason):
            LocalizedText(en: "\(path): cannot save the answers: \(reason)",
                          nl: "\(path): de antwoorden kunnen niet worden bewaard: \(SystemReason.text(reason)(.nl))")
        case .noGuide:
            LocalizedText(
                en: "no check of kind safety-guide is loaded, so there are no risk questions or helplines to show (Checks/safety/safety.yaml defines one)",
                nl: "er is geen controle van de soort safety-guide geladen, dus er zijn geen risicovragen of hulplijnen om te tonen (Checks/safety/safety.yaml definieert er een)")
        }
    }
}

/// The safety data files are read by AuditCore's `DataDocument`; its located problems become `GuidanceError.invalidData`.
enum DataReader {
    static func read<T>(_ file: CheckDataFile, kind: String, keys: [String], _ body: (Parameters) throws -> T) throws -> T {
        do {
            return try DataDocument.read(file, kind: kind, keys: keys, body)
        } catch let error as DataFileError {
            throw GuidanceError.invalidData(file: error.file, line: error.line, column: error.column, message: error.message)
        }
    }
}
