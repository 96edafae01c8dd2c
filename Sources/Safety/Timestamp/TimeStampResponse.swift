import Foundation
import SwiftASN1

/// PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }
/// (RFC 3161 §2.4.2; PKIFreeText is a SEQUENCE OF UTF8String.)
struct PKIStatusInfo: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var status: Int
    var statusText: [String]
    /// The numbers of the PKIFailureInfo bits that are set.
    var failureBits: [Int]

    init(status: Int, statusText: [String] = [], failureBits: [Int] = []) {
        self.status = status
        self.statusText = statusText
        self.failureBits = failureBits
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let status = try Int(derEncoded: &nodes)
            let text = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 16, tagClass: .universal) { node in
                try DER.sequence(of: ASN1UTF8String.self, identifier: .sequence, rootNode: node).map { String($0) }
            }
            let failInfo = try DER.optionalImplicitlyTagged(&nodes, tag: .bitString) as ASN1BitString?
            var bits: [Int] = []
            if let failInfo {
                for (index, byte) in failInfo.bytes.enumerated() {
                    for bit in 0..<8 where byte & (0x80 >> bit) != 0 { bits.append(index * 8 + bit) }
                }
            }
            return PKIStatusInfo(status: status, statusText: text ?? [], failureBits: bits)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(status)
            if !statusText.isEmpty { try coder.serializeSequenceOf(statusText.map { ASN1UTF8String($0) }) }
            if let last = failureBits.max() {
                var bytes = [UInt8](repeating: 0, count: last / 8 + 1)
                for bit in failureBits { bytes[bit / 8] |= 0x80 >> (bit % 8) }
                try coder.serialize(ASN1BitString(bytes: bytes[...], paddingBits: 7 - last % 8))
            }
        }
    }

    var granted: Bool { status == 0 || status == 1 }

    /// PKIStatus in words.
    var statusName: String {
        switch status {
        case 0: "granted"
        case 1: "granted with modifications"
        case 2: "rejection"
        case 3: "waiting"
        case 4: "revocation warning"
        case 5: "revocation notification"
        default: "unknown status \(status)"
        }
    }

    /// PKIFailureInfo in words.
    var failures: [String] {
        failureBits.map { bit in
            switch bit {
            case 0: "unrecognised or unsupported algorithm (badAlg)"
            case 2: "transaction not permitted or supported (badRequest)"
            case 5: "the data submitted has the wrong format (badDataFormat)"
            case 14: "the TSA's time source is not available (timeNotAvailable)"
            case 15: "the requested TSA policy is not supported (unacceptedPolicy)"
            case 16: "the requested extension is not supported (unacceptedExtension)"
            case 17: "the additional information requested is not available (addInfoNotAvailable)"
            case 25: "the request cannot be handled due to system failure (systemFailure)"
            default: "failure bit \(bit)"
            }
        }
    }
}

/// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
/// The token is kept as the exact bytes the authority sent (a DER ContentInfo).
struct TimeStampResponse: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var status: PKIStatusInfo
    var token: [UInt8]?

    init(status: PKIStatusInfo, token: [UInt8]?) {
        self.status = status
        self.token = token
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let status = try PKIStatusInfo(derEncoded: &nodes)
            let token = nodes.next().map { Array($0.encodedBytes) }
            return TimeStampResponse(status: status, token: token)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(status)
            if let token { coder.serializeRawBytes(token) }
        }
    }
}
