import Foundation
import SwiftASN1
import X509

// The parts of CMS (RFC 5652) a time-stamp token is made of, read only. swift-certificates keeps its own CMS
// types internal and accepts only id-data content, so the token's structure is read here; every signature check
// is left to swift-certificates.

extension ASN1ObjectIdentifier {
    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 1, 4]
    static let contentTypeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigestAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let signingCertificateAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 2, 12]
    static let signingCertificateV2Attribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 2, 47]
}

/// The children of a constructed node with the given identifier. SET OF order is not enforced: nothing read
/// through here is signed in its re-encoded form.
func children(of node: ASN1Node, identifier: ASN1Identifier) throws -> [ASN1Node] {
    guard node.identifier == identifier, case .constructed(let nodes) = node.content else {
        throw ASN1Error.unexpectedFieldType(node.identifier)
    }
    return Array(nodes)
}

/// ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }, holding a SignedData.
struct TimeStampToken: DERParseable, Sendable {
    var signedData: SignedData

    init(derEncoded rootNode: ASN1Node) throws {
        signedData = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let contentType = try ASN1ObjectIdentifier(derEncoded: &nodes)
            guard contentType == .signedData else {
                throw TimestampError.malformedToken("it is CMS content of type \(contentType), not SignedData")
            }
            return try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { try SignedData(derEncoded: $0) }
        }
    }
}

/// A certificate as it was sent, with its exact bytes (the signing-certificate attribute hashes them).
struct EncodedCertificate: Sendable {
    var certificate: Certificate
    var der: [UInt8]
}

/// SignedData ::= SEQUENCE { version CMSVersion, digestAlgorithms SET OF DigestAlgorithmIdentifier,
///     encapContentInfo EncapsulatedContentInfo, certificates [0] IMPLICIT CertificateSet OPTIONAL,
///     crls [1] IMPLICIT RevocationInfoChoices OPTIONAL, signerInfos SET OF SignerInfo }
/// EncapsulatedContentInfo ::= SEQUENCE { eContentType OBJECT IDENTIFIER, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
struct SignedData: DERParseable, Sendable {
    var version: Int
    var digestAlgorithms: [AlgorithmID]
    var contentType: ASN1ObjectIdentifier
    var content: [UInt8]?
    /// Certificates proper; attribute certificates and other choices are skipped.
    var certificates: [EncodedCertificate]
    var signerInfos: [SignerInfo]

    init(derEncoded rootNode: ASN1Node) throws {
        self = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let version = try Int(derEncoded: &nodes)
            guard let algorithmsNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "SignedData ends early") }
            let algorithms = try children(of: algorithmsNode, identifier: .set).map { try AlgorithmID(derEncoded: $0) }
            guard let encapsulatedNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "SignedData ends early") }
            let (contentType, content) = try DER.sequence(encapsulatedNode, identifier: .sequence) { inner in
                let type = try ASN1ObjectIdentifier(derEncoded: &inner)
                let content = try DER.optionalExplicitlyTagged(&inner, tagNumber: 0, tagClass: .contextSpecific) {
                    try ASN1OctetString(derEncoded: $0)
                }
                return (type, content.map { Array($0.bytes) })
            }
            let certificates = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { node in
                try children(of: node, identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific))
                    .filter { $0.identifier == .sequence }
                    .map { EncodedCertificate(certificate: try Certificate(derEncoded: $0), der: Array($0.encodedBytes)) }
            }
            _ = DER.optionalImplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { _ in }
            guard let signersNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "SignedData has no signerInfos") }
            let signers = try children(of: signersNode, identifier: .set).map { try SignerInfo(derEncoded: $0) }
            return SignedData(version: version, digestAlgorithms: algorithms, contentType: contentType, content: content,
                              certificates: certificates ?? [], signerInfos: signers)
        }
    }

    init(version: Int, digestAlgorithms: [AlgorithmID], contentType: ASN1ObjectIdentifier, content: [UInt8]?,
         certificates: [EncodedCertificate], signerInfos: [SignerInfo]) {
        self.version = version
        self.digestAlgorithms = digestAlgorithms
        self.contentType = contentType
        self.content = content
        self.certificates = certificates
        self.signerInfos = signerInfos
    }
}

/// SignerIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber, subjectKeyIdentifier [0] SubjectKeyIdentifier }
enum SignerIdentifier: Sendable, Hashable {
    case issuerAndSerialNumber(issuer: DistinguishedName, serialNumber: [UInt8])
    case subjectKeyIdentifier([UInt8])

    init(derEncoded node: ASN1Node) throws {
        switch node.identifier {
        case .sequence:
            self = try DER.sequence(node, identifier: .sequence) { nodes in
                guard let issuerNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "IssuerAndSerialNumber is empty") }
                let issuer = try DistinguishedName(derEncoded: issuerNode)
                let serial = try ArraySlice<UInt8>(derEncoded: &nodes)
                return .issuerAndSerialNumber(issuer: issuer, serialNumber: Array(serial))
            }
        case ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific):
            self = .subjectKeyIdentifier(Array(try ASN1OctetString(derEncoded: node, withIdentifier: node.identifier).bytes))
        default:
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
    }

    func matches(_ certificate: Certificate) -> Bool {
        switch self {
        case .issuerAndSerialNumber(let issuer, let serial):
            certificate.issuer == issuer && Array(certificate.serialNumber.bytes) == serial
        case .subjectKeyIdentifier(let identifier):
            (try? certificate.extensions.subjectKeyIdentifier)?.map { Array($0.keyIdentifier) == identifier } ?? false
        }
    }
}

/// Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }
struct SignedAttribute: Sendable {
    var type: ASN1ObjectIdentifier
    var values: [ASN1Node]

    init(derEncoded node: ASN1Node) throws {
        (self.type, self.values) = try DER.sequence(node, identifier: .sequence) { nodes in
            let type = try ASN1ObjectIdentifier(derEncoded: &nodes)
            guard let valuesNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "attribute \(type) has no values") }
            return (type, try children(of: valuesNode, identifier: .set))
        }
    }
}

/// SignerInfo ::= SEQUENCE { version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
///     signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL, signatureAlgorithm SignatureAlgorithmIdentifier,
///     signature SignatureValue, unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
struct SignerInfo: Sendable {
    var version: Int
    var sid: SignerIdentifier
    var digestAlgorithm: AlgorithmID
    var signedAttributes: [SignedAttribute]?
    /// What the signature covers: the signed attributes' DER with the universal SET tag in place of [0]
    /// (RFC 5652 §5.4), taken from the bytes as sent.
    var signedAttributesDER: [UInt8]?
    var signatureAlgorithm: AlgorithmID
    var signature: [UInt8]

    init(derEncoded node: ASN1Node) throws {
        self = try DER.sequence(node, identifier: .sequence) { nodes in
            let version = try Int(derEncoded: &nodes)
            guard let sidNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "SignerInfo ends early") }
            let sid = try SignerIdentifier(derEncoded: sidNode)
            let digest = try AlgorithmID(derEncoded: &nodes)
            let attributes = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { node in
                var der = Array(node.encodedBytes)
                der[0] = 0x31   // [0] IMPLICIT, constructed → SET
                let attributes = try children(of: node, identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific))
                    .map { try SignedAttribute(derEncoded: $0) }
                return (attributes, der)
            }
            let signatureAlgorithm = try AlgorithmID(derEncoded: &nodes)
            let signature = try ASN1OctetString(derEncoded: &nodes)
            _ = DER.optionalImplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { _ in }
            return SignerInfo(version: version, sid: sid, digestAlgorithm: digest, signedAttributes: attributes?.0,
                              signedAttributesDER: attributes?.1, signatureAlgorithm: signatureAlgorithm, signature: Array(signature.bytes))
        }
    }

    init(version: Int, sid: SignerIdentifier, digestAlgorithm: AlgorithmID, signedAttributes: [SignedAttribute]?,
         signedAttributesDER: [UInt8]?, signatureAlgorithm: AlgorithmID, signature: [UInt8]) {
        self.version = version
        self.sid = sid
        self.digestAlgorithm = digestAlgorithm
        self.signedAttributes = signedAttributes
        self.signedAttributesDER = signedAttributesDER
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
    }

    /// The single value of a signed attribute; nil when absent, an error when it is there more than once or with several values.
    func attribute(_ type: ASN1ObjectIdentifier) throws -> ASN1Node? {
        let matches = (signedAttributes ?? []).filter { $0.type == type }
        guard let match = matches.first else { return nil }
        guard matches.count == 1, match.values.count == 1 else {
            throw TimestampError.malformedToken("the signed attribute \(type) appears more than once or has several values")
        }
        return match.values[0]
    }
}
