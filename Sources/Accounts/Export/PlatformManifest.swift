import AuditCore
import Foundation

/// What a record of an export is about; each kind of check reads some of these, whatever the platform.
public enum RecordType: String, Sendable, CaseIterable, Hashable {
    /// Sessions signed in now, or tokens still in use.
    case sessions
    /// Devices that use or used the account.
    case devices
    /// Sign-ins (and sign-outs) with a time and an address.
    case signIns = "sign-ins"
    /// Contact points that can take the account back: recovery e-mail and phone, trusted numbers, contacts.
    case recovery
    /// Addresses mail is or can be forwarded to.
    case forwarding
    /// Others who may read or send from the mailbox.
    case delegates
    /// Apps and sites with access to the account.
    case apps
    /// Changes to e-mail, phone, password or two-step sign-in.
    case changes
    /// Earlier downloads of the account's data.
    case downloads

    /// What records of this type are, in a few words.
    public var words: LocalizedText {
        switch self {
        case .sessions: LocalizedText(en: "sessions", nl: "sessies")
        case .devices: LocalizedText(en: "devices", nl: "apparaten")
        case .signIns: LocalizedText(en: "sign-ins", nl: "aanmeldingen")
        case .recovery: LocalizedText(en: "recovery addresses and numbers", nl: "herstel-adressen en -nummers")
        case .forwarding: LocalizedText(en: "forwarding addresses", nl: "doorstuuradressen")
        case .delegates: LocalizedText(en: "delegates", nl: "gemachtigden")
        case .apps: LocalizedText(en: "connected apps", nl: "gekoppelde apps")
        case .changes: LocalizedText(en: "account changes", nl: "accountwijzigingen")
        case .downloads: LocalizedText(en: "earlier downloads", nl: "eerdere downloads")
        }
    }
}

/// The formats an export file is read in.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// JSON, with `items` the path to the list of records.
    case json
    /// JavaScript that assigns one JSON value (`window.YTD.ip_audit.part0 = [ … ]`, the X archive).
    case js
    /// Comma-separated, with a header line found by its columns (lines before it are skipped).
    case csv
    /// The rows of an HTML table whose header holds the columns.
    case htmlTable = "html-table"
    /// `Label: value` lines of an HTML page, as one record.
    case htmlLabels = "html-labels"

    var extensions: [String] {
        switch self {
        case .json: ["json"]
        case .js: ["js"]
        case .csv: ["csv"]
        case .htmlTable, .htmlLabels: ["html", "htm"]
        }
    }
}

/// The fields a record may carry; a manifest maps each to the keys or columns it is read from.
public enum RecordField: String, Sendable, CaseIterable, Hashable {
    case time, lastSeen = "last-seen", ip, device, agent, location, app, value, action, old, new, status, removed
}

/// One platform's export, as data (`Checks/accounts/platforms/<platform>.yaml`, `data: account-export`):
/// the paths that identify it, and where each kind of record is in it.
public struct PlatformManifest: Sendable {
    public var id: String
    public var name: String
    /// Where the manifest was read from, for messages.
    public var source: String
    /// Globs, any of which identifies the export (matched at any depth, case-insensitive, `'` read as `_`).
    public var detect: [String]
    /// Meta's exports write each UTF-8 byte as its own `\u00XX`: repair the texts read.
    public var repairMojibake: Bool
    /// How far back the platform's logs go, said with every result.
    public var covers: LocalizedText
    /// What the export cannot show, and where to look instead.
    public var cannotShow: LocalizedText
    /// Files the platform can write in a form this reader does not take (HTML instead of JSON).
    public var unsupported: [Unsupported]
    public var records: [RecordSpec]

    public struct Unsupported: Sendable {
        public var files: [String]
        public var reason: LocalizedText
    }

    /// Where one kind of record is: the file (any of several names), its format, the list in it and the fields.
    public struct RecordSpec: Sendable {
        public var id: String
        public var type: RecordType
        public var files: [String]
        public var format: RecordFormat
        /// JSON: paths to the list of records, first that exists (empty: the top level).
        public var items: [String]
        /// JSON: the key each list element wraps its record in (`ipAudit`), if any.
        public var each: String?
        /// CSV and HTML tables: the columns that identify the file's header (all present).
        public var columns: [String]
        public var fields: [RecordField: [String]]
        /// Keep only records whose `field` contains one of `words` (case-insensitive).
        public var onlyIf: (field: RecordField, words: [String])?
        /// The platform normally has this file when the security categories were exported: its absence is said.
        public var expected: Bool
        /// The file lists what is signed in now (a snapshot), not a history.
        public var current: Bool
        /// Where in the platform's settings to act on these records.
        public var whereToAct: LocalizedText
        /// Whether a file of another name may be taken for this record by its shape; false where two
        /// files share a shape (Gmail's forwarding and blocked addresses are both a list of addresses).
        public var byShape: Bool
    }

    public static let dataKind = "account-export"

    public init(file: CheckDataFile) throws {
        source = file.path
        let read = try DataDocument.read(file, kind: Self.dataKind, keys: ["platform", "name", "detect", "repair-mojibake", "covers", "cannot-show", "unsupported", "records"]) { top in
            let id = try DataDocument.identifier(top, "platform")
            let name = try top.string("name")
            let detect = try top.strings("detect")
            guard !detect.isEmpty else { throw top.problem("detect", "needs at least one path") }
            let repair = try top.bool("repair-mojibake", default: false)
            let covers = try DataDocument.text(top, "covers")
            let cannotShow = try DataDocument.text(top, "cannot-show")
            let unsupported: [Unsupported] = top.has("unsupported") ? try top.list("unsupported") { item in
                try item.allowOnly(["files", "reason"])
                return Unsupported(files: try item.strings("files"), reason: try DataDocument.text(item, "reason"))
            } : []
            var seen = Set<String>()
            let records = try top.list("records") { item -> RecordSpec in
                try item.allowOnly(["id", "type", "files", "format", "items", "each", "columns", "fields", "only-if", "expected", "current", "where", "by-shape"])
                let id = try DataDocument.identifier(item)
                guard seen.insert(id).inserted else { throw item.problem("id", "'\(id)' is used twice in this manifest") }
                let format: RecordFormat = try item.choice("format")
                let files = try item.strings("files")
                guard !files.isEmpty else { throw item.problem("files", "needs at least one path") }
                let fieldsNode = try item.mapping("fields")
                var fields: [RecordField: [String]] = [:]
                for key in fieldsNode.keys {
                    guard let field = RecordField(rawValue: key) else {
                        throw fieldsNode.problem(key, "unknown field '\(key)'; fields are \(RecordField.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    let sources = try fieldsNode.strings(key)
                    guard !sources.isEmpty else { throw fieldsNode.problem(key, "needs at least one key or column") }
                    fields[field] = sources
                }
                guard !fields.isEmpty else { throw item.problem("fields", "needs at least one field") }
                var onlyIf: (field: RecordField, words: [String])?
                if item.has("only-if") {
                    let only = try item.mapping("only-if")
                    guard only.keys.count == 1, let key = only.keys.first, let field = RecordField(rawValue: key) else {
                        throw item.problem("only-if", "expected one field and its words, e.g. 'only-if: {action: [password, email]}'")
                    }
                    onlyIf = (field: field, words: try only.strings(key).map { $0.lowercased() })
                }
                let columns = try item.strings("columns", default: [])
                if format == .csv || format == .htmlTable, columns.isEmpty {
                    throw item.problem("columns", "is required for \(format.rawValue): the header columns that identify the file")
                }
                return RecordSpec(
                    id: id, type: try item.choice("type"), files: files, format: format,
                    items: try item.strings("items", default: [""]), each: try item.optionalString("each"), columns: columns,
                    fields: fields, onlyIf: onlyIf, expected: try item.bool("expected", default: false),
                    current: try item.bool("current", default: false), whereToAct: try DataDocument.text(item, "where"),
                    byShape: try item.bool("by-shape", default: true))
            }
            guard !records.isEmpty else { throw top.problem("records", "needs at least one record") }
            return (id, name, detect, repair, covers, cannotShow, unsupported, records)
        }
        (id, name, detect, repairMojibake, covers, cannotShow, unsupported, records) = read
    }
}
