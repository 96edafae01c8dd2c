import AuditCore

/// The kinds the vault family provides, in one explicit list.
public enum VaultKinds {
    /// The family's name where a person reads it (`history`).
    public static let family = LocalizedText(en: "passwords", nl: "wachtwoorden")
    public static let all: [any CheckKind.Type] = [
        ReuseKind.self,
        DuplicatesKind.self,
        SimilarKind.self,
        StaleKind.self,
        InsecureURLKind.self,
        NetworkDeviceLoginsKind.self,
        BreachedKind.self,
        WeakKind.self,
        TwoFactorKind.self,
    ]
}

/// A vault check that can say which accounts it finds, for the flags of the reset plan.
public protocol AccountFlagging: CheckKind {
    /// The flag's name in the reset plan: `weak`, `breached`, `similar`.
    var accountFlag: String { get }
    /// The keys (site and username, as `Credential.accountKey`) of the accounts it finds.
    func flaggedAccounts(in context: CheckContext) async throws -> Set<String>
}
