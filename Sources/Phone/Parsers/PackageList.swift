/// One line of `pm list packages -f -i -U`: where the APK is, the package, who installed it, its uid.
public struct InstalledPackage: Sendable, Hashable, Codable {
    public var name: String
    /// The APK path (`-f`); `nil` when the listing was made without it.
    public var path: String?
    /// The installer package (`-i`); `nil` for `installer=null` (an `adb install` or a preinstalled app).
    public var installer: String?
    public var uid: Int?

    public init(name: String, path: String? = nil, installer: String? = nil, uid: Int? = nil) {
        self.name = name
        self.path = path
        self.installer = installer
        self.uid = uid
    }

    /// Installed by the user under `/data/app`, not shipped on a system partition.
    public var isOnDataPartition: Bool { path?.hasPrefix("/data/") ?? false }
}

/// Reads `pm list packages` in any combination of `-f`, `-i`, `-U` and `--show-versioncode`.
public enum PackageList {
    public static func parse(_ text: String) -> [InstalledPackage] {
        var packages: [InstalledPackage] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("package:") else { continue }
            let words = line.dropFirst("package:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first else { continue }
            var package = InstalledPackage(name: String(first))
            // With -f the first word is PATH=PACKAGE; the path may itself hold '=' (base64 folder names).
            if let equals = first.lastIndex(of: "="), first.hasPrefix("/") {
                package.path = String(first[..<equals])
                package.name = String(first[first.index(after: equals)...])
            }
            for word in words.dropFirst() {
                if word.hasPrefix("installer=") {
                    let value = word.dropFirst("installer=".count)
                    package.installer = value == "null" || value.isEmpty ? nil : String(value)
                } else if word.hasPrefix("uid:") {
                    package.uid = Int(word.dropFirst(4).split(separator: ",").first ?? "")
                }
            }
            guard !package.name.isEmpty else { continue }
            packages.append(package)
        }
        return packages
    }
}

/// A user on the phone from `pm list users`: the owner (0), secondary users, work profiles, Secure Folder.
public struct AndroidUser: Sendable, Hashable, Codable {
    public var id: Int
    public var name: String
    public var flags: UInt32
    public var running: Bool

    public init(id: Int, name: String, flags: UInt32, running: Bool) {
        self.id = id
        self.name = name
        self.flags = flags
        self.running = running
    }

    /// `UserInfo.FLAG_MANAGED_PROFILE`: a work profile (or Samsung's Secure Folder, which is one).
    public var isManagedProfile: Bool { flags & 0x20 != 0 }
    /// `UserInfo.FLAG_PROFILE`, set on every kind of profile since Android 14.
    public var isProfile: Bool { flags & 0x1000 != 0 || isManagedProfile }
}

/// Reads `pm list users`: lines `UserInfo{0:Owner:c13} running`.
public enum UserList {
    public static func parse(_ text: String) -> [AndroidUser] {
        var users: [AndroidUser] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            guard let open = raw.range(of: "UserInfo{"), let close = raw[open.upperBound...].lastIndex(of: "}") else { continue }
            let body = raw[open.upperBound..<close]
            // id:name:flags, where the name may itself hold ':'.
            guard let firstColon = body.firstIndex(of: ":"), let lastColon = body.lastIndex(of: ":"), firstColon < lastColon,
                  let id = Int(body[..<firstColon]) else { continue }
            let name = String(body[body.index(after: firstColon)..<lastColon])
            let flags = UInt32(body[body.index(after: lastColon)...], radix: 16) ?? 0
            let running = raw[raw.index(after: close)...].contains("running")
            users.append(AndroidUser(id: id, name: name, flags: flags, running: running))
        }
        return users
    }
}
