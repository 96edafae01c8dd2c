import AuditCore
import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// Whether the authority that signed a time stamp is one the user trusts. Either way its signature has been checked.
public enum TimestampTrust: Sendable, Hashable {
    /// The signer's certificate chains to a trusted root, and was valid and allowed to stamp at the stamped time.
    case trusted(signer: String)
    /// The signature is sound, but nothing vouches for the signer (an unknown CA, an expired certificate…).
    case untrusted(signer: String, reason: String)

    public var isTrusted: Bool {
        if case .trusted = self { true } else { false }
    }
}

/// What a checked time stamp says.
public struct VerifiedTimestamp: Sendable, Hashable {
    /// When the authority says it signed (TSTInfo genTime).
    public var genTime: Date
    /// The authority's serial number for the stamp, lowercase hex.
    public var serialNumber: String
    /// The authority's policy under which it stamped, as a dotted OID.
    public var policy: String
    /// The subject of the signer's certificate ("CN=…,O=…").
    public var signer: String
    /// How far genTime may be off, in seconds, when the authority says.
    public var accuracy: TimeInterval?
    /// The name the authority gives itself in the token, if any.
    public var authorityName: String?
    public var trust: TimestampTrust

    public init(genTime: Date, serialNumber: String, policy: String, signer: String, accuracy: TimeInterval? = nil,
                authorityName: String? = nil, trust: TimestampTrust) {
        self.genTime = genTime
        self.serialNumber = serialNumber
        self.policy = policy
        self.signer = signer
        self.accuracy = accuracy
        self.authorityName = authorityName
        self.trust = trust
    }
}

/// Checks an RFC 3161 time-stamp token against the hash it should stamp: the TSTInfo's imprint, the CMS signature
/// (signed attributes, their message digest and content type, the signing-certificate attribute, a time-stamping
/// certificate), then the signer's chain against the trust roots at genTime. A token that fails any check of the first
/// kind is an error; trust is reported as a value. Signatures are verified by swift-certificates.
public struct TimestampVerifier: Sendable {
    public var trustRoots: TimestampTrustRoots

    public init(trustRoots: TimestampTrustRoots = .system) {
        self.trustRoots = trustRoots
    }

    /// `digest` is the SHA-256 value that was stamped (32 bytes).
    public func verify(token: Data, digest: [UInt8]) async throws -> VerifiedTimestamp {
        let checked = try Self.check(token: Array(token), digest: digest)
        let signer = checked.signer.certificate
        let subject = signer.subject.description
        let trust = try await self.trust(signer: signer, intermediates: checked.certificates, at: checked.info.genTime)
        return VerifiedTimestamp(genTime: checked.info.genTime, serialNumber: Integers.hex(checked.info.serialNumber),
                                 policy: checked.info.policy.description, signer: subject,
                                 accuracy: checked.info.accuracy?.interval, authorityName: checked.info.tsa.map(Self.describe),
                                 trust: trust)
    }

    struct Checked {
        var info: TSTInfo
        var signer: EncodedCertificate
        var certificates: [Certificate]
    }

    /// Everything but trust: a failure here means the token is not a sound time stamp over `digest`.
    static func check(token: [UInt8], digest: [UInt8]) throws -> Checked {
        let signedData: SignedData
        let info: TSTInfo
        do {
            signedData = try TimeStampToken(derEncoded: try DER.parse(token)).signedData
            guard signedData.contentType == .tstInfo else {
                throw TimestampError.malformedToken("it signs content of type \(signedData.contentType), not a TSTInfo")
            }
            guard let content = signedData.content else { throw TimestampError.malformedToken("it holds no TSTInfo") }
            info = try TSTInfo(derEncoded: try DER.parse(content))
        } catch let error as TimestampError {
            throw error
        } catch {
            throw TimestampError.malformedToken("\(error)")
        }
        guard info.version == 1 else { throw TimestampError.malformedToken("its TSTInfo has version \(info.version), not 1") }
        guard DigestAlgorithm(info.messageImprint.hashAlgorithm) == .sha256 else {
            throw TimestampError.malformedToken("it stamps a hash made with \(info.messageImprint.hashAlgorithm.algorithm), not SHA-256")
        }
        guard info.messageImprint.hashedMessage == digest else {
            throw TimestampError.digestMismatch(expected: Integers.hex(digest), stamped: Integers.hex(info.messageImprint.hashedMessage))
        }

        guard signedData.signerInfos.count == 1, let signerInfo = signedData.signerInfos.first else {
            throw TimestampError.malformedToken("it has \(signedData.signerInfos.count) signatures instead of the authority's one")
        }
        guard let digestAlgorithm = DigestAlgorithm(signerInfo.digestAlgorithm) else {
            throw TimestampError.unsupportedAlgorithm("the digest algorithm \(signerInfo.digestAlgorithm.algorithm)")
        }
        guard let signedAttributes = signerInfo.signedAttributesDER else {
            throw TimestampError.malformedToken("its signature has no signed attributes, which RFC 3161 requires")
        }
        do {
            guard let type = try signerInfo.attribute(.contentTypeAttribute),
                  try ASN1ObjectIdentifier(derEncoded: type) == .tstInfo else {
                throw TimestampError.malformedToken("its signed content-type attribute is missing or is not TSTInfo")
            }
            guard let messageDigest = try signerInfo.attribute(.messageDigestAttribute) else {
                throw TimestampError.malformedToken("its signed attributes have no message digest")
            }
            guard Array(try ASN1OctetString(derEncoded: messageDigest).bytes) == digestAlgorithm.hash(signedData.content!) else {
                throw TimestampError.contentDigestMismatch
            }
        } catch let error as TimestampError {
            throw error
        } catch {
            throw TimestampError.malformedToken("its signed attributes cannot be read (\(error))")
        }

        guard let signer = signedData.certificates.first(where: { signerInfo.sid.matches($0.certificate) }) else {
            throw TimestampError.signerNotFound
        }
        let subject = signer.certificate.subject.description
        let algorithm = try SignerAlgorithm.resolve(signature: signerInfo.signatureAlgorithm, digest: digestAlgorithm)
        guard signer.certificate.publicKey.isValidSignature(signerInfo.signature, for: signedAttributes, signatureAlgorithm: algorithm) else {
            throw TimestampError.badSignature(signer: subject)
        }
        if let problem = TimeStampingPolicy.problem(with: signer.certificate) {
            throw TimestampError.notATimeStampingCertificate(signer: subject, reason: problem)
        }
        do {
            let v2 = try signerInfo.attribute(.signingCertificateV2Attribute)
            if let attribute = try v2 ?? signerInfo.attribute(.signingCertificateAttribute),
               !(try SigningCertificateID(attribute: attribute, version2: v2 != nil).names(signer)) {
                throw TimestampError.signingCertificateMismatch(signer: subject)
            }
        } catch let error as TimestampError {
            throw error
        } catch {
            throw TimestampError.malformedToken("its signing-certificate attribute cannot be read (\(error))")
        }
        return Checked(info: info, signer: signer, certificates: signedData.certificates.map(\.certificate))
    }

    /// The signer's chain against the trust roots, as of `time`.
    func trust(signer: Certificate, intermediates: [Certificate], at time: Date) async throws -> TimestampTrust {
        let roots = trustRoots
        let loaded = try await onOwnThread { try roots.load() }
        let subject = signer.subject.description
        var verifier = Verifier(rootCertificates: CertificateStore(loaded.roots)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            TimeStampingPolicy()
        }
        switch await verifier.validate(leaf: signer, intermediates: CertificateStore(intermediates)) {
        case .validCertificate:
            return .trusted(signer: subject)
        case .couldNotValidate(let failures):
            var reasons: [String] = []
            for failure in failures where !reasons.contains(failure.policyFailureReason.description) {
                reasons.append(failure.policyFailureReason.description)
            }
            if reasons.isEmpty {
                reasons.append(loaded.roots.isEmpty ? "no trusted root certificates were given"
                                                    : "its certificate does not chain to a trusted root")
            }
            if let problem = loaded.systemBundleProblem { reasons.append(problem) }
            return .untrusted(signer: subject, reason: reasons.joined(separator: "; "))
        }
    }

    static func describe(_ name: GeneralName) -> String {
        switch name {
        case .directoryName(let name): name.description
        case .dnsName(let name), .rfc822Name(let name), .uniformResourceIdentifier(let name): name
        default: "\(name)"
        }
    }
}

extension TimestampVerifier {
    /// Checks a logbook stamp: its token against its chain hash, and the time it was recorded with against the token's.
    public func verify(_ stamp: EvidenceStamp) async throws -> VerifiedTimestamp {
        guard let digest = Self.bytes(hex: stamp.chainHash), digest.count == 32 else {
            throw TimestampError.malformedToken("the stamp's chain hash \"\(stamp.chainHash)\" is not a SHA-256 value in hex")
        }
        let verified = try await verify(token: stamp.token, digest: digest)
        // Stores may keep times to the millisecond.
        guard abs(verified.genTime.timeIntervalSince(stamp.signedAt)) < 0.002 else {
            throw TimestampError.timeMismatch(recorded: stamp.signedAt, signed: verified.genTime)
        }
        return verified
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0, digits.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }) else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
