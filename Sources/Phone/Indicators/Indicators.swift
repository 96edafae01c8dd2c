import AuditCore
import Foundation
import Yams

/// An app of Echap's stalkerware-indicators (`ioc.yaml` or `watchware.yaml`).
public struct IndicatorApp: Sendable, Hashable {
    public var name: String
    public var otherNames: [String]
    /// `stalkerware` or `watchware`.
    public var type: String
    public var packages: [String]
    /// Signing certificate SHA-1s, upper-case hex.
    public var certificates: [String]
    public var websites: [String]
    /// iPhone bundle ids (`ios_bundles`).
    public var iosBundles: [String] = []
}

/// A row of `samples.csv`: one APK known by its SHA-256.
public struct IndicatorSample: Sendable, Hashable {
    public var sha256: String
    public var package: String
    public var certificate: String
    public var version: String
    public var app: String
}

/// A row of ISDi's `app-flags.csv`.
public struct AppFlag: Sendable, Hashable {
    public var appId: String
    /// `playstore`, `appstore` or `offstore`.
    public var store: String
    /// `dual-use`, `stalkerware`, `spyware` or `safe`.
    public var flag: String
    public var title: String
}

/// What the indicators say about a package or an APK.
public enum IndicatorMatch: Sendable, Hashable {
    /// Listed as stalkerware by Echap: an alarm.
    case stalkerware(IndicatorApp)
    /// An APK whose SHA-256 is a known stalkerware sample, whatever its package is called now.
    case sample(IndicatorSample)
    /// Echap's watchware (family trackers and the like): a question, "did you install this?".
    case watchware(IndicatorApp)
    /// ISDi flags it `stalkerware` or `spyware`.
    case flaggedSpyware(AppFlag)
    /// ISDi flags it dual-use: a question, not an alarm.
    case dualUse(AppFlag)

    /// Whether this match is an alarm rather than a question.
    public var isAlarm: Bool {
        switch self {
        case .stalkerware, .sample, .flaggedSpyware: true
        case .watchware, .dualUse: false
        }
    }
}

/// The indicator files loaded and indexed: Echap's ioc.yaml, watchware.yaml and samples.csv, and ISDi's app-flags.csv.
public struct Indicators: Sendable {
    public let stalkerware: [IndicatorApp]
    public let watchware: [IndicatorApp]
    public let samples: [IndicatorSample]
    public let flags: [AppFlag]

    let stalkerwareByPackage: [String: IndicatorApp]
    let watchwareByPackage: [String: IndicatorApp]
    let samplesByHash: [String: IndicatorSample]
    let stalkerwareByCertificate: [String: IndicatorApp]
    let flagsByPackage: [String: AppFlag]
    let stalkerwareByBundle: [String: IndicatorApp]
    let watchwareByBundle: [String: IndicatorApp]
    /// ISDi's `appstore` rows, by bundle id without a team id.
    let flagsByBundle: [String: AppFlag]

    public init(stalkerware: [IndicatorApp], watchware: [IndicatorApp], samples: [IndicatorSample], flags: [AppFlag]) {
        self.stalkerware = stalkerware
        self.watchware = watchware
        self.samples = samples
        self.flags = flags
        func index(_ apps: [IndicatorApp], _ key: (IndicatorApp) -> [String]) -> [String: IndicatorApp] {
            var table: [String: IndicatorApp] = [:]
            for app in apps { for value in key(app) where table[value] == nil { table[value] = app } }
            return table
        }
        stalkerwareByPackage = index(stalkerware, \.packages)
        watchwareByPackage = index(watchware, \.packages)
        stalkerwareByCertificate = index(stalkerware) { $0.certificates.map { $0.uppercased() } }
        samplesByHash = Dictionary(samples.map { ($0.sha256.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        flagsByPackage = Dictionary(flags.filter { $0.store != "appstore" && $0.flag != "safe" }.map { ($0.appId, $0) },
                                    uniquingKeysWith: { first, _ in first })
        stalkerwareByBundle = index(stalkerware) { $0.iosBundles.map(IOSApp.plain) }
        watchwareByBundle = index(watchware) { $0.iosBundles.map(IOSApp.plain) }
        flagsByBundle = Dictionary(flags.filter { $0.store == "appstore" && $0.flag != "safe" }.map { (IOSApp.plain($0.appId), $0) },
                                   uniquingKeysWith: { first, _ in first })
    }

    /// Loads the four files; every problem names the file and line.
    public static func load(ioc: String, watchware: String, samples: String, appFlags: String) throws -> Indicators {
        try load(ioc: IndicatorFiles.file(ioc), watchware: IndicatorFiles.file(watchware),
                 samples: IndicatorFiles.file(samples), appFlags: IndicatorFiles.file(appFlags))
    }

    /// Loads the four files as the checks name them (shipped beside the check definitions).
    public static func load(ioc: CheckDataFile, watchware: CheckDataFile, samples: CheckDataFile, appFlags: CheckDataFile) throws -> Indicators {
        Indicators(stalkerware: try IndicatorFiles.apps(ioc), watchware: try IndicatorFiles.apps(watchware),
                   samples: try IndicatorFiles.samples(samples), flags: try IndicatorFiles.flags(appFlags))
    }

    /// Everything known about a package name, alarms first.
    public func matches(package: String) -> [IndicatorMatch] {
        var found: [IndicatorMatch] = []
        if let app = stalkerwareByPackage[package] { found.append(.stalkerware(app)) }
        if let flag = flagsByPackage[package] {
            found.append(flag.flag == "dual-use" ? .dualUse(flag) : .flaggedSpyware(flag))
        }
        if let app = watchwareByPackage[package] { found.append(.watchware(app)) }
        return found.sorted { $0.isAlarm && !$1.isAlarm }
    }

    /// Everything known about an iPhone app's bundle id (a team id in it is left out), alarms first.
    public func matches(bundle: String) -> [IndicatorMatch] {
        let plain = IOSApp.plain(bundle)
        var found: [IndicatorMatch] = []
        if let app = stalkerwareByBundle[plain] { found.append(.stalkerware(app)) }
        if let flag = flagsByBundle[plain] { found.append(flag.flag == "dual-use" ? .dualUse(flag) : .flaggedSpyware(flag)) }
        if let app = watchwareByBundle[plain] { found.append(.watchware(app)) }
        return found.sorted { $0.isAlarm && !$1.isAlarm }
    }

    /// The known sample with that APK SHA-256 (any case).
    public func sample(sha256: String) -> IndicatorSample? { samplesByHash[sha256.lowercased()] }

    /// The stalkerware app signed with that certificate SHA-1 (hex, with or without colons).
    public func stalkerware(certificate: String) -> IndicatorApp? {
        stalkerwareByCertificate[certificate.replacingOccurrences(of: ":", with: "").uppercased()]
    }
}

/// Reading the indicator files with their line numbers.
enum IndicatorFiles {
    static let appKeys: Set<String> = ["name", "names", "type", "packages", "certificates", "websites", "c2", "distribution",
                                       "certificate_cname_re", "certificate_organizations", "ios_bundles"]

    static func file(_ path: String) throws -> CheckDataFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PhoneError.invalidIndicators(file: path, line: 1, message: "the file cannot be read")
        }
        return CheckDataFile(path: path, text: String(decoding: data, as: UTF8.self))
    }

    static func apps(at path: String) throws -> [IndicatorApp] { try apps(file(path)) }
    static func samples(at path: String) throws -> [IndicatorSample] { try samples(file(path)) }

    static func apps(_ file: CheckDataFile) throws -> [IndicatorApp] {
        let text = file.text, path = file.path
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw PhoneError.invalidIndicators(file: path, line: 1, message: "not YAML: \(error)")
        }
        guard let entries = root?.sequence else {
            throw PhoneError.invalidIndicators(file: path, line: 1, message: "expected a list of apps")
        }
        return try entries.map { entry in
            let line = entry.mark?.line ?? 1
            guard let mapping = entry.mapping else {
                throw PhoneError.invalidIndicators(file: path, line: line, message: "expected an app with name, type and packages")
            }
            var fields: [String: Node] = [:]
            for (key, value) in mapping {
                guard let name = key.string, appKeys.contains(name) else {
                    throw PhoneError.invalidIndicators(file: path, line: key.mark?.line ?? line,
                                                       message: "unknown key '\(key.string ?? "?")'")
                }
                fields[name] = value
            }
            func strings(_ key: String) throws -> [String] {
                guard let node = fields[key] else { return [] }
                guard let items = node.sequence else {
                    throw PhoneError.invalidIndicators(file: path, line: node.mark?.line ?? line, message: "'\(key)' is not a list")
                }
                return try items.map { item in
                    guard let value = item.string else {
                        throw PhoneError.invalidIndicators(file: path, line: item.mark?.line ?? line, message: "'\(key)' holds a non-text item")
                    }
                    return value
                }
            }
            guard let name = fields["name"]?.string, let type = fields["type"]?.string else {
                throw PhoneError.invalidIndicators(file: path, line: line, message: "an app without 'name' or 'type'")
            }
            return IndicatorApp(name: name, otherNames: try strings("names"), type: type, packages: try strings("packages"),
                                certificates: try strings("certificates"), websites: try strings("websites"),
                                iosBundles: try strings("ios_bundles"))
        }
    }

    static func samples(_ file: CheckDataFile) throws -> [IndicatorSample] {
        try rows(file, header: ["SHA256", "Package Name", "Certificate", "Version", "App"]).map { fields, _ in
            IndicatorSample(sha256: fields[0].lowercased(), package: fields[1], certificate: fields[2], version: fields[3], app: fields[4])
        }
    }

    static func flags(_ file: CheckDataFile) throws -> [AppFlag] {
        try rows(file, header: ["appId", "store", "flag", "title"]).map { fields, _ in
            AppFlag(appId: fields[0], store: fields[1], flag: fields[2], title: fields[3])
        }
    }

    /// The rows after a header that must match, each with exactly the header's number of fields.
    static func rows(_ file: CheckDataFile, header: [String]) throws -> [([String], Int)] {
        let path = file.path
        let records = try CSV.parse(file.text, file: path)
        guard let first = records.first, first.fields == header else {
            throw PhoneError.invalidIndicators(file: path, line: 1, message: "expected the header \(header.joined(separator: ","))")
        }
        return try records.dropFirst().map { record in
            guard record.fields.count == header.count else {
                throw PhoneError.invalidIndicators(file: path, line: record.line,
                                                   message: "expected \(header.count) fields, found \(record.fields.count)")
            }
            return (record.fields, record.line)
        }
    }
}

/// A small RFC 4180 reader on UTF-8 bytes: quoted fields with doubled quotes and line breaks, each record
/// with the line it starts on.
enum CSV {
    static func parse(_ text: String, file: String) throws -> [(fields: [String], line: Int)] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
        var records: [(fields: [String], line: Int)] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var line = 1, recordLine = 1
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((fields, recordLine)) }
            fields = []
            recordLine = line
        }
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if quoted {
                if byte == quote {
                    if bytes.first == quote { field.append(quote); bytes.removeFirst() } else { quoted = false }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !wasQuoted: quoted = true; wasQuoted = true
            case comma: endField()
            case ret: if bytes.first != newline { line += 1; endRecord() }
            case newline: line += 1; endRecord()
            default: field.append(byte)
            }
        }
        if quoted { throw PhoneError.invalidIndicators(file: file, line: recordLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
