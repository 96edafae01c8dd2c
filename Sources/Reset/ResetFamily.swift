import AuditCore
import Foundation
import Vault

/// The reset family's front door: the accounts, recovery and answers the plan is made from, and the
/// plan's own tables in the state database (progress by step, the answers).
public struct ResetFamily: Family {
    public init() {}

    public let id = "reset"
    public let name = LocalizedText(en: "reset plan", nl: "herstelplan")
    public var kinds: [any CheckKind.Type] { ResetKinds.all }
    /// The plan's name in the state database.
    public static let planName = "reset"
    /// The configured accounts that live in no vault.
    public static let accountsInput = "reset-accounts"

    public var settings: [Setting] {
        [
            .text("accounts", input: Self.accountsInput, list: true),
            .text("recovers-through", list: true, message: PlanInputWords.badRecovery("…", key: "recovers-through"), valid: Self.isRecovery),
            .text("not-through", list: true, message: PlanInputWords.badRecovery("…", key: "not-through"), valid: Self.isRecovery),
        ]
    }

    static func isRecovery(_ entry: String) -> Bool { (try? PlanInputs.recovery([entry], key: "")) != nil }

    public var settingsExample: String {
        """
        # For the reset plan: accounts that are in no export, recovery the export cannot show, and recovery the
        # plan assumed that is not so. / Voor het herstelplan: accounts die in geen export staan, herstel dat de
        # export niet laat zien, en herstel dat het plan aannam maar niet klopt.
        # accounts: [kpn, digid, "netflix: ik@example.nl"]
        # recovers-through: ["ik@gmail.com -> ik@outlook.com"]
        # not-through: ["bol -> oud@gmail.com", "odido -> number"]

        """
    }

    public var fieldLabels: [String: String] { ["url": "adres", "password": "wachtwoord", "status": "status", "recovery": "herstel"] }

    public var migrations: [StateMigration] { StateStore.planMigrations }

    /// Gives the plan what the audit's vault checks flag, and the stored answers (the answers given to
    /// `hygiene reset`), so the audit's summary is the plan `hygiene reset` walks.
    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        var inputs = AuditInputs()
        inputs[.planFlaggers] = PlanFlagger.among(context.checks, skip: context.skip)
        if let answers = given[.planAnswers] {
            inputs[.planAnswers] = answers
        } else if let store = context.state {
            inputs[.planAnswers] = try store.answers(plan: Self.planName).mapValues(Set.init)
        }
        return PreparedInputs(inputs: inputs)
    }
}
