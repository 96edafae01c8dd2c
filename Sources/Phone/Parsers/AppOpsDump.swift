/// One app op of one package in `dumpsys appops`: its mode and when it was last used.
public struct AppOp: Sendable, Hashable {
    public var package: String
    /// `FINE_LOCATION`, `REQUEST_INSTALL_PACKAGES`, `SYSTEM_ALERT_WINDOW`, `GET_USAGE_STATS`, …
    public var name: String
    /// `allow`, `ignore`, `deny`, `default`, `foreground`.
    public var mode: String
    /// The last access as printed (`2026-11-30 21:14:02.114` or `+1h2m3s ago`), when any.
    public var lastAccess: String?
    /// The last access was in the background (`[bg-…]` on Android 10 and later).
    public var usedInBackground: Bool

    public init(package: String, name: String, mode: String, lastAccess: String? = nil, usedInBackground: Bool = false) {
        self.package = package
        self.name = name
        self.mode = mode
        self.lastAccess = lastAccess
        self.usedInBackground = usedInBackground
    }
}

/// Reads the per-package ops of `dumpsys appops`: the Android 10+ layout with `Access: [bg-s] TIME` lines
/// under each op, the older one-line `OP (mode): time=+1h ago; duration=…`, Android 7/8's
/// `OP: mode=0; time=+T ago` (the mode a number), and uid modes (`OP: mode=MODE` under `Uid u0a12:` before its
/// packages), which apply to every package of that uid unless the package lists the op itself.
public enum AppOpsDump {
    /// Android 7/8 print a mode as its number.
    static let numberedModes = ["0": "allow", "1": "ignore", "2": "deny", "3": "default", "4": "foreground"]

    public static func parse(_ text: String) -> [AppOp] {
        var ops: [AppOp] = []
        var uidOps: [(name: String, mode: String)] = []
        var uidIndent: Int?
        var package: String?
        var packageIndent = 0
        var current: Int?
        var fromUid = Set<Int>()
        for raw in text.split(whereSeparator: \.isNewline) {
            let indent = raw.prefix { $0 == " " }.count
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("Uid "), line.hasSuffix(":") {
                uidIndent = indent
                uidOps = []
                package = nil
                current = nil
                continue
            }
            if line.hasPrefix("Package "), line.hasSuffix(":") {
                let name = String(line.dropFirst(8).dropLast())
                package = name
                packageIndent = indent
                current = nil
                for op in uidOps {
                    fromUid.insert(ops.count)
                    ops.append(AppOp(package: name, name: op.name, mode: op.mode))
                }
                continue
            }
            if let (name, mode, time) = modeLine(line) {
                if let owner = package, indent > packageIndent {
                    var op = AppOp(package: owner, name: name, mode: mode)
                    op.lastAccess = time
                    ops.append(op)
                    current = ops.count - 1
                } else if let uidIndent, indent > uidIndent {
                    uidOps.append((name, mode))
                }
                continue
            }
            guard let owner = package else { continue }
            if indent <= packageIndent { package = nil; current = nil; continue }
            if let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")"), open < close,
               isOpName(line[..<open].trimmingCharacters(in: .whitespaces)), !line.hasPrefix("Access") {
                let name = line[..<open].trimmingCharacters(in: .whitespaces)
                let modeText = line[line.index(after: open)..<close]
                let mode = modeText.split(separator: " ").first.map(String.init) ?? String(modeText)
                var op = AppOp(package: owner, name: name, mode: mode)
                if let time = line.range(of: "time=") {
                    op.lastAccess = String(line[time.upperBound...].prefix { $0 != ";" })
                }
                ops.append(op)
                current = ops.count - 1
                continue
            }
            if line.hasPrefix("Access:"), let index = current {
                let rest = line.dropFirst("Access:".count).trimmingCharacters(in: .whitespaces)
                var time = rest[...]
                var background = false
                if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    background = rest[rest.index(after: rest.startIndex)..<close].hasPrefix("bg")
                    time = rest[rest.index(after: close)...].drop { $0 == " " }
                }
                let stamp = String(time.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
                // The newest access is printed last on some versions, first on others: keep the latest by text.
                if ops[index].lastAccess == nil || stamp > (ops[index].lastAccess ?? "") {
                    ops[index].lastAccess = stamp
                    ops[index].usedInBackground = background
                }
            }
        }
        // A package's own line for an op wins over its uid's mode.
        let listed = Set(ops.indices.filter { !fromUid.contains($0) }.map { ops[$0].package + "/" + ops[$0].name })
        return ops.indices.filter { !fromUid.contains($0) || !listed.contains(ops[$0].package + "/" + ops[$0].name) }.map { ops[$0] }
    }

    static func isOpName(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
    }

    /// `OP: mode=MODE` (a uid mode, or Android 7/8's op line `OP: mode=0; time=+T ago; duration=+D`).
    static func modeLine(_ line: String) -> (name: String, mode: String, time: String?)? {
        guard let colon = line.range(of: ": mode="), isOpName(line[..<colon.lowerBound]) else { return nil }
        let rest = line[colon.upperBound...]
        let value = String(rest.prefix { $0 != ";" && $0 != " " })
        var time: String?
        if let stamp = rest.range(of: "time=") {
            time = String(rest[stamp.upperBound...].prefix { $0 != ";" && $0 != "(" }).trimmingCharacters(in: .whitespaces)
        }
        return (String(line[..<colon.lowerBound]), numberedModes[value] ?? value, time)
    }
}

import Foundation
