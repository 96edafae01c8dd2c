import Foundation
import GRDB

/// A change to the state database's tables that a family brings: applied once, in the order the
/// families are listed, after the core's own. Its name never changes once shipped (a database
/// records the names it has applied).
public struct StateMigration: Sendable {
    public var name: String
    public var apply: @Sendable (Database) throws -> Void

    public init(_ name: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.name = name
        self.apply = apply
    }
}
