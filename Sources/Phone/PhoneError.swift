import AuditCore
import Foundation

/// What can stop the phone family: adb itself, the connected phone's state, the capture folder and the
/// indicator files. Each message names the command, serial or file and says what to do, in English and Dutch.
public enum PhoneError: Error, LocalizedFailure, Sendable, Equatable {
    /// No `adb` at the path given (or on `PATH`).
    case adbMissing(adb: String)
    /// `adb devices -l` (or another adb call) did not answer within its time limit.
    case adbTimedOut(command: String, seconds: Double)
    /// `adb devices -l` failed or printed something that is not a device list.
    case adbFailed(command: String, status: Int32, message: String)
    case noDevice
    /// Several phones are connected and no serial was given.
    case severalDevices(serials: [String])
    /// The serial asked for is not connected.
    case deviceNotFound(serial: String, connected: [String])
    /// The phone has not accepted this computer's key yet.
    case unauthorized(serial: String)
    case offline(serial: String)
    /// A state other than device, unauthorized or offline (`recovery`, `sideload`, `bootloader`, …).
    case unusableState(serial: String, state: String)
    /// Several probes in a row did not answer: the phone went away or adb hangs.
    case stoppedAnswering(serial: String, probes: [String])
    case captureFolder(path: String, reason: String)
    /// A saved capture whose manifest or files do not read.
    case invalidCapture(path: String, reason: String)
    /// An indicator file (ioc.yaml, watchware.yaml, samples.csv, app-flags.csv) that does not read.
    case invalidIndicators(file: String, line: Int, message: String)

    // The iPhone, read with libimobiledevice's tools.
    /// One of the iPhone tools is not installed.
    case iosToolMissing(tool: String)
    /// `idevice_id -l` could not reach usbmuxd, the service that talks to iPhones over USB.
    case usbmuxdMissing(message: String)
    case noIPhone
    case severalIPhones(udids: [String])
    case iPhoneNotFound(udid: String, connected: [String])
    /// The trust question stayed unanswered on the phone for `seconds`.
    case trustPending(udid: String, seconds: Int)
    case trustDenied(udid: String)
    /// The phone is locked with its passcode, so it cannot be paired or read.
    case iPhoneLocked(udid: String)
    /// This computer's pairing record no longer matches the phone (it forgot this computer).
    case stalePairing(udid: String)
    /// An iPhone tool answered with something other than what it should, or failed.
    case iosToolFailed(command: String, status: Int32, message: String)
    case iosToolTimedOut(command: String, seconds: Double)

    /// The capture reader's reasons, in Dutch where their shape is known.
    static func dutchCaptureReason(_ reason: String) -> String {
        if reason.hasPrefix("it has no ") { return "er staat geen \(reason.dropFirst("it has no ".count)) in" }
        if reason.hasPrefix("the manifest does not decode") { return "het manifest is niet te lezen" + reason.dropFirst("the manifest does not decode".count) }
        return SystemReason.text(reason)(.nl)
    }

    public var message: LocalizedText {
        if let iosMessage { return iosMessage }
        return switch self {
        case .adbMissing(let adb):
            LocalizedText(
                en: "adb was not found at '\(adb)': install it (Debian: apt install adb, or Android's platform tools) or name it with --adb PATH",
                nl: "adb is niet gevonden op '\(adb)': installeer het (Debian: apt install adb, of Androids platform tools) of geef het pad met --adb PAD")
        case .adbTimedOut(let command, let seconds):
            LocalizedText(
                en: "'\(command)' did not answer within \(Self.seconds(seconds)) seconds and was stopped: unplug the phone, plug it in again and run 'adb kill-server' before trying again",
                nl: "'\(command)' antwoordde niet binnen \(Self.seconds(seconds)) seconden en is gestopt: haal de telefoon los, sluit hem opnieuw aan en voer 'adb kill-server' uit voor je het opnieuw probeert")
        case .adbFailed(let command, let status, let message):
            LocalizedText(
                en: "'\(command)' failed with exit status \(status)\(message.isEmpty ? "" : ": " + message); run 'adb kill-server' and try again",
                nl: "'\(command)' mislukte met afsluitstatus \(status)\(message.isEmpty ? "" : ": " + message); voer 'adb kill-server' uit en probeer het opnieuw")
        case .noDevice:
            LocalizedText(
                en: "no phone is connected to adb: connect the phone by USB, switch on USB debugging in its developer options ('hygiene phone guide' shows how) and accept this computer on the phone",
                nl: "er is geen telefoon met adb verbonden: sluit de telefoon aan met USB, zet USB-foutopsporing aan in de ontwikkelaarsopties ('hygiene phone guide' legt uit hoe) en sta deze computer toe op de telefoon")
        case .severalDevices(let serials):
            LocalizedText(
                en: "several phones are connected (\(serials.joined(separator: ", "))): choose one with --serial SERIAL or disconnect the others",
                nl: "er zijn meerdere telefoons verbonden (\(serials.joined(separator: ", "))): kies er een met --serial SERIENUMMER of koppel de andere los")
        case .deviceNotFound(let serial, let connected):
            LocalizedText(
                en: "no phone with serial '\(serial)' is connected (connected: \(connected.isEmpty ? "none" : connected.joined(separator: ", "))): check the serial with 'adb devices'",
                nl: "er is geen telefoon met serienummer '\(serial)' verbonden (verbonden: \(connected.isEmpty ? "geen" : connected.joined(separator: ", "))): controleer het serienummer met 'adb devices'")
        case .unauthorized(let serial):
            LocalizedText(
                en: "phone \(serial) has not allowed USB debugging from this computer: unlock the phone, accept the prompt 'Allow USB debugging?' and run again",
                nl: "telefoon \(serial) heeft USB-foutopsporing vanaf deze computer nog niet toegestaan: ontgrendel de telefoon, accepteer de vraag 'USB-foutopsporing toestaan?' en probeer het opnieuw")
        case .offline(let serial):
            LocalizedText(
                en: "phone \(serial) is offline to adb: unplug it, plug it in again (or switch USB debugging off and on) and run again",
                nl: "telefoon \(serial) is offline voor adb: haal hem los en sluit hem opnieuw aan (of zet USB-foutopsporing uit en weer aan) en probeer het opnieuw")
        case .unusableState(let serial, let state):
            LocalizedText(
                en: "phone \(serial) is in state '\(state)', not started normally: start the phone as usual, unlock it and run again",
                nl: "telefoon \(serial) staat in toestand '\(state)' en is niet gewoon opgestart: start de telefoon gewoon op, ontgrendel hem en probeer het opnieuw")
        case .stoppedAnswering(let serial, let probes):
            LocalizedText(
                en: "phone \(serial) stopped answering (no answer to \(probes.joined(separator: ", "))): check the cable, unlock the phone and run again",
                nl: "telefoon \(serial) antwoordt niet meer (geen antwoord op \(probes.joined(separator: ", "))): controleer de kabel, ontgrendel de telefoon en probeer het opnieuw")
        case .captureFolder(let path, let reason):
            LocalizedText(
                en: "\(path): cannot write the capture: \(reason); choose another folder with --capture DIR",
                nl: "\(path): kan de opname niet schrijven: \(SystemReason.text(reason)(.nl)); kies een andere map met --capture MAP")
        case .invalidCapture(let path, let reason):
            LocalizedText(
                en: "\(path): not a readable phone capture: \(reason); capture the phone again",
                nl: "\(path): geen leesbare telefoonopname: \(Self.dutchCaptureReason(reason)); neem de telefoon opnieuw op")
        case .invalidIndicators(let file, let line, let message):
            LocalizedText(
                en: "\(file):\(line): \(message); restore the file from the release",
                nl: "\(file):\(line): \(message); zet het bestand terug uit de uitgave")
        default:
            LocalizedText(en: "", nl: "")
        }
    }



    /// The iPhone cases' messages; the device is named by its UDID, the id `idevice_id -l` shows.
    var iosMessage: LocalizedText? {
        switch self {
        case .iosToolMissing(let tool):
            LocalizedText(
                en: "'\(tool)' is not installed: reading an iPhone needs libimobiledevice's tools (Debian: sudo apt install libimobiledevice-utils ideviceinstaller usbmuxd)",
                nl: "'\(tool)' is niet geïnstalleerd: om een iPhone te lezen zijn de hulpprogramma's van libimobiledevice nodig (Debian: sudo apt install libimobiledevice-utils ideviceinstaller usbmuxd)")
        case .usbmuxdMissing(let message):
            LocalizedText(
                en: "this computer cannot talk to iPhones (\(message)): install usbmuxd (Debian: sudo apt install usbmuxd), then unplug the iPhone and plug it in again",
                nl: "deze computer kan niet met iPhones praten (\(message)): installeer usbmuxd (Debian: sudo apt install usbmuxd), haal de iPhone los en sluit hem opnieuw aan")
        case .noIPhone:
            LocalizedText(
                en: "no iPhone is connected: connect it with a cable that carries data, unlock it, and tap Trust when it asks whether to trust this computer (see 'hygiene phone guide --section iphone-connect')",
                nl: "er is geen iPhone aangesloten: sluit hem aan met een kabel die gegevens doorgeeft, ontgrendel hem en tik op Vertrouw als hij vraagt of je deze computer vertrouwt (zie 'hygiene phone guide --section iphone-connect')")
        case .severalIPhones(let udids):
            LocalizedText(
                en: "several iPhones are connected (\(udids.joined(separator: ", "))): choose one with --udid ID or disconnect the others",
                nl: "er zijn meerdere iPhones aangesloten (\(udids.joined(separator: ", "))): kies er een met --udid ID of koppel de andere los")
        case .iPhoneNotFound(let udid, let connected):
            LocalizedText(
                en: "no iPhone with id '\(udid)' is connected (connected: \(connected.isEmpty ? "none" : connected.joined(separator: ", "))): check the cable, or the id with 'idevice_id -l'",
                nl: "er is geen iPhone met id '\(udid)' aangesloten (aangesloten: \(connected.isEmpty ? "geen" : connected.joined(separator: ", "))): controleer de kabel, of het id met 'idevice_id -l'")
        case .trustPending(let udid, let seconds):
            LocalizedText(
                en: "iPhone \(udid) did not answer whether it trusts this computer within \(seconds) seconds: unlock it, tap Trust, enter your passcode, and run again",
                nl: "iPhone \(udid) gaf binnen \(seconds) seconden geen antwoord op de vraag of hij deze computer vertrouwt: ontgrendel hem, tik op Vertrouw, voer je toegangscode in en probeer het opnieuw")
        case .trustDenied(let udid):
            LocalizedText(
                en: "iPhone \(udid) was told not to trust this computer: unplug it, plug it in again, unlock it, tap Trust and enter your passcode",
                nl: "iPhone \(udid) kreeg te horen deze computer niet te vertrouwen: haal hem los, sluit hem opnieuw aan, ontgrendel hem, tik op Vertrouw en voer je toegangscode in")
        case .iPhoneLocked(let udid):
            LocalizedText(
                en: "iPhone \(udid) is locked: unlock it with your passcode, keep it unlocked during the check, and run again",
                nl: "iPhone \(udid) is vergrendeld: ontgrendel hem met je toegangscode, houd hem ontgrendeld tijdens de controle en probeer het opnieuw")
        case .stalePairing(let udid):
            LocalizedText(
                en: "iPhone \(udid) no longer trusts this computer (it was reset, or its trusted computers were cleared): run 'idevicepair -u \(udid) unpair', then run again and tap Trust on the phone",
                nl: "iPhone \(udid) vertrouwt deze computer niet meer (hij is hersteld, of zijn vertrouwde computers zijn gewist): voer 'idevicepair -u \(udid) unpair' uit, probeer het dan opnieuw en tik op Vertrouw op de telefoon")
        case .iosToolFailed(let command, let status, let message):
            LocalizedText(
                en: "'\(command)' failed with exit status \(status)\(message.isEmpty ? "" : ": " + message); unplug the iPhone, plug it in again, unlock it and run again",
                nl: "'\(command)' mislukte met afsluitstatus \(status)\(message.isEmpty ? "" : ": " + message); haal de iPhone los, sluit hem opnieuw aan, ontgrendel hem en probeer het opnieuw")
        case .iosToolTimedOut(let command, let seconds):
            LocalizedText(
                en: "'\(command)' did not answer within \(Self.seconds(seconds)) seconds and was stopped: unplug the iPhone, plug it in again, unlock it and run again",
                nl: "'\(command)' antwoordde niet binnen \(Self.seconds(seconds)) seconden en is gestopt: haal de iPhone los, sluit hem opnieuw aan, ontgrendel hem en probeer het opnieuw")
        default: nil
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
