import AuditCore
import Foundation

/// Passwords that a person who knows one guesses from it: the same word with another year or
/// number (`Zomer2023!`, `Zomer2024!`), with the site's name swapped (`base-ing`, `base-bol`), or
/// in leetspeak. Each password gets a few normalised keys; logins sharing a key are joined
/// (union-find), so the work grows with the number of logins, not with the number of pairs.
struct SimilarKind: CheckKind {
    static let description = KindDescription(
        identifier: "similar-passwords",
        family: "vault",
        summary: "Joins logins whose passwords share a normalised core (case, leetspeak, digits, symbols and the site's name removed).",
        parameters: [ParameterSpec("min-core", "shortest shared core that counts; default 4")])

    let minimumCore: Int

    init(parameters: Parameters) throws {
        minimumCore = try parameters.int("min-core", default: 4, in: 3...32)
    }

    static let leet: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                                                "@": "a", "$": "s", "€": "e", "|": "l", "!": "i"]

    /// Letters only, lowercased, leetspeak undone where a symbol or digit sits between letters.
    static func core(_ text: String) -> String {
        let characters = Array(text.lowercased())
        var out = ""
        for (index, character) in characters.enumerated() {
            if character.isLetter { out.append(character); continue }
            // A leet character counts as a letter only inside a word (`p@ssw0rd`), not as a suffix (`zomer1!`).
            let before = index > 0 && characters[index - 1].isLetter
            let after = index + 1 < characters.count && characters[index + 1].isLetter
            if before && after, let letter = leet[character] { out.append(letter) }
        }
        return out
    }

    /// The keys a password is known by; sharing any key makes two passwords similar.
    func keys(_ login: Credential) -> Set<String> {
        login.password.withValue { password in
            var keys = Set<String>()
            let lower = password.lowercased()
            let whole = Self.core(password)
            if whole.count >= minimumCore && whole.count * 2 >= password.count { keys.insert("core:" + whole) }
            // The site's own name taken out: `base-ing` on ing.nl and `base-bol` on bol.com share `base`.
            var names = Set(login.siteLabel.map { [$0] } ?? [])
            names.insert(login.title.lowercased())
            for name in names where name.count >= 2 && lower.contains(name) {
                let stripped = Self.core(lower.replacingOccurrences(of: name, with: " "))
                if stripped.count >= minimumCore { keys.insert("site:" + stripped) }
            }
            return keys
        }
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let logins = try context.vault().logins.distinctAccounts
        var parent = Array(logins.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var firstWithKey: [String: Int] = [:]
        for (index, login) in logins.enumerated() {
            for key in keys(login) {
                if let other = firstWithKey[key] { parent[root(index)] = root(other) } else { firstWithKey[key] = index }
            }
        }
        var components: [Int: [Int]] = [:]
        for index in logins.indices { components[root(index), default: []].append(index) }
        var drafts: [FindingDraft] = []
        for members in components.values where members.count > 1 {
            let group = members.map { logins[$0] }
            // Identical passwords are reuse, reported by vault.reused; similar needs at least two different ones.
            guard Set(group.map(\.password)).count > 1 else { continue }
            drafts.append(FindingDraft(
                key: group.map(\.accountKey).sorted().joined(separator: "|"),
                title: LocalizedText(en: "\(group.count) passwords are variations of one another", nl: "\(group.count) wachtwoorden zijn variaties op elkaar"),
                detail: LocalizedText(
                    en: "The passwords of \(group.map(\.site).joined(separator: ", ")) differ only in numbers, symbols, capitals or the site's name. Someone who knows one can guess the others.",
                    nl: "De wachtwoorden van \(group.map(\.site).joined(separator: ", ")) verschillen alleen in cijfers, tekens, hoofdletters of de naam van de site. Wie er één kent, kan de andere raden."),
                subjects: group.map(\.subject)))
        }
        if drafts.isEmpty {
            return .passed(evidence: LocalizedText(en: "no two of \(logins.count) accounts have passwords that are variations of one another",
                                                   nl: "geen twee van de \(logins.count) accounts hebben wachtwoorden die variaties op elkaar zijn"))
        }
        return .failed(drafts.sorted { $0.key < $1.key })
    }
}
