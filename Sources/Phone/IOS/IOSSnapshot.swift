import AuditCore
import Foundation

/// One app as `ideviceinstaller … xml` lists it (the install proxy's keys plus the app's Info.plist).
public struct IOSApp: Sendable, Hashable {
    public static let appStoreSigner = "Apple iPhone OS Application Signing"

    public var bundleID: String
    public var name: String
    public var version: String?
    /// `User` or `System`; jailbreak stores register as System apps.
    public var type: String
    /// The certificate the app is signed with; Apple's own for the App Store (and for apps from an approved
    /// EU marketplace, which Apple notarises), a developer's or a company's for a sideloaded one.
    public var signer: String?
    /// The app runs under a provisioning profile (a developer or in-house build), not Apple's store signature.
    public var profileValidated: Bool
    /// The numeric id of the Apple Account that bought it (App Store apps only).
    public var purchaserID: Int64?
    public var backgroundModes: [String]
    /// The `NS…UsageDescription` keys: what the app may ask for (location, camera, microphone…).
    public var usageKeys: [String]

    public var isSystem: Bool { type == "System" }

    /// Signed by Apple for a store: not sideloaded.
    public var isStoreSigned: Bool { !profileValidated && (signer == nil || signer == Self.appStoreSigner) }

    /// How the app got its signature when it is not the store's.
    public var signerKind: LocalizedText? {
        guard !isStoreSigned, let signer else {
            return isStoreSigned ? nil : LocalizedText(en: "a provisioning profile", nl: "een provisioningprofiel")
        }
        if signer.hasPrefix("iPhone Distribution:") || signer.hasPrefix("Apple Distribution:") {
            return LocalizedText(en: "a company's or ad-hoc certificate: \(signer)", nl: "een certificaat van een bedrijf of ad hoc: \(signer)")
        }
        if signer.hasPrefix("iPhone Developer:") || signer.hasPrefix("Apple Development:") {
            return LocalizedText(en: "a developer's certificate: \(Self.withoutEmail(signer))", nl: "een ontwikkelaarscertificaat: \(Self.withoutEmail(signer))")
        }
        return LocalizedText(en: "certificate \(Self.withoutEmail(signer))", nl: "certificaat \(Self.withoutEmail(signer))")
    }

    /// A developer certificate's name may be an e-mail address: only its team id in brackets is shown.
    static func withoutEmail(_ signer: String) -> String {
        guard signer.contains("@") else { return signer }
        let prefix = signer.split(separator: ":").first.map(String.init) ?? "certificate"
        let team = signer.range(of: #"\([A-Z0-9]{10}\)"#, options: .regularExpression).map { String(signer[$0]) } ?? ""
        return "\(prefix): … \(team)".trimmingCharacters(in: .whitespaces)
    }

    /// The bundle id without a team id (`ABCDE12345.com.example.app`, `com.ABCDE12345.com.example.app`,
    /// `science.xnu.undecimus.ABCDE12345`): how sideloading tools rename an app, and how lists name it.
    public var plainBundleID: String { Self.plain(bundleID) }

    public static func plain(_ id: String) -> String {
        var parts = id.split(separator: ".")
        // AltStore-style `com.TEAMID.<original id>`: the `com.` belongs to the prefix.
        if parts.count > 3, parts[0] == "com", isTeamID(parts[1]) { parts.removeFirst(2) }
        return parts.filter { !isTeamID($0) }.joined(separator: ".")
    }

    static func isTeamID(_ part: Substring) -> Bool {
        part.count == 10 && part.allSatisfy { $0.isUppercase || $0.isNumber } && part.contains(where: \.isNumber)
            && part.contains(where: \.isLetter)
    }

    /// What the app may ask for, in words: its `NS…UsageDescription` keys, the same right named once.
    public var asksFor: LocalizedText {
        let words: [(String, String, String)] = [
            ("LocationAlways", "location, also in the background", "locatie, ook op de achtergrond"),
            ("Location", "location", "locatie"), ("Microphone", "microphone", "microfoon"), ("Camera", "camera", "camera"),
            ("Contacts", "contacts", "contacten"), ("PhotoLibrary", "photos", "foto's"), ("Calendars", "calendars", "agenda's"),
            ("Bluetooth", "Bluetooth", "Bluetooth"), ("Motion", "motion", "beweging"), ("Health", "health data", "gezondheidsgegevens"),
            ("SpeechRecognition", "speech recognition", "spraakherkenning"), ("LocalNetwork", "local network", "lokaal netwerk"),
            ("FaceID", "Face ID", "Face ID"), ("Reminders", "reminders", "herinneringen"), ("HomeKit", "home devices", "apparaten in huis"),
        ]
        var en: [String] = [], nl: [String] = []
        let always = usageKeys.contains { $0.hasPrefix("NSLocationAlways") }
        for key in usageKeys {
            let core = String(key.dropFirst(2).dropLast("UsageDescription".count))
            var match = words.first { core.hasPrefix($0.0) }
            if always, match?.0 == "Location" { match = words[0] }
            let (english, dutch) = match.map { ($0.1, $0.2) } ?? (core, core)
            if !en.contains(english) { en.append(english); nl.append(dutch) }
        }
        return LocalizedText(en: en.joined(separator: ", "), nl: nl.joined(separator: ", "))
    }

    public var wantsLocationAlways: Bool {
        usageKeys.contains { $0 == "NSLocationAlwaysUsageDescription" || $0 == "NSLocationAlwaysAndWhenInUseUsageDescription" }
    }

    init?(_ plist: PlistValue) {
        guard let table = plist.dictionary, let id = table["CFBundleIdentifier"]?.string else { return nil }
        bundleID = id
        name = table["CFBundleDisplayName"]?.string ?? table["CFBundleName"]?.string ?? id
        version = table["CFBundleShortVersionString"]?.string ?? table["CFBundleVersion"]?.string
        type = table["ApplicationType"]?.string ?? "User"
        signer = table["SignerIdentity"]?.string
        profileValidated = table["ProfileValidated"]?.bool ?? false
        purchaserID = table["ApplicationDSID"]?.integer
        backgroundModes = table["UIBackgroundModes"]?.strings ?? []
        usageKeys = table.keys.filter { $0.hasPrefix("NS") && $0.hasSuffix("UsageDescription") }.sorted()
    }
}

/// A provisioning profile on the phone (`ideviceprovision copy`): what lets an app that is not from the
/// store run. The plist is the signed content of the `.mobileprovision` file.
public struct ProvisioningProfile: Sendable, Hashable {
    public var file: String
    public var name: String
    public var appIDName: String?
    public var teamName: String?
    public var teamIDs: [String]
    /// `application-identifier` from the entitlements: `TEAMID.bundle.id` or `TEAMID.*`.
    public var applicationIdentifier: String?
    /// In-house (enterprise): runs on any device that trusts it.
    public var provisionsAllDevices: Bool
    public var provisionedDevices: [String]
    /// Debuggable: a development build.
    public var getTaskAllow: Bool
    public var created: Date?
    public var expires: Date?

    public init?(file: String, data: Data) {
        guard let plist = Self.plist(in: data), plist.dictionary != nil else { return nil }
        self.file = file
        name = plist["Name"]?.string ?? file
        appIDName = plist["AppIDName"]?.string
        teamName = plist["TeamName"]?.string
        teamIDs = plist["TeamIdentifier"]?.strings ?? []
        applicationIdentifier = plist["Entitlements"]?["application-identifier"]?.string
        provisionsAllDevices = plist["ProvisionsAllDevices"]?.bool ?? false
        provisionedDevices = plist["ProvisionedDevices"]?.strings ?? []
        getTaskAllow = plist["Entitlements"]?["get-task-allow"]?.bool ?? false
        created = plist["CreationDate"]?.date
        expires = plist["ExpirationDate"]?.date
    }

    /// The XML plist inside the CMS envelope: the bytes from `<?xml` to `</plist>`.
    static func plist(in data: Data) -> PlistValue? {
        let start = Data("<?xml".utf8), end = Data("</plist>".utf8)
        guard let from = data.range(of: start), let to = data.range(of: end, in: from.lowerBound..<data.endIndex) else {
            return PlistValue.parse(data)
        }
        return PlistValue.parse(data.subdata(in: from.lowerBound..<to.upperBound))
    }

    /// Whether the profile lets this app run: its application identifier (without the team id) covers the bundle id.
    public func covers(_ app: IOSApp) -> Bool {
        guard let identifier = applicationIdentifier, let dot = identifier.firstIndex(of: ".") else { return false }
        let pattern = String(identifier[identifier.index(after: dot)...])
        if pattern == "*" { return false }
        if pattern.hasSuffix(".*") { return app.bundleID.hasPrefix(String(pattern.dropLast())) }
        return app.bundleID == pattern
    }

    public var kind: LocalizedText {
        if provisionsAllDevices { return LocalizedText(en: "in-house (enterprise): runs on any iPhone", nl: "in-house (bedrijf): werkt op elke iPhone") }
        if getTaskAllow { return LocalizedText(en: "development", nl: "ontwikkeling") }
        return LocalizedText(en: "ad hoc (for named iPhones)", nl: "ad hoc (voor genoemde iPhones)")
    }
}

/// Everything the parsers read from one iPhone capture, each part read or not read on its own.
public struct IOSSnapshot: Sendable {
    public var udid: String
    /// The lockdown values by probe id (`info` is the main domain, `info-backup` com.apple.mobile.backup…);
    /// a domain that answered nothing is read as empty: its keys are absent, not false.
    public var lockdown: [String: Reading<[String: PlistValue]>]
    public var apps: Reading<[IOSApp]>
    public var profiles: Reading<[ProvisioningProfile]>
    /// The probes whose output could not be read, by id.
    public var unreadProbes: [String]
    public var stoppedEarly: LocalizedText?

    public init(capture: PhoneCapture) {
        udid = capture.manifest.device.serial
        stoppedEarly = capture.manifest.stoppedEarly
        var lockdown: [String: Reading<[String: PlistValue]>] = [:]
        for probe in IOSCapture.standard where probe.id.hasPrefix("info") {
            lockdown[probe.id] = IOSProbeText.plist(capture, probe.id, mayBeEmpty: probe.id != "info").map { $0?.dictionary ?? [:] }
        }
        self.lockdown = lockdown
        let appsID = capture.output(IOSCapture.appsNewSyntax.id) != nil ? IOSCapture.appsNewSyntax.id : "apps"
        let apps: Reading<[IOSApp]> = IOSProbeText.plist(capture, appsID, mayBeEmpty: false).flatMap { plist in
            guard let list = plist?.array else {
                return .notRead(LocalizedText(en: "the app list is not a list of apps", nl: "de app-lijst is geen lijst van apps"))
            }
            return .read(list.compactMap(IOSApp.init))
        }
        self.apps = apps
        let profiles = Self.profiles(capture)
        self.profiles = profiles
        var unread = capture.manifest.probes.map(\.id).filter { id in
            guard id != "identity", id != "pair" else { return false }
            if id == "provision" { return false }
            if id == "apps" && appsID != "apps" { return false }
            if id.hasPrefix("info") { return lockdown[id]?.value == nil }
            if id == appsID { return apps.value == nil }
            return IOSProbeText.plist(capture, id, mayBeEmpty: false).value == nil
        }
        if profiles.value == nil { unread.append("provision") }
        for probe in IOSCapture.standard where capture.output(probe.id) == nil && !unread.contains(probe.id) { unread.append(probe.id) }
        unreadProbes = unread
    }

    /// The value of `key` in the domain read by probe `id`: `.read(nil)` when the phone did not give the key.
    public func value(_ id: String, _ key: String) -> Reading<PlistValue?> {
        (lockdown[id] ?? .notRead(LocalizedText(en: "probe \(id) is not in the capture", nl: "meting \(id) staat niet in de opname"))).map { $0[key] }
    }

    /// The copied `.mobileprovision` files; not read when `ideviceprovision copy` failed. A file that does
    /// not read is named, never skipped.
    static func profiles(_ capture: PhoneCapture) -> Reading<[ProvisioningProfile]> {
        let ran = IOSProbeText.ran(capture, "provision")
        guard case .read = ran else { return ran.map { _ in [] } }
        let folder = capture.folder + "/" + IOSCapture.provisionFolder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".mobileprovision") }.sorted()
        var profiles: [ProvisioningProfile] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                  let profile = ProvisioningProfile(file: name, data: data) else {
                return .notRead(LocalizedText(en: "\(folder)/\(name) is not a readable provisioning profile",
                                              nl: "\(folder)/\(name) is geen leesbaar provisioningprofiel"))
            }
            profiles.append(profile)
        }
        // The tool says how many it found; fewer files than that means some were not copied.
        let said = capture.output("provision")?.stdout ?? ""
        if let match = said.range(of: #"has (\d+) provisioning profiles"#, options: .regularExpression),
           let count = Int(said[match].split(separator: " ")[1]), count > profiles.count {
            return .notRead(LocalizedText(en: "the phone has \(count) provisioning profiles but only \(profiles.count) were copied",
                                          nl: "de telefoon heeft \(count) provisioningprofielen maar er zijn er maar \(profiles.count) gekopieerd"))
        }
        return .read(profiles)
    }
}

extension Reading {
    func flatMap<Other>(_ transform: (Value) -> Reading<Other>) -> Reading<Other> {
        switch self {
        case .read(let value): transform(value)
        case .notRead(let reason): .notRead(reason)
        }
    }
}

/// Deciding whether an iPhone tool's answer can be read: it ran, ended with status 0, and printed a property list.
enum IOSProbeText {
    /// The probe ran to the end with status 0 (its output is not looked at).
    static func ran(_ capture: PhoneCapture, _ id: String) -> Reading<String> {
        guard let output = capture.output(id) else {
            let why = capture.manifest.stoppedEarly
            return .notRead(LocalizedText(en: "probe \(id) is not in the capture" + (why.map { " (\($0.en))" } ?? ""),
                                          nl: "meting \(id) staat niet in de opname" + (why.map { " (\($0.nl))" } ?? "")))
        }
        let command = output.record.commandLine.joined(separator: " ")
        switch output.record.outcome {
        case .timedOut:
            return .notRead(LocalizedText(en: "'\(command)' did not answer in time", nl: "'\(command)' antwoordde niet op tijd"))
        case .failedToRun:
            let why = IOSAnswers.firstLine(output.stderr)
            return .notRead(LocalizedText(en: "'\(command)' could not run: \(why)", nl: "'\(command)' kon niet starten: \(why)"))
        case .completed:
            break
        }
        if let status = output.record.status, status != 0 {
            let why = IOSAnswers.firstLine(output.stderr + "\n" + output.stdout)
            return .notRead(LocalizedText(en: "'\(command)' failed with exit status \(status)\(why.isEmpty ? "" : ": " + why)",
                                          nl: "'\(command)' mislukte met afsluitstatus \(status)\(why.isEmpty ? "" : ": " + why)"))
        }
        return .read(output.stdout)
    }

    /// The probe's property list; `.read(nil)` for an empty answer where that means "no such keys".
    static func plist(_ capture: PhoneCapture, _ id: String, mayBeEmpty: Bool) -> Reading<PlistValue?> {
        ran(capture, id).flatMap { text in
            let command = capture.output(id)?.record.commandLine.joined(separator: " ") ?? id
            if text.allSatisfy(\.isWhitespace) {
                return mayBeEmpty ? .read(nil) : .notRead(LocalizedText(en: "'\(command)' printed nothing", nl: "'\(command)' gaf geen uitvoer"))
            }
            guard let plist = PlistValue.parse(text) else {
                return .notRead(LocalizedText(en: "'\(command)' printed something that is not a property list (\(text.utf8.count) bytes)",
                                              nl: "'\(command)' gaf iets wat geen property list is (\(text.utf8.count) bytes)"))
            }
            return .read(plist)
        }
    }
}
