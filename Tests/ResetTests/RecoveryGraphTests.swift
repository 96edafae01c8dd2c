import AuditCore
import Foundation
@testable import Reset
import ShippedChecks
import Testing

/// The shipped catalogue with extra services appended (the services list is the file's last key).
func catalogAdding(_ services: String) throws -> ResetCatalog {
    let shipped = try #require(ShippedChecks.files.first { $0.path == "Checks/reset/services.yaml" })
    let steps = try #require(ShippedChecks.files.first { $0.path == "Checks/reset/steps.yaml" })
    return try ResetCatalog(services: CheckDataFile(path: "Checks/reset/services.yaml", text: shipped.text + "\n" + services),
                            steps: CheckDataFile(path: "Checks/reset/steps.yaml", text: steps.text))
}

extension ResetPlan {
    /// The group of an account's steps, by the vault entry's title.
    func group(of title: String) -> Int? { steps(of: title).first?.group }
    func steps(ofNode prefix: String) -> [PlanStep] { steps.filter { $0.id.hasPrefix(prefix) } }
    var accountSection: [PlanStep] { sections.first { $0.kind == .accounts }?.steps ?? [] }
    /// The node ids of the accounts section, in the order their steps come.
    var nodeOrder: [String] {
        var seen = Set<String>()
        return accountSection.map { String($0.id.prefix { $0 != "/" }) }.filter { seen.insert($0).inserted }
    }
}

/// A carrier is two nodes (its online account and the number), and where the catalogue does not know a
/// way in, the plan assumes it and says so.
@Suite struct CarrierAndAssumedEdgeTests {
    let catalog = try! shippedCatalog()

    func plan(_ rows: [String], in catalog: ResetCatalog? = nil, answers: Answers = [:], recoversThrough: [String: [String]] = [:],
              notThrough: [String: [String]] = [:]) -> ResetPlan {
        let catalog = catalog ?? self.catalog
        return PlanBuilder(catalog: catalog, passwordManager: "bitwarden", answers: answers, recoversThrough: recoversThrough, notThrough: notThrough)
            .build(accounts: rows.map { account($0, catalog) })
    }

    /// The export of the issue: Gmail recovering by SMS, three carriers signed in with that Gmail address.
    static let issueExport = ["Gmail|sanne@gmail.com|accounts.google.com", "Odido|sanne@gmail.com|www.odido.nl",
                              "Vodafone|sanne@gmail.com|www.vodafone.nl", "KPN|sanne@gmail.com|www.kpn.com", "Bol|sanne@gmail.com|www.bol.com"]

    @Test func everyCarrierInTheCatalogueHasANumberApartFromItsOnlineAccount() throws {
        let carriers = catalog.services.filter { $0.categories.contains(.carrier) }
        #expect(carriers.count >= 12)
        for carrier in carriers {
            let number = try #require(carrier.number, "\(carrier.id) has no number")
            #expect(!number.takeover.isEmpty, "\(carrier.id)")
            // The SIM's replacement is no longer said to be the online account's recovery.
            #expect(!carrier.recovery.contains(.helpdesk) && !carrier.recovery.contains(.idCheck), "\(carrier.id)")
        }
        // The SIM-swap facts stay with the number, the login with the online account.
        #expect(catalog.service(id: "odido")?.number?.steps.map(\.id) == ["odido-sim-swap"])
        #expect(catalog.service(id: "kpn")?.steps.map(\.id).contains("kpn-account-login") == true)
        #expect(catalog.service(id: "kpn")?.number?.takeover.contains(.account) == true)
        #expect(catalog.services.filter { $0.number != nil }.allSatisfy { $0.categories.contains(.carrier) })
    }

    @Test func theGmailAndCarrierCycleIsOneGroup() throws {
        let plan = plan(Self.issueExport)
        let group = try #require(plan.group(of: "Gmail"))
        for title in ["Odido", "Vodafone", "KPN"] { #expect(plan.group(of: title) == group, "\(title)") }
        #expect(plan.steps(ofNode: "phone-number/").allSatisfy { $0.group == group })
        #expect(plan.group(of: "Bol") == nil)
        #expect(plan.position("Bol") > plan.position("Gmail") && plan.position("Bol") > plan.position("Odido"))
        #expect(plan.steps(of: "Odido").first?.why.en.contains("in one sitting") == true)
        // The carriers' own online-account steps, and one number with the SIM-swap steps of Odido.
        #expect(plan.steps(of: "KPN").contains { $0.id.hasSuffix("/kpn-account-login") })
        #expect(plan.steps(ofNode: "phone-number/").contains { $0.id == "phone-number/odido-sim-swap" })
        #expect(!plan.steps(of: "Odido").contains { $0.id.hasSuffix("/odido-sim-swap") || $0.id.hasSuffix("/call-forwarding") })
        #expect(Set(plan.steps.map(\.id)).count == plan.steps.count)
    }

    @Test func aCarrierWithoutAnEmailLoginComesBeforeGmailOrAfterItWhenGmailDoesNotUseTheNumber() throws {
        // Signed in with a customer number: nothing ties Mijn Odido to Gmail, and Gmail's SMS codes go to the number.
        let rows = ["Gmail|sanne@gmail.com|accounts.google.com", "Odido|12345678|www.odido.nl"]
        let plan = plan(rows)
        #expect(plan.position("Odido") < plan.position("Gmail"))
        #expect(plan.group(of: "Gmail") == nil)
        #expect(plan.position(ofNode: "phone-number/")! < plan.position("Gmail"))
        // With Gmail's SMS recovery corrected away and Odido signed in with Gmail: the carrier after Gmail.
        let after = self.plan(["Gmail|sanne@gmail.com|accounts.google.com", "Odido|sanne@gmail.com|www.odido.nl"],
                              notThrough: ["gmail": ["number"]])
        #expect(after.position("Gmail") < after.position("Odido"))
        #expect(after.group(of: "Gmail") == nil)
        #expect(after.steps(of: "Odido").first?.dependsOn.contains { $0.hasPrefix("google-") } == true)
    }

    static let smsOnlyCarrier = """
          - id: smsonly
            name: SMS Only Mobile
            domains: [smsonly.example]
            categories: [carrier]
            recovery: [sms]
            not-recovered-by:
              methods: [email]
              source: [https://smsonly.example/help/forgot-password]
            number:
              takeover: [account, shop]
        """

    @Test func aCarrierWhoseSourceSaysResetOnlyBySMSKeepsItsPlace() throws {
        let catalog = try catalogAdding(Self.smsOnlyCarrier)
        let plan = plan(["Gmail|sanne@gmail.com|accounts.google.com", "Carrier|sanne@gmail.com|www.smsonly.example"], in: catalog)
        // Its own number and the carrier, before the mailbox: Gmail's SMS codes go to the number it controls.
        #expect(plan.position("Carrier") < plan.position("Gmail"))
        #expect(plan.group(of: "Gmail") == nil)
        #expect(plan.steps(of: "Carrier").first?.dependsOn.contains { $0.hasPrefix("google-") } == false)
        #expect(!plan.notes.contains { $0.en.contains("Carrier through Gmail") })
        // The same carrier without that source: the e-mail login is assumed to be a way in.
        let unsure = try catalogAdding(Self.smsOnlyCarrier.replacingOccurrences(of: """
                not-recovered-by:
                  methods: [email]
                  source: [https://smsonly.example/help/forgot-password]

            """, with: ""))
        #expect(unsure.service(id: "smsonly")?.notRecoveredBy.isEmpty == true)
        let assumed = self.plan(["Gmail|sanne@gmail.com|accounts.google.com", "Carrier|sanne@gmail.com|www.smsonly.example"], in: unsure)
        #expect(assumed.group(of: "Gmail") != nil && assumed.group(of: "Gmail") == assumed.group(of: "Carrier"))
        #expect(assumed.notes.contains { $0.en.contains("Carrier through Gmail (reset mail)") })
    }

    @Test func whenTheExHoldsTheContractTheNumberIsTheFirstStepAndThePlanSaysWhy() throws {
        let rows = ["Gmail|sanne@gmail.com|accounts.google.com", "KPN|sanne@gmail.com|www.kpn.com", "WhatsApp|+31612345678|www.whatsapp.com"]
        let plan = plan(rows, answers: ["phone-plan": ["yes-theirs"]])
        let first = try #require(plan.accountSection.first)
        #expect(first.id == "phone-number/own-number")
        #expect(first.why.en.contains("your number is on your ex's contract"))
        #expect(first.why.nl.contains("abonnement van je ex"))
        #expect(plan.notes.contains { $0.en.contains("moving it is the first step") })
        // The number hangs on the ex's account, not on the KPN account in the vault: no group with it.
        #expect(plan.steps(ofNode: "phone-number/").allSatisfy { $0.group == nil })
        #expect(plan.position("KPN") > plan.position(ofNode: "password-manager")!)
        let their = try #require(plan.graph.nodes.firstIndex { $0.kind == .theirAccount })
        let number = try #require(plan.graph.nodes.firstIndex { $0.kind == .phoneNumber })
        #expect(plan.graph.edges.contains { $0.from == their && $0.to == number && $0.reason == .controlsNumber })
        #expect(!plan.graph.edges.contains { $0.to == number && plan.graph.nodes[$0.from].kind == .carrier })
        // Without that answer, the carrier's account controls the number.
        let plain = self.plan(rows)
        #expect(plain.accountSection.first?.id.hasPrefix("devices/") == true)
        #expect(plain.graph.edges.contains { plain.graph.nodes[$0.from].kind == .carrier && plain.graph.nodes[$0.to].kind == .phoneNumber })
    }

    @Test func assumedEdgesAreListedInTheNotes() throws {
        let plan = plan(Self.issueExport + ["Club|sanne@example.org|club.example.org", "Forum|+32470123456|forum.example.net"])
        let note = try #require(plan.notes.first { $0.en.hasPrefix("Assumed") })
        // Nothing in the catalogue says how Mijn Odido resets a password: its e-mail login and its number are assumed.
        #expect(note.en.contains("Odido through Gmail (reset mail)"))
        #expect(note.en.contains("Odido through your mobile number (SMS code)"))
        // Odido's number through its online account is known from its steps; Simyo-like entries would be assumed.
        #expect(!note.en.contains("your mobile number through Odido"))
        // KPN's login codes by SMS are known; its e-mail login is assumed.
        #expect(note.en.contains("KPN through Gmail (reset mail)") && !note.en.contains("KPN through your mobile number"))
        // Known edges are not listed.
        #expect(!note.en.contains("Gmail through") && !note.en.contains("Bol through"))
        // A phone number as the login of an unknown site: the number is assumed; an unknown site's mailbox is counted.
        #expect(note.en.contains("Forum through your mobile number (SMS code)"))
        #expect(note.en.contains("accounts the catalogue does not know (1)"))
        #expect(note.nl.contains("Odido via Gmail (herstelmail)"))
        #expect(note.en.contains("not-through"))
        // An assumed edge is a dashed arrow of the graph.
        let graph = plan.graph
        #expect(graph.edges.contains { graph.nodes[$0.from].name.en == "Gmail" && graph.nodes[$0.to].name.en == "Odido" && $0.assumed })
        #expect(graph.edges.contains { graph.nodes[$0.from].name.en == "Gmail" && graph.nodes[$0.to].name.en == "Bol" && !$0.assumed })
        // A carrier whose number steps do not say the account orders SIMs: that edge is assumed too.
        let simyo = self.plan(["Simyo|sanne@gmail.com|www.simyo.nl"])
        #expect(simyo.notes.contains { $0.en.contains("your mobile number through Simyo (new SIM or eSIM, moving the number)") })
    }

    @Test func aNotThroughCorrectionRemovesAnAssumedEdge() throws {
        let rows = ["Gmail|sanne@gmail.com|accounts.google.com", "Odido|sanne@gmail.com|www.odido.nl", "Bol|sanne@gmail.com|www.bol.com"]
        let assumed = plan(rows)
        #expect(assumed.group(of: "Odido") != nil)
        let corrected = plan(rows, notThrough: ["odido": ["sanne@gmail.com"]])
        // Odido and its number still go together (its SMS is assumed), but no longer with Gmail.
        #expect(corrected.group(of: "Gmail") == nil && corrected.group(of: "Odido") != corrected.group(of: "Gmail"))
        #expect(corrected.position("Odido") < corrected.position("Gmail"))
        #expect(!corrected.notes.contains { $0.en.contains("Odido through Gmail") })
        #expect(corrected.notes.contains { $0.en.contains("Odido through your mobile number") })
        #expect(!corrected.graph.edges.contains { corrected.graph.nodes[$0.to].name.en == "Odido" && corrected.graph.nodes[$0.from].name.en == "Gmail" })
        // The number, by name: no assumed SMS either.
        let both = plan(rows, notThrough: ["odido": ["sanne@gmail.com", "number"]])
        #expect(!both.notes.contains { $0.en.contains("Odido through") })
        // A correction that names nothing of the plan is said, and creates nothing.
        let typo = plan(rows, notThrough: ["odido": ["sane@gmail.com"]])
        #expect(typo.notes.contains { $0.en.contains("names sane@gmail.com, which is no account") })
        #expect(typo.steps.count == assumed.steps.count)
        #expect(typo.group(of: "Odido") != nil)
    }

    @Test(arguments: [("+31 6 1234 5678", true), ("0612345678", true), ("0032470123456", true), ("0470 12 34 56", true),
                      ("12345678", false), ("sanne", false), ("sanne@gmail.com", false), ("020-1234567", false), ("+3161", false)])
    func phoneNumbersAsLogins(username: String, expected: Bool) {
        #expect(PlanBuilder.isPhoneNumber(username) == expected)
    }
}

/// The graph the plan shows (the HTML picture and `--format dot`) is the graph it was ordered by.
@Suite struct PlanGraphTests {
    let catalog = try! shippedCatalog()

    func plan(answers: Answers = [:]) -> ResetPlan {
        let rows = CarrierAndAssumedEdgeTests.issueExport + ["DigiD|sanne|digid.nl", "Belastingdienst||www.belastingdienst.nl",
                                                             "Netflix|sanne@outlook.com|www.netflix.com", "WhatsApp|+31612345678|www.whatsapp.com"]
            + (0..<30).map { "Shop \($0)|sanne@gmail.com|shop\($0).example.com" }
        return PlanBuilder(catalog: catalog, passwordManager: "bitwarden", answers: answers).build(accounts: rows.map { account($0, catalog) })
    }

    @Test func theGraphIsThePlansOrderGroupsAndDependencies() throws {
        let plan = plan()
        let graph = plan.graph
        #expect(graph.nodes.map(\.id) == plan.nodeOrder)
        for node in graph.nodes {
            let steps = plan.steps(ofNode: node.id + "/")
            #expect(!steps.isEmpty && steps.allSatisfy { $0.group == node.group }, "\(node.id)")
        }
        // Every step's dependency outside its group is an edge of the graph, and every edge between groups is a dependency.
        for edge in graph.edges {
            let from = graph.nodes[edge.from], to = graph.nodes[edge.to]
            #expect(edge.from < edge.to || (from.group != nil && from.group == to.group), "\(from.id) → \(to.id) goes back")
            if from.group == nil || from.group != to.group {
                #expect(plan.steps(ofNode: to.id + "/").first?.dependsOn.contains { $0.hasPrefix(from.id + "/") } == true, "\(from.id) → \(to.id)")
            }
        }
        for step in plan.accountSection {
            let node = String(step.id.prefix { $0 != "/" })
            for dependency in step.dependsOn {
                let target = String(dependency.prefix { $0 != "/" })
                guard target != "password-manager", !target.hasPrefix("bitwarden-") else { continue }
                #expect(graph.edges.contains { graph.nodes[$0.from].id == target && graph.nodes[$0.to].id == node }, "\(target) → \(node)")
            }
        }
        #expect(graph.nodes.contains { $0.kind == .phoneNumber } && graph.nodes.contains { $0.kind == .carrier })
        #expect(graph.nodes.contains { $0.kind == .identity } && graph.nodes.contains { $0.kind == .mailbox })
    }

    /// The SVG's rows, frames and arrows, read back from the markup.
    struct Drawn {
        var rows: [String] = []
        var groupsOfRows: [String: Int] = [:]
        var frames: [Int] = []
        var edges: Set<String> = []
        var dashed: Set<String> = []

        init(_ svg: String) {
            for part in svg.components(separatedBy: "<g class=\"node\" data-node=\"").dropFirst() {
                let id = String(part.prefix { $0 != "\"" })
                rows.append(id)
                if let range = part.range(of: "data-group=\""), part[..<range.lowerBound].count < id.count + 4 {
                    groupsOfRows[id] = Int(part[range.upperBound...].prefix { $0.isNumber })
                }
            }
            for part in svg.components(separatedBy: "<g class=\"group\" data-group=\"").dropFirst() {
                frames.append(Int(part.prefix { $0.isNumber }) ?? -1)
            }
            for part in svg.components(separatedBy: "<path class=\"edge\" data-from=\"").dropFirst() {
                let from = String(part.prefix { $0 != "\"" })
                let rest = part.components(separatedBy: "data-to=\"")[1]
                let key = from + " → " + String(rest.prefix { $0 != "\"" })
                edges.insert(key)
                if part.prefix { $0 != ">" }.contains("stroke-dasharray") { dashed.insert(key) }
            }
        }
    }

    @Test(arguments: [Language.en, .nl])
    func thePictureInTheHTMLPlanMatchesThePlan(language: Language) throws {
        let plan = plan()
        let html = PlanHTML().render(plan, language)
        let start = try #require(html.range(of: "<svg"))
        let end = try #require(html.range(of: "</svg>"))
        let svg = String(html[start.lowerBound..<end.upperBound])
        let drawn = Drawn(svg)
        let graph = plan.graph
        let expected = PlanGraphSVG.rows(graph).map { graph.nodes[$0].id }
        #expect(drawn.rows == expected)
        // The roots and every group are drawn; the 30 shops are counted, not drawn.
        #expect(drawn.rows.first == "devices")
        for kind in [PlanGraph.Kind.passwordManager, .phoneNumber, .mailbox, .identity, .carrier] {
            #expect(graph.nodes.contains { $0.kind == kind && drawn.rows.contains($0.id) }, "\(kind)")
        }
        #expect(!drawn.rows.contains { $0.hasPrefix("site-") })
        #expect(svg.contains(language == .en ? "Other accounts, not drawn (" : "Andere accounts, niet getekend ("))
        // A frame per group, around exactly its members.
        let groups = Set(graph.nodes.compactMap(\.group))
        #expect(!groups.isEmpty)
        #expect(Set(drawn.frames) == groups)
        for node in graph.nodes where drawn.rows.contains(node.id) { #expect(drawn.groupsOfRows[node.id] == node.group, "\(node.id)") }
        // Every edge between drawn nodes is an arrow, dashed exactly when assumed.
        let shown = Set(drawn.rows)
        let edges = graph.edges.filter { shown.contains(graph.nodes[$0.from].id) && shown.contains(graph.nodes[$0.to].id) }
        #expect(drawn.edges == Set(edges.map { graph.nodes[$0.from].id + " → " + graph.nodes[$0.to].id }))
        #expect(drawn.dashed == Set(edges.filter(\.assumed).map { graph.nodes[$0.from].id + " → " + graph.nodes[$0.to].id }))
        // Labelled with the step numbers and names; text escaped; no script, nothing fetched.
        let numbers = firstStepNumbers(plan)
        let gmail = try #require(graph.nodes.first { $0.name.en == "Gmail" })
        #expect(svg.contains(">\(numbers[gmail.id]!). Gmail</text>"))
        #expect(svg.contains(GraphWords.number(language)))
        #expect(!html.contains("<script") && !svg.contains("href=\"http"))
        #expect(html.contains(GraphWords.heading(language)))
    }

    @Test func theDotGraphHasEveryNodeGroupAndEdge() throws {
        let plan = plan(answers: ["phone-plan": ["yes-theirs"]])
        let dot = PlanDot().render(plan, .en)
        let graph = plan.graph
        #expect(dot.hasPrefix("// Your account-reset plan: the recovery graph in Graphviz's language"))
        #expect(dot.contains("digraph \"reset-plan\" {") && dot.hasSuffix("}\n"))
        for node in graph.nodes { #expect(dot.contains("\"\(node.id)\" [label="), "\(node.id)") }
        let arrows = dot.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(arrows.count == graph.edges.count)
        for edge in graph.edges {
            let line = "  \"\(graph.nodes[edge.from].id)\" -> \"\(graph.nodes[edge.to].id)\" [label=\"\(GraphWords.edge(edge.reason).en)\"\(edge.assumed ? ", style=dashed" : "")];"
            #expect(arrows.contains { $0 == line }, "\(line)")
        }
        let groups = Set(graph.nodes.compactMap(\.group))
        #expect(dot.components(separatedBy: "subgraph \"cluster_group_").count - 1 == groups.count)
        #expect(dot.contains("\"their-account\" -> \"phone-number\""))
        // Labels are quoted safely.
        #expect(PlanDot.quoted("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"")
        #expect(try PlanFormat.dot.render(plan, language: .nl).contains("digraph"))
    }
}

/// The carrier fields of the catalogue are checked like the rest: located errors, unknown keys refused.
@Suite struct CarrierCatalogueTests {
    static let head = "version: 1\ndata: reset-services\nservices:\n"

    @Test(arguments: [
        ("  - {id: x, name: X, domains: [x.nl], categories: [carrier], recovery: []}", "a carrier needs 'number:'"),
        ("  - {id: x, name: X, domains: [x.nl], categories: [bank], recovery: [email], number: {takeover: [shop]}}", "only a carrier has a number"),
        ("  - {id: x, name: X, domains: [x.nl], categories: [carrier], recovery: [], number: {takeover: [pigeon]}}", "unknown way 'pigeon'"),
        ("  - {id: x, name: X, domains: [x.nl], categories: [carrier], recovery: [], number: {takeover: [shop], colour: red}}", "unknown key 'colour'"),
        ("  - {id: x, name: X, domains: [x.nl], categories: [carrier], recovery: [], number: {takeover: []}, not-recovered-by: {methods: [email]}}", "source"),
        ("  - {id: x, name: X, domains: [x.nl], categories: [carrier], recovery: [email], number: {takeover: []}, not-recovered-by: {methods: [email], source: [https://x.nl]}}", "'email' is also under recovery"),
        ("  - {id: x, name: X, domains: [x.nl], categories: [carrier], recovery: [], number: {takeover: []}, not-recovered-by: {methods: [email], source: [https://x.nl], why: no}}", "unknown key 'why'"),
    ])
    func aBrokenCarrierEntryIsRefused(entry: String, message: String) throws {
        let steps = try #require(ShippedChecks.files.first { $0.path == "Checks/reset/steps.yaml" })
        #expect {
            _ = try ResetCatalog(services: CheckDataFile(path: "mine/services.yaml", text: Self.head + entry),
                                 steps: CheckDataFile(path: "Checks/reset/steps.yaml", text: steps.text))
        } throws: { error in
            let description = (error as? ResetCatalog.Invalid)?.errorDescription ?? "\(error)"
            return description.hasPrefix("mine/services.yaml:4:") && description.contains(message)
        }
    }

    @Test func anErrorInsideNumberNamesItsLineAndColumn() throws {
        let steps = try #require(ShippedChecks.files.first { $0.path == "Checks/reset/steps.yaml" })
        let text = Self.head + """
              - id: x
                name: X
                domains: [x.nl]
                categories: [carrier]
                recovery: [sms]
                number:
                  takeover: [account]
                  colour: red
            """
        do {
            _ = try ResetCatalog(services: CheckDataFile(path: "mine/services.yaml", text: text),
                                 steps: CheckDataFile(path: "Checks/reset/steps.yaml", text: steps.text))
            Issue.record("the unknown key was accepted")
        } catch let invalid as ResetCatalog.Invalid {
            #expect(invalid.errorDescription?.hasPrefix("mine/services.yaml:11:7: unknown key 'colour'") == true, "\(invalid.errorDescription ?? "")")
        }
    }
}
