import AuditCore
import Foundation

/// Personal data found by pattern on the pages read: a detector from a check file — patterns, a
/// validator, context words — run over the visible text and the values in the markup.
struct PersonalDataKind: CheckKind, PageMatching {
    static let description = KindDescription(
        identifier: "personal-data",
        family: "exposure",
        summary: "Finds one kind of personal data on the pages read (patterns, a built-in validator, context words); one finding per page.",
        parameters: [
            ParameterSpec("finds", required: true, "the kind of data, as reports name it (email, phone, iban…)"),
            ParameterSpec("label", required: true, "{en, nl}: how titles name it (\"IBAN\", \"Bankrekeningnummer\")"),
            ParameterSpec("patterns", required: true, "list of PCRE2 regular expressions, or of {regex, needs-context}"),
            ParameterSpec("validator", "one of \(Validator.allCases.map(\.rawValue).joined(separator: ", ")) (default text)"),
            ParameterSpec("min-digits", "every match has this many digits: patterns run only around clusters of at least that many (default 0: whole text)"),
            ParameterSpec("requires", "a character every match contains, such as @: patterns run only on the space-free run around it"),
            ParameterSpec("context", "{en, nl, before, after}: words that must be near a match that needs context; a word written *straat matches any word ending in straat"),
            ParameterSpec("numbering-plans", "with validator phone: a list of {country, country-code, trunk-prefix, layouts, ranges: [{type, prefixes, lengths, min-groups}]}, the countries whose numbers count without context; types \(NumberingPlan.NumberType.allCases.map(\.rawValue).joined(separator: ", ")) (only mobile, geographic, voip and non-geographic count)"),
            ParameterSpec("look-alikes", "{in-code: true, endings: [MB, …], hex-dumps: true}: a match in pre/code/samp/kbd/tt, or ending in one of the letters, counts only near a context word; two-digit groups inside a run of hex byte pairs are no match"),
        ],
        examples: examples)

    let detector: Detector
    let label: LocalizedText

    init(parameters: Parameters) throws {
        let kind = try parameters.string("finds")
        guard kind.range(of: "^[a-z][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw Parameters.Problem(message: "params.finds: '\(kind)' must be lowercase letters, digits and hyphens")
        }
        label = try PageFindings.label(parameters)
        var rules: [Detector.Rule] = []
        if let texts = try? parameters.strings("patterns") {
            rules = try texts.map { text in
                do { return try Detector.Rule(source: text, needsContext: false) } catch { throw parameters.problem("patterns", "\(error)") }
            }
        } else {
            rules = try parameters.list("patterns") { item in
                try item.allowOnly(["regex", "needs-context"])
                let needsContext = try item.bool("needs-context", default: false)
                do { return try Detector.Rule(source: try item.string("regex"), needsContext: needsContext) } catch let error as BytePattern.Problem {
                    throw item.problem("regex", "\(error)")
                }
            }
        }
        guard !rules.isEmpty else { throw Parameters.Problem(message: "params.patterns: give at least one pattern") }
        var context: ContextWords?
        if parameters.has("context") {
            let words = try parameters.mapping("context")
            try words.allowOnly(["en", "nl", "before", "after"])
            context = ContextWords(words: try words.strings("en", default: []) + words.strings("nl", default: []),
                                   before: try words.int("before", default: 40, in: 0...400),
                                   after: try words.int("after", default: 20, in: 0...400))
        }
        if rules.contains(where: \.needsContext), context == nil {
            throw Parameters.Problem(message: "params.context: a pattern needs context, so give context words (en, nl)")
        }
        let validator: Validator = try parameters.choice("validator", default: .text)
        var plans = NumberingPlans()
        if parameters.has("numbering-plans") {
            guard validator == .phone else { throw parameters.problem("numbering-plans", "only the phone validator reads numbering plans") }
            plans = try NumberingPlans(parameters, key: "numbering-plans")
        }
        var lookAlikes = Detector.LookAlikes()
        if parameters.has("look-alikes") {
            let rules = try parameters.mapping("look-alikes")
            try rules.allowOnly(["in-code", "endings", "hex-dumps"])
            lookAlikes.needContextInCode = try rules.bool("in-code", default: false)
            lookAlikes.skipHexDumps = try rules.bool("hex-dumps", default: false)
            lookAlikes.needContextWhenEndingIn = Set(rules.has("endings") ? try rules.strings("endings") { ending in
                guard (1...4).contains(ending.utf8.count), ending.utf8.allSatisfy({ $0 &- 0x41 < 26 }) else {
                    throw Parameters.Problem(message: "'\(ending)' must be one to four capital letters, such as MB")
                }
                return ending
            } : [])
            if (lookAlikes.needContextInCode || !lookAlikes.needContextWhenEndingIn.isEmpty), context == nil {
                throw parameters.problem("look-alikes", "look-alikes count only near a context word, so give context words (en, nl)")
            }
        }
        let requires = try parameters.optionalString("requires")
        if let requires, requires.utf8.count != 1 {
            throw Parameters.Problem(message: "params.requires: one ASCII character, such as @")
        }
        detector = Detector(kind: kind, rules: rules, validator: validator,
                            minDigits: try parameters.int("min-digits", default: 0, in: 0...64),
                            requires: requires?.utf8.first, context: context, plans: plans, lookAlikes: lookAlikes)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try ExposureScan.from(context)
        if let skipped = PageFindings.nothingRead(scan) { return skipped }
        let identity = context.inputs[.identity]
        let found = PageFindings.matchesByPage(self, in: scan, identity: identity)
        let drafts = PageFindings.drafts(kind: detector.kind, label: label, matchesByPage: found)
        return drafts.isEmpty ? PageFindings.passed(scan, what: label) : .failed(drafts)
    }

    var matcherID: String { "personal-data:" + detector.kind }

    func pageMatches(_ page: ScannedPage, identity: Identity?) -> [Match] {
        // The person's own addresses and numbers, normalised as this detector would: those found are marked.
        let own = Set(((identity?.emails ?? []) + (identity?.phones ?? [])).compactMap { detector.validate($0)?.normalized })
        return detector.matches(in: page.text, url: page.url).map { match in
            var match = match
            match.own = own.contains(match.normalized)
            return match
        }
    }

    /// The detector, for benchmarks and tests that run it without an audit.
    static func detector(_ yaml: String) throws -> Detector { try PersonalDataKind(parameters: Parameters(yaml: yaml)).detector }
}
