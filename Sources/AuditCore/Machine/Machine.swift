import Foundation

/// Thrown by a check whose facts could not be read (a command that failed, output that makes no sense):
/// the check ends as `error` with this reason, in the report's language — never as passed.
public struct NotJudged: Error, Sendable, LocalizedError {
    public var reason: LocalizedText
    public init(_ reason: LocalizedText) { self.reason = reason }
    public var errorDescription: String? { reason.en }
}

/// Raised by a probe for a fact it cannot read, or a check without its input; the check ends `skipped` with the reason.
public struct SkipCheck: Error, Sendable {
    public var reason: LocalizedText
    public init(_ reason: LocalizedText) { self.reason = reason }

    public static func needsRoot(_ path: String) -> SkipCheck {
        SkipCheck(LocalizedText(en: "\(path) can only be read as root; run the audit with sudo to judge this",
                                nl: "\(path) is alleen als root te lezen; draai de controle met sudo om dit te beoordelen"))
    }
}

/// The operating system, from `/etc/os-release` (or the platform on macOS).
public struct OSInfo: Sendable, Hashable {
    public var id: String
    public var like: [String]
    public var name: String
    public var version: String

    public init(id: String, like: [String] = [], name: String = "", version: String = "") {
        self.id = id
        self.like = like
        self.name = name
        self.version = version
    }

    public static let unknown = OSInfo(id: "unknown")

    /// Whether `name` is this system or one it derives from (`ubuntu` is `debian`-like).
    public func matches(_ name: String) -> Bool { id == name || like.contains(name) }

    public static func parse(osRelease text: String) -> OSInfo {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[String(parts[0]).trimmingCharacters(in: .whitespaces)] =
                String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
        }
        return OSInfo(id: values["ID"]?.lowercased() ?? "linux",
                      like: (values["ID_LIKE"] ?? "").lowercased().split(separator: " ").map(String.init),
                      name: values["PRETTY_NAME"] ?? values["NAME"] ?? "",
                      version: values["VERSION_ID"] ?? "")
    }
}

/// The machine being audited: a file tree under `root`, its commands, and who is asking.
///
/// Paths given to a host are paths as the audited machine sees them (`/etc/os-release`,
/// `~/.ssh/authorized_keys`); the host resolves them under its root.
public struct Machine: Sendable {
    public var root: String
    /// The home folder as the audited machine sees it.
    public var home: String
    public var userName: String
    public var runner: any CommandRunner
    /// Whether the audit runs as root, so that protected facts can be read.
    public var privileged: Bool
    public var now: Date
    public var os: OSInfo
    /// Largest file a probe reads whole.
    public var readLimit: Int = 16 << 20
    /// A folder where checks may keep what they work out from the machine's public files between
    /// runs (built word lists; never anything of the user's), or nil to keep nothing.
    public var cacheDirectory: String?
    /// Facts shared by the checks of one audit.
    public let facts = FactCache()

    public init(root: String = "/", home: String? = nil, userName: String? = nil,
                runner: any CommandRunner, privileged: Bool, now: Date = Date(), os: OSInfo? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.root = root
        self.home = home ?? (root == "/" ? (environment["HOME"] ?? NSHomeDirectory()) : "/home")
        self.userName = userName ?? environment["USER"] ?? environment["LOGNAME"] ?? ""
        self.runner = runner
        self.privileged = privileged
        self.now = now
        self.os = OSInfo.unknown
        if let os {
            self.os = os
        } else {
            #if os(macOS)
            self.os = OSInfo(id: "macos", name: "macOS")
            #else
            if let text = try? self.read("/etc/os-release") ?? self.read("/usr/lib/os-release") {
                self.os = OSInfo.parse(osRelease: text)
            }
            #endif
        }
    }

    /// Expands `~` and puts the path under the root: the path to open on this machine.
    public func resolve(_ path: String) -> String {
        var path = path
        if path == "~" { path = home } else if path.hasPrefix("~/") { path = home + path.dropFirst(1) }
        if root == "/" { return path }
        return root + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// The path as the user knows it: the home folder shown as `~`.
    public func display(_ path: String) -> String {
        if path == home { return "~" }
        if path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: resolve(path))
    }

    public func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: resolve(path), isDirectory: &directory) && directory.boolValue
    }

    /// The file's bytes, `nil` when it does not exist; throws `SkipCheck` when only root may read it.
    public func data(_ path: String) throws -> Data? {
        let real = resolve(path)
        guard let handle = FileHandle(forReadingAtPath: real) else {
            if FileManager.default.fileExists(atPath: real) {
                if access(real, R_OK) != 0 && !privileged { throw SkipCheck.needsRoot(display(path)) }
                throw SkipCheck(LocalizedText(en: "\(display(path)) exists but cannot be read",
                                              nl: "\(display(path)) bestaat maar is niet te lezen"))
            }
            return nil
        }
        defer { try? handle.close() }
        return try handle.read(upToCount: readLimit) ?? Data()
    }

    /// The file's text (UTF-8, invalid bytes replaced), `nil` when it does not exist.
    public func read(_ path: String) throws -> String? {
        try data(path).map { String(decoding: $0, as: UTF8.self) }
    }

    public func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: resolve(path)))?[.modificationDate] as? Date
    }

    /// The names in a folder, sorted; empty when it does not exist.
    public func list(_ path: String) throws -> [String] {
        let real = resolve(path)
        guard isDirectory(path) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: real).sorted()
        } catch {
            if !privileged && access(real, R_OK | X_OK) != 0 { throw SkipCheck.needsRoot(display(path)) }
            return []
        }
    }

    /// The existing paths matching a shell pattern (`*`, `?`, `[…]` in any component), sorted,
    /// as the audited machine sees them.
    public func glob(_ pattern: String) throws -> [String] {
        var expanded = pattern
        if expanded == "~" || expanded.hasPrefix("~/") { expanded = home + expanded.dropFirst(1) }
        let components = expanded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var current = [""]
        for component in components {
            var next: [String] = []
            let isPattern = component.contains(where: { "*?[".contains($0) })
            for base in current {
                if isPattern {
                    for name in try list(base.isEmpty ? "/" : base) where fnmatch(component, name, 0) == 0 {
                        if name.hasPrefix(".") && !component.hasPrefix(".") { continue }
                        next.append(base + "/" + name)
                    }
                } else {
                    next.append(base + "/" + component)
                }
            }
            current = next
        }
        return current.filter { !$0.isEmpty && (FileManager.default.fileExists(atPath: resolve($0))
            || (try? FileManager.default.destinationOfSymbolicLink(atPath: resolve($0))) != nil) }.sorted()
    }
}

/// Facts read once per audit and shared by the checks that need them (the package list, processes).
public final class FactCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: any Sendable] = [:]

    public init() {}

    public func cached<T: Sendable>(_ key: String) -> T? { lock.withLock { values[key] } as? T }

    public func store<T: Sendable>(_ key: String, _ value: T) { lock.withLock { values[key] = value } }

    /// The cached value for `key`, computing it on first use. Errors are not cached.
    public func value<T: Sendable>(_ key: String, _ compute: () throws -> T) rethrows -> T {
        if let cached = lock.withLock({ values[key] }) as? T { return cached }
        let value = try compute()
        lock.withLock { values[key] = value }
        return value
    }
}
