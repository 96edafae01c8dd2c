import AuditCore
import Foundation

/// One site of the two-factor directory (2fa.directory's data): which two-step methods it offers
/// and where its own help pages are.
public struct TwoFactorSite: Sendable, Hashable {
    public var domain: String
    public var name: String
    /// The methods as the directory names them: `totp`, `u2f`, `sms`, `call`, `email`,
    /// `custom-software`, `custom-hardware`. Empty when the site offers none.
    public var methods: [String]
    public var documentation: String?
    public var recovery: String?
    public var customSoftware: [String]
    public var customHardware: [String]
    public var additionalDomains: [String]

    public var offersTwoStep: Bool { !methods.isEmpty }
    /// An authenticator app or a security key: codes that do not travel over the phone network.
    public var offersAppOrKey: Bool { methods.contains("totp") || methods.contains("u2f") }
    public var offersOwnAppOrDevice: Bool { methods.contains("custom-software") || methods.contains("custom-hardware") }
    public var phoneOnly: Bool { offersTwoStep && methods.allSatisfy { ["sms", "call"].contains($0) } }
}

/// The two-factor directory, read from its JSON data file (an object keyed by domain), with the
/// look-ups a login needs: by host and its parent domains, by additional domain, and by
/// registrable domain for hosts the directory does not name (`myaccount.google.com`).
public struct TwoFactorDirectory: Sendable {
    public let sites: [TwoFactorSite]
    let byHost: [String: Int]
    let byRegistrableDomain: [String: Int]

    private struct Entry: Decodable {
        var name: String?
        var tfa: [String]?
        var documentation: String?
        var recovery: String?
        var customSoftware: [String]?
        var customHardware: [String]?
        var additionalDomains: [String]?

        enum CodingKeys: String, CodingKey {
            case name, tfa, documentation, recovery
            case customSoftware = "custom-software", customHardware = "custom-hardware", additionalDomains = "additional-domains"
        }
    }

    public struct Invalid: Error, LocalizedError {
        public var file: String
        public var line: Int
        public var column: Int?
        public var reason: String
        public var errorDescription: String? { "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(reason)" }
    }

    /// Reads the data file; `aliases` map a registrable domain to the directory's key for it
    /// (`google.com: mail.google.com`: one Google account signs in everywhere).
    public init(_ file: CheckDataFile, aliases: [String: String] = [:]) throws {
        let data = Data(file.text.utf8)
        let entries: [String: Entry]
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: data)
        } catch DecodingError.dataCorrupted {
            let (line, column) = VaultImporter.jsonErrorPosition(in: data)
            throw Invalid(file: file.path, line: line, column: column,
                          reason: "not valid JSON; expected the two-factor directory, an object of sites keyed by domain")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw Invalid(file: file.path, line: 1, column: nil, reason: "\(path) has a value of the wrong type for the two-factor directory")
        }
        var sites: [TwoFactorSite] = []
        var byHost: [String: Int] = [:]
        for (domain, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let site = TwoFactorSite(
                domain: domain.lowercased(), name: entry.name ?? domain, methods: entry.tfa ?? [],
                documentation: entry.documentation, recovery: entry.recovery,
                customSoftware: entry.customSoftware ?? [], customHardware: entry.customHardware ?? [],
                additionalDomains: (entry.additionalDomains ?? []).map { $0.lowercased() })
            byHost[site.domain] = sites.count
            sites.append(site)
        }
        // Additional domains never override a site's own entry.
        for (index, site) in sites.enumerated() {
            for domain in site.additionalDomains where byHost[domain] == nil { byHost[domain] = index }
        }
        // For each registrable domain the directory does not list itself, the entry closest to it:
        // fewest labels, then the one listed first.
        var byRegistrableDomain: [String: Int] = [:]
        let ranked = byHost.map { (host: $0.key, index: $0.value, labels: $0.key.utf8.reduce(1) { $0 + ($1 == 46 ? 1 : 0) }) }
        for (host, index, _) in ranked.sorted(by: { ($0.labels, $0.host) < ($1.labels, $1.host) }) {
            guard let registrable = Site.domain(host), byHost[registrable] == nil, byRegistrableDomain[registrable] == nil else { continue }
            byRegistrableDomain[registrable] = index
        }
        for (domain, target) in aliases {
            guard let index = byHost[target.lowercased()] else {
                throw Invalid(file: file.path, line: 1, column: nil, reason: "the alias \(domain) names \(target), which the directory does not list")
            }
            byRegistrableDomain[domain.lowercased()] = index
        }
        self.sites = sites
        self.byHost = byHost
        self.byRegistrableDomain = byRegistrableDomain
    }

    /// The site for a host: the host itself or a parent domain (`www.digid.nl` → `digid.nl`), else the
    /// entry standing for its registrable domain.
    public func site(forHost host: String) -> TwoFactorSite? {
        let host = host.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) ? host.lowercased() : host
        // The host, then each parent domain down to two labels (`mijn.digid.nl`, `digid.nl`).
        let dots = host.utf8.indices.filter { host.utf8[$0] == 46 }
        var starts = [host.utf8.startIndex] + dots.dropLast().map { host.utf8.index(after: $0) }
        if dots.isEmpty { starts = [host.utf8.startIndex] }
        for start in starts {
            if let index = byHost[String(host[start...])] { return sites[index] }
        }
        return Site.domain(host).flatMap { byRegistrableDomain[$0] }.map { sites[$0] }
    }

    /// The site for a login: the first of its URLs the directory knows.
    public func site(for login: Credential) -> TwoFactorSite? {
        for url in login.urls {
            if let host = Site.host(url), let site = site(forHost: host) { return site }
        }
        return nil
    }
}

/// Directories read once per process: the shipped file is the same for every check load.
enum TwoFactorDirectoryCache {
    static let shared = ProcessCache<TwoFactorDirectory>()
}

extension ProcessCache where Value == TwoFactorDirectory {
    func directory(_ file: CheckDataFile, aliases: [String: String]) throws -> TwoFactorDirectory {
        let key = file.path + "\u{0}" + aliases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            + "\u{0}\(file.text.utf8.count)\u{0}\(file.text.hashValue)"
        return try value(key) { try TwoFactorDirectory(file, aliases: aliases) }
    }
}
