import AuditCore
import Foundation

/// The phone family's front door: which phone to read over adb, or which saved capture to analyse.
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
        /// `android`, from `--phone`.
        public var phone: String?
        public var serial: String?
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
            return given
        }
    }

    public var settings: [Setting] {
        [.text("phone", message: LocalizedText(
            en: "'phone' must be 'android' (an Android phone read over adb; iPhones cannot be read this way)",
            nl: "'phone' moet 'android' zijn (een Android-telefoon, gelezen via adb; een iPhone kan zo niet gelezen worden)"),
               valid: { $0 == "android" })]
    }

    public var settingsExample: String {
        """
        # An Android phone to read over USB debugging (see 'hygiene phone guide'). / Een Android-telefoon om via
        # USB-foutopsporing te lezen (zie 'hygiene phone guide').
        # phone: android

        """
    }

    public var fieldLabels: [String: String] {
        ["fingerprint": "vingerafdruk", "package": "pakket", "installed": "geïnstalleerd", "status": "status", "kind": "soort",
         "switched on": "aan", "location last used in background": "locatie laatst op de achtergrond gebruikt",
         "installed from": "geïnstalleerd vanuit", "app icon": "app-pictogram", "matched by": "herkend aan", "listed as": "vermeld als",
         "user": "gebruiker", "managed by": "beheerd door", "last connected": "laatst verbonden", "type": "soort",
         "downloaded with": "gedownload met", "part of the system": "deel van het systeem"]
    }

    public func expectedInputs(_ given: AuditInputs) -> [String] {
        let request = Request(given)
        guard request.phone != nil || request.savedCapture != nil else { return [] }
        return [PhoneScan.inputName]
    }

    /// `<data>/phone`: where captures go unless `--capture` names a folder.
    public static func capturesFolder(dataDirectory: String) -> String { dataDirectory + "/phone" }

    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        let language = context.language
        let request = Request(given)
        if let phone = request.phone, phone != "android" { throw InputError(PhoneFamilyWords.onlyAndroid(phone), usage: true) }
        let wanted = request.phone ?? context.configuration.inputs[PhoneScan.inputName].first
        var inputs = AuditInputs()
        inputs[PhoneScan.inputName] = []
        guard context.runs(id) else { return PreparedInputs(inputs: inputs) }
        if context.asked(id) && wanted == nil && request.savedCapture == nil { throw InputError(PhoneFamilyWords.needsAPhone, usage: true) }
        let captured: PhoneCapture
        do {
            if let saved = request.savedCapture {
                captured = try PhoneCapture.load(from: saved)
            } else if wanted != nil {
                let folder = try request.capture ?? Self.newFolder(dataDirectory: context.dataDirectory, now: context.host.now)
                var progress: (@Sendable (Int, Int) -> Void)?
                if let report = context.progress {
                    progress = { done, total in report("phone", done, total) }
                }
                let reader = AndroidCapture(adb: request.adb, serial: request.serial, runner: context.tools,
                                            timeout: .seconds(request.timeout), progress: progress)
                defer { context.progressDone() }
                captured = try await reader.capture(into: folder, hashApks: request.hashApks)
            } else {
                return PreparedInputs(inputs: inputs)
            }
        } catch let error as PhoneError {
            // Asked for by the configuration only (a scheduled audit, say) and no phone plugged in: the rest
            // of the audit goes on without it, and says so. Asked for on the command line, it stops the run.
            if request.phone == nil, request.savedCapture == nil, !context.asked(id), error == .noDevice || error == .adbMissing(adb: request.adb) {
                return PreparedInputs(inputs: inputs, notes: [PhoneFamilyWords.configuredButUnread(error)])
            }
            throw InputError(LocalizedText(en: error.message(.en), nl: error.message(.nl)))
        }
        let scan = PhoneScan(capture: captured)
        inputs[PhoneScan.inputName] = [captured.manifest.device.serial]
        inputs[.phone] = scan
        return PreparedInputs(inputs: inputs, notes: notes(scan), sources: [Self.source(scan)])
    }

    /// `<data>/phone/<time>`, private to the user.
    static func newFolder(dataDirectory: String, now: Date) throws -> String {
        let base = capturesFolder(dataDirectory: dataDirectory)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return base + "/" + formatter.string(from: now)
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
    public static func onlyAndroid(_ phone: String) -> LocalizedText {
        LocalizedText(
            en: "--phone \(phone): only android can be read (over adb); an iPhone cannot be checked this way — see 'hygiene reset' for its guided steps",
            nl: "--phone \(phone): alleen android kan worden gelezen (via adb); een iPhone kan zo niet worden gecontroleerd — zie 'hygiene reset' voor de stappen")
    }
    public static let needsAPhone = LocalizedText(
        en: "--only phone needs a phone: connect it and give --phone android (see 'hygiene phone guide'), or analyse a capture with --phone-capture DIR",
        nl: "--only phone heeft een telefoon nodig: sluit hem aan en geef --phone android (zie 'hygiene phone guide'), of bekijk een eerdere opname met --phone-capture MAP")
    public static func noSection(_ section: String, _ sections: [String]) -> LocalizedText {
        LocalizedText(en: "no section '\(section)' in the phone guide; choose from: \(sections.joined(separator: ", "))",
                      nl: "de telefoongids heeft geen onderdeel '\(section)'; kies uit: \(sections.joined(separator: ", "))")
    }
    static func configuredButUnread(_ error: PhoneError) -> LocalizedText {
        LocalizedText(
            en: "The configuration asks for the phone ('phone: android'), but it could not be read, so the phone checks were left out: \(error.message(.en))",
            nl: "De configuratie vraagt om de telefoon ('phone: android'), maar die kon niet gelezen worden, dus de telefooncontroles zijn weggelaten: \(error.message(.nl))")
    }
    static let limits = LocalizedText(
        en: "The stalkerware lists (Echap, ISDi) are incomplete and dated: no match does not mean no stalkerware. This scan reads the phone's owner user only, and cannot see inside an opened-up (rooted) system.",
        nl: "De stalkerwarelijsten (Echap, ISDi) zijn onvolledig en hebben een datum: geen treffer betekent niet dat er geen stalkerware is. Deze scan leest alleen de gebruiker van de eigenaar, en kan niet in een opengebroken (geroot) systeem kijken.")
}
