import AuditCore
import Foundation

/// Something an app has been allowed to do that a stalker's app needs, as switched on — not merely requested.
public enum Power: String, CaseIterable, Sendable {
    case accessibility
    case notificationListener = "notification-listener"
    case deviceAdmin = "device-admin"
    case deviceOwner = "device-owner"
    case profileOwner = "profile-owner"
    case backgroundLocation = "background-location"
    case sms
    case callLog = "call-log"
    case microphone
    case camera
    case installApps = "install-apps"
    case usageAccess = "usage-access"
    case drawOver = "draw-over"
    case keyboard
    case alwaysOnVPN = "always-on-vpn"

    public var label: LocalizedText {
        switch self {
        case .accessibility: LocalizedText(en: "accessibility service (reads and controls the screen)", nl: "toegankelijkheidsdienst (leest en bedient het scherm)")
        case .notificationListener: LocalizedText(en: "reads all notifications", nl: "leest alle meldingen")
        case .deviceAdmin: LocalizedText(en: "device admin (can lock, wipe, resist removal)", nl: "apparaatbeheerder (kan vergrendelen, wissen, verwijderen tegenhouden)")
        case .deviceOwner: LocalizedText(en: "device owner (manages the whole phone)", nl: "apparaateigenaar (beheert de hele telefoon)")
        case .profileOwner: LocalizedText(en: "profile owner (manages a profile)", nl: "profieleigenaar (beheert een profiel)")
        case .backgroundLocation: LocalizedText(en: "location in the background", nl: "locatie op de achtergrond")
        case .sms: LocalizedText(en: "SMS", nl: "sms")
        case .callLog: LocalizedText(en: "call log", nl: "oproeplijst")
        case .microphone: LocalizedText(en: "microphone", nl: "microfoon")
        case .camera: LocalizedText(en: "camera", nl: "camera")
        case .installApps: LocalizedText(en: "installs other apps", nl: "installeert andere apps")
        case .usageAccess: LocalizedText(en: "sees which apps you use", nl: "ziet welke apps je gebruikt")
        case .drawOver: LocalizedText(en: "can appear over other apps", nl: "kan over andere apps heen verschijnen")
        case .keyboard: LocalizedText(en: "your keyboard (sees what you type)", nl: "je toetsenbord (ziet wat je typt)")
        case .alwaysOnVPN: LocalizedText(en: "always-on VPN (all traffic passes through it)", nl: "altijd-aan-VPN (al het verkeer gaat erdoor)")
        }
    }

    /// The runtime permissions that grant it (any one will do).
    var permissions: [String] {
        switch self {
        case .backgroundLocation: ["android.permission.ACCESS_BACKGROUND_LOCATION"]
        case .sms: ["android.permission.READ_SMS", "android.permission.RECEIVE_SMS"]
        case .callLog: ["android.permission.READ_CALL_LOG"]
        case .microphone: ["android.permission.RECORD_AUDIO"]
        case .camera: ["android.permission.CAMERA"]
        default: []
        }
    }

    /// The app op that grants it, when `allow`.
    var appOp: String? {
        switch self {
        case .installApps: "REQUEST_INSTALL_PACKAGES"
        case .usageAccess: "GET_USAGE_STATS"
        case .drawOver: "SYSTEM_ALERT_WINDOW"
        default: nil
        }
    }
}

/// Where an app came from, by the installer the phone recorded.
public enum InstallSource: Sendable, Hashable {
    case play
    /// Another app store the check knows, by its name.
    case store(String)
    /// The system's package installer: an APK opened from a download, a message or a file manager.
    case downloaded(String)
    /// Another app installed it.
    case otherApp(String)
    /// Put on from a computer over USB (`adb install`; the phone names the shell as the app that asked),
    /// perhaps claiming to come from a store.
    case adb(claimed: String?)
    /// No installer: put on by a computer over USB (`adb install`), or preinstalled.
    case none

    public var isOutsideStores: Bool {
        switch self {
        case .play, .store: false
        case .downloaded, .otherApp, .adb, .none: true
        }
    }

    public var label: LocalizedText {
        switch self {
        case .play: LocalizedText(en: "Google Play", nl: "Google Play")
        case .store(let name): LocalizedText(en: "app store \(name)", nl: "appwinkel \(name)")
        case .downloaded(let installer): LocalizedText(en: "a downloaded file, opened with \(installer)", nl: "een gedownload bestand, geopend met \(installer)")
        case .otherApp(let installer): LocalizedText(en: "installed by the app \(installer)", nl: "geïnstalleerd door de app \(installer)")
        case .adb(let claimed?):
            LocalizedText(en: "put on from a computer over USB (adb), made to look as if installed by \(claimed)",
                          nl: "vanaf een computer gezet via USB (adb), zo dat het lijkt alsof \(claimed) hem installeerde")
        case .adb(nil): LocalizedText(en: "put on from a computer over USB (adb)", nl: "vanaf een computer gezet via USB (adb)")
        case .none: LocalizedText(en: "no installer recorded: put on from a computer (adb) or by the maker", nl: "geen installatiebron vastgelegd: vanaf een computer gezet (adb) of door de fabrikant")
        }
    }
}

/// Which installers are stores and which are the system's package installer (check parameters).
public struct InstallerClasses: Sendable {
    public var stores: [String: String]
    public var packageInstallers: Set<String>

    public static let play = "com.android.vending"

    public init(stores: [String: String] = [:], packageInstallers: Set<String> = []) {
        self.stores = stores
        self.packageInstallers = packageInstallers
    }

    /// The shell is the app that asks when a computer installs over adb.
    public static let shell = "com.android.shell"

    /// Where an app came from, by the installer recorded and the app that really asked for the install.
    public func source(_ installer: String?, initiating: String? = nil) -> InstallSource {
        if initiating == Self.shell || installer == Self.shell { return .adb(claimed: installer == Self.shell ? nil : installer) }
        guard let installer, !installer.isEmpty, installer != "null" else { return .none }
        if installer == Self.play { return .play }
        if let name = stores[installer] { return .store(name) }
        if packageInstallers.contains(installer) { return .downloaded(installer) }
        return .otherApp(installer)
    }
}

/// One app that is not part of the system, with what the phone says about it.
public struct PhoneApp: Sendable {
    public var package: String
    public var path: String?
    public var installer: String?
    /// The app that really asked for the install (Android 11 and later), and where a download came from.
    public var initiatingPackage: String?
    public var originatingPackage: String?
    public var firstInstall: String?
    /// Part of the system image (also when updated since): left to the known-stalkerware check only.
    public var isSystem: Bool
    /// Switched off by the user (or someone): it cannot run, and has no icon for that reason.
    public var isDisabled: Bool
    /// Installed on the day the phone's own apps were (its first day): preinstalled by the maker, or put on
    /// before the phone was handed over. Said, never taken as harmless.
    public var sinceFirstDay = false
    /// Whether it has an icon in the app drawer; nil when the launcher list was not read.
    public var hasLauncherIcon: Bool?
    public var powers: [Power]
    /// The last use of location in the background, as the phone printed it.
    public var lastBackgroundLocation: String?
    public var apkSHA256: String?

    public func source(_ classes: InstallerClasses) -> InstallSource { classes.source(installer, initiating: initiatingPackage) }

    /// Report fields shared by every phone finding about an app.
    public func subject(_ classes: InstallerClasses, extra: [Subject.Field] = []) -> Subject {
        var fields: [Subject.Field] = [.init("package", package)]
        fields += extra
        if !powers.isEmpty {
            let labels = powers.map(\.label)
            fields.append(.init("switched on", LocalizedText(en: labels.map(\.en).joined(separator: "; "), nl: labels.map(\.nl).joined(separator: "; "))))
        }
        if let lastBackgroundLocation { fields.append(.init("location last used in background", lastBackgroundLocation)) }
        fields.append(.init("installed from", source(classes).label))
        if let originatingPackage { fields.append(.init("downloaded with", originatingPackage)) }
        if isSystem { fields.append(.init("part of the system", LocalizedText(en: "yes (preinstalled, perhaps updated)", nl: "ja (vooraf geïnstalleerd, misschien bijgewerkt)"))) }
        if isDisabled { fields.append(.init("status", LocalizedText(en: "disabled", nl: "uitgeschakeld"))) }
        if let firstInstall {
            fields.append(.init("installed", sinceFirstDay
                ? LocalizedText(en: "\(firstInstall) (the phone's first day: preinstalled, or put on before you got the phone)",
                                nl: "\(firstInstall) (de eerste dag van de telefoon: vooraf geïnstalleerd, of erop gezet voordat je de telefoon kreeg)")
                : LocalizedText(en: firstInstall, nl: firstInstall)))
        }
        if hasLauncherIcon == false {
            fields.append(.init("app icon", LocalizedText(en: "none: hidden from the app drawer", nl: "geen: verborgen in het app-overzicht")))
        }
        return Subject(package, fields)
    }
}

/// The phone's third-party apps, each with what is switched on for it.
public enum PhoneApps {
    /// Every package on the phone for the owner (user 0), system ones marked. Needs the package list; every
    /// other reading adds what it can (a power whose probe was not read is simply absent here — the checks
    /// that judge a power require its reading themselves).
    ///
    /// What is part of the system comes from `dumpsys package`'s flags; where those were not read, from
    /// `pm list packages -3` unless it is empty while apps sit under /data/app (an answer that did not
    /// come), and last from where the app is stored.
    public static func all(_ snapshot: PhoneSnapshot) throws -> [PhoneApp] {
        let packages = try snapshot.packages.required(LocalizedText(en: "the list of apps", nl: "de lijst met apps"))
        let details = snapshot.packageDetails.value ?? [:]
        var thirdParty = snapshot.thirdParty.value
        if thirdParty?.isEmpty == true, packages.contains(where: { $0.path?.hasPrefix("/data/app/") == true }) { thirdParty = nil }
        let disabled = snapshot.disabled.value ?? []
        let launcher = snapshot.launcherPackages.value
        let accessibility = Set((snapshot.accessibilityServices.value ?? []).map(\.package))
        let listeners = Set((snapshot.notificationListeners.value ?? []).map(\.package))
        let policy = snapshot.devicePolicy.value
        // The owner's admins and profile owner; other users' are named by the users check.
        let admins = Set((policy?.admins ?? []).filter { $0.user == 0 }.map(\.component.package))
        let profileOwners = Set((policy?.profileOwners ?? []).filter { $0.user == 0 }.map(\.component.package))
        let deviceOwner = policy?.deviceOwner?.package
        let keyboard = snapshot.inputMethod.value??.package
        let vpn = snapshot.alwaysOnVPN.value ?? nil
        // Before Android 10 any location permission works in the background.
        let locationIsBackground = (snapshot.security.value?.sdk).map { $0 < 29 } ?? false
        var ops: [String: [AppOp]] = [:]
        for op in snapshot.appOps.value ?? [] { ops[op.package, default: []].append(op) }
        let hashes = snapshot.apkHashes.value ?? [:]

        return packages.map { package in
            let detail = details[package.name]
            let isSystem = detail?.isSystem ?? thirdParty.map { !$0.contains(package.name) } ?? !package.isOnDataPartition
            let granted = (detail?.runtimePermissions[0] ?? []).union(detail?.installPermissions ?? [])
            let appOps = ops[package.name] ?? []
            var powers: [Power] = []
            for power in Power.allCases {
                let on: Bool = switch power {
                case .accessibility: accessibility.contains(package.name)
                case .notificationListener: listeners.contains(package.name)
                case .deviceAdmin: admins.contains(package.name)
                case .deviceOwner: deviceOwner == package.name
                case .profileOwner: profileOwners.contains(package.name)
                case .keyboard: keyboard == package.name
                case .alwaysOnVPN: vpn == package.name
                case .installApps, .usageAccess, .drawOver: appOps.contains { $0.name == power.appOp && $0.mode == "allow" }
                case .backgroundLocation where locationIsBackground:
                    granted.contains("android.permission.ACCESS_FINE_LOCATION") || granted.contains("android.permission.ACCESS_COARSE_LOCATION")
                default: power.permissions.contains(where: granted.contains)
                }
                if on { powers.append(power) }
            }
            let locationOps = appOps.filter { $0.name == "FINE_LOCATION" || $0.name == "COARSE_LOCATION" }
            let background = (locationIsBackground ? locationOps : locationOps.filter(\.usedInBackground)).compactMap(\.lastAccess).max()
            return PhoneApp(package: package.name, path: package.path, installer: detail?.installer ?? package.installer,
                            initiatingPackage: detail?.initiatingPackage, originatingPackage: detail?.originatingPackage,
                            firstInstall: detail?.firstInstallTime, isSystem: isSystem, isDisabled: disabled.contains(package.name),
                            hasLauncherIcon: launcher.map { $0.contains(package.name) },
                            powers: powers, lastBackgroundLocation: powers.contains(.backgroundLocation) ? background : nil,
                            apkSHA256: package.path.flatMap { hashes[$0] })
        }.sorted { $0.package < $1.package }.markingFirstDay()
    }

    /// The apps that are not part of the system.
    public static func apps(_ snapshot: PhoneSnapshot) throws -> [PhoneApp] {
        try all(snapshot).filter { !$0.isSystem }
    }

    /// The readings a power depends on.
    static func reading(for power: Power, in snapshot: PhoneSnapshot) -> (ok: Bool, why: LocalizedText?) {
        func check<T>(_ reading: Reading<T>) -> (Bool, LocalizedText?) {
            if case .notRead(let why) = reading { return (false, why) }
            return (true, nil)
        }
        switch power {
        case .accessibility: return check(snapshot.accessibilityServices)
        case .notificationListener: return check(snapshot.notificationListeners)
        case .deviceAdmin, .deviceOwner, .profileOwner: return check(snapshot.devicePolicy)
        case .keyboard: return check(snapshot.inputMethod)
        case .alwaysOnVPN: return check(snapshot.alwaysOnVPN)
        case .installApps, .usageAccess, .drawOver: return check(snapshot.appOps)
        default: return check(snapshot.packageDetails)
        }
    }
}

extension [PhoneApp] {
    /// Marks the apps without an installer that arrived on the day the system's own apps did.
    func markingFirstDay() -> [PhoneApp] {
        let days = filter(\.isSystem).compactMap { $0.firstInstall.map { String($0.prefix(10)) } }.filter { $0.count == 10 }
        guard let first = days.min() else { return self }
        return map { app in
            var app = app
            app.sinceFirstDay = !app.isSystem && app.installer == nil && app.initiatingPackage == nil
                && app.firstInstall.map { String($0.prefix(10)) } == first
            return app
        }
    }
}
