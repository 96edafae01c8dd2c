import AuditCore
import Foundation

/// One extension of one browser profile, from `extensions.json` (Firefox) or `Preferences` (Chromium).
struct BrowserExtension: Sendable {
    enum Origin: Sendable, Equatable {
        /// From the browser's store, installed by someone using the browser.
        case store
        /// Forced or installed by a policy.
        case policy
        /// Dropped in by another program or by hand (Chromium external JSON, Firefox profile or system folders).
        case sideloaded
        /// Loaded unpacked from a folder or from the command line (developer).
        case developer
        /// Added for this session only (Firefox `about:debugging`).
        case temporary
        /// Not signed by the browser's maker.
        case unsigned
        /// Part of the browser.
        case builtIn
    }

    var id: String
    var name: String
    var origin: Origin
    var enabled: Bool
    var permissions: [String]
    var hosts: [String]
    /// Where its files are, when the browser says so (absolute).
    var path: String?
    var source: String

    /// Permissions that let an extension read or steer what the person does on the web.
    static let broadPermissions: Set<String> = [
        "tabs", "history", "webRequest", "webRequestBlocking", "cookies", "geolocation", "proxy", "clipboardRead",
        "debugger", "management", "nativeMessaging", "webNavigation", "downloads", "topSites", "browsingData",
        "declarativeNetRequestFeedback", "privacy", "scripting", "desktopCapture", "tabCapture",
    ]
    static let allSites: Set<String> = ["<all_urls>", "*://*/*", "http://*/*", "https://*/*", "file:///*"]

    var broad: [String] {
        permissions.filter(Self.broadPermissions.contains) + hosts.filter(Self.allSites.contains)
    }

    func originText() -> LocalizedText {
        switch origin {
        case .store: LocalizedText(en: "from the store", nl: "uit de winkel")
        case .policy: LocalizedText(en: "forced by a policy", nl: "opgelegd door een beleid")
        case .sideloaded: LocalizedText(en: "put in by another program or by hand, not from the store", nl: "door een ander programma of met de hand geplaatst, niet uit de winkel")
        case .developer: LocalizedText(en: "loaded unpacked from a folder (developer mode)", nl: "uitgepakt geladen uit een map (ontwikkelaarsmodus)")
        case .temporary: LocalizedText(en: "loaded temporarily", nl: "tijdelijk geladen")
        case .unsigned: LocalizedText(en: "not signed by the browser's maker", nl: "niet ondertekend door de maker van de browser")
        case .builtIn: LocalizedText(en: "part of the browser", nl: "onderdeel van de browser")
        }
    }
}

enum ExtensionReader {
    /// Firefox `extensions.json`: `location`, `foreignInstall`, `installTelemetryInfo`, `signedState`,
    /// `active`, `userPermissions`.
    static func firefox(_ profile: BrowserProfile, host: Machine, into gathering: inout Gathering) -> [BrowserExtension] {
        let file = profile.file("extensions.json")
        guard let object = host.jsonObject(file, into: &gathering) else { return [] }
        guard let addons = object["addons"] as? [[String: Any]] else {
            gathering.problem(file, LocalizedText(en: "has no list of add-ons", nl: "heeft geen lijst met add-ons"))
            return []
        }
        return addons.compactMap { addon in
            guard let id = jsonString(addon, "id") else { return nil }
            let type = jsonString(addon, "type") ?? "extension"
            guard type == "extension" else { return nil }
            let location = jsonString(addon, "location") ?? ""
            let method = jsonString(addon, "installTelemetryInfo.method")
            let source = jsonString(addon, "installTelemetryInfo.source")
            let signed = jsonInt(addon, "signedState")
            let origin: BrowserExtension.Origin
            if jsonBool(addon, "isSystem") == true || jsonBool(addon, "isBuiltin") == true || location.hasPrefix("app-builtin")
                || location == "app-system-defaults" || location == "app-system-addons" {
                origin = .builtIn
            } else if source == "enterprise-policy" || location == "app-system-policy" {
                origin = .policy
            } else if location == "app-temporary" || source == "temporary-addon" {
                origin = .temporary
            } else if jsonBool(addon, "foreignInstall") == true || method == "sideload"
                        || ["app-system-share", "app-system-local", "app-system-user", "app-global"].contains(location) {
                origin = .sideloaded
            } else if let signed, signed <= 0 {
                origin = .unsigned
            } else {
                origin = .store
            }
            let active = jsonBool(addon, "active") ?? !(jsonBool(addon, "userDisabled") ?? false)
            return BrowserExtension(
                id: id, name: jsonString(addon, "defaultLocale.name") ?? id, origin: origin, enabled: active,
                permissions: jsonValue(addon, "userPermissions.permissions") as? [String] ?? [],
                hosts: jsonValue(addon, "userPermissions.origins") as? [String] ?? [],
                path: jsonString(addon, "path"), source: file)
        }
    }

    /// Chromium `extensions.settings` in `Preferences` and `Secure Preferences` (a profile copied from
    /// Windows or macOS keeps them there), classified by `location` and the store flag.
    static func chromium(_ profile: BrowserProfile, host: Machine, into gathering: inout Gathering) -> [BrowserExtension] {
        var result: [String: BrowserExtension] = [:]
        for name in ["Preferences", "Secure Preferences"] {
            let file = profile.file(name)
            guard let prefs = host.jsonObject(file, into: &gathering),
                  let settings = jsonValue(prefs, "extensions.settings") as? [String: Any] else { continue }
            for (id, value) in settings.sorted(by: { $0.key < $1.key }) {
                guard let entry = value as? [String: Any], result[id] == nil else { continue }
                let location = jsonInt(entry, "location") ?? 0
                let flags = jsonInt(entry, "creation_flags") ?? 0
                let fromStore = jsonBool(entry, "from_webstore") == true || flags & 8 != 0
                let origin: BrowserExtension.Origin
                switch location {
                case 5, 10: origin = .builtIn
                case 7, 9: origin = .policy
                case 2, 3, 6: origin = .sideloaded
                case 4, 8: origin = .developer
                default: origin = fromStore ? .store : (jsonBool(entry, "was_installed_by_default") == true ? .builtIn : .sideloaded)
                }
                let enabled: Bool
                if let reasons = entry["disable_reasons"] as? [Any] {
                    enabled = reasons.isEmpty
                } else if let reasons = jsonInt(entry, "disable_reasons") {
                    enabled = reasons == 0
                } else {
                    enabled = jsonInt(entry, "state").map { $0 == 1 } ?? true
                }
                let granted = (entry["active_permissions"] ?? entry["granted_permissions"]) as? [String: Any]
                let permissions = (granted?["api"] as? [Any] ?? []).compactMap { $0 as? String }
                    + (granted?["manifest_permissions"] as? [Any] ?? []).compactMap { $0 as? String }
                let hosts = ((granted?["explicit_host"] as? [Any] ?? []) + (granted?["scriptable_host"] as? [Any] ?? [])).compactMap { $0 as? String }
                var path = jsonString(entry, "path")
                if let relative = path, !relative.hasPrefix("/") { path = profile.file("Extensions/" + relative) }
                let name = jsonString(entry, "manifest.name") ?? path.flatMap { manifestName(at: $0, host: host) } ?? id
                result[id] = BrowserExtension(id: id, name: name.hasPrefix("__MSG_") ? id : name, origin: origin, enabled: enabled,
                                              permissions: permissions, hosts: Array(Set(hosts)).sorted(), path: path, source: file)
            }
        }
        // JSON files in `External Extensions` install a CRX at the next start, enabled, without asking.
        for file in host.glob(profile.root + "/External Extensions/*.json", into: &gathering) {
            let id = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            guard result[id] == nil else { continue }
            result[id] = BrowserExtension(id: id, name: id, origin: .sideloaded, enabled: true, permissions: [], hosts: [],
                                          path: file, source: file)
        }
        return result.values.sorted { $0.id < $1.id }
    }

    /// `name` from the extension's `manifest.json`; nil when it cannot be read or is a message key.
    static func manifestName(at path: String, host: Machine) -> String? {
        guard let data = try? host.data(path + "/manifest.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return jsonString(object, "name")
    }
}

/// Which package installed a file, from dpkg's file lists; nil when none did (or dpkg keeps no lists here).
enum PackageOwner {
    static func owner(of path: String, host: Machine) -> String? {
        let index: [String: String] = host.facts.value("access.dpkg-files") {
            var owners: [String: String] = [:]
            for list in (try? host.glob("/var/lib/dpkg/info/*.list")) ?? [] {
                let package = ((list as NSString).lastPathComponent as NSString).deletingPathExtension
                    .split(separator: ":").first.map(String.init) ?? ""
                for line in ((try? host.read(list)) ?? nil)?.split(whereSeparator: \.isNewline) ?? [] {
                    let file = String(line)
                    if file.contains("extensions") || file.contains("mozilla") { owners[file] = package }
                }
            }
            return owners
        }
        return index[path]
    }
}
