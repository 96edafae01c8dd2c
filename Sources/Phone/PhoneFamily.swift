import AuditCore
import Foundation

/// The phone family's front door: which phone to read (an Android phone over adb, an iPhone over USB with
/// libimobiledevice's tools), or which saved capture to analyse.
/// A capture is kept (private to the user) so it can be analysed again and shown to a helper.
public struct PhoneFamily: Family {
    /// The checked-in guide, for the reminder to switch debugging off again.
    let guide: PhoneGuide?

    public init(guide: PhoneGuide? = nil) { self.guide = guide }

    public let id = "phone"
    public var name: LocalizedText { PhoneKinds.family }
    public var kinds: [any CheckKind.Type] { PhoneKinds.all }

    /// What the flags ask: a phone to read, or a saved capture. Given as texts under the flags' names
    /// (`phone`, `serial`, `adb`, `capture`, `phone-capture`, `phone-timeout`, `no-apk-hashes`).
    public struct Request: Sendable {
        /// `android` or `ios`, from `--phone`.
        public var phone: String?
        public var serial: String?
        /// The iPhone's UDID (`--udid`) when more than one is connected.
        public var udid: String?
        /// Seconds to wait for the person to tap Trust on the iPhone.
        public var trustWait = 120
        public var adb = "adb"
        /// Where to save the capture (default: a private folder under the data directory).
        public var capture: String?
        /// A saved capture to analyse instead of a phone.
        public var savedCapture: String?
        public var timeout = 30
        public var hashApks = true

        public init() {}

        public init(_ given: AuditInputs) {
            phone = given[PhoneScan.inputName].first
            serial = given["serial"].first
            adb = given["adb"].first ?? adb
            capture = given["capture"].first
            savedCapture = given["phone-capture"].first
            timeout = given["phone-timeout"].first.flatMap { Int($0) } ?? timeout
            hashApks = !given.has("no-apk-hashes")
            udid = given["udid"].first
            trustWait = given["trust-wait"].first.flatMap { Int($0) } ?? trustWait
        }

        /// The texts that give this request.
        public var given: AuditInputs {
            var given = AuditInputs()
            given[PhoneScan.inputName] = phone.map { [$0] } ?? []
            given["serial"] = serial.map { [$0] } ?? []
            given["adb"] = [adb]
            given["capture"] = capture.map { [$0] } ?? []
            given["phone-capture"] = savedCapture.map { [$0] } ?? []
            given["phone-timeout"] = [String(timeout)]
            given["no-apk-hashes"] = hashApks ? [] : ["yes"]
            given["udid"] = udid.map { [$0] } ?? []
            given["trust-wait"] = [String(trustWait)]
            return given
        }
    }

    public var settings: [Setting] {
        [.text("phone", message: LocalizedText(
            en: "'phone' must be 'android' (an Android phone, read over adb) or 'ios' (an iPhone, read over USB with libimobiledevice)",
            nl: "'phone' moet 'android' (een Android-telefoon, gelezen via adb) of 'ios' (een iPhone, gelezen via USB met libimobiledevice) zijn"),
               valid: { Self.phones.contains($0) }),
         .text("known-computers", input: "known-computer", list: true)]
    }

    /// The phones `--phone` and `phone:` take.
    public static let phones = PhonePlatform.allCases.map(\.rawValue)

    public var settingsExample: String {
        """
        # A phone to read over USB (see 'hygiene phone guide'): android (over USB debugging) or ios (an iPhone,
        # with libimobiledevice). / Een telefoon om via USB te lezen (zie 'hygiene phone guide'): android (via
        # USB-foutopsporing) of ios (een iPhone, met libimobiledevice).
        # phone: android
        # The computers you back your iPhone up to, by name, so they are not asked about. / De computers waarop
        # je een back-up van je iPhone maakt, op naam, zodat er niet naar gevraagd wordt.
        # known-computers:
        #   - MacBook van Sanne

        """
    }

    public var fieldLabels: [String: String] {
        ["fingerprint": "vingerafdruk", "package": "pakket", "installed": "geïnstalleerd", "status": "status", "kind": "soort",
         "switched on": "aan", "location last used in background": "locatie laatst op de achtergrond gebruikt",
         "installed from": "geïnstalleerd vanuit", "app icon": "app-pictogram", "matched by": "herkend aan", "listed as": "vermeld als",
         "user": "gebruiker", "managed by": "beheerd door", "last connected": "laatst verbonden", "type": "soort",
         "downloaded with": "gedownload met", "part of the system": "deel van het systeem",
         "bundle id": "bundel-id", "signed with": "ondertekend met", "background modes": "achtergrondmodi", "may ask for": "mag vragen om",
         "team": "team", "created": "gemaakt", "expires": "verloopt", "used by": "gebruikt door", "computer type": "soort computer",
         "last backup": "laatste back-up", "Wi-Fi sync": "synchronisatie via wifi", "version": "versie", "newest known": "nieuwste bekende",
         "apps": "apps"]
    }

    public func expectedInputs(_ given: AuditInputs) -> [String] {
        let request = Request(given)
        guard request.phone != nil || request.savedCapture != nil else { return [] }
        return [PhoneScan.inputName]
    }

    /// `<data>/phone`: where captures go unless `--capture` names a folder.
    public static func capturesFolder(dataDirectory: String) -> String { dataDirectory + "/phone" }

    /// The label a capture made in a case carries: `Case / casus: NAME`.
    public static let caseFile = "CASE.txt"

    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        let request = Request(given)
        if let phone = request.phone, !Self.phones.contains(phone) { throw InputError(PhoneFamilyWords.unknownPhone(phone), usage: true) }
        let wanted = request.phone ?? context.configuration.inputs[PhoneScan.inputName].first
        var inputs = AuditInputs()
        inputs[PhoneScan.inputName] = []
        guard context.runs(id) else { return PreparedInputs(inputs: inputs) }
        if context.asked(id) && wanted == nil && request.savedCapture == nil { throw InputError(PhoneFamilyWords.needsAPhone, usage: true) }
        let captured: PhoneCapture
        do {
            if let saved = request.savedCapture {
                captured = try PhoneCapture.load(from: saved)
            } else if let wanted {
                let folder = try request.capture ?? Self.newFolder(dataDirectory: context.dataDirectory, now: context.host.now)
                var progress: (@Sendable (Int, Int) -> Void)?
                if let report = context.progress {
                    progress = { done, total in report("phone", done, total) }
                }
                defer { context.progressDone() }
                if wanted == PhonePlatform.ios.rawValue {
                    let warn = context.warn, language = context.language
                    let reader = IOSCapture(udid: request.udid, runner: context.tools, timeout: .seconds(request.timeout),
                                            trustWait: .seconds(request.trustWait), progress: progress,
                                            tell: { warn($0(language)) })
                    captured = try await reader.capture(into: folder)
                } else {
                    let reader = AndroidCapture(adb: request.adb, serial: request.serial, runner: context.tools,
                                                timeout: .seconds(request.timeout), progress: progress)
                    captured = try await reader.capture(into: folder, hashApks: request.hashApks)
                }
                // A helper's capture names the person's case, so that a folder handed over is not taken for another's.
                if let line = context.caseLine {
                    try CaptureFiles.write(Data((line.bothLanguages + "\n").utf8), named: Self.caseFile, in: folder)
                }
            } else {
                return PreparedInputs(inputs: inputs)
            }
        } catch let error as PhoneError {
            // Asked for by the configuration only (a scheduled audit, say) and no phone plugged in: the rest
            // of the audit goes on without it, and says so. Asked for on the command line, it stops the run.
            let absent: [PhoneError] = [.noDevice, .adbMissing(adb: request.adb), .noIPhone]
            let missingTool = if case .iosToolMissing = error { true } else if case .usbmuxdMissing = error { true } else { false }
            if request.phone == nil, request.savedCapture == nil, !context.asked(id), absent.contains(error) || missingTool {
                return PreparedInputs(inputs: inputs, notes: [PhoneFamilyWords.configuredButUnread(error, phone: wanted ?? "android")])
            }
            throw InputError(LocalizedText(en: error.message(.en), nl: error.message(.nl)))
        }
        inputs[PhoneScan.inputName] = [captured.manifest.device.serial]
        if captured.manifest.platform == .ios {
            let scan = IOSScan(capture: captured)
            inputs[.iphone] = scan
            return PreparedInputs(inputs: inputs, notes: iosNotes(scan), sources: [Self.source(scan)])
        }
        let scan = PhoneScan(capture: captured)
        inputs[.phone] = scan
        return PreparedInputs(inputs: inputs, notes: notes(scan), sources: [Self.source(scan)])
    }

    /// `<data>/phone/<time>`, private to the user; `<time>-2`, `-3`… when a capture of the same second exists
    /// (a run that stopped at the trust question leaves its folder behind).
    static func newFolder(dataDirectory: String, now: Date) throws -> String {
        let base = capturesFolder(dataDirectory: dataDirectory)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = base + "/" + formatter.string(from: now)
        var folder = stem
        var next = 2
        while FileManager.default.fileExists(atPath: folder) {
            folder = stem + "-\(next)"
            next += 1
        }
        return folder
    }

    static func source(_ scan: PhoneScan) -> SourceStatus {
        let device = scan.snapshot.device
        let security = scan.snapshot.security.value
        let name = [security?.manufacturer, security?.model ?? device.model].compactMap { $0 }.joined(separator: " ")
        let unread = scan.snapshot.unreadProbes
        return SourceStatus(
            name: "phone \(device.serial)\(name.isEmpty ? "" : " (\(name))")", ok: unread.isEmpty,
            detail: LocalizedText(
                en: "read over adb; capture kept in \(scan.folder) (private: it holds account names)" + (unread.isEmpty ? "" : "; not read: \(unread.joined(separator: ", "))"),
                nl: "gelezen via adb; opname bewaard in \(scan.folder) (privé: er staan accountnamen in)" + (unread.isEmpty ? "" : "; niet gelezen: \(unread.joined(separator: ", "))")))
    }

    static func source(_ scan: IOSScan) -> SourceStatus {
        let snapshot = scan.snapshot
        let info = snapshot.lockdown["info"]?.value ?? [:]
        let name = [info["ProductType"]?.string, info["ProductVersion"]?.string.map { "iOS " + $0 }].compactMap { $0 }.joined(separator: ", ")
        let unread = snapshot.unreadProbes
        var en = "read over USB with libimobiledevice; capture kept in \(scan.folder) (private: it holds the app list and device ids)"
        var nl = "gelezen via USB met libimobiledevice; opname bewaard in \(scan.folder) (privé: er staan de app-lijst en apparaat-id's in)"
        if !unread.isEmpty { en += "; not read: \(unread.joined(separator: ", "))"; nl += "; niet gelezen: \(unread.joined(separator: ", "))" }
        if let stopped = snapshot.stoppedEarly { en += "; \(stopped.en)"; nl += "; \(stopped.nl)" }
        return SourceStatus(name: "iPhone \(snapshot.udid)\(name.isEmpty ? "" : " (\(name))")", ok: unread.isEmpty && snapshot.stoppedEarly == nil,
                            detail: LocalizedText(en: en, nl: nl))
    }

    /// What every iPhone report ends with: what a computer cannot see, Safety Check's steps, and how to take
    /// this computer's trust away again.
    func iosNotes(_ scan: IOSScan) -> [LocalizedText] {
        var notes: [LocalizedText] = []
        if let stopped = scan.snapshot.stoppedEarly {
            notes.append(LocalizedText(en: "The iPhone capture ended early: \(stopped.en). The checks that needed the rest are marked as errors, not as passed.",
                                       nl: "De opname van de iPhone stopte vroeg: \(stopped.nl). De controles die de rest nodig hadden, staan als fout, niet als geslaagd."))
        }
        notes.append(PhoneFamilyWords.iosLimits)
        func numbered(_ steps: [String]) -> String { steps.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: " ") }
        if let check = guide?.section("iphone-safety-check") {
            notes.append(LocalizedText(en: "Then go through Safety Check on the iPhone: " + numbered(check.steps.en),
                                       nl: "Loop daarna Veiligheidscontrole op de iPhone door: " + numbered(check.steps.nl)))
        }
        let udid = scan.snapshot.udid
        notes.append(LocalizedText(
            en: "This computer stays trusted by the iPhone until you remove it: run 'idevicepair -u \(udid) unpair' when you are done (the phone asks for Trust again next time).",
            nl: "De iPhone blijft deze computer vertrouwen tot je dat weghaalt: voer 'idevicepair -u \(udid) unpair' uit als je klaar bent (de telefoon vraagt de volgende keer opnieuw om Vertrouw)."))
        return notes
    }

    /// What every phone report ends with: what the scan cannot see, and switching debugging off again.
    func notes(_ scan: PhoneScan) -> [LocalizedText] {
        var notes = [PhoneFamilyWords.limits]
        if let afterwards = guide?.section("afterwards") {
            func numbered(_ steps: [String]) -> String { steps.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: " ") }
            notes.append(LocalizedText(en: "Now switch debugging off again: " + numbered(afterwards.steps.en),
                                       nl: "Zet foutopsporing nu weer uit: " + numbered(afterwards.steps.nl)))
        }
        return notes
    }
}

/// The phone family's messages about its inputs, in both languages.
public enum PhoneFamilyWords {
    public static func unknownPhone(_ phone: String) -> LocalizedText {
        LocalizedText(
            en: "--phone \(phone): choose android (read over adb) or ios (an iPhone, read over USB with libimobiledevice)",
            nl: "--phone \(phone): kies android (gelezen via adb) of ios (een iPhone, gelezen via USB met libimobiledevice)")
    }
    public static let needsAPhone = LocalizedText(
        en: "--only phone needs a phone: connect it and give --phone android or --phone ios (see 'hygiene phone guide'), or analyse a capture with --phone-capture DIR",
        nl: "--only phone heeft een telefoon nodig: sluit hem aan en geef --phone android of --phone ios (zie 'hygiene phone guide'), of bekijk een eerdere opname met --phone-capture MAP")
    public static func noSection(_ section: String, _ sections: [String]) -> LocalizedText {
        LocalizedText(en: "no section '\(section)' in the phone guide; choose from: \(sections.joined(separator: ", "))",
                      nl: "de telefoongids heeft geen onderdeel '\(section)'; kies uit: \(sections.joined(separator: ", "))")
    }
    static func configuredButUnread(_ error: PhoneError, phone: String) -> LocalizedText {
        LocalizedText(
            en: "The configuration asks for the phone ('phone: \(phone)'), but it could not be read, so the phone checks were left out: \(error.message(.en))",
            nl: "De configuratie vraagt om de telefoon ('phone: \(phone)'), maar die kon niet gelezen worden, dus de telefooncontroles zijn weggelaten: \(error.message(.nl))")
    }
    static let iosLimits = LocalizedText(
        en: "What a computer cannot see on an iPhone: the devices signed in to your Apple Account, its trusted phone numbers, who shares your location in Find My, Family Sharing, who reads your iCloud (that leaves no trace on the phone), and without a backup also the configuration profiles, Screen Time limits and which app may use what. Nothing found here does not mean nobody is watching: Safety Check on the phone covers the account side.",
        nl: "Wat een computer op een iPhone niet kan zien: de apparaten die op je Apple-account zijn ingelogd, de vertrouwde telefoonnummers, wie je locatie deelt in Zoek mijn, Delen met gezin, wie je iCloud leest (dat laat geen spoor op de telefoon na), en zonder back-up ook de configuratieprofielen, schermtijdbeperkingen en welke app wat mag gebruiken. Niets gevonden betekent niet dat niemand meekijkt: Veiligheidscontrole op de telefoon dekt de kant van het account.")
    static let limits = LocalizedText(
        en: "The stalkerware lists (Echap, ISDi) are incomplete and dated: no match does not mean no stalkerware. This scan reads the phone's owner user only, and cannot see inside an opened-up (rooted) system.",
        nl: "De stalkerwarelijsten (Echap, ISDi) zijn onvolledig en hebben een datum: geen treffer betekent niet dat er geen stalkerware is. Deze scan leest alleen de gebruiker van de eigenaar, en kan niet in een opengebroken (geroot) systeem kijken.")
}
