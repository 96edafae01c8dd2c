import AuditCore
import Foundation

/// Preferences in a Firefox or Thunderbird profile's files that open it up: a proxy every page goes
/// through, unsigned add-ons allowed, the guard against dropped-in add-ons removed. Which preferences
/// and values count is data in the check.
struct MozillaPrefsKind: CheckKind {
    struct Rule: Sendable {
        var name: String
        var values: [String]?

        init(_ p: Parameters) throws {
            try p.allowOnly(["name", "values"])
            name = try p.string("name")
            values = p.has("values") ? try p.strings("values").map { $0.lowercased() } : nil
        }

        /// `network.proxy.*` matches every name with that start.
        func matches(_ pref: MozillaPrefs.Pref) -> Bool {
            let nameMatches = name.hasSuffix("*") ? pref.name.hasPrefix(String(name.dropLast())) : pref.name == name
            guard nameMatches else { return false }
            guard let values else { return true }
            return values.contains(pref.value.lowercased())
        }
    }

    static let description = KindDescription(
        identifier: "mozilla-prefs",
        family: "access",
        summary: "Reports preferences in Mozilla profile files (prefs.js, user.js) that match rules of {name, values}.",
        parameters: [
            ParameterSpec("browsers", required: true, "a data file of browser rows (browsers.yaml) or a list of rows; firefox rows are read"),
            ParameterSpec("files", required: true, "profile files to read (user.js, prefs.js)"),
            ParameterSpec("prefs", required: true, "list of {name, values}; a name ending in * matches its start; without values any value counts"),
        ],
        examples: [
            KindExample("a manual proxy in prefs.js", parameters: Self.example, files: [
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nPath=p.default\nIsRelative=1\n",
                "~/.mozilla/firefox/p.default/prefs.js": "user_pref(\"network.proxy.http\", \"proxy.example.net\");\nuser_pref(\"network.proxy.type\", 1);\n",
            ], expect: .failed, findings: 1),
            KindExample("no proxy", parameters: Self.example, files: [
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nPath=p.default\nIsRelative=1\n",
                "~/.mozilla/firefox/p.default/prefs.js": "user_pref(\"network.proxy.type\", 0);\n",
            ], expect: .passed),
        ])

    static let example = """
        browsers: [{name: Firefox, engine: firefox, roots: ["~/.mozilla/firefox"]}]
        files: [prefs.js, user.js]
        prefs: [{name: network.proxy.type, values: ["1", "2", "4"]}]
        """

    let browsers: [BrowserRow]
    let files: [String]
    let rules: [Rule]

    init(parameters: Parameters) throws {
        browsers = try BrowserRow.read(parameters)
        files = try parameters.strings("files")
        rules = try parameters.list("prefs", Rule.init)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        var gathering = Gathering()
        let profiles = BrowserProfiles.find(browsers.filter { $0.engine == .firefox }, homes: homes, host: host, into: &gathering)
        for profile in profiles {
            for name in files {
                let file = profile.file(name)
                guard let text = host.text(file, into: &gathering) else { continue }
                let prefs = MozillaPrefs(text)
                // Only the value that wins (the last one) counts.
                var latest: [String: MozillaPrefs.Pref] = [:]
                for pref in prefs.prefs { latest[pref.name] = pref }
                for pref in latest.values.sorted(by: { $0.line < $1.line }) where rules.contains(where: { $0.matches(pref) }) {
                    let label = profile.label(host)
                    let where_ = "\(host.display(file)):\(pref.line)"
                    gathering.drafts.append(FindingDraft(
                        key: "\(file)#\(pref.name)",
                        detail: LocalizedText(en: "\(label.en) sets \(pref.name) to \(pref.value) in \(where_).",
                                              nl: "\(label.nl) zet \(pref.name) op \(pref.value) in \(where_)."),
                        subjects: [Subject(pref.name, [.init("setting", "\(pref.name) = \(pref.value)"), .init("profile", label), .init("file", where_)])]))
                }
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "none of the watched settings is set in \(profiles.count) profiles", nl: "geen van de bewaakte instellingen staat aan in \(profiles.count) profielen"))
    }
}
