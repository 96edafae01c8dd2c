import Crypto
import Foundation
import SwiftASN1
import X509

/// The signing-certificate attribute (RFC 2634 §5.4 ESSCertID with SHA-1, RFC 5035 §3 ESSCertIDv2 with any hash):
/// binds the signature to the signer's certificate, so another certificate with the same key cannot be substituted.
///
/// SigningCertificate   ::= SEQUENCE { certs SEQUENCE OF ESSCertID,   policies SEQUENCE OF PolicyInformation OPTIONAL }
/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertID   ::= SEQUENCE { certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
/// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256}, certHash OCTET STRING,
///                            issuerSerial IssuerSerial OPTIONAL }
/// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
struct SigningCertificateID: Sendable {
    enum Hash: Sendable, Equatable {
        case sha1
        case sha2(DigestAlgorithm)
    }

    var hash: Hash
    var certificateHash: [UInt8]
    var issuer: [GeneralName]?
    var serialNumber: [UInt8]?

    /// The first ESSCertID of the attribute's value: the one that names the signer (later ones name its chain).
    init(attribute node: ASN1Node, version2: Bool) throws {
        self = try DER.sequence(node, identifier: .sequence) { nodes in
            guard let certs = nodes.next(), let first = try children(of: certs, identifier: .sequence).first else {
                throw TimestampError.malformedToken("its signing-certificate attribute names no certificate")
            }
            while nodes.next() != nil {}   // policies: not needed to identify the signer
            return try DER.sequence(first, identifier: .sequence) { fields in
                var hash = Hash.sha1
                if version2 {
                    hash = .sha2(.sha256)
                    if let algorithm = try DER.optionalImplicitlyTagged(&fields, tag: .sequence) as AlgorithmID? {
                        guard let digest = DigestAlgorithm(algorithm) else {
                            throw TimestampError.unsupportedAlgorithm("the hash \(algorithm.algorithm) in the signing-certificate attribute")
                        }
                        hash = .sha2(digest)
                    }
                }
                let certificateHash = Array(try ASN1OctetString(derEncoded: &fields).bytes)
                var issuer: [GeneralName]?
                var serial: [UInt8]?
                if let issuerSerial = fields.next() {
                    try DER.sequence(issuerSerial, identifier: .sequence) { parts in
                        issuer = try DER.sequence(of: GeneralName.self, identifier: .sequence, nodes: &parts)
                        serial = Array(try ArraySlice<UInt8>(derEncoded: &parts))
                    }
                }
                return SigningCertificateID(hash: hash, certificateHash: certificateHash, issuer: issuer, serialNumber: serial)
            }
        }
    }

    init(hash: Hash, certificateHash: [UInt8], issuer: [GeneralName]?, serialNumber: [UInt8]?) {
        self.hash = hash
        self.certificateHash = certificateHash
        self.issuer = issuer
        self.serialNumber = serialNumber
    }

    /// Whether this names `certificate` (its DER as sent in the token).
    func names(_ certificate: EncodedCertificate) -> Bool {
        let computed: [UInt8] = switch hash {
        case .sha1: Array(Insecure.SHA1.hash(data: certificate.der))
        case .sha2(let digest): digest.hash(certificate.der)
        }
        guard computed == certificateHash else { return false }
        if let serialNumber, serialNumber != Array(certificate.certificate.serialNumber.bytes) { return false }
        if let issuer, !issuer.contains(.directoryName(certificate.certificate.issuer)) { return false }
        return true
    }
}
