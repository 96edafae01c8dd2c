import AuditCore
import Foundation

/// The accounts family's front door: the platforms' own data exports (Google Takeout, Facebook,
/// Instagram, Apple, X, Snapchat, TikTok, LinkedIn), read offline to answer "is my ex still signed in?".
/// Each export is read in memory, member by member; nothing of it is written anywhere.
public struct AccountsFamily: Family {
    public init() {}

    public let id = "accounts"
    public let name = LocalizedText(en: "accounts (data exports)", nl: "accounts (gegevensexports)")
    public var kinds: [any CheckKind.Type] { Self.all }

    public static let all: [any CheckKind.Type] = [
        ExportCoverageKind.self, ActiveSessionsKind.self, SignInsKind.self, RecoveryContactsKind.self, MailAccessKind.self,
        AccountChangesKind.self, DataRequestsKind.self, ConnectedAppsKind.self,
    ]

    /// The paths given by `--account-export` and `account-exports:`, as text.
    public static let inputName = "account-exports"

    public var settings: [Setting] { [.path("account-exports", input: Self.inputName, list: true)] }

    public var settingsExample: String {
        """
        # Your own data downloads from Google, Facebook, Instagram, Apple, X, Snapchat, TikTok or LinkedIn: a zip
        # as downloaded (its other numbered parts are found beside it) or its unpacked folder. Delete them when done.
        # Je eigen gegevensdownloads van Google, Facebook, Instagram, Apple, X, Snapchat, TikTok of LinkedIn: een zip
        # zoals gedownload (de andere genummerde delen ernaast worden gevonden) of de uitgepakte map. Verwijder ze daarna.
        # account-exports:
        #   - ~/Downloads/takeout-20260301T101010Z-001.zip

        """
    }

    public var fieldLabels: [String: String] {
        ["platform": "platform", "device": "apparaat", "browser or app": "browser of app", "app": "app", "address": "adres",
         "place": "plaats", "event": "gebeurtenis", "old value": "oude waarde", "new value": "nieuwe waarde", "status": "status",
         "time": "tijd", "last seen": "laatst gezien", "read from": "gelezen uit", "sign-ins": "aanmeldingen", "record": "onderdeel",
         "file": "bestand", "not found": "niet gevonden"]
    }

    public func expectedInputs(_ given: AuditInputs) -> [String] {
        given[Self.inputName].isEmpty ? [] : [Self.inputName]
    }

    public func prepare(_ given: AuditInputs, context: FamilyContext) async throws -> PreparedInputs {
        let paths = given[Self.inputName] + context.configuration.inputs[Self.inputName]
        var inputs = AuditInputs()
        inputs[Self.inputName] = []
        guard context.runs(id) else { return PreparedInputs(inputs: inputs) }
        if context.asked(id) && paths.isEmpty { throw InputError(AccountsWords.needsExport, usage: true) }
        guard !paths.isEmpty else { return PreparedInputs(inputs: inputs) }
        let manifests = try Self.manifests(in: context.checks)
        let reader = ExportReader(manifests: manifests)
        // Inflating and parsing take seconds of blocking work: on a thread of their own.
        let exports = try await onOwnThread { () throws -> [PlatformExport] in
            var exports: [PlatformExport] = []
            for path in paths {
                do {
                    exports += try reader.read(path: path)
                } catch let refused as ExportReader.Refused {
                    throw InputError(refused.message)
                }
            }
            return exports
        }
        inputs[Self.inputName] = paths
        inputs[.accountExports] = AccountExports(exports: exports)
        return PreparedInputs(inputs: inputs, notes: AccountsWords.notes(exports), sources: exports.map(Self.source))
    }

    /// The manifests the loaded checks carry (the shipped ones, and any a user's checks folder adds).
    public static func manifests(in checks: [Check]) throws -> [PlatformManifest] {
        var seen = Set<String>()
        let manifests = checks.compactMap { $0.implementation as? ExportCoverageKind }.flatMap(\.manifests).filter { seen.insert($0.id).inserted }
        guard !manifests.isEmpty else { throw InputError(AccountsWords.noManifests) }
        return manifests
    }

    static func source(_ export: PlatformExport) -> SourceStatus {
        let read = export.statuses.filter { $0.status.isRead }.count
        let problems = export.statuses.filter { status in
            switch status.status {
            case .failed: true
            case .missing: status.spec.expected
            case .read: false
            }
        }.count + export.unsupported.count
        let parts = export.parts.count
        return SourceStatus(
            name: "\(export.manifest.name): \(export.path)", ok: problems == 0,
            detail: LocalizedText(
                en: "read in memory (\(parts) part\(parts == 1 ? "" : "s")): \(read) of \(export.manifest.records.count) kinds of record found, \(export.records.count) items" + (problems == 0 ? "" : "; \(problems) not read (see accounts.coverage)"),
                nl: "in het geheugen gelezen (\(parts) deel\(parts == 1 ? "" : "en")): \(read) van \(export.manifest.records.count) soorten gegevens gevonden, \(export.records.count) items" + (problems == 0 ? "" : "; \(problems) niet gelezen (zie accounts.coverage)")),
            readable: problems == 0)
    }
}

/// The accounts family's messages, in both languages.
public enum AccountsWords {
    public static let needsExport = LocalizedText(
        en: "--only accounts needs a data export: give --account-export with the zip or folder you downloaded from the platform",
        nl: "--only accounts heeft een gegevensexport nodig: geef --account-export met de zip of map die je van het platform downloadde")
    static let noManifests = LocalizedText(
        en: "no platform manifests are loaded (the check accounts.coverage is missing), so no export can be read",
        nl: "er zijn geen platformbeschrijvingen geladen (de controle accounts.coverage ontbreekt), dus geen export kan gelezen worden")

    /// What every report with exports ends with: what they cannot show, and what to do with the archive.
    static func notes(_ exports: [PlatformExport]) -> [LocalizedText] {
        var notes = exports.map { export in
            let span = export.span.map { " from \(Timestamps.day($0.lowerBound)) to \(Timestamps.day($0.upperBound))" } ?? ""
            let spanNL = export.span.map { " van \(Timestamps.day($0.lowerBound)) tot \(Timestamps.day($0.upperBound))" } ?? ""
            return LocalizedText(
                en: "\(export.manifest.name) export: \(export.records.count) items read\(span); \(export.manifest.covers.en). Not in it: \(export.manifest.cannotShow.en)",
                nl: "Export van \(export.manifest.name): \(export.records.count) items gelezen\(spanNL); \(export.manifest.covers.nl). Staat er niet in: \(export.manifest.cannotShow.nl)")
        }
        notes.append(LocalizedText(
            en: "No platform's export shows whom you share your location with (Google Maps, Find My, Snap Map, Instagram Map, WhatsApp live location): check that in each app's own sharing screen. Microsoft's and WhatsApp's exports hold no sign-ins: look at account.microsoft.com → Security → Sign-in activity, and WhatsApp → Settings → Linked devices.",
            nl: "Geen enkele export laat zien met wie je je locatie deelt (Google Maps, Zoek mijn, Snap Map, Instagram-kaart, live locatie in WhatsApp): kijk dat na in het deelscherm van elke app. De exports van Microsoft en WhatsApp bevatten geen aanmeldingen: kijk op account.microsoft.com → Beveiliging → Aanmeldactiviteit, en in WhatsApp → Instellingen → Gekoppelde apparaten."))
        notes.append(LocalizedText(
            en: "The export you downloaded holds your messages, contacts and places: nothing of it was stored by hygiene. Keep it somewhere only you can reach as evidence (hygiene evidence add), or delete it — and the platform's \"your download is ready\" e-mail — when you are done.",
            nl: "De export die je downloadde bevat je berichten, contacten en plaatsen: hygiene heeft er niets van bewaard. Bewaar hem als bewijs op een plek waar alleen jij bij kunt (hygiene evidence add), of verwijder hem — en de e-mail \"je download staat klaar\" van het platform — als je klaar bent."))
        return notes
    }
}
