import AuditCore
import Foundation

/// What can go wrong with the safety guidance: its data files (risk questions, helplines, the helper's
/// guide, the letter), an answers file, or the folder the answers are saved in. Every problem in a file
/// names the file, line and column.
public enum GuidanceError: Error, LocalizedError, Sendable, Equatable {
    /// A data file under `Checks/safety/` (or a user's own) that does not read.
    case invalidData(file: String, line: Int, column: Int, message: String)
    /// An answers file (`--answers FILE`) with a bad question id, answer or syntax.
    case invalidAnswers(file: String, line: Int, column: Int, message: String)
    case cannotRead(path: String, reason: String)
    case cannotSave(path: String, reason: String)
    /// No check of kind `safety-guide` is loaded, so there is no data to show.
    case noGuide

    public var errorDescription: String? {
        switch self {
        case .invalidData(let file, let line, let column, let message),
             .invalidAnswers(let file, let line, let column, let message):
            "\(file):\(line):\(column): \(message)"
        case .cannotRead(let path, let reason): "\(path): cannot read: \(reason)"
        case .cannotSave(let path, let reason): "\(path): cannot save the answers: \(reason)"
        case .noGuide: "no check of kind safety-guide is loaded, so there are no risk questions or helplines to show (Checks/safety/safety.yaml defines one)"
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
