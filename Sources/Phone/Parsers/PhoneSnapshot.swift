import AuditCore

/// Everything the parsers read from one capture, each part read or not read on its own, for the kinds to judge.
public struct PhoneSnapshot: Sendable {
    public var device: AndroidDevice
    public var packages: Reading<[InstalledPackage]>
    /// `pm list packages -3`: the names of third-party packages.
    public var thirdParty: Reading<Set<String>>
    /// `pm list packages -d`: the packages the user (or something) disabled.
    public var disabled: Reading<Set<String>>
    /// `dumpsys package`, by package name: install times, installers, granted permissions.
    public var packageDetails: Reading<[String: PackageDetails]>
    public var users: Reading<[AndroidUser]>
    /// The packages with a launcher activity (an icon in the app drawer).
    public var launcherPackages: Reading<Set<String>>
    /// The union of `settings get secure enabled_accessibility_services` and `dumpsys accessibility`; read when
    /// either was read, since a vendor may leave one of them empty.
    public var accessibilityServices: Reading<[ComponentName]>
    public var notificationListeners: Reading<[ComponentName]>
    public var devicePolicy: Reading<DevicePolicy>
    public var trustedComputers: Reading<[TrustedComputer]>
    /// `adb_wifi_enabled`: `1` when wireless debugging is on.
    public var wirelessDebugging: Reading<Bool>
    /// Play Protect's checking of apps: `package_verifier_enable` 0 is off; the user's consent to
    /// scanning `package_verifier_user_consent` -1 is declined. `nil` where the setting was never written.
    public var verifierEnabled: Reading<Bool?>
    public var verifierConsent: Reading<Bool?>
    /// `always_on_vpn_app`: the app that holds an always-on VPN.
    public var alwaysOnVPN: Reading<String?>
    public var security: Reading<BuildSecurity>
    public var accounts: Reading<[PhoneAccount]>
    public var httpProxy: Reading<String?>
    public var inputMethod: Reading<ComponentName?>
    public var appOps: Reading<[AppOp]>
    /// APK SHA-256 by path, from every `sha256sum` round that was read; not read when none was.
    public var apkHashes: Reading<[String: String]>

    /// The probes whose output could not be read, by id, in capture order (a SecurityException on one
    /// user, a vendor without that service): the checks that need one say so themselves.
    public var unreadProbes: [String]

    public init(capture: PhoneCapture) {
        unreadProbes = capture.manifest.probes.map(\.id).filter { id in
            let mayBeEmpty = ["packages-third-party", "packages-disabled", "http-proxy", "input-method", "always-on-vpn",
                              "package-verifier", "package-verifier-enable", "adb-wifi", "accessibility-setting",
                              "notification-listeners"].contains(id) || id.hasPrefix(ApkHashes.probePrefix)
            if id.hasPrefix(ApkHashes.probePrefix) { return Self.hashRound(id, in: capture).value == nil }
            return capture.text(id, mayBeEmpty: mayBeEmpty).value == nil
        }
        device = capture.manifest.device
        packages = capture.text("packages").map(PackageList.parse)
        thirdParty = capture.text("packages-third-party", mayBeEmpty: true).map { Set(PackageList.parse($0).map(\.name)) }
        disabled = capture.text("packages-disabled", mayBeEmpty: true).map { Set(PackageList.parse($0).map(\.name)) }
        packageDetails = capture.text("package-dump").map(PackageDump.parse)
        users = capture.text("users").map(UserList.parse)
        launcherPackages = capture.text("launcher-activities").map(LauncherActivities.packages)
        let fromSetting = capture.text("accessibility-setting").map(ComponentSetting.parse)
        let fromDump = capture.text("accessibility-dump").map(AccessibilityDump.enabledServices)
        switch (fromSetting, fromDump) {
        case (.notRead(let reason), .notRead):
            accessibilityServices = .notRead(reason)
        default:
            var merged = fromSetting.value ?? []
            for service in fromDump.value ?? [] where !merged.contains(service) { merged.append(service) }
            accessibilityServices = .read(merged)
        }
        notificationListeners = capture.text("notification-listeners").map(ComponentSetting.parse)
        devicePolicy = capture.text("device-policy").map(DevicePolicyDump.parse)
        trustedComputers = capture.text("adb-keys").map(AdbKeysDump.parse)
        wirelessDebugging = capture.text("adb-wifi").map { SingleSetting.parse($0) == "1" }
        verifierEnabled = capture.text("package-verifier-enable").map { SingleSetting.parse($0).map { $0 != "0" } }
        verifierConsent = capture.text("package-verifier").map { SingleSetting.parse($0).map { $0 != "-1" } }
        alwaysOnVPN = capture.text("always-on-vpn").map { SingleSetting.parse($0) }
        security = capture.text("properties").map { BuildSecurity(properties: Properties.parse($0)) }
        accounts = capture.text("accounts").map(AccountsDump.parse)
        httpProxy = capture.text("http-proxy").map { SingleSetting.parse($0).flatMap { $0 == ":0" ? nil : $0 } }
        inputMethod = capture.text("input-method").map { SingleSetting.parse($0).flatMap(ComponentName.init) }
        appOps = capture.text("appops").map(AppOpsDump.parse)
        // `sha256sum` ends with status 1 when one file of its round vanished (an app updated meanwhile);
        // the hashes it printed for the others still count.
        let rounds = capture.manifest.probes.filter { $0.id.hasPrefix(ApkHashes.probePrefix) }.map { Self.hashRound($0.id, in: capture) }
        if rounds.isEmpty || rounds.allSatisfy({ $0.value == nil }) {
            apkHashes = .notRead(rounds.first.flatMap { if case .notRead(let why) = $0 { why } else { nil } }
                ?? LocalizedText(en: "the APKs were not hashed", nl: "de APK's zijn niet gehasht"))
        } else {
            var merged: [String: String] = [:]
            for round in rounds { merged.merge(round.value.map(ApkHashes.parse) ?? [:]) { first, _ in first } }
            apkHashes = .read(merged)
        }
    }

    /// A `sha256sum` round: read when it finished, also with status 1 when one file of the round vanished
    /// (an app updated meanwhile) — the hashes it printed for the others still count.
    static func hashRound(_ id: String, in capture: PhoneCapture) -> Reading<String> {
        if let output = capture.output(id), output.record.outcome == .completed, output.record.status == 1,
           !ApkHashes.parse(output.stdout).isEmpty {
            return .read(output.stdout)
        }
        return capture.text(id)
    }
}
