import AuditCore
import Foundation

/// The indicator files a check names, loaded once per process (about 900 KB, read only when a phone is checked).
struct IndicatorFilesParameters: Sendable {
    let ioc: CheckDataFile
    let watchware: CheckDataFile
    let samples: CheckDataFile
    let appFlags: CheckDataFile

    static let specs = [
        ParameterSpec("ioc", required: true, "Echap's ioc.yaml (stalkerware apps: packages, certificates), relative to the check file"),
        ParameterSpec("watchware", required: true, "Echap's watchware.yaml (family trackers and the like)"),
        ParameterSpec("samples", required: true, "Echap's samples.csv (APK SHA-256 of known stalkerware)"),
        ParameterSpec("app-flags", required: true, "ISDi's app-flags.csv (dual-use and stalkerware apps)"),
    ]

    init(_ parameters: Parameters) throws {
        ioc = try parameters.dataFile("ioc")
        watchware = try parameters.dataFile("watchware")
        samples = try parameters.dataFile("samples")
        appFlags = try parameters.dataFile("app-flags")
    }

    func load() throws -> Indicators {
        try IndicatorCache.shared.indicators(self)
    }
}

final class IndicatorCache: @unchecked Sendable {
    static let shared = IndicatorCache()
    private let lock = NSLock()
    private var loaded: [String: Indicators] = [:]

    func indicators(_ files: IndicatorFilesParameters) throws -> Indicators {
        let key = [files.ioc.path, files.watchware.path, files.samples.path, files.appFlags.path].joined(separator: "|")
        return try lock.withLock {
            if let indicators = loaded[key] { return indicators }
            let indicators = try Indicators.load(ioc: files.ioc, watchware: files.watchware, samples: files.samples, appFlags: files.appFlags)
            loaded[key] = indicators
            return indicators
        }
    }
}

/// The installer classes a check names: a data file (`data: phone-installers`) with `stores` (an app store's
/// package → its name) and `package-installers` (the system installers that open downloaded APKs).
extension InstallerClasses {
    static let specs = [
        ParameterSpec("installers", required: true, "the data file naming app stores and the system's package installers"),
    ]

    init(_ parameters: Parameters) throws {
        let file = try parameters.dataFile("installers")
        self = try InstallerCache.shared.classes(file)
    }

    /// Reads the data file (`data: phone-installers`); a problem names the file, line and column.
    static func read(_ file: CheckDataFile) throws -> InstallerClasses {
        try DataDocument.read(file, kind: "phone-installers", keys: ["stores", "package-installers"]) { data in
            InstallerClasses(stores: try data.stringMapping("stores"), packageInstallers: Set(try data.strings("package-installers")))
        }
    }
}

final class InstallerCache: @unchecked Sendable {
    static let shared = InstallerCache()
    private let lock = NSLock()
    private var loaded: [String: InstallerClasses] = [:]

    func classes(_ file: CheckDataFile) throws -> InstallerClasses {
        try lock.withLock {
            if let classes = loaded[file.path + "\u{0}" + file.text] { return classes }
            let classes = try InstallerClasses.read(file)
            loaded[file.path + "\u{0}" + file.text] = classes
            return classes
        }
    }
}

/// A phone check that reads the indicator lists: they load (once) while the other inputs are read, and
/// `hygiene checks validate` reads them in full.
protocol IndicatorReading: CheckKind {
    var files: IndicatorFilesParameters { get }
}

extension IndicatorReading {
    func validateData() throws { _ = try files.load() }
    func warmUp(host: Machine) { _ = try? files.load() }
}

/// What the indicator lists say about one app: by its package name, and by its APK's hash whatever it is called.
func indicatorMatches(_ app: PhoneApp, _ indicators: Indicators) -> [IndicatorMatch] {
    var matches = indicators.matches(package: app.package)
    if let hash = app.apkSHA256, let sample = indicators.sample(sha256: hash) { matches.insert(.sample(sample), at: 0) }
    return matches
}

extension IndicatorMatch {
    var describe: LocalizedText {
        switch self {
        case .stalkerware(let app):
            LocalizedText(en: "package name listed as the stalkerware \(app.name) (Echap's indicators)",
                          nl: "pakketnaam staat bekend als de stalkerware \(app.name) (indicatoren van Echap)")
        case .sample(let sample):
            LocalizedText(en: "the app file's SHA-256 is a known sample of \(sample.app) (\(sample.package) version \(sample.version), Echap's indicators)",
                          nl: "de SHA-256 van het app-bestand is een bekend exemplaar van \(sample.app) (\(sample.package) versie \(sample.version), indicatoren van Echap)")
        case .flaggedSpyware(let flag):
            LocalizedText(en: "flagged \(flag.flag) as \(flag.title) (ISDi's app list)", nl: "gemarkeerd als \(flag.flag): \(flag.title) (app-lijst van ISDi)")
        case .watchware(let app):
            LocalizedText(en: "a tracking app: \(app.name) (Echap's watchware list)", nl: "een volg-app: \(app.name) (watchware-lijst van Echap)")
        case .dualUse(let flag):
            LocalizedText(en: "an app that can be used to watch someone: \(flag.title) (ISDi's dual-use list)",
                          nl: "een app waarmee iemand in de gaten te houden is: \(flag.title) (dual-use-lijst van ISDi)")
        }
    }
}

/// Known stalkerware on the phone: by package name (Echap, ISDi's stalkerware and spyware rows) or by the
/// APK's SHA-256 (Echap's samples), so a renamed copy is found too. Every finding is an alarm.
struct KnownStalkerwareKind: IndicatorReading {
    static let description = KindDescription(
        identifier: "phone-known-stalkerware",
        family: "phone",
        summary: "Finds apps that the stalkerware indicators know, by package name or by the SHA-256 of their APK file, with what each has switched on.",
        parameters: IndicatorFilesParameters.specs + InstallerClasses.specs
            + [ParameterSpec("as-of", "how recent the lists are, said with every result (Echap 2026-06-21, ISDi 2026-07-22)")], examples: examples)

    let files: IndicatorFilesParameters
    let classes: InstallerClasses
    let asOf: String?

    init(parameters: Parameters) throws {
        files = try IndicatorFilesParameters(parameters)
        classes = try InstallerClasses(parameters)
        asOf = parameters.has("as-of") ? try parameters.string("as-of") : nil
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try context.phone()
        let everything = try scan.allPackages()
        let apps = everything.filter { !$0.isSystem }
        let indicators = try files.load()
        var drafts: [FindingDraft] = []
        // Every package, the system's too: stalkerware on a rooted phone can sit among them.
        for app in everything {
            let alarms = indicatorMatches(app, indicators).filter(\.isAlarm)
            guard !alarms.isEmpty else { continue }
            let how = alarms.map(\.describe)
            let subject = app.subject(classes, extra: [.init("matched by", LocalizedText(en: how.map(\.en).joined(separator: "; "), nl: how.map(\.nl).joined(separator: "; ")))])
            drafts.append(FindingDraft(
                key: app.package,
                title: LocalizedText(en: "Known stalkerware: \(app.package)", nl: "Bekende stalkerware: \(app.package)"),
                detail: LocalizedText(en: "This app is known as stalkerware: it can pass on your messages, location, calls or screen to someone else.",
                                      nl: "Deze app staat bekend als stalkerware: hij kan je berichten, locatie, gesprekken of scherm aan iemand anders doorgeven."),
                subjects: [subject]))
        }
        guard drafts.isEmpty else { return .failed(drafts) }
        let files = apps.filter { $0.path?.hasPrefix("/data/") == true }.count
        let hashed = apps.filter { $0.apkSHA256 != nil }.count
        let byHash: LocalizedText = switch (hashed, files) {
        case (0, _): LocalizedText(en: " (the app files could not be hashed, so renamed copies were not looked for)",
                                   nl: " (de app-bestanden konden niet gehasht worden, dus naar hernoemde kopieën is niet gezocht)")
        case let (done, all) where done < all:
            LocalizedText(en: ", and none of \(done) app files by hash (\(all - done) could not be hashed)",
                          nl: ", en geen van de \(done) app-bestanden op hash (\(all - done) konden niet gehasht worden)")
        default: LocalizedText(en: ", and none of \(hashed) app files by hash", nl: ", en geen van de \(hashed) app-bestanden op hash")
        }
        return .passed(evidence: LocalizedText(
            en: "none of \(apps.count) apps is in the indicator lists by name\(byHash.en). The lists\(asOf.map { " (as of \($0))" } ?? "") are incomplete: no match does not mean no stalkerware.",
            nl: "geen van de \(apps.count) apps staat op de indicatorlijsten op naam\(byHash.nl). De lijsten\(asOf.map { " (stand van \($0))" } ?? "") zijn onvolledig: geen treffer betekent niet dat er geen stalkerware is."))
    }
}

/// Apps that can be used to watch someone but have honest uses too (family trackers, phone finders,
/// dual-use apps): a question, "did you install this, and do you know who sees what it collects?".
struct DualUseAppsKind: IndicatorReading {
    static let description = KindDescription(
        identifier: "phone-dual-use",
        family: "phone",
        summary: "Lists apps on Echap's watchware list and ISDi's dual-use list, as questions.",
        parameters: IndicatorFilesParameters.specs + InstallerClasses.specs, examples: examples)

    let files: IndicatorFilesParameters
    let classes: InstallerClasses

    init(parameters: Parameters) throws {
        files = try IndicatorFilesParameters(parameters)
        classes = try InstallerClasses(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let apps = try context.phone().apps()
        let indicators = try files.load()
        let found = apps.compactMap { app -> (PhoneApp, [IndicatorMatch])? in
            let matches = indicatorMatches(app, indicators)
            // An app that is also an alarm is reported by the stalkerware check.
            guard !matches.isEmpty, !matches.contains(where: \.isAlarm) else { return nil }
            return (app, matches)
        }
        guard !found.isEmpty else {
            return .passed(evidence: LocalizedText(en: "none of \(apps.count) apps is on the watchware or dual-use lists",
                                                   nl: "geen van de \(apps.count) apps staat op de watchware- of dual-use-lijsten"))
        }
        let subjects = found.map { app, matches in
            let how = matches.map(\.describe)
            return app.subject(classes, extra: [.init("listed as", LocalizedText(en: how.map(\.en).joined(separator: "; "), nl: how.map(\.nl).joined(separator: "; ")))])
        }
        return .failed([FindingDraft(
            key: found.map(\.0.package).sorted().joined(separator: "|"),
            title: LocalizedText.count(found.count, en: ("app that can track you: did you install it?", "apps that can track you: did you install them?"),
                                       nl: ("app die je kan volgen: heb je hem zelf geïnstalleerd?", "apps die je kunnen volgen: heb je ze zelf geïnstalleerd?")),
            detail: LocalizedText(en: "These apps have honest uses (finding a lost phone, a family's locations), and the same features let someone else follow you. Ask of each: did I install it, and who can see what it collects?",
                                  nl: "Deze apps hebben eerlijke toepassingen (een kwijtgeraakte telefoon vinden, locaties binnen een gezin), en met dezelfde functies kan iemand anders jou volgen. Vraag je bij elke app af: heb ik hem zelf geïnstalleerd, en wie ziet wat hij verzamelt?"),
            subjects: subjects)])
    }
}
