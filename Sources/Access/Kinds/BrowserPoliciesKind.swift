import AuditCore
import Foundation

/// Browser policies and autoconfig: files under /etc that manage every profile. Policies that force
/// extensions, proxies or certificates, hide history controls or report to a console are high; any
/// other policy is info (the browser is managed); an autoconfig file that runs code at every start is high.
struct BrowserPoliciesKind: CheckKind {
    static let description = KindDescription(
        identifier: "browser-policies",
        family: "access",
        summary: "Reads the browsers' policy JSON files, enrollment tokens and Firefox autoconfig prefs; risky policies are high, others info.",
        parameters: [
            ParameterSpec("browsers", required: true, "a data file of browser rows (browsers.yaml) or a list of rows"),
            ParameterSpec("risky", required: true, "policy names that let someone watch or steer the browser"),
            ParameterSpec("risky-values", "mapping of a nested key to values that make any policy risky (installation_mode: [force_installed])"),
            ParameterSpec("autoconfig", "Mozilla default-pref files (globs) in which general.config.filename means autoconfig"),
        ],
        examples: [
            KindExample("a forced extension and a proxy in Chrome's policies, an ordinary Firefox policy", parameters: Self.example, files: [
                "/etc/opt/chrome/policies/managed/x.json": #"{"ExtensionInstallForcelist":["aaaabbbbccccddddeeeeffffgggghhhh"],"ProxyMode":"fixed_servers","HomepageLocation":"https://example.org"}"#,
                "/etc/firefox/policies/policies.json": #"{"policies":{"DisableTelemetry":true}}"#,
            ], expect: .failed, findings: 4),
            KindExample("autoconfig and a cloud enrollment token", parameters: Self.example, files: [
                "/usr/lib/firefox-esr/defaults/pref/autoconfig.js": "pref(\"general.config.filename\", \"watch.cfg\");\npref(\"general.config.obscure_value\", 0);\n",
                "/etc/opt/chrome/policies/enrollment/CloudManagementEnrollmentToken": "PLANTED-SECRET",
            ], expect: .failed, findings: 2),
            KindExample("no policies", parameters: Self.example, files: [
                "/usr/lib/firefox-esr/defaults/pref/channel-prefs.js": "pref(\"app.update.channel\", \"esr\");\n",
            ], expect: .passed),
            KindExample("a broken policy file is said", parameters: Self.example, files: [
                "/etc/opt/chrome/policies/managed/x.json": "{\"ProxyMode\": ",
            ], expect: .error),
        ])

    static let example = """
        browsers:
          - {name: Firefox, engine: firefox, roots: ["~/.mozilla/firefox"], policies: [/etc/firefox/policies/policies.json]}
          - {name: Google Chrome, engine: chromium, roots: ["~/.config/google-chrome"], policies: ["/etc/opt/chrome/policies/*/*.json"], enrollment: [/etc/opt/chrome/policies/enrollment/CloudManagementEnrollmentToken]}
        risky: [ExtensionInstallForcelist, ProxyMode, ProxyServer, Proxy, Certificates]
        risky-values: {installation_mode: [force_installed, normal_installed]}
        autoconfig: ["/usr/lib/firefox*/defaults/pref/*.js"]
        """

    let browsers: [BrowserRow]
    let risky: Set<String>
    let riskyValues: [String: Set<String>]
    let autoconfig: [String]

    init(parameters: Parameters) throws {
        browsers = try BrowserRow.read(parameters)
        risky = Set(try parameters.strings("risky"))
        var values: [String: Set<String>] = [:]
        if parameters.has("risky-values") {
            let mapping = try parameters.mapping("risky-values")
            for key in mapping.keys { values[key] = Set(try mapping.strings(key)) }
        }
        riskyValues = values
        autoconfig = try parameters.strings("autoconfig", default: [])
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        var gathering = Gathering()
        var files = 0
        for row in browsers {
            for pattern in row.policies {
                for file in host.glob(pattern, into: &gathering) where !host.isDirectory(file) {
                    files += 1
                    guard var object = host.jsonObject(file, into: &gathering) else { continue }
                    if row.engine == .firefox, let inner = object["policies"] as? [String: Any] { object = inner }
                    for (name, value) in object.sorted(by: { $0.key < $1.key }) {
                        let dangerous = risky.contains(name) || containsRiskyValue(value)
                        gathering.drafts.append(FindingDraft(
                            key: "\(file)#\(name)",
                            title: dangerous ? nil : LocalizedText(en: "A browser on this computer is managed", nl: "Een browser op deze computer wordt beheerd"),
                            detail: dangerous
                                ? LocalizedText(en: "\(row.name) is made to follow policy \(name) (\(host.display(file))). It can add extensions, route your traffic or trust certificates without asking you.",
                                                nl: "\(row.name) moet beleid \(name) volgen (\(host.display(file))). Zo'n beleid kan zonder te vragen extensies toevoegen, je verkeer omleiden of certificaten vertrouwen.")
                                : LocalizedText(en: "\(row.name) follows policy \(name) (\(host.display(file))).",
                                                nl: "\(row.name) volgt beleid \(name) (\(host.display(file)))."),
                            subjects: [Subject(name, [.init("policy", name), .init("file", host.display(file))])],
                            severity: dangerous ? nil : .info))
                    }
                }
            }
            for pattern in row.enrollment {
                for file in host.glob(pattern, into: &gathering) {
                    files += 1
                    // Only its presence matters: the token itself is never read.
                    gathering.drafts.append(FindingDraft(
                        key: "\(file)#enrollment",
                        detail: LocalizedText(en: "\(row.name) is enrolled in a management console (\(host.display(file))): whoever runs that console can see and set how it is used.",
                                              nl: "\(row.name) is aangemeld bij een beheerconsole (\(host.display(file))): wie die console beheert, kan zien en instellen hoe de browser gebruikt wordt."),
                        subjects: [Subject(host.display(file), [.init("file", host.display(file))])]))
                }
            }
        }
        for pattern in autoconfig {
            for file in host.glob(pattern, into: &gathering) where !host.isDirectory(file) {
                files += 1
                guard let text = host.text(file, into: &gathering),
                      let pref = MozillaPrefs(text)["general.config.filename"], !pref.value.isEmpty else { continue }
                gathering.drafts.append(FindingDraft(
                    key: "\(file)#autoconfig",
                    detail: LocalizedText(en: "\(host.display(file)) line \(pref.line) makes Firefox run \(pref.value) at every start. Such a file can read everything the browser does.",
                                          nl: "\(host.display(file)) regel \(pref.line) laat Firefox bij elke start \(pref.value) uitvoeren. Zo'n bestand kan alles lezen wat de browser doet."),
                    subjects: [Subject(pref.value, [.init("file", "\(host.display(file)):\(pref.line)")])]))
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "no browser policy, enrollment or autoconfig found (\(files) files looked at)",
            nl: "geen browserbeleid, aanmelding bij een console of autoconfig gevonden (\(files) bestanden bekeken)"))
    }

    func containsRiskyValue(_ value: Any) -> Bool {
        if let dictionary = value as? [String: Any] {
            for (key, inner) in dictionary {
                if let wanted = riskyValues[key], let text = inner as? String, wanted.contains(text) { return true }
                if containsRiskyValue(inner) { return true }
            }
        } else if let list = value as? [Any] {
            return list.contains(where: containsRiskyValue)
        }
        return false
    }
}
