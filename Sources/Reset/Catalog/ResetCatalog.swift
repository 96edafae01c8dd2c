import AuditCore
import Foundation

/// What a service is, for ordering the plan: the first category of an entry is its primary one.
public enum ServiceCategory: String, CaseIterable, Sendable, Comparable {
    case passwordManager = "password-manager", mailbox, identity, governmentIdentity = "government-identity", carrier, isp
    case bank, payments, messaging, social, cloudPhotos = "cloud-photos", location, smartHome = "smart-home", car
    case shopping, subscriptions, travel, health, other

    /// Roots first: what other accounts recover through comes before what recovers through it.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: ServiceCategory, b: ServiceCategory) -> Bool { a.rank < b.rank }
}

/// How an account can be taken over when its password is forgotten.
public enum RecoveryMethod: String, CaseIterable, Sendable {
    case email, sms, call, letter, identity, app, idCheck = "id-check", helpdesk, recoveryCodes = "recovery-codes"
    case trustedContact = "trusted-contact"
}

/// How a carrier's phone number (not its online account) can be taken over: a new SIM or eSIM, or the
/// number moved to another carrier.
public enum NumberTakeover: String, CaseIterable, Sendable {
    /// Ordered in the carrier's online account (an eSIM, a replacement SIM, a port-out).
    case account
    /// In a shop, with an identity check.
    case shop
    /// By the customer service, on the phone or in a chat.
    case helpdesk
    /// An identity document is checked first.
    case idCheck = "id-check"
}

/// The phone number of a carrier's entry (`number:`): how it is taken over and the steps that keep it
/// yours (SIM swaps, porting, the contract holder). The online account is the entry itself.
public struct NumberFacts: Sendable {
    public var takeover: Set<NumberTakeover>
    public var steps: [StepTemplate]
}

/// A step as the catalogue writes it: service-specific or generic.
public struct StepTemplate: Sendable {
    public var id: String
    public var title: LocalizedText
    public var detail: LocalizedText
    public var minutes: Int
    public var url: String?
    /// The ex-partner can notice this change.
    public var careful: Bool
    /// Keep a screenshot of what is there before changing it.
    public var evidence: Bool
    /// Answers this step needs: question id → the answers that bring it in.
    public var when: [String: Set<String>]
}

/// One service of the catalogue.
public struct Service: Sendable {
    public var id: String
    public var name: String
    public var domains: [String]
    public var categories: [ServiceCategory]
    public var mailDomains: [String]
    public var signsInOthers: Bool
    /// Identity services this one signs in through (`belastingdienst` through `digid`).
    public var signsInWith: [String]
    /// How the online account is recovered, as the sources say (for a carrier: Mijn KPN, not the SIM).
    public var recovery: Set<RecoveryMethod>
    /// Ways of recovery the sources say this account never uses (`not-recovered-by`): the plan assumes
    /// a way in through the mailbox of an e-mail login, or through the number, unless it is named here.
    public var notRecoveredBy: Set<RecoveryMethod> = []
    /// For a carrier: its phone number, a node of the plan of its own.
    public var number: NumberFacts?
    public var twoStep: [String]
    public var changePassword: String?
    public var securityPage: String?
    public var signOutDelay: LocalizedText?
    public var steps: [StepTemplate]
    /// The name in Dutch, where the catalogue's name describes the service in English.
    public var nameNL: String? = nil

    public var category: ServiceCategory { categories[0] }
    public var displayName: LocalizedText { LocalizedText(en: name, nl: nameNL ?? name) }
}

/// A question of the plan, all skippable.
public struct Question: Sendable {
    public var id: String
    public var text: LocalizedText
    public var choices: [String]
    public var multiple: Bool
}

/// The reset catalogue: services (`services.yaml`) and generic steps and questions (`steps.yaml`).
public struct ResetCatalog: Sendable {
    public var services: [Service]
    public var before: [StepTemplate]
    /// Generic steps by category; `nil` key stands for every account (`any`).
    public var categorySteps: [ServiceCategory: [StepTemplate]]
    public var anyAccount: [StepTemplate]
    /// Steps for nodes that are not accounts: `password-manager`, `phone-number`, `mailbox`, `letterbox`, `devices`.
    public var nodeSteps: [String: [StepTemplate]]
    public var after: [StepTemplate]
    public var questions: [Question]

    let byDomain: [String: Int]
    let byMailDomain: [String: Int]
    let byID: [String: Int]

    /// The node kinds `nodes:` may hold steps for.
    public static let nodeKinds = ["password-manager", "phone-number", "mailbox", "letterbox", "devices"]
    /// The questions the plan knows what to do with.
    public static let questionIDs = ["knew-passwords", "used-devices", "set-up-devices", "phone-plan", "shared", "children"]

    /// A problem in a catalogue file, located by file, line and column.
    public struct Invalid: Error, LocalizedError, Sendable {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var message: String
        public var errorDescription: String? { "\(file):\(line ?? 1):\(column ?? 1): \(message)" }
    }

    public init(services servicesFile: CheckDataFile, steps stepsFile: CheckDataFile) throws {
        func located<T>(_ file: CheckDataFile, _ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let problem as Parameters.Problem {
                throw Invalid(file: file.path, line: problem.line, column: problem.column, message: problem.message)
            } catch let invalid as Invalid {
                throw invalid
            } catch {
                throw Invalid(file: file.path, line: nil, column: nil, message: "not valid YAML: \(error)")
            }
        }
        services = try located(servicesFile) {
            let top = try Parameters(yaml: servicesFile.text)
            try Self.header(top, kind: "reset-services", extra: ["services"])
            return try top.list("services", Self.service)
        }
        var byDomain: [String: Int] = [:], byMailDomain: [String: Int] = [:], byID: [String: Int] = [:]
        for (index, service) in services.enumerated() {
            guard byID.updateValue(index, forKey: service.id) == nil else {
                throw Invalid(file: servicesFile.path, line: nil, column: nil, message: "the service id '\(service.id)' is used twice")
            }
            for domain in service.domains {
                if let other = byDomain.updateValue(index, forKey: domain) {
                    throw Invalid(file: servicesFile.path, line: nil, column: nil,
                                  message: "the domain \(domain) belongs to both \(services[other].id) and \(service.id)")
                }
            }
            for domain in service.mailDomains { byMailDomain[domain] = index }
        }
        self.byDomain = byDomain
        self.byMailDomain = byMailDomain
        self.byID = byID
        for service in services {
            for identity in service.signsInWith where byID[identity] == nil {
                throw Invalid(file: servicesFile.path, line: nil, column: nil, message: "\(service.id) signs in with '\(identity)', which is no service of the catalogue")
            }
        }

        var before: [StepTemplate] = [], after: [StepTemplate] = [], anyAccount: [StepTemplate] = []
        var categorySteps: [ServiceCategory: [StepTemplate]] = [:], nodeSteps: [String: [StepTemplate]] = [:]
        var questions: [Question] = []
        try located(stepsFile) {
            let top = try Parameters(yaml: stepsFile.text)
            try Self.header(top, kind: "reset-steps", extra: ["before", "categories", "nodes", "after", "questions"])
            before = try top.list("before", Self.step)
            after = try top.list("after", Self.step)
            let categories = try top.mapping("categories")
            for key in categories.keys {
                if key == "any" { anyAccount = try categories.list(key, Self.step); continue }
                guard let category = ServiceCategory(rawValue: key) else {
                    throw categories.problem(key, "unknown category '\(key)'; use any or \(ServiceCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                categorySteps[category] = try categories.list(key, Self.step)
            }
            let nodes = try top.mapping("nodes")
            for key in nodes.keys {
                guard Self.nodeKinds.contains(key) else {
                    throw nodes.problem(key, "unknown node '\(key)'; use \(Self.nodeKinds.joined(separator: ", "))")
                }
                nodeSteps[key] = try nodes.list(key, Self.step)
            }
            questions = try top.list("questions") { question in
                try question.allowOnly(["id", "text", "choices", "multiple"])
                let id = try question.string("id")
                guard Self.questionIDs.contains(id) else {
                    throw question.problem("id", "unknown question '\(id)'; the plan knows \(Self.questionIDs.joined(separator: ", "))")
                }
                return Question(id: id, text: try Self.text(question, "text"), choices: try question.strings("choices"),
                                multiple: try question.bool("multiple", default: false))
            }
        }
        for kind in Self.nodeKinds where nodeSteps[kind]?.isEmpty ?? true {
            throw Invalid(file: stepsFile.path, line: nil, column: nil, message: "nodes: the steps for '\(kind)' are missing")
        }
        if anyAccount.isEmpty { throw Invalid(file: stepsFile.path, line: nil, column: nil, message: "categories: the steps for 'any' account are missing") }
        self.before = before
        self.after = after
        self.anyAccount = anyAccount
        self.categorySteps = categorySteps
        self.nodeSteps = nodeSteps
        self.questions = questions
    }

    static func header(_ top: Parameters, kind: String, extra: [String]) throws {
        try top.allowOnly(["version", "data"] + extra)
        guard try top.int("version") == 1 else { throw top.problem("version", "unsupported version; this hygiene reads version 1") }
        guard try top.string("data") == kind else { throw top.problem("data", "expected 'data: \(kind)'") }
    }

    static func text(_ p: Parameters, _ key: String) throws -> LocalizedText {
        let texts = try p.mapping(key)
        try texts.allowOnly(["en", "nl"])
        let en = try texts.string("en"), nl = try texts.string("nl")
        guard !en.isEmpty, !nl.isEmpty else { throw p.problem(key, "needs a non-empty en and nl text") }
        return LocalizedText(en: en, nl: nl)
    }

    static let idPattern = try! NSRegularExpression(pattern: "^[a-z0-9]+(-[a-z0-9]+)*$")

    static func identifier(_ p: Parameters, _ key: String = "id") throws -> String {
        let id = try p.string(key)
        guard idPattern.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil else {
            throw p.problem(key, "'\(id)' must be lowercase words and digits joined by dashes")
        }
        return id
    }

    static func step(_ p: Parameters) throws -> StepTemplate {
        try p.allowOnly(["id", "title", "detail", "minutes", "url", "careful", "evidence", "when"])
        var when: [String: Set<String>] = [:]
        if p.has("when") {
            let conditions = try p.mapping("when")
            for key in conditions.keys {
                guard questionIDs.contains(key) else { throw conditions.problem(key, "unknown question '\(key)'") }
                when[key] = Set(try conditions.strings(key))
            }
        }
        return StepTemplate(id: try identifier(p), title: try text(p, "title"), detail: try text(p, "detail"),
                            minutes: try p.int("minutes", in: 1...240), url: try web(p, "url"),
                            careful: try p.bool("careful", default: false), evidence: try p.bool("evidence", default: false),
                            when: when)
    }

    static func web(_ p: Parameters, _ key: String) throws -> String? {
        guard let url = try p.optionalString(key) else { return nil }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { throw p.problem(key, "'\(url)' is not a web address") }
        return url
    }

    static func service(_ p: Parameters) throws -> Service {
        try p.allowOnly(["id", "name", "name-nl", "domains", "categories", "mail-domains", "signs-in-others", "signs-in-with", "recovery",
                         "not-recovered-by", "number", "two-step", "change-password", "security-page", "sign-out-delay", "source", "steps"])
        let id = try identifier(p)
        let categories = try p.strings("categories").map { name -> ServiceCategory in
            guard let category = ServiceCategory(rawValue: name) else {
                throw p.problem("categories", "unknown category '\(name)'; use \(ServiceCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return category
        }
        guard !categories.isEmpty else { throw p.problem("categories", "needs at least one category") }
        let recovery = try Self.methods(p, "recovery")
        var notRecoveredBy: [RecoveryMethod] = []
        if p.has("not-recovered-by") {
            // A way in is only left out on a source's word.
            let never = try p.mapping("not-recovered-by")
            try never.allowOnly(["methods", "source"])
            notRecoveredBy = try Self.methods(never, "methods")
            guard !notRecoveredBy.isEmpty else { throw never.problem("methods", "name at least one recovery method") }
            guard try !never.strings("source").isEmpty else { throw never.problem("source", "name the source that says so") }
            if let both = notRecoveredBy.first(where: recovery.contains) {
                throw never.problem("methods", "'\(both.rawValue)' is also under recovery")
            }
        }
        var number: NumberFacts?
        if p.has("number") {
            guard categories.contains(.carrier) else { throw p.problem("number", "only a carrier has a number; add carrier to categories") }
            let facts = try p.mapping("number")
            try facts.allowOnly(["takeover", "source", "steps"])
            let takeover = try facts.strings("takeover").map { name -> NumberTakeover in
                guard let way = NumberTakeover(rawValue: name) else {
                    throw facts.problem("takeover", "unknown way '\(name)'; use \(NumberTakeover.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return way
            }
            _ = try facts.strings("source", default: [])
            let steps = facts.has("steps") ? try facts.list("steps", Self.step) : []
            for step in steps where !step.id.hasPrefix(id + "-") {
                throw facts.problem("steps", "the step id '\(step.id)' must start with the service id '\(id)-'")
            }
            number = NumberFacts(takeover: Set(takeover), steps: steps)
        } else if categories.contains(.carrier) {
            throw p.problem("categories", "a carrier needs 'number:' (how its phone number is taken over) beside 'recovery' (its online account)")
        }
        let twoStep = try p.strings("two-step", default: [])
        let methods: Set<String> = ["app", "key", "sms", "call", "email", "own-app", "own-device", "passkey"]
        if let unknown = twoStep.first(where: { !methods.contains($0) }) {
            throw p.problem("two-step", "unknown method '\(unknown)'; use \(methods.sorted().joined(separator: ", "))")
        }
        _ = try p.strings("source", default: [])
        let steps = p.has("steps") ? try p.list("steps", Self.step) : []
        for step in steps where !step.id.hasPrefix(id + "-") {
            throw p.problem("steps", "the step id '\(step.id)' must start with the service id '\(id)-'")
        }
        return Service(id: id, name: try p.string("name"), domains: try p.strings("domains").map { $0.lowercased() }, categories: categories,
                       mailDomains: try p.strings("mail-domains", default: []).map { $0.lowercased() },
                       signsInOthers: try p.bool("signs-in-others", default: false), signsInWith: try p.strings("signs-in-with", default: []),
                       recovery: Set(recovery), notRecoveredBy: Set(notRecoveredBy), number: number, twoStep: twoStep, changePassword: try web(p, "change-password"),
                       securityPage: try web(p, "security-page"),
                       signOutDelay: p.has("sign-out-delay") ? try text(p, "sign-out-delay") : nil, steps: steps,
                       nameNL: try p.optionalString("name-nl"))
    }

    static func methods(_ p: Parameters, _ key: String) throws -> [RecoveryMethod] {
        try p.strings(key).map { name -> RecoveryMethod in
            guard let method = RecoveryMethod(rawValue: name) else {
                throw p.problem(key, "unknown recovery method '\(name)'; use \(RecoveryMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return method
        }
    }

    /// The service a host belongs to: the host or a parent domain (`bankieren.rabobank.nl` → Rabobank).
    public func service(forHost host: String) -> Service? {
        var name = Substring(host.lowercased())
        while true {
            if let index = byDomain[String(name)] { return services[index] }
            guard let dot = name.firstIndex(of: ".") else { return nil }
            name = name[name.index(after: dot)...]
        }
    }

    /// The mail provider of an address's domain (`gmail.com` → Google).
    public func mailProvider(ofDomain domain: String) -> Service? {
        byMailDomain[domain.lowercased()].map { services[$0] }
    }

    public func service(id: String) -> Service? { byID[id].map { services[$0] } }
}
