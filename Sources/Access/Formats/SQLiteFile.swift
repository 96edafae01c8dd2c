import AuditCore
import Foundation
import GRDB

/// A browser's SQLite database, opened read-only and immutable (`file:…?immutable=1`): no lock is
/// taken and nothing is written, so a running browser is neither blocked nor changed, and no copy
/// is made. What a query cannot read (a damaged or encrypted file) is said, never taken as empty.
enum SQLiteFile {
    /// Rows of `sql`, or nil when the file does not exist; a file that cannot be read goes into `gathering`.
    static func rows(_ path: String, _ sql: String, host: Machine, into gathering: inout Gathering) -> [Row]? {
        let real = host.resolve(path)
        guard FileManager.default.fileExists(atPath: real) else { return nil }
        guard FileManager.default.isReadableFile(atPath: real) else {
            gathering.problem(path, host.privileged ? LocalizedText(en: "cannot be read", nl: "is niet te lezen")
                              : LocalizedText(en: "can only be read as root", nl: "is alleen als root te lezen"))
            return nil
        }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.label = "access"
        configuration.busyMode = Database.BusyMode.immediateError
        let encoded = real.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#"))) ?? real
        do {
            let queue = try DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { try Row.fetchAll($0, sql: sql) }
        } catch let error as DatabaseError {
            let reason: LocalizedText = switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: LocalizedText(en: "is locked by a running program and was not read; close the browser and run again",
                                                             nl: "is vergrendeld door een draaiend programma en is niet gelezen; sluit de browser en draai opnieuw")
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: LocalizedText(en: "is not a readable SQLite database (damaged or not SQLite)",
                                                                nl: "is geen leesbare SQLite-database (beschadigd of geen SQLite)")
            default: LocalizedText(en: "could not be read as a database (\(error.resultCode))", nl: "was niet als database te lezen (\(error.resultCode))")
            }
            gathering.problem(path, reason)
        } catch {
            gathering.problem(path, LocalizedText(en: "could not be read as a database", nl: "was niet als database te lezen"))
        }
        return nil
    }
}
