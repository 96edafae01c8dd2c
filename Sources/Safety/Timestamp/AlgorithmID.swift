import Crypto
import Foundation
import SwiftASN1
import X509

/// An AlgorithmIdentifier (RFC 5280 §4.1.1.2): an OID and its optional parameters.
struct AlgorithmID: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var algorithm: ASN1ObjectIdentifier
    var parameters: ASN1Any?

    init(algorithm: ASN1ObjectIdentifier, parameters: ASN1Any? = nil) {
        self.algorithm = algorithm
        self.parameters = parameters
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let algorithm = try ASN1ObjectIdentifier(derEncoded: &nodes)
            let parameters = nodes.next().map { ASN1Any(derEncoded: $0) }
            return AlgorithmID(algorithm: algorithm, parameters: parameters)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(algorithm)
            if let parameters { try coder.serialize(parameters) }
        }
    }

    /// Absent parameters or an explicit NULL: how the SHA-2 identifiers are written (RFC 5754 §2 allows both).
    var hasNoParameters: Bool {
        guard let parameters else { return true }
        return (try? ASN1Null(asn1Any: parameters)) != nil
    }
}

/// The hash functions a time stamp may use, computed by swift-crypto.
enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha256 = "SHA-256"
    case sha384 = "SHA-384"
    case sha512 = "SHA-512"

    var oid: ASN1ObjectIdentifier {
        switch self {
        case .sha256: [2, 16, 840, 1, 101, 3, 4, 2, 1]
        case .sha384: [2, 16, 840, 1, 101, 3, 4, 2, 2]
        case .sha512: [2, 16, 840, 1, 101, 3, 4, 2, 3]
        }
    }

    /// As OpenSSL and most time-stamping authorities write it: with a NULL parameter.
    var identifier: AlgorithmID { AlgorithmID(algorithm: oid, parameters: try! ASN1Any(erasing: ASN1Null())) }

    var byteCount: Int {
        switch self {
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    init?(_ identifier: AlgorithmID) {
        guard identifier.hasNoParameters, let match = Self.allCases.first(where: { $0.oid == identifier.algorithm }) else { return nil }
        self = match
    }

    func hash<Bytes: DataProtocol>(_ bytes: Bytes) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }
}

extension ASN1ObjectIdentifier {
    /// SHA-1: only to identify a certificate in the ESSCertID signing-certificate attribute (RFC 2634), never for a signature.
    static let sha1Digest: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    static let sha1WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 5]
    static let rsassaPSS: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 10]
    static let sha256WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 11]
    static let sha384WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 12]
    static let sha512WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 13]
    static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
    static let ecdsaWithSHA384: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 3]
    static let ecdsaWithSHA512: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 4]
    static let ed25519: ASN1ObjectIdentifier = [1, 3, 101, 112]
}

/// The signature algorithm of a SignerInfo, as swift-certificates knows it. CMS writers often give only the key
/// type (rsaEncryption, id-ecPublicKey) and leave the hash to the digest algorithm; both are combined here.
enum SignerAlgorithm {
    static func resolve(signature: AlgorithmID, digest: DigestAlgorithm) throws -> Certificate.SignatureAlgorithm {
        let rsa: [DigestAlgorithm: Certificate.SignatureAlgorithm] = [
            .sha256: .sha256WithRSAEncryption, .sha384: .sha384WithRSAEncryption, .sha512: .sha512WithRSAEncryption]
        let ecdsa: [DigestAlgorithm: Certificate.SignatureAlgorithm] = [
            .sha256: .ecdsaWithSHA256, .sha384: .ecdsaWithSHA384, .sha512: .ecdsaWithSHA512]
        let named: [ASN1ObjectIdentifier: (DigestAlgorithm, Certificate.SignatureAlgorithm)] = [
            .sha256WithRSA: (.sha256, .sha256WithRSAEncryption), .sha384WithRSA: (.sha384, .sha384WithRSAEncryption),
            .sha512WithRSA: (.sha512, .sha512WithRSAEncryption), .ecdsaWithSHA256: (.sha256, .ecdsaWithSHA256),
            .ecdsaWithSHA384: (.sha384, .ecdsaWithSHA384), .ecdsaWithSHA512: (.sha512, .ecdsaWithSHA512)]
        switch signature.algorithm {
        case .rsaEncryption: return rsa[digest]!
        case .ecPublicKey: return ecdsa[digest]!
        case .ed25519: return .ed25519
        case .rsassaPSS:
            throw TimestampError.unsupportedAlgorithm("RSASSA-PSS signatures (swift-certificates verifies RSA with PKCS #1 v1.5 only)")
        case .sha1WithRSA:
            throw TimestampError.unsupportedAlgorithm("RSA with SHA-1 signatures (SHA-1 is broken for signatures)")
        case let oid:
            guard let (hash, algorithm) = named[oid] else { throw TimestampError.unsupportedAlgorithm("the signature algorithm \(oid)") }
            guard hash == digest else {
                throw TimestampError.malformedToken("the signature algorithm \(algorithm) does not use the signer's digest algorithm \(digest.rawValue)")
            }
            return algorithm
        }
    }
}
