import Crypto
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The parts of Syncthing's `config.xml` that say who gets this computer's folders. Secrets in it
/// (the GUI's API key and password hash) are never kept: only whether a GUI password is set.
struct SyncthingConfig: Sendable {
    struct Device: Sendable {
        var id: String
        var name: String
        var introducer: Bool
        var autoAcceptFolders: Bool
        var line: Int
    }

    struct Folder: Sendable {
        var id: String
        var label: String
        var path: String
        var devices: [String]
    }

    var devices: [Device] = []
    var folders: [Folder] = []
    var guiEnabled = false
    var guiAddress: String?
    var guiHasPassword = false

    /// Parses the file; throws with the line where the XML breaks.
    static func parse(_ data: Data) throws -> SyncthingConfig {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        // A file cut off before `</configuration>` is damaged, even where the parser did not object.
        guard parser.parse(), reader.closed else {
            throw ParseError(line: parser.lineNumber)
        }
        return reader.config
    }

    struct ParseError: Error { var line: Int }

    private final class Reader: NSObject, XMLParserDelegate {
        var config = SyncthingConfig()
        var path: [String] = []
        var text = ""
        var folder: Folder?
        var closed = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            path.append(name)
            text = ""
            switch path {
            case ["configuration", "device"]:
                config.devices.append(Device(id: attributes["id"] ?? "", name: attributes["name"] ?? "",
                                             introducer: attributes["introducer"] == "true", autoAcceptFolders: false, line: parser.lineNumber))
            case ["configuration", "folder"]:
                folder = Folder(id: attributes["id"] ?? "", label: attributes["label"] ?? "", path: attributes["path"] ?? "", devices: [])
            case ["configuration", "folder", "device"]:
                if let id = attributes["id"] { folder?.devices.append(id) }
            case ["configuration", "gui"]:
                config.guiEnabled = attributes["enabled"] != "false"
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch path {
            case ["configuration", "device", "autoAcceptFolders"]:
                if value == "true", !config.devices.isEmpty { config.devices[config.devices.count - 1].autoAcceptFolders = true }
            case ["configuration", "folder"]:
                if let folder { config.folders.append(folder) }
                folder = nil
            case ["configuration", "gui", "address"]:
                config.guiAddress = value
            case ["configuration", "gui", "password"]:
                config.guiHasPassword = !value.isEmpty
            default: break
            }
            text = ""
            if path == ["configuration"] { closed = true }
            path.removeLast()
        }
    }

    /// The device ID of the certificate in `pem`: SHA-256 of its DER bytes in base32, a Luhn mod 32
    /// check character after each 13 characters, in groups of 7 joined by dashes.
    static func deviceID(certificatePEM pem: String) -> String? {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let start = lines.firstIndex(of: "-----BEGIN CERTIFICATE-----"),
              let end = lines[start...].firstIndex(of: "-----END CERTIFICATE-----"),
              let der = Data(base64Encoded: lines[(start + 1)..<end].joined()) else { return nil }
        let digest = Array(SHA256.hash(data: der))
        let encoded = base32(digest)
        var withChecks = ""
        var index = encoded.startIndex
        for _ in 0..<4 {
            let next = encoded.index(index, offsetBy: 13)
            let group = String(encoded[index..<next])
            withChecks += group + String(luhn32(group))
            index = next
        }
        var groups: [String] = []
        var rest = Substring(withChecks)
        while !rest.isEmpty { groups.append(String(rest.prefix(7))); rest = rest.dropFirst(7) }
        return groups.joined(separator: "-")
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func base32(_ bytes: [UInt8]) -> String {
        var result = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                result.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { result.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return result
    }

    static func luhn32(_ text: String) -> Character {
        var factor = 1, sum = 0
        for character in text {
            let code = alphabet.firstIndex(of: character) ?? 0
            var addend = factor * code
            factor = factor == 2 ? 1 : 2
            addend = addend / 32 + addend % 32
            sum += addend
        }
        return alphabet[(32 - sum % 32) % 32]
    }
}
