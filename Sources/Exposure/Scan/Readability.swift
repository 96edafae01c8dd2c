import AuditCore
import Foundation

/// Why a page's content was not read, although the server sent it.
public enum Unreadable: String, Sendable, Hashable, CaseIterable {
    /// A password field and sign-in wording with little else: the content is behind a login.
    case signIn = "sign-in"
    /// Almost no text, the page built by scripts in the browser.
    case appShell = "app-shell"
    /// The visible text is a cookie or consent dialog only.
    case consentWall = "consent-wall"
    /// A "verify you are human" challenge instead of the page.
    case botCheck = "bot-check"
    /// Nothing to read at all.
    case empty
}

/// The verdict on one page: read as a visitor sees it, or not and why.
public struct ReadabilityVerdict: Sendable, Hashable {
    public var reason: Unreadable?
    /// The social platform whose profile the address is, if any.
    public var platform: SocialPlatform?

    public var isReadable: Bool { reason == nil }

    public static let readable = ReadabilityVerdict(reason: nil, platform: nil)

    public init(reason: Unreadable?, platform: SocialPlatform? = nil) {
        self.reason = reason
        self.platform = platform
    }
}

/// A platform whose profile pages a plain visitor sees only partly: how its addresses look, and how to
/// see a profile as the public does.
public struct SocialPlatform: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Host names, without `www.` (`facebook.com`, `m.facebook.com`).
    public var hosts: [String]
    /// The path a profile address starts with (`/in/`, `/@`); empty: any path with a first segment.
    public var pathPrefix: String
    /// Paths that are the platform's own pages, not a profile (`login`, `help`).
    public var notProfiles: [String]
    /// What a logged-out visitor does not get to see.
    public var hidden: LocalizedText
    /// How to look at the profile as the public sees it.
    public var viewAs: LocalizedText

    /// Whether an address is a profile on this platform.
    public func isProfile(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), var host = components.host?.lowercased() else { return false }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        guard hosts.contains(host) else { return false }
        let path = components.path
        guard path.hasPrefix(pathPrefix.isEmpty ? "/" : pathPrefix) else { return false }
        let rest = path.dropFirst(pathPrefix.isEmpty ? 1 : pathPrefix.count)
        let first = rest.split(separator: "/").first.map { String($0).lowercased() } ?? ""
        return !first.isEmpty && !notProfiles.contains(first)
    }
}

/// The markers of unreadable pages, from `Checks/exposure/readability-markers.yaml`: wording in
/// Dutch, English, French and German, markup traces, the limits, and the social platforms.
public struct ReadabilityRules: Sendable {
    /// Lowercase phrases by marker group.
    public var signIn: [String] = []
    public var consent: [String] = []
    public var botCheck: [String] = []
    public var botCheckMarkup: [String] = []
    public var needsScript: [String] = []
    public var mountPoints: [String] = []
    public var platforms: [SocialPlatform] = []
    /// A sign-in page shows at most this many words of prose (blocks of eight words or more).
    public var signInProse = 60
    /// A page with at most this many words (outside `noscript`) can be an app shell or a bot check.
    public var thinWords = 40
    /// A consent wall shows at most this many words of prose.
    public var consentProse = 400
    /// The share of prose in blocks with consent wording above which a page is a consent wall (percent).
    public var consentShare = 50

    public init() {}

    public static let dataKind = "readability-markers"

    /// Reads the markers file; every problem names the file, line and column.
    public static func read(_ file: CheckDataFile) throws -> ReadabilityRules {
        try DataDocument.read(file, kind: dataKind, keys: ["limits", "sign-in", "consent", "bot-check", "needs-script", "platforms"]) { top in
            var rules = ReadabilityRules()
            let limits = try top.mapping("limits")
            try limits.allowOnly(["sign-in-prose", "thin-words", "consent-prose", "consent-share"])
            rules.signInProse = try limits.int("sign-in-prose", in: 0...10_000)
            rules.thinWords = try limits.int("thin-words", in: 0...10_000)
            rules.consentProse = try limits.int("consent-prose", in: 0...100_000)
            rules.consentShare = try limits.int("consent-share", in: 1...100)
            rules.signIn = try phrases(top, "sign-in")
            rules.consent = try phrases(top, "consent")
            let bot = try top.mapping("bot-check")
            try bot.allowOnly(["en", "nl", "fr", "de", "markup"])
            rules.botCheck = try languages(bot)
            rules.botCheckMarkup = try bot.strings("markup").map { $0.lowercased() }
            let script = try top.mapping("needs-script")
            try script.allowOnly(["en", "nl", "fr", "de", "mount-points"])
            rules.needsScript = try languages(script)
            rules.mountPoints = try script.strings("mount-points").map { $0.lowercased() }
            var seen = Set<String>()
            rules.platforms = try top.list("platforms") { item in
                try item.allowOnly(["id", "name", "hosts", "path-prefix", "not-profiles", "hidden", "view-as"])
                let id = try DataDocument.identifier(item)
                guard seen.insert(id).inserted else { throw item.problem("id", "'\(id)' is listed twice") }
                let hosts = try item.strings("hosts").map { $0.lowercased() }
                guard !hosts.isEmpty else { throw item.problem("hosts", "needs at least one host name") }
                let prefix = try item.optionalString("path-prefix") ?? ""
                guard prefix.isEmpty || prefix.hasPrefix("/") else { throw item.problem("path-prefix", "must start with /") }
                return SocialPlatform(id: id, name: try item.string("name"), hosts: hosts, pathPrefix: prefix,
                                      notProfiles: try item.strings("not-profiles", default: []).map { $0.lowercased() },
                                      hidden: try DataDocument.text(item, "hidden"), viewAs: try DataDocument.text(item, "view-as"))
            }
            return rules
        }
    }

    static func phrases(_ top: Parameters, _ key: String) throws -> [String] {
        let group = try top.mapping(key)
        try group.allowOnly(["en", "nl", "fr", "de"])
        return try languages(group)
    }

    /// The phrases of all four languages, each one required and non-empty.
    static func languages(_ group: Parameters) throws -> [String] {
        var all: [String] = []
        for language in ["en", "nl", "fr", "de"] {
            let list = try group.strings(language) { phrase in
                let trimmed = phrase.trimmingCharacters(in: .whitespaces).lowercased()
                guard !trimmed.isEmpty else { throw Parameters.Problem(message: "a phrase must be a non-empty text") }
                return trimmed
            }
            guard !list.isEmpty else { throw group.problem(language, "needs at least one phrase") }
            all += list
        }
        return all
    }

    /// The platform whose profile an address is.
    public func platform(of url: String) -> SocialPlatform? { platforms.first { $0.isProfile(url) } }
}

/// Deciding whether a page's content was read.
public enum Readability {
    /// The verdict on a page from its extracted text and, for thin pages, its markup.
    public static func verdict(_ text: PageText, markup: [UInt8], url: String, rules: ReadabilityRules) -> ReadabilityVerdict {
        ReadabilityVerdict(reason: reason(text, markup: markup, rules: rules), platform: rules.platform(of: url))
    }

    /// Counts of the visible text: words outside `noscript`, prose (blocks of eight words or more), and
    /// the lowercase text of small pages for the wording markers.
    struct Measure {
        var words = 0
        var prose = 0
        var blocks: [(text: String, words: Int, noscript: Bool)] = []
    }

    static func measure(_ text: PageText, keepText: Int) -> Measure {
        var measure = Measure()
        var blocks: [(range: Range<Int>, words: Int, noscript: Bool)] = []
        text.bytes.withUnsafeBufferPointer { bytes in
            for block in text.blocks where !block.isField {
                var words = 0
                var previous: UInt8 = 0x20
                for position in block.start..<block.end {
                    let byte = bytes[position]
                    if byte > 0x20, previous <= 0x20 { words += 1 }
                    previous = byte
                }
                let noscript = text.signals.isNoscript(block.start)
                if !noscript {
                    measure.words += words
                    if words >= 8 { measure.prose += words }
                }
                blocks.append((block.start..<block.end, words, noscript))
            }
        }
        // Only small pages need their wording looked at: a long page is read whatever else it shows.
        if measure.words <= keepText {
            measure.blocks = blocks.map { (String(decoding: text.bytes[$0.range], as: UTF8.self).lowercased(), $0.words, $0.noscript) }
        }
        return measure
    }

    /// Whether a phrase is in a text as words of their own ("log in", not "blog in").
    static func contains(_ text: String, _ phrase: String) -> Bool {
        var from = text.startIndex
        while let range = text.range(of: phrase, range: from..<text.endIndex) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if !before.isLetter, !before.isNumber, !after.isLetter, !after.isNumber { return true }
            from = text.index(after: range.lowerBound)
        }
        return false
    }

    static func reason(_ text: PageText, markup: [UInt8], rules: ReadabilityRules) -> Unreadable? {
        let measure = measure(text, keepText: max(rules.consentProse * 3, 1_500))
        let signals = text.signals
        let thin = measure.words <= rules.thinWords
        func found(_ phrases: [String], includingNoscript: Bool = true) -> Set<String> {
            var hits = Set<String>()
            for block in measure.blocks where includingNoscript || !block.noscript {
                for phrase in phrases where contains(block.text, phrase) { hits.insert(phrase) }
            }
            return hits
        }
        var lowerMarkup: String?
        func inMarkup(_ needles: [String]) -> Bool {
            guard !needles.isEmpty else { return false }
            if lowerMarkup == nil { lowerMarkup = String(decoding: markup.prefix(4 << 20), as: UTF8.self).lowercased() }
            return needles.contains { lowerMarkup!.contains($0) }
        }
        // A challenge shows a line or two; its markup gives it away even when the text is in a script.
        if measure.words <= rules.thinWords * 2, !found(rules.botCheck).isEmpty || inMarkup(rules.botCheckMarkup) {
            return .botCheck
        }
        if !measure.blocks.isEmpty {
            let signIn = found(rules.signIn, includingNoscript: false)
            if signals.passwordFields > 0, !signIn.isEmpty, measure.prose <= rules.signInProse { return .signIn }
            // An "authwall" without a password field: several sign-in phrases and hardly any prose.
            if signIn.count >= 3, measure.prose <= rules.signInProse / 2, measure.words <= rules.thinWords * 4 { return .signIn }
            let consent = found(rules.consent, includingNoscript: false)
            if consent.count >= 2, measure.prose <= rules.consentProse {
                var consentProse = 0
                for block in measure.blocks where !block.noscript && block.words >= 8 {
                    if rules.consent.contains(where: { contains(block.text, $0) }) { consentProse += block.words }
                }
                if measure.prose == 0 ? measure.words <= rules.thinWords * 3 : consentProse * 100 >= measure.prose * rules.consentShare {
                    return .consentWall
                }
            }
        }
        // An app shell has no sentence of its own yet; a short page that does (a contact page, a page a browser filled) is read.
        if thin, measure.prose == 0 {
            let scripted = signals.scripts >= 3 || signals.scriptBytes >= 20_000
            if !found(rules.needsScript).isEmpty || scripted || (signals.scripts > 0 && inMarkup(rules.mountPoints)) {
                return .appShell
            }
        }
        if thin, measure.words <= 3, text.images.isEmpty { return .empty }
        return nil
    }
}
