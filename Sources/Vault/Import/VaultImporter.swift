import Archive
import AuditCore
import Foundation

/// Reads password manager exports, recognising the format by its structure.
public enum VaultImporter {
    /// No real export comes near this; a larger file is refused before it is read.
    public static let sizeLimit = 64 << 20
    /// Zip members larger than this are not unpacked (a zip bomb).
    static let memberLimit = 64 << 20

    public static func read(path: String) throws -> VaultFile {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        guard FileManager.default.fileExists(atPath: path) else { throw VaultImportError.unreadable(file: path, reason: "no such file") }
        if attributes[.type] as? FileAttributeType == .typeDirectory {
            throw VaultImportError.unreadable(file: path, reason: "this is a folder; give the export file")
        }
        if let size = attributes[.size] as? Int, size > sizeLimit { throw VaultImportError.tooLarge(file: path, limit: sizeLimit) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VaultImportError.unreadable(file: path, reason: "permission denied")
        }
        return try read(data: data, file: path)
    }

    public static func read(data: Data, file: String) throws -> VaultFile {
        guard !data.isEmpty else { throw VaultImportError.unknownFormat(file: file, detail: LocalizedText(en: "the file is empty", nl: "het bestand is leeg")) }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try readZip(data, file: file) }
        guard let text = ExportText.decode(data) else {
            throw VaultImportError.unknownFormat(file: file, detail: LocalizedText(en: "binary data, not text", nl: "binaire gegevens, geen tekst"))
        }
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return try readJSON(text, file: file) }
        if trimmed.hasPrefix("<") { return try KeePassXML.read(Data(text.utf8), file: file) }
        return try readCSV(text, file: file)
    }

    /// The XML inside a KeePass database, its protected values turned to plaintext by `protectedValue`
    /// in document order (see `VaultCrypto`).
    public static func readKeePassXML(_ data: Data, file: String, format: String,
                                      protectedValue: @escaping (String) throws -> String) throws -> VaultFile {
        // FoundationXML traps on some invalid UTF-8 (found by fuzzing); a plaintext export is
        // decoded before it gets here, decrypted XML is checked in place, without a copy.
        var decoder = UTF8()
        var bytes = data.makeIterator()
        var line = 1
        decoding: while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: break decoding
            case .error: throw VaultImportError.malformed(file: file, line: line, column: nil, problem: LocalizedText(en: "the database's XML is not valid UTF-8", nl: "de XML van de database is geen geldige UTF-8"))
            }
        }
        return try KeePassXML.read(data, file: file, format: format, protectedValue: protectedValue)
    }

    /// The JSON inside Bitwarden's password-protected export, decrypted: the unencrypted export's format.
    public static func readBitwardenJSON(_ data: Data, file: String, format: String) throws -> VaultFile {
        var vault = try BitwardenJSON.read(data, file: file)
        vault.format = format
        return vault
    }

    static func readCSV(_ text: String, file: String) throws -> VaultFile {
        let table: CSVTable
        do {
            table = try CSVTable.parse(text)
        } catch let error as CSVTable.ParseError {
            throw VaultImportError.malformed(file: file, line: error.line, column: error.column, problem: error.problem)
        }
        guard let format = CSVFormat.detect(table.header) else {
            // The first line is not quoted back: in a file without a header it would be a login, password included.
            let line = text.hasPrefix("sep=") ? 2 : 1
            throw VaultImportError.malformed(file: file, line: line, column: nil,
                problem: LocalizedText(en: "the first line (\(table.header.count) columns) is not the header of a known export and has no password column; expected for example 'name,url,username,password' (Chrome) or 'url,username,password,totp,extra,name,grouping,fav' (LastPass)", nl: "de eerste regel (\(table.header.count) kolommen) is niet de kopregel van een bekende export en heeft geen wachtwoordkolom; verwacht bijvoorbeeld 'name,url,username,password' (Chrome) of 'url,username,password,totp,extra,name,grouping,fav' (LastPass)"))
        }
        return try format.read(table, file: file)
    }

    static func readJSON(_ text: String, file: String) throws -> VaultFile {
        let data = Data(text.utf8)
        // Recognise the format from the top-level keys, found without parsing the whole document.
        let head = String(decoding: data.prefix(65_536), as: UTF8.self)
        if head.contains("\"items\"") || head.contains("\"encrypted\": true") || head.contains("\"encrypted\":true") {
            return try BitwardenJSON.read(data, file: file)
        }
        if head.contains("\"vaults\"") && head.contains("\"encrypted\"") {
            throw VaultImportError.unknownFormat(file: file, detail: LocalizedText(en: "a Proton Pass JSON export; export CSV from Proton Pass instead", nl: "een JSON-export van Proton Pass; exporteer uit Proton Pass liever CSV"))
        }
        throw VaultImportError.unknownFormat(file: file, detail: LocalizedText(en: "JSON without Bitwarden's 'items'", nl: "JSON zonder de 'items' van Bitwarden"))
    }

    /// Where a JSON syntax error is, as a line and column, from the offset Foundation reports.
    static func jsonErrorPosition(in data: Data) -> (Int, Int?) {
        var offset = data.count
        do { _ = try JSONSerialization.jsonObject(with: data) } catch {
            offset = ((error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int) ?? data.count
        }
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == 10 { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    static func readZip(_ data: Data, file: String) throws -> VaultFile {
        var opened: ZipArchive?
        do {
            let zip = try ZipArchive(data)
            opened = zip
            if let export = zip.entries.first(where: { $0.name == "export.data" || $0.name.hasSuffix("/export.data") }) {
                return try OnePUX.read(zip.extract(export, limit: memberLimit), file: file)
            }
            if let credentials = zip.entries.first(where: { ($0.name as NSString).lastPathComponent.lowercased() == "credentials.csv" }) {
                let member = "\(file)!\(credentials.name)"
                guard let text = ExportText.decode(try zip.extract(credentials, limit: memberLimit)) else {
                    throw VaultImportError.unknownFormat(file: member, detail: LocalizedText(en: "binary data, not text", nl: "binaire gegevens, geen tekst"))
                }
                var vault = try readCSV(text, file: member)
                vault.path = file
                vault.format = "Dashlane (zip)"
                return vault
            }
        } catch let damaged as ZipArchive.Damaged {
            let member = damaged.entry.flatMap { index in opened?.entries.first { $0.index == index }?.name }.map { "\($0): " } ?? ""
            throw VaultImportError.malformed(file: file, line: 1, column: nil, problem: LocalizedText(en: "a damaged zip archive (\(member)\(damaged.reason))", nl: "een beschadigd zip-archief (\(member)\(damaged.reason))"))
        }
        throw VaultImportError.unknownFormat(file: file, detail: LocalizedText(en: "a zip without 1Password's export.data or Dashlane's credentials.csv", nl: "een zip zonder export.data van 1Password of credentials.csv van Dashlane"))
    }
}
