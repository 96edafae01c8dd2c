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

    /// The situation the guide's line in an audit names: given under the setting's name (as a flag would
    /// give it), else the configuration's `situation`.
    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        var inputs = AuditInputs()
        if let situation = given[SafetyGuideKind.situationInput].first ?? context.configuration.situation?.rawValue {
            guard Situation(rawValue: situation) != nil else {
                throw InputError(LocalizedText(
                    en: "situation '\(situation)': use one of \(Situation.allCases.map(\.rawValue).joined(separator: ", "))",
                    nl: "situatie '\(situation)': gebruik een van \(Situation.allCases.map(\.rawValue).joined(separator: ", "))"), usage: true)
            }
            inputs[SafetyGuideKind.situationInput] = [situation]
        }
        return PreparedInputs(inputs: inputs)
    }

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
