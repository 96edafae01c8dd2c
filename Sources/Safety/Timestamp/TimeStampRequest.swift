import AuditCore
import Foundation
import SwiftASN1

/// MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }  (RFC 3161 §2.4.1)
struct MessageImprint: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var hashAlgorithm: AlgorithmID
    var hashedMessage: [UInt8]

    init(hashAlgorithm: AlgorithmID, hashedMessage: [UInt8]) {
        self.hashAlgorithm = hashAlgorithm
        self.hashedMessage = hashedMessage
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            MessageImprint(hashAlgorithm: try AlgorithmID(derEncoded: &nodes),
                           hashedMessage: Array(try ASN1OctetString(derEncoded: &nodes).bytes))
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(hashAlgorithm)
            try coder.serialize(ASN1OctetString(contentBytes: hashedMessage[...]))
        }
    }
}

/// TimeStampReq ::= SEQUENCE {
///     version INTEGER { v1(1) }, messageImprint MessageImprint, reqPolicy TSAPolicyId OPTIONAL,
///     nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE, extensions [0] IMPLICIT Extensions OPTIONAL }
/// Extensions are neither sent nor read.
struct TimeStampRequest: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var version = 1
    var messageImprint: MessageImprint
    var policy: ASN1ObjectIdentifier?
    /// Big-endian, without leading zeros.
    var nonce: [UInt8]?
    var certReq: Bool

    init(messageImprint: MessageImprint, policy: ASN1ObjectIdentifier? = nil, nonce: [UInt8]?, certReq: Bool) {
        self.messageImprint = messageImprint
        self.policy = policy
        self.nonce = nonce.map(Integers.trimmed)
        self.certReq = certReq
    }

    /// A request for a SHA-256 digest with a fresh random 64-bit nonce, asking for the signer's certificate.
    static func sha256(_ digest: [UInt8]) -> TimeStampRequest {
        var generator = SystemRandomNumberGenerator()
        var nonce = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
        nonce[0] = max(nonce[0], 1)   // eight significant bytes
        return TimeStampRequest(messageImprint: MessageImprint(hashAlgorithm: DigestAlgorithm.sha256.identifier, hashedMessage: digest),
                                nonce: nonce, certReq: true)
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let version = try Int(derEncoded: &nodes)
            let imprint = try MessageImprint(derEncoded: &nodes)
            let policy = try DER.optionalImplicitlyTagged(&nodes, tag: .objectIdentifier) as ASN1ObjectIdentifier?
            let nonce = try DER.optionalImplicitlyTagged(&nodes, tag: .integer) as ArraySlice<UInt8>?
            let certReq = try DER.optionalImplicitlyTagged(&nodes, tag: .boolean) as Bool?
            _ = DER.optionalImplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { _ in }
            var request = TimeStampRequest(messageImprint: imprint, policy: policy, nonce: nonce.map(Array.init), certReq: certReq ?? false)
            request.version = version
            return request
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(version)
            try coder.serialize(messageImprint)
            if let policy { try coder.serialize(policy) }
            if let nonce { try coder.serialize(nonce[...]) }
            if certReq { try coder.serialize(true) }   // DER leaves out a DEFAULT FALSE
        }
    }

    var derBytes: [UInt8] {
        var serializer = DER.Serializer()
        try! serializer.serialize(self)   // only integers, an OID and octet strings: cannot fail
        return serializer.serializedBytes
    }
}

/// INTEGER helpers for values kept as big-endian bytes (nonces, serial numbers), which may exceed 64 bits.
enum Integers {
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let significant = Array(bytes.drop(while: { $0 == 0 }))
        return significant.isEmpty ? [0] : significant
    }

    /// The content octets of an INTEGER, whatever its sign, for display and comparison.
    static func rawContent(_ node: ASN1Node) throws -> [UInt8] {
        guard node.identifier == .integer, case .primitive(let bytes) = node.content, !bytes.isEmpty else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        return Array(bytes)
    }

    static func hex(_ bytes: [UInt8]) -> String { Digest.hex(bytes) }
}
