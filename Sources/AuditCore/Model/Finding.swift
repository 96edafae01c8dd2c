import Foundation

/// What a finding is about: a file, a package, a key, an account. Fields keep their order.
public struct Subject: Sendable, Hashable, Codable {
    public var name: String
    public var fields: [Field]

    public struct Field: Sendable, Hashable, Codable {
        public var key: String
        public var value: String
        /// The value in Dutch where it is words rather than data ("newest", "authenticator app");
        /// reports in Dutch show it, JSON keeps `value`.
        public var dutchValue: String?

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }

        public init(_ key: String, _ text: LocalizedText) {
            self.key = key
            value = text.en
            dutchValue = text.nl == text.en ? nil : text.nl
        }

        public func value(_ language: Language) -> String { language == .nl ? dutchValue ?? value : value }
    }

    public init(_ name: String, _ fields: [Field] = []) {
        self.name = name
        self.fields = fields
    }

    public subscript(key: String) -> String? { fields.first { $0.key == key }?.value }

    /// The subject with the values that are words in `language` (the keys stay as they are): what the
    /// JSON report holds, like its titles.
    public func localized(_ language: Language) -> Subject {
        var copy = self
        copy.fields = fields.map { field in
            var field = field
            field.value = field.value(language)
            field.dutchValue = nil
            return field
        }
        return copy
    }

    /// A JSON object: `{"name": …, <field>: <value>, …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(name, forKey: DynamicKey("name"))
        for field in fields where field.key != "name" {
            try container.encode(field.value, forKey: DynamicKey(field.key))
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        name = try container.decode(String.self, forKey: DynamicKey("name"))
        fields = try container.allKeys.filter { $0.stringValue != "name" }.sorted { $0.stringValue < $1.stringValue }
            .map { Field($0.stringValue, try container.decode(String.self, forKey: $0)) }
    }
}

struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// What a kind reports: the check fills in severity, fix steps and references.
public struct FindingDraft: Sendable {
    /// Stable identity within the check (a key fingerprint, a product name), hashed into the fingerprint.
    public var key: String
    public var title: LocalizedText?
    public var detail: LocalizedText
    public var subjects: [Subject]
    /// A severity other than the check's, e.g. `info` for an item to review.
    public var severity: Severity?

    public init(key: String, title: LocalizedText? = nil, detail: LocalizedText,
                subjects: [Subject] = [], severity: Severity? = nil) {
        self.key = key
        self.title = title
        self.detail = detail
        self.subjects = subjects
        self.severity = severity
    }
}

/// One thing to act on, as shown in the report.
public struct Finding: Sendable, Identifiable {
    /// `<check id>#<short fingerprint>`.
    public var id: String
    public var checkID: String
    public var family: String
    public var severity: Severity
    public var weight: Int
    public var effort: Effort
    public var title: LocalizedText
    public var detail: LocalizedText
    /// Why the check matters, from its definition.
    public var why: LocalizedText
    public var subjects: [Subject]
    public var fix: LocalizedSteps
    public var caution: LocalizedText?
    public var references: [String]
    /// Lowercase hex SHA-256 of the check id and the draft's key; what the state database keeps.
    public var fingerprint: String

    public init(check: Check, draft: FindingDraft) {
        fingerprint = Digest.sha256Hex("\(check.id)\u{0}\(draft.key)")
        id = "\(check.id)#\(fingerprint.prefix(8))"
        checkID = check.id
        family = check.family
        severity = draft.severity ?? check.severity
        weight = check.weight
        effort = check.effort
        title = draft.title ?? check.title
        detail = draft.detail
        why = check.why
        subjects = draft.subjects
        fix = check.fix
        caution = check.caution
        references = check.references
    }

    /// Most urgent first: severity, then the check's weight (takeover risk before nuisance),
    /// then quick wins, then a stable order by id.
    public static func priorityOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.weight != b.weight { return a.weight > b.weight }
        if a.effort != b.effort { return a.effort < b.effort }
        return a.id < b.id
    }
}
