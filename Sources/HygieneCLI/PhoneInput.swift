import ArgumentParser
import AuditCore
import Foundation
import Phone
import ShippedChecks

/// The phone family's options: which phone to read over adb, or which saved capture to analyse.
struct PhoneOptions: FamilyOptions {
    @Option(name: .long, help: ArgumentHelp("Read a phone connected over USB: android (needs adb and USB debugging; see 'hygiene phone guide').", valueName: "kind"))
    var phone: String?

    @Option(name: .long, help: ArgumentHelp("The phone's serial (from 'adb devices') when more than one is connected.", valueName: "serial"))
    var serial: String?

    @Option(name: .long, help: ArgumentHelp("The adb program to use (default: adb on PATH).", valueName: "path"))
    var adb: String = "adb"

    @Option(name: .long, help: ArgumentHelp("Where to save what the phone answered (default: a private folder under the state directory).", valueName: "dir"))
    var capture: String?

    @Option(name: .customLong("phone-capture"), help: ArgumentHelp("Analyse a saved capture instead of a connected phone.", valueName: "dir"))
    var phoneCapture: String?

    @Option(name: .customLong("phone-timeout"), help: "Seconds one command on the phone may take before it is stopped.")
    var phoneTimeout: Int = 30

    @Flag(name: .customLong("no-apk-hashes"), help: "Do not hash the apps' files on the phone (faster; renamed stalkerware is then not found).")
    var noApkHashes = false

    var requestedInputs: [String] { phone != nil || phoneCapture != nil ? [PhoneScan.inputName] : [] }

    func validate() throws {
        guard (1...600).contains(phoneTimeout) else { throw ValidationError("--phone-timeout must be between 1 and 600 seconds") }
        if phoneCapture != nil && (phone != nil || capture != nil || serial != nil) {
            throw ValidationError("--phone-capture analyses a saved capture; it takes no --phone, --capture or --serial")
        }
    }

    func prepare(_ preparation: FamilyPreparation, inputs: inout AuditInputs) async throws -> PreparedInputs {
        let language = preparation.language
        if let phone, phone != "android" { throw ValidationError(PhoneWords.onlyAndroid(phone)(language)) }
        let wanted = phone ?? preparation.configuration.inputs["phone"].first
        inputs[PhoneScan.inputName] = []
        guard preparation.runs("phone") else { return PreparedInputs() }
        if preparation.families.contains("phone") && wanted == nil && phoneCapture == nil {
            throw ValidationError(PhoneWords.needsAPhone(language))
        }
        let captured: PhoneCapture
        do {
            if let phoneCapture {
                captured = try PhoneCapture.load(from: phoneCapture)
            } else if wanted != nil {
                let folder = try capture ?? Self.defaultFolder(preparation.environment)
                let line: ProgressLine? = preparation.showProgress ? ProgressLine(sink: preparation.environment.errors, language: language) : nil
                var progress: (@Sendable (Int, Int) -> Void)?
                if let line {
                    progress = { done, total in line.update(.phone, done: done, total: total) }
                }
                let reader = AndroidCapture(adb: adb, serial: serial, runner: preparation.environment.runner,
                                            timeout: .seconds(phoneTimeout), progress: progress)
                defer { line?.finish() }
                captured = try await reader.capture(into: folder, hashApks: !noApkHashes)
            } else {
                return PreparedInputs()
            }
        } catch let error as PhoneError {
            // Asked for by the configuration only (a scheduled audit, say) and no phone plugged in: the rest
            // of the audit goes on without it, and says so. Asked for on the command line, it stops the run.
            if phone == nil, phoneCapture == nil, !preparation.families.contains("phone"), error == .noDevice || error == .adbMissing(adb: adb) {
                return PreparedInputs(notes: [LocalizedText(
                    en: "The configuration asks for the phone ('phone: android'), but it could not be read, so the phone checks were left out: \(error.message(.en))",
                    nl: "De configuratie vraagt om de telefoon ('phone: android'), maar die kon niet gelezen worden, dus de telefooncontroles zijn weggelaten: \(error.message(.nl))")])
            }
            throw PhoneInputError(message: error.message(language))
        }
        let scan = PhoneScan(capture: captured)
        inputs[PhoneScan.inputName] = [captured.manifest.device.serial]
        inputs.prepared[PhoneScan.inputName] = scan
        return PreparedInputs(notes: Self.notes(scan), sources: [Self.source(scan)])
    }

    /// `$XDG_DATA_HOME/hygiene/phone`: where captures go unless --capture names a folder.
    static func capturesFolder(_ environment: CLIEnvironment) -> String {
        (environment.statePath as NSString).deletingLastPathComponent + "/phone"
    }

    /// `$XDG_DATA_HOME/hygiene/phone/<time>`, private to the user.
    static func defaultFolder(_ environment: CLIEnvironment) throws -> String {
        let base = capturesFolder(environment)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return base + "/" + formatter.string(from: environment.now())
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
    static func notes(_ scan: PhoneScan) -> [LocalizedText] {
        var notes = [LocalizedText(
            en: "The stalkerware lists (Echap, ISDi) are incomplete and dated: no match does not mean no stalkerware. This scan reads the phone's owner user only, and cannot see inside an opened-up (rooted) system.",
            nl: "De stalkerwarelijsten (Echap, ISDi) zijn onvolledig en hebben een datum: geen treffer betekent niet dat er geen stalkerware is. Deze scan leest alleen de gebruiker van de eigenaar, en kan niet in een opengebroken (geroot) systeem kijken.")]
        if let file = ShippedChecks.files.first(where: { $0.path == "Checks/phone/guide.yaml" }),
           let guide = try? PhoneGuide(file: CheckDataFile(path: file.path, text: file.text)), let afterwards = guide.section("afterwards") {
            func numbered(_ steps: [String]) -> String { steps.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: " ") }
            notes.append(LocalizedText(en: "Now switch debugging off again: " + numbered(afterwards.steps.en),
                                       nl: "Zet foutopsporing nu weer uit: " + numbered(afterwards.steps.nl)))
        }
        return notes
    }
}

/// A phone that could not be read: the message in the user's language, exit status 2.
struct PhoneInputError: Error, LocalizedError {
    var message: String
    var errorDescription: String? { message }
}

/// The phone options' messages, in both languages.
enum PhoneWords {
    static func onlyAndroid(_ phone: String) -> LocalizedText {
        LocalizedText(
            en: "--phone \(phone): only android can be read (over adb); an iPhone cannot be checked this way — see 'hygiene reset' for its guided steps",
            nl: "--phone \(phone): alleen android kan worden gelezen (via adb); een iPhone kan zo niet worden gecontroleerd — zie 'hygiene reset' voor de stappen")
    }
    static let needsAPhone = LocalizedText(
        en: "--only phone needs a phone: connect it and give --phone android (see 'hygiene phone guide'), or analyse a capture with --phone-capture DIR",
        nl: "--only phone heeft een telefoon nodig: sluit hem aan en geef --phone android (zie 'hygiene phone guide'), of bekijk een eerdere opname met --phone-capture MAP")
    static func noSection(_ section: String, _ sections: [String]) -> LocalizedText {
        LocalizedText(en: "no section '\(section)' in the phone guide; choose from: \(sections.joined(separator: ", "))",
                      nl: "de telefoongids heeft geen onderdeel '\(section)'; kies uit: \(sections.joined(separator: ", "))")
    }
}
