import Foundation

/// Why a time stamp could not be obtained or does not hold up, in words a person can act on. Asking names the
/// authority's address; checking a stored token names what in it is wrong.
public enum TimestampError: Error, LocalizedError, Equatable {
    // Asking an authority
    /// The digest to stamp is not a SHA-256 value (32 bytes).
    case invalidDigest(byteCount: Int)
    case unreachable(authority: String, reason: String)
    case timeout(authority: String, seconds: Int)
    case httpStatus(authority: String, status: Int)
    /// The answer is something else than a time-stamp reply (a web page, say): probably not a TSA's address.
    case notATimestampReply(authority: String, contentType: String)
    /// The authority said no: its PKIStatus, its own words and the failure bits it set.
    case refused(authority: String, status: String, text: [String], failures: [String])
    case nonceMismatch(authority: String)
    case imprintMismatch(authority: String)
    /// The reply cannot be read as a TimeStampResp, or it grants without a token.
    case badReply(authority: String, reason: String)
    /// The authority's token does not pass verification.
    indirect case badToken(authority: String, TimestampError)

    // Checking a token
    case malformedToken(String)
    /// The token stamps another hash than the one it is checked against (lowercase hex).
    case digestMismatch(expected: String, stamped: String)
    case unsupportedAlgorithm(String)
    /// The signed message-digest attribute is not the hash of the TSTInfo: the stamped content was altered.
    case contentDigestMismatch
    case signerNotFound
    case badSignature(signer: String)
    case notATimeStampingCertificate(signer: String, reason: String)
    case signingCertificateMismatch(signer: String)
    /// A stored stamp's time differs from the time inside its token.
    case timeMismatch(recorded: Date, signed: Date)
    /// A CA file the user named cannot be used.
    case trustFile(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .invalidDigest(let count):
            "a time stamp is asked for a SHA-256 hash (32 bytes), not \(count) bytes; this is a bug in hygiene, please report it"
        case .unreachable(let url, let reason):
            "\(url): the time-stamping authority could not be reached (\(reason)); check the address and your connection, or try again later"
        case .timeout(let url, let seconds):
            "\(url): the time-stamping authority gave no complete answer within \(seconds) s; try again later or choose another authority"
        case .httpStatus(let url, let status):
            "\(url): the server answered HTTP \(status) instead of a time stamp; check that this is the authority's time-stamping address"
        case .notATimestampReply(let url, let type):
            "\(url): the answer is not a time-stamp reply (it is \(type)); this address is probably not an RFC 3161 time-stamping authority — check its documentation for the right URL"
        case .refused(let url, let status, let text, let failures):
            "\(url): the time-stamping authority refused the request (\(status)\(text.isEmpty ? "" : ": \"\(text.joined(separator: " "))\"")\(failures.isEmpty ? "" : " — " + failures.joined(separator: "; "))); try another authority"
        case .nonceMismatch(let url):
            "\(url): the reply does not answer our request (its nonce differs), so it may be replayed or mixed up; the stamp was not kept — try again"
        case .imprintMismatch(let url):
            "\(url): the authority stamped another hash than the one sent; the stamp was not kept — try again or choose another authority"
        case .badReply(let url, let reason):
            "\(url): the time-stamp reply cannot be used (\(reason)); try again or choose another authority"
        case .badToken(let url, let error):
            "\(url): the time stamp the authority sent does not hold up — \(error.errorDescription ?? "\(error)"); it was not kept"
        case .malformedToken(let reason):
            "the time-stamp token is malformed (\(reason)); the stored token is damaged or is not an RFC 3161 token"
        case .digestMismatch(let expected, let stamped):
            "the time stamp is for the hash \(stamped), not \(expected): it does not belong to this record, or the record was changed after it was stamped"
        case .unsupportedAlgorithm(let what):
            "the time stamp uses \(what), which hygiene cannot check; verify it with another tool (openssl ts -verify)"
        case .contentDigestMismatch:
            "the time-stamp token was altered: its signed digest does not match its content (TSTInfo); do not rely on it"
        case .signerNotFound:
            "the time-stamp token does not contain the certificate of its signer, so its signature cannot be checked"
        case .badSignature(let signer):
            "the signature of the time-stamp token does not verify with the certificate of \(signer): the token was altered; do not rely on it"
        case .notATimeStampingCertificate(let signer, let reason):
            "the time stamp is signed by \(signer), whose certificate is not a time-stamping certificate (\(reason)); do not rely on it"
        case .signingCertificateMismatch(let signer):
            "the time-stamp token's signing-certificate attribute does not name the certificate of \(signer), which signed it; do not rely on it"
        case .timeMismatch(let recorded, let signed):
            "the stamp was recorded as signed at \(recorded.formatted(.iso8601)) but its token says \(signed.formatted(.iso8601)); the logbook entry was changed"
        case .trustFile(let path, let reason):
            "\(path): \(reason); give a file with one or more CA certificates (PEM or DER)"
        }
    }
}
