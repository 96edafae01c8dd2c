import Foundation
import SwiftASN1
import X509

/// Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER (1..999) OPTIONAL, micros [1] INTEGER (1..999) OPTIONAL }
struct Accuracy: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var seconds = 0
    var millis = 0
    var micros = 0

    init(seconds: Int = 0, millis: Int = 0, micros: Int = 0) {
        self.seconds = seconds
        self.millis = millis
        self.micros = micros
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let seconds = try DER.optionalImplicitlyTagged(&nodes, tag: .integer) as Int?
            let millis = try DER.optionalImplicitlyTagged(&nodes, tag: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) as Int?
            let micros = try DER.optionalImplicitlyTagged(&nodes, tag: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) as Int?
            return Accuracy(seconds: seconds ?? 0, millis: millis ?? 0, micros: micros ?? 0)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            if seconds != 0 { try coder.serialize(seconds) }
            if millis != 0 { try millis.serialize(into: &coder, withIdentifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) }
            if micros != 0 { try micros.serialize(into: &coder, withIdentifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) }
        }
    }

    var interval: TimeInterval { Double(seconds) + Double(millis) / 1_000 + Double(micros) / 1_000_000 }
}

/// TSTInfo ::= SEQUENCE {
///     version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint, serialNumber INTEGER,
///     genTime GeneralizedTime, accuracy Accuracy OPTIONAL, ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL,
///     tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }      (RFC 3161 §2.4.2)
/// Read only; an explicit `ordering FALSE`, which strict DER forbids, is tolerated.
struct TSTInfo: DERParseable, Hashable, Sendable {
    var version: Int
    var policy: ASN1ObjectIdentifier
    var messageImprint: MessageImprint
    /// The content octets as sent (big-endian two's complement).
    var serialNumber: [UInt8]
    var genTime: Date
    var accuracy: Accuracy?
    var ordering: Bool
    /// Big-endian, without leading zeros.
    var nonce: [UInt8]?
    var tsa: GeneralName?

    init(derEncoded rootNode: ASN1Node) throws {
        self = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let version = try Int(derEncoded: &nodes)
            let policy = try ASN1ObjectIdentifier(derEncoded: &nodes)
            let imprint = try MessageImprint(derEncoded: &nodes)
            guard let serialNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "TSTInfo has no serial number") }
            let serial = try Integers.rawContent(serialNode)
            let genTime = try GeneralizedTime(derEncoded: &nodes)
            let accuracy = try DER.optionalImplicitlyTagged(&nodes) as Accuracy?
            let ordering = try DER.optionalImplicitlyTagged(&nodes, tag: .boolean) as Bool?
            let nonce = try DER.optionalImplicitlyTagged(&nodes, tag: .integer) as ArraySlice<UInt8>?
            let tsa = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { try GeneralName(derEncoded: $0) }
            _ = DER.optionalImplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { _ in }
            return TSTInfo(version: version, policy: policy, messageImprint: imprint, serialNumber: serial,
                           genTime: try Self.date(genTime), accuracy: accuracy, ordering: ordering ?? false,
                           nonce: nonce.map { Integers.trimmed(Array($0)) }, tsa: tsa)
        }
    }

    init(version: Int, policy: ASN1ObjectIdentifier, messageImprint: MessageImprint, serialNumber: [UInt8], genTime: Date,
         accuracy: Accuracy?, ordering: Bool, nonce: [UInt8]?, tsa: GeneralName?) {
        self.version = version
        self.policy = policy
        self.messageImprint = messageImprint
        self.serialNumber = serialNumber
        self.genTime = genTime
        self.accuracy = accuracy
        self.ordering = ordering
        self.nonce = nonce
        self.tsa = tsa
    }

    static func date(_ time: GeneralizedTime) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: time.year, month: time.month, day: time.day,
                                        hour: time.hours, minute: time.minutes, second: time.seconds)
        guard let whole = calendar.date(from: components) else {
            throw ASN1Error.invalidASN1Object(reason: "genTime \(time) is not a date")
        }
        return whole.addingTimeInterval(time.fractionalSeconds)
    }
}
