import AuditCore

/// The kinds the vault family provides, in one explicit list.
public enum VaultKinds {
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
