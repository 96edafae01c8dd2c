import AuditCore
import Foundation
import HeapModule

/// Answers to the plan's questions: question id → the chosen answers (several for `shared`).
public typealias Answers = [String: Set<String>]

/// Builds the reset plan: a recovery graph ("can be taken over through") over the accounts, the
/// password manager, the phone number, the mailboxes, the letterbox and the devices, ordered so that
/// everything an account recovers through comes before it. Accounts that recover through each other
/// become one group, done in one sitting.
public struct PlanBuilder: Sendable {
    public var catalog: ResetCatalog
    /// The password manager the export came from (a catalogue service id), if known.
    public var passwordManager: String?
    public var answers: Answers
    /// Recovery the export cannot show, from the configuration: an account (by address, username,
    /// title or service id) → the accounts or addresses it recovers through.
    public var recoversThrough: [String: [String]]
    /// Corrections: recovery the plan assumed but that is not so (a username at an address that
    /// receives no reset mails).
    public var notThrough: [String: [String]]
    /// The tiers (today, this week, later) from `plan.yaml`; without them, one list.
    public var tiers: TierRules?

    public init(catalog: ResetCatalog, passwordManager: String? = nil, answers: Answers = [:], recoversThrough: [String: [String]] = [:],
                notThrough: [String: [String]] = [:], tiers: TierRules? = nil) {
        self.tiers = tiers
        self.catalog = catalog
        self.passwordManager = passwordManager
        self.answers = answers
        self.recoversThrough = recoversThrough
        self.notThrough = notThrough
    }

    /// Why a node comes before another.
    public enum Reason: Int, Comparable, Sendable {
        case passwordManager, sms, mailbox, letter, signIn, mailProvider
        /// The carrier's online account controls the number: an eSIM or SIM order, a port-out.
        case controlsNumber
        public static func < (a: Reason, b: Reason) -> Bool { a.rawValue < b.rawValue }

        /// What the dependents do through this node: "they send their reset mails to this mailbox".
        var dependents: LocalizedText {
            switch self {
            case .passwordManager: LocalizedText(en: "their passwords are in it", nl: "hun wachtwoorden staan erin")
            case .sms: LocalizedText(en: "they send codes by SMS to this number", nl: "ze sturen codes per sms naar dit nummer")
            case .mailbox: LocalizedText(en: "they send their reset mails to this mailbox", nl: "ze sturen hun herstelmails naar deze mailbox")
            case .letter: LocalizedText(en: "they send codes by letter to your home", nl: "ze sturen codes per brief naar je huis")
            case .signIn: LocalizedText(en: "you sign in to them with this account", nl: "je logt erop in met dit account")
            case .mailProvider: LocalizedText(en: "this account manages their mailbox", nl: "dit account beheert hun mailbox")
            case .controlsNumber: LocalizedText(en: "a new SIM or eSIM for your number, or moving it, is ordered in this account",
                                                nl: "in dit account bestel je een nieuwe sim of eSIM voor je nummer, of verhuis je het")
            }
        }
    }

    enum Kind {
        /// The phone number, with the carriers of the vault whose number steps it takes.
        case devices, passwordManager(ResetAccount?), phoneNumber([Service]), letterbox, mailbox(String), account(ResetAccount)
    }

    struct Node {
        var id: String
        var kind: Kind
        var name: LocalizedText
        var phase: Int
        var flags: Set<AccountFlag> = []
        /// node index → why this node must wait for it.
        var dependencies: [Int: Reason] = [:]
        /// The dependencies assumed as the way in, not known from the catalogue.
        var assumed: Set<Int> = []
    }

    /// Names of the phone number in `recovers-through` and `not-through`.
    static let numberNames: Set<String> = ["number", "phone", "phone-number", "mobile", "sms", "nummer"]

    /// A username that is a phone number: international (`+31…`, `0031…`) or a Dutch or Belgian mobile
    /// number written nationally (`06…`, `04…`, ten digits).
    static func isPhoneNumber(_ username: String) -> Bool {
        var digits = 0, plus = false, other = false
        for (index, character) in username.enumerated() {
            if character.isASCII && character.isNumber { digits += 1 } else if character == "+" && index == 0 { plus = true }
            else if !" -().".contains(character) { other = true }
        }
        guard !other else { return false }
        let compact = username.filter { $0.isASCII && $0.isNumber }
        if plus || compact.hasPrefix("00") { return (10...15).contains(digits) }
        return digits == 10 && (compact.hasPrefix("06") || compact.hasPrefix("04"))
    }

    static func shortHash(_ text: String) -> String { String(Digest.sha256Hex(text).prefix(8)) }

    func answered(_ question: String, _ choices: Set<String>) -> Bool { !(answers[question] ?? []).isDisjoint(with: choices) }

    /// Phases order what no edge orders: devices, password manager, phone, letterbox, mailboxes,
    /// identity accounts, then the rest by category.
    func phase(of category: ServiceCategory) -> Int {
        switch category {
        case .passwordManager: 1
        case .carrier: 2
        case .mailbox: 4
        case .identity: 5
        case .governmentIdentity: 6
        default: 7 + category.rank
        }
    }

    public func build(accounts input: [ResetAccount], since: Date? = nil, now: Date = Date()) -> ResetPlan {
        var accounts = merge(input)
        // Identity accounts others sign in with (DigiD for the tax office) come in even when the vault lacks them.
        for identity in Set(accounts.flatMap { $0.service?.signsInWith ?? [] }).sorted()
        where !accounts.contains(where: { $0.service?.id == identity }) {
            guard let provider = catalog.service(id: identity) else { continue }
            accounts.append(ResetAccount(key: "service:" + identity, title: provider.name, username: "", host: provider.domains.first,
                                         service: provider, fromVault: false))
        }
        applyAnswers(to: &accounts)
        var notes = answerNotes()
        var nodes: [Node] = []
        func add(_ node: Node) -> Int { nodes.append(node); return nodes.count - 1 }

        _ = add(Node(id: "devices", kind: .devices, name: LocalizedText(en: "your phone and computer", nl: "je telefoon en computer"), phase: -1))
        // The password manager: its own account in the vault, or a node of its own.
        let managerAccount = accounts.firstIndex { $0.service?.id == passwordManager && passwordManager != nil }
            ?? accounts.firstIndex { $0.category == .passwordManager }
        let managerName = managerAccount.map { LocalizedText.verbatim(accounts[$0].name) }
            ?? passwordManager.flatMap(catalog.service(id:)).map { LocalizedText.verbatim($0.name) }
            ?? LocalizedText(en: "your password manager", nl: "je wachtwoordbeheerder")
        let manager = add(Node(id: managerAccount.map { nodeID(accounts[$0]) } ?? "password-manager",
                               kind: .passwordManager(managerAccount.map { accounts[$0] }), name: managerName, phase: 1,
                               flags: managerAccount.map { accounts[$0].flags } ?? []))
        var accountNode: [Int: Int] = [:]
        if let managerAccount { accountNode[managerAccount] = manager }
        for (index, account) in accounts.enumerated() where index != managerAccount {
            accountNode[index] = add(Node(id: nodeID(account), kind: .account(account), name: account.displayName,
                                          phase: phase(of: account.category), flags: account.flags))
        }

        // The phone number, a node of its own: it receives the SMS codes, and the carriers' online
        // accounts control it (an eSIM or SIM order, a port-out). When the ex holds the contract, it hangs
        // on their account instead, and moving it comes first of all.
        let numberTheirs = answered("phone-plan", ["yes-theirs"])
        let carriers = accounts.indices.filter { accounts[$0].categories.contains(.carrier) }
        var phoneNode: Int?
        func phoneTargets() -> [Int] {
            if let phoneNode { return [phoneNode] }
            let services = carriers.compactMap { accounts[$0].service }
            let node = add(Node(id: "phone-number", kind: .phoneNumber(services), name: GraphWords.number, phase: numberTheirs ? -2 : 2))
            phoneNode = node
            if !numberTheirs {
                for carrier in carriers {
                    guard let target = accountNode[carrier] else { continue }
                    nodes[node].dependencies[target] = .controlsNumber
                    // Through the online account unless the catalogue says how the number is taken over and that is not among it.
                    if accounts[carrier].service?.number?.takeover.contains(.account) != true { nodes[node].assumed.insert(target) }
                }
            }
            return [node]
        }
        if !carriers.isEmpty { _ = phoneTargets() }
        var letterbox: Int?
        var mailboxNodes: [String: Int] = [:]
        // The accounts at a mail provider, by the addresses they are signed in with: the full address,
        // or the name before the @ at each of the provider's mail domains.
        var mailOwners: [String: Int] = [:]
        for (index, account) in accounts.enumerated() {
            guard let service = account.service, !service.mailDomains.isEmpty else { continue }
            let username = account.username.lowercased()
            if username.contains("@") {
                if mailOwners[username] == nil { mailOwners[username] = index }
            } else if !username.isEmpty {
                for domain in service.mailDomains where mailOwners[username + "@" + domain] == nil { mailOwners[username + "@" + domain] = index }
            }
        }
        /// The node that holds the mailbox at an address: an account in the vault signed in with exactly
        /// that address, else a node for the mailbox itself.
        func mailbox(_ address: String) -> Int {
            if let known = mailboxNodes[address] { return known }
            let domain = String(address.split(separator: "@").last ?? "")
            let owner = mailOwners[address].flatMap { index in accounts[index].service?.mailDomains.contains(domain) == true ? index : nil }
            if let owner, let node = accountNode[owner] { mailboxNodes[address] = node; return node }
            let node = add(Node(id: "mailbox-" + Self.shortHash(address), kind: .mailbox(address),
                                name: LocalizedText(en: "the mailbox \(address)", nl: "de mailbox \(address)"), phase: 4))
            mailboxNodes[address] = node
            // A mailbox of an internet provider is managed through the provider's customer account.
            if let provider = catalog.mailProvider(ofDomain: domain) {
                for (index, account) in accounts.enumerated() where account.service?.id == provider.id {
                    if let target = accountNode[index] { nodes[node].dependencies[target] = .mailProvider }
                }
                if provider.recovery.contains(.sms) || provider.twoStep.contains("sms") {
                    for target in phoneTargets() { nodes[node].dependencies[target] = .sms }
                }
            }
            return node
        }

        for (index, account) in accounts.enumerated() {
            guard let node = accountNode[index] else { continue }
            /// A known edge replaces an assumed one; an assumed one never hides a known one.
            func depend(on target: Int, _ reason: Reason, assumed: Bool = false) {
                guard target != node else { return }
                if let existing = nodes[node].dependencies[target] {
                    if !assumed { nodes[node].assumed.remove(target) }
                    if existing <= reason { return }
                    nodes[node].dependencies[target] = reason
                    return
                }
                nodes[node].dependencies[target] = reason
                if assumed { nodes[node].assumed.insert(target) }
            }
            if node != manager {
                if account.fromVault { depend(on: manager, .passwordManager) }
                let service = account.service
                let recovery = service?.recovery ?? []
                // When unsure, assume the way in: an e-mail login recovers through its mailbox, an account
                // that holds a number (a carrier's, or a phone number as the login) through the number,
                // unless the catalogue names a source that says its reset never does.
                let never = service?.notRecoveredBy ?? []
                let address = account.username.lowercased()
                if address.contains("@"), address.split(separator: "@").count == 2, recovery.contains(.email) || !never.contains(.email) {
                    depend(on: mailbox(address), .mailbox, assumed: !recovery.contains(.email))
                }
                if recovery.contains(.sms) || recovery.contains(.call) || (service?.twoStep.contains("sms") ?? false) {
                    for target in phoneTargets() where target != node { depend(on: target, .sms) }
                } else if !never.contains(.sms), account.categories.contains(.carrier) || Self.isPhoneNumber(account.username) {
                    for target in phoneTargets() where target != node { depend(on: target, .sms, assumed: true) }
                }
                if recovery.contains(.letter) {
                    if letterbox == nil {
                        letterbox = add(Node(id: "letterbox", kind: .letterbox, name: LocalizedText(en: "your letterbox", nl: "je brievenbus"), phase: 3))
                    }
                    depend(on: letterbox!, .letter)
                }
                for identity in service?.signsInWith ?? [] {
                    for provider in accounts.indices where accounts[provider].service?.id == identity {
                        if let target = accountNode[provider] { depend(on: target, .signIn) }
                    }
                }
            }
        }

        // Recovery the user knows of: `recovers-through` in the configuration. A correction (`create`
        // false) names only what the plan already has.
        func matching(_ name: String, create: Bool = true) -> [Int] {
            let name = name.lowercased()
            if Self.numberNames.contains(name) { return create ? phoneTargets() : phoneNode.map { [$0] } ?? [] }
            var found = accounts.indices.filter { index in
                let account = accounts[index]
                return account.username.lowercased() == name || account.title.lowercased() == name || account.service?.id == name
            }.compactMap { accountNode[$0] }
            if found.isEmpty, name.contains("@") { found = create ? [mailbox(name)] : mailboxNodes[name].map { [$0] } ?? [] }
            return found
        }
        // What an account recovers through: an address means its mailbox, anything else the accounts it names.
        func through(_ name: String, create: Bool = true) -> [Int] {
            guard name.contains("@") else { return matching(name, create: create) }
            return create ? [mailbox(name.lowercased())] : mailboxNodes[name.lowercased()].map { [$0] } ?? []
        }
        for (from, targets) in recoversThrough.sorted(by: { $0.key < $1.key }) {
            for node in matching(from) {
                for target in targets.flatMap({ through($0) }) where target != node {
                    nodes[node].dependencies[target] = .mailbox
                    nodes[node].assumed.remove(target)
                }
            }
        }
        var unmatched: [String] = []
        for (from, targets) in notThrough.sorted(by: { $0.key < $1.key }) {
            let sources = matching(from, create: false)
            if sources.isEmpty { unmatched.append(from) }
            var found: [Int] = []
            for name in targets {
                let named = through(name, create: false)
                if named.isEmpty { unmatched.append(name) }
                found += named
            }
            for node in sources {
                for target in found {
                    nodes[node].dependencies[target] = nil
                    nodes[node].assumed.remove(target)
                }
            }
        }
        if !unmatched.isEmpty { notes.append(GraphWords.unmatched(unmatched)) }
        notes += assumedNotes(nodes)

        let order = orderedComponents(nodes)
        var groups = 0
        var sections: [PlanSection] = []
        let start = catalog.before.filter(applies).map { template in
            step(template, nodeID: "start", account: nil, service: nil, why: LocalizedText(en: "Before anything else.", nl: "Vóór al het andere."),
                 dependsOn: [], flags: [], group: nil)
        }
        sections.append(PlanSection(kind: .start, steps: start))
        var accountSteps: [PlanStep] = []
        var lastStep: [Int: String] = [:]
        var dependents: [Int: [(Int, Reason)]] = [:]
        for (index, node) in nodes.enumerated() {
            for (target, reason) in node.dependencies { dependents[target, default: []].append((index, reason)) }
        }
        for component in order {
            var group: Int?
            if component.count > 1 {
                groups += 1
                group = groups
            }
            for index in component {
                let node = nodes[index]
                let why = self.why(node: index, nodes: nodes, dependents: dependents[index] ?? [], component: component)
                let (templates, account, service) = self.templates(for: node)
                var dependsOn = node.dependencies.keys.filter { !component.contains($0) }.compactMap { lastStep[$0] }.sorted()
                var made: [PlanStep] = []
                let subject = account == nil ? self.subject(of: node) : nil
                for template in templates {
                    made.append(step(template, nodeID: node.id, account: account, service: service, why: why, dependsOn: dependsOn,
                                     flags: node.flags.sorted(), group: group))
                    made[made.count - 1].subject = subject
                    dependsOn = []
                }
                if let last = made.last { lastStep[index] = last.id }
                accountSteps += made
            }
        }
        if groups > 0 {
            notes.append(LocalizedText(
                en: "\(groups == 1 ? "One group" : "\(groups) groups") of accounts recover through each other: do each group in one sitting, or whoever can still reach one of them takes the others back.",
                nl: "\(groups == 1 ? "Eén groep" : "\(groups) groepen") accounts herstellen via elkaar: doe elke groep in één keer, anders neemt wie er nog één kan bereiken de andere terug."))
        }
        sections.append(PlanSection(kind: .accounts, steps: accountSteps))
        let around = catalog.after.filter(applies).map { template in
            step(template, nodeID: "around", account: nil, service: nil,
                 why: LocalizedText(en: "Around your accounts: what else gives away where you are.", nl: "Rond je accounts: wat nog meer verraadt waar je bent."),
                 dependsOn: [], flags: [], group: nil)
        }
        sections.append(PlanSection(kind: .around, steps: around))
        if let since, accounts.contains(where: { $0.flags.contains(.unchangedSince) }) {
            let day = Self.day(since)
            notes.append(LocalizedText(en: "Accounts whose password predates \(day) are marked: change those first within each step group.",
                                       nl: "Accounts met een wachtwoord van vóór \(day) zijn gemarkeerd: verander die binnen elke groep als eerste."))
        }
        var plan = ResetPlan(sections: sections, notes: notes, generatedAt: now)
        plan.graph = graph(nodes, order: order, numberTheirs: numberTheirs && phoneNode != nil)
        return tiers.map { applyTiers($0, to: plan, nodes: nodes) } ?? plan
    }

    /// A step with `when` appears if any of its answers was given.
    func applies(_ template: StepTemplate) -> Bool {
        template.when.isEmpty || template.when.contains { question, choices in answered(question, choices) }
    }

    func step(_ template: StepTemplate, nodeID: String, account: String?, service: String?, why: LocalizedText,
              dependsOn: [String], flags: [AccountFlag], group: Int?) -> PlanStep {
        PlanStep(id: nodeID + "/" + template.id, account: account, service: service, title: template.title, detail: template.detail,
                 why: why, url: template.url, minutes: template.minutes, careful: template.careful, evidence: template.evidence,
                 dependsOn: dependsOn, flags: flags, group: group)
    }

    /// Stable and free of personal values: the service id (or `site`) and a short hash of the account.
    func nodeID(_ account: ResetAccount) -> String {
        (account.service?.id ?? "site") + "-" + Self.shortHash(account.key)
    }

    /// Copies of one account (several exports, several entries) become one, with every flag.
    func merge(_ accounts: [ResetAccount]) -> [ResetAccount] {
        var merged: [ResetAccount] = []
        var index: [String: Int] = [:]
        for account in accounts {
            if let at = index[account.key] {
                merged[at].flags.formUnion(account.flags)
                if merged[at].title.isEmpty { merged[at].title = account.title }
            } else {
                index[account.key] = merged.count
                merged.append(account)
            }
        }
        return merged
    }

    func applyAnswers(to accounts: inout [ResetAccount]) {
        let shared = answers["shared"] ?? []
        let sharedCategories: [String: Set<ServiceCategory>] = [
            "streaming": [.subscriptions], "car": [.car], "home": [.smartHome], "cloud": [.cloudPhotos], "photos": [.cloudPhotos],
            "family-group": [.cloudPhotos, .location],
        ]
        for index in accounts.indices {
            if answered("knew-passwords", ["yes", "unsure"]), accounts[index].fromVault, !accounts[index].changedAfterBreakup {
                accounts[index].flags.insert(.visibleToEx)
            }
            for (answer, categories) in sharedCategories where shared.contains(answer) {
                if !categories.isDisjoint(with: accounts[index].categories) { accounts[index].flags.insert(.shared) }
            }
        }
    }

    func answerNotes() -> [LocalizedText] {
        var notes: [LocalizedText] = []
        if answered("knew-passwords", ["yes", "unsure"]) {
            notes.append(LocalizedText(en: "Your ex may know your passwords: every account whose password may predate the breakup is marked and comes first in its group.",
                                       nl: "Je ex kent misschien je wachtwoorden: elk account met een wachtwoord dat van vóór de relatiebreuk kan zijn, is gemarkeerd en komt eerst in zijn groep."))
        }
        if answered("used-devices", ["yes", "unsure"]) || answered("set-up-devices", ["yes", "unsure"]) {
            notes.append(LocalizedText(en: "Your ex had or set up your devices: checking them for spyware comes before any password, since a new password typed on a watched device is seen at once.",
                                       nl: "Je ex had of stelde je apparaten in: ze controleren op spyware komt vóór elk wachtwoord, want een nieuw wachtwoord op een bekeken apparaat wordt meteen gezien."))
        }
        if answered("phone-plan", ["yes-theirs"]) {
            notes.append(LocalizedText(en: "Your number is on your ex's contract, so it hangs on their account at the carrier: moving it is the first step, because SMS codes go to whoever controls the number.",
                                       nl: "Je nummer zit in het abonnement van je ex en hangt dus aan hun account bij de provider: het verhuizen is de eerste stap, want sms-codes gaan naar wie het nummer beheert."))
        }
        if !(answers["shared"] ?? []).subtracting(["none"]).isEmpty {
            notes.append(LocalizedText(en: "What you share with your ex adds steps around your accounts and marks shared accounts.",
                                       nl: "Wat je met je ex deelt, voegt stappen rond je accounts toe en markeert gedeelde accounts."))
        }
        if answered("children", ["yes"]) {
            notes.append(LocalizedText(en: "You have children together: a step about their devices and family settings is added.",
                                       nl: "Jullie hebben samen kinderen: er is een stap over hun apparaten en gezinsinstellingen toegevoegd."))
        }
        return notes
    }

    /// The edges assumed as the way in, for the notes: by name for the catalogue's services and the number,
    /// counted for sites the catalogue does not know (whose only way in is assumed).
    func assumedNotes(_ nodes: [Node]) -> [LocalizedText] {
        var named: [LocalizedText] = []
        var unknownSites = 0
        for node in nodes where !node.assumed.isEmpty {
            if case .account(let account) = node.kind, account.service == nil,
               node.assumed.allSatisfy({ node.dependencies[$0] == .mailbox }) {
                unknownSites += 1
                continue
            }
            for target in node.assumed.sorted() {
                guard let reason = node.dependencies[target] else { continue }
                named.append(GraphWords.assumedEdge(node.name, through: nodes[target].name, reason))
            }
        }
        guard !named.isEmpty || unknownSites > 0 else { return [] }
        let shown = Self.assumedShown
        return [GraphWords.assumedNote(Array(named.prefix(shown)), more: max(0, named.count - shown), unknownSites: unknownSites)]
    }

    /// How many assumed edges the note names one by one.
    static let assumedShown = 20

    /// The graph the plan was ordered by, its nodes in the plan's order, for the picture and `--format dot`.
    func graph(_ nodes: [Node], order: [[Int]], numberTheirs: Bool) -> PlanGraph {
        var graph = PlanGraph()
        var position: [Int: Int] = [:]
        var groups = 0
        for component in order {
            var group: Int?
            if component.count > 1 {
                groups += 1
                group = groups
            }
            for index in component {
                let node = nodes[index]
                let kind: PlanGraph.Kind
                switch node.kind {
                case .devices: kind = .devices
                case .passwordManager: kind = .passwordManager
                case .phoneNumber: kind = .phoneNumber
                case .letterbox: kind = .letterbox
                case .mailbox: kind = .mailbox
                case .account(let account):
                    switch account.category {
                    case .mailbox: kind = .mailbox
                    case .identity, .governmentIdentity: kind = .identity
                    case .carrier: kind = .carrier
                    default: kind = .account
                    }
                }
                position[index] = graph.nodes.count
                graph.nodes.append(PlanGraph.Node(id: node.id, name: node.name, kind: kind, group: group))
            }
        }
        for (index, node) in nodes.enumerated() {
            guard let to = position[index] else { continue }
            for (target, reason) in node.dependencies where reason != .passwordManager {
                guard let from = position[target] else { continue }
                graph.edges.append(PlanGraph.Edge(from: from, to: to, reason: reason, assumed: node.assumed.contains(target)))
            }
        }
        if numberTheirs, let number = graph.nodes.firstIndex(where: { $0.kind == .phoneNumber }) {
            // What the number hangs on, though it is no step of the plan: the ex's account at the carrier.
            graph.nodes.insert(PlanGraph.Node(id: "their-account", name: GraphWords.theirAccount, kind: .theirAccount, group: nil), at: 0)
            for edge in graph.edges.indices {
                graph.edges[edge].from += 1
                graph.edges[edge].to += 1
            }
            graph.edges.append(PlanGraph.Edge(from: 0, to: number + 1, reason: .controlsNumber, assumed: false))
        }
        graph.edges.sort { ($0.to, $0.from) < ($1.to, $1.from) }
        return graph
    }

    /// The templates of a node, with the vault entry's title and the service id for the output.
    func templates(for node: Node) -> ([StepTemplate], String?, String?) {
        func unique(_ list: [StepTemplate]) -> [StepTemplate] {
            var seen = Set<String>()
            return list.filter { applies($0) && seen.insert($0.id).inserted }
        }
        switch node.kind {
        case .devices: return (unique(catalog.nodeSteps["devices"] ?? []), nil, nil)
        case .phoneNumber(let carriers):
            // What the answers bring in first (moving the number off the ex's contract), then the number's
            // own steps and those of the carriers in the vault (SIM swaps, porting, the contract holder).
            let answered = (catalog.categorySteps[.carrier] ?? []).filter { !$0.when.isEmpty }
            return (unique(answered + (catalog.nodeSteps["phone-number"] ?? []) + carriers.flatMap { $0.number?.steps ?? [] }), nil, nil)
        case .letterbox: return (unique(catalog.nodeSteps["letterbox"] ?? []), nil, nil)
        case .mailbox: return (unique(catalog.nodeSteps["mailbox"] ?? []), nil, nil)
        case .passwordManager(let account):
            guard let account else { return (unique(catalog.nodeSteps["password-manager"] ?? []), nil, passwordManager) }
            return (accountTemplates(account, unique: unique), account.fromVault ? account.name : nil, account.service?.id)
        case .account(let account):
            return (accountTemplates(account, unique: unique), account.fromVault ? account.name : nil, account.service?.id)
        }
    }

    func accountTemplates(_ account: ResetAccount, unique: ([StepTemplate]) -> [StepTemplate]) -> [StepTemplate] {
        var list = catalog.anyAccount
        if account.category == .passwordManager {
            // A password manager's own master password replaces the generic password step.
            list.removeAll { $0.id == "password" }
        }
        // A password manager built into another account (Google's, Apple's) has no master password of its own.
        for category in account.categories where category != .passwordManager || account.category == .passwordManager {
            var steps = catalog.categorySteps[category] ?? []
            if category == .carrier {
                // The number's steps are the number node's: what the answers bring in and what it does itself.
                let numberSteps = Set((catalog.nodeSteps["phone-number"] ?? []).map(\.id))
                steps.removeAll { !$0.when.isEmpty || numberSteps.contains($0.id) }
            }
            list += steps
        }
        list += account.service?.steps ?? []
        if let url = account.service?.changePassword, let index = list.firstIndex(where: { $0.id == "password" || $0.id == "master" }) {
            list[index].url = list[index].url ?? url
        }
        // What takes time to take effect (Microsoft's sign-out everywhere, up to a day).
        if let delay = account.service?.signOutDelay, let index = list.firstIndex(where: { $0.id == "sign-out" }) {
            list[index].detail = list[index].detail + .verbatim(" ") + delay
        }
        if let page = account.service?.securityPage, let index = list.firstIndex(where: { $0.id == "sign-out" }) {
            list[index].url = list[index].url ?? page
        }
        return unique(list)
    }

    /// Why a node sits where it does.
    func why(node index: Int, nodes: [Node], dependents: [(Int, Reason)], component: [Int]) -> LocalizedText {
        let node = nodes[index]
        var parts: [LocalizedText] = []
        switch node.kind {
        case .devices:
            parts.append(LocalizedText(en: "First: a new password typed on a device your ex can watch is seen at once.",
                                       nl: "Eerst: een nieuw wachtwoord op een apparaat dat je ex kan bekijken, wordt meteen gezien."))
        case .passwordManager:
            parts.append(LocalizedText(en: "First among accounts: whoever opens your password manager has every password in it.",
                                       nl: "Eerste account: wie je wachtwoordbeheerder opent, heeft elk wachtwoord dat erin staat."))
        case .phoneNumber where node.phase < 0:
            parts.append(GraphWords.numberTheirs)
        default: break
        }
        let others = dependents.filter { !component.contains($0.0) && $0.1 != .passwordManager }
        if let reason = others.map(\.1).min() {
            let names = others.filter { $0.1 == reason }.map { nodes[$0.0].name }
            let shown = names.prefix(3)
            let more = names.count - shown.count
            let list = LocalizedText(en: shown.map(\.en).joined(separator: ", "), nl: shown.map(\.nl).joined(separator: ", "))
            let tail = more > 0 ? LocalizedText(en: " and \(more) \(more == 1 ? "other" : "others")", nl: " en \(more) \(more == 1 ? "ander" : "andere")") : LocalizedText(en: "", nl: "")
            let also = others.count - names.count
            parts.append(LocalizedText(en: "Before ", nl: "Vóór ") + list + tail + LocalizedText(en: ": ", nl: ": ") + reason.dependents
                         + (also > 0 ? LocalizedText(en: " (and \(also) more depend on it otherwise).", nl: " (en nog \(also) hangen er op een andere manier van af).") : .verbatim(".")))
        }
        if component.count > 1 {
            let names = component.filter { $0 != index }.map { nodes[$0].name }
            parts.append(LocalizedText(en: "Together with ", nl: "Samen met ")
                         + LocalizedText(en: names.map(\.en).joined(separator: ", "), nl: names.map(\.nl).joined(separator: ", "))
                         + LocalizedText(en: " in one sitting: they recover through each other.", nl: " in één keer: ze herstellen via elkaar."))
        }
        let through = node.dependencies.filter { !component.contains($0.key) && $0.value != .passwordManager }
        if parts.isEmpty, !through.isEmpty {
            let names = through.keys.sorted().map { nodes[$0].name }
            parts.append(LocalizedText(en: "After ", nl: "Na ")
                         + LocalizedText(en: names.map(\.en).joined(separator: ", "), nl: names.map(\.nl).joined(separator: ", "))
                         + LocalizedText(en: ", through which this account can be reset.", nl: ", waarlangs dit account te herstellen is."))
        }
        if !node.flags.isEmpty {
            let labels = node.flags.sorted().map(\.label)
            parts.append(LocalizedText(en: "Here: ", nl: "Hier: ")
                         + LocalizedText(en: labels.map(\.en).joined(separator: "; "), nl: labels.map(\.nl).joined(separator: "; ")) + .verbatim("."))
        }
        if parts.isEmpty {
            parts.append(LocalizedText(en: "No other account recovers through this one.", nl: "Geen ander account herstelt via dit account."))
        }
        return LocalizedText(en: parts.map(\.en).joined(separator: " "), nl: parts.map(\.nl).joined(separator: " "))
    }

    /// Strongly connected components (Tarjan), in an order where every component comes after the ones it
    /// depends on; among those ready, the earliest phase, then the most urgent flags, then the name.
    func orderedComponents(_ nodes: [Node]) -> [[Int]] {
        var index = 0
        var indices = [Int?](repeating: nil, count: nodes.count), lowlinks = [Int](repeating: 0, count: nodes.count)
        var onStack = [Bool](repeating: false, count: nodes.count), stack: [Int] = []
        var components: [[Int]] = []
        var componentOf = [Int](repeating: 0, count: nodes.count)
        // Iterative, so a long chain of accounts cannot overflow the stack.
        for root in nodes.indices where indices[root] == nil {
            var work: [(node: Int, edges: [Int], next: Int)] = [(root, Array(nodes[root].dependencies.keys).sorted(), 0)]
            indices[root] = index; lowlinks[root] = index; index += 1
            stack.append(root); onStack[root] = true
            while !work.isEmpty {
                let top = work.count - 1
                let (node, edges, next) = work[top]
                if next < edges.count {
                    work[top].next += 1
                    let target = edges[next]
                    if indices[target] == nil {
                        indices[target] = index; lowlinks[target] = index; index += 1
                        stack.append(target); onStack[target] = true
                        work.append((target, Array(nodes[target].dependencies.keys).sorted(), 0))
                    } else if onStack[target] {
                        lowlinks[node] = min(lowlinks[node], indices[target]!)
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { lowlinks[parent.node] = min(lowlinks[parent.node], lowlinks[node]) }
                    if lowlinks[node] == indices[node]! {
                        var component: [Int] = []
                        while let member = stack.popLast() {
                            onStack[member] = false
                            component.append(member)
                            componentOf[member] = components.count
                            if member == node { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        // Kahn's algorithm over the components, choosing by priority among the ready ones.
        var waiting = [Int](repeating: 0, count: components.count)
        var after = [[Int]](repeating: [], count: components.count)
        for (member, node) in nodes.enumerated() {
            for target in node.dependencies.keys where componentOf[target] != componentOf[member] {
                waiting[componentOf[member]] += 1
                after[componentOf[target]].append(componentOf[member])
            }
        }
        // Each component's place among the ready ones, worked out once: phase, most urgent flag, name.
        let keys = components.indices.map { component -> ReadyComponent in
            let members = components[component]
            return ReadyComponent(component: component, phase: members.map { nodes[$0].phase }.min() ?? 0,
                                  urgency: members.map { nodes[$0].flags.map(\.urgency).max() ?? 0 }.max() ?? 0,
                                  name: members.map { nodes[$0].name.en.lowercased() }.min() ?? "")
        }
        var ready = Heap(components.indices.filter { waiting[$0] == 0 }.map { keys[$0] })
        var ordered: [[Int]] = []
        while let next = ready.popMin() {
            let component = next.component
            // Within a group: by phase, then name.
            ordered.append(components[component].sorted { (nodes[$0].phase, nodes[$0].name.en) < (nodes[$1].phase, nodes[$1].name.en) })
            for later in after[component] {
                waiting[later] -= 1
                if waiting[later] == 0 { ready.insert(keys[later]) }
            }
        }
        return ordered
    }

    /// A component waiting its turn: the earliest phase first, then the most urgent, then by name.
    struct ReadyComponent: Comparable {
        var component: Int
        var phase: Int
        var urgency: Int
        var name: String

        static func < (a: ReadyComponent, b: ReadyComponent) -> Bool {
            (a.phase, -a.urgency, a.name, a.component) < (b.phase, -b.urgency, b.name, b.component)
        }
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
