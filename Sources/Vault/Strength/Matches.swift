import AuditCore
import Foundation

/// What kind of word a dictionary holds; it decides how the report explains a match.
public enum WordKind: String, Sendable, CaseIterable {
    case passwords, english, dutch, firstNames = "first-names", surnames, context, identity
}

/// A piece of a password that a guesser would try as a unit, and how many guesses it costs.
struct Match: Sendable {
    enum Pattern: Sendable, Equatable {
        case dictionary(WordKind, reversed: Bool, leet: Bool)
        case spatial(String)
        case repeated
        case sequence
        case year
        case date
        case bruteforce
    }
    var i: Int
    var j: Int
    var pattern: Pattern
    var guesses: Double

    var length: Int { j - i + 1 }
}

/// How many guesses the whole password takes and why.
public struct StrengthEstimate: Sendable {
    public var guesses: Double
    public var score: Int
    /// The pieces, in order, as a guesser would combine them.
    var sequence: [Match]

    public static func score(for guesses: Double) -> Int {
        switch guesses {
        case ..<1_005: 0
        case ..<1_000_005: 1
        case ..<100_000_005: 2
        case ..<10_000_000_005: 3
        default: 4
        }
    }

    /// "a Dutch word plus a year plus a symbol".
    public var explanation: LocalizedText {
        var en: [String] = [], nl: [String] = []
        for match in sequence {
            let (e, n) = Self.phrase(match)
            if en.last != e { en.append(e); nl.append(n) }
        }
        return LocalizedText(en: en.joined(separator: " plus "), nl: nl.joined(separator: " plus "))
    }

    static func phrase(_ match: Match) -> (String, String) {
        switch match.pattern {
        case .dictionary(let kind, let reversed, let leet):
            var (en, nl): (String, String) = switch kind {
            case .passwords: ("a very common password", "een veelgebruikt wachtwoord")
            case .english: ("an English word", "een Engels woord")
            case .dutch: ("a Dutch word", "een Nederlands woord")
            case .firstNames: ("a first name", "een voornaam")
            case .surnames: ("a surname", "een achternaam")
            case .context: ("this account's own name or site", "de eigen naam of site van dit account")
            case .identity: ("your own name or details", "je eigen naam of gegevens")
            }
            if reversed { en += " written backwards"; nl += " achterstevoren" }
            if leet { en += " with look-alike symbols (@ for a, 0 for o)"; nl += " met tekens die op letters lijken (@ voor a, 0 voor o)" }
            return (en, nl)
        case .spatial(let layout):
            let article = "aeiou".contains(layout.first ?? "x") ? "an" : "a"
            return ("\(article) \(layout) keyboard pattern", "een \(layout)-toetsenbordpatroon")
        case .repeated: return ("a repetition", "een herhaling")
        case .sequence: return ("a sequence like abc or 123", "een reeks als abc of 123")
        case .year: return ("a year", "een jaartal")
        case .date: return ("a date", "een datum")
        case .bruteforce:
            return match.length <= 3 ? ("a few extra characters", "een paar extra tekens") : ("random characters", "willekeurige tekens")
        }
    }
}

