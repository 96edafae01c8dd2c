import AuditCore

/// The kinds the exposure family provides, in one explicit list.
public enum ExposureKinds {
    public static let all: [any CheckKind.Type] = [
        PersonalDataKind.self,
        IdentityTermsKind.self,
        PhotoLocationKind.self,
        PageReadabilityKind.self,
    ]
}
