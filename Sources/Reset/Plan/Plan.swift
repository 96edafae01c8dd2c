import AuditCore
import Foundation

/// Why an account is in danger, from the vault checks and the answers.
public enum AccountFlag: String, CaseIterable, Sendable, Comparable, Codable {
    /// The password predates the breakup date.
    case unchangedSince = "unchanged-since"
    case breached, reused, weak, similar
    /// Saved more than once with different passwords.
    case savedTwice = "saved-twice"
    /// Shared with the ex (a shared streaming account, a shared mailbox).
    case shared
    /// The ex may know this password or see this account.
    case visibleToEx = "visible-to-ex"

    /// Most urgent first.
    public static func < (a: AccountFlag, b: AccountFlag) -> Bool { a.urgency > b.urgency }

    public var urgency: Int {
        switch self {
        case .breached: 8
        case .visibleToEx: 7
        case .unchangedSince: 6
        case .reused: 5
        case .shared: 4
        case .weak: 3
        case .similar: 2
        case .savedTwice: 1
        }
    }

    public var label: LocalizedText {
        switch self {
        case .unchangedSince: LocalizedText(en: "password from before the breakup", nl: "wachtwoord van vóór de relatiebreuk")
        case .breached: LocalizedText(en: "password in known data breaches", nl: "wachtwoord in bekende datalekken")
        case .reused: LocalizedText(en: "password used on other accounts too", nl: "wachtwoord ook op andere accounts gebruikt")
        case .weak: LocalizedText(en: "weak password", nl: "zwak wachtwoord")
        case .similar: LocalizedText(en: "password like your other ones", nl: "wachtwoord dat op je andere lijkt")
        case .savedTwice: LocalizedText(en: "saved twice with different passwords", nl: "twee keer bewaard met verschillende wachtwoorden")
        case .shared: LocalizedText(en: "shared with your ex", nl: "gedeeld met je ex")
        case .visibleToEx: LocalizedText(en: "your ex may know this password", nl: "je ex kent dit wachtwoord misschien")
        }
    }
}

/// An account the plan resets: from a vault export or the configuration.
public struct ResetAccount: Sendable {
    /// Site and username, as the vault family keys accounts (in memory only).
    public var key: String
    public var title: String
    public var username: String
    public var host: String?
    public var service: Service?
    public var flags: Set<AccountFlag>
    /// From a vault export (false: named in the configuration, or implied: DigiD for the tax office).
    public var fromVault: Bool
    /// The export shows the password was set after the breakup date.
    public var changedAfterBreakup: Bool

    public init(key: String, title: String, username: String, host: String?, service: Service?,
                flags: Set<AccountFlag> = [], fromVault: Bool = true, changedAfterBreakup: Bool = false) {
        self.key = key
        self.title = title
        self.username = username
        self.host = host
        self.service = service
        self.flags = flags
        self.fromVault = fromVault
        self.changedAfterBreakup = changedAfterBreakup
    }

    public var categories: [ServiceCategory] { service?.categories ?? [.other] }
    public var category: ServiceCategory { categories[0] }
    public var name: String { title.isEmpty ? (service?.name ?? host ?? key) : title }
    /// The name in the user's language: the catalogue's Dutch name where the title is the catalogue's name.
    public var displayName: LocalizedText {
        if let service, title.isEmpty || title == service.name { return service.displayName }
        return .verbatim(name)
    }
}

public enum StepStatus: String, Sendable, Codable, CaseIterable {
    case todo, done, skipped
}

/// One step of the plan.
public struct PlanStep: Sendable {
    /// Stable across runs and free of personal values: `<node>/<template>`, the node named by its
    /// service and a short hash of the account.
    public var id: String
    /// The vault entry's title, or nil for a step that is not about one account.
    public var account: String?
    public var service: String?
    public var title: LocalizedText
    public var detail: LocalizedText
    public var why: LocalizedText
    public var url: String?
    public var minutes: Int
    public var careful: Bool
    public var evidence: Bool
    public var dependsOn: [String]
    public var flags: [AccountFlag]
    /// Steps done together in one sitting (accounts that recover through each other), numbered from 1.
    public var group: Int?
    public var status: StepStatus = .todo
    /// What the step is about when it is no vault entry: a configured account, a mailbox's address.
    public var subject: LocalizedText?
    public var tier: PlanTier = .today
    /// Why the step is in its tier.
    public var tierWhy: LocalizedText?

    /// `Gmail — Change the password`, `KPN — …`, or the title alone for a step not about one account.
    public func heading(_ l: Language) -> String {
        account.map { "\($0) — \(title(l))" } ?? subject.map { "\($0(l)) — \(title(l))" } ?? title(l)
    }
}

/// A section of the plan, in order.
public struct PlanSection: Sendable {
    public enum Kind: String, Sendable, Codable { case start, accounts, around }
    public var kind: Kind
    public var steps: [PlanStep]
    public var tier: PlanTier = .today
}

/// The recovery graph ("can be taken over through") the plan was ordered by: its nodes in the plan's
/// order, and its edges from what comes first to what depends on it.
public struct PlanGraph: Sendable {
    public enum Kind: String, Sendable {
        case devices, passwordManager = "password-manager", phoneNumber = "phone-number", letterbox, mailbox, identity, carrier, account
        /// The ex's account at the carrier, when the number is on their contract: not a step, but what the number hangs on.
        case theirAccount = "their-account"
    }

    public struct Node: Sendable {
        /// The node's part of its step ids (`google-77d15e1f`, `phone-number`).
        public var id: String
        public var name: LocalizedText
        public var kind: Kind
        /// The group done in one sitting, as the steps number it.
        public var group: Int?
    }

    public struct Edge: Sendable, Hashable {
        /// The node that comes first (what can take over), an index into `nodes`.
        public var from: Int
        /// The node that depends on it.
        public var to: Int
        public var reason: PlanBuilder.Reason
        /// Not known from the catalogue: assumed as the way in.
        public var assumed: Bool
    }

    /// In the plan's order.
    public var nodes: [Node] = []
    /// Every dependency except that of each saved account on the password manager.
    public var edges: [Edge] = []

    public init(nodes: [Node] = [], edges: [Edge] = []) {
        self.nodes = nodes
        self.edges = edges
    }
}

/// The reset plan: steps in an order where nothing done can be undone by a later one.
public struct ResetPlan: Sendable {
    public static let schema = "hygiene-reset/1"
    public var sections: [PlanSection]
    /// Notes on how the answers changed the plan.
    public var notes: [LocalizedText]
    public var generatedAt: Date
    /// The recovery graph behind the order, for the HTML plan's picture and `--format dot`.
    public var graph = PlanGraph()
    /// The tiers' names and what each achieves, when the plan is in tiers.
    public var tiers: [PlanTier: TierRules.Texts] = [:]
    /// The size of today's sitting, in minutes.
    public var todayMinutes: Int?

    public var steps: [PlanStep] { sections.flatMap(\.steps) }
    public var minutes: Int {
        sections.reduce(0) { total, section in section.steps.reduce(total) { $1.status == .todo ? $0 + $1.minutes : $0 } }
    }

    /// How many steps have each status, without copying the steps out of their sections.
    public var statusCounts: [StepStatus: Int] {
        var counts: [StepStatus: Int] = [:]
        for section in sections { for step in section.steps { counts[step.status, default: 0] += 1 } }
        return counts
    }

    /// The minutes of the steps still to do in a tier.
    public func minutes(in tier: PlanTier) -> Int {
        sections.reduce(0) { total, section in section.steps.reduce(total) { $1.status == .todo && $1.tier == tier ? $0 + $1.minutes : $0 } }
    }

    /// The plan of one tier only.
    public func only(_ tier: PlanTier) -> ResetPlan {
        var plan = self
        plan.sections = sections.filter { $0.tier == tier }
        return plan
    }

    /// The first step still to do.
    public var next: PlanStep? { steps.first { $0.status == .todo } }

    public mutating func apply(_ progress: [String: StepStatus]) {
        for section in sections.indices {
            for step in sections[section].steps.indices {
                sections[section].steps[step].status = progress[sections[section].steps[step].id] ?? .todo
            }
        }
    }
}
