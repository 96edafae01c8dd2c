import AuditCore

/// The kinds the device family provides, in one explicit list.
public enum DeviceKinds {
    /// The family's name where a person reads it (`history`).
    public static let family = LocalizedText(en: "this computer", nl: "deze computer")
    public static let all: [any CheckKind.Type] = [
        SettingsKind.self,
        SoftwareKind.self,
        FilePresentKind.self,
        FileAgeKind.self,
        CommandOutputKind.self,
        PendingUpdatesKind.self,
        ClamAVSignaturesKind.self,
        FirewallKind.self,
        DiskEncryptionKind.self,
        AuthorizedKeysKind.self,
        AutostartKind.self,
    ]
}
