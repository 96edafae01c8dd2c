import AuditCore
import Foundation

/// Where breach counts come from: the downloaded list, or the range API.
public protocol BreachSource: Sendable {
    /// For messages: which list was asked.
    var name: String { get }
    /// How often each password was seen in breaches (0 for never).
    func counts(for passwords: [Secret]) async throws -> [Secret: Int]
}

public enum Breach {
    /// The prepared input holding a `BreachSource`.
    public static let inputName = "breach-source"
}

extension PwnedPasswordsFile: BreachSource {
    public var name: String { path }

    public func counts(for passwords: [Secret]) async throws -> [Secret: Int] {
        // Sorted look-ups touch the file's pages in order.
        let hashed = passwords.map { ($0, Self.hex($0)) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }
        var result: [Secret: Int] = [:]
        for (index, (password, hex)) in hashed.enumerated() {
            result[password] = count(forHex: hex)
            // Pages of the list read so far count as this process's memory until they are let go.
            if index % 128 == 127 { releasePages() }
        }
        releasePages()
        return result
    }
}

/// Passwords found in the Pwned Passwords list: attackers try these first, on every site.
struct BreachedKind: CheckKind {
    static let description = KindDescription(
        identifier: "breached-passwords",
        family: "vault",
        summary: "Looks up each password's SHA-1 in the Pwned Passwords list (offline file or range API).",
        parameters: [ParameterSpec("key-accounts", "list of {name, domains}: accounts that make the finding critical")],
        examples: examples)

    let keyAccounts: KeyAccounts

    init(parameters: Parameters) throws {
        keyAccounts = try KeyAccounts(parameters)
    }

    /// Each judged login's count in the breach source; nil when there is no source.
    func counts(in context: CheckContext) async throws -> (source: any BreachSource, counts: [Secret: Int])? {
        let (logins, _) = try context.judgedLogins()
        guard let source = context.inputs[.breachSource] else { return nil }
        return (source, try await source.counts(for: Array(Set(logins.map(\.password)))))
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let (logins, copies) = try context.judgedLogins()
        guard let (source, counts) = try await counts(in: context) else {
            return .skipped(reason: LocalizedText(
                en: "no breach list: give --breach-file with the downloaded Pwned Passwords list, or allow --online-breach-check",
                nl: "geen lijst met gelekte wachtwoorden: geef --breach-file met de gedownloade Pwned Passwords-lijst, of sta --online-breach-check toe"))
        }
        let breached = logins.filter { (counts[$0.password] ?? 0) > 0 }
        if breached.isEmpty {
            return .passed(evidence: LocalizedText(en: "none of \(logins.count) passwords is in \(source.name)",
                                                   nl: "geen van de \(logins.count) wachtwoorden staat in \(source.name)"))
        }
        let subjects = breached.map { login -> Subject in
            var subject = login.subject(among: copies)
            subject.fields.append(.init("seen in breaches", "\(counts[login.password] ?? 0)"))
            return subject
        }
        let key = breached.contains { keyAccounts.kind(of: $0) != nil }
        return .failed([FindingDraft(
            key: breached.map(\.accountKey).sorted().joined(separator: "|"),
            title: LocalizedText.count(breached.count, en: ("password is", "passwords are"), nl: ("wachtwoord staat", "wachtwoorden staan"))
                + LocalizedText(en: " in known data breaches", nl: " in bekende datalekken"),
            detail: LocalizedText(
                en: "These passwords are in lists of leaked passwords that attackers try first, on every site. Treat them as public.",
                nl: "Deze wachtwoorden staan in lijsten met gelekte wachtwoorden die aanvallers als eerste proberen, op elke site. Beschouw ze als openbaar."),
            subjects: subjects, severity: key ? .critical : nil)])
    }
}

extension BreachedKind: AccountFlagging {
    public var accountFlag: String { "breached" }

    public func flaggedAccounts(in context: CheckContext) async throws -> Set<String> {
        guard let (_, counts) = try await counts(in: context) else { return [] }
        return Set(try context.judgedLogins().logins.filter { (counts[$0.password] ?? 0) > 0 }.map(\.accountKey))
    }
}
