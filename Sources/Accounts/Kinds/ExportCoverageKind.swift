import AuditCore
import Foundation

/// Carries the platforms' manifests, and says what of each export could not be read: files the
/// platform normally writes that are missing, files that failed to parse, files in a form not read.
/// Nothing not read ever counts as passed.
public struct ExportCoverageKind: CheckKind {
    public static let description = KindDescription(
        identifier: "account-export-coverage", family: "accounts",
        summary: "Names the platform manifests (data: account-export) the accounts family reads exports with, and reports the files of each export that were expected and missing, unreadable, or in a form not read.",
        parameters: [ParameterSpec("platforms", required: true, "a mapping of platform id to its manifest file, relative to the check file")],
        examples: AccountKindExamples.coverage)

    public let manifests: [PlatformManifest]

    public init(parameters: Parameters) throws {
        let platforms = try parameters.mapping("platforms")
        manifests = try platforms.keys.map { key in
            let manifest: PlatformManifest
            do {
                manifest = try PlatformManifest(file: platforms.dataFile(key))
            } catch let error as DataFileError {
                throw Parameters.Problem(message: error.errorDescription ?? error.message)
            }
            guard manifest.id == key else { throw platforms.problem(key, "the manifest says 'platform: \(manifest.id)', not '\(key)'") }
            return manifest
        }
        guard !manifests.isEmpty else { throw parameters.problem("platforms", "needs at least one manifest") }
    }

    public init(manifests: [PlatformManifest]) { self.manifests = manifests }

    public func run(in context: CheckContext) async throws -> CheckOutcome {
        let exports = try context.inputs.require(.accountExports).exports
        var findings: [FindingDraft] = []
        for export in exports {
            let name = export.manifest.name
            // A file in another part given for the same platform (a second zip of one export) is not missing.
            let readElsewhere = Set(exports.filter { $0.manifest.id == export.manifest.id }.flatMap(\.statuses).filter { $0.status.isRead }.map(\.spec.id))
            let missing = export.statuses.filter { $0.spec.expected && $0.status.isMissing && !readElsewhere.contains($0.spec.id) }.map(\.spec)
            if !missing.isEmpty {
                let list = missing.map { "\($0.id) (\($0.files.first ?? ""))" }.joined(separator: "; ")
                findings.append(FindingDraft(
                    key: "\(export.manifest.id)|missing|\(missing.map(\.id).joined(separator: ","))",
                    title: LocalizedText(en: "\(name): files the export normally holds were not found", nl: "\(name): bestanden die in deze export horen, zijn niet gevonden"),
                    detail: LocalizedText(
                        en: "Not found by name or by shape, so not checked: \(list). Perhaps these categories were not chosen when the export was requested, or the platform renamed the files. What they would show is not in this report.",
                        nl: "Niet gevonden op naam of op vorm, dus niet gecontroleerd: \(list). Misschien zijn deze onderdelen niet gekozen bij het aanvragen, of heeft het platform de bestanden hernoemd. Wat ze zouden laten zien, staat niet in dit rapport."),
                    subjects: [Subject("\(name): \(export.path)", missing.map { Subject.Field("not found", "\($0.id): \($0.files.joined(separator: " | "))") })]))
            }
            for (spec, status) in export.statuses {
                guard case .failed(let file, let reason) = status else { continue }
                findings.append(FindingDraft(
                    key: "\(export.manifest.id)|failed|\(spec.id)",
                    title: LocalizedText(en: "\(name): a file could not be read", nl: "\(name): een bestand kon niet gelezen worden"),
                    detail: LocalizedText(en: "The \(spec.type.words.en) in it were not checked: \(reason).", nl: "De \(spec.type.words.nl) erin zijn niet gecontroleerd: \(reason)."),
                    subjects: [Subject("\(name): \(file)", [Subject.Field("record", spec.id), Subject.Field("read from", file)])]))
            }
            for (files, reason) in export.unsupported {
                findings.append(FindingDraft(
                    key: "\(export.manifest.id)|unsupported|\(reason.en.prefix(40))",
                    title: LocalizedText(en: "\(name): part of the export is in a form hygiene does not read", nl: "\(name): een deel van de export staat in een vorm die hygiene niet leest"),
                    detail: reason,
                    subjects: [Subject("\(name): \(export.path)", files.map { Subject.Field("file", $0) })]))
            }
            let renamed = export.statuses.compactMap { spec, status -> String? in
                if case .read(let files, _, true) = status { return "\(spec.id): \(files.joined(separator: ", "))" }
                return nil
            }
            if !renamed.isEmpty {
                findings.append(FindingDraft(
                    key: "\(export.manifest.id)|by-shape",
                    title: LocalizedText(en: "\(name): files recognised by their content, not their name", nl: "\(name): bestanden herkend aan hun inhoud, niet aan hun naam"),
                    detail: LocalizedText(en: "These files have another name than expected (a translated or renamed export) and were read because their content has the expected shape: \(renamed.joined(separator: "; ")).",
                                          nl: "Deze bestanden hebben een andere naam dan verwacht (een vertaalde of hernoemde export) en zijn gelezen omdat hun inhoud de verwachte vorm heeft: \(renamed.joined(separator: "; "))."),
                    subjects: [Subject("\(name): \(export.path)")], severity: .info))
            }
        }
        if findings.isEmpty {
            // Typed as text: GRDB's SQL also takes string interpolation and has a `joined`, and was chosen here.
            let read: [LocalizedText] = exports.map { export -> LocalizedText in
                let count = export.statuses.filter { $0.status.isRead }.count, total = export.manifest.records.count
                let parts = LocalizedText.count(export.parts.count, en: ("part", "parts"), nl: ("deel", "delen"))
                return LocalizedText(en: "\(export.manifest.name) (\(count) of \(total); \(parts.en))",
                                     nl: "\(export.manifest.name) (\(count) van \(total); \(parts.nl))")
            }
            let en: String = read.map(\.en).joined(separator: ", "), nl: String = read.map(\.nl).joined(separator: ", ")
            return .passed(evidence: LocalizedText(
                en: "Every file the exports normally hold was found and read: \(en).",
                nl: "Elk bestand dat in deze exports hoort, is gevonden en gelezen: \(nl)."))
        }
        return .failed(findings)
    }
}
