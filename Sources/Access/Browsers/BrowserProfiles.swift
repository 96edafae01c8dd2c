import AuditCore
import Foundation

/// One browser profile found in an audited home.
struct BrowserProfile: Sendable {
    var browser: String
    var engine: BrowserEngine
    var home: AuditedHomes.Home
    /// The profile folder, as the audited machine sees it.
    var path: String
    /// The user data folder (chromium) or the folder of `profiles.ini` (firefox).
    var root: String
    /// The profile's name as the browser shows it.
    var name: String
    /// Firefox: whether `installs.ini` names this profile as the one an installed Firefox opens.
    var inUse: Bool?
    /// Chromium: the signed-in e-mail `Local State` keeps for the profile, if any.
    var localStateUser: String?
    /// Chromium: whether `Local State` marks the account as consented to Sync.
    var localStateSync: Bool?

    /// "Firefox profile 'default-esr' (~/.mozilla/firefox/abcd.default-esr)".
    func label(_ host: Machine) -> LocalizedText {
        let shown = host.display(path)
        let use = inUse == true ? LocalizedText(en: ", the one Firefox opens", nl: ", het profiel dat Firefox opent") : LocalizedText(en: "", nl: "")
        return LocalizedText(en: "\(browser) profile '\(name)' (\(shown)\(use.en))", nl: "\(browser)-profiel '\(name)' (\(shown)\(use.nl))")
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Finds the profiles of the browsers in the rows, in every audited home. Profiles that cannot be
/// listed, and `Local State`/`profiles.ini` files that cannot be read, go into the gathering.
enum BrowserProfiles {
    static func find(_ rows: [BrowserRow], homes: AuditedHomes, host: Machine, into gathering: inout Gathering) -> [BrowserProfile] {
        var profiles: [BrowserProfile] = []
        var seen = Set<String>()
        for home in homes.homes {
            for row in rows {
                for pattern in row.roots {
                    for root in host.glob(AuditedHomes.expand(pattern, in: home), into: &gathering) where host.isDirectory(root) {
                        let found = switch row.engine {
                        case .chromium: chromium(row, root: root, home: home, host: host, into: &gathering)
                        case .firefox: firefox(row, root: root, home: home, host: host, into: &gathering)
                        }
                        for profile in found where seen.insert(profile.path).inserted { profiles.append(profile) }
                    }
                }
            }
        }
        return profiles
    }

    /// Profile folders are those `Local State` lists and any sub-folder holding `Preferences`.
    static func chromium(_ row: BrowserRow, root: String, home: AuditedHomes.Home, host: Machine, into gathering: inout Gathering) -> [BrowserProfile] {
        let state = host.jsonObject(root + "/Local State", into: &gathering)
        let cache = jsonValue(state, "profile.info_cache") as? [String: Any] ?? [:]
        var names = Array(cache.keys)
        do {
            for entry in try host.list(root) where !names.contains(entry) && host.exists(root + "/" + entry + "/Preferences") {
                names.append(entry)
            }
        } catch let skip as SkipCheck {
            gathering.problem(root, skip.reason)
        } catch {
            gathering.problem(root, LocalizedText(en: "cannot be listed", nl: "is niet te doorzoeken"))
        }
        return names.sorted().compactMap { folder in
            let path = root + "/" + folder
            guard host.isDirectory(path) else { return nil }
            let info = cache[folder] as? [String: Any]
            return BrowserProfile(browser: row.name, engine: .chromium, home: home, path: path, root: root,
                                  name: jsonString(info, "name") ?? folder, inUse: nil,
                                  localStateUser: jsonString(info, "user_name"),
                                  localStateSync: jsonBool(info, "is_consented_primary_account"))
        }
    }

    /// Every `[Profile…]` of `profiles.ini`, marked in use when an `[Install…]` group (or `installs.ini`)
    /// names it; folders with a `prefs.js` that `profiles.ini` forgot are read too.
    static func firefox(_ row: BrowserRow, root: String, home: AuditedHomes.Home, host: Machine, into gathering: inout Gathering) -> [BrowserProfile] {
        var inUse = Set<String>()
        if let installs = host.text(root + "/installs.ini", into: &gathering) {
            for group in KeyFile(installs).groups { if let path = group.value("Default") { inUse.insert(path) } }
        }
        var profiles: [BrowserProfile] = []
        if let text = host.text(root + "/profiles.ini", into: &gathering) {
            let file = KeyFile(text)
            for group in file.groups where group.name.hasPrefix("Install") {
                if let path = group.value("Default") { inUse.insert(path) }
            }
            for group in file.groups where group.name.hasPrefix("Profile") {
                guard let relative = group.value("Path") else { continue }
                let isRelative = group.value("IsRelative") != "0"
                let path = isRelative ? root + "/" + relative : relative
                profiles.append(BrowserProfile(browser: row.name, engine: .firefox, home: home, path: path, root: root,
                                               name: group.value("Name") ?? relative, inUse: inUse.contains(relative) || inUse.contains(path),
                                               localStateUser: nil, localStateSync: nil))
            }
        }
        let listed = Set(profiles.map(\.path))
        for prefs in host.glob(root + "/*/prefs.js", into: &gathering) {
            let path = (prefs as NSString).deletingLastPathComponent
            guard !listed.contains(path) else { continue }
            let folder = (path as NSString).lastPathComponent
            profiles.append(BrowserProfile(browser: row.name, engine: .firefox, home: home, path: path, root: root,
                                           name: folder, inUse: inUse.contains(folder), localStateUser: nil, localStateSync: nil))
        }
        return profiles.filter { host.isDirectory($0.path) }
    }
}
