import Foundation

/// One incident as the logbook keeps it: what the user said happened, the files that show it, when it
/// was entered, and its place in the hash chain. Records are never edited; a correction is a new record
/// that names the one it corrects.
public struct EvidenceRecord: Sendable, Hashable, Codable {
    /// 1, 2, 3… in the order of entry.
    public var number: Int
    /// When the record was entered (not when the incident happened).
    public var enteredAt: Date
    public var incident: Incident
    /// The number of the record this one corrects, if it is a correction.
    public var corrects: Int?
    public var files: [EvidenceFile]
    /// The hash of the record before it (lowercase hex SHA-256); 64 zeros for the first record.
    public var previousHash: String
    /// SHA-256 over `EvidenceChain.canonical(self)`, lowercase hex.
    public var hash: String

    public init(number: Int, enteredAt: Date, incident: Incident, corrects: Int? = nil, files: [EvidenceFile],
                previousHash: String, hash: String = "") {
        self.number = number
        self.enteredAt = enteredAt
        self.incident = incident
        self.corrects = corrects
        self.files = files
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What happened, in the fields the guidance on stalking asks a logbook to hold.
public struct Incident: Sendable, Hashable, Codable {
    /// When it happened (the user may give a past time; default the moment of entry).
    public var occurredAt: Date
    public var place: String?
    /// How long it lasted, as the user wrote it ("10 minutes", "de hele avond").
    public var duration: String?
    /// How: message, call, following, social media, delivery, damage, at the door… (`IncidentKind` ids or the user's own words).
    public var how: [String]
    public var witnesses: [String]
    public var note: String?

    public init(occurredAt: Date, place: String? = nil, duration: String? = nil, how: [String] = [], witnesses: [String] = [],
                note: String? = nil) {
        self.occurredAt = occurredAt
        self.place = place
        self.duration = duration
        self.how = how
        self.witnesses = witnesses
        self.note = note
    }
}

/// A file kept with a record: copied into the store unchanged, named by its content's hash.
public struct EvidenceFile: Sendable, Hashable, Codable {
    /// The file's name where the user had it (the last path component only, no folders).
    public var originalName: String
    /// Its modification time there, when it could be read.
    public var modifiedAt: Date?
    public var size: Int64
    /// SHA-256 of the content, lowercase hex; the stored copy is `files/<sha256>` in the store.
    public var sha256: String

    public init(originalName: String, modifiedAt: Date?, size: Int64, sha256: String) {
        self.originalName = originalName
        self.modifiedAt = modifiedAt
        self.size = size
        self.sha256 = sha256
    }

    /// The stored copy's path relative to the store (and to an exported dossier).
    public var storedPath: String { "files/" + sha256 }
}

/// An RFC 3161 time stamp over the chain's latest hash at the moment it was asked for.
public struct EvidenceStamp: Sendable, Hashable, Codable {
    /// The record whose hash was stamped (the last one when the stamp was asked for).
    public var recordNumber: Int
    /// That record's hash, lowercase hex (the message imprint).
    public var chainHash: String
    /// The time-stamping authority's address as the user gave it.
    public var authority: String
    /// The time the authority signed (its `genTime`).
    public var signedAt: Date
    /// The DER-encoded TimeStampToken (a CMS SignedData) as the authority sent it.
    public var token: Data

    public init(recordNumber: Int, chainHash: String, authority: String, signedAt: Date, token: Data) {
        self.recordNumber = recordNumber
        self.chainHash = chainHash
        self.authority = authority
        self.signedAt = signedAt
        self.token = token
    }
}
