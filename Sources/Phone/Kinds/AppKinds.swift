import AuditCore
import Foundation

/// Apps for which something a stalker's app needs is switched on (the powers a check lists), one finding
/// per app: what is on, where it came from, whether it hides its icon.
struct AppAccessKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-app-access",
        family: "phone",
        summary: "Lists the non-system apps for which one of the named powers is switched on (granted or enabled, not merely requested).",
        parameters: [ParameterSpec("access", required: true, "the powers: " + Power.allCases.map(\.rawValue).joined(separator: ", "))] + InstallerClasses.specs, examples: examples)

    let powers: [Power]
    let classes: InstallerClasses

    init(parameters: Parameters) throws {
        powers = try parameters.strings("access") { name in
            guard let power = Power(rawValue: name) else {
                throw Parameters.Problem(message: "unknown power '\(name)'; known: \(Power.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return power
        }
        classes = try InstallerClasses(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        for power in powers {
            let (ok, why) = PhoneApps.reading(for: power, in: snapshot)
            if !ok, let why {
                throw NotJudged(LocalizedText(en: "could not read whether apps hold '\(power.label.en)': \(why.en)",
                                              nl: "kon niet lezen of apps '\(power.label.nl)' hebben: \(why.nl)"))
            }
        }
        let apps = try context.phone().apps()
        let holding = apps.filter { !Set($0.powers).isDisjoint(with: powers) }
        let names = powers.map(\.label)
        guard !holding.isEmpty else {
            return .passed(evidence: LocalizedText(en: "no app other than the system's has: \(names.map(\.en).joined(separator: ", "))",
                                                   nl: "geen app buiten het systeem heeft: \(names.map(\.nl).joined(separator: ", "))"))
        }
        return .failed(holding.map { app in
            let these = app.powers.filter(powers.contains).map(\.label)
            return FindingDraft(
                key: app.package,
                title: LocalizedText(en: "\(app.package): \(these.map(\.en).joined(separator: ", "))", nl: "\(app.package): \(these.map(\.nl).joined(separator: ", "))"),
                detail: LocalizedText(en: "Is this an app you chose, and do you know why it needs this?", nl: "Is dit een app die je zelf koos, en weet je waarom hij dit nodig heeft?"),
                subjects: [app.subject(classes)])
        })
    }
}

/// Apps installed from outside an app store: the system's package installer (a downloaded APK), another
/// app, or none at all (`adb install` from a computer). Other stores are listed for information.
struct InstallSourceKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-install-source",
        family: "phone",
        summary: "Lists the non-system apps that did not come from Google Play or another known store, with their install time; other stores' apps are informational.",
        parameters: InstallerClasses.specs, examples: examples)

    let classes: InstallerClasses

    init(parameters: Parameters) throws {
        classes = try InstallerClasses(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        _ = try snapshot.packageDetails.required(LocalizedText(en: "the apps' installers (dumpsys package)", nl: "de installatiebronnen van apps (dumpsys package)"))
        let apps = try context.phone().apps()
        let outside = apps.filter { $0.source(classes).isOutsideStores }
        let stores = apps.filter { if case .store = $0.source(classes) { true } else { false } }
        var drafts: [FindingDraft] = []
        if !outside.isEmpty {
            drafts.append(FindingDraft(
                key: "outside:" + outside.map(\.package).joined(separator: "|"),
                title: LocalizedText.count(outside.count, en: ("app installed from outside an app store", "apps installed from outside an app store"),
                                           nl: ("app buiten een appwinkel om geïnstalleerd", "apps buiten een appwinkel om geïnstalleerd")),
                detail: LocalizedText(en: "Stalkerware is rarely in a store: it is put on by hand, from a downloaded file or from a computer, by someone who had the phone. Do you recognise each of these, and when it was installed?",
                                      nl: "Stalkerware staat zelden in een winkel: iemand die de telefoon in handen had, zet hem er met de hand op, vanuit een gedownload bestand of vanaf een computer. Herken je elk van deze apps, en het moment waarop hij geïnstalleerd is?"),
                subjects: outside.map { $0.subject(classes) }))
        }
        if !stores.isEmpty {
            drafts.append(FindingDraft(
                key: "stores:" + stores.map(\.package).joined(separator: "|"),
                title: LocalizedText.count(stores.count, en: ("app from another app store", "apps from other app stores"),
                                           nl: ("app uit een andere appwinkel", "apps uit andere appwinkels")),
                detail: LocalizedText(en: "For information: these came from a store other than Google Play.", nl: "Ter informatie: deze komen uit een andere winkel dan Google Play."),
                subjects: stores.map { $0.subject(classes) }, severity: .info))
        }
        guard drafts.isEmpty else { return .failed(drafts) }
        return .passed(evidence: LocalizedText(en: "all \(apps.count) apps came from Google Play", nl: "alle \(apps.count) apps komen uit Google Play"))
    }
}

/// Non-system apps without an icon in the app drawer. Some honest apps have none (keyboards, plug-ins),
/// so this is a question; stalkerware nearly always hides.
struct HiddenAppsKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-hidden-apps",
        family: "phone",
        summary: "Lists the non-system apps that have no launcher activity (no icon in the app drawer).",
        parameters: InstallerClasses.specs, examples: examples)

    let classes: InstallerClasses

    init(parameters: Parameters) throws {
        classes = try InstallerClasses(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        _ = try snapshot.launcherPackages.required(LocalizedText(en: "which apps have an icon (pm query-activities)", nl: "welke apps een pictogram hebben (pm query-activities)"))
        let apps = try context.phone().apps()
        // A disabled app has no icon because it cannot run at all: not hidden.
        let hidden = apps.filter { $0.hasLauncherIcon == false && !$0.isDisabled }
        guard !hidden.isEmpty else {
            return .passed(evidence: LocalizedText(en: "all \(apps.count) apps have an icon in the app drawer", nl: "alle \(apps.count) apps hebben een pictogram in het app-overzicht"))
        }
        return .failed([FindingDraft(
            key: hidden.map(\.package).joined(separator: "|"),
            title: LocalizedText.count(hidden.count, en: ("app without an icon", "apps without an icon"), nl: ("app zonder pictogram", "apps zonder pictogram")),
            detail: LocalizedText(en: "These apps cannot be opened from the app drawer. Keyboards, plug-ins and helper apps may honestly have no icon; stalkerware hides to stay unnoticed. Find each under Settings → Apps.",
                                  nl: "Deze apps zijn niet te openen vanuit het app-overzicht. Toetsenborden, plug-ins en hulpapps hebben soms echt geen pictogram; stalkerware verbergt zich om niet op te vallen. Je vindt ze onder Instellingen → Apps."),
            subjects: hidden.map { $0.subject(classes) })])
    }
}

/// Signals that together point to stalkerware even when no list knows the app: rules of signals that must
/// all hold, each with the severity it gives; an app with a single signal is left to the other checks.
struct CombinedSignalsKind: IndicatorReading {
    enum Signal: String, CaseIterable {
        case outsideStore = "outside-store", hidden, listed
        case accessibility, notificationListener = "notification-listener", deviceAdmin = "device-admin"
        case backgroundLocation = "background-location", sms, callLog = "call-log", microphone, usageAccess = "usage-access", drawOver = "draw-over"

        var label: LocalizedText {
            switch self {
            case .outsideStore: LocalizedText(en: "installed from outside a store", nl: "buiten een winkel om geïnstalleerd")
            case .hidden: LocalizedText(en: "hidden from the app drawer", nl: "verborgen in het app-overzicht")
            case .listed: LocalizedText(en: "on a watchware or dual-use list", nl: "op een watchware- of dual-use-lijst")
            default: Power(rawValue: rawValue)!.label
            }
        }
    }

    struct Rule {
        var signals: [Signal]
        var severity: Severity
    }

    static let description = KindDescription(
        identifier: "phone-combined",
        family: "phone",
        summary: "Judges apps that no list calls stalkerware by signals together: the first rule whose signals an app all has gives its finding and severity.",
        parameters: [ParameterSpec("rules", required: true, "list of {all: [signals], severity}; signals: " + Signal.allCases.map(\.rawValue).joined(separator: ", "))]
            + IndicatorFilesParameters.specs + InstallerClasses.specs, examples: examples)

    let rules: [Rule]
    let files: IndicatorFilesParameters
    let classes: InstallerClasses

    init(parameters: Parameters) throws {
        rules = try parameters.list("rules") { rule in
            let signals = try rule.strings("all") { name in
                guard let signal = Signal(rawValue: name) else {
                    throw Parameters.Problem(message: "unknown signal '\(name)'; known: \(Signal.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return signal
            }
            guard signals.count >= 2 else { throw Parameters.Problem(message: "a rule combines at least two signals") }
            let severityName = try rule.strings("severity").first ?? ""
            guard let severity = Severity(rawValue: severityName) else { throw Parameters.Problem(message: "unknown severity '\(severityName)'") }
            return Rule(signals: signals, severity: severity)
        }
        files = try IndicatorFilesParameters(parameters)
        classes = try InstallerClasses(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        let apps = try context.phone().apps()
        let indicators = try files.load()
        var drafts: [FindingDraft] = []
        for app in apps {
            let matches = indicatorMatches(app, indicators)
            // Known stalkerware has its own finding, with what the lists say; this check is for the rest.
            if matches.contains(where: \.isAlarm) { continue }
            var signals = Set<Signal>()
            if app.source(classes).isOutsideStore { signals.insert(.outsideStore) }
            if app.hasLauncherIcon == false && !app.isDisabled { signals.insert(.hidden) }
            if !matches.isEmpty { signals.insert(.listed) }
            for power in app.powers { if let signal = Signal(rawValue: power.rawValue) { signals.insert(signal) } }
            guard let rule = rules.first(where: { Set($0.signals).isSubset(of: signals) }) else { continue }
            let held = Signal.allCases.filter(signals.contains).map(\.label)
            drafts.append(FindingDraft(
                key: app.package,
                title: LocalizedText(en: "\(app.package) behaves like stalkerware", nl: "\(app.package) gedraagt zich als stalkerware"),
                detail: LocalizedText(en: "Together these signals are what stalkerware looks like, whether or not any list knows the app: \(held.map(\.en).joined(separator: ", ")).",
                                      nl: "Samen zijn deze signalen het beeld van stalkerware, of een lijst de app nu kent of niet: \(held.map(\.nl).joined(separator: ", "))."),
                subjects: [app.subject(classes)], severity: rule.severity))
        }
        guard drafts.isEmpty else { return .failed(drafts) }
        return .passed(evidence: LocalizedText(en: "no app of \(apps.count) combines the signals of stalkerware", nl: "geen van de \(apps.count) apps combineert de signalen van stalkerware"))
    }
}

extension InstallSource {
    var isOutsideStore: Bool { isOutsideStores }
}
