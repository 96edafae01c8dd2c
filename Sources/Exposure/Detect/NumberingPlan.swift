import AuditCore
import Foundation

/// A country's telephone numbering plan, declared in a phone check's `numbering-plans`: which national
/// numbers exist, of what type and length.
///
/// Numbers of a personal type (mobile, geographic, VoIP, non-geographic) count; numbers of the other
/// declared types (toll-free, premium rate, shared cost, pagers, machine-to-machine) are recognised
/// and dropped; a number in no range is not a number of the country. The ranges are compiled once,
/// when the check is loaded, into a prefix tree that a candidate walks digit by digit.
public struct NumberingPlan: Sendable {
    /// What a range of numbers is for. Which types can be a person's is fixed here, so a check file
    /// cannot count premium-rate numbers as personal by a typing mistake.
    public enum NumberType: String, Sendable, CaseIterable {
        case mobile, geographic, voip
        case nonGeographic = "non-geographic"
        case pager
        case tollFree = "toll-free"
        case premium
        case sharedCost = "shared-cost"
        case machineToMachine = "machine-to-machine"

        /// Whether a number of this type can be a person's (or a small business's) own.
        public var isPersonal: Bool {
            switch self {
            case .mobile, .geographic, .voip, .nonGeographic: true
            case .pager, .tollFree, .premium, .sharedCost, .machineToMachine: false
            }
        }
    }

    /// The national numbers starting with one of a range's prefixes, of one of its lengths.
    public struct Range: Sendable {
        public var type: NumberType
        /// National significant lengths: the digits after the trunk prefix (or the country code).
        public var lengths: Set<Int>
        /// Written in national notation, a number counts only in at least this many groups of digits
        /// (`02 234 56 78`, not `022345678`): a bare run of digits is too often something else.
        public var minGroups: Int
    }

    /// How the country writes a number that another plan could also read (`0475 12 34 56`): when
    /// plans disagree, the one whose layout the text fits wins, else the plan declared first.
    public struct Layout: Sendable, Hashable {
        /// The lengths of the digit groups as written, trunk prefix included (`[4, 2, 2, 2]`).
        public var groups: [Int]?
        /// A character the text contains (`/` in `0475/12.34.56`).
        public var separator: UInt8?

        func fits(groups written: [Int], text: String) -> Bool {
            (groups == nil || groups == written) && (separator.map { text.utf8.contains($0) } ?? true)
        }
    }

    /// ISO 3166 code, for messages and the README.
    public let country: String
    /// The digits after `+`.
    public let countryCode: [UInt8]
    /// The digits dialled before a national number within the country (`0`); none in some countries.
    public let trunkPrefix: [UInt8]
    public let ranges: [Range]
    public let layouts: [Layout]
    /// The prefix tree: the child of node `n` for digit `d` is `children[n * 10 + d]` (0: none).
    private let children: [Int32]
    /// The ranges whose prefix ends at each node.
    private let ends: [[Int]]

    /// The range a national number (ASCII digits) is in: the longest prefix whose range has the
    /// number's length; nil when no range has it.
    public func range(of national: some Collection<UInt8>) -> Range? {
        var node = 0
        var found: Int?
        let count = national.count
        for byte in national {
            let next = Int(children[node * 10 + Int(byte &- 0x30)])
            guard next != 0 else { break }
            node = next
            if let index = ends[node].first(where: { ranges[$0].lengths.contains(count) }) { found = index }
        }
        return found.map { ranges[$0] }
    }

    /// Reads one plan from a `numbering-plans` entry; every mistake is located at its line and column.
    init(_ item: Parameters) throws {
        try item.allowOnly(["country", "country-code", "trunk-prefix", "layouts", "ranges"])
        country = try item.string("country")
        guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 &- 0x41 < 26 }) else {
            throw item.problem("country", "'\(country)' must be a two-letter country code in capitals (ISO 3166), such as NL")
        }
        let code = try item.string("country-code")
        guard (1...3).contains(code.utf8.count), code.utf8.allSatisfy({ $0 &- 0x30 < 10 }), !code.hasPrefix("0") else {
            throw item.problem("country-code", "'\(code)' must be the one to three digits after + (31 for the Netherlands)")
        }
        countryCode = Array(code.utf8)
        let trunk = try item.optionalString("trunk-prefix") ?? ""
        guard trunk.utf8.count <= 2, trunk.utf8.allSatisfy({ $0 &- 0x30 < 10 }) else {
            throw item.problem("trunk-prefix", "'\(trunk)' must be the digits dialled before a national number (0), or left out")
        }
        trunkPrefix = Array(trunk.utf8)
        layouts = item.has("layouts") ? try item.list("layouts") { layout in
            try layout.allowOnly(["groups", "separator"])
            let groups = layout.has("groups") ? try layout.strings("groups") { text in
                guard let length = Int(text), (1...15).contains(length) else {
                    throw Parameters.Problem(message: "'\(text)' is not a group length from 1 to 15")
                }
                return length
            } : nil
            let separator = try layout.optionalString("separator")
            if let separator, separator.utf8.count != 1 || separator.utf8.first! &- 0x30 < 10 {
                throw layout.problem("separator", "'\(separator)' must be one character that is not a digit, such as /")
            }
            guard groups != nil || separator != nil else {
                throw Parameters.Problem(message: "params.layouts: a layout needs groups, a separator or both")
            }
            return Layout(groups: groups, separator: separator?.utf8.first)
        } : []

        var tree = Tree()
        var ranges: [Range] = []
        let country = country
        _ = try item.list("ranges") { entry in
            try entry.allowOnly(["type", "prefixes", "lengths", "min-groups"])
            let type: NumberType = try entry.choice("type")
            let lengths = Set(try entry.strings("lengths") { try Self.lengths($0) }.joined())
            guard let longest = lengths.max() else { throw entry.problem("lengths", "give the lengths of the numbers, such as [9] or [7-10]") }
            let range = Range(type: type, lengths: lengths, minGroups: try entry.int("min-groups", default: 1, in: 1...8))
            let index = ranges.count
            ranges.append(range)
            _ = try entry.strings("prefixes") { text in
                for prefix in try Self.expand(text) {
                    guard prefix.count < longest else {
                        throw Parameters.Problem(message: "'\(text)' is as long as the numbers of its range (\(lengths.sorted().map(String.init).joined(separator: ", ")) digits): give the leading digits only")
                    }
                    let node = tree.insert(prefix)
                    if let other = tree.ends[node].first(where: { !ranges[$0].lengths.isDisjoint(with: lengths) }) {
                        throw Parameters.Problem(message: "\(country) numbers starting \(String(decoding: prefix, as: UTF8.self)) are both \(ranges[other].type.rawValue) and \(type.rawValue) at the same length")
                    }
                    tree.ends[node].append(index)
                }
            }
        }
        guard !ranges.isEmpty else { throw item.problem("ranges", "give at least one range of numbers") }
        self.ranges = ranges
        children = tree.children
        ends = tree.ends
    }

    /// The prefix tree while it is built.
    private struct Tree {
        var children = [Int32](repeating: 0, count: 10)
        var ends: [[Int]] = [[]]

        mutating func insert(_ digits: [UInt8]) -> Int {
            var node = 0
            for byte in digits {
                let slot = node * 10 + Int(byte &- 0x30)
                if children[slot] == 0 {
                    children[slot] = Int32(ends.count)
                    ends.append([])
                    children += repeatElement(0, count: 10)
                }
                node = Int(children[slot])
            }
            return node
        }
    }

    /// `9` or `7-10`.
    static func lengths(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let low = parts.first!, let high = parts.last!, 1 <= low, low <= high, high <= 15 else {
            throw Parameters.Problem(message: "'\(text)' is not a length of 1 to 15 digits, or a span such as 7-10")
        }
        return low...high
    }

    /// The prefixes a written prefix stands for: digits, and digits to choose from in brackets
    /// (`6[1-58]` is 61, 62, 63, 64, 65 and 68).
    static func expand(_ text: String) throws -> [[UInt8]] {
        func problem(_ why: String) -> Parameters.Problem { Parameters.Problem(message: "'\(text)' is not a prefix: \(why)") }
        var prefixes: [[UInt8]] = [[]]
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            var choices: [UInt8] = []
            if byte &- 0x30 < 10 {
                choices = [byte]
            } else if byte == UInt8(ascii: "[") {
                var previous: UInt8?
                var closed = false
                while let inner = bytes.next() {
                    if inner == UInt8(ascii: "]") { closed = true; break }
                    if inner == UInt8(ascii: "-"), let low = previous {
                        guard let high = bytes.next(), high &- 0x30 < 10, high > low else {
                            throw problem("a span in brackets goes from a digit up to a higher one, as in [1-5]")
                        }
                        choices += (low + 1)...high
                        previous = nil
                    } else if inner &- 0x30 < 10 {
                        choices.append(inner)
                        previous = inner
                    } else {
                        throw problem("only digits and spans such as 1-5 go in brackets")
                    }
                }
                guard closed, !choices.isEmpty else { throw problem("a bracket is not closed or holds no digit") }
            } else {
                throw problem("use digits, and digits to choose from in brackets, as in 6[1-58]")
            }
            prefixes = prefixes.flatMap { prefix in Set(choices).sorted().map { prefix + [$0] } }
            guard prefixes.count <= 1000 else { throw problem("it stands for more than 1,000 prefixes; write a shorter one") }
        }
        guard !prefixes[0].isEmpty else { throw problem("it is empty") }
        return prefixes
    }
}

/// The numbering plans a phone check declares, in order: the first is how an ambiguous national
/// number is read when no plan's layout decides.
public struct NumberingPlans: Sendable {
    public let plans: [NumberingPlan]

    public init(_ plans: [NumberingPlan] = []) {
        self.plans = plans
    }

    /// Reads `numbering-plans`: a list of plans, each country once.
    init(_ parameters: Parameters, key: String) throws {
        var seen: Set<String> = []
        plans = try parameters.list(key) { item in
            let plan = try NumberingPlan(item)
            guard seen.insert(plan.country).inserted else { throw item.problem("country", "\(plan.country) has a plan already") }
            return plan
        }
    }

    public var isEmpty: Bool { plans.isEmpty }
}
