import AuditCore

/// The kinds the safety family provides, in one explicit list.
public enum SafetyKinds {
    public static let all: [any CheckKind.Type] = [
        SafetyGuideKind.self,
    ]
}
