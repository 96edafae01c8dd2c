import AuditCore

/// The kinds the reset family provides, in one explicit list.
public enum ResetKinds {
    public static let all: [any CheckKind.Type] = [
        ResetPlanKind.self,
    ]
}
