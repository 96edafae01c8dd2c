import AuditCore
import Foundation

/// The items a person marked as theirs in the configuration (`known-accounts`, `known-devices`…),
/// compared without case and surrounding space. The identity file's e-mail addresses count as known accounts.
struct KnownList: Sendable {
    var values: Set<String>

    init(_ inputs: AuditInputs, _ names: String...) {
        var values = Set<String>()
        for name in names {
            for value in inputs[name] { values.insert(Self.normal(value)) }
        }
        self.values = values
    }

    /// The known accounts: `known-accounts` and the identity file's e-mail addresses.
    static func accounts(_ inputs: AuditInputs) -> KnownList {
        var list = KnownList(inputs, AccessInput.accounts)
        for email in inputs[.identity]?.emails ?? [] { list.values.insert(normal(email)) }
        return list
    }

    static func normal(_ value: String) -> String { value.trimmingCharacters(in: .whitespaces).lowercased() }

    func contains(_ value: String) -> Bool { values.contains(Self.normal(value)) }
    func containsAny(_ candidates: [String]) -> Bool { candidates.contains(where: contains) }
}

/// Input names the access family fills from its settings.
enum AccessInput {
    static let accounts = "known-account"
    static let devices = "known-device"
    static let extensions = "known-extension"
    static let users = "known-user"
    static let sites = "known-site"
    static let networks = "known-network"
}
