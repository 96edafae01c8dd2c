import AuditCore
import Foundation
import GRDB

/// Web sites allowed to use the location, camera, microphone or screen, per browser profile: Firefox
/// `permissions.sqlite` (`moz_perms`, opened immutable) and Chromium's content-setting exceptions
/// in `Preferences`. Which stored permission names mean which concern is data in the check.
struct SitePermissionsKind: CheckKind {
    static let description = KindDescription(
        identifier: "site-permissions",
        family: "access",
        summary: "Lists sites a browser profile allows a sensitive permission (Firefox permissions.sqlite, Chromium content settings), unless in known-sites.",
        parameters: [
            ParameterSpec("browsers", required: true, "a data file of browser rows (browsers.yaml) or a list of rows"),
            ParameterSpec("firefox", required: true, "mapping of moz_perms types to what they give (geo: location)"),
            ParameterSpec("chromium", required: true, "mapping of content-setting types to what they give (geolocation: location)"),
        ],
        examples: [
            KindExample("a site allowed the camera and one allowed location with options", parameters: Self.example, files: [
                "~/.config/chromium/Default/Preferences": #"{"profile":{"content_settings":{"exceptions":{"media_stream_camera":{"https://cam.example.net:443,*":{"last_modified":"13441145156806334","setting":1}},"geolocation":{"https://blocked.example.org:443,*":{"setting":2}},"geolocation_with_options":{"https://maps.example.org:443,*":{"setting":{"approximate":1,"precise":2}}}}}}}"#,
            ], expect: .failed, findings: 2),
            KindExample("only blocked and asked permissions", parameters: Self.example, files: [
                "~/.config/chromium/Default/Preferences": #"{"profile":{"content_settings":{"exceptions":{"geolocation":{"https://maps.example.org:443,*":{"setting":2}},"media_stream_mic":{"https://a.example:443,*":{"setting":3}}}}}}"#,
            ], expect: .passed),
        ])

    static let example = """
        browsers:
          - {name: Firefox, engine: firefox, roots: ["~/.mozilla/firefox"]}
          - {name: Chromium, engine: chromium, roots: ["~/.config/chromium"]}
        firefox: {geo: location, camera: camera, microphone: microphone, screen: screen}
        chromium: {geolocation: location, geolocation_with_options: location, media_stream_camera: camera, media_stream_mic: microphone}
        """

    let browsers: [BrowserRow]
    let firefoxTypes: [String: String]
    let chromiumTypes: [String: String]

    init(parameters: Parameters) throws {
        browsers = try BrowserRow.read(parameters)
        firefoxTypes = try parameters.stringMapping("firefox")
        chromiumTypes = try parameters.stringMapping("chromium")
        if firefoxTypes.isEmpty && chromiumTypes.isEmpty { throw parameters.problem("chromium", "name at least one permission type") }
    }

    struct Allowed { var site: String; var concern: String; var source: String }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList(context.inputs, AccessInput.sites)
        var gathering = Gathering()
        let profiles = BrowserProfiles.find(browsers, homes: homes, host: host, into: &gathering)
        var total = 0
        for profile in profiles {
            let allowed = profile.engine == .firefox ? firefox(profile, host: host, into: &gathering) : chromium(profile, host: host, into: &gathering)
            var bySite: [String: [Allowed]] = [:]
            for item in allowed { bySite[item.site, default: []].append(item) }
            for (site, items) in bySite.sorted(by: { $0.key < $1.key }) {
                total += 1
                let bare = Self.bareOrigin(site)
                if known.contains(site) || known.contains(bare) { gathering.known += 1; continue }
                let concerns = Array(Set(items.map(\.concern))).sorted().joined(separator: ", ")
                let label = profile.label(host)
                gathering.drafts.append(FindingDraft(
                    key: "\(profile.path)#\(site)",
                    detail: LocalizedText(en: "\(bare) may use your \(concerns) in \(label.en).",
                                          nl: "\(bare) mag je \(Self.dutch(concerns)) gebruiken in \(label.nl)."),
                    subjects: [Subject(bare, [.init("site", bare), .init("allowed", LocalizedText(en: concerns, nl: Self.dutch(concerns))),
                                              .init("profile", label), .init("file", host.display(items[0].source))])]))
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "\(profiles.count) browser profiles read; no site you have not marked as known may use your location, camera or microphone (\(total) allowed in all)",
            nl: "\(profiles.count) browserprofielen gelezen; geen site die je niet als bekend hebt aangemerkt mag je locatie, camera of microfoon gebruiken (\(total) toegestaan in totaal)"))
    }

    static func dutch(_ concerns: String) -> String {
        let words = ["location": "locatie", "camera": "camera", "microphone": "microfoon", "screen": "scherm",
                     "notifications": "meldingen", "clipboard": "klembord", "idle detection": "aanwezigheidsdetectie"]
        return concerns.components(separatedBy: ", ").map { words[$0] ?? $0 }.joined(separator: ", ")
    }

    /// `https://maps.example.org:443` → `https://maps.example.org`; Firefox's `^userContextId=1` suffix dropped.
    static func bareOrigin(_ origin: String) -> String {
        var site = origin.split(separator: "^").first.map(String.init) ?? origin
        if site.hasPrefix("https://") && site.hasSuffix(":443") { site = String(site.dropLast(4)) }
        if site.hasPrefix("http://") && site.hasSuffix(":80") { site = String(site.dropLast(3)) }
        return site
    }

    /// `moz_perms` rows with `permission = 1` (allow) for the types in the mapping.
    func firefox(_ profile: BrowserProfile, host: Machine, into gathering: inout Gathering) -> [Allowed] {
        guard !firefoxTypes.isEmpty else { return [] }
        let file = profile.file("permissions.sqlite")
        let types = firefoxTypes.keys.sorted().map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ",")
        guard let rows = SQLiteFile.rows(file, "SELECT origin, type FROM moz_perms WHERE permission = 1 AND type IN (\(types))",
                                         host: host, into: &gathering) else { return [] }
        return rows.compactMap { row in
            guard let origin: String = row["origin"], let type: String = row["type"], let concern = firefoxTypes[type] else { return nil }
            return Allowed(site: origin, concern: concern, source: file)
        }
    }

    /// `profile.content_settings.exceptions.<type>["<primary>,<secondary>"].setting`: 1 allows; a
    /// dictionary (`geolocation_with_options`) allows when any of its options is 1.
    func chromium(_ profile: BrowserProfile, host: Machine, into gathering: inout Gathering) -> [Allowed] {
        let file = profile.file("Preferences")
        guard let prefs = host.jsonObject(file, into: &gathering),
              let exceptions = jsonValue(prefs, "profile.content_settings.exceptions") as? [String: Any] else { return [] }
        var result: [Allowed] = []
        for (type, concern) in chromiumTypes.sorted(by: { $0.key < $1.key }) {
            guard let entries = exceptions[type] as? [String: Any] else { continue }
            for (pattern, value) in entries.sorted(by: { $0.key < $1.key }) {
                let setting = (value as? [String: Any])?["setting"]
                let allowed: Bool
                if let number = setting as? NSNumber {
                    allowed = number.intValue == 1
                } else if let options = setting as? [String: Any] {
                    allowed = options.values.contains { ($0 as? NSNumber)?.intValue == 1 }
                } else {
                    allowed = false
                }
                guard allowed else { continue }
                let site = pattern.split(separator: ",").first.map(String.init) ?? pattern
                result.append(Allowed(site: site, concern: concern, source: file))
            }
        }
        return result
    }
}
