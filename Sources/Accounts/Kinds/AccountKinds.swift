import AuditCore
import Foundation

/// Sessions signed in now, and devices, that are not the person's.
public struct ActiveSessionsKind: AccountRecordKind {
    public init() {}
    public init(parameters: Parameters) throws { try parameters.allowOnly([]) }
    public func run(in context: CheckContext) async throws -> CheckOutcome { try await runRecords(in: context) }
    public static let description = KindDescription(
        identifier: "account-sessions", family: "accounts",
        summary: "Sessions and devices in the platforms' exports that are signed in now, or were seen after the breakup date, and are not among the identity file's devices.",
        parameters: [], examples: AccountKindExamples.sessions)
    static let types: Set<RecordType> = [.sessions, .devices]
    static let what = LocalizedText(en: "sessions and devices", nl: "sessies en apparaten")

    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft] {
        records.compactMap { record in
            let own = judge.ownDevice(record)
            if own == true { return nil }
            let after = judge.afterSince(record)
            let severity: Severity
            var why: LocalizedText
            if after {
                severity = own == false ? .high : .medium
                why = LocalizedText(en: "It was in use after the breakup date.", nl: "Het was in gebruik na de datum van de breuk.")
            } else if record.current && judge.since == nil {
                severity = .medium
                why = LocalizedText(en: "It is signed in now.", nl: "Het is nu aangemeld.")
            } else if record.current, record.latest == nil {
                severity = own == false ? .high : .medium
                why = LocalizedText(en: "It is signed in now; the export gives no time.", nl: "Het is nu aangemeld; de export geeft geen tijd.")
            } else {
                severity = .info
                why = LocalizedText(en: "Listed for review: not seen after the breakup date.", nl: "Ter controle: niet gezien na de datum van de breuk.")
            }
            let unknown = own == false
                ? LocalizedText(en: "It is not one of the devices in your identity file.", nl: "Het is geen van de apparaten in je identiteitsbestand.")
                : LocalizedText(en: "Whether it is yours cannot be told: add your devices to the identity file ('devices:').",
                                nl: "Of het van jou is, is niet te zeggen: zet je apparaten in het identiteitsbestand ('devices:').")
            let kind = record.current ? LocalizedText(en: "session", nl: "sessie") : LocalizedText(en: "device", nl: "apparaat")
            return FindingDraft(
                key: "\(record.platform)|\(record.spec)|\(record.label)|\(record[.ip] ?? "")|\(record.time?.timeIntervalSince1970 ?? 0)",
                title: LocalizedText(en: "\(record.platformName): \(kind.en) \(record.label)", nl: "\(record.platformName): \(kind.nl) \(record.label)"),
                detail: AccountWords.join([why, unknown, AccountWords.whereToAct(record)]),
                subjects: [AccountWords.subject(record)], severity: severity)
        }
    }
}

/// Sign-ins after the breakup date from a device, place or address that is not the person's.
public struct SignInsKind: AccountRecordKind {
    public init() {}
    public init(parameters: Parameters) throws { try parameters.allowOnly([]) }
    public func run(in context: CheckContext) async throws -> CheckOutcome { try await runRecords(in: context) }
    public static let description = KindDescription(
        identifier: "account-sign-ins", family: "accounts",
        summary: "Sign-ins in the platforms' exports after the breakup date from a device, place or address the identity file does not name; grouped by address and device.",
        parameters: [], examples: AccountKindExamples.signIns)
    static let types: Set<RecordType> = [.signIns]
    static let what = LocalizedText(en: "sign-ins", nl: "aanmeldingen")

    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft] {
        var groups: [String: [AccountRecord]] = [:]
        var order: [String] = []
        for record in records {
            if judge.since != nil && !judge.afterSince(record) { continue }
            let device = judge.ownDevice(record), place = judge.ownPlace(record)
            if device == true || (place == true && device == nil) { continue }
            let key = "\(record.platform)|\(record[.ip] ?? "")|\(record[.device] ?? record[.agent] ?? "")"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(record)
        }
        return order.map { key in
            let group = groups[key]!
            let first = group[0]
            let device = judge.ownDevice(first), place = judge.ownPlace(first)
            let severity: Severity
            if judge.since == nil { severity = .info } else if device == false && place == false { severity = .high } else if device == true || place == true { severity = .low } else { severity = .medium }
            let times = group.compactMap(\.latest)
            let span = times.min().map { "\(Timestamps.shown($0)) – \(Timestamps.shown(times.max() ?? $0))" } ?? "?"
            let recognised = LocalizedText(
                en: "Device: \(device == false ? "not yours" : device == true ? "yours" : "cannot tell"); place or address: \(place == false ? "not yours" : place == true ? "yours" : "cannot tell") (from the identity file's devices, places and networks).",
                nl: "Apparaat: \(device == false ? "niet van jou" : device == true ? "van jou" : "niet te zeggen"); plaats of adres: \(place == false ? "niet van jou" : place == true ? "van jou" : "niet te zeggen") (volgens de apparaten, plaatsen en netwerken in je identiteitsbestand).")
            let count = LocalizedText(
                en: "\(group.count) sign-in\(group.count == 1 ? "" : "s")\(judge.since == nil ? "" : " after the breakup date"), \(span).",
                nl: "\(group.count) aanmelding\(group.count == 1 ? "" : "en")\(judge.since == nil ? "" : " na de datum van de breuk"), \(span).")
            let caveat = LocalizedText(
                en: "An address or place alone proves little: mobile networks, VPNs and the platform's own servers change them.",
                nl: "Een adres of plaats alleen bewijst weinig: mobiele netwerken, VPN's en de servers van het platform veranderen ze.")
            return FindingDraft(
                key: key,
                title: LocalizedText(en: "\(first.platformName): sign-ins from \(first[.ip] ?? first.label)", nl: "\(first.platformName): aanmeldingen vanaf \(first[.ip] ?? first.label)"),
                detail: AccountWords.join([count, recognised, caveat, AccountWords.whereToAct(first)]),
                subjects: [AccountWords.subject(first, name: "\(first.platformName): \(first[.ip] ?? first.label)", extra: [Subject.Field("sign-ins", String(group.count))])],
                severity: severity)
        }
    }
}

/// Recovery addresses, numbers and contacts that are not the person's.
public struct RecoveryContactsKind: AccountRecordKind {
    public init() {}
    public init(parameters: Parameters) throws { try parameters.allowOnly([]) }
    public func run(in context: CheckContext) async throws -> CheckOutcome { try await runRecords(in: context) }
    public static let description = KindDescription(
        identifier: "account-recovery", family: "accounts",
        summary: "Recovery e-mail addresses, phone numbers, trusted numbers and recovery contacts in the platforms' exports that are not in the identity file.",
        parameters: [], examples: AccountKindExamples.recovery)
    static let types: Set<RecordType> = [.recovery]
    static let what = LocalizedText(en: "recovery addresses, numbers and contacts", nl: "herstel-adressen, -nummers en -contacten")

    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft] {
        var seen = Set<String>()
        return records.compactMap { record in
            guard let value = record[.value], seen.insert("\(record.platform)|\(value.lowercased())").inserted else { return nil }
            let own = judge.ownContact(value)
            if own == true { return nil }
            let severity: Severity
            let why: LocalizedText
            switch own {
            case false?:
                severity = .high
                why = LocalizedText(en: "This address or number is not in your identity file. Whoever holds it can reset the password and take the account.",
                                    nl: "Dit adres of nummer staat niet in je identiteitsbestand. Wie het heeft, kan het wachtwoord herstellen en het account overnemen.")
            default:
                severity = judge.afterSince(record) ? .high : .medium
                why = LocalizedText(en: "A person who can help unlock the account. Make sure it is someone you trust today.",
                                    nl: "Iemand die kan helpen het account te ontgrendelen. Kijk of het iemand is die je nu nog vertrouwt.")
            }
            return FindingDraft(
                key: "\(record.platform)|\(value.lowercased())",
                title: LocalizedText(en: "\(record.platformName): recovery contact \(value)", nl: "\(record.platformName): herstelcontact \(value)"),
                detail: AccountWords.join([why, AccountWords.whereToAct(record)]),
                subjects: [AccountWords.subject(record, name: "\(record.platformName): \(value)")], severity: severity)
        }
    }
}

/// Mail forwarded to, or readable by, an address that is not the person's.
public struct MailAccessKind: AccountRecordKind {
    public init() {}
    public init(parameters: Parameters) throws { try parameters.allowOnly([]) }
    public func run(in context: CheckContext) async throws -> CheckOutcome { try await runRecords(in: context) }
    public static let description = KindDescription(
        identifier: "account-mail-access", family: "accounts",
        summary: "Forwarding addresses, forwarding filters and delegates of a mailbox in the exports that are not in the identity file.",
        parameters: [], examples: AccountKindExamples.mailAccess)
    static let types: Set<RecordType> = [.forwarding, .delegates]
    static let what = LocalizedText(en: "forwarding addresses and delegates", nl: "doorstuuradressen en gemachtigden")

    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft] {
        var seen = Set<String>()
        return records.compactMap { record in
            guard let value = record[.value], seen.insert("\(record.platform)|\(record.type)|\(value.lowercased())").inserted else { return nil }
            if judge.ownContact(value) == true { return nil }
            let what = record.type == .delegates
                ? LocalizedText(en: "can read and send mail from your mailbox", nl: "kan mail in je mailbox lezen en versturen")
                : LocalizedText(en: "is set up to receive your mail", nl: "is ingesteld om je mail te ontvangen")
            return FindingDraft(
                key: "\(record.platform)|\(record.type.rawValue)|\(value.lowercased())",
                title: LocalizedText(en: "\(record.platformName): \(value) \(what.en)", nl: "\(record.platformName): \(value) \(what.nl)"),
                detail: AccountWords.join([
                    LocalizedText(en: "Every password-reset mail can reach this address too, so whoever holds it can take over the accounts this mailbox resets. It is not in your identity file.",
                                  nl: "Elke mail om een wachtwoord te herstellen kan ook dit adres bereiken, dus wie het heeft kan de accounts overnemen die via deze mailbox hersteld worden. Het staat niet in je identiteitsbestand."),
                    AccountWords.whereToAct(record)]),
                subjects: [AccountWords.subject(record, name: "\(record.platformName): \(value)")])
        }
    }
}

/// Changes of e-mail, phone, password or two-step sign-in after the breakup date.
public struct AccountChangesKind: AccountRecordKind {
    public init() {}
    public init(parameters: Parameters) throws { try parameters.allowOnly([]) }
    public func run(in context: CheckContext) async throws -> CheckOutcome { try await runRecords(in: context) }
    public static let description = KindDescription(
        identifier: "account-changes", family: "accounts",
        summary: "Changes of e-mail, phone, password or two-step sign-in in the exports after the breakup date; high when made from a device or place that is not the person's.",
        parameters: [], examples: AccountKindExamples.changes)
    static let types: Set<RecordType> = [.changes]
    static let what = LocalizedText(en: "changes of e-mail, phone, password and two-step sign-in", nl: "wijzigingen van e-mail, telefoon, wachtwoord en tweestapsverificatie")

    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft] {
        records.compactMap { record in
            if judge.since != nil && !judge.afterSince(record) { return nil }
            let device = judge.ownDevice(record), place = judge.ownPlace(record)
            let severity: Severity = judge.since == nil ? .info : (device == false || place == false) ? .high : .medium
            let change = record[.action] ?? "?"
            var detail = [LocalizedText(
                en: judge.since == nil ? "A change to the account, listed for review (give --since to place it before or after the breakup)." : "A change to the account after the breakup date. If you did not make it, someone else can sign in.",
                nl: judge.since == nil ? "Een wijziging van het account, ter controle (geef --since om haar voor of na de breuk te plaatsen)." : "Een wijziging van het account na de datum van de breuk. Heb je die niet zelf gedaan, dan kan iemand anders inloggen.")]
            if device == false || place == false {
                detail.append(LocalizedText(en: "It was made from a device or place that is not in your identity file.", nl: "Ze is gedaan vanaf een apparaat of plaats die niet in je identiteitsbestand staat."))
            }
            detail.append(AccountWords.whereToAct(record))
            return FindingDraft(
                key: "\(record.platform)|\(record.spec)|\(change)|\(record.time?.timeIntervalSince1970 ?? 0)|\(record[.new] ?? "")",
                title: LocalizedText(en: "\(record.platformName): \(change) on \(AccountWords.shown(record.time))", nl: "\(record.platformName): \(change) op \(AccountWords.shown(record.time))"),
                detail: AccountWords.join(detail), subjects: [AccountWords.subject(record, name: "\(record.platformName): \(change)")], severity: severity)
        }
    }
}

/// Earlier downloads of the account's data, other than the one being read.
public struct DataRequestsKind: AccountRecordKind {
    public init() {}
    public init(parameters: Parameters) throws { try parameters.allowOnly([]) }
    public func run(in context: CheckContext) async throws -> CheckOutcome { try await runRecords(in: context) }
    public static let description = KindDescription(
        identifier: "account-data-requests", family: "accounts",
        summary: "Earlier downloads of an account's data in the exports, the newest (taken as the export being read) left out.",
        parameters: [], examples: AccountKindExamples.dataRequests)
    static let types: Set<RecordType> = [.downloads]
    static let what = LocalizedText(en: "earlier downloads of your data", nl: "eerdere downloads van je gegevens")

    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft] {
        var findings: [FindingDraft] = []
        for platform in Dictionary(grouping: records, by: \.platform).values {
            let sorted = platform.sorted { ($0.latest ?? .distantPast) > ($1.latest ?? .distantPast) }
            guard let newest = sorted.first else { continue }
            for record in sorted.dropFirst() {
                let after = judge.since == nil || judge.afterSince(record)
                let foreign = record[.value].flatMap(judge.ownContact) == false
                let severity: Severity = foreign || after ? .high : .info
                var detail = [LocalizedText(
                    en: "Someone asked for a full copy of this account's data on \(AccountWords.shown(record.time)). If it was not you, they may have your messages, contacts and locations. The newest request (\(AccountWords.shown(newest.latest))) is taken as the one that made this export.",
                    nl: "Iemand vroeg op \(AccountWords.shown(record.time)) een volledige kopie van de gegevens van dit account. Was jij het niet, dan kan die persoon je berichten, contacten en locaties hebben. Het nieuwste verzoek (\(AccountWords.shown(newest.latest))) wordt gezien als het verzoek van deze export.")]
                if foreign, let value = record[.value] {
                    detail.append(LocalizedText(en: "The download link went to \(value), which is not in your identity file.", nl: "De downloadlink ging naar \(value), dat niet in je identiteitsbestand staat."))
                }
                detail.append(AccountWords.whereToAct(record))
                findings.append(FindingDraft(
                    key: "\(record.platform)|\(record.spec)|\(record.latest?.timeIntervalSince1970 ?? 0)",
                    title: LocalizedText(en: "\(record.platformName): your data was downloaded on \(AccountWords.shown(record.time))",
                                         nl: "\(record.platformName): je gegevens zijn gedownload op \(AccountWords.shown(record.time))"),
                    detail: AccountWords.join(detail), subjects: [AccountWords.subject(record)], severity: severity))
            }
        }
        return findings.sorted { $0.key < $1.key }
    }
}

/// Apps and sites with access to the account, for review.
public struct ConnectedAppsKind: AccountRecordKind {
    public init() {}
    public init(parameters: Parameters) throws { try parameters.allowOnly([]) }
    public func run(in context: CheckContext) async throws -> CheckOutcome { try await runRecords(in: context) }
    public static let description = KindDescription(
        identifier: "account-connected-apps", family: "accounts",
        summary: "Apps and sites with access to an account, listed for review; those added after the breakup date at medium.",
        parameters: [], examples: AccountKindExamples.connectedApps)
    static let types: Set<RecordType> = [.apps]
    static let what = LocalizedText(en: "connected apps and sites", nl: "gekoppelde apps en sites")

    func judge(_ records: [AccountRecord], exports: [PlatformExport], judge: Judge) -> [FindingDraft] {
        records.map { record in
            let after = judge.afterSince(record)
            return FindingDraft(
                key: "\(record.platform)|\(record.label)",
                title: LocalizedText(en: "\(record.platformName): \(record.label) has access", nl: "\(record.platformName): \(record.label) heeft toegang"),
                detail: AccountWords.join([
                    after ? LocalizedText(en: "Added after the breakup date: if you did not add it, remove it.", nl: "Toegevoegd na de datum van de breuk: heb je het niet zelf toegevoegd, verwijder het dan.")
                        : LocalizedText(en: "Listed for review: remove what you do not use or do not recognise.", nl: "Ter controle: verwijder wat je niet gebruikt of niet herkent."),
                    AccountWords.whereToAct(record)]),
                subjects: [AccountWords.subject(record)], severity: after ? .medium : .info)
        }
    }
}
