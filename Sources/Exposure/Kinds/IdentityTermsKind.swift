import AuditCore
import Foundation

/// The person's own name, aliases, usernames, street, employer or other terms from the identity file,
/// found on the pages: case-, accent- and whitespace-insensitive, on word boundaries.
struct IdentityTermsKind: CheckKind, PageMatching {
    static let description = KindDescription(
        identifier: "identity-terms",
        family: "exposure",
        summary: "Finds the identity file's terms on the pages read (folded: case, accents, whitespace), on word boundaries.",
        parameters: [
            ParameterSpec("fields", required: true, "which identity keys to look for: name, aliases, usernames, street, employer, terms"),
            ParameterSpec("label", required: true, "{en, nl}: how titles name what is found"),
        ],
        examples: examples)

    static let allowedFields = ["name", "aliases", "usernames", "street", "employer", "terms"]
    let fields: [String]
    let label: LocalizedText

    init(parameters: Parameters) throws {
        fields = try parameters.strings("fields")
        for field in fields where !Self.allowedFields.contains(field) {
            throw Parameters.Problem(message: "params.fields: '\(field)' is not one of \(Self.allowedFields.joined(separator: ", "))")
        }
        label = try PageFindings.label(parameters)
    }

    /// The terms to look for: as declared (lowercased, whitespace collapsed: the normalised form) and folded (to search with).
    func terms(of identity: Identity) -> [(declared: String, folded: String)] {
        var terms: [String] = []
        for field in fields {
            switch field {
            case "name": terms += identity.name.map { [$0] } ?? []
            case "aliases": terms += identity.aliases
            case "usernames": terms += identity.usernames
            case "street": terms += identity.street.map { [$0] } ?? []
            case "employer": terms += identity.employer.map { [$0] } ?? []
            default: terms += identity.terms
            }
        }
        var seen = Set<String>()
        return terms.map { term in
            (declared: term.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased(), folded: Folding.fold(term))
        }.filter { $0.folded.count >= 2 && seen.insert($0.folded).inserted }
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        guard let identity = context.inputs[.identity] else {
            return .skipped(reason: LocalizedText(en: "input missing: no identity file was given (--identity)",
                                                  nl: "invoer ontbreekt: er is geen identiteitsbestand opgegeven (--identity)"))
        }
        let terms = terms(of: identity)
        guard !terms.isEmpty else {
            return .skipped(reason: LocalizedText(en: "the identity file has none of: \(fields.joined(separator: ", "))",
                                                  nl: "het identiteitsbestand heeft geen van: \(fields.joined(separator: ", "))"))
        }
        let scan = try ExposureScan.from(context)
        if let skipped = PageFindings.nothingRead(scan) { return skipped }
        let found = PageFindings.matchesByPage(self, in: scan, identity: identity)
        let drafts = PageFindings.drafts(kind: "identity", label: label, matchesByPage: found)
        return drafts.isEmpty ? PageFindings.passed(scan, what: label) : .failed(drafts)
    }

    var matcherID: String { "identity:" + fields.joined(separator: ",") }

    func pageMatches(_ page: ScannedPage, identity: Identity?) -> [Match] {
        guard let identity else { return [] }
        return Self.matches(of: terms(of: identity), in: page.text, url: page.url)
    }

    static func matches(of terms: [(declared: String, folded: String)], in text: PageText, url: String) -> [Match] {
        let needles = terms.map { FoldedText.fold($0.folded) }
        let search = TermSearch(needles)
        var first: [(block: Int, offset: Int, folded: [UInt8]?)?] = Array(repeating: nil, count: terms.count)
        var counts = Array(repeating: 0, count: terms.count)
        func note(_ term: Int, block: Int, offset: Int, folded: [UInt8]?) {
            counts[term] += 1
            if first[term] == nil { first[term] = (block, offset, folded) }
        }
        text.bytes.withUnsafeBufferPointer { bytes in
            // Plain blocks: the whole page at once, ignoring case (blocks are apart by a newline, so no
            // term runs from one into the next); hits in other blocks are left to their folded text.
            var index = 0
            search.search(bytes, caseless: true) { term, position in
                while index + 1 < text.blocks.count, text.blocks[index + 1].start <= position { index += 1 }
                let block = text.blocks[index]
                if block.isPlain, position >= block.start, position < block.end {
                    note(term, block: index, offset: position - block.start, folded: nil)
                }
            }
            for (index, block) in text.blocks.enumerated() where !block.isPlain {
                let folded = FoldedText(text.bytes[block.start..<block.end]).bytes
                folded.withUnsafeBufferPointer { buffer in
                    search.search(buffer, caseless: false) { term, offset in note(term, block: index, offset: offset, folded: folded) }
                }
            }
        }
        var matches: [Match] = []
        for (termIndex, term) in terms.enumerated() {
            guard let place = first[termIndex] else { continue }
            let block = text.blocks[place.block]
            // The snippet comes from the text as searched: the block itself, or folded when it had to be.
            let blockText = place.folded.map { String(decoding: $0, as: UTF8.self) } ?? text.text(of: block)
            let utf8 = blockText.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: place.offset)
            let upper = utf8.index(lower, offsetBy: needles[termIndex].count)
            let line = place.folded == nil ? block.line(at: block.start + place.offset) : block.line
            let masked = Masking.mask(term.declared, kind: "identity")
            var match = Match(kind: "identity", normalized: term.declared, url: url, line: line,
                              snippet: Masking.snippet(blockText, match: lower..<upper, masked: masked), occurrences: counts[termIndex])
            match.found = String(blockText[lower..<upper])
            matches.append(match)
        }
        return matches
    }
}
