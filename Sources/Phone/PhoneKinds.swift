import AuditCore

/// The kinds the phone family provides, in one explicit list.
public enum PhoneKinds {
    /// The family's name where a person reads it (`history`).
    public static let family = LocalizedText(en: "phone", nl: "telefoon")
    public static let all: [any CheckKind.Type] = [
        KnownStalkerwareKind.self,
        DualUseAppsKind.self,
        AppAccessKind.self,
        InstallSourceKind.self,
        HiddenAppsKind.self,
        CombinedSignalsKind.self,
        PhoneUsersKind.self,
        DebuggingKind.self,
        PhoneAccountsKind.self,
        PatchLevelKind.self,
        AppScanningKind.self,
        IntegrityKind.self,
        TrafficRedirectKind.self,
        IOSLockdownValueKind.self,
        IOSBackupComputerKind.self,
        IOSProvisioningKind.self,
        IOSSideloadedAppsKind.self,
        IOSJailbreakKind.self,
        IOSListedAppsKind.self,
        IOSPurchasersKind.self,
        IOSVersionKind.self,
    ]
}
