import AuditCore

/// The safety family. Its work is done by commands (`hygiene evidence`, `hygiene safety`) rather than
/// audit checks; the audit shows its helplines when the configuration names the user's situation.
public enum SafetyFamily {
    public static let name = "safety"
}

/// The kinds the safety family provides, in one explicit list.
public enum SafetyKinds {
    public static let all: [any CheckKind.Type] = [
        SafetyGuideKind.self,
    ]
}
