/// How much harm a finding can do. Ordered from most to least urgent.
public enum Severity: String, CaseIterable, Sendable, Codable, Comparable {
    case critical, high, medium, low, info

    /// 0 for the most urgent.
    public var rank: Int { Severity.allCases.firstIndex(of: self)! }

    /// Points a check of this severity is worth in the score.
    public var points: Int {
        switch self {
        case .critical: 10
        case .high: 6
        case .medium: 3
        case .low: 1
        case .info: 0
        }
    }

    /// `a < b` when `a` is less urgent than `b`.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank > rhs.rank }

    public var label: LocalizedText {
        switch self {
        case .critical: LocalizedText(en: "critical", nl: "kritiek")
        case .high: LocalizedText(en: "high", nl: "hoog")
        case .medium: LocalizedText(en: "medium", nl: "middel")
        case .low: LocalizedText(en: "low", nl: "laag")
        case .info: LocalizedText(en: "info", nl: "info")
        }
    }
}

/// How long a fix takes a person, so that quick wins come first among equals.
public enum Effort: String, CaseIterable, Sendable, Codable, Comparable {
    case minutes, hour, day

    public static func < (lhs: Effort, rhs: Effort) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var label: LocalizedText {
        switch self {
        case .minutes: LocalizedText(en: "a few minutes", nl: "een paar minuten")
        case .hour: LocalizedText(en: "about an hour", nl: "ongeveer een uur")
        case .day: LocalizedText(en: "a day or more", nl: "een dag of meer")
        }
    }
}
