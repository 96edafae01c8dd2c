import Foundation

/// A request as the checks make them: bounded in time and size, http and https only. A GET unless a
/// method and a body are given (a POST to a time-stamping authority).
public struct HTTPRequest: Sendable {
    public var url: String
    /// "GET" or "POST" (any other method is sent as given, with the body if there is one).
    public var method: String
    public var headers: [String: String]
    /// Sent as is, byte for byte (binary-safe), with a Content-Length; set the Content-Type in `headers`.
    public var body: Data?
    public var connectTimeout: Duration
    public var timeout: Duration
    /// Larger bodies are cut off here and reported as too large.
    public var maxBytes: Int
    public var maxRedirects: Int
    /// Return the first `maxBytes` of a larger body (marked truncated) instead of failing: for image
    /// headers, where the metadata sits at the start.
    public var acceptPartial: Bool

    public init(url: String, headers: [String: String] = [:], connectTimeout: Duration = .seconds(10),
                timeout: Duration = .seconds(30), maxBytes: Int = 10 << 20, maxRedirects: Int = 5,
                acceptPartial: Bool = false, method: String = "GET", body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.acceptPartial = acceptPartial
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lowercased; the last value of a repeated header wins.
    public var headers: [String: String]
    public var body: Data
    /// Where the last redirect led.
    public var finalURL: String
    /// The body stopped at the request's `maxBytes` (only with `acceptPartial`).
    public var truncated: Bool

    public init(status: Int, headers: [String: String], body: Data, finalURL: String, truncated: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.finalURL = finalURL
        self.truncated = truncated
    }
}

/// Why a request did not give a response, in terms a person can act on.
public enum FetchError: Error, LocalizedFailure, Equatable {
    case invalidURL(String)
    case protocolNotAllowed(String)
    case dns(String)
    case refused(String)
    case timeout(String, seconds: Int)
    case tls(String, String)
    case tooLarge(String, limit: Int)
    case tooManyRedirects(String)
    case connectionLost(String)
    /// The server answered with an error status (404, 500…).
    case httpStatus(String, Int)
    /// Still 429 or 503 after the retries, or the server asked to wait longer than we do.
    case rateLimited(String, seconds: Int)
    /// The answer is not a page we can read (a PDF, a video…).
    case notHTML(String, String)
    case other(String, String)

    /// The address the error is about.
    public var url: String {
        switch self {
        case .invalidURL(let url), .protocolNotAllowed(let url), .dns(let url), .refused(let url), .timeout(let url, _),
             .tls(let url, _), .tooLarge(let url, _), .tooManyRedirects(let url), .connectionLost(let url),
             .httpStatus(let url, _), .rateLimited(let url, _), .notHTML(let url, _), .other(let url, _):
            url
        }
    }

    /// Why, without the address, in both languages: for a report that lists the address beside it.
    public var reason: LocalizedText {
        switch self {
        case .invalidURL: LocalizedText(en: "not a valid web address", nl: "geen geldig webadres")
        case .protocolNotAllowed: LocalizedText(en: "not http or https (also checked on redirects); not fetched",
                                                nl: "geen http of https (ook gecontroleerd bij doorverwijzingen); niet opgehaald")
        case .dns: LocalizedText(en: "the host name does not resolve (DNS)", nl: "de hostnaam bestaat niet (DNS)")
        case .refused: LocalizedText(en: "the connection was refused", nl: "de verbinding werd geweigerd")
        case .timeout(_, let seconds): LocalizedText(en: "no complete answer within \(seconds) s (timeout)",
                                                     nl: "geen volledig antwoord binnen \(seconds) s (time-out)")
        case .tls(_, let detail): LocalizedText(en: "the secure connection failed (TLS: \(detail))",
                                                nl: "de beveiligde verbinding mislukte (TLS: \(detail))")
        case .tooLarge(_, let limit): LocalizedText(en: "larger than \(limit >> 20) MB; stopped reading (too large)",
                                                    nl: "groter dan \(limit >> 20) MB; lezen gestopt (te groot)")
        case .tooManyRedirects: LocalizedText(en: "too many redirects", nl: "te veel doorverwijzingen")
        case .connectionLost: LocalizedText(en: "the connection was closed before the answer was complete",
                                            nl: "de verbinding werd verbroken voordat het antwoord compleet was")
        case .httpStatus(_, let code): LocalizedText(en: "the server answered HTTP \(code)", nl: "de server antwoordde HTTP \(code)")
        case .rateLimited(_, let seconds): LocalizedText(en: "the server keeps asking to slow down (HTTP 429/503; wait \(seconds) s)",
                                                         nl: "de server blijft vragen om trager te gaan (HTTP 429/503; wacht \(seconds) s)")
        case .notHTML(_, let type): LocalizedText(en: "not an HTML page or image (\(type))", nl: "geen HTML-pagina of afbeelding (\(type))")
        case .other(_, let detail): .verbatim(detail)
        }
    }

    public var errorDescription: String? {
        switch self {
        case .invalidURL(let url): "\(url): not a valid web address"
        case .protocolNotAllowed(let url): "\(url): only http and https are fetched (also when redirected)"
        case .dns(let url): "\(url): the host name does not resolve (DNS)"
        case .refused(let url): "\(url): the connection was refused"
        case .timeout(let url, let seconds): "\(url): no complete answer within \(seconds) s"
        case .tls(let url, let detail): "\(url): the secure connection failed (\(detail))"
        case .tooLarge(let url, let limit): "\(url): larger than \(limit >> 20) MB; stopped reading"
        case .tooManyRedirects(let url): "\(url): too many redirects"
        case .connectionLost(let url): "\(url): the connection was closed before the answer was complete"
        case .httpStatus, .rateLimited, .notHTML: "\(url): \(reason.en)"
        case .other(let url, let detail): "\(url): \(detail)"
        }
    }

    /// The address and why, in every language.
    public var message: LocalizedText {
        LocalizedText(en: errorDescription ?? url, nl: "\(url): \(reason.nl)")
    }
}

/// Fetches web pages. The CLI gives checks the libcurl implementation; tests give a fake or a local server.
public protocol HTTPFetching: Sendable {
    func fetch(_ request: HTTPRequest) async throws -> HTTPResponse
}
