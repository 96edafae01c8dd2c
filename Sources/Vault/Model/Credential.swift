import AuditCore
import Foundation

/// When the current password was set, and how sure that date is.
public struct PasswordDate: Sendable, Hashable {
    public enum Precision: String, Sendable {
        /// The export records when the password changed (Firefox, Bitwarden, 1PUX history, KeePass history).
        case exact
        /// Only when the entry last changed: the password is at least this old... or older.
        case entryModified = "entry-modified"
        /// Only when the entry was made, and nothing says the password changed since.
        case created
    }
    public var date: Date
    public var precision: Precision

    public init(_ date: Date, _ precision: Precision) {
        self.date = date
        self.precision = precision
    }
}

/// An earlier password of an entry.
public struct PastPassword: Sendable {
    public var password: Secret
    /// When it stopped being used, if the export says.
    public var until: Date?
}

/// One login from an export. Notes, cards and identities are not kept.
public struct Credential: Sendable {
    public let title: String
    public let username: String
    public let urls: [String]
    public var password: Secret
    public var passwordDate: PasswordDate?
    public var history: [PastPassword]
    /// Whether the export holds a one-time-code (TOTP) secret for this entry: two-step sign-in by an
    /// app is on. Only the fact is kept, never the secret.
    public var oneTimeCode: Bool
    /// The export file (as given) and the row or item number, for messages.
    public var file: String
    public var position: Int
    /// Whether `position` counts lines of the file (CSV, XML) or items of the export (JSON, 1PUX).
    public var positionUnit: PositionUnit
    /// The site as a person names it: the registrable domain of the first URL, or the title.
    public let site: String
    /// The name part of the site (`ing` for `mijn.ing.nl`), to spot it in a password.
    public let siteLabel: String?

    public init(title: String, username: String, urls: [String], password: Secret, passwordDate: PasswordDate? = nil,
                history: [PastPassword] = [], oneTimeCode: Bool = false, file: String, position: Int,
                positionUnit: PositionUnit = .line) {
        self.title = title
        self.username = username
        self.urls = urls.filter { !$0.isEmpty }
        self.password = password
        self.passwordDate = passwordDate
        self.history = history
        self.file = file
        self.oneTimeCode = oneTimeCode
        self.position = position
        self.positionUnit = positionUnit
        let domain = self.urls.first.flatMap(Site.domain)
        site = domain ?? title.lowercased()
        siteLabel = domain?.split(separator: ".").first.map(String.init)
        accountKey = site + "\u{0}" + username.lowercased()
    }

    /// Same site and username: the same account saved twice is not reuse.
    public let accountKey: String

    /// Where the entry is in its export, to find one copy among several: `bitwarden.json, item 12`.
    public var location: String {
        let name = (file as NSString).lastPathComponent
        return "\(name), \(positionUnit.rawValue) \(position)"
    }

    /// How a report names this entry: title, username and site, never the password.
    public var subject: Subject {
        var fields: [Subject.Field] = []
        if !username.isEmpty { fields.append(.init("username", username)) }
        if let url = urls.first { fields.append(.init("url", url)) }
        return Subject(title.isEmpty ? site : title, fields)
    }

    /// The subject, and where the entry is saved when its account has copies with other passwords.
    public func subject(among copies: AccountCopies) -> Subject {
        var subject = self.subject
        if copies.hasCopies(self) { subject.fields.append(.init("entry", location)) }
        return subject
    }
}

public enum PositionUnit: String, Sendable {
    case line, item
}

/// Which accounts are saved more than once with different passwords: each copy is judged on its
/// own, and reports say where each one is.
public struct AccountCopies: Sendable {
    let passwords: [String: Int]

    public init(_ logins: [Credential]) {
        var seen: [String: Set<Secret>] = [:]
        for login in logins { seen[login.accountKey, default: []].insert(login.password) }
        passwords = seen.mapValues(\.count)
    }

    public func hasCopies(_ login: Credential) -> Bool { (passwords[login.accountKey] ?? 0) > 1 }
}

/// Site names from URLs: the registrable domain, without a web lookup.
public enum Site {
    /// Second-level labels under which registrations happen (`example.co.uk`).
    static let secondLevel: Set<String> = [
        "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "com.au", "net.au", "org.au", "co.nz", "co.za", "com.br",
        "co.jp", "com.tr", "com.mx", "co.in", "com.cn", "com.hk", "co.kr", "com.sg", "com.ar", "co.il", "com.pl",
    ]

    /// The host of a URL (`https://user@Mail.Example.nl:443/x` → `mail.example.nl`), read by hand:
    /// exports hold thousands of URLs, many not quite valid.
    public static func host(_ url: String) -> String? {
        let bytes = Array(url.utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        // After the scheme's `://`, if there is one.
        var k = start
        while k + 2 < end {
            if bytes[k] == 58 && bytes[k + 1] == 47 && bytes[k + 2] == 47 { start = k + 3; break }
            if bytes[k] == 47 || bytes[k] == 63 || bytes[k] == 35 { break }
            k += 1
        }
        var stop = start
        while stop < end, ![47, 63, 35, 92, 32, 9].contains(bytes[stop]) { stop += 1 }
        end = stop
        if let at = bytes[start..<end].lastIndex(of: 64) { start = at + 1 }
        if start < end, bytes[start] == 91 {
            guard let close = bytes[start..<end].firstIndex(of: 93) else { return nil }
            end = close + 1
        } else if let colon = bytes[start..<end].firstIndex(of: 58) {
            end = colon
        }
        while start < end, bytes[start] == 46 { start += 1 }
        while end > start, bytes[end - 1] == 46 { end -= 1 }
        guard start < end else { return nil }
        let host = String(decoding: bytes[start..<end], as: UTF8.self)
        return host.utf8.contains(where: { $0 >= 65 && $0 <= 90 || $0 >= 128 }) ? host.lowercased() : host
    }

    public static func domain(_ url: String) -> String? {
        guard let host = host(url) else { return nil }
        if host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) { return host }
        let labels = host.split(separator: ".").map(String.init)
        guard labels.count > 2 else { return labels.joined(separator: ".") }
        let lastTwo = labels.suffix(2).joined(separator: ".")
        return secondLevel.contains(lastTwo) ? labels.suffix(3).joined(separator: ".") : lastTwo
    }

    /// The name part of the domain (`ing` for `mijn.ing.nl`), for spotting a site's name in a password.
    public static func label(_ url: String) -> String? {
        domain(url)?.split(separator: ".").first.map(String.init)
    }
}

/// What was read from one export file.
public struct VaultFile: Sendable {
    public var path: String
    public var format: String
    public var logins: [Credential]
    /// Rows or items that are not logins (notes, cards) or hold no password, by reason.
    public var skipped: [String: Int]
}

/// All exports given to an audit, merged.
public struct Vault: Sendable {
    public static let inputName = "vault"
    public var files: [VaultFile] { didSet { judged = Judged(); strength = ProcessCache() } }
    public var logins: [Credential] { files.flatMap(\.logins) }
    /// What every check needs of the logins, worked out once for all of them.
    private var judged = Judged()
    /// The strength estimates of the judged logins, worked out once for every check that needs them
    /// (vault.weak, and the reset plan's weak flag), by the estimator's lists, year and identity.
    private var strength = ProcessCache<LoginEstimates>()

    public init(files: [VaultFile]) { self.files = files }

    /// One login per account and password (copies with the same password count once), and which
    /// accounts have copies with other passwords, computed on first use.
    public var judgedLogins: (logins: [Credential], copies: AccountCopies) {
        judged.value { let all = logins; return (all.distinctCopies, AccountCopies(all)) }
    }

    /// The estimates of the judged logins for `key` (what the estimator was made from), made once.
    func strengthEstimates(_ key: String, make: () -> LoginEstimates) -> LoginEstimates {
        strength.value(key, make: make)
    }

    private final class Judged: @unchecked Sendable {
        private let lock = NSLock()
        private var cached: (logins: [Credential], copies: AccountCopies)?

        func value(_ make: () -> (logins: [Credential], copies: AccountCopies)) -> (logins: [Credential], copies: AccountCopies) {
            lock.withLock {
                if let cached { return cached }
                let made = make()
                cached = made
                return made
            }
        }
    }
}

extension Array where Element == Credential {
    /// One entry per account: the same site and username saved twice counts once.
    public var distinctAccounts: [Credential] {
        var seen = Set<String>()
        return filter { seen.insert($0.accountKey).inserted }
    }

    /// One entry per account and password: copies of an account with the same password count once,
    /// copies with different passwords are each judged (one of them may be old, weak or leaked).
    public var distinctCopies: [Credential] {
        var seen = Set<PasswordOfAccount>()
        return filter { seen.insert(PasswordOfAccount(account: $0.accountKey, password: $0.password)).inserted }
    }
}

/// An account and one of its passwords, as a set member; never printed.
struct PasswordOfAccount: Hashable {
    var account: String
    var password: Secret
}
