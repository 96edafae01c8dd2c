import AuditCore
import Foundation

/// What the vault family says about the exports it read, in both languages: why items were skipped,
/// the formats' names and the line on each file read.
public enum VaultWords {
    /// Why items were skipped, as the importers count them, with the singular and plural in each language.
    static let skipReasons: [String: (en: (String, String), nl: (String, String))] = [
        "secure note": (("secure note", "secure notes"), ("beveiligde notitie", "beveiligde notities")),
        "card": (("card", "cards"), ("betaalkaart", "betaalkaarten")),
        "identity": (("identity", "identities"), ("identiteit", "identiteiten")),
        "SSH key": (("SSH key", "SSH keys"), ("SSH-sleutel", "SSH-sleutels")),
        "no password": (("without a password", "without a password"), ("zonder wachtwoord", "zonder wachtwoord")),
        "in the recycle bin": (("in the recycle bin", "in the recycle bin"), ("in de prullenbak", "in de prullenbak")),
        "archived": (("archived", "archived"), ("gearchiveerd", "gearchiveerd")),
        "not a login": (("not a login", "not logins"), ("geen login", "geen logins")),
    ]

    /// The item types a CSV export names, in Dutch.
    static let itemTypes: [String: String] = [
        "note": "notitie", "secure note": "beveiligde notitie", "securenote": "beveiligde notitie", "card": "betaalkaart",
        "credit_card": "creditcard", "creditcard": "creditcard", "identity": "identiteit", "alias": "alias", "wifi": "wifi",
        "ssh-key": "SSH-sleutel", "ssh_key": "SSH-sleutel", "sshkey": "SSH-sleutel", "document": "document", "passkey": "passkey",
        "folder": "map", "bank_account": "bankrekening",
    ]

    /// `3 secure notes` / `3 beveiligde notities`; a reason it does not know stays as it is.
    public static func skipped(_ reason: String, count: Int) -> LocalizedText {
        if let words = skipReasons[reason] { return LocalizedText.count(count, en: words.en, nl: words.nl) }
        if reason.hasPrefix("not a login ("), reason.hasSuffix(")") {
            let type = String(reason.dropFirst("not a login (".count).dropLast())
            return LocalizedText(en: "\(count) \(reason)", nl: "\(count) geen login (\(itemTypes[type] ?? type))")
        }
        return .verbatim("\(count) \(reason)")
    }

    /// A format's name: the product's name stays, the description around it is translated.
    public static func format(_ name: String) -> LocalizedText {
        LocalizedText(en: name, nl: name.replacingOccurrences(of: "(password-protected)", with: "(met wachtwoord)"))
    }

    /// `Read 10 logins from bw.json (Bitwarden JSON); skipped 2: 1 card, 1 identity.`
    public static func read(_ file: VaultFile, encrypted: Bool) -> LocalizedText {
        let reasons = file.skipped.sorted { $0.key < $1.key }
        let total = reasons.reduce(0) { $0 + $1.value }
        let how = encrypted
            ? LocalizedText(en: ", read encrypted: nothing decrypted was written to disk", nl: ", versleuteld gelezen: niets ontsleuteld is naar schijf geschreven")
            : LocalizedText.verbatim("")
        let logins = LocalizedText.count(file.logins.count, en: ("login", "logins"), nl: ("login", "logins"))
        let format = Self.format(file.format)
        var text = LocalizedText(en: "Read \(logins.en) from \(file.path) (\(format.en)\(how.en))", nl: "\(logins.nl) gelezen uit \(file.path) (\(format.nl)\(how.nl))")
        if total > 0 {
            let texts = reasons.map { Self.skipped($0.key, count: $0.value) }
            let list = texts.dropFirst().reduce(texts[0]) { $0 + .verbatim(", ") + $1 }
            text = text + LocalizedText(en: "; skipped \(total): ", nl: "; \(total) overgeslagen: ") + list
        }
        return text + .verbatim(".")
    }
}
