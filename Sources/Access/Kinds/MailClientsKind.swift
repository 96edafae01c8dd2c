import AuditCore
import Foundation

/// What mail programs on this computer send elsewhere: Thunderbird filters that forward or redirect
/// (`msgFilterRules.dat`), identities that Bcc or Cc every sent message (`prefs.js`), Evolution
/// `forward` rules (`filters.xml`); or, for `accounts`, the mail accounts set up here. Addresses in
/// known-accounts (and the identity file) are the person's own.
struct MailClientsKind: CheckKind {
    enum Report: String, CaseIterable, Sendable {
        case forwarding
        case accounts
    }

    static let description = KindDescription(
        identifier: "mail-clients",
        family: "access",
        summary: "Reads Thunderbird profiles (prefs.js, msgFilterRules.dat) and Evolution (filters.xml, sources): forwarding filters and automatic Bcc/Cc to addresses not in known-accounts, or the accounts set up.",
        parameters: [
            ParameterSpec("report", required: true, "forwarding or accounts"),
            ParameterSpec("clients", required: true, "rows of Mozilla-style mail clients {name, engine: firefox, roots}"),
            ParameterSpec("evolution", "Evolution's folder (default ~/.config/evolution)"),
        ],
        examples: [
            KindExample("a filter forwards bank mail and deletes it; every sent mail is Bcc'd", parameters: Self.example("forwarding"), files: [
                "~/.thunderbird/profiles.ini": "[Profile0]\nName=default\nPath=t.default\nIsRelative=1\n",
                "~/.thunderbird/t.default/prefs.js": """
                    user_pref("mail.identity.id1.useremail", "me@example.org");
                    user_pref("mail.identity.id1.doBcc", true);
                    user_pref("mail.identity.id1.doBccList", "ex.partner@example.com");
                    user_pref("mail.server.server1.hostname", "imap.example.org");
                    user_pref("mail.server.server1.directory-rel", "[ProfD]ImapMail/imap.example.org");
                    """,
                "~/.thunderbird/t.default/ImapMail/imap.example.org/msgFilterRules.dat": """
                    version="9"
                    logging="no"
                    name="Doorsturen"
                    enabled="yes"
                    type="17"
                    action="Forward"
                    actionValue="ex.partner@example.com"
                    action="Delete"
                    condition="AND (subject,contains,bank)"
                    name="Old"
                    enabled="no"
                    type="17"
                    action="Forward"
                    actionValue="old@example.com"
                    """,
            ], expect: .failed, findings: 2),
            KindExample("a filter that only files mail", parameters: Self.example("forwarding"), files: [
                "~/.thunderbird/profiles.ini": "[Profile0]\nName=default\nPath=t.default\nIsRelative=1\n",
                "~/.thunderbird/t.default/prefs.js": "user_pref(\"mail.identity.id1.useremail\", \"me@example.org\");\n",
                "~/.thunderbird/t.default/Mail/Local Folders/msgFilterRules.dat": "version=\"9\"\nname=\"Bank\"\nenabled=\"yes\"\naction=\"Move to folder\"\nactionValue=\"mailbox://nobody@Local%20Folders/Bank\"\n",
            ], expect: .passed),
            KindExample("a mail account set up in Thunderbird", parameters: Self.example("accounts"), files: [
                "~/.thunderbird/profiles.ini": "[Profile0]\nName=default\nPath=t.default\nIsRelative=1\n",
                "~/.thunderbird/t.default/prefs.js": "user_pref(\"mail.identity.id1.useremail\", \"me@example.org\");\n",
            ], expect: .failed, findings: 1),
        ])

    static func example(_ report: String) -> String {
        """
        report: \(report)
        clients: [{name: Thunderbird, engine: firefox, roots: ["~/.thunderbird"]}]
        """
    }

    let report: Report
    let clients: [BrowserRow]
    let evolution: String

    init(parameters: Parameters) throws {
        report = try parameters.choice("report")
        clients = try BrowserRow.read(parameters, key: "clients")
        evolution = try parameters.optionalString("evolution") ?? "~/.config/evolution"
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList.accounts(context.inputs)
        var gathering = Gathering()
        let profiles = BrowserProfiles.find(clients, homes: homes, host: host, into: &gathering)
        for profile in profiles {
            let prefsFile = profile.file("prefs.js")
            let prefs = host.text(prefsFile, into: &gathering).map(MozillaPrefs.init) ?? MozillaPrefs("")
            let label = profile.label(host)
            // The profile's own addresses count as known for its filters.
            let own = Set(prefs.prefs.filter { $0.name.hasPrefix("mail.identity.") && $0.name.hasSuffix(".useremail") }.map { KnownList.normal($0.value) })
            switch report {
            case .accounts:
                for pref in prefs.prefs where pref.name.hasPrefix("mail.identity.") && pref.name.hasSuffix(".useremail") && !pref.value.isEmpty {
                    gathering.looked += 1
                    if known.contains(pref.value) { gathering.known += 1; continue }
                    gathering.drafts.append(FindingDraft(
                        key: "\(profile.path)#\(pref.value)",
                        detail: LocalizedText(en: "\(label.en) sends and receives mail as \(pref.value). Is this your address?",
                                              nl: "\(label.nl) verstuurt en ontvangt mail als \(pref.value). Is dit jouw adres?"),
                        subjects: [Subject(pref.value, [.init("account", pref.value), .init("file", "\(host.display(prefsFile)):\(pref.line)")])]))
                }
            case .forwarding:
                autoCopies(prefs, file: prefsFile, label: label, known: known, host: host, into: &gathering)
                var filterFiles = Set<String>()
                for pref in prefs.prefs where pref.name.hasPrefix("mail.server.") && (pref.name.hasSuffix(".directory-rel") || pref.name.hasSuffix(".directory")) {
                    let directory = pref.value.hasPrefix("[ProfD]") ? profile.path + "/" + pref.value.dropFirst("[ProfD]".count) : pref.value
                    filterFiles.insert(directory + "/msgFilterRules.dat")
                }
                for pattern in ["/Mail/*/msgFilterRules.dat", "/ImapMail/*/msgFilterRules.dat"] {
                    for file in host.glob(profile.path + pattern, into: &gathering) { filterFiles.insert(file) }
                }
                for file in filterFiles.sorted() {
                    guard let text = host.text(file, into: &gathering) else { continue }
                    thunderbirdFilters(text, file: file, label: label, own: own, known: known, host: host, into: &gathering)
                }
            }
        }
        if report == .forwarding {
            for home in homes.homes {
                let file = AuditedHomes.expand(evolution, in: home) + "/mail/filters.xml"
                guard let text = host.text(file, into: &gathering) else { continue }
                evolutionFilters(text, file: file, known: known, host: host, into: &gathering)
            }
        }
        let evidence: LocalizedText = report == .forwarding
            ? LocalizedText(en: "no mail filter or automatic copy sends your mail to an address you have not marked as yours (\(profiles.count) mail profiles)",
                            nl: "geen mailfilter of automatische kopie stuurt je mail naar een adres dat je niet als het jouwe hebt aangemerkt (\(profiles.count) mailprofielen)")
            : LocalizedText(en: "every mail account in \(profiles.count) profiles is one you marked as yours",
                            nl: "elk mailaccount in \(profiles.count) profielen heb je als het jouwe aangemerkt")
        return try gathering.outcome(host, homes: homes, evidence: evidence)
    }

    static let addressPattern = try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"#)

    static func addresses(in text: String) -> [String] {
        addressPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    /// `mail.identity.<id>.doBcc`/`doCc` with their lists.
    func autoCopies(_ prefs: MozillaPrefs, file: String, label: LocalizedText, known: KnownList, host: Machine, into gathering: inout Gathering) {
        for pref in prefs.prefs where pref.name.hasPrefix("mail.identity.") && (pref.name.hasSuffix(".doBcc") || pref.name.hasSuffix(".doCc")) && pref.value == "true" {
            guard let list = prefs[pref.name + "List"] else { continue }
            let kind = pref.name.hasSuffix(".doBcc") ? "Bcc" : "Cc"
            for address in Self.addresses(in: list.value) where !known.contains(address) {
                let where_ = "\(host.display(file)):\(list.line)"
                gathering.drafts.append(FindingDraft(
                    key: "\(file)#\(pref.name)#\(address)",
                    detail: LocalizedText(en: "\(label.en) sends a \(kind) copy of every mail you send to \(address).",
                                          nl: "\(label.nl) stuurt van elke mail die je verstuurt een \(kind)-kopie naar \(address)."),
                    subjects: [Subject(address, [.init("address", address), .init("setting", "\(pref.name)List"), .init("file", where_)])]))
            }
        }
    }

    /// `name=` starts a rule; `enabled=`, then repeated `action=`/`actionValue=` pairs.
    func thunderbirdFilters(_ text: String, file: String, label: LocalizedText, own: Set<String>, known: KnownList, host: Machine, into gathering: inout Gathering) {
        struct Rule { var name: String; var line: Int; var enabled = true; var actions: [(action: String, value: String?)] = [] }
        var rules: [Rule] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            var value = String(line[line.index(after: equals)...])
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            switch key {
            case "name": rules.append(Rule(name: value, line: index + 1))
            case "enabled": if !rules.isEmpty { rules[rules.count - 1].enabled = value == "yes" }
            case "action": if !rules.isEmpty { rules[rules.count - 1].actions.append((value, nil)) }
            case "actionValue":
                if !rules.isEmpty, !rules[rules.count - 1].actions.isEmpty {
                    rules[rules.count - 1].actions[rules[rules.count - 1].actions.count - 1].value = value
                }
            default: break
            }
        }
        for rule in rules where rule.enabled {
            let deletes = rule.actions.contains { $0.action == "Delete" || $0.action == "Delete from Pop3 server" }
            for action in rule.actions where action.action == "Forward" || action.action == "Redirect" {
                for address in Self.addresses(in: action.value ?? "") where !known.contains(address) && !own.contains(KnownList.normal(address)) {
                    let hides = deletes ? LocalizedText(en: " It also deletes the mail, so you do not see it arrive.", nl: " Het filter verwijdert de mail ook, zodat je hem niet ziet binnenkomen.")
                        : LocalizedText(en: "", nl: "")
                    let where_ = "\(host.display(file)):\(rule.line)"
                    gathering.drafts.append(FindingDraft(
                        key: "\(file)#\(rule.name)#\(address)",
                        detail: LocalizedText(en: "Filter '\(rule.name)' in \(label.en) sends your mail on to \(address) (\(action.action)).\(hides.en)",
                                              nl: "Filter '\(rule.name)' in \(label.nl) stuurt je mail door naar \(address) (\(action.action)).\(hides.nl)"),
                        subjects: [Subject(address, [.init("address", address), .init("rule", rule.name), .init("file", where_)])]))
                }
            }
        }
    }

    /// Rules with `<part name="forward">`, `shell` or `pipe` in their actions; addresses are read from the part.
    func evolutionFilters(_ text: String, file: String, known: KnownList, host: Machine, into gathering: inout Gathering) {
        for rule in text.components(separatedBy: "<rule").dropFirst() {
            let body = rule.components(separatedBy: "</rule>").first ?? rule
            if body.contains("enabled=\"false\"") { continue }
            let title = body.range(of: "<title>").flatMap { start in body.range(of: "</title>").map { String(body[start.upperBound..<$0.lowerBound]) } } ?? "?"
            guard let actions = body.components(separatedBy: "<actionset>").dropFirst().first else { continue }
            for part in actions.components(separatedBy: "<part ").dropFirst() {
                let isForward = part.hasPrefix("name=\"forward\"")
                let runs = part.hasPrefix("name=\"shell\"") || part.hasPrefix("name=\"pipe\"")
                if isForward {
                    for address in Self.addresses(in: part) where !known.contains(address) {
                        gathering.drafts.append(FindingDraft(
                            key: "\(file)#\(title)#\(address)",
                            detail: LocalizedText(en: "Evolution filter '\(title)' forwards your mail to \(address).", nl: "Evolution-filter '\(title)' stuurt je mail door naar \(address)."),
                            subjects: [Subject(address, [.init("address", address), .init("rule", title), .init("file", host.display(file))])]))
                    }
                } else if runs {
                    gathering.drafts.append(FindingDraft(
                        key: "\(file)#\(title)#program",
                        detail: LocalizedText(en: "Evolution filter '\(title)' hands your mail to a program, which can send it anywhere.",
                                              nl: "Evolution-filter '\(title)' geeft je mail aan een programma, dat hem overal heen kan sturen."),
                        subjects: [Subject(title, [.init("rule", title), .init("file", host.display(file))])], severity: .medium))
                }
            }
        }
    }
}
