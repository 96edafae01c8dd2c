import AuditCore
import Foundation
import Vault

/// In an audit after a breakup (`--since` or the configuration's `since`): a short summary of the
/// account-reset plan and a pointer to `hygiene reset`, which walks through it.
public struct ResetPlanKind: CheckKind {
    public static let description = KindDescription(
        identifier: "reset-plan",
        family: "reset",
        summary: "Builds the account-reset plan from the vault and the catalogue, and reports its size and first steps.",
        parameters: [
            ParameterSpec("services", required: true, "the services catalogue (data: reset-services), relative to the check file"),
            ParameterSpec("steps", required: true, "the generic steps and questions (data: reset-steps), relative to the check file"),
            ParameterSpec("tiers", required: true, "the tiers of the plan (today, week, later): which accounts each holds, why, and the bulk step"),
        ],
        examples: examples)

    let servicesFile: CheckDataFile
    let stepsFile: CheckDataFile
    /// Today, this week, later: the rules from the check file.
    public let tiers: TierRules

    public init(parameters: Parameters) throws {
        servicesFile = try parameters.dataFile("services")
        stepsFile = try parameters.dataFile("steps")
        tiers = try TierRules(parameters.mapping("tiers"))
    }

    /// The catalogue, read once per process when first needed (2,500 lines of YAML an audit without a
    /// breakup date does not need).
    public func catalog() throws -> ResetCatalog {
        try CatalogCache.shared.catalog(services: servicesFile, steps: stepsFile)
    }

    public func validateData() throws { _ = try catalog() }
    public func warmUp(host: Machine) { _ = try? catalog() }

    public func run(in context: CheckContext) async throws -> CheckOutcome {
        // After a breakup only: the shipped check asks for the date in its `when`; a user's own check of
        // this kind may not, and without the date the summary would stand in an audit not about a breakup.
        guard context.inputs["since"].first.flatMap(Configuration.day) != nil else {
            return .skipped(reason: LocalizedText(
                en: "the reset plan is for after a breakup: give its date with --since (or 'since' in the configuration); 'hygiene reset' shows the plan without it",
                nl: "het herstelplan is voor na een relatiebreuk: geef de datum met --since (of 'since' in de configuratie); 'hygiene reset' toont het plan ook zonder"))
        }
        // The same assembly as `hygiene reset`: the same accounts, flags, answers and recovery.
        let (plan, accounts) = try await PlanInputs.plan(self, inputs: context.inputs, host: context.host)
        let steps = plan.steps
        let today = steps.filter { $0.tier == .today }
        let first = plan.sections.first { $0.kind == .accounts }?.steps.prefix(3) ?? []
        let hours = (plan.minutes + 30) / 60
        return .failed([FindingDraft(
            key: "plan",
            title: LocalizedText(en: "Your account-reset plan: \(steps.count) steps, about \(hours) hours",
                                 nl: "Je plan om accounts terug te nemen: \(steps.count) stappen, ongeveer \(hours) uur"),
            detail: LocalizedText(
                en: "In an order where nothing you do can be undone by a later step: a clean device, then your password manager, your number and mailboxes, then the \(accounts) accounts that recover through them. First: "
                    + first.map(\.title.en).joined(separator: "; ") + ". Today, in one sitting: \(today.count) steps, about \(plan.minutes(in: .today)) minutes. Run 'hygiene reset' with the same --vault and --since to go through it step by step and keep track of what is done.",
                nl: "In een volgorde waarin niets wat je doet door een latere stap ongedaan wordt: een schoon apparaat, dan je wachtwoordbeheerder, je nummer en mailboxen, dan de \(accounts) accounts die via die te herstellen zijn. Eerst: "
                    + first.map(\.title.nl).joined(separator: "; ") + ". Vandaag, in één sessie: \(today.count) stappen, ongeveer \(plan.minutes(in: .today)) minuten. Draai 'hygiene reset' met dezelfde --vault en --since om er stap voor stap doorheen te gaan en bij te houden wat klaar is."))])
    }
}

/// Catalogues read once per process.
final class CatalogCache: @unchecked Sendable {
    static let shared = CatalogCache()
    private let lock = NSLock()
    private var cached: [String: ResetCatalog] = [:]

    func catalog(services: CheckDataFile, steps: CheckDataFile) throws -> ResetCatalog {
        let key = "\(services.path)\u{0}\(services.text.hashValue)\u{0}\(steps.path)\u{0}\(steps.text.hashValue)"
        lock.lock()
        defer { lock.unlock() }
        if let catalog = cached[key] { return catalog }
        let catalog = try ResetCatalog(services: services, steps: steps)
        cached[key] = catalog
        return catalog
    }
}
