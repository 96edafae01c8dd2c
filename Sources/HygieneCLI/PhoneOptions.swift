import ArgumentParser
import AuditCore
import Foundation
import Phone

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

    var family: String { "phone" }

    var given: AuditInputs {
        var request = PhoneFamily.Request()
        request.phone = phone
        request.serial = serial
        request.adb = adb
        request.capture = capture
        request.savedCapture = phoneCapture
        request.timeout = phoneTimeout
        request.hashApks = !noApkHashes
        return request.given
    }

    func validate() throws {
        guard (1...600).contains(phoneTimeout) else { throw ValidationError("--phone-timeout must be between 1 and 600 seconds") }
        if phoneCapture != nil && (phone != nil || capture != nil || serial != nil) {
            throw ValidationError("--phone-capture analyses a saved capture; it takes no --phone, --capture or --serial")
        }
    }

}
