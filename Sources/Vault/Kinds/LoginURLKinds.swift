import AuditCore
import Foundation

/// Where a login's host is: this machine, a private network (a router, a NAS, a camera), or the internet.
enum NetworkPlace: Equatable {
    case loopback, privateNetwork, internet

    /// Last labels of host names that only mean something on a home network (`nas.local`, `router.lan`,
    /// `printer.home.arpa`, `fritz.box`).
    static let localLabels: Set<Substring> = ["local", "lan", "home", "internal", "intranet", "corp", "localdomain", "box"]

    /// `host` as `Site.host` gives it (lowercase); `extraLocal` are names that routers answer on the
    /// home network (`routerlogin.net`…), matched with their subdomains.
    static func of(_ host: String, extraLocal: Set<String> = [], webAddress: Bool = true) -> NetworkPlace {
        var host = Substring(host.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) ? host.lowercased() : host)
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return .loopback }
        if !extraLocal.isEmpty, extraLocal.contains(where: { name in
            host.utf8.count >= name.utf8.count && host.utf8.suffix(name.utf8.count).elementsEqual(name.utf8)
        }) {
            var rest = host
            while true {
                if extraLocal.contains(String(rest)) { return .privateNetwork }
                guard let dot = rest.firstIndex(of: ".") else { break }
                rest = rest[rest.index(after: dot)...]
            }
        }
        if let dot = host.lastIndex(of: ".") {
            let last = host[host.index(after: dot)...]
            if localLabels.contains(last) || (last == "arpa" && host.hasSuffix(".home.arpa")) { return .privateNetwork }
        }
        if host.contains(":") {
            // IPv6: unique local fc00::/7 and link-local fe80::/10.
            let first = host.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard let value = UInt16(first, radix: 16) else { return .internet }
            return value & 0xFE00 == 0xFC00 || value & 0xFFC0 == 0xFE80 ? .privateNetwork : .internet
        }
        let parts = host.last?.isNumber == true ? host.split(separator: ".", omittingEmptySubsequences: false) : []
        let numbers = parts.compactMap { UInt8($0) }
        if numbers.count == 4 && parts.count == 4 {
            let (a, b) = (numbers[0], numbers[1])
            if a == 127 { return .loopback }
            let isPrivate = a == 10 || (a == 192 && b == 168) || (a == 172 && (16...31).contains(b))
                || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
            return isPrivate ? .privateNetwork : .internet
        }
        // A name without a dot (`http://router/`) resolves on the local network only; without a scheme
        // it is more likely a word typed into the URL field.
        return host.contains(".") || !webAddress ? .internet : .privateNetwork
    }
}

extension Credential {
    /// The hosts of this login's URLs, whether they are plain http, and whether they are web addresses at all.
    var hosts: [(host: String, plainHTTP: Bool, web: Bool)] {
        urls.compactMap { url in
            guard let host = Site.host(url) else { return nil }
            // The scheme, compared without lowercasing the whole address.
            let bytes = url.utf8.drop { $0 == 32 || $0 == 9 }
            func starts(with scheme: StaticString) -> Bool {
                let prefix = UnsafeBufferPointer(start: scheme.utf8Start, count: scheme.utf8CodeUnitCount)
                return bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 | 0x20 == $1 | 0x20 }
            }
            let plain = starts(with: "http://")
            return (host, plain, plain || starts(with: "https://"))
        }
    }
}

/// The `local-hosts` parameter: names that routers answer on a home network.
struct LocalHostNames: Sendable {
    static let parameter = ParameterSpec("local-hosts", "names that routers answer on a home network (fritz.box, routerlogin.net…): not the internet")
    let names: Set<String>

    init(_ parameters: Parameters) throws {
        names = Set(try parameters.strings("local-hosts", default: []).map { $0.lowercased() })
    }

    /// The places of a login's web addresses: plain http or not.
    func places(of login: Credential) -> [(place: NetworkPlace, plainHTTP: Bool)] {
        login.hosts.map { (NetworkPlace.of($0.host, extraLocal: names, webAddress: $0.web), $0.plainHTTP) }
    }
}

/// Logins on `http://` pages on the internet, where the password travels readable to anyone on the network.
struct InsecureURLKind: CheckKind {
    static let description = KindDescription(
        identifier: "insecure-login-url",
        family: "vault",
        summary: "Lists logins whose URL is plain http on the internet (this machine and private networks are left to network-device-logins).",
        parameters: [LocalHostNames.parameter],
        examples: examples)

    let localHosts: LocalHostNames

    init(parameters: Parameters) throws {
        localHosts = try LocalHostNames(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let (logins, copies) = try context.judgedLogins()
        let insecure = logins.filter { login in
            localHosts.places(of: login).contains { $0.plainHTTP && $0.place == .internet }
        }
        if insecure.isEmpty {
            return .passed(evidence: LocalizedText(en: "no login page of \(logins.count) on the internet uses plain http",
                                                   nl: "geen inlogpagina van de \(logins.count) op internet gebruikt onversleuteld http"))
        }
        return .failed([FindingDraft(
            key: insecure.map(\.accountKey).sorted().joined(separator: "|"),
            detail: LocalizedText(en: "Saved for pages without https, where the password can be read on the way: ",
                                  nl: "Bewaard voor pagina's zonder https, waar het wachtwoord onderweg te lezen is: ")
                + LocalizedText.count(insecure.count, en: ("login", "logins"), nl: ("login", "logins")) + .verbatim("."),
            subjects: insecure.map { $0.subject(among: copies) })])
    }
}

/// Logins for devices on a private network: the router's admin page, a NAS, a camera, a printer.
/// Their pages rarely have https, and whoever shared the home (an ex-partner, a former housemate)
/// may know these passwords: a router's password opens the whole network.
struct NetworkDeviceLoginsKind: CheckKind {
    static let description = KindDescription(
        identifier: "network-device-logins",
        family: "vault",
        summary: "Lists logins for private-network addresses (192.168.x.x, 10.x.x.x, .local, fritz.box…), saying which have no https.",
        parameters: [LocalHostNames.parameter],
        examples: examples)

    let localHosts: LocalHostNames

    init(parameters: Parameters) throws {
        localHosts = try LocalHostNames(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let (logins, copies) = try context.judgedLogins()
        var devices: [(Credential, plainHTTP: Bool)] = []
        for login in logins {
            let local = localHosts.places(of: login).filter { $0.place == .privateNetwork }
            if !local.isEmpty { devices.append((login, local.contains { $0.plainHTTP })) }
        }
        if devices.isEmpty {
            return .passed(evidence: LocalizedText(en: "none of \(logins.count) logins is for a device on a private network",
                                                   nl: "geen van de \(logins.count) logins is voor een apparaat op een privénetwerk"))
        }
        let plain = devices.filter(\.plainHTTP).count
        return .failed([FindingDraft(
            key: devices.map(\.0.accountKey).sorted().joined(separator: "|"),
            title: LocalizedText.count(devices.count, en: ("login", "logins"), nl: ("login", "logins"))
                + LocalizedText(en: " for devices on your home network", nl: " voor apparaten op je thuisnetwerk"),
            detail: LocalizedText(
                en: "These are the admin pages of a router, NAS, camera or similar device"
                    + (plain > 0 ? "; \(plain) of them without https, so the password crosses the home network readable" : "")
                    + ". On your own network that matters less than on the internet, but anyone who knew these passwords — an ex-partner, a former housemate — can still change the device's settings.",
                nl: "Dit zijn beheerpagina's van een router, NAS, camera of vergelijkbaar apparaat"
                    + (plain > 0 ? "; \(plain) ervan zonder https, dus het wachtwoord gaat leesbaar over het thuisnetwerk" : "")
                    + ". Op je eigen netwerk weegt dat minder dan op internet, maar wie deze wachtwoorden kende — een ex-partner, een oud-huisgenoot — kan de instellingen van het apparaat nog steeds veranderen."),
            subjects: devices.map { login, plainHTTP in
                var subject = login.subject(among: copies)
                subject.fields.append(.init("https", plainHTTP ? LocalizedText(en: "no", nl: "nee") : LocalizedText(en: "yes", nl: "ja")))
                return subject
            })])
    }
}
