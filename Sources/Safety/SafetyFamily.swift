import AuditCore
import Foundation

/// The safety family's front door. Its work is done by commands (`hygiene evidence`, `hygiene safety`)
/// rather than audit checks; an audit opens with its helplines when the configuration names the
/// user's situation (`situation`, `country`: general settings, as every command reads them).
public struct SafetyFamily: Family {
    public init() {}

    public let id = "safety"
    public let name = LocalizedText(en: "safety", nl: "veiligheid")
    public var kinds: [any CheckKind.Type] { SafetyKinds.all }

    public var fieldLabels: [String: String] { ["file": "bestand", "path": "pad", "advice": "advies"] }

    /// With a situation: the country's main helplines and the reminder to keep evidence first.
    public func opening(context: FamilyContext) throws -> ReportOpening? {
        guard context.configuration.situation != nil else { return nil }
        let guidance = try SafetyGuidance.loaded(in: context.checks, skip: context.skip)
        return guidance.helplines.opening(for: Country.resolve(nil, configured: context.configuration.country, environment: context.environment))
    }
}

extension SafetyGuidance {
    /// The data of the first `safety-guide` check that is not skipped (a user's own replaces the shipped
    /// one by skipping `safety.risk`), or of the shipped one when all are skipped.
    public static func loaded(in checks: [Check], skip: Set<String>) throws -> SafetyGuidance {
        let guides = checks.filter { $0.implementation is SafetyGuideKind }
        guard let kind = (guides.first { !skip.contains($0.id) } ?? guides.first)?.implementation as? SafetyGuideKind else {
            throw GuidanceError.noGuide
        }
        return try kind.guidance()
    }
}
