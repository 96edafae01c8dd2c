import Foundation

/// A prepared input, typed: its name in `AuditInputs` (and in a check's `when: inputs:`), the type of
/// its value, and why a check skips without it. A family declares its keys as static members:
///
/// ```swift
/// extension InputKey where Value == Vault {
///     public static let vault = InputKey("vault", missing: LocalizedText(en: "no export given", nl: "geen export gegeven"))
/// }
/// let vault = try context.inputs.require(.vault)
/// ```
public struct InputKey<Value: Sendable>: Sendable {
    public let name: String
    /// The reason a check that needs it gives when it is not there.
    public let missing: LocalizedText

    public init(_ name: String, missing: LocalizedText) {
        self.name = name
        self.missing = missing
    }
}

extension AuditInputs {
    /// The prepared value, or nil when no family prepared it (or prepared another type under the name).
    public subscript<Value>(key: InputKey<Value>) -> Value? {
        get { prepared[key.name] as? Value }
        set { prepared[key.name] = newValue }
    }

    /// The prepared value; without it the check is skipped with the key's reason.
    public func require<Value>(_ key: InputKey<Value>) throws -> Value {
        guard let value = self[key] else { throw SkipCheck(key.missing) }
        return value
    }

    /// Adds another family's inputs: its texts and its prepared values, which replace any of the same name.
    public mutating func merge(_ other: AuditInputs) {
        for (name, values) in other.values { self.values[name] = values }
        for (name, value) in other.prepared { prepared[name] = value }
    }
}
