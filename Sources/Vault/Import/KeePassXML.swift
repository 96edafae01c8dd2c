import AuditCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// KeePass 2 XML: `KeePassFile/Root/Group/Entry` with `String` key/value pairs, `Times` and a
/// `History` of earlier versions. Times are ISO 8601 or (KDBX 4) base64 of little-endian seconds
/// since 0001-01-01. Entities and DTDs are refused, so no entity expansion can blow up.
final class KeePassXML: NSObject, XMLParserDelegate {
    struct Version {
        var strings: [String: String] = [:]
        var modified: Date?
        var created: Date?
    }
    struct Entry {
        var current = Version()
        var history: [Version] = []
        var line = 0
        /// The UUIDs of the groups it sits in, outermost first.
        var groups: [String] = []
    }

    let file: String
    var entries: [Entry] = []
    private(set) var stack: [String] = []
    private var entry: Entry?
    private var current = Version()
    private var old = Version()
    private var inHistory = false
    /// The version being read: an entry's own fields, or one of its history.
    private var version: Version {
        get { inHistory ? old : current }
        set { if inHistory { old = newValue } else { current = newValue } }
    }
    private var key = ""
    private var text = ""
    private var sawRoot = false
    var failure: VaultImportError?
    var protectedValue: ((String) throws -> String)?
    private var isProtected = false
    /// The UUID of each open group, outermost first (nil until its `UUID` element is read).
    private var groups: [String?] = []
    private(set) var recycleBin: String?
    private(set) var recycleBinEnabled = true

    init(file: String) { self.file = file }

    /// Seconds from 0001-01-01 (proleptic Gregorian, as .NET counts) to 1970-01-01.
    static let secondsBefore1970: TimeInterval = 62_135_596_800

    static func time(_ text: String) -> Date? {
        if let date = ExportDate.parse(text) { return date }
        guard let data = Data(base64Encoded: text), data.count == 8 else { return nil }
        let seconds = data.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        return Date(timeIntervalSince1970: TimeInterval(seconds) - secondsBefore1970)
    }

    /// Reads the XML of a KeePass database: `protectedValue` turns the text of every element marked
    /// `Protected="True"` into its plaintext, called in document order (the inner stream cipher's
    /// keystream runs through them in that order). The recycle bin's entries are skipped.
    static func read(_ data: Data, file: String, format: String = "KeePass 2 XML",
                     protectedValue: ((String) throws -> String)? = nil) throws -> VaultFile {
        // KeePass escapes `<` in values, so these only occur as markup.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw VaultImportError.malformed(file: file, line: 1, column: nil,
                                             problem: LocalizedText(en: "the XML declares a DTD or entities, which KeePass never writes; refusing it", nl: "de XML declareert een DTD of entiteiten, wat KeePass nooit schrijft; daarom geweigerd"))
        }
        // Processing instructions other than the `<?xml …?>` declaration: KeePass writes none, and
        // FoundationXML crashes on some (found by fuzzing: `<?name?>` without data).
        var searchFrom = data.startIndex
        while let found = data.range(of: Data("<?".utf8), in: searchFrom..<data.endIndex) {
            let name = data[found.upperBound...].prefix(4)
            guard name.elementsEqual("xml ".utf8) || name.elementsEqual("xml\t".utf8) || name.elementsEqual("xml\n".utf8) else {
                let line = data[..<found.lowerBound].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
                throw VaultImportError.malformed(file: file, line: line, column: nil,
                                                 problem: LocalizedText(en: "a processing instruction, which KeePass never writes; expected a KeePass 2 XML export", nl: "een verwerkingsinstructie, die KeePass nooit schrijft; verwacht werd een KeePass 2 XML-export"))
            }
            searchFrom = found.upperBound
        }
        let reader = KeePassXML(file: file)
        reader.protectedValue = protectedValue
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        if !parser.parse() {
            if let failure = reader.failure { throw failure }
            throw VaultImportError.malformed(file: file, line: parser.lineNumber, column: parser.columnNumber,
                                             problem: LocalizedText(en: "not well-formed XML: \(parser.parserError.map { "\(($0 as NSError).code)" } ?? "unknown") error; expected a KeePass 2 XML export", nl: "geen goedgevormde XML (fout \(parser.parserError.map { "\(($0 as NSError).code)" } ?? "onbekend")); verwacht werd een KeePass 2 XML-export"))
        }
        if !reader.stack.isEmpty {
            throw VaultImportError.malformed(file: file, line: parser.lineNumber, column: parser.columnNumber,
                                             problem: LocalizedText(en: "the XML ends before </\(reader.stack.last!)>; the export is truncated", nl: "de XML houdt op vóór </\(reader.stack.last!)>; de export is niet compleet"))
        }
        guard reader.sawRoot else {
            throw VaultImportError.unknownFormat(file: file, detail: LocalizedText(en: "XML without a KeePassFile element", nl: "XML zonder KeePassFile-element"))
        }
        var logins: [Credential] = []
        var skipped: [String: Int] = [:]
        for entry in reader.entries {
            if reader.recycleBinEnabled, let bin = reader.recycleBin, !bin.isEmpty, entry.groups.contains(bin) {
                skipped["in the recycle bin", default: 0] += 1
                continue
            }
            let fields = entry.current.strings
            guard let password = fields["Password"], !password.isEmpty else {
                skipped["no password", default: 0] += 1
                continue
            }
            // History is oldest first; the newest version whose password differs tells when it changed.
            let versions = entry.history + [entry.current]
            var changed: Date? = nil
            for (index, old) in versions.enumerated().dropLast().reversed() where old.strings["Password"] != password {
                changed = versions[index + 1].modified
                break
            }
            let date: PasswordDate?
            if let changed {
                date = PasswordDate(changed, .exact)
            } else if !entry.history.isEmpty, let created = entry.history.first?.created ?? entry.current.created {
                date = PasswordDate(created, .exact)
            } else if let modified = entry.current.modified {
                date = PasswordDate(modified, .entryModified)
            } else {
                date = nil
            }
            let history = entry.history.compactMap { old -> PastPassword? in
                guard let value = old.strings["Password"], !value.isEmpty, value != password else { return nil }
                return PastPassword(password: Secret(value), until: old.modified)
            }
            let oneTimeCode = fields.contains { key, value in !value.isEmpty && Self.isOneTimeCodeField(key) }
            logins.append(Credential(title: fields["Title"] ?? "", username: fields["UserName"] ?? "",
                                     urls: [fields["URL"] ?? ""], password: Secret(password), passwordDate: date,
                                     history: history, oneTimeCode: oneTimeCode, file: file, position: entry.line))
        }
        return VaultFile(path: file, format: format, logins: logins, skipped: skipped)
    }

    /// The fields in which KeePassXC (`otp`), KeePass 2.47+ (`TimeOtp-Secret-Base32`, `HmacOtp-Secret…`)
    /// and the KeeTrayTOTP plugin (`TOTP Seed`) keep a one-time-code secret.
    static func isOneTimeCodeField(_ key: String) -> Bool {
        key == "otp" || key == "TOTP Seed" || key.hasPrefix("TimeOtp-Secret") || key.hasPrefix("HmacOtp-Secret")
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if stack.isEmpty {
            guard name == "KeePassFile" else {
                failure = .unknownFormat(file: file, detail: LocalizedText(en: "XML whose root is <\(name)>, not <KeePassFile>", nl: "XML die begint met <\(name)>, niet met <KeePassFile>"))
                parser.abortParsing()
                return
            }
            sawRoot = true
        }
        stack.append(name)
        text = ""
        isProtected = attributes["Protected"]?.lowercased() == "true"
        switch name {
        case "Entry":
            if inHistory { old = Version() } else { entry = Entry(line: parser.lineNumber, groups: groups.compactMap { $0 }); current = Version() }
        case "History": inHistory = true
        case "Group": groups.append(nil)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if isProtected, let protectedValue {
            do {
                text = try protectedValue(text)
            } catch let error as VaultImportError {
                failure = error
                parser.abortParsing()
                return
            } catch {
                failure = .malformed(file: file, line: parser.lineNumber, column: nil, problem: LocalizedText(en: "a protected value cannot be decrypted (\(error))", nl: "een beschermde waarde kan niet worden ontsleuteld (\(error))"))
                parser.abortParsing()
                return
            }
        }
        isProtected = false
        switch name {
        case "UUID" where stack.last == "Group":
            if !groups.isEmpty { groups[groups.count - 1] = text }
        case "RecycleBinUUID" where stack.last == "Meta": recycleBin = text
        case "RecycleBinEnabled" where stack.last == "Meta": recycleBinEnabled = text.lowercased() != "false"
        case "Group": if !groups.isEmpty { groups.removeLast() }
        case "Key": key = text
        case "Value" where stack.last == "String": version.strings[key] = text
        case "LastModificationTime": version.modified = Self.time(text)
        case "CreationTime": version.created = Self.time(text)
        case "History": inHistory = false
        case "Entry":
            if inHistory {
                entry?.history.append(old)
            } else if var finished = entry {
                finished.current = current
                entries.append(finished)
                entry = nil
            }
        default: break
        }
        text = ""
    }
}
