/// Who administers the phone, from `dumpsys device_policy`.
public struct DevicePolicy: Sendable, Hashable, Codable {
    public struct Admin: Sendable, Hashable, Codable {
        public var user: Int
        public var component: ComponentName
        public init(user: Int, component: ComponentName) {
            self.user = user
            self.component = component
        }
    }

    /// Active device admins, by user.
    public var admins: [Admin] = []
    public var deviceOwner: ComponentName?
    /// Profile owners, by the user (profile) they own.
    public var profileOwners: [Admin] = []

    public init(admins: [Admin] = [], deviceOwner: ComponentName? = nil, profileOwners: [Admin] = []) {
        self.admins = admins
        self.deviceOwner = deviceOwner
        self.profileOwners = profileOwners
    }
}

/// Reads `dumpsys device_policy` in the layouts from Android 5 to 15: sections `Device Owner:`,
/// `Profile Owner (User N):` with an `admin=ComponentInfo{…}` (or only `package=`) line, and
/// `Enabled Device Admins (User N, provisioningState: …):` followed by one `package/class:` line per admin.
public enum DevicePolicyDump {
    enum Section {
        case none
        case deviceOwner(indent: Int)
        case profileOwner(user: Int, indent: Int)
        case admins(user: Int, indent: Int)
    }

    public static func parse(_ text: String) -> DevicePolicy {
        var policy = DevicePolicy()
        var section = Section.none
        for raw in text.split(whereSeparator: \.isNewline) {
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            switch section {
            case .deviceOwner(let start), .profileOwner(_, let start), .admins(_, let start):
                if indent <= start { section = .none }
            case .none: break
            }
            if line.hasPrefix("Device Owner") && line.hasSuffix(":") || line == "Device Owner:" {
                section = .deviceOwner(indent: indent)
                continue
            }
            if line.hasPrefix("Profile Owner") {
                section = .profileOwner(user: userNumber(line) ?? 0, indent: indent)
                continue
            }
            if line.hasPrefix("Enabled Device Admins") {
                section = .admins(user: userNumber(line) ?? 0, indent: indent)
                continue
            }
            switch section {
            case .deviceOwner:
                if let owner = ownerComponent(line) { policy.deviceOwner = policy.deviceOwner ?? owner }
            case .profileOwner(let user, _):
                if let owner = ownerComponent(line), !policy.profileOwners.contains(where: { $0.user == user }) {
                    policy.profileOwners.append(.init(user: user, component: owner))
                }
            case .admins(let user, let start):
                // An admin line sits one level in and ends with ':'; its details sit deeper.
                guard line.hasSuffix(":"), indent > start, let component = ComponentName(line.dropLast()) else { continue }
                let admin = DevicePolicy.Admin(user: user, component: component)
                if !policy.admins.contains(admin) { policy.admins.append(admin) }
            case .none:
                break
            }
        }
        return policy
    }

    static func ownerComponent(_ line: String) -> ComponentName? {
        if line.hasPrefix("admin=") { return ComponentName(line.dropFirst("admin=".count)) }
        for key in ["package=", "mPackageName="] where line.hasPrefix(key) && !line.contains("/") {
            let package = line.dropFirst(key.count)
            return package.isEmpty ? nil : ComponentName(package: String(package), className: "")
        }
        return nil
    }

    /// `… (User 10 …` or `… (User 10):` → 10.
    static func userNumber(_ line: String) -> Int? {
        guard let range = line.range(of: "User ") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

import Foundation
