import AuditCore
import Fetch
import Foundation
import SwiftASN1

/// A time stamp as an authority granted it, checked.
public struct StampResult: Sendable {
    /// The DER TimeStampToken as the authority sent it: keep it as is.
    public var token: Data
    /// When the authority says it signed.
    public var genTime: Date
    /// What the token says and whether its signer is trusted.
    public var verification: VerifiedTimestamp

    public init(token: Data, genTime: Date, verification: VerifiedTimestamp) {
        self.token = token
        self.genTime = genTime
        self.verification = verification
    }
}

/// Asks an RFC 3161 time-stamping authority the user names for a signed time stamp over one SHA-256 hash. Only that
/// hash (with a random nonce) leaves the machine. The reply is checked — status, nonce, imprint, then the token as
/// `TimestampVerifier` does — before it is returned.
public struct TimestampClient: Sendable {
    public var fetcher: any HTTPFetching
    public var verifier: TimestampVerifier
    public var connectTimeout: Duration
    public var timeout: Duration
    /// Replies are small (a few kB); anything larger is refused.
    public var maxReplyBytes: Int

    public init(fetcher: any HTTPFetching = CurlFetcher(), verifier: TimestampVerifier = TimestampVerifier(),
                connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30), maxReplyBytes: Int = 1 << 20) {
        self.fetcher = fetcher
        self.verifier = verifier
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxReplyBytes = maxReplyBytes
    }

    /// `digest`: the SHA-256 value to stamp (32 bytes); `authority`: the TSA's http or https address.
    public func stamp(digest: [UInt8], authority: String) async throws -> StampResult {
        guard digest.count == DigestAlgorithm.sha256.byteCount else { throw TimestampError.invalidDigest(byteCount: digest.count) }
        let request = TimeStampRequest.sha256(digest)
        let response = try await post(request, to: authority)
        let token = try Self.token(from: response, for: request, authority: authority)
        do {
            let verified = try await verifier.verify(token: token, digest: digest)
            return StampResult(token: token, genTime: verified.genTime, verification: verified)
        } catch let error as TimestampError {
            if case .trustFile = error { throw error }
            throw TimestampError.badToken(authority: authority, error)
        }
    }

    func post(_ request: TimeStampRequest, to authority: String) async throws -> HTTPResponse {
        let http = HTTPRequest(url: authority,
                               headers: ["Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"],
                               connectTimeout: connectTimeout, timeout: timeout, maxBytes: maxReplyBytes,
                               method: "POST", body: Data(request.derBytes))
        do {
            return try await fetcher.fetch(http)
        } catch let error as FetchError {
            switch error {
            case .timeout(_, let seconds): throw TimestampError.timeout(authority: authority, seconds: seconds)
            case .tooLarge: throw TimestampError.badReply(authority: authority, reason: "larger than \(maxReplyBytes >> 10) kB; a time-stamp reply is a few kB")
            default: throw TimestampError.unreachable(authority: authority, reason: error.reason.en)
            }
        }
    }

    /// The token in a reply to `request`, after the checks that need the request: status, nonce, imprint.
    static func token(from response: HTTPResponse, for request: TimeStampRequest, authority: String) throws -> Data {
        let type = response.headers["content-type"].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        // Older servers use the draft's name for the type; some send none.
        let isReplyType = type == nil || type == "application/timestamp-reply" || type == "application/timestamp-response"
        let reply = try? TimeStampResponse(derEncoded: Array(response.body))
        guard (200..<300).contains(response.status) || (reply != nil && isReplyType) else {
            throw TimestampError.httpStatus(authority: authority, status: response.status)
        }
        guard isReplyType, let reply else {
            if isReplyType { throw TimestampError.badReply(authority: authority, reason: "it is not a DER TimeStampResp") }
            throw TimestampError.notATimestampReply(authority: authority, contentType: type ?? "no type")
        }
        guard reply.status.granted else {
            throw TimestampError.refused(authority: authority, status: reply.status.statusName,
                                         text: reply.status.statusText, failures: reply.status.failures)
        }
        guard let token = reply.token else {
            throw TimestampError.badReply(authority: authority, reason: "it grants the request but holds no token")
        }
        let info: TSTInfo
        do {
            let signedData = try TimeStampToken(derEncoded: try DER.parse(token)).signedData
            guard signedData.contentType == .tstInfo, let content = signedData.content else {
                throw TimestampError.malformedToken("it holds no TSTInfo")
            }
            info = try TSTInfo(derEncoded: try DER.parse(content))
        } catch {
            throw TimestampError.badToken(authority: authority, error as? TimestampError ?? .malformedToken("\(error)"))
        }
        guard info.nonce == request.nonce else { throw TimestampError.nonceMismatch(authority: authority) }
        guard info.messageImprint.hashedMessage == request.messageImprint.hashedMessage,
              DigestAlgorithm(info.messageImprint.hashAlgorithm) == .sha256 else {
            throw TimestampError.imprintMismatch(authority: authority)
        }
        return Data(token)
    }
}
