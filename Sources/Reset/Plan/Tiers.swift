import AuditCore
import Foundation
import HeapModule

/// When a step is meant to be done: the plan in three tiers, so that it can be finished.
public enum PlanTier: String, CaseIterable, Sendable, Codable, Comparable {
    case today, week, later

    public static func < (a: PlanTier, b: PlanTier) -> Bool { a.rank < b.rank }
    var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// The tier rules, from the reset check's `tiers` parameter in `Checks/reset/plan.yaml`.
public struct TierRules: Sendable {
    /// What a tier is called, what it is for and what it achieved when done.
    public struct Texts: Sendable {
        public var title: LocalizedText
        public var about: LocalizedText
        public var achieved: LocalizedText
    }

    /// The size of today's sitting, in minutes.
    public var todayMinutes: Int
    /// Nodes that are no account and belong to today (`devices`, `mailbox`, …).
    public var todayNodes: Set<String>
    public var todayCategories: Set<ServiceCategory>
    /// The step templates of a today-account done today; its other steps follow this week.
    public var todaySteps: Set<String>
    /// Of those, the ones kept today only where other accounts send reset mails to the account's mailbox.
    public var mailSteps: Set<String>
    /// The templates of a today-account that become one step (`closeStep`).
    public var combined: Set<String>
    public var closeStep: StepTemplate
    public var weekFlags: Set<AccountFlag>
    public var texts: [PlanTier: Texts]
    /// Why a step is in its tier: `today.root`, `week.flags`, … with `{name}` and `{flags}` to fill in.
    public var why: [String: LocalizedText]
    public var bulkStep: StepTemplate
    public var groupStep: StepTemplate
    public var categoryNames: [ServiceCategory: LocalizedText]

    static let nodeNames = ["devices", "password-manager", "phone-number", "letterbox", "mailbox"]
    static let reasons: [PlanTier: [String]] = [.today: ["root", "pulled", "group", "start"], .week: ["flags", "pulled", "group", "rest", "around"],
                                                .later: ["rest"]]

    /// Reads the rules; every problem names its line in the check file.
    public init(_ p: Parameters) throws {
        try p.allowOnly(["today", "week", "later"])
        var texts: [PlanTier: Texts] = [:]
        var why: [String: LocalizedText] = [:]
        func common(_ tier: PlanTier, _ q: Parameters, extra: [String]) throws {
            try q.allowOnly(["title", "about", "achieved", "why"] + extra)
            texts[tier] = Texts(title: try ResetCatalog.text(q, "title"), about: try ResetCatalog.text(q, "about"),
                                achieved: try ResetCatalog.text(q, "achieved"))
            let reasons = try q.mapping("why")
            let expected = Self.reasons[tier]!
            try reasons.allowOnly(expected)
            for reason in expected {
                guard reasons.has(reason) else { throw reasons.problem(reason, "the reason '\(reason)' of tier \(tier.rawValue) is missing") }
                why[tier.rawValue + "." + reason] = try ResetCatalog.text(reasons, reason)
            }
        }
        let today = try p.mapping("today")
        try common(.today, today, extra: ["minutes", "nodes", "categories", "steps", "combine", "step", "when-mail-recovers"])
        todayMinutes = try today.int("minutes", in: 10...600)
        todayNodes = Set(try today.strings("nodes"))
        if let unknown = todayNodes.first(where: { !Self.nodeNames.contains($0) }) {
            throw today.problem("nodes", "unknown node '\(unknown)'; use \(Self.nodeNames.joined(separator: ", "))")
        }
        todayCategories = Set(try today.strings("categories").map { name in
            guard let category = ServiceCategory(rawValue: name) else {
                throw today.problem("categories", "unknown category '\(name)'; use \(ServiceCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return category
        })
        todaySteps = Set(try today.strings("steps"))
        mailSteps = Set(try today.strings("when-mail-recovers"))
        if let stray = mailSteps.subtracting(todaySteps).first {
            throw today.problem("when-mail-recovers", "'\(stray)' is not among today's steps")
        }
        combined = Set(try today.strings("combine"))
        closeStep = try Self.template(today, "step", id: "close")
        let week = try p.mapping("week")
        try common(.week, week, extra: ["flags"])
        weekFlags = Set(try week.strings("flags").map { name in
            guard let flag = AccountFlag(rawValue: name) else {
                throw week.problem("flags", "unknown flag '\(name)'; use \(AccountFlag.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return flag
        })
        let later = try p.mapping("later")
        try common(.later, later, extra: ["step", "group", "categories"])
        bulkStep = try Self.template(later, "step", id: "bulk")
        groupStep = try Self.template(later, "group", id: "group")
        let names = try later.mapping("categories")
        var categoryNames: [ServiceCategory: LocalizedText] = [:]
        for key in names.keys {
            guard let category = ServiceCategory(rawValue: key) else {
                throw names.problem(key, "unknown category '\(key)'; use \(ServiceCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            categoryNames[category] = try ResetCatalog.text(names, key)
        }
        // Every category can end up in the later tier, so every one needs a name: none is left unnamed in silence.
        if let missing = ServiceCategory.allCases.first(where: { categoryNames[$0] == nil }) {
            throw later.problem("categories", "the name of the category '\(missing.rawValue)' is missing")
        }
        self.texts = texts
        self.why = why
        self.categoryNames = categoryNames
    }

    static func template(_ p: Parameters, _ key: String, id: String) throws -> StepTemplate {
        let q = try p.mapping(key)
        try q.allowOnly(["title", "detail", "minutes"])
        return StepTemplate(id: id, title: try ResetCatalog.text(q, "title"), detail: try ResetCatalog.text(q, "detail"),
                            minutes: try q.int("minutes", in: 1...240), url: nil, careful: false, evidence: false, when: [:])
    }

    func reason(_ tier: PlanTier, _ key: String, name: LocalizedText? = nil, flags: LocalizedText? = nil) -> LocalizedText {
        let text = why[tier.rawValue + "." + key]!
        func fill(_ s: String, _ l: Language) -> String {
            s.replacingOccurrences(of: "{name}", with: name?(l) ?? "").replacingOccurrences(of: "{flags}", with: flags?(l) ?? "")
        }
        return LocalizedText(en: fill(text.en, .en), nl: fill(text.nl, .nl))
    }
}

extension PlanBuilder {
    /// Sorts the built plan into tiers: today the roots (and what they recover through, and their
    /// groups), this week the flagged accounts (likewise), later the rest as one bulk step per account,
    /// grouped by category. The order inside a tier is the plan's recovery order.
    func applyTiers(_ rules: TierRules, to plan: ResetPlan, nodes: [Node]) -> ResetPlan {
        var tier = [PlanTier](repeating: .later, count: nodes.count)
        var reason = [LocalizedText?](repeating: nil, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            let root: Bool
            switch node.kind {
            case .devices: root = rules.todayNodes.contains("devices")
            case .passwordManager: root = rules.todayNodes.contains("password-manager")
            case .phoneNumber: root = rules.todayNodes.contains("phone-number")
            case .letterbox: root = rules.todayNodes.contains("letterbox")
            case .mailbox: root = rules.todayNodes.contains("mailbox")
            case .account(let account): root = !rules.todayCategories.isDisjoint(with: account.categories)
            }
            if case .account = node.kind {} else if !root {
                // A node that is no account (a mailbox, the number) is never left for later in bulk.
                tier[index] = .week
                reason[index] = rules.reason(.week, "rest")
                continue
            }
            if root {
                tier[index] = .today
                reason[index] = rules.reason(.today, "root")
            } else if !node.flags.isDisjoint(with: rules.weekFlags) {
                tier[index] = .week
                let labels = node.flags.intersection(rules.weekFlags).sorted().map(\.label)
                reason[index] = rules.reason(.week, "flags", flags: LocalizedText(en: labels.map(\.en).joined(separator: "; "),
                                                                                   nl: labels.map(\.nl).joined(separator: "; ")))
            } else {
                reason[index] = rules.reason(.later, "rest")
            }
        }
        // Groups: nodes whose steps share a group number recover through each other.
        var byID: [String: Int] = [:]
        for (index, node) in nodes.enumerated() { byID[node.id] = index }
        var groups: [Int: [Int]] = [:]
        for step in plan.steps {
            guard let group = step.group, let node = byID[Self.node(of: step.id)] else { continue }
            if groups[group]?.last != node { groups[group, default: []].append(node) }
        }
        var groupOf: [Int: Int] = [:]
        for (group, members) in groups { for member in members { groupOf[member] = group } }
        // Pull forward what can reset a node, and the rest of its group, until nothing moves.
        var work = Array(nodes.indices)
        while let index = work.popLast() {
            let current = tier[index]
            // The group first: a member is there because of its group, even when it can also reset this one.
            var pulled: [(Int, String)] = groupOf[index].map { (groups[$0] ?? []).map { ($0, "group") } } ?? []
            pulled += nodes[index].dependencies.keys.sorted().map { ($0, "pulled") }
            for (other, why) in pulled where other != index && tier[other] > current {
                tier[other] = current
                reason[other] = rules.reason(current, why, name: nodes[index].name)
                work.append(other)
            }
        }

        var firstSteps: [String: PlanStep] = [:], passwordPages: [String: String] = [:]
        var hasMaster = Set<Int>()
        for step in plan.steps {
            let node = Self.node(of: step.id)
            if firstSteps[node] == nil { firstSteps[node] = step }
            if let url = step.url, Self.template(of: step.id) == "password" || Self.template(of: step.id) == "master" { passwordPages[node] = url }
            if Self.template(of: step.id) == "master", let index = byID[node] { hasMaster.insert(index) }
        }
        // The accounts other accounts send their reset mails to.
        var mailRecovers = Set<Int>()
        for node in nodes { for (target, why) in node.dependencies where why == .mailbox { mailRecovers.insert(target) } }
        var closed = Set<Int>()

        // The steps, each with its tier and why.
        var today: [PlanStep] = [], week: [PlanStep] = [], rest: [PlanStep] = [], around: [PlanStep] = [], start: [PlanStep] = []
        var laterNodes: [Int] = []
        for section in plan.sections {
            for var step in section.steps {
                switch section.kind {
                case .start:
                    step.tier = .today
                    step.tierWhy = rules.reason(.today, "start")
                    start.append(step)
                case .around:
                    step.tier = .week
                    step.tierWhy = rules.reason(.week, "around")
                    around.append(step)
                case .accounts:
                    guard let node = byID[Self.node(of: step.id)] else { continue }
                    step.tier = tier[node]
                    step.tierWhy = reason[node]
                    switch tier[node] {
                    case .today:
                        let isAccount: Bool
                        switch nodes[node].kind {
                        case .account, .passwordManager(.some): isAccount = true
                        default: isAccount = false
                        }
                        let template = Self.template(of: step.id)
                        if case .phoneNumber(let carriers) = nodes[node].kind,
                           carriers.contains(where: { $0.number?.steps.contains { $0.id == template } == true }),
                           !rules.todaySteps.contains(template) {
                            // A carrier's own steps for the number (its contract, its porting rules) follow this
                            // week, like an account's own steps; the number's generic steps stay today.
                            step.tier = .week
                            step.tierWhy = rules.reason(.week, "rest")
                            rest.append(step)
                        } else if !isAccount {
                            today.append(step)
                        } else if rules.combined.contains(template) && !hasMaster.contains(node) {
                            // One step for the password, the sessions and the recovery, where the first of them stood.
                            guard closed.insert(node).inserted else { continue }
                            var close = step
                            close.id = nodes[node].id + "/" + rules.closeStep.id
                            close.title = rules.closeStep.title
                            close.detail = rules.closeStep.detail
                            close.minutes = rules.closeStep.minutes
                            close.careful = true
                            close.evidence = true
                            close.url = passwordPages[nodes[node].id] ?? step.url
                            today.append(close)
                        } else if rules.todaySteps.contains(template) && (!rules.mailSteps.contains(template) || mailRecovers.contains(node)) {
                            today.append(step)
                        } else {
                            step.tier = .week
                            step.tierWhy = rules.reason(.week, "rest")
                            rest.append(step)
                        }
                    case .week: week.append(step)
                    case .later:
                        if laterNodes.last != node { laterNodes.append(node) }
                    }
                }
            }
        }
        // Later: one step per account, grouped by category, in recovery order within and across groups.
        var later: [PlanStep] = []
        var shown = Set<String>()
        var lastCategory: ServiceCategory?
        for (category, members) in orderedByCategory(laterNodes, nodes: nodes) {
            if category != lastCategory {
                var id = "later/" + category.rawValue
                var n = 2
                while !shown.insert(id).inserted { id = "later/\(category.rawValue)-\(n)"; n += 1 }
                let name = rules.categoryNames[category] ?? .verbatim(category.rawValue)
                func fill(_ s: String, _ l: Language) -> String {
                    s.replacingOccurrences(of: "{category}", with: name(l)).replacingOccurrences(of: "{count}", with: "\(members.count)")
                }
                let title = LocalizedText(en: fill(rules.groupStep.title.en, .en), nl: fill(rules.groupStep.title.nl, .nl))
                later.append(PlanStep(id: id, account: nil, service: nil, title: title, detail: rules.groupStep.detail,
                                      why: rules.reason(.later, "rest"), url: nil, minutes: rules.groupStep.minutes, careful: false, evidence: false,
                                      dependsOn: [], flags: [], group: nil, tier: .later, tierWhy: rules.reason(.later, "rest")))
                lastCategory = category
            }
            for node in members {
                guard let first = firstSteps[nodes[node].id] else { continue }
                let url = passwordPages[nodes[node].id]
                later.append(PlanStep(id: nodes[node].id + "/bulk", account: first.account, service: first.service, title: rules.bulkStep.title,
                                      detail: rules.bulkStep.detail, why: first.why, url: url, minutes: rules.bulkStep.minutes, careful: true,
                                      evidence: false, dependsOn: [], flags: first.flags, group: first.group, subject: first.subject,
                                      tier: .later, tierWhy: reason[node]))
            }
        }

        var sections = [PlanSection(kind: .start, steps: start, tier: .today), PlanSection(kind: .accounts, steps: today, tier: .today),
                        PlanSection(kind: .accounts, steps: week + rest, tier: .week), PlanSection(kind: .around, steps: around, tier: .week),
                        PlanSection(kind: .accounts, steps: later, tier: .later)]
        // What a step waits for: the last step of each node it recovers through, in the earliest tier that has one.
        var lastStep: [String: [PlanTier: String]] = [:]
        for section in sections { for step in section.steps { lastStep[Self.node(of: step.id), default: [:]][step.tier] = step.id } }
        var seen = Set<String>()
        for s in sections.indices {
            for i in sections[s].steps.indices {
                let step = sections[s].steps[i]
                let node = Self.node(of: step.id)
                guard sections[s].kind == .accounts, seen.insert(node + "\u{0}" + step.tier.rawValue).inserted,
                      let index = byID[node] else {
                    sections[s].steps[i].dependsOn = []
                    continue
                }
                sections[s].steps[i].dependsOn = nodes[index].dependencies.keys.filter { groupOf[$0] == nil || groupOf[$0] != groupOf[index] }
                    .compactMap { dependency in
                        // The earliest tier's: today's steps of a root close its doors; its other steps follow this week.
                        lastStep[nodes[dependency].id]?.filter { $0.key <= step.tier }.min { $0.key < $1.key }?.value
                    }.sorted()
            }
        }
        var tiered = plan
        tiered.sections = sections
        let todayMinutes = (start + today).reduce(0) { $0 + $1.minutes }
        if todayMinutes > rules.todayMinutes {
            tiered.notes.append(LocalizedText(
                en: "Today takes about \(todayMinutes) minutes, more than one sitting of \(rules.todayMinutes): take a break between the groups if you need one, but finish today's steps before the rest.",
                nl: "Vandaag kost ongeveer \(todayMinutes) minuten, meer dan één sessie van \(rules.todayMinutes): neem zo nodig pauze tussen de groepen, maar maak de stappen van vandaag af vóór de rest."))
        }
        tiered.tiers = rules.texts
        tiered.todayMinutes = rules.todayMinutes
        return tiered
    }

    /// Later accounts by category (in the catalogue's order), never before an account they recover through.
    func orderedByCategory(_ members: [Int], nodes: [Node]) -> [(ServiceCategory, [Int])] {
        let position = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        func category(_ node: Int) -> ServiceCategory {
            if case .account(let account) = nodes[node].kind { return account.category }
            return .other
        }
        var waiting = [Int: Int]()
        var after = [Int: [Int]]()
        for member in members {
            for dependency in nodes[member].dependencies.keys where position[dependency] != nil {
                waiting[member, default: 0] += 1
                after[dependency, default: []].append(member)
            }
        }
        struct Ready: Comparable {
            var category: ServiceCategory
            var position: Int
            var node: Int
            static func < (a: Ready, b: Ready) -> Bool { (a.category, a.position) < (b.category, b.position) }
        }
        func ready(_ node: Int) -> Ready { Ready(category: category(node), position: position[node]!, node: node) }
        var heap = Heap(members.filter { waiting[$0] == nil }.map(ready))
        var result: [(ServiceCategory, [Int])] = []
        while let next = heap.popMin() {
            let node = next.node
            if result.last?.0 == next.category { result[result.count - 1].1.append(node) } else { result.append((next.category, [node])) }
            for later in after[node] ?? [] {
                waiting[later]! -= 1
                if waiting[later] == 0 { waiting[later] = nil; heap.insert(ready(later)) }
            }
        }
        // Members in a cycle among themselves (one group) keep their order at the end.
        let placed = Set(result.flatMap(\.1))
        for member in members where !placed.contains(member) {
            if result.last?.0 == category(member) { result[result.count - 1].1.append(member) } else { result.append((category(member), [member])) }
        }
        return result
    }

    /// What a step names when it is not a vault entry's: the configured account, the mailbox's address.
    func subject(of node: Node) -> LocalizedText? {
        switch node.kind {
        case .mailbox(let address): return .verbatim(address)
        case .account(let account), .passwordManager(.some(let account)):
            let name = account.service.map { $0.displayName } ?? .verbatim(account.name)
            return account.username.isEmpty ? name : name + .verbatim(" (\(account.username))")
        default: return nil
        }
    }

    static func node(of id: String) -> String { String(id.prefix { $0 != "/" }) }
    static func template(of id: String) -> String { id.firstIndex(of: "/").map { String(id[id.index(after: $0)...]) } ?? id }
}
