import Foundation

/// The outer header, read before any key is known: signature, version, then type-length-value
/// fields up to EndOfHeader (16-bit lengths in KDBX 3.1, 32-bit in KDBX 4).
struct KDBXHeader {
    var major: UInt16
    var minor: UInt16
    var cipher: KDBXCipher
    var compressed: Bool
    var masterSeed: Data
    var encryptionIV: Data
    var kdf: KDBXKDF
    /// KDBX 3.1 only: the inner stream's key and kind, and the bytes the payload must start with.
    var protectedStreamKey: Data?
    var innerStream: KDBXInnerStream.Kind?
    var streamStartBytes: Data?
    /// The header's bytes from the signature to the end of the EndOfHeader field (hashed and MACed in KDBX 4).
    var bytes: Data
    /// Where the header ends in the file.
    var length: Int

    var formatName: String { "KeePass KDBX \(major).\(minor)" }

    static let signature1: [UInt8] = [0x03, 0xD9, 0xA2, 0x9A]
    static let signature2: [UInt8] = [0x67, 0xFB, 0x4B, 0xB5]

    private enum Field: UInt8 {
        case end = 0, comment, cipherID, compressionFlags, masterSeed, transformSeed, transformRounds, encryptionIV,
             protectedStreamKey, streamStartBytes, innerRandomStreamID, kdfParameters, publicCustomData
    }

    init(_ file: Data) throws {
        var reader = ByteReader(file)
        let signature1 = try reader.bytes(4, "the file signature")
        let signature2 = try reader.bytes(4, "the file signature")
        guard signature1.elementsEqual(Self.signature1) else { throw KDBXError.damaged("no KeePass signature at the start") }
        switch Array(signature2) {
        case Self.signature2: break
        case [0x65, 0xFB, 0x4B, 0xB5]:
            throw KDBXError.unsupported("a KeePass 1 database (.kdb), which this reader does not open; open it in KeePass 2 or KeePassXC (Import, KeePass 1 database) and save it as .kdbx")
        case [0x66, 0xFB, 0x4B, 0xB5]:
            throw KDBXError.unsupported("a database from a KeePass 2 pre-release, which this reader does not open; open and save it in KeePass 2 or KeePassXC first")
        default:
            throw KDBXError.damaged("the second signature is not KeePass 2's")
        }
        minor = try reader.uint16("the version")
        major = try reader.uint16("the version")
        guard major == 3 || major == 4 else {
            throw KDBXError.unsupported(major < 3
                ? "KDBX version \(major).\(minor), older than this reader opens (3.1 and 4.x); open and save it in KeePass 2 or KeePassXC to upgrade it"
                : "KDBX version \(major).\(minor), newer than this reader opens (3.1 and 4.x)")
        }
        var cipherID: Data?, compression: UInt32?, seed: Data?, iv: Data?, kdfParameters: Data?
        var transformSeed: Data?, transformRounds: UInt64?, streamKey: Data?, streamID: UInt32?, startBytes: Data?
        fieldLoop: while true {
            let id = try reader.uint8("the header")
            let size = major == 3 ? Int(try reader.uint16("the header")) : try reader.length32("header field \(id)")
            let value = Data(try reader.bytes(size, "header field \(id)"))
            func number(_ name: String) throws -> UInt64 {
                guard value.count == 4 || value.count == 8 else {
                    throw KDBXError.damaged("the header's \(name) is \(value.count) bytes long")
                }
                return ByteReader.littleEndian(value)
            }
            switch Field(rawValue: id) {
            case .end: break fieldLoop
            case .cipherID: cipherID = value
            case .compressionFlags: compression = UInt32(truncatingIfNeeded: try number("compression flags"))
            case .masterSeed: seed = value
            case .encryptionIV: iv = value
            case .kdfParameters where major == 4: kdfParameters = value
            case .transformSeed where major == 3: transformSeed = value
            case .transformRounds where major == 3: transformRounds = try number("TransformRounds")
            case .protectedStreamKey where major == 3: streamKey = value
            case .streamStartBytes where major == 3: startBytes = value
            case .innerRandomStreamID where major == 3: streamID = UInt32(truncatingIfNeeded: try number("InnerRandomStreamID"))
            default: continue // comments, public custom data, and fields of the other version: not needed
            }
        }
        length = reader.position
        bytes = Data(file.prefix(length))

        func missing(_ name: String) -> KDBXError { .damaged("the header has no \(name)") }
        guard let cipherID else { throw missing("cipher ID") }
        cipher = try KDBXCipher(uuid: cipherID)
        switch compression {
        case 0: compressed = false
        case 1: compressed = true
        case nil: throw missing("compression flags")
        case let other?: throw KDBXError.unsupported("compression algorithm \(other), which KeePass does not define (0 none, 1 gzip)")
        }
        guard let seed else { throw missing("master seed") }
        guard seed.count == 32 else { throw KDBXError.damaged("the master seed is \(seed.count) bytes long, expected 32") }
        masterSeed = seed
        guard let iv else { throw missing("encryption IV") }
        encryptionIV = iv
        if major == 4 {
            guard let kdfParameters else { throw missing("KDF parameters") }
            kdf = try KDBXKDF(parameters: VariantDictionary(parsing: kdfParameters, what: "the KDF parameters"))
        } else {
            guard let transformSeed, let transformRounds else { throw missing("AES-KDF seed and rounds (TransformSeed, TransformRounds)") }
            kdf = KDBXKDF(aesSeed: transformSeed, rounds: transformRounds)
            guard let streamKey else { throw missing("protected stream key") }
            guard let startBytes else { throw missing("stream start bytes") }
            guard startBytes.count == 32 else { throw KDBXError.damaged("the stream start bytes are \(startBytes.count) bytes long, expected 32") }
            guard let streamID else { throw missing("inner random stream ID") }
            protectedStreamKey = streamKey
            streamStartBytes = startBytes
            innerStream = try KDBXInnerStream.Kind(id: streamID)
        }
    }
}
