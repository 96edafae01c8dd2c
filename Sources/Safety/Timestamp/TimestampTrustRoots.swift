import Foundation
import SwiftASN1
import X509

/// The certificate authorities whose time-stamping authorities are trusted: the system's bundle (when it can be read)
/// plus CA files the user names. Read when a token is checked, not before.
public struct TimestampTrustRoots: Sendable {
    /// Debian's bundle of the CAs the system trusts.
    public static let defaultSystemBundle = "/etc/ssl/certs/ca-certificates.crt"
    /// The system's bundle only.
    public static let system = TimestampTrustRoots()
    /// Nothing is trusted: every stamp is reported untrusted (its signature is still checked).
    public static let none = TimestampTrustRoots(systemBundle: nil)

    /// Read if it exists; when it cannot be read, stamps are reported untrusted with that reason.
    public var systemBundle: String?
    /// The user's own CA files (PEM, one or more certificates, or a single DER certificate); one that cannot be read is an error.
    public var caFiles: [String]
    /// Roots given directly.
    public var certificates: [Certificate]

    public init(systemBundle: String? = TimestampTrustRoots.defaultSystemBundle, caFiles: [String] = [], certificates: [Certificate] = []) {
        self.systemBundle = systemBundle
        self.caFiles = caFiles
        self.certificates = certificates
    }

    struct Loaded {
        var roots: [Certificate]
        /// Why the system bundle was not used, if it was not.
        var systemBundleProblem: String?
    }

    func load() throws -> Loaded {
        var roots = certificates
        var problem: String?
        if let systemBundle {
            do {
                roots += try Self.read(systemBundle)
            } catch {
                problem = "the system's trust store \(systemBundle) could not be read"
            }
        }
        for file in caFiles {
            do {
                roots += try Self.read(file)
            } catch let error as TimestampError {
                throw error
            } catch {
                throw TimestampError.trustFile(path: file, reason: "cannot be read (\(error.localizedDescription))")
            }
        }
        return Loaded(roots: roots, systemBundleProblem: problem)
    }

    /// The certificates in a PEM file (CERTIFICATE blocks; other blocks are skipped) or a single DER certificate.
    static func read(_ path: String) throws -> [Certificate] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN") {
            let documents: [PEMDocument]
            do {
                documents = try PEMDocument.parseMultiple(pemString: text)
            } catch {
                throw TimestampError.trustFile(path: path, reason: "is not valid PEM (\(error))")
            }
            let certificates = try documents.filter { $0.discriminator == "CERTIFICATE" }.map { document in
                do { return try Certificate(derEncoded: document.derBytes) } catch {
                    throw TimestampError.trustFile(path: path, reason: "holds a certificate that cannot be read (\(error))")
                }
            }
            guard !certificates.isEmpty else { throw TimestampError.trustFile(path: path, reason: "holds no certificate") }
            return certificates
        }
        do {
            return [try Certificate(derEncoded: Array(data))]
        } catch {
            throw TimestampError.trustFile(path: path, reason: "is neither PEM nor a DER certificate")
        }
    }
}

/// RFC 3161 §2.3 for the chain: the time-stamping authority's certificate has one extended key usage,
/// timeStamping, marked critical; an intermediate that restricts its extended key usage must allow time stamping.
struct TimeStampingPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.extendedKeyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        if let problem = Self.problem(with: chain.leaf) { return .failsToMeetPolicy(reason: problem) }
        for intermediate in chain.dropFirst().dropLast() {
            guard let usage = try? intermediate.extensions.extendedKeyUsage else { continue }
            if !usage.contains(.timeStamping) && !usage.contains(.any) {
                return .failsToMeetPolicy(reason: "the intermediate CA \(intermediate.subject) may not issue time-stamping certificates")
            }
        }
        return .meetsPolicy
    }

    /// Why the certificate may not sign time stamps, or nil.
    static func problem(with certificate: Certificate) -> String? {
        guard let ext = certificate.extensions[oid: .X509ExtensionID.extendedKeyUsage] else {
            return "it has no extended key usage"
        }
        guard let usage = try? ExtendedKeyUsage(ext) else { return "its extended key usage cannot be read" }
        guard usage.contains(.timeStamping) else { return "its extended key usage does not include time stamping" }
        guard usage.count == 1 else { return "its extended key usage allows more than time stamping" }
        guard ext.critical else { return "its extended key usage is not marked critical" }
        return nil
    }
}
