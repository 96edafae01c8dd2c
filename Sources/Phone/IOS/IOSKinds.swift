import AuditCore
import Foundation

/// What the phone family's iPhone checks judge: one capture of one iPhone, parsed.
public struct IOSScan: Sendable {
    public var snapshot: IOSSnapshot
    public var folder: String
    public var captured: Date

    public init(capture: PhoneCapture) {
        snapshot = IOSSnapshot(capture: capture)
        folder = capture.folder
        captured = capture.manifest.created
    }

    /// The apps, or the check ends in error with the reason the list was not read.
    func apps() throws -> [IOSApp] {
        try snapshot.apps.required(LocalizedText(en: "the app list (ideviceinstaller)", nl: "de app-lijst (ideviceinstaller)"))
    }
}

extension InputKey where Value == IOSScan {
    /// The iPhone read before the audit (or a saved capture of it).
    public static let iphone = InputKey("iphone", missing: LocalizedText(
        en: "no iPhone was read (--phone ios, or --phone-capture DIR of an iPhone)", nl: "er is geen iPhone gelezen (--phone ios, of --phone-capture MAP van een iPhone)"))
}

extension CheckContext {
    /// The iPhone the audit read; on an Android phone the check is not applicable, and says so.
    func iphone() throws -> IOSScan {
        if inputs[.phone] != nil {
            throw SkipCheck(LocalizedText(en: "not applicable: this check reads an iPhone; the phone read is an Android phone",
                                          nl: "niet van toepassing: deze controle leest een iPhone; de gelezen telefoon is een Android-telefoon"))
        }
        return try inputs.require(.iphone)
    }
}

extension Reading {
    /// The value, or the check ends as not judged with the reason the iPhone's answer was not read.
    func requiredFromIPhone(_ what: LocalizedText) throws -> Value {
        switch self {
        case .read(let value): return value
        case .notRead(let reason):
            throw NotJudged(LocalizedText(en: "could not read \(what.en) from the iPhone: \(reason.en)",
                                          nl: "kon \(what.nl) niet van de iPhone lezen: \(reason.nl)"))
        }
    }
}

/// One lockdown value compared with the value that is a problem: supervision, a passcode, Wi-Fi sync, a backup
/// password, iCloud Backup, Developer Mode. One kind for many rows of `Checks/phone/ios.yaml`.
struct IOSLockdownValueKind: CheckKind {
    static let description = KindDescription(
        identifier: "ios-lockdown-value", family: "phone",
        summary: "Fails when one of the iPhone's lockdown values (ideviceinfo, a domain and a key) has the value named as the problem.",
        parameters: [
            ParameterSpec("probe", required: true, "the capture's probe: " + IOSCapture.standard.map(\.id).filter { $0.hasPrefix("info") }.joined(separator: ", ")),
            ParameterSpec("key", required: true, "the key in that domain (DeviceIsChaperoned, PasswordProtected, …)"),
            ParameterSpec("fails-when", required: true, "true or false: the value that is the problem"),
            ParameterSpec("absent", "what a missing key means: passes (the phone leaves it out when off) or not-judged (default)"),
            ParameterSpec("finding", required: true, "what the finding says, en and nl"),
            ParameterSpec("passed", required: true, "what the evidence says when the value is not the problem, en and nl"),
        ],
        examples: [
            IOSExample.example("a supervised phone", Self.example, IOSExample.capture(domains: ["info-chaperone": ["DeviceIsChaperoned": true]]), expect: .failed, findings: 1),
            IOSExample.example("a personal phone (the key is absent)", Self.example, IOSExample.capture(), expect: .passed),
        ])

    static let example = """
        probe: info-chaperone
        key: DeviceIsChaperoned
        fails-when: true
        absent: passes
        finding: {en: Supervised., nl: Beheerd.}
        passed: {en: not supervised, nl: niet beheerd}
        """

    let probe: String
    let key: String
    let failsWhen: Bool
    let absentPasses: Bool
    let finding: LocalizedText
    let passed: LocalizedText

    init(parameters: Parameters) throws {
        let id = try parameters.string("probe")
        guard IOSCapture.standard.contains(where: { $0.id == id && $0.id.hasPrefix("info") }) else {
            throw parameters.problem("probe", "unknown probe '\(id)'")
        }
        probe = id
        key = try parameters.string("key")
        failsWhen = try parameters.bool("fails-when", default: true)
        let absent = try parameters.optionalString("absent") ?? "not-judged"
        guard ["passes", "not-judged"].contains(absent) else { throw parameters.problem("absent", "must be passes or not-judged") }
        absentPasses = absent == "passes"
        finding = try DataDocument.text(parameters, "finding")
        passed = try DataDocument.text(parameters, "passed")
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.iphone().snapshot
        let value = try snapshot.value(probe, key).requiredFromIPhone(LocalizedText(en: "\(key) (\(probe))", nl: "\(key) (\(probe))"))
        guard let value else {
            if absentPasses { return .passed(evidence: passed) }
            throw NotJudged(LocalizedText(en: "the iPhone did not give \(key) (\(probe)), so this cannot be judged",
                                          nl: "de iPhone gaf \(key) (\(probe)) niet, dus dit is niet te beoordelen"))
        }
        guard let flag = value.bool else {
            throw NotJudged(LocalizedText(en: "the iPhone gave \(key) a value that is not true or false", nl: "de iPhone gaf \(key) een waarde die niet waar of onwaar is"))
        }
        guard flag == failsWhen else { return .passed(evidence: passed) }
        return .failed([FindingDraft(key: "\(probe):\(key)", detail: finding, subjects: [Subject(snapshot.udid, [.init(key, flag ? "true" : "false")])])])
    }
}

/// The computer that last backed up the iPhone through Apple's software (iTunes, Finder, Apple Devices), when
/// the person does not list it as hers (`known-computers:` in the configuration), and Wi-Fi sync, which lets
/// a trusted computer do so without a cable.
struct IOSBackupComputerKind: CheckKind {
    static let description = KindDescription(
        identifier: "ios-backup-computer", family: "phone",
        summary: "Names the computer that last backed up the iPhone (name, type, date) unless it is in the known-computer input.",
        parameters: [],
        examples: [
            IOSExample.example("an unknown Windows computer", "{}", IOSExample.capture(domains: [
                "info-itunes-backup": ["LastBackupComputerName": "DESKTOP-7QX2M1B", "LastBackupComputerType": "Windows"]]), expect: .failed, findings: 1),
            IOSExample.example("never backed up to a computer", "{}", IOSExample.capture(), expect: .passed),
        ])

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.iphone().snapshot
        let name = try snapshot.value("info-itunes-backup", "LastBackupComputerName")
            .requiredFromIPhone(LocalizedText(en: "the last backup computer", nl: "de laatste back-upcomputer"))?.string
        let type = snapshot.value("info-itunes-backup", "LastBackupComputerType").value??.string
        let date = snapshot.value("info-backup", "LastiTunesBackupDate").value??.date
        let wifi = snapshot.value("info-wireless", "EnableWifiConnections").value??.bool == true
        guard let name, !name.isEmpty else {
            return .passed(evidence: LocalizedText(en: "the iPhone names no computer that backed it up through Apple's software",
                                                   nl: "de iPhone noemt geen computer die er via Apples software een back-up van maakte"))
        }
        let known = Set(context.inputs["known-computer"].map { $0.lowercased() })
        if known.contains(name.lowercased()) {
            return .passed(evidence: LocalizedText(en: "the last backup went to \(name), which you listed as your own computer",
                                                   nl: "de laatste back-up ging naar \(name), die je als je eigen computer hebt opgegeven"))
        }
        var fields: [Subject.Field] = []
        if let type { fields.append(.init("computer type", type)) }
        if let date { fields.append(.init("last backup", ISO8601DateFormatter().string(from: date))) }
        fields.append(.init("Wi-Fi sync", wifi ? LocalizedText(en: "on: it can back up without a cable", nl: "aan: hij kan zonder kabel een back-up maken")
                                                : LocalizedText(en: "off", nl: "uit")))
        return .failed([FindingDraft(
            key: name.lowercased(),
            title: LocalizedText(en: "Your iPhone was last backed up to '\(name)': is that your computer?",
                                 nl: "Van je iPhone is het laatst een back-up gemaakt op '\(name)': is dat jouw computer?"),
            detail: LocalizedText(
                en: "A computer the iPhone trusts can copy almost everything on it — messages, photos, locations — in a backup\(wifi ? ", and with Wi-Fi sync on it can do so over the network, without a cable" : ""). If it is yours, add its name under known-computers in the configuration.",
                nl: "Een computer die de iPhone vertrouwt, kan er bijna alles van kopiëren — berichten, foto's, locaties — in een back-up\(wifi ? ", en met synchronisatie via wifi kan dat over het netwerk, zonder kabel" : ""). Is hij van jou, zet zijn naam dan onder known-computers in de configuratie."),
            subjects: [Subject(name, fields)])])
    }
}

/// Provisioning profiles: an in-house (enterprise) or developer profile is what lets an app from outside the
/// store run on an iPhone without a jailbreak.
struct IOSProvisioningKind: CheckKind {
    static let description = KindDescription(
        identifier: "ios-provisioning-profiles", family: "phone",
        summary: "Lists the provisioning profiles on the iPhone (in-house, development, ad hoc) with their team, dates and the apps they let run.",
        parameters: [],
        examples: [
            IOSExample.example("an in-house profile", "{}", IOSExample.capture(profiles: ["6f1c2a7e": [
                "Name": "Service", "TeamName": "Voorbeeld B.V.", "TeamIdentifier": ["AB12CD34EF"], "ProvisionsAllDevices": true,
                "Entitlements": ["application-identifier": "AB12CD34EF.com.example.service"]]]), expect: .failed, findings: 1),
            IOSExample.example("no profile", "{}", IOSExample.capture(), expect: .passed),
        ])

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try context.iphone()
        let profiles = try scan.snapshot.profiles.requiredFromIPhone(LocalizedText(en: "the provisioning profiles (ideviceprovision)", nl: "de provisioningprofielen (ideviceprovision)"))
        guard !profiles.isEmpty else {
            return .passed(evidence: LocalizedText(en: "no provisioning profile is installed: only store apps can run", nl: "er is geen provisioningprofiel geïnstalleerd: alleen apps uit een winkel kunnen draaien"))
        }
        let apps = scan.snapshot.apps.value ?? []
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return .failed(profiles.map { profile in
            var fields: [Subject.Field] = [.init("kind", profile.kind)]
            if let team = profile.teamName { fields.append(.init("team", team + (profile.teamIDs.first.map { " (\($0))" } ?? ""))) }
            if let created = profile.created { fields.append(.init("created", formatter.string(from: created))) }
            if let expires = profile.expires { fields.append(.init("expires", formatter.string(from: expires))) }
            let using = apps.filter(profile.covers).map { "\($0.name) (\($0.bundleID))" }
            if !using.isEmpty { fields.append(.init("used by", using.joined(separator: ", "))) }
            return FindingDraft(
                key: profile.file,
                title: LocalizedText(en: "Provisioning profile '\(profile.name)' (\(profile.kind.en))", nl: "Provisioningprofiel '\(profile.name)' (\(profile.kind.nl))"),
                detail: LocalizedText(en: "This profile lets apps that are not from the App Store run on your iPhone. Did you, or your employer, install it on purpose?",
                                      nl: "Met dit profiel kunnen apps die niet uit de App Store komen op je iPhone draaien. Heb jij of je werkgever het bewust geïnstalleerd?"),
                subjects: [Subject(profile.name, fields)],
                severity: profile.provisionsAllDevices ? nil : .medium)
        })
    }
}

/// Apps not signed for a store: sideloaded with a developer or company certificate. Apps from the App Store and
/// from an approved EU marketplace are signed by Apple and are not listed. Data rules raise the severity when
/// signals come together (location always, background location, a supervised phone).
struct IOSSideloadedAppsKind: CheckKind {
    enum Signal: String, CaseIterable { case outsideStore = "outside-store", locationAlways = "location-always",
                                        backgroundLocation = "background-location", backgroundAudio = "background-audio",
                                        microphone, camera, supervised }
    struct Rule { var all: Set<Signal>; var severity: Severity }

    static let description = KindDescription(
        identifier: "ios-sideloaded-apps", family: "phone",
        summary: "Lists the user apps signed with a developer's or company's certificate instead of a store's; rules raise the severity when signals come together.",
        parameters: [ParameterSpec("rules", "a list of {all: [signals], severity}: " + Signal.allCases.map(\.rawValue).joined(separator: ", "))],
        examples: [
            IOSExample.example("a developer-signed app", "rules: [{all: [outside-store, supervised], severity: critical}]", IOSExample.capture(apps: IOSExample.storeApps + [
                IOSExample.app("com.example.helper", "Helper", signer: "Apple Development: Sam (AB12CD34EF)", validated: true)]), expect: .failed, findings: 1),
            IOSExample.example("store apps only", "{}", IOSExample.capture(), expect: .passed),
        ])

    let rules: [Rule]

    init(parameters: Parameters) throws {
        rules = parameters.has("rules") ? try parameters.list("rules") { rule in
            try rule.allowOnly(["all", "severity"])
            let all = try rule.strings("all") { name in
                guard let signal = Signal(rawValue: name) else {
                    throw Parameters.Problem(message: "unknown signal '\(name)'; known: \(Signal.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return signal
            }
            return Rule(all: Set(all), severity: try rule.choice("severity"))
        } : []
    }

    func signals(_ app: IOSApp, supervised: Bool) -> Set<Signal> {
        var found: Set<Signal> = []
        if !app.isStoreSigned { found.insert(.outsideStore) }
        if app.wantsLocationAlways { found.insert(.locationAlways) }
        if app.backgroundModes.contains("location") { found.insert(.backgroundLocation) }
        if app.backgroundModes.contains("audio") { found.insert(.backgroundAudio) }
        if app.usageKeys.contains("NSMicrophoneUsageDescription") { found.insert(.microphone) }
        if app.usageKeys.contains("NSCameraUsageDescription") { found.insert(.camera) }
        if supervised { found.insert(.supervised) }
        return found
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try context.iphone()
        let apps = try scan.apps().filter { !$0.isSystem }
        let supervised = scan.snapshot.value("info-chaperone", "DeviceIsChaperoned").value??.bool == true
        let sideloaded = apps.filter { !$0.isStoreSigned }
        guard !sideloaded.isEmpty else {
            return .passed(evidence: LocalizedText(
                en: "all \(apps.count) user apps are signed by Apple for a store (the App Store, or an approved EU marketplace)",
                nl: "alle \(apps.count) apps van de gebruiker zijn door Apple ondertekend voor een winkel (de App Store, of een goedgekeurde EU-marktplaats)"))
        }
        return .failed(sideloaded.map { app in
            let found = signals(app, supervised: supervised)
            let severity = rules.filter { $0.all.isSubset(of: found) }.map(\.severity).max()
            var fields: [Subject.Field] = [.init("bundle id", app.bundleID)]
            if let kind = app.signerKind { fields.append(.init("signed with", kind)) }
            if !app.backgroundModes.isEmpty { fields.append(.init("background modes", app.backgroundModes.joined(separator: ", "))) }
            if !app.usageKeys.isEmpty { fields.append(.init("may ask for", app.asksFor)) }
            if supervised { fields.append(.init("managed by", LocalizedText(en: "the phone is supervised (managed)", nl: "de telefoon wordt beheerd (supervised)"))) }
            return FindingDraft(
                key: app.plainBundleID,
                title: LocalizedText(en: "\(app.name): not from the App Store", nl: "\(app.name): niet uit de App Store"),
                detail: LocalizedText(en: "This app is signed with a developer's or company's certificate, so it was put on the iPhone from a computer or through a profile, not from a store. Did you install it?",
                                      nl: "Deze app is ondertekend met het certificaat van een ontwikkelaar of bedrijf, dus hij is vanaf een computer of via een profiel op de iPhone gezet, niet uit een winkel. Heb jij hem geïnstalleerd?"),
                subjects: [Subject(app.name, fields)], severity: severity)
        })
    }
}

/// Apps of jailbreak tools and their stores (`Checks/phone/ios-jailbreak.yaml`), among all apps: jailbreak
/// stores register as system apps.
struct IOSJailbreakKind: CheckKind {
    static let description = KindDescription(
        identifier: "ios-jailbreak", family: "phone",
        summary: "Finds the apps of jailbreak tools and stores, system apps included, from a data file of bundle ids.",
        parameters: [ParameterSpec("apps", required: true, "the data file (data: ios-jailbreak-apps) of bundle ids and names")],
        examples: [
            IOSExample.example("a jailbreak store among the system apps", "apps: ios-jailbreak.yaml", IOSExample.capture(apps: IOSExample.storeApps + [
                IOSExample.app("org.coolstar.sileo", "Sileo", type: "System")]), expect: .failed, findings: 1),
            IOSExample.example("no jailbreak app", "apps: ios-jailbreak.yaml", IOSExample.capture(), expect: .passed),
        ])

    let file: CheckDataFile

    init(parameters: Parameters) throws { file = try parameters.dataFile("apps") }

    static func read(_ file: CheckDataFile) throws -> [(id: String, name: String)] {
        try DataDocument.read(file, kind: "ios-jailbreak-apps", keys: ["apps"]) { data in
            try data.list("apps") { row in
                try row.allowOnly(["id", "name"])
                return (try row.string("id"), try row.string("name"))
            }
        }
    }

    func validateData() throws { _ = try Self.read(file) }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let apps = try context.iphone().apps()
        let list = try Self.read(file)
        let found = apps.compactMap { app -> (IOSApp, String)? in
            let plain = app.plainBundleID
            guard let row = list.first(where: { plain == $0.id || plain.hasPrefix($0.id + ".") }) else { return nil }
            return (app, row.name)
        }
        guard !found.isEmpty else {
            return .passed(evidence: LocalizedText(en: "none of \(apps.count) apps (system apps included) belongs to a known jailbreak tool; a jailbreak without such an app is not seen from a computer",
                                                   nl: "geen van de \(apps.count) apps (systeemapps inbegrepen) hoort bij een bekend jailbreakhulpmiddel; een jailbreak zonder zo'n app is vanaf een computer niet te zien"))
        }
        return .failed([FindingDraft(
            key: found.map(\.0.plainBundleID).sorted().joined(separator: "|"),
            detail: LocalizedText(en: "A jailbreak removes the protections that keep apps apart: software installed with it can read messages, calls and locations. It is rarely done to a phone by accident.",
                                  nl: "Een jailbreak haalt de bescherming weg die apps van elkaar scheidt: software die ermee is geïnstalleerd kan berichten, gesprekken en locaties lezen. Het gebeurt zelden per ongeluk."),
            subjects: found.map { app, name in Subject(app.name, [.init("bundle id", app.bundleID), .init("listed as", name),
                                                                  .init("kind", app.isSystem ? LocalizedText(en: "system app", nl: "systeemapp") : LocalizedText(en: "user app", nl: "app van de gebruiker"))]) })])
    }
}

/// Apps on the shipped lists (Echap's iOS bundle ids, ISDi's App Store rows): the alarms (stalkerware) or the
/// questions (dual-use, family trackers), depending on `which`.
struct IOSListedAppsKind: IndicatorReading {
    static let description = KindDescription(
        identifier: "ios-listed-apps", family: "phone",
        summary: "Finds iPhone apps on Echap's and ISDi's lists by bundle id (team ids left out): which: alarms (stalkerware) or questions (dual-use, trackers).",
        parameters: IndicatorFilesParameters.specs + [ParameterSpec("which", required: true, "alarms or questions"),
                                                      ParameterSpec("as-of", "how recent the lists are")],
        examples: [
            IOSExample.example("a family tracker", Self.example("questions"), IOSExample.capture(apps: IOSExample.storeApps + [
                IOSExample.app("com.life360.safetymap", "Life360")]), expect: .failed, findings: 1),
            IOSExample.example("an app ISDi lists as stalkerware", Self.example("alarms"), IOSExample.capture(apps: IOSExample.storeApps + [
                IOSExample.app("com.screentime", "Screen Time")]), expect: .failed, findings: 1),
            IOSExample.example("nothing listed", Self.example("alarms"), IOSExample.capture(), expect: .passed),
        ])

    static func example(_ which: String) -> String {
        """
        which: \(which)
        ioc: stalkerware-indicators/ioc.yaml
        watchware: stalkerware-indicators/watchware.yaml
        samples: stalkerware-indicators/samples.csv
        app-flags: isdi-app-flags/app-flags.csv
        """
    }

    let files: IndicatorFilesParameters
    let alarms: Bool
    let asOf: String?

    init(parameters: Parameters) throws {
        files = try IndicatorFilesParameters(parameters)
        let which = try parameters.string("which")
        guard ["alarms", "questions"].contains(which) else { throw parameters.problem("which", "must be alarms or questions") }
        alarms = which == "alarms"
        asOf = try parameters.optionalString("as-of")
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let apps = try context.iphone().apps()
        let indicators = try files.load()
        let found = apps.compactMap { app -> (IOSApp, [IndicatorMatch])? in
            let matches = indicators.matches(bundle: app.bundleID)
            guard !matches.isEmpty, matches.contains(where: \.isAlarm) == alarms else { return nil }
            return (app, matches)
        }
        let lists = asOf.map { LocalizedText(en: " (lists as of \($0))", nl: " (lijsten van \($0))") } ?? LocalizedText(en: "", nl: "")
        guard !found.isEmpty else {
            return .passed(evidence: alarms
                ? LocalizedText(en: "none of \(apps.count) apps is listed as stalkerware\(lists.en); the lists know few iPhone apps, so no match does not mean no monitoring",
                                nl: "geen van de \(apps.count) apps staat als stalkerware op de lijsten\(lists.nl); de lijsten kennen weinig iPhone-apps, dus geen treffer betekent niet dat er niet wordt meegekeken")
                : LocalizedText(en: "none of \(apps.count) apps is on the tracker or dual-use lists\(lists.en)",
                                nl: "geen van de \(apps.count) apps staat op de lijsten van volg- of dual-use-apps\(lists.nl)"))
        }
        let subjects = found.map { app, matches in
            let how = matches.map(\.describe)
            return Subject(app.name, [.init("bundle id", app.bundleID),
                                      .init("listed as", LocalizedText(en: how.map(\.en).joined(separator: "; "), nl: how.map(\.nl).joined(separator: "; ")))])
        }
        return .failed([FindingDraft(
            key: found.map(\.0.plainBundleID).sorted().joined(separator: "|"),
            title: alarms ? nil : LocalizedText.count(found.count, en: ("app that can track you: did you install it?", "apps that can track you: did you install them?"),
                                                      nl: ("app die je kan volgen: heb je hem zelf geïnstalleerd?", "apps die je kunnen volgen: heb je ze zelf geïnstalleerd?")),
            detail: alarms
                ? LocalizedText(en: "These apps are listed as made for watching someone. Did you install them, and do you know who sees what they collect?",
                                nl: "Deze apps staan te boek als gemaakt om iemand in de gaten te houden. Heb je ze zelf geïnstalleerd, en weet je wie ziet wat ze verzamelen?")
                : LocalizedText(en: "These apps have honest uses and the same features let someone follow you. Ask of each: did I install it, and who can see what it collects?",
                                nl: "Deze apps hebben eerlijke toepassingen, en met dezelfde functies kan iemand jou volgen. Vraag je bij elke app af: heb ik hem zelf geïnstalleerd, en wie ziet wat hij verzamelt?"),
            subjects: subjects)])
    }
}

/// Apps bought with more than one Apple Account: a sign that someone else's account was used on the phone.
struct IOSPurchasersKind: CheckKind {
    static let description = KindDescription(
        identifier: "ios-app-accounts", family: "phone",
        summary: "Fails when the App Store apps were bought with more than one Apple Account (ApplicationDSID), naming the apps of each.",
        parameters: [],
        examples: [
            IOSExample.example("apps from two accounts", "{}", IOSExample.capture(apps: IOSExample.storeApps + [
                IOSExample.app("com.example.game", "Game", buyer: 22222222222)]), expect: .failed, findings: 1),
            IOSExample.example("one account", "{}", IOSExample.capture(), expect: .passed),
        ])

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let apps = try context.iphone().apps().filter { !$0.isSystem }
        var byAccount: [Int64: [IOSApp]] = [:]
        for app in apps { if let id = app.purchaserID, id != 0 { byAccount[id, default: []].append(app) } }
        guard byAccount.count > 1 else {
            return .passed(evidence: LocalizedText(en: byAccount.isEmpty ? "the app list names no buyer's account" : "all App Store apps were bought with one Apple Account",
                                                   nl: byAccount.isEmpty ? "de app-lijst noemt geen account van een koper" : "alle apps uit de App Store zijn met één Apple-account gekocht"))
        }
        // The largest group first; the accounts are shown by their last digits only.
        let groups = byAccount.sorted { $0.value.count > $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key) }
        return .failed([FindingDraft(
            key: groups.map { String($0.key) }.joined(separator: "|"),
            detail: LocalizedText(en: "The App Store apps on this iPhone were bought with \(byAccount.count) different Apple Accounts. Apps from an account you do not know can mean someone else's account was signed in on your phone.",
                                  nl: "De apps uit de App Store op deze iPhone zijn met \(byAccount.count) verschillende Apple-accounts gekocht. Apps van een account dat je niet kent, kunnen betekenen dat iemand anders zijn account op je telefoon heeft gebruikt."),
            subjects: groups.map { id, apps in
                let digits = String(String(id).suffix(3))
                return Subject("account …\(digits)", [.init("apps", apps.map(\.name).sorted().joined(separator: ", "))])
            })])
    }
}

/// The iOS version against a shipped, dated table of the newest release of each major version and whether
/// that major still gets updates (`Checks/phone/ios-releases.yaml`).
struct IOSVersionKind: CheckKind {
    struct Release { var major: Int; var newest: [Int]; var updated: Bool }

    static let description = KindDescription(
        identifier: "ios-outdated", family: "phone",
        summary: "Fails when the iPhone's iOS is older than the newest release of its major version in the shipped table, or its major version no longer gets updates.",
        parameters: [ParameterSpec("releases", required: true, "the data file (data: ios-releases) with as-of and the releases")],
        examples: [
            IOSExample.example("iOS 17, no longer updated", "releases: ios-releases.yaml", IOSExample.capture(info: ["ProductVersion": "17.5.1"]), expect: .failed, findings: 1),
            IOSExample.example("the newest iOS 26 the table knows", "releases: ios-releases.yaml", IOSExample.capture(), expect: .passed),
        ])

    let file: CheckDataFile

    init(parameters: Parameters) throws { file = try parameters.dataFile("releases") }

    static func version(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".").map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.compactMap { $0 }
    }

    static func older(_ a: [Int], than b: [Int]) -> Bool {
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0, y = index < b.count ? b[index] : 0
            if x != y { return x < y }
        }
        return false
    }

    static func read(_ file: CheckDataFile) throws -> (asOf: String, releases: [Release]) {
        try DataDocument.read(file, kind: "ios-releases", keys: ["as-of", "releases"]) { data in
            let asOf = try data.string("as-of")
            let releases = try data.list("releases") { row in
                try row.allowOnly(["major", "newest", "updated"])
                let newest = try row.string("newest")
                guard let parts = version(newest) else { throw row.problem("newest", "'\(newest)' is not a version like 26.3.1") }
                let major = try row.int("major", in: 1...99)
                guard parts.first == major else { throw row.problem("newest", "'\(newest)' is not a release of iOS \(major)") }
                return Release(major: major, newest: parts, updated: try row.bool("updated", default: true))
            }
            return (asOf, releases)
        }
    }

    func validateData() throws { _ = try Self.read(file) }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.iphone().snapshot
        let text = try snapshot.value("info", "ProductVersion").requiredFromIPhone(LocalizedText(en: "the iOS version", nl: "de iOS-versie"))?.string
        guard let text, let version = Self.version(text) else {
            throw NotJudged(LocalizedText(en: "the iPhone gave no iOS version that can be read", nl: "de iPhone gaf geen leesbare iOS-versie"))
        }
        let (asOf, releases) = try Self.read(file)
        let newestMajor = releases.map(\.major).max() ?? 0
        let subject = Subject(snapshot.udid, [.init("version", text)])
        if version[0] > newestMajor {
            return .passed(evidence: LocalizedText(en: "iOS \(text) is newer than this table knows (as of \(asOf))", nl: "iOS \(text) is nieuwer dan deze tabel kent (stand van \(asOf))"))
        }
        guard let release = releases.first(where: { $0.major == version[0] }), release.updated else {
            return .failed([FindingDraft(
                key: "major:\(version[0])",
                title: LocalizedText(en: "iOS \(text) no longer gets security updates", nl: "iOS \(text) krijgt geen beveiligingsupdates meer"),
                detail: LocalizedText(en: "Known holes in this version stay open (table as of \(asOf)). Update under Settings → General → Software Update; if the iPhone offers nothing newer, it is too old to be kept safe.",
                                      nl: "Bekende gaten in deze versie blijven open (tabel van \(asOf)). Werk bij onder Instellingen → Algemeen → Software-update; biedt de iPhone niets nieuwers, dan is hij te oud om veilig te houden."),
                subjects: [subject])])
        }
        let newest = release.newest.map(String.init).joined(separator: ".")
        guard Self.older(version, than: release.newest) else {
            return .passed(evidence: LocalizedText(en: "iOS \(text) is at least the newest iOS \(release.major) release this table knows (\(newest), as of \(asOf))",
                                                   nl: "iOS \(text) is minstens de nieuwste release van iOS \(release.major) die deze tabel kent (\(newest), stand van \(asOf))"))
        }
        return .failed([FindingDraft(
            key: "release:\(text)",
            title: LocalizedText(en: "iOS \(text) is missing updates (\(newest) or newer is out)", nl: "iOS \(text) mist updates (\(newest) of nieuwer is uit)"),
            detail: LocalizedText(en: "Updates close holes that spyware uses. Install the update under Settings → General → Software Update.",
                                  nl: "Updates dichten gaten die spyware gebruikt. Installeer de update onder Instellingen → Algemeen → Software-update."),
            subjects: [Subject(snapshot.udid, [.init("version", text), .init("newest known", newest)])])])
    }
}
