/// One package's block in `dumpsys package`: where it came from, when, and which permissions it holds.
public struct PackageDetails: Sendable, Hashable {
    public var name: String
    public var uid: Int?
    public var codePath: String?
    public var versionName: String?
    /// As the phone prints it, in its own time zone: `2026-11-20 22:14:05`.
    public var firstInstallTime: String?
    public var lastUpdateTime: String?
    /// `installerPackageName=`; absent for an `adb install` and on older phones for preinstalled apps.
    /// `adb install -i com.android.vending` sets it to anything: `initiatingPackage` tells the truth.
    public var installer: String?
    /// `initiatingPackageName=` (Android 11 and later): the app that really asked for the install;
    /// `com.android.shell` for adb (Android 14; `null` on 11–13).
    public var initiatingPackage: String?
    /// `originatingPackageName=`: where a downloaded APK came from (a browser, a chat app), when known.
    public var originatingPackage: String?
    /// `flags=[ SYSTEM … ]` or `pkgFlags=[ SYSTEM … ]`: part of the system image (also when updated since).
    public var isSystem: Bool?
    public var requestedPermissions: [String] = []
    /// Install-time permissions granted (`install permissions:`).
    public var installPermissions: Set<String> = []
    /// Runtime permissions granted, by user.
    public var runtimePermissions: [Int: Set<String>] = [:]

    public init(name: String) { self.name = name }

    /// Granted to user 0, at install time or at run time.
    public func isGranted(_ permission: String, user: Int = 0) -> Bool {
        installPermissions.contains(permission) || runtimePermissions[user]?.contains(permission) == true
    }
}

/// Reads the `Packages:` section of `dumpsys package` (Android 5 and later); the later sections, which
/// repeat some blocks (`Hidden system packages:`), are left out.
public enum PackageDump {
    public static func parse(_ text: String) -> [String: PackageDetails] {
        var packages: [String: PackageDetails] = [:]
        var inPackages = false
        var current: PackageDetails?
        enum List { case none, requested, install, runtime(Int) }
        var list = List.none
        var user = 0
        func finish() {
            if let done = current, packages[done.name] == nil { packages[done.name] = done }
            current = nil
        }
        for raw in text.split(whereSeparator: \.isNewline) {
            let indent = raw.prefix { $0 == " " }.count
            let line = raw.trimmingCharacters(in: .whitespaces)
            if indent == 0 && !line.isEmpty {
                finish()
                inPackages = line == "Packages:"
                continue
            }
            guard inPackages else { continue }
            if indent == 2 {
                finish()
                if line.hasPrefix("Package ["), let close = line.firstIndex(of: "]") {
                    current = PackageDetails(name: String(line[line.index(line.startIndex, offsetBy: 9)..<close]))
                    list = .none
                    user = 0
                }
                continue
            }
            guard var package = current, !line.isEmpty else { continue }
            defer { current = package }
            if line.hasPrefix("User "), let number = Int(line.dropFirst(5).prefix { $0.isNumber }) {
                user = number
                list = .none
                continue
            }
            switch line {
            case "requested permissions:": list = .requested; continue
            case "install permissions:": list = .install; continue
            case "runtime permissions:": list = .runtime(user); continue
            default: break
            }
            if line.hasSuffix(":") && !line.contains(" ") { list = .none; continue }  // another list heading
            if line.contains("=") && !line.hasPrefix("android.permission") && !line.contains(": granted=") {
                list = .none
                for (key, value) in keyValues(line) {
                    switch key {
                    case "userId", "appId": package.uid = package.uid ?? Int(value)
                    case "codePath": package.codePath = value
                    case "versionName": package.versionName = value
                    // The owner's install time; another user's (a work profile) does not replace it.
                    case "firstInstallTime": if user == 0 || package.firstInstallTime == nil { package.firstInstallTime = value }
                    case "lastUpdateTime": package.lastUpdateTime = value
                    case "installerPackageName": package.installer = value == "null" ? nil : value
                    case "initiatingPackageName": package.initiatingPackage = value == "null" ? nil : value
                    case "originatingPackageName": package.originatingPackage = value == "null" ? nil : value
                    case "flags", "pkgFlags":
                        let words = value.split(whereSeparator: { $0 == " " || $0 == "[" || $0 == "]" })
                        package.isSystem = (package.isSystem ?? false) || words.contains("SYSTEM")
                    default: break
                    }
                }
                continue
            }
            switch list {
            case .requested:
                let permission = String(line.prefix { $0 != ":" && $0 != "," && $0 != " " })
                if !permission.isEmpty { package.requestedPermissions.append(permission) }
            case .install:
                if let (permission, granted) = grant(line), granted { package.installPermissions.insert(permission) }
            case .runtime(let owner):
                if let (permission, granted) = grant(line), granted { package.runtimePermissions[owner, default: []].insert(permission) }
            case .none:
                break
            }
        }
        finish()
        return packages
    }

    /// `android.permission.X: granted=true, flags=[ … ]` → (X, true). A grant the user took back from an
    /// old app (`REVOKED_COMPAT`) or that still awaits the user's review (`REVIEW_REQUIRED`) is printed
    /// `granted=true` but gives nothing: not granted.
    static func grant(_ line: String) -> (String, Bool)? {
        guard let colon = line.range(of: ": granted=") else { return nil }
        let rest = line[colon.upperBound...]
        let withheld = rest.contains("REVOKED_COMPAT") || rest.contains("REVIEW_REQUIRED")
        return (String(line[..<colon.lowerBound]), rest.hasPrefix("true") && !withheld)
    }

    /// The `key=value` pairs of a line; a value runs to the next ` key=` (times hold a space).
    static func keyValues(_ line: String) -> [(String, String)] {
        if line.hasPrefix("firstInstallTime=") || line.hasPrefix("lastUpdateTime=") || line.hasPrefix("timeStamp=")
            || line.hasPrefix("flags=") || line.hasPrefix("pkgFlags=") {
            let parts = line.split(separator: "=", maxSplits: 1)
            return [(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")]
        }
        return line.split(separator: " ").compactMap { word in
            let parts = word.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }
}
