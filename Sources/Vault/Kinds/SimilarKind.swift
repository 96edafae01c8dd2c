import AuditCore
import Foundation

/// Passwords that a person who knows one guesses from it: the same word with another year or
/// number (`Zomer2023!`, `Zomer2024!`), with the site's name or an abbreviation of it swapped
/// (`base-ing`/`base-bol`, `…Kx9-dig`/`…Kx9-vod`, `fb`, `goo`, `amz`), in leetspeak, or a long shared
/// beginning or end with a counter. Each password gets a few normalised keys, and the passwords
/// sorted (and sorted reversed) are compared with their neighbours only; logins sharing a key or a
/// long end are joined (union-find), so the work grows with the number of logins, not of pairs.
struct SimilarKind: CheckKind {
    static let description = KindDescription(
        identifier: "similar-passwords",
        family: "vault",
        summary: "Joins logins whose passwords share a normalised core (case, leetspeak, digits, symbols, the site's name or an abbreviation of it removed) or a long beginning or end.",
        parameters: [
            ParameterSpec("min-core", "shortest shared core or base that counts; default 4"),
            ParameterSpec("min-shared-end", "shortest shared beginning or end that counts, when it is also at least half of the shorter password; default 8"),
            ParameterSpec("min-abbreviation", "shortest abbreviation of the site's name taken off a password's end or start; default 2"),
        ],
        examples: examples)

    let minimumCore: Int
    let minimumSharedEnd: Int
    let minimumAbbreviation: Int

    init(parameters: Parameters) throws {
        minimumCore = try parameters.int("min-core", default: 4, in: 3...32)
        minimumSharedEnd = try parameters.int("min-shared-end", default: 8, in: 6...64)
        minimumAbbreviation = try parameters.int("min-abbreviation", default: 2, in: 2...8)
    }

    /// How two passwords were found to be alike, for the report.
    enum Likeness: Int, CaseIterable, Comparable {
        case core, siteName, abbreviation, sharedStart, sharedEnd

        static func < (a: Likeness, b: Likeness) -> Bool { a.rawValue < b.rawValue }

        var text: LocalizedText {
            switch self {
            case .core: LocalizedText(en: "the same word with other numbers, symbols or capitals",
                                      nl: "hetzelfde woord met andere cijfers, tekens of hoofdletters")
            case .siteName: LocalizedText(en: "the same password with the site's name swapped",
                                          nl: "hetzelfde wachtwoord met de naam van de site verwisseld")
            case .abbreviation: LocalizedText(en: "the same base with the site's name or an abbreviation of it (such as fb, goo or amz) added",
                                              nl: "dezelfde basis met de naam van de site of een afkorting ervan (zoals fb, goo of amz) erbij")
            case .sharedStart: LocalizedText(en: "the same long beginning", nl: "hetzelfde lange begin")
            case .sharedEnd: LocalizedText(en: "the same long ending", nl: "hetzelfde lange einde")
            }
        }
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

    /// Whether `short` is an abbreviation of `name`: it starts with the name's first letter and its
    /// letters appear in the name in order (`fb` of facebook, `goo` of google, `amz` of amazon).
    static func isAbbreviation(_ short: ArraySlice<Character>, of name: [Character]) -> Bool {
        guard let first = short.first, first == name.first, short.count <= name.count else { return false }
        var at = name.startIndex
        for character in short {
            guard let found = name[at...].firstIndex(of: character) else { return false }
            at = found + 1
        }
        return true
    }

    /// Whether `text` holds `word`, compared by UTF-8 bytes (both are lowercased): Foundation's
    /// `contains` goes through NSString and took a tenth of the check's time.
    static func contains(_ text: String, _ word: String) -> Bool {
        let haystack = Array(text.utf8), needle = Array(word.utf8)
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first && haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }

    /// Characters that join a base to a site's name (`base-ing`, `base_fb`, `base.goo`).
    static let joiners: Set<Character> = ["-", "_", ".", ":", ";", ",", "/", "|", "+", "*", "#", "!", "@", "&", "~", " ", "=", "^"]

    /// Names a password may carry for its site: the domain's label, the title, the title's first word.
    static func siteNames(_ login: Credential) -> Set<String> {
        var names = Set<String>()
        if let label = login.siteLabel { names.insert(label.lowercased()) }
        let words = login.title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        if let first = words.first { names.insert(first) }
        names.insert(words.joined())
        return names.filter { $0.count >= 2 }
    }

    /// The keys a password is known by; sharing any key makes two passwords similar.
    func keys(_ login: Credential) -> [(String, Likeness)] {
        login.password.withValue { password in
            var keys: [(String, Likeness)] = []
            let lower = password.lowercased()
            let whole = Self.core(password)
            if whole.count >= minimumCore && whole.count * 2 >= password.count { keys.append(("core:" + whole, .core)) }
            let characters = Array(lower)
            for name in Self.siteNames(login) {
                // The site's whole name taken out: `base-ing` on ing.nl and `base-bol` on bol.com share `base`.
                if Self.contains(lower, name) {
                    let stripped = Self.core(lower.replacingOccurrences(of: name, with: " "))
                    if stripped.count >= minimumCore { keys.append(("site:" + stripped, .siteName)) }
                }
                // The name or an abbreviation of it at either end: `…Kx9-dig` on DigiD, `fb-…` on Facebook.
                let nameCharacters = Array(name)
                let count = characters.count
                let longest = min(nameCharacters.count, count - minimumCore)
                guard longest >= minimumAbbreviation, let initial = nameCharacters.first else { continue }
                // At the end: only a place holding the name's first letter can start an abbreviation.
                for start in (count - longest)...(count - minimumAbbreviation) where characters[start] == initial {
                    guard Self.isAbbreviation(characters[start...], of: nameCharacters) else { continue }
                    var base = characters[..<start]
                    while let last = base.last, Self.joiners.contains(last) { base.removeLast() }
                    if base.count >= minimumCore { keys.append(("base:" + String(base), .abbreviation)) }
                }
                // At the start: every beginning up to the longest one whose letters appear in the name in order.
                guard characters[0] == initial else { continue }
                var matched = 0, at = 0
                while matched < longest, let found = nameCharacters[at...].firstIndex(of: characters[matched]) {
                    at = found + 1
                    matched += 1
                }
                guard matched >= minimumAbbreviation else { continue }
                for length in minimumAbbreviation...matched {
                    var base = characters[length...]
                    while let first = base.first, Self.joiners.contains(first) { base.removeFirst() }
                    if base.count >= minimumCore { keys.append(("base:" + String(base), .abbreviation)) }
                }
            }
            return keys
        }
    }

    /// Joins passwords sharing a beginning of at least `minimumSharedEnd` characters that is at least
    /// half of the shorter one. The passwords are sorted, so those sharing a beginning sit together:
    /// each is compared with the following ones only while they still share that much.
    func joinSharedStarts(_ texts: [[Unicode.Scalar]], join: (Int, Int) -> Void) {
        let order = texts.indices.sorted { texts[$0].lexicographicallyPrecedes(texts[$1]) { $0.value < $1.value } }
        // A cap on how far each one looks, so a thousand copies of one long prefix stay linear.
        let window = 64
        for (rank, index) in order.enumerated() {
            let text = texts[index]
            guard text.count >= minimumSharedEnd else { continue }
            var next = rank + 1
            while next < order.count && next <= rank + window {
                let other = texts[order[next]]
                var shared = 0
                let limit = min(text.count, other.count)
                while shared < limit && text[shared] == other[shared] { shared += 1 }
                if shared < minimumSharedEnd { break }
                if shared * 2 >= limit && text != other { join(index, order[next]) }
                next += 1
            }
        }
    }

    /// The groups of logins whose passwords are variations of one another, and how they are alike.
    func groups(in context: CheckContext) throws -> [(members: [Credential], likeness: Set<Likeness>)] {
        let (logins, _) = try context.judgedLogins()
        var parent = Array(logins.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var edges: [(Int, Likeness)] = []
        func join(_ a: Int, _ b: Int, _ likeness: Likeness) {
            parent[root(a)] = root(b)
            edges.append((a, likeness))
        }
        var firstWithKey: [String: Int] = [:]
        for (index, login) in logins.enumerated() {
            for (key, likeness) in keys(login) {
                if let other = firstWithKey[key] {
                    if other != index { join(index, other, likeness) }
                } else {
                    firstWithKey[key] = index
                }
            }
        }
        let forward = logins.map { login in login.password.withValue { Array($0.lowercased().unicodeScalars) } }
        joinSharedStarts(forward) { join($0, $1, .sharedStart) }
        joinSharedStarts(forward.map { $0.reversed() }) { join($0, $1, .sharedEnd) }

        var components: [Int: [Int]] = [:]
        for index in logins.indices { components[root(index), default: []].append(index) }
        var likenesses: [Int: Set<Likeness>] = [:]
        for (index, likeness) in edges { likenesses[root(index), default: []].insert(likeness) }
        var groups: [(members: [Credential], likeness: Set<Likeness>)] = []
        for (component, members) in components where members.count > 1 {
            let group = members.map { logins[$0] }
            // Copies of one account alone are vault.duplicates' business; identical passwords are reuse.
            guard Set(group.map(\.accountKey)).count > 1, Set(group.map(\.password)).count > 1 else { continue }
            groups.append((group, likenesses[component] ?? []))
        }
        return groups
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let (logins, copies) = try context.judgedLogins()
        var drafts: [FindingDraft] = []
        for (group, likeness) in try groups(in: context) {
            let how = likeness.sorted().map(\.text)
            let sites = Array(Set(group.map(\.site))).sorted().joined(separator: ", ")
            drafts.append(FindingDraft(
                key: group.map(\.accountKey).sorted().joined(separator: "|"),
                title: LocalizedText(en: "\(group.count) passwords are variations of one another", nl: "\(group.count) wachtwoorden zijn variaties op elkaar"),
                detail: LocalizedText(
                    en: "The passwords of \(sites) are alike: \(how.map(\.en).joined(separator: "; ")). Someone who knows one can guess the others.",
                    nl: "De wachtwoorden van \(sites) lijken op elkaar: \(how.map(\.nl).joined(separator: "; ")). Wie er één kent, kan de andere raden."),
                subjects: group.map { $0.subject(among: copies) }))
        }
        if drafts.isEmpty {
            return .passed(evidence: LocalizedText(en: "no two of \(logins.count) passwords are variations of one another",
                                                   nl: "geen twee van de \(logins.count) wachtwoorden zijn variaties op elkaar"))
        }
        return .failed(drafts.sorted { $0.key < $1.key })
    }
}

extension SimilarKind: AccountFlagging {
    public var accountFlag: String { "similar" }

    public func flaggedAccounts(in context: CheckContext) async throws -> Set<String> {
        Set(try groups(in: context).flatMap { $0.members.map(\.accountKey) })
    }
}
