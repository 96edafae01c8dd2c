import Foundation

/// A GET request as the checks make them: bounded in time and size, http and https only.
public struct HTTPRequest: Sendable {
    public var url: String
    public var headers: [String: String]
    public var connectTimeout: Duration
    public var timeout: Duration
    /// Larger bodies are cut off here and reported as too large.
    public var maxBytes: Int
    public var maxRedirects: Int

    public init(url: String, headers: [String: String] = [:], connectTimeout: Duration = .seconds(10),
                timeout: Duration = .seconds(30), maxBytes: Int = 10 << 20, maxRedirects: Int = 5) {
        self.url = url
        self.headers = headers
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lowercased; the last value of a repeated header wins.
    public var headers: [String: String]
    public var body: Data
    /// Where the last redirect led.
    public var finalURL: String

    public init(status: Int, headers: [String: String], body: Data, finalURL: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.finalURL = finalURL
    }
}

/// Why a request did not give a response, in terms a person can act on.
public enum FetchError: Error, LocalizedError, Equatable {
    case invalidURL(String)
    case protocolNotAllowed(String)
    case dns(String)
    case refused(String)
    case timeout(String, seconds: Int)
    case tls(String, String)
    case tooLarge(String, limit: Int)
    case tooManyRedirects(String)
    case connectionLost(String)
    case other(String, String)

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
        case .other(let url, let detail): "\(url): \(detail)"
        }
    }
}

/// Fetches web pages. The CLI gives checks the libcurl implementation; tests give a fake or a local server.
public protocol HTTPFetching: Sendable {
    func fetch(_ request: HTTPRequest) async throws -> HTTPResponse
}
