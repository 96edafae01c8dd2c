import Foundation

/// A password from an export. It never prints, never reflects its value and is never encoded:
/// the only ways to its text are `withValue` and the comparisons the checks need.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) { self.value = value }

    public var isEmpty: Bool { value.isEmpty }
    public var count: Int { value.count }

    /// Hands the plaintext to `body`; keep what it returns free of the plaintext.
    public func withValue<T>(_ body: (String) throws -> T) rethrows -> T { try body(value) }

    public var description: String { "••••••" }
    public var debugDescription: String { "Secret(••••••)" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
