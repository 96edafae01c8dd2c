import AuditCore
import Foundation

/// What the person said is theirs (the identity file's e-mails, phones, devices, places and networks)
/// and the breakup date, held against a record: what is recognised as theirs, and what is not.
struct Judge {
    var identity: Identity
    var since: Date?

    init(inputs: AuditInputs) {
        identity = inputs[.identity] ?? Identity()
        since = inputs["since"].first.flatMap(Configuration.day)
    }

    /// Whether the identity file says anything about devices and places.
    var knowsDevices: Bool { !identity.devices.isEmpty }
    var knowsPlaces: Bool { !identity.places.isEmpty || !identity.networks.isEmpty }

    /// Whether the record's device is one of the person's: nil when either side says nothing.
    func ownDevice(_ record: AccountRecord) -> Bool? {
        let described = [record[.device], record[.agent]].compactMap { $0 }.map(folded).filter { !$0.isEmpty }
        guard knowsDevices, !described.isEmpty else { return nil }
        let owned = identity.devices.map(folded).filter { $0.count >= 3 }
        return described.contains { text in owned.contains { text.contains($0) } }
    }

    /// Whether the record's place or address is one of the person's: nil when either side says nothing.
    func ownPlace(_ record: AccountRecord) -> Bool? {
        var answer: Bool?
        if let ip = record[.ip], !identity.networks.isEmpty {
            if identity.networks.contains(where: { ip.hasPrefix($0.trimmingCharacters(in: .whitespaces)) }) { return true }
            answer = false
        }
        if let location = record[.location].map(folded), !location.isEmpty, !identity.places.isEmpty {
            if identity.places.map(folded).contains(where: { !$0.isEmpty && location.contains($0) }) { return true }
            answer = false
        }
        return answer
    }

    /// Whether an e-mail address or phone number is one of the person's: nil for a value that is neither.
    func ownContact(_ value: String) -> Bool? {
        let lower = value.lowercased().trimmingCharacters(in: .whitespaces)
        if lower.contains("@") {
            return identity.emails.contains { $0.lowercased().trimmingCharacters(in: .whitespaces) == lower }
        }
        let digits = Self.digits(value)
        guard digits.count >= 6, digits.count == value.filter({ !" +-().".contains($0) }).count else { return nil }
        return identity.phones.contains { Self.samePhone(Self.digits($0), digits) }
    }

    static func digits(_ text: String) -> String { text.filter(\.isASCII).filter(\.isNumber) }

    /// The same number written with or without the country code (`+31 6 1234 5678` = `06-12345678`).
    static func samePhone(_ a: String, _ b: String) -> Bool {
        guard a.count >= 6, b.count >= 6 else { return false }
        return a.suffix(9) == b.suffix(9)
    }

    /// Whether the record happened (or was last seen) after the breakup date.
    func afterSince(_ record: AccountRecord) -> Bool {
        guard let since, let latest = record.latest else { return false }
        return latest >= since
    }
}

/// The texts every accounts kind uses.
enum AccountWords {
    static func shown(_ date: Date?) -> String { date.map { Timestamps.shown($0) } ?? "?" }

    /// The subject of a record: the platform and item, and where in the archive it was read.
    static func subject(_ record: AccountRecord, name: String? = nil, extra: [Subject.Field] = []) -> Subject {
        var fields: [Subject.Field] = [Subject.Field("platform", record.platformName)]
        for (field, key) in [(RecordField.device, "device"), (.agent, "browser or app"), (.app, "app"), (.ip, "address"),
                             (.location, "place"), (.action, "event"), (.old, "old value"), (.new, "new value"), (.status, "status")] {
            if let value = record[field] { fields.append(Subject.Field(key, value)) }
        }
        if let time = record.time { fields.append(Subject.Field("time", Timestamps.shown(time))) }
        if let seen = record.lastSeen { fields.append(Subject.Field("last seen", Timestamps.shown(seen))) }
        fields += extra
        fields.append(Subject.Field("read from", record.file))
        return Subject(name ?? "\(record.platformName): \(record.label)", fields)
    }

    static func whereToAct(_ record: AccountRecord) -> LocalizedText {
        LocalizedText(en: "Where to act: \(record.whereToAct.en).", nl: "Waar je dit doet: \(record.whereToAct.nl).")
    }

    static func join(_ parts: [LocalizedText]) -> LocalizedText {
        LocalizedText(en: parts.map(\.en).joined(separator: " "), nl: parts.map(\.nl).joined(separator: " "))
    }

    static let evidenceFirst = LocalizedText(
        en: "Keep the export and this report as evidence before you change anything (hygiene evidence add).",
        nl: "Bewaar de export en dit rapport als bewijs voordat je iets verandert (hygiene evidence add).")

    static func sinceText(_ since: Date?) -> LocalizedText {
        guard let since else {
            return LocalizedText(en: "No breakup date was given (--since), so nothing can be placed before or after it.",
                                 nl: "Er is geen datum van de breuk gegeven (--since), dus niets kan ervoor of erna geplaatst worden.")
        }
        let day = Timestamps.day(since, zone: TimeZone(identifier: "UTC")!)
        return LocalizedText(en: "Breakup date: \(day).", nl: "Datum van de breuk: \(day).")
    }

    /// What the exports read for these types cover: platform, records, the span, how far back the platform keeps them.
    static func coverage(_ exports: [PlatformExport], _ types: Set<RecordType>) -> LocalizedText {
        let parts = exports.filter { $0.read(types) }.map { export -> LocalizedText in
            let records = export.records.filter { types.contains($0.type) }
            let times = records.flatMap { [$0.time, $0.lastSeen].compactMap { $0 } }
            let span = times.min().map { first in " (\(Timestamps.day(first)) – \(Timestamps.day(times.max() ?? first)))" } ?? ""
            return LocalizedText(
                en: "\(export.manifest.name): \(records.count) item\(records.count == 1 ? "" : "s") read\(span); \(export.manifest.covers.en)",
                nl: "\(export.manifest.name): \(records.count) item\(records.count == 1 ? "" : "s") gelezen\(span); \(export.manifest.covers.nl)")
        }
        return join(parts)
    }

    /// The reason a kind is skipped when no export given holds its records.
    static func notInExports(_ exports: [PlatformExport], _ what: LocalizedText) -> LocalizedText {
        let names = exports.map(\.manifest.name).joined(separator: ", ")
        return LocalizedText(en: "none of the exports given (\(names)) holds \(what.en); this was not checked",
                             nl: "geen van de gegeven exports (\(names)) bevat \(what.nl); dit is niet gecontroleerd")
    }
}

/// The common run of the accounts kinds: the exports, the records of the kind's types, and a pass that
/// says what was read (never a pass for what no export held).
protocol AccountRecordKind: CheckKind {
    static var types: Set<RecordType> { get }
    /// What these records are, in a few words ("sessions and devices").
    static var what: LocalizedText { get }
    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft]
}

extension AccountRecordKind {
    func runRecords(in context: CheckContext) async throws -> CheckOutcome {
        let exports = try context.inputs.require(.accountExports).exports
        let relevant = exports.filter { $0.read(Self.types) }
        guard !relevant.isEmpty else { return .skipped(reason: AccountWords.notInExports(exports, Self.what)) }
        let judge = Judge(inputs: context.inputs)
        let records = relevant.flatMap(\.records).filter { Self.types.contains($0.type) }
        let findings = self.judge(records, exports: relevant, judge: judge)
        if findings.isEmpty {
            return .passed(evidence: AccountWords.join([
                LocalizedText(en: "Nothing that is not yours among the \(Self.what.en) read.", nl: "Niets dat niet van jou is bij de gelezen \(Self.what.nl)."),
                AccountWords.coverage(relevant, Self.types), AccountWords.sinceText(judge.since)]))
        }
        return .failed(findings)
    }
}
