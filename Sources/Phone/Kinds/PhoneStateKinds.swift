import AuditCore
import Foundation

/// Other users and profiles on the phone (a work profile, Samsung's Secure Folder, a second user): a
/// place where apps run out of the main profile's sight.
struct PhoneUsersKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-users", family: "phone",
        summary: "Lists the users and profiles besides the owner (user 0), with their kind, and any profile owner.",
        parameters: [], examples: examples)

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        let users = try snapshot.users.required(LocalizedText(en: "the users (pm list users)", nl: "de gebruikers (pm list users)"))
        let others = users.filter { $0.id != 0 }
        guard !others.isEmpty else {
            return .passed(evidence: LocalizedText(en: "only the owner's user (0) is on the phone", nl: "alleen de gebruiker van de eigenaar (0) staat op de telefoon"))
        }
        let owners = snapshot.devicePolicy.value?.profileOwners ?? []
        let subjects = others.map { user in
            var fields: [Subject.Field] = [.init("user", "\(user.id)")]
            fields.append(.init("kind", user.isManagedProfile
                ? LocalizedText(en: "work profile or secure folder", nl: "werkprofiel of beveiligde map")
                : user.isProfile ? LocalizedText(en: "profile", nl: "profiel") : LocalizedText(en: "another user", nl: "een andere gebruiker")))
            if let owner = owners.first(where: { $0.user == user.id }) { fields.append(.init("managed by", owner.component.description)) }
            fields.append(.init("status", user.running ? LocalizedText(en: "running", nl: "actief") : LocalizedText(en: "not running", nl: "niet actief")))
            return Subject(user.name.isEmpty ? "user \(user.id)" : user.name, fields)
        }
        return .failed([FindingDraft(
            key: others.map { "\($0.id)" }.joined(separator: "|"),
            title: LocalizedText.count(others.count, en: ("other user or profile on the phone", "other users or profiles on the phone"),
                                       nl: ("andere gebruiker of ander profiel op de telefoon", "andere gebruikers of profielen op de telefoon")),
            detail: LocalizedText(en: "Apps in another user or profile run apart from yours and this scan reads the owner's user only. Do you know each one (your work profile, your Secure Folder)? Someone could have made one to hide apps.",
                                  nl: "Apps in een andere gebruiker of een ander profiel draaien los van die van jou, en deze scan leest alleen de gebruiker van de eigenaar. Ken je elk ervan (je werkprofiel, je beveiligde map)? Iemand kan er een gemaakt hebben om apps te verbergen."),
            subjects: subjects)])
    }
}

/// Debugging doors: computers the phone trusts for USB debugging, wireless debugging, adb over the network.
struct DebuggingKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-debugging", family: "phone",
        summary: "Lists the computers the phone trusts for USB debugging (with their comment and last connection), and whether wireless debugging or adb over TCP is on.",
        parameters: [ParameterSpec("guide", required: true, "the phone guide's data file, whose 'afterwards' steps end the report")], examples: examples)

    let guide: CheckDataFile

    init(parameters: Parameters) throws {
        guide = try parameters.dataFile("guide")
    }

    func validateData() throws { _ = try PhoneGuide(file: guide) }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        let computers = try snapshot.trustedComputers.required(LocalizedText(en: "the trusted computers (dumpsys adb)", nl: "de vertrouwde computers (dumpsys adb)"))
        let wireless = try snapshot.wirelessDebugging.required(LocalizedText(en: "wireless debugging (adb_wifi_enabled)", nl: "draadloze foutopsporing (adb_wifi_enabled)"))
            || snapshot.security.value?.adbTLSPort != nil
        let tcpPort = snapshot.security.value?.adbTCPPort
        var drafts: [FindingDraft] = []
        if !computers.isEmpty {
            let formatter = ISO8601DateFormatter()
            drafts.append(FindingDraft(
                key: "keys:" + computers.map(\.key).sorted().joined(separator: "|"),
                title: LocalizedText.count(computers.count, en: ("computer may control this phone over USB debugging", "computers may control this phone over USB debugging"),
                                           nl: ("computer mag deze telefoon via USB-foutopsporing bedienen", "computers mogen deze telefoon via USB-foutopsporing bedienen")),
                detail: LocalizedText(en: "One of them is the computer running this scan. Any other one can install apps, read data and change settings whenever the phone is plugged into it. After the scan, revoke them all (steps at the end of this report).",
                                      nl: "Eén ervan is de computer waarop deze scan draait. Elke andere kan apps installeren, gegevens lezen en instellingen wijzigen zodra de telefoon erop aangesloten is. Trek ze na de scan allemaal in (stappen onderaan dit rapport)."),
                subjects: computers.map { computer in
                    var fields: [Subject.Field] = []
                    if let last = computer.lastConnection { fields.append(.init("last connected", formatter.string(from: last))) }
                    fields.append(.init("fingerprint", String(computer.key.prefix(24)) + "…"))
                    return Subject(computer.comment.isEmpty ? "(no name)" : computer.comment, fields)
                }, severity: .medium))
        }
        if wireless || tcpPort != nil {
            var what: [LocalizedText] = []
            if wireless { what.append(LocalizedText(en: "wireless debugging is on", nl: "draadloze foutopsporing staat aan")) }
            if let tcpPort { what.append(LocalizedText(en: "adb listens on the network (port \(tcpPort))", nl: "adb luistert op het netwerk (poort \(tcpPort))")) }
            drafts.append(FindingDraft(
                key: "network:\(wireless):\(tcpPort ?? 0)",
                title: LocalizedText(en: "The phone can be controlled over the network: \(what.map(\.en).joined(separator: ", "))",
                                     nl: "De telefoon is via het netwerk te bedienen: \(what.map(\.nl).joined(separator: ", "))"),
                detail: LocalizedText(en: "Someone on the same Wi-Fi with a paired computer can install apps and read data without touching the phone. Switch it off in Developer options.",
                                      nl: "Iemand op hetzelfde wifi-netwerk met een gekoppelde computer kan apps installeren en gegevens lezen zonder de telefoon aan te raken. Zet het uit bij Ontwikkelaarsopties."),
                severity: .high))
        }
        guard drafts.isEmpty else { return .failed(drafts) }
        return .passed(evidence: LocalizedText(en: "no computer is trusted for USB debugging, and debugging over the network is off",
                                               nl: "geen computer is vertrouwd voor USB-foutopsporing, en foutopsporing via het netwerk staat uit"))
    }
}

/// The accounts signed in on the phone: is each one yours?
struct PhoneAccountsKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-accounts", family: "phone",
        summary: "Lists the accounts on the phone (dumpsys account), to confirm each is the user's own.", parameters: [], examples: examples)

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let accounts = try context.phone().snapshot.accounts.required(LocalizedText(en: "the accounts (dumpsys account)", nl: "de accounts (dumpsys account)"))
        guard !accounts.isEmpty else {
            return .passed(evidence: LocalizedText(en: "no account is signed in on the phone", nl: "er is geen account aangemeld op de telefoon"))
        }
        return .failed([FindingDraft(
            key: accounts.map { "\($0.type):\($0.name)" }.sorted().joined(separator: "|"),
            title: LocalizedText.count(accounts.count, en: ("account on the phone: is it yours?", "accounts on the phone: is each yours?"),
                                       nl: ("account op de telefoon: is het van jou?", "accounts op de telefoon: is elk ervan van jou?")),
            detail: LocalizedText(en: "An account someone else controls (a second Google account, a family group) can sync your photos, contacts or location to them.",
                                  nl: "Een account dat iemand anders beheert (een tweede Google-account, een gezinsgroep) kan je foto's, contacten of locatie naar die persoon synchroniseren."),
            subjects: accounts.map { account in
                var fields: [Subject.Field] = [.init("type", account.type)]
                if let user = account.user, user != 0 { fields.append(.init("user", "\(user)")) }
                return Subject(account.name, fields)
            })])
    }
}

/// The age of the security patch level.
struct PatchLevelKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-patch-level", family: "phone",
        summary: "Fails when the phone's security patch level is older than max-age-days (and at high severity past twice that).",
        parameters: [ParameterSpec("max-age-days", "days before the patch level counts as old (default 90)")], examples: examples)

    let maxAge: Int

    init(parameters: Parameters) throws {
        maxAge = try parameters.int("max-age-days", default: 90, in: 7...3650)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try context.phone()
        let security = try scan.snapshot.security.required(LocalizedText(en: "the system properties (getprop)", nl: "de systeemeigenschappen (getprop)"))
        guard let patch = security.securityPatch, let date = security.securityPatchDate else {
            throw NotJudged(LocalizedText(en: "the phone does not state its security patch level", nl: "de telefoon vermeldt zijn beveiligingspatchniveau niet"))
        }
        let days = Int(scan.captured.timeIntervalSince(date) / 86_400)
        let phone = [security.manufacturer, security.model].compactMap { $0 }.joined(separator: " ")
        let version = security.androidVersion.map { "Android \($0)" } ?? "Android"
        guard days > maxAge else {
            return .passed(evidence: LocalizedText(en: "\(phone) \(version), security patch \(patch) (\(days) days old)",
                                                   nl: "\(phone) \(version), beveiligingspatch \(patch) (\(days) dagen oud)"))
        }
        return .failed([FindingDraft(
            key: patch,
            title: LocalizedText(en: "The phone's security updates are \(days) days old", nl: "De beveiligingsupdates van de telefoon zijn \(days) dagen oud"),
            detail: LocalizedText(en: "Patch level \(patch) on \(phone) \(version). Old phones have holes that spyware uses; look under Settings → System → Software update, and if the maker no longer sends updates, consider a newer phone.",
                                  nl: "Patchniveau \(patch) op \(phone) \(version). Oude telefoons hebben gaten die spyware gebruikt; kijk bij Instellingen → Systeem → Software-update, en als de fabrikant geen updates meer stuurt, overweeg dan een nieuwere telefoon."),
            severity: days > maxAge * 4 ? .high : nil)])
    }
}

/// Play Protect: Google's scanning of apps, which an abuser switches off before installing stalkerware.
struct AppScanningKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-app-scanning", family: "phone",
        summary: "Fails when Play Protect's app checking is switched off (package_verifier_enable 0) or its scanning was declined.", parameters: [], examples: examples)

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        let enabled = try snapshot.verifierEnabled.required(LocalizedText(en: "Play Protect's setting (package_verifier_enable)", nl: "de instelling van Play Protect (package_verifier_enable)"))
        let consent = snapshot.verifierConsent.value ?? nil
        if enabled == false || consent == false {
            return .failed([FindingDraft(
                key: "play-protect:\(enabled.map(String.init) ?? "-"):\(consent.map(String.init) ?? "-")",
                title: LocalizedText(en: "Play Protect's app checking is switched off", nl: "De app-controle van Play Protect staat uit"),
                detail: LocalizedText(en: "Whoever installs stalkerware by hand usually switches this off first, because it would warn about the app. Switch it back on in the Play Store: your profile picture → Play Protect → settings. Note the date you found it off, as evidence.",
                                      nl: "Wie stalkerware met de hand installeert, zet dit meestal eerst uit, omdat het voor de app zou waarschuwen. Zet het weer aan in de Play Store: je profielfoto → Play Protect → instellingen. Noteer de datum waarop je het uit aantrof, als bewijs."))])
        }
        return .passed(evidence: LocalizedText(en: enabled == nil ? "Play Protect's app checking was never switched off" : "Play Protect's app checking is on",
                                               nl: enabled == nil ? "de app-controle van Play Protect is nooit uitgezet" : "de app-controle van Play Protect staat aan"))
    }
}

/// Root and an unlocked bootloader: either lets an app see everything, and stalkerware vendors sell "rooted" editions.
struct IntegrityKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-integrity", family: "phone",
        summary: "Fails when the bootloader is unlocked or the boot is not verified, the build is debuggable, or root tools left their properties.", parameters: [], examples: examples)

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let security = try context.phone().snapshot.security.required(LocalizedText(en: "the system properties (getprop)", nl: "de systeemeigenschappen (getprop)"))
        var signs: [LocalizedText] = []
        if security.bootloaderUnlocked == true {
            signs.append(LocalizedText(en: "the bootloader is unlocked (verified boot: \(security.verifiedBootState ?? "?"))", nl: "de bootloader is ontgrendeld (geverifieerd opstarten: \(security.verifiedBootState ?? "?"))"))
        }
        if security.debuggable == true { signs.append(LocalizedText(en: "the system is a debuggable build (ro.debuggable=1)", nl: "het systeem is een debugbare build (ro.debuggable=1)")) }
        if !security.rootToolProperties.isEmpty {
            signs.append(LocalizedText(en: "root tools left traces: \(security.rootToolProperties.joined(separator: ", "))", nl: "roottools lieten sporen na: \(security.rootToolProperties.joined(separator: ", "))"))
        }
        guard !signs.isEmpty else {
            return .passed(evidence: LocalizedText(en: "bootloader locked, verified boot \(security.verifiedBootState ?? "not stated"), no root traces",
                                                   nl: "bootloader vergrendeld, geverifieerd opstarten \(security.verifiedBootState ?? "niet vermeld"), geen sporen van root"))
        }
        return .failed([FindingDraft(
            key: signs.map(\.en).joined(separator: "|"),
            title: LocalizedText(en: "The phone's system is opened up: \(signs.map(\.en).joined(separator: "; "))", nl: "Het systeem van de telefoon is opengebroken: \(signs.map(\.nl).joined(separator: "; "))"),
            detail: LocalizedText(en: "On an opened-up phone an app can read everything, and no scan from outside can be sure. If you did not do this yourself, someone who had the phone did: keep the phone as evidence, and move to a phone that is yours alone after a factory reset.",
                                  nl: "Op een opengebroken telefoon kan een app alles lezen, en geen scan van buitenaf kan daar zeker van zijn. Heb je dit niet zelf gedaan, dan deed iemand die de telefoon in handen had het: bewaar de telefoon als bewijs, en stap over op een telefoon die alleen van jou is, na een fabrieksreset."))])
    }
}

/// Traffic sent through someone else: a global HTTP proxy, an always-on VPN app.
struct TrafficRedirectKind: CheckKind {
    static let description = KindDescription(
        identifier: "phone-traffic-redirect", family: "phone",
        summary: "Fails when a global HTTP proxy is set or an app holds an always-on VPN.", parameters: [], examples: examples)

    init(parameters: Parameters) throws {}

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let snapshot = try context.phone().snapshot
        let proxy = try snapshot.httpProxy.required(LocalizedText(en: "the proxy setting (http_proxy)", nl: "de proxy-instelling (http_proxy)"))
        let vpn = try snapshot.alwaysOnVPN.required(LocalizedText(en: "the always-on VPN setting", nl: "de instelling voor altijd-aan-VPN"))
        var drafts: [FindingDraft] = []
        if let proxy {
            drafts.append(FindingDraft(
                key: "proxy:\(proxy)",
                title: LocalizedText(en: "All web traffic goes through the proxy \(proxy)", nl: "Al het webverkeer gaat via de proxy \(proxy)"),
                detail: LocalizedText(en: "A proxy set for the whole phone sees which sites you visit. Unless your school or employer set it, someone who had the phone did.",
                                      nl: "Een proxy voor de hele telefoon ziet welke sites je bezoekt. Tenzij je school of werkgever hem instelde, deed iemand die de telefoon in handen had het."),
                severity: .high))
        }
        if let vpn {
            drafts.append(FindingDraft(
                key: "vpn:\(vpn)",
                title: LocalizedText(en: "The app \(vpn) holds an always-on VPN", nl: "De app \(vpn) heeft een altijd-aan-VPN"),
                detail: LocalizedText(en: "All the phone's traffic passes through this app. Fine for a VPN you chose; otherwise it can watch what you do online.",
                                      nl: "Al het verkeer van de telefoon gaat door deze app. Prima voor een VPN die je zelf koos; anders kan hij zien wat je online doet."),
                subjects: [Subject(vpn, [.init("package", vpn)])]))
        }
        guard drafts.isEmpty else { return .failed(drafts) }
        return .passed(evidence: LocalizedText(en: "no global proxy and no always-on VPN", nl: "geen algemene proxy en geen altijd-aan-VPN"))
    }
}
