import AuditCore
import Foundation

/// The words of the recovery graph (assumed edges, the number, the picture and `--format dot`), in
/// both languages: one table, so that no sentence is built from a language test.
enum GraphWords {
    static let number = LocalizedText(en: "your mobile number", nl: "je mobiele nummer")

    /// What an edge stands for, short: `Odido through Gmail (reset mail)`.
    static func edge(_ reason: PlanBuilder.Reason) -> LocalizedText {
        switch reason {
        case .passwordManager: LocalizedText(en: "password in it", nl: "wachtwoord erin")
        case .sms: LocalizedText(en: "SMS code", nl: "sms-code")
        case .mailbox: LocalizedText(en: "reset mail", nl: "herstelmail")
        case .letter: LocalizedText(en: "letter", nl: "brief")
        case .signIn: LocalizedText(en: "signs in with it", nl: "logt ermee in")
        case .mailProvider: LocalizedText(en: "manages the mailbox", nl: "beheert de mailbox")
        case .controlsNumber: LocalizedText(en: "new SIM or eSIM, moving the number", nl: "nieuwe sim of eSIM, nummer verhuizen")
        }
    }

    /// One assumed edge in the notes: `Odido through Gmail (reset mail)`.
    static func assumedEdge(_ node: LocalizedText, through target: LocalizedText, _ reason: PlanBuilder.Reason) -> LocalizedText {
        node + LocalizedText(en: " through ", nl: " via ") + target + .verbatim(" (") + edge(reason) + .verbatim(")")
    }

    /// The note on assumed edges: what was assumed and how to correct it.
    static func assumedNote(_ edges: [LocalizedText], more: Int, unknownSites: Int) -> LocalizedText {
        var parts: [LocalizedText] = []
        if !edges.isEmpty {
            parts.append(LocalizedText(en: edges.map(\.en).joined(separator: "; "), nl: edges.map(\.nl).joined(separator: "; ")))
        }
        if more > 0 {
            parts.append(LocalizedText(en: "more like these (\(more))", nl: "meer van zulke (\(more))"))
        }
        if unknownSites > 0 {
            parts.append(LocalizedText(en: "accounts the catalogue does not know (\(unknownSites)), through the mailbox of their login address",
                                       nl: "accounts die de catalogus niet kent (\(unknownSites)), via de mailbox van hun inlogadres"))
        }
        let list = LocalizedText(en: parts.map(\.en).joined(separator: "; "), nl: parts.map(\.nl).joined(separator: "; "))
        return LocalizedText(en: "Assumed, because no source says otherwise (better one step too many than an order that can be undone): ",
                             nl: "Aangenomen, omdat geen bron iets anders zegt (liever een stap te veel dan een volgorde die ongedaan kan worden): ")
            + list
            + LocalizedText(en: ". If one of these is not so, say so under not-through in the configuration (\"odido -> me@gmail.com\", \"odido -> number\").",
                            nl: ". Klopt er een niet, zet dat dan onder not-through in de configuratie (\"odido -> ik@gmail.com\", \"odido -> number\").")
    }

    /// A `not-through` entry that names nothing in the plan: said, not ignored.
    static func unmatched(_ names: [String]) -> LocalizedText {
        let list = names.joined(separator: ", ")
        return LocalizedText(en: "not-through in the configuration names \(list), which is no account, address or number of this plan; nothing was changed for it.",
                             nl: "not-through in de configuratie noemt \(list), en dat is geen account, adres of nummer van dit plan; daarvoor is niets veranderd.")
    }

    /// Why the number comes first when the ex holds the contract.
    static let numberTheirs = LocalizedText(
        en: "First of all: your number is on your ex's contract, so it hangs on their account at the carrier, not yours, and every SMS code to it is theirs to take. Move it to a contract in your own name before you rely on it.",
        nl: "Als allereerste: je nummer zit in het abonnement van je ex, dus het hangt aan hun account bij de provider en niet aan het jouwe, en elke sms-code naar dat nummer kunnen zij onderscheppen. Zet het op een abonnement op je eigen naam voordat je erop vertrouwt.")

    /// The ex's account at the carrier, drawn in the graph when the number is on their contract.
    static let theirAccount = LocalizedText(en: "your ex's account at the carrier", nl: "het account van je ex bij de provider")

    // The picture in the HTML plan.
    static let heading = LocalizedText(en: "How your accounts hang together", nl: "Hoe je accounts samenhangen")
    static let caption = LocalizedText(
        en: "Each arrow runs from what can take over to what it can take over, in the plan's order: first your devices, your password manager, your number, your mailboxes and identity accounts. A frame is a group to do in one sitting; a dashed arrow is assumed, not known.",
        nl: "Elke pijl loopt van wat kan overnemen naar wat het kan overnemen, in de volgorde van het plan: eerst je apparaten, je wachtwoordbeheerder, je nummer, je mailboxen en identiteitsaccounts. Een kader is een groep die je in één keer doet; een gestreepte pijl is aangenomen, niet zeker.")
    static let step = LocalizedText(en: "step", nl: "stap")
    static func group(_ number: Int) -> LocalizedText { LocalizedText(en: "Group \(number): in one sitting", nl: "Groep \(number): in één keer") }
    static func dependents(_ count: Int) -> LocalizedText {
        LocalizedText(en: "+\(count) more through it", nl: "+\(count) meer via dit")
    }
    static func hidden(_ count: Int) -> LocalizedText {
        LocalizedText(en: "Other accounts, not drawn (\(count)): each comes after what it recovers through (see the steps).",
                      nl: "Andere accounts, niet getekend (\(count)): elk komt na waarlangs het te herstellen is (zie de stappen).")
    }
    static let dotComment = LocalizedText(
        en: "the recovery graph in Graphviz's language; draw it with 'dot -Tsvg plan.dot -o plan.svg'. An arrow runs from what can take over to what it can take over; dashed: assumed, not known; a cluster: a group to do in one sitting.",
        nl: "de herstelgraaf in de taal van Graphviz; teken hem met 'dot -Tsvg plan.dot -o plan.svg'. Een pijl loopt van wat kan overnemen naar wat het kan overnemen; gestreept: aangenomen, niet zeker; een cluster: een groep die je in één keer doet.")
    static let known = LocalizedText(en: "known", nl: "bekend")
    static let assumed = LocalizedText(en: "assumed", nl: "aangenomen")
    static let managerNote = LocalizedText(en: "Every account saved in the password manager also depends on it (not drawn).",
                                           nl: "Elk account in de wachtwoordbeheerder hangt daar ook van af (niet getekend).")
}
