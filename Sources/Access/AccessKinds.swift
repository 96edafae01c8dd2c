import AuditCore

/// The kinds the access family provides, in one explicit list.
public enum AccessKinds {
    /// The family's name where a person reads it.
    public static let family = LocalizedText(en: "who else has access", nl: "wie er nog meer bij kan")
    public static let all: [any CheckKind.Type] = [
        BrowserAccountsKind.self,
        BrowserExtensionsKind.self,
        SitePermissionsKind.self,
        SavedPasswordsKind.self,
        BrowserPoliciesKind.self,
        MozillaPrefsKind.self,
        LocalUsersKind.self,
        KeyFileSettingsKind.self,
        OnlineAccountsKind.self,
        PhoneLinksKind.self,
        SyncthingKind.self,
        CloudSyncKind.self,
        MailClientsKind.self,
        BluetoothKind.self,
        NetworkSharesKind.self,
        WifiNetworksKind.self,
        SSHServerKind.self,
        InputReadersKind.self,
    ]
}
