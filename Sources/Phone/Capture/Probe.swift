/// One command run on the phone through `adb -s SERIAL shell`, whose output a parser reads.
public struct Probe: Sendable, Hashable {
    /// A stable id, used as the file name in a capture and by the parsers (`packages`, `users`, …).
    public let id: String
    /// The words after `adb -s SERIAL shell`.
    public let command: [String]

    public init(_ id: String, _ command: [String]) {
        self.id = id
        self.command = command
    }

    /// What the phone family reads, in order. Read-only commands only: nothing here changes the phone.
    public static let standard: [Probe] = [
        Probe("packages", ["pm", "list", "packages", "-f", "-i", "-U", "--user", "0"]),
        Probe("packages-third-party", ["pm", "list", "packages", "-3", "--user", "0"]),
        Probe("packages-disabled", ["pm", "list", "packages", "-d", "--user", "0"]),
        Probe("users", ["pm", "list", "users"]),
        // Apps with an icon in the app drawer; a third-party app missing here is hidden from the launcher.
        Probe("launcher-activities", ["pm", "query-activities", "--brief", "--user", "0", "-a", "android.intent.action.MAIN",
                                      "-c", "android.intent.category.LAUNCHER"]),
        Probe("package-dump", ["dumpsys", "package"]),
        Probe("accessibility-setting", ["settings", "get", "secure", "enabled_accessibility_services"]),
        Probe("accessibility-dump", ["dumpsys", "accessibility"]),
        Probe("notification-listeners", ["settings", "get", "secure", "enabled_notification_listeners"]),
        Probe("device-policy", ["dumpsys", "device_policy"]),
        Probe("adb-keys", ["dumpsys", "adb"]),
        Probe("adb-wifi", ["settings", "get", "global", "adb_wifi_enabled"]),
        Probe("properties", ["getprop"]),
        Probe("accounts", ["dumpsys", "account"]),
        Probe("http-proxy", ["settings", "get", "global", "http_proxy"]),
        Probe("input-method", ["settings", "get", "secure", "default_input_method"]),
        Probe("package-verifier", ["settings", "get", "global", "package_verifier_user_consent"]),
        Probe("package-verifier-enable", ["settings", "get", "global", "package_verifier_enable"]),
        Probe("always-on-vpn", ["settings", "get", "secure", "always_on_vpn_app"]),
        Probe("appops", ["dumpsys", "appops"]),
    ]

    /// The probes a parser needs, by id.
    public static func named(_ id: String) -> Probe? { standard.first { $0.id == id } }
}
