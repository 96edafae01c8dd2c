import AuditCore
import Foundation

/// The CSV exports hygiene reads, recognised by their header set (not the file name or column order).
struct CSVFormat: Sendable {
    var name: String
    /// Lowercased columns that must all be present.
    var signature: Set<String>
    var title: [String]
    var username: [String]
    var password: String
    var url: [String]
    /// A column that tells logins from other items, and the values that mean "login".
    var typeColumn: String? = nil
    var loginTypes: Set<String> = []
    /// URLs that mark a non-login row (LastPass writes secure notes with url `http://sn`).
    var noteURLs: Set<String> = []
    var modified: String? = nil
    var created: String? = nil
    var passwordChanged: String? = nil

    /// Columns in which exporters write a login's one-time-code secret (Bitwarden `login_totp`, LastPass,
    /// KeePassXC and Proton Pass `totp`, 1Password and Apple `otpauth`, Dashlane `otpSecret`/`otpUrl`).
    static let oneTimeCodeColumns = ["login_totp", "totp", "otpauth", "otpsecret", "otpurl", "otp", "otp secret", "one-time password", "2fa", "mfa"]

    /// Item types exporters write for things that are not logins.
    static let itemTypes: Set<String> = ["note", "secure note", "securenote", "card", "credit_card", "creditcard", "identity",
                                         "alias", "wifi", "ssh-key", "ssh_key", "sshkey", "document", "passkey", "folder", "bank_account"]

    static let all: [CSVFormat] = [
        CSVFormat(name: "Bitwarden CSV",
                  signature: ["type", "name", "login_uri", "login_username", "login_password"],
                  title: ["name"], username: ["login_username"], password: "login_password", url: ["login_uri"],
                  typeColumn: "type", loginTypes: ["login"]),
        CSVFormat(name: "1Password CSV", signature: ["title", "url", "username", "password", "otpauth", "archived"],
                  title: ["title"], username: ["username"], password: "password", url: ["url"]),
        CSVFormat(name: "LastPass CSV", signature: ["url", "username", "password", "extra", "name", "grouping"],
                  title: ["name"], username: ["username"], password: "password", url: ["url"], noteURLs: ["http://sn"]),
        CSVFormat(name: "KeePassXC CSV", signature: ["group", "title", "username", "password", "url", "notes"],
                  title: ["title"], username: ["username"], password: "password", url: ["url"],
                  modified: "last modified", created: "created"),
        CSVFormat(name: "Firefox CSV", signature: ["url", "username", "password", "httprealm", "formactionorigin", "guid"],
                  title: [], username: ["username"], password: "password", url: ["url"],
                  created: "timecreated", passwordChanged: "timepasswordchanged"),
        CSVFormat(name: "Proton Pass CSV", signature: ["type", "name", "url", "username", "password", "vault"],
                  title: ["name"], username: ["username", "email"], password: "password", url: ["url"],
                  typeColumn: "type", loginTypes: ["login"], modified: "modifytime", created: "createtime"),
        CSVFormat(name: "NordPass CSV", signature: ["name", "url", "username", "password", "note", "cardholdername"],
                  title: ["name"], username: ["username", "email"], password: "password", url: ["url"],
                  typeColumn: "type", loginTypes: ["password", "login", ""]),
        CSVFormat(name: "Dashlane CSV", signature: ["username", "title", "password", "url", "category"],
                  title: ["title"], username: ["username", "username2"], password: "password", url: ["url"]),
        CSVFormat(name: "Apple Passwords CSV", signature: ["title", "url", "username", "password", "otpauth"],
                  title: ["title"], username: ["username"], password: "password", url: ["url"]),
        CSVFormat(name: "KeePass 2 CSV", signature: ["account", "login name", "password", "web site", "comments"],
                  title: ["account"], username: ["login name"], password: "password", url: ["web site"]),
        CSVFormat(name: "Chrome/Edge/Brave CSV", signature: ["name", "url", "username", "password"],
                  title: ["name"], username: ["username"], password: "password", url: ["url"]),
    ]

    /// The most specific format whose signature the header contains; for other exporters, columns
    /// recognised by their usual names, as long as there is a password column.
    static func detect(_ header: [String]) -> CSVFormat? {
        let columns = Set(header.map { $0.lowercased() })
        if let known = all.filter({ $0.signature.isSubset(of: columns) }).max(by: { $0.signature.count < $1.signature.count }) {
            return known
        }
        return generic(columns)
    }

    static func generic(_ columns: Set<String>) -> CSVFormat? {
        func present(_ names: [String]) -> [String] { names.filter(columns.contains) }
        guard let password = present(["password", "pass", "passwd", "wachtwoord", "login_password", "pwd"]).first else { return nil }
        let url = present(["url", "website", "web site", "login_uri", "uri", "site", "address", "hostname", "origin_url"])
        let username = present(["username", "user name", "login", "login name", "user", "email", "e-mail", "login_username", "gebruikersnaam"])
        guard !url.isEmpty || !username.isEmpty else { return nil }
        return CSVFormat(name: "CSV (columns recognised by name)", signature: [password], title: present(["name", "title", "account", "naam", "titel"]),
                         username: username, password: password, url: url)
    }

    func read(_ table: CSVTable, file: String) throws -> VaultFile {
        let index = Dictionary(table.header.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let passwordColumn = index[password]!
        var logins: [Credential] = []
        var skipped: [String: Int] = [:]
        for row in table.rows {
            let fields = row.fields
            func value(_ column: String?) -> String {
                guard let column, let at = index[column], at < fields.count else { return "" }
                return fields[at]
            }
            func first(_ columns: [String]) -> String { columns.lazy.map(value).first { !$0.isEmpty } ?? "" }
            guard fields.count > passwordColumn else {
                throw VaultImportError.malformed(file: file, line: row.line, column: nil,
                    problem: LocalizedText(en: "this row has \(fields.count) fields, but the header has \(table.header.count); expected a \(password) field", nl: "deze regel heeft \(fields.count) velden, maar de kopregel heeft er \(table.header.count); verwacht werd een veld \(password)"))
            }
            if let typeColumn, index[typeColumn] != nil, !loginTypes.contains(value(typeColumn).lowercased()) {
                // Named only from a fixed list: a shifted row could put any field, a password too, in this column.
                let type = value(typeColumn).lowercased()
                skipped[Self.itemTypes.contains(type) ? "not a login (\(type))" : "not a login", default: 0] += 1
                continue
            }
            let urls = url.map(value).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if urls.contains(where: noteURLs.contains) {
                skipped["secure note", default: 0] += 1
                continue
            }
            let secret = value(password)
            guard !secret.isEmpty else {
                skipped["no password", default: 0] += 1
                continue
            }
            var date: PasswordDate?
            if let changed = ExportDate.parse(value(passwordChanged)) {
                date = PasswordDate(changed, .exact)
            } else if let modified = ExportDate.parse(value(modified)) {
                date = PasswordDate(modified, .entryModified)
            } else if let created = ExportDate.parse(value(created)) {
                date = PasswordDate(created, .created)
            }
            let site = urls.first.flatMap(Site.domain) ?? ""
            let oneTimeCode = Self.oneTimeCodeColumns.contains { column in
                let text = value(column).trimmingCharacters(in: .whitespaces).lowercased()
                return !text.isEmpty && !["no", "false", "0", "off", "none", "nee", "-"].contains(text)
            }
            logins.append(Credential(title: title.isEmpty ? site : first(title), username: first(username), urls: urls,
                                     password: Secret(secret), passwordDate: date, oneTimeCode: oneTimeCode, file: file, position: row.line))
        }
        return VaultFile(path: file, format: name, logins: logins, skipped: skipped)
    }
}
