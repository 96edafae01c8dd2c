import AuditCore
import Foundation

/// Bitwarden's unencrypted JSON export: `items[]` with `type` 1 for logins, `login.uris`,
/// `passwordHistory`, `creationDate`, `revisionDate` and `login.passwordRevisionDate`.
enum BitwardenJSON {
    struct Export: Decodable {
        var encrypted: Bool?
        var items: [Item]?
    }
    struct Item: Decodable {
        var type: Int?
        var name: String?
        var login: Login?
        var passwordHistory: [History]?
        var creationDate: String?
        var revisionDate: String?
    }
    struct Login: Decodable {
        var uris: [URI]?
        var username: String?
        var password: String?
        var passwordRevisionDate: String?
        /// The one-time-code secret (`otpauth://…` or base32); only whether it is there is kept.
        var totp: String?
    }
    struct URI: Decodable { var uri: String? }
    struct History: Decodable {
        var lastUsedDate: String?
        var password: String?
    }

    /// Decoded straight into these types: a tree of `Any` for a large export took most of an audit's
    /// time and memory.
    static func read(_ data: Data, file: String) throws -> VaultFile {
        let export: Export
        do {
            export = try JSONDecoder().decode(Export.self, from: data)
        } catch DecodingError.dataCorrupted {
            let (line, column) = VaultImporter.jsonErrorPosition(in: data)
            throw VaultImportError.malformed(file: file, line: line, column: column,
                                             problem: LocalizedText(en: "not valid JSON (truncated or damaged); expected a Bitwarden JSON export", nl: "geen geldige JSON (onvolledig of beschadigd); verwacht werd een Bitwarden JSON-export"))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.keyNotFound(_, context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            throw VaultImportError.malformed(file: file, line: 1, column: nil,
                                             problem: LocalizedText(en: "\(path.isEmpty ? "the export" : String(path.dropFirst())) has a value of the wrong type for a Bitwarden export", nl: "\(path.isEmpty ? "de export" : String(path.dropFirst())) heeft een waarde van het verkeerde soort voor een Bitwarden-export"))
        }
        if export.encrypted == true { throw VaultImportError.encrypted(file: file, format: "Bitwarden JSON") }
        guard let items = export.items else {
            throw VaultImportError.malformed(file: file, line: 1, column: nil, problem: LocalizedText(en: "expected 'items' to be a list of items", nl: "'items' moet een lijst van items zijn"))
        }
        var logins: [Credential] = []
        logins.reserveCapacity(items.count)
        var skipped: [String: Int] = [:]
        for (number, item) in items.enumerated() {
            guard item.type == 1, let login = item.login else {
                let kind = [2: "secure note", 3: "card", 4: "identity", 5: "SSH key"][item.type ?? 0] ?? "not a login"
                skipped[kind, default: 0] += 1
                continue
            }
            guard let password = login.password, !password.isEmpty else {
                skipped["no password", default: 0] += 1
                continue
            }
            let history = (item.passwordHistory ?? []).compactMap { entry -> PastPassword? in
                guard let old = entry.password, !old.isEmpty else { return nil }
                return PastPassword(password: Secret(old), until: ExportDate.parse(entry.lastUsedDate))
            }
            var date: PasswordDate?
            if let changed = ExportDate.parse(login.passwordRevisionDate) {
                date = PasswordDate(changed, .exact)
            } else if let replaced = history.compactMap(\.until).max() {
                date = PasswordDate(replaced, .exact)
            } else if let created = ExportDate.parse(item.creationDate) {
                // No revision date and no history: the password is the one the item was made with.
                date = PasswordDate(created, .exact)
            } else if let revised = ExportDate.parse(item.revisionDate) {
                date = PasswordDate(revised, .entryModified)
            }
            logins.append(Credential(title: item.name ?? "", username: login.username ?? "",
                                     urls: (login.uris ?? []).compactMap(\.uri), password: Secret(password),
                                     passwordDate: date, history: history, oneTimeCode: !(login.totp ?? "").isEmpty,
                                     file: file, position: number + 1, positionUnit: .item))
        }
        return VaultFile(path: file, format: "Bitwarden JSON", logins: logins, skipped: skipped)
    }
}

/// 1Password's 1PUX: a zip whose `export.data` holds `accounts[].vaults[].items[]`.
enum OnePUX {
    static func read(_ data: Data, file: String) throws -> VaultFile {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let accounts = object["accounts"] as? [[String: Any]] else {
            throw VaultImportError.malformed(file: file, line: 1, column: nil, problem: LocalizedText(en: "export.data is not 1PUX JSON with 'accounts'", nl: "export.data is geen 1PUX-JSON met 'accounts'"))
        }
        var logins: [Credential] = []
        var skipped: [String: Int] = [:]
        var number = 0
        for account in accounts {
            for vault in account["vaults"] as? [[String: Any]] ?? [] {
                for item in vault["items"] as? [[String: Any]] ?? [] {
                    number += 1
                    let details = item["details"] as? [String: Any] ?? [:]
                    let overview = item["overview"] as? [String: Any] ?? [:]
                    let fields = details["loginFields"] as? [[String: Any]] ?? []
                    func field(_ designation: String) -> String? {
                        fields.first { $0["designation"] as? String == designation }?["value"] as? String
                    }
                    let password = field("password") ?? details["password"] as? String
                    guard let password, !password.isEmpty else {
                        skipped[item["categoryUuid"] as? String == "001" ? "no password" : "not a login", default: 0] += 1
                        continue
                    }
                    if item["state"] as? String == "archived" { skipped["archived", default: 0] += 1; continue }
                    var urls = (overview["urls"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
                    if urls.isEmpty, let url = overview["url"] as? String { urls = [url] }
                    let history = (details["passwordHistory"] as? [[String: Any]] ?? []).compactMap { entry -> PastPassword? in
                        guard let value = entry["value"] as? String, !value.isEmpty else { return nil }
                        return PastPassword(password: Secret(value), until: (entry["time"] as? Double).map { Date(timeIntervalSince1970: $0) })
                    }
                    var date: PasswordDate?
                    if let replaced = history.compactMap(\.until).max() {
                        date = PasswordDate(replaced, .exact)
                    } else if let created = item["createdAt"] as? Double {
                        date = PasswordDate(Date(timeIntervalSince1970: created), .exact)
                    }
                    // A one-time-code field in any section: `{"value": {"totp": "otpauth://…"}}`.
                    let sections = details["sections"] as? [[String: Any]] ?? []
                    let oneTimeCode = sections.contains { section in
                        (section["fields"] as? [[String: Any]] ?? []).contains { field in
                            guard let value = (field["value"] as? [String: Any])?["totp"] as? String else { return false }
                            return !value.isEmpty
                        }
                    }
                    logins.append(Credential(title: overview["title"] as? String ?? "", username: field("username") ?? "",
                                             urls: urls, password: Secret(password), passwordDate: date, history: history,
                                             oneTimeCode: oneTimeCode, file: file, position: number, positionUnit: .item))
                }
            }
        }
        return VaultFile(path: file, format: "1Password 1PUX", logins: logins, skipped: skipped)
    }
}
