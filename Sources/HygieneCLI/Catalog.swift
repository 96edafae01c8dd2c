import AuditCore
import Device
import Exposure
import Foundation
import Reset
import Phone
import Safety
import ShippedChecks
import Vault

/// Everything the CLI wires together: the families' kinds and the shipped and user checks.
enum Catalog {
    static let version = "0.1.0"

    /// Every kind of every family. The core knows none of them; this list is the only place they meet.
    static let kinds: [any CheckKind.Type] = DeviceKinds.all + VaultKinds.all + ExposureKinds.all + ResetKinds.all + SafetyKinds.all + PhoneKinds.all

    static let families = ["device", "vault", "exposure", "reset", "phone"]

    /// Each family's name for a person. Exposure and reset are named here until their modules carry
    /// their own, as the others do.
    static let familyNames: [String: LocalizedText] = [
        "device": DeviceKinds.family, "vault": VaultKinds.family, "phone": PhoneKinds.family,
        "exposure": LocalizedText(en: "public pages", nl: "openbare pagina's"), "reset": LocalizedText(en: "reset plan", nl: "herstelplan"),
    ]

    static func familyName(_ id: String, _ language: Language) -> String {
        familyNames[id]?(language) ?? id
    }

    /// The shipped checks plus those in the user's folders; any problem in any file stops the run.
    static func loadChecks(extraDirectories: [String]) throws -> [Check] {
        var files = ShippedChecks.files
        for directory in extraDirectories { files += try CheckLoader.readFiles(in: directory) }
        return try CheckLoader(kinds: kinds).load(files)
    }
}
