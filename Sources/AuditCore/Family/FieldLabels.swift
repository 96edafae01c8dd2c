import Foundation

/// The Dutch labels of the subject fields the families' findings carry (`username` → `gebruikersnaam`),
/// registered by each family when the CLI lists them (`Family.fieldLabels`); JSON keeps the keys.
public enum FieldLabels {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var table: [String: String] = [:]

    /// Adds labels; a key registered twice keeps its first label (a test holds the families to one label per key).
    public static func register(_ labels: [String: String]) {
        lock.withLock { table.merge(labels) { first, _ in first } }
    }

    public static func dutch(_ key: String) -> String? { lock.withLock { table[key] } }
}
