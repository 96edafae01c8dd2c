import AuditCore
import Foundation

/// How a browser keeps its profiles: the format, not the vendor, decides how they are read.
enum BrowserEngine: String, CaseIterable, Sendable {
    /// `Local State` and profile folders with `Preferences` (Chromium, Chrome, Brave, Edge, Vivaldi, Opera).
    case chromium
    /// `profiles.ini`, `installs.ini` and profile folders with `prefs.js` (Firefox and its forks).
    case firefox
}

/// One browser as data: where its profiles and its policies are. Rows live in `Checks/access/browsers.yaml`
/// (`data: browsers`) or inline in a check's `browsers` parameter.
struct BrowserRow: Sendable {
    var name: String
    var engine: BrowserEngine
    /// Folders holding `Local State` (chromium) or `profiles.ini` (firefox); `~` is each audited home.
    var roots: [String]
    /// Policy files (JSON), system-wide.
    var policies: [String]
    /// Files whose presence means the browser reports to someone's management console.
    var enrollment: [String]
    /// Folders of extensions that every profile loads, installed outside the store.
    var systemExtensions: [String]

    static let keys = ["name", "engine", "roots", "policies", "enrollment", "system-extensions"]

    init(_ p: Parameters) throws {
        try p.allowOnly(Self.keys)
        name = try p.string("name")
        engine = try p.choice("engine")
        roots = try p.strings("roots")
        policies = try p.strings("policies", default: [])
        enrollment = try p.strings("enrollment", default: [])
        systemExtensions = try p.strings("system-extensions", default: [])
        if roots.isEmpty { throw p.problem("roots", "list at least one folder") }
    }

    /// The rows a check names: `browsers: browsers.yaml` (a data file beside the check) or a list inline.
    static func read(_ p: Parameters, key: String = "browsers") throws -> [BrowserRow] {
        if let relative = try? p.string(key) {
            _ = relative
            let file = try p.dataFile(key)
            return try DataDocument.read(file, kind: "browsers", keys: ["browsers"]) { top in
                try top.list("browsers", BrowserRow.init)
            }
        }
        return try p.list(key, BrowserRow.init)
    }
}
