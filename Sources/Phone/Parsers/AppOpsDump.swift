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
/// under each op, and the older one-line `OP (mode): time=+1h ago; duration=…`.
public enum AppOpsDump {
    public static func parse(_ text: String) -> [AppOp] {
        var ops: [AppOp] = []
        var package: String?
        var packageIndent = 0
        var current: Int?
        for raw in text.split(whereSeparator: \.isNewline) {
            let indent = raw.prefix { $0 == " " }.count
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("Package "), line.hasSuffix(":") {
                package = String(line.dropFirst(8).dropLast())
                packageIndent = indent
                current = nil
                continue
            }
            guard let owner = package else { continue }
            if indent <= packageIndent { package = nil; current = nil; continue }
            if let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")"), open < close,
               line[..<open].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }),
               !line.hasPrefix("Access") {
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
        return ops
    }
}

import Foundation
