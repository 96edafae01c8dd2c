import Foundation

/// A computer the phone trusts for USB debugging: its public key and the comment adb wrote (`user@host`).
public struct TrustedComputer: Sendable, Hashable, Codable {
    /// The base64 public key.
    public var key: String
    /// `user@host` as written by the computer's adb; it can be edited, so it only hints.
    public var comment: String
    /// When it last connected, from the keystore, when the phone says.
    public var lastConnection: Date?

    public init(key: String, comment: String, lastConnection: Date? = nil) {
        self.key = key
        self.comment = comment
        self.lastConnection = lastConnection
    }
}

/// Reads `dumpsys adb`: the `user_keys=` lines (Android 11 and later; `User keys:` before) and the keystore's
/// `<adbKey key="…" lastConnection="…"/>` entries, merged by key.
public enum AdbKeysDump {
    public static func parse(_ text: String) -> [TrustedComputer] {
        var computers: [TrustedComputer] = []
        func add(_ key: String, _ comment: String, _ last: Date?) {
            if let index = computers.firstIndex(where: { $0.key == key }) {
                if computers[index].comment.isEmpty { computers[index].comment = comment }
                computers[index].lastConnection = computers[index].lastConnection ?? last
            } else {
                computers.append(TrustedComputer(key: key, comment: comment, lastConnection: last))
            }
        }
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)[...]
            if line.contains("<adbKey") {
                if let value = attribute("key", in: line) {
                    let (key, comment) = split(value[...])
                    let last = attribute("lastConnection", in: line).flatMap(Double.init)
                        .map { Date(timeIntervalSince1970: $0 / 1000) }
                    if let key { add(key, comment, last) }
                }
                continue
            }
            for prefix in ["user_keys=", "User keys:", "Keys:"] where line.hasPrefix(prefix) {
                line = line.dropFirst(prefix.count).drop { $0 == " " }
            }
            let (key, comment) = split(line)
            if let key { add(key, comment, nil) }
        }
        return computers
    }

    /// A line `KEY comment` where KEY is a long base64 run; `nil` key for any other line.
    static func split(_ line: Substring) -> (String?, String) {
        let parts = line.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, first.count >= 200,
              first.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=") })
        else { return (nil, "") }
        return (String(first), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
    }

    static func attribute(_ name: String, in line: Substring) -> String? {
        guard let start = line.range(of: " " + name + "=\"") else { return nil }
        let rest = line[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

/// Reads `getprop`: lines `[name]: [value]`.
public enum Properties {
    public static func parse(_ text: String) -> [String: String] {
        var properties: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("["), let close = line.range(of: "]: ["), line.hasSuffix("]") else { continue }
            let name = String(line[line.index(after: line.startIndex)..<close.lowerBound])
            let value = String(line[close.upperBound..<line.index(before: line.endIndex)])
            properties[name] = value
        }
        return properties
    }
}

/// What the build properties say about the phone's security.
public struct BuildSecurity: Sendable, Hashable, Codable {
    /// `ro.build.version.security_patch`, `2024-05-05`.
    public var securityPatch: String?
    /// `ro.boot.verifiedbootstate`: `green` (locked, stock), `yellow`, `orange` (unlocked), `red`.
    public var verifiedBootState: String?
    /// `ro.boot.flash.locked`: `1` locked, `0` unlocked.
    public var flashLocked: Bool?
    /// `ro.debuggable`: `1` on engineering and rooted builds.
    public var debuggable: Bool?
    public var androidVersion: String?
    /// `ro.build.version.sdk`: 29 is Android 10, where location in the background became a permission of its own.
    public var sdk: Int?
    public var model: String?
    public var manufacturer: String?
    /// `service.adb.tcp.port` or `persist.adb.tcp.port`: adb listening on the network (a port above 0).
    public var adbTCPPort: Int?
    /// `service.adb.tls.port`: the port of wireless debugging (Android 11 and later) while it is on.
    public var adbTLSPort: Int?
    /// Properties that root tools leave behind (Magisk's `init.svc.magisk*`, `ro.magisk*`, `persist.magisk*`).
    public var rootToolProperties: [String]

    public init(properties: [String: String]) {
        func flag(_ name: String) -> Bool? { properties[name].flatMap { $0 == "1" ? true : $0 == "0" ? false : nil } }
        securityPatch = properties["ro.build.version.security_patch"].flatMap { $0.isEmpty ? nil : $0 }
        verifiedBootState = properties["ro.boot.verifiedbootstate"]
        flashLocked = flag("ro.boot.flash.locked")
        debuggable = flag("ro.debuggable")
        androidVersion = properties["ro.build.version.release"]
        sdk = properties["ro.build.version.sdk"].flatMap(Int.init)
        model = properties["ro.product.model"]
        manufacturer = properties["ro.product.manufacturer"]
        adbTCPPort = ["service.adb.tcp.port", "persist.adb.tcp.port"].compactMap { properties[$0].flatMap(Int.init) }.first { $0 > 0 }
        adbTLSPort = properties["service.adb.tls.port"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        rootToolProperties = properties.keys.filter { $0.lowercased().contains("magisk") || $0.hasPrefix("init.svc.su") || $0 == "ro.build.selinux" && properties[$0] == "0" }.sorted()
    }

    /// The patch date as a day, `nil` when absent or not `YYYY-MM-DD`.
    public var securityPatchDate: Date? {
        guard let securityPatch else { return nil }
        let parts = securityPatch.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        components.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: components)
    }

    /// The bootloader is unlocked (or the boot is not verified as stock).
    public var bootloaderUnlocked: Bool? {
        if flashLocked == false { return true }
        if let verifiedBootState { return verifiedBootState == "orange" || verifiedBootState == "red" ? true : verifiedBootState == "green" ? false : nil }
        return flashLocked.map { !$0 }
    }
}

/// An account on the phone from `dumpsys account`.
public struct PhoneAccount: Sendable, Hashable, Codable {
    public var name: String
    public var type: String
    /// The user (profile) it belongs to, when the dump says.
    public var user: Int?

    public init(name: String, type: String, user: Int? = nil) {
        self.name = name
        self.type = type
        self.user = user
    }
}

/// Reads `dumpsys account`: `Account {name=…, type=…}` lines under `User UserInfo{N:…}:` headings.
public enum AccountsDump {
    public static func parse(_ text: String) -> [PhoneAccount] {
        var accounts: [PhoneAccount] = []
        var user: Int?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("User UserInfo{") {
                user = Int(line.dropFirst("User UserInfo{".count).prefix { $0.isNumber })
                continue
            }
            guard line.hasPrefix("Account {name="), line.hasSuffix("}"),
                  let type = line.range(of: ", type=", options: .backwards) else { continue }
            let name = String(line[line.index(line.startIndex, offsetBy: "Account {name=".count)..<type.lowerBound])
            let kind = String(line[type.upperBound..<line.index(before: line.endIndex)])
            let account = PhoneAccount(name: name, type: kind, user: user)
            if !accounts.contains(account) { accounts.append(account) }
        }
        return accounts
    }
}
