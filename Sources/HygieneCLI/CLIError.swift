import AuditCore
import Foundation

/// What stops a command, in both languages (exit status 2).
enum CLIError: Error, LocalizedFailure {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case exists(path: String)
    case schedule(LocalizedText)
    case invalidData([String])
    case invalidAnswers(path: String, line: Int?, message: String)

    var message: LocalizedText {
        switch self {
        case .cannotWrite(let path, let reason):
            LocalizedText(en: "\(path): cannot write: \(reason)", nl: "\(path): kan niet schrijven: \(SystemReason.text(reason)(.nl))")
        case .cannotRead(let path, let reason):
            LocalizedText(en: "\(path): cannot read: \(reason)", nl: "\(path): kan niet lezen: \(SystemReason.text(reason)(.nl))")
        case .exists(let path):
            LocalizedText(en: "\(path) already exists; use --force to replace it", nl: "\(path) bestaat al; gebruik --force om het te vervangen")
        case .schedule(let reason):
            LocalizedText(en: "cannot schedule the audit: ", nl: "de controle kan niet worden ingepland: ") + reason
        // Problems in check files, for their authors: in English, as the check files' keys are.
        case .invalidData(let problems): .verbatim(problems.joined(separator: "\n"))
        case .invalidAnswers(let path, let line, let message): .verbatim("\(path):\(line ?? 1): \(message)")
        }
    }
}
