import AuditCore
import Foundation

/// The countries whose helplines hygiene knows.
public enum Country: String, CaseIterable, Sendable, Codable {
    case nl, be

    /// `--country`, then the configuration's `country`, then the locale: Belgian (`nl_BE`, `fr_BE`…)
    /// when the first locale variable that is set names Belgium, otherwise the Netherlands.
    public static func resolve(_ flag: Country?, configured: String?, environment: [String: String]) -> Country {
        if let flag { return flag }
        if let configured, let country = Country(rawValue: configured.lowercased()) { return country }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let locale = value.prefix { $0 != "." && $0 != "@" }
            let territory = locale.split(separator: "_").dropFirst().first
            return territory?.uppercased() == "BE" ? .be : .nl
        }
        return .nl
    }
}

/// Whether a helpline can be called without giving your name.
public enum Anonymity: String, CaseIterable, Sendable, Codable {
    case yes, no, unknown

    public var label: LocalizedText {
        switch self {
        case .yes: LocalizedText(en: "you can stay anonymous", nl: "je kunt anoniem blijven")
        case .no: LocalizedText(en: "not anonymous", nl: "niet anoniem")
        case .unknown: LocalizedText(en: "not stated whether you can stay anonymous", nl: "niet vermeld of je anoniem kunt blijven")
        }
    }
}

/// One helpline: what it is for, how to reach it, what it costs, when it is open.
public struct Helpline: Sendable, Hashable {
    public var id: String
    public var name: LocalizedText
    public var number: String?
    public var web: String?
    /// What it is for in a few words; helplines with one are listed in the audit report's opening.
    public var short: LocalizedText?
    public var purpose: LocalizedText
    public var cost: LocalizedText
    public var hours: LocalizedText
    public var anonymous: Anonymity
    public var note: LocalizedText?

    /// `0800-2000` or the web address, for a one-line mention.
    public var contact: String { number ?? web ?? "" }

    /// `Veilig Thuis: 0800-2000`, in the given language.
    public func reach(_ l: Language) -> String {
        contact.isEmpty || name(l) == contact ? name(l) : "\(name(l)): \(contact)"
    }

    /// `Costs: free · Open: day and night · you can stay anonymous`.
    public func terms(_ l: Language) -> String {
        l == .nl ? "Kosten: \(cost(l)) · Open: \(hours(l)) · \(anonymous.label(l))"
            : "Cost: \(cost(l)) · Open: \(hours(l)) · \(anonymous.label(l))"
    }
}

/// The helplines of one country.
public struct CountryHelplines: Sendable {
    public var country: Country
    public var name: LocalizedText
    public var helplines: [Helpline]
}

/// `helplines.yaml`: the helplines by country, and the audit report's opening.
public struct HelplineDirectory: Sendable {
    public var countries: [Country: CountryHelplines]
    public var openingTitle: LocalizedText
    public var evidenceLine: LocalizedText

    static let numberPattern = try! NSRegularExpression(pattern: "^\\+?[0-9][0-9 -]*[0-9]$|^[0-9]$")

    public init(file: CheckDataFile) throws {
        var countries: [Country: CountryHelplines] = [:]
        var title = LocalizedText(en: "", nl: ""), evidence = title
        try DataReader.read(file, kind: "safety-helplines", keys: ["opening", "countries"]) { top in
            let opening = try top.mapping("opening")
            try opening.allowOnly(["title", "evidence"])
            title = try DataDocument.text(opening, "title")
            evidence = try DataDocument.text(opening, "evidence")
            let byCountry = try top.mapping("countries")
            var seen = Set<String>()
            for key in byCountry.keys {
                guard let country = Country(rawValue: key) else {
                    throw byCountry.problem(key, "unknown country '\(key)'; use \(Country.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let entry = try byCountry.mapping(key)
                try entry.allowOnly(["name", "helplines"])
                let helplines = try entry.list("helplines") { line in
                    let helpline = try Self.helpline(line)
                    guard seen.insert(helpline.id).inserted else { throw line.problem("id", "the helpline id '\(helpline.id)' is used twice") }
                    return helpline
                }
                guard !helplines.isEmpty else { throw entry.problem("helplines", "needs at least one helpline") }
                countries[country] = CountryHelplines(country: country, name: try DataDocument.text(entry, "name"), helplines: helplines)
            }
            for country in Country.allCases where countries[country] == nil {
                throw byCountry.problem(country.rawValue, "the helplines of '\(country.rawValue)' are missing")
            }
        }
        self.countries = countries
        openingTitle = title
        evidenceLine = evidence
    }

    static func helpline(_ p: Parameters) throws -> Helpline {
        try p.allowOnly(["id", "name", "number", "web", "short", "for", "cost", "hours", "anonymous", "note"])
        let id = try DataDocument.identifier(p)
        let number = try p.optionalString("number")
        if let number, numberPattern.firstMatch(in: number, range: NSRange(number.startIndex..., in: number)) == nil {
            throw p.problem("number", "'\(number)' is not a phone number (digits, spaces and dashes)")
        }
        let web = try p.optionalString("web")
        if let web, !web.hasPrefix("https://") {
            throw p.problem("web", "'\(web)' must be a web address starting with https://")
        }
        let anonymity = try p.string("anonymous")
        guard let anonymous = Anonymity(rawValue: anonymity) else {
            throw p.problem("anonymous", "'\(anonymity)' must be yes, no or unknown")
        }
        return Helpline(id: id, name: try DataDocument.text(p, "name"), number: number, web: web,
                        short: p.has("short") ? try DataDocument.text(p, "short") : nil,
                        purpose: try DataDocument.text(p, "for"), cost: try DataDocument.text(p, "cost"),
                        hours: try DataDocument.text(p, "hours"), anonymous: anonymous,
                        note: p.has("note") ? try DataDocument.text(p, "note") : nil)
    }

    public func helplines(for country: Country) -> CountryHelplines { countries[country]! }

    /// Every helpline of every country, by id.
    public func helpline(id: String) -> Helpline? {
        for entry in countries.values { if let found = entry.helplines.first(where: { $0.id == id }) { return found } }
        return nil
    }

    /// The country a helpline belongs to.
    public func country(ofHelpline id: String) -> Country? {
        countries.values.first { $0.helplines.contains { $0.id == id } }?.country
    }

    /// What an audit report opens with when the user is dealing with stalking or a breakup: the
    /// country's main helplines in one line each, and the reminder to keep evidence first.
    public func opening(for country: Country) -> ReportOpening {
        let entry = helplines(for: country)
        let lines = entry.helplines.compactMap { line -> LocalizedText? in
            guard let short = line.short else { return nil }
            return LocalizedText(en: "\(line.reach(.en)) — \(short.en)", nl: "\(line.reach(.nl)) — \(short.nl)")
        }
        let title = LocalizedText(en: "\(openingTitle.en) (\(entry.name.en))", nl: "\(openingTitle.nl) (\(entry.name.nl))")
        return ReportOpening(title: title, lines: lines + [evidenceLine])
    }
}
