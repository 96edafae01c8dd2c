import Access
import Accounts
import AuditCore
import Device
import Exposure
import Foundation
import Phone
import Reset
import Safety
import ShippedChecks
import Trackers
import Vault
import VaultCrypto

/// Everything the CLI wires together: the families and the shipped and user checks. The core knows
/// no family; this list is the only place they meet.
enum Catalog {
    static let version = "0.1.0"

    /// Every family, in the order their inputs are prepared (reset after vault, whose accounts it plans).
    static let families: [any Family] = {
        let list: [any Family] = [DeviceFamily(), AccessFamily(), VaultFamily(), ExposureFamily(), ResetFamily(), SafetyFamily(),
                                  PhoneFamily(guide: phoneGuide), TrackersFamily(), AccountsFamily()]
        for family in list { FieldLabels.register(family.fieldLabels) }
        return list
    }()

    /// The family ids `--only` takes.
    static var familyIDs: [String] { families.map(\.id) }

    /// Every kind of every family.
    static var kinds: [any CheckKind.Type] { families.flatMap(\.kinds) }

    /// The configuration keys the families own.
    static var settings: [Setting] { families.flatMap(\.settings) }

    /// The state tables the families keep.
    static var migrations: [StateMigration] { families.flatMap(\.migrations) }

    /// The commented configuration `hygiene init` writes.
    static var configurationTemplate: String { Configuration.template(examples: families.map(\.settingsExample)) }

    static func familyName(_ id: String, _ language: Language) -> String {
        families.first { $0.id == id }?.name(language) ?? id
    }

    static func family(_ id: String) -> (any Family)? { families.first { $0.id == id } }

    /// The state database, with every family's tables.
    static func openState(_ environment: CLIEnvironment) throws -> StateStore {
        try StateStore(path: environment.statePath, migrations: migrations)
    }

    /// The shipped phone guide, for the reminder at the end of a phone report.
    static var phoneGuide: PhoneGuide? {
        guard let file = ShippedChecks.files.first(where: { $0.path == "Checks/phone/guide.yaml" }) else { return nil }
        return try? PhoneGuide(file: CheckDataFile(path: file.path, text: file.text))
    }

    /// The shipped checks plus those in the user's folders; any problem in any file stops the run.
    static func loadChecks(extraDirectories: [String]) throws -> [Check] {
        var files = ShippedChecks.files
        for directory in extraDirectories { files += try CheckLoader.readFiles(in: directory) }
        return try CheckLoader(kinds: kinds).load(files)
    }
}
