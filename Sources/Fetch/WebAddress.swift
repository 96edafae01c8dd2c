import Foundation

/// A web address as the crawler compares them: scheme and host lowercased, no fragment, default port left out.
public struct WebAddress: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// Path and query, at least `/`.
    public let pathAndQuery: String

    public init?(_ text: String, relativeTo base: WebAddress? = nil) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let resolved: URL?
        if let base {
            resolved = URL(string: trimmed, relativeTo: URL(string: base.description))?.absoluteURL
        } else {
            resolved = URL(string: trimmed)
        }
        guard let url = resolved, let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host
        let defaultPort = scheme == "http" ? 80 : 443
        self.port = url.port.flatMap { $0 == defaultPort ? nil : $0 }
        var path = url.path.isEmpty ? "/" : url.path
        // Keep the path as written (percent-encoding and a trailing slash) where URL gives it back.
        if let components = URLComponents(url: url, resolvingAgainstBaseURL: true), !components.percentEncodedPath.isEmpty {
            path = components.percentEncodedPath
        }
        if let query = url.query { path += "?" + query }
        self.pathAndQuery = path
    }

    public var description: String {
        "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(pathAndQuery)"
    }

    /// What the per-host limit counts: the host and its port (servers on other ports are other servers).
    public var hostKey: String { port.map { "\(host):\($0)" } ?? host }

    /// The same site: the same host, with or without `www.`, and the same port.
    public func isSameSite(as other: WebAddress) -> Bool {
        func bare(_ host: String) -> String { host.hasPrefix("www.") ? String(host.dropFirst(4)) : host }
        return bare(host) == bare(other.host) && port == other.port
    }

    /// `scheme://host[:port]`.
    public var origin: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")" }

    /// The path without the query, for robots.txt rules.
    public var path: String { String(pathAndQuery.prefix { $0 != "?" }) }
}
