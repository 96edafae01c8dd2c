import AuditCore
import Foundation

/// Browser extensions that can watch what the person does: those with broad permissions, and those
/// that did not come from the store (sideloaded, forced, loaded unpacked). Known extensions are skipped.
struct BrowserExtensionsKind: CheckKind {
    enum Report: String, CaseIterable, Sendable {
        /// Enabled extensions with permissions to read browsing (tabs, history, every site…).
        case broadPermissions = "broad-permissions"
        /// Every extension that did not come from the store, enabled or not.
        case outsideStore = "outside-store"
        /// Chromium's developer mode switched on.
        case developerMode = "developer-mode"
    }

    static let description = KindDescription(
        identifier: "browser-extensions",
        family: "access",
        summary: "Reads Firefox extensions.json and Chromium Preferences: extensions with broad permissions, extensions not from the store (sideloaded, policy, unpacked, External Extensions JSON), or developer mode; known-extensions are skipped.",
        parameters: [
            ParameterSpec("browsers", required: true, "a data file of browser rows (browsers.yaml) or a list of rows"),
            ParameterSpec("report", required: true, "broad-permissions (enabled store extensions), outside-store (any not from the store) or developer-mode"),
        ],
        examples: [
            KindExample("a sideloaded Chromium extension and a Firefox sideload", parameters: Self.example("outside-store"), files: [
                "~/.config/chromium/Default/Preferences": #"{"extensions":{"settings":{"olnpgglimnleaakacckggjnlbjphnknc":{"location":2,"creation_flags":1,"from_webstore":false,"disable_reasons":[],"path":"olnpgglimnleaakacckggjnlbjphnknc/1.0_0","active_permissions":{"api":["geolocation","history","tabs"],"explicit_host":["<all_urls>"]},"manifest":{"name":"Sideloaded Tracker"}},"mhjfbmdgcfjbbpaeojofohoefgiehjai":{"location":5,"path":"/usr/lib/chromium/resources/pdf"}}}}"#,
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nPath=p.default\nIsRelative=1\n",
                "~/.mozilla/firefox/p.default/extensions.json": #"{"schemaVersion":37,"addons":[{"id":"helper@example.invalid","type":"extension","location":"app-profile","active":false,"userDisabled":true,"signedState":0,"foreignInstall":true,"installTelemetryInfo":{"source":"app-profile","method":"sideload"},"userPermissions":{"permissions":["tabs","history"],"origins":["<all_urls>"]},"defaultLocale":{"name":"Family Helper"}},{"id":"formautofill@mozilla.org","type":"extension","location":"app-builtin-addons","isBuiltin":true,"active":true}]}"#,
            ], expect: .failed, findings: 2),
            KindExample("only store extensions", parameters: Self.example("outside-store"), files: [
                "~/.config/chromium/Default/Preferences": #"{"extensions":{"settings":{"cjpalhdlnbpafiamejdnhcphjbkeiagm":{"location":1,"from_webstore":true,"disable_reasons":[],"active_permissions":{"api":["tabs"],"explicit_host":["<all_urls>"]}}}}}"#,
            ], expect: .passed),
            KindExample("a store extension that can read every site", parameters: Self.example("broad-permissions"), files: [
                "~/.config/chromium/Default/Preferences": #"{"extensions":{"settings":{"cjpalhdlnbpafiamejdnhcphjbkeiagm":{"location":1,"from_webstore":true,"disable_reasons":[],"active_permissions":{"api":["storage"],"explicit_host":["<all_urls>"]},"manifest":{"name":"Blocker"}},"aaaabbbbccccddddeeeeffffgggghhhh":{"location":1,"from_webstore":true,"disable_reasons":[1],"active_permissions":{"api":["history"]}}}}}"#,
            ], expect: .failed, findings: 1),
            KindExample("developer mode on", parameters: Self.example("developer-mode"), files: [
                "~/.config/chromium/Default/Preferences": #"{"extensions":{"ui":{"developer_mode":true}}}"#,
            ], expect: .failed, findings: 1),
            KindExample("developer mode off", parameters: Self.example("developer-mode"), files: [
                "~/.config/chromium/Default/Preferences": #"{"extensions":{"ui":{"developer_mode":false}}}"#,
            ], expect: .passed),
            KindExample("a cut-off extensions.json is said", parameters: Self.example("broad-permissions"), files: [
                "~/.mozilla/firefox/profiles.ini": "[Profile0]\nName=default\nPath=p.default\nIsRelative=1\n",
                "~/.mozilla/firefox/p.default/extensions.json": #"{"schemaVersion":37,"addons":[{"id":"x","#,
            ], expect: .error),
        ])

    static func example(_ report: String) -> String {
        """
        report: \(report)
        browsers:
          - {name: Firefox, engine: firefox, roots: ["~/.mozilla/firefox"]}
          - {name: Chromium, engine: chromium, roots: ["~/.config/chromium"], system-extensions: [/usr/share/chromium/extensions]}
        """
    }

    let browsers: [BrowserRow]
    let report: Report

    init(parameters: Parameters) throws {
        browsers = try BrowserRow.read(parameters)
        report = try parameters.choice("report")
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList(context.inputs, AccessInput.extensions)
        var gathering = Gathering()
        let profiles = BrowserProfiles.find(browsers, homes: homes, host: host, into: &gathering)
        var count = 0
        for profile in profiles {
            if report == .developerMode {
                guard profile.engine == .chromium else { continue }
                gathering.looked += 1
                let file = profile.file("Preferences")
                if let prefs = host.jsonObject(file, into: &gathering), jsonBool(prefs, "extensions.ui.developer_mode") == true {
                    let label = profile.label(host)
                    gathering.drafts.append(FindingDraft(
                        key: "\(profile.path)#developer-mode",
                        detail: LocalizedText(en: "\(label.en) has developer mode on, which lets extensions be loaded from any folder.",
                                              nl: "\(label.nl) heeft de ontwikkelaarsmodus aan, waarmee extensies uit elke map geladen kunnen worden."),
                        subjects: [Subject(label.en, [.init("profile", label), .init("file", host.display(file))])]))
                }
                continue
            }
            let extensions = profile.engine == .firefox
                ? ExtensionReader.firefox(profile, host: host, into: &gathering)
                : ExtensionReader.chromium(profile, host: host, into: &gathering)
            for item in extensions where item.origin != .builtIn {
                count += 1
                if known.contains(item.id) || known.contains(item.name) { gathering.known += 1; continue }
                switch report {
                case .broadPermissions:
                    // Extensions from outside the store are the outside-store report's, whatever their rights.
                    guard item.origin == .store, item.enabled, !item.broad.isEmpty else { continue }
                    gathering.drafts.append(draft(item, profile, host: host, severity: nil, why: LocalizedText(
                        en: "It can use: \(item.broad.joined(separator: ", ")).", nl: "Het mag: \(item.broad.joined(separator: ", ")).")))
                case .outsideStore:
                    guard item.origin != .store else { continue }
                    var severity: Severity? = nil
                    var note = LocalizedText(en: "", nl: "")
                    if let path = item.path, let package = PackageOwner.owner(of: path, host: host) {
                        severity = .info
                        note = LocalizedText(en: " Its files belong to the system package \(package).", nl: " De bestanden horen bij het systeempakket \(package).")
                    }
                    gathering.drafts.append(draft(item, profile, host: host, severity: severity, why: note))
                case .developerMode:
                    break
                }
            }
        }
        if report == .outsideStore {
            // Folders every Chromium profile on this computer loads extensions from.
            for row in browsers {
                for pattern in row.systemExtensions {
                    for file in host.glob(pattern + "/*.json", into: &gathering) {
                        let id = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                        if known.contains(id) { gathering.known += 1; continue }
                        let package = PackageOwner.owner(of: file, host: host)
                        gathering.drafts.append(FindingDraft(
                            key: "system#\(file)",
                            detail: LocalizedText(en: "\(host.display(file)) makes \(row.name) install extension \(id) for every user, outside the store.",
                                                  nl: "\(host.display(file)) laat \(row.name) extensie \(id) voor elke gebruiker installeren, buiten de winkel om."),
                            subjects: [Subject(id, [.init("extension", id), .init("file", host.display(file))] + (package.map { [.init("package", $0)] } ?? []))],
                            severity: package == nil ? nil : .info))
                    }
                }
            }
        }
        let evidence: LocalizedText = switch report {
        case .broadPermissions:
            LocalizedText(en: "\(count) extensions in \(profiles.count) profiles; none you have not marked as known can read your browsing",
                          nl: "\(count) extensies in \(profiles.count) profielen; geen enkele die je niet als bekend hebt aangemerkt kan je surfgedrag lezen")
        case .outsideStore:
            LocalizedText(en: "\(count) extensions in \(profiles.count) profiles; all came from the store",
                          nl: "\(count) extensies in \(profiles.count) profielen; alle kwamen uit de winkel")
        case .developerMode:
            LocalizedText(en: "developer mode is off in \(gathering.looked) Chromium-family profiles",
                          nl: "de ontwikkelaarsmodus staat uit in \(gathering.looked) profielen van Chromium-browsers")
        }
        return try gathering.outcome(host, homes: homes, evidence: evidence)
    }

    func draft(_ item: BrowserExtension, _ profile: BrowserProfile, host: Machine, severity: Severity?, why: LocalizedText) -> FindingDraft {
        let label = profile.label(host)
        let origin = item.originText()
        let state = item.enabled ? LocalizedText(en: "enabled", nl: "aan") : LocalizedText(en: "disabled", nl: "uit")
        var fields: [Subject.Field] = [.init("extension", item.id), .init("profile", label), .init("installed", origin),
                                       .init("state", state), .init("file", host.display(item.source))]
        if !item.broad.isEmpty { fields.append(.init("permissions", item.broad.joined(separator: ", "))) }
        if let path = item.path { fields.append(.init("path", host.display(path))) }
        return FindingDraft(
            key: "\(profile.path)#\(item.id)",
            detail: LocalizedText(en: "Extension '\(item.name)' in \(label.en): \(origin.en), \(state.en).\(why.en.isEmpty ? "" : " " + why.en)",
                                  nl: "Extensie '\(item.name)' in \(label.nl): \(origin.nl), \(state.nl).\(why.nl.isEmpty ? "" : " " + why.nl)"),
            subjects: [Subject(item.name, fields)], severity: severity)
    }
}
