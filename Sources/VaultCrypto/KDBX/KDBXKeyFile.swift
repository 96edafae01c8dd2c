import Crypto
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The 32-byte key a KeePass key file stands for, in the order KeePass tries the forms: an XML key
/// file (version 1.0 with base64 `<Data>`, version 2.0 with hex `<Data Hash="…">`), 32 raw bytes,
/// 64 hex characters, and otherwise the SHA-256 of the whole file.
enum KDBXKeyFile {
    static func key(_ file: [UInt8]) throws -> [UInt8] {
        if let xml = try xmlKey(file) { return xml }
        if file.count == 32 { return file }
        if file.count == 64, let decoded = hex(file) { return decoded }
        return Array(SHA256.hash(data: file))
    }

    private static func hex<Bytes: Collection<UInt8>>(_ text: Bytes) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(text.count / 2)
        var high: UInt8?
        for byte in text {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            default: result.wipe(); return nil
            }
            if let first = high { result.append(first << 4 | value); high = nil } else { high = value }
        }
        return result
    }

    /// The key of an XML key file; nil when the file is not one (then it is a key in another form).
    private static func xmlKey(_ file: [UInt8]) throws -> [UInt8]? {
        // An XML key file starts with `<` (after a byte-order mark or white space); KeePass writes no DTD.
        // FoundationXML traps on element names that are not UTF-8 (found by fuzzing), so only small
        // UTF-8 files are parsed; KeePass's XML key files are a few hundred bytes of ASCII.
        guard file.count <= 1 << 16, String(validating: file, as: UTF8.self) != nil,
              let first = file.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }),
              first == UInt8(ascii: "<") else { return nil }
        var xml = Data(file)
        defer { xml.wipe() }
        guard xml.range(of: Data("<!DOCTYPE".utf8)) == nil, xml.range(of: Data("<!ENTITY".utf8)) == nil else { return nil }
        // Processing instructions other than the XML declaration: KeePass writes none, and
        // FoundationXML crashes on some (see KeePassXML).
        var searchFrom = xml.startIndex
        while let found = xml.range(of: Data("<?".utf8), in: searchFrom..<xml.endIndex) {
            guard xml[found.upperBound...].prefix(4).elementsEqual("xml ".utf8) else { return nil }
            searchFrom = found.upperBound
        }
        let reader = KeyFileXML()
        let parser = XMLParser(data: xml)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), reader.sawKeyFile, let data = reader.data else { return nil }
        let version = reader.version.trimmingCharacters(in: .whitespacesAndNewlines)
        if version.hasPrefix("2.") {
            let digits = Array(data.utf8.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) })
            guard var key = hex(digits), key.count == 32 else {
                throw KDBXError.damaged("the key file's <Data> is not 64 hex digits; the key file is damaged")
            }
            if let expected = reader.dataHash?.filter({ !$0.isWhitespace }).lowercased(), !expected.isEmpty {
                let actual = SHA256.hash(data: key).prefix(4).map { String(format: "%02x", $0) }.joined()
                guard actual == expected else {
                    key.wipe()
                    throw KDBXError.damaged("the key file's <Data> does not match its Hash attribute; the key file is damaged")
                }
            }
            return key
        }
        guard version.hasPrefix("1.") || version.isEmpty else {
            throw KDBXError.unsupported("the key file is XML version \(version), which this reader does not know (1.0, 2.0)")
        }
        guard var decoded = Data(base64Encoded: data.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw KDBXError.damaged("the key file's <Data> is not base64; the key file is damaged")
        }
        defer { decoded.wipe() }
        return [UInt8](decoded)
    }
}

/// Reads `KeyFile/Meta/Version` and `KeyFile/Key/Data` (with its `Hash` attribute) from an XML key file.
private final class KeyFileXML: NSObject, XMLParserDelegate {
    var sawKeyFile = false
    var version = ""
    var data: String?
    var dataHash: String?
    private var path: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if path.isEmpty {
            guard name == "KeyFile" else { parser.abortParsing(); return }
            sawKeyFile = true
        }
        path.append(name)
        text = ""
        if path == ["KeyFile", "Key", "Data"] { dataHash = attributes["Hash"] }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if path == ["KeyFile", "Meta", "Version"] { version = text }
        if path == ["KeyFile", "Key", "Data"] { data = text }
        if !path.isEmpty { path.removeLast() }
        text = ""
    }
}
