/// A Debian package version, `[epoch:]upstream[-revision]`, ordered as dpkg orders them.
struct DebianVersion: Comparable, Sendable, CustomStringConvertible {
    let epoch: Int
    let upstream: String
    let revision: String
    let description: String

    init(_ text: String) {
        description = text
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) {
            epoch = number
            rest = rest[rest.index(after: colon)...]
        } else {
            epoch = 0
        }
        if let dash = rest.lastIndex(of: "-") {
            upstream = String(rest[..<dash])
            revision = String(rest[rest.index(after: dash)...])
        } else {
            upstream = String(rest)
            revision = ""
        }
    }

    static func < (a: DebianVersion, b: DebianVersion) -> Bool {
        if a.epoch != b.epoch { return a.epoch < b.epoch }
        let upstream = compare(a.upstream, b.upstream)
        if upstream != 0 { return upstream < 0 }
        return compare(a.revision, b.revision) < 0
    }

    static func == (a: DebianVersion, b: DebianVersion) -> Bool {
        a.epoch == b.epoch && compare(a.upstream, b.upstream) == 0 && compare(a.revision, b.revision) == 0
    }

    /// dpkg's weight of a character in the non-digit part: `~` before the end, the end before
    /// letters, letters before everything else.
    static func order(_ c: UInt8?) -> Int {
        guard let c else { return 0 }
        if c == UInt8(ascii: "~") { return -1 }
        if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { return Int(c) }
        return Int(c) + 256
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// dpkg's `verrevcmp`: alternating non-digit and digit runs.
    static func compare(_ x: String, _ y: String) -> Int {
        let a = Array(x.utf8), b = Array(y.utf8)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            var firstDifference = 0
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let ac = order(i < a.count && !isDigit(a[i]) ? a[i] : nil)
                let bc = order(j < b.count && !isDigit(b[j]) ? b[j] : nil)
                if ac != bc { return ac - bc }
                if i < a.count && !isDigit(a[i]) { i += 1 }
                if j < b.count && !isDigit(b[j]) { j += 1 }
            }
            while i < a.count && a[i] == UInt8(ascii: "0") { i += 1 }
            while j < b.count && b[j] == UInt8(ascii: "0") { j += 1 }
            while i < a.count && isDigit(a[i]) && j < b.count && isDigit(b[j]) {
                if firstDifference == 0 { firstDifference = Int(a[i]) - Int(b[j]) }
                i += 1
                j += 1
            }
            if i < a.count && isDigit(a[i]) { return 1 }
            if j < b.count && isDigit(b[j]) { return -1 }
            if firstDifference != 0 { return firstDifference }
        }
        return 0
    }
}

/// Stanzas of a Debian control file (dpkg status, an APT Packages list): the fields a check needs.
enum ControlFile {
    struct Entry: Sendable {
        var package: String
        var version: String
        var architecture: String
        var status: String
    }

    static func entries(_ text: String) -> [Entry] {
        var text = text
        return text.withUTF8 { entries(bytes: $0) }
    }

    /// Works on bytes: lists run to megabytes and only four fields matter.
    static func entries(bytes: UnsafeBufferPointer<UInt8>) -> [Entry] {
        let fields: [(name: [UInt8], index: Int)] = [
            (Array("Package:".utf8), 0), (Array("Version:".utf8), 1), (Array("Architecture:".utf8), 2), (Array("Status:".utf8), 3),
        ]
        var entries: [Entry] = []
        var values = ["", "", "", ""]
        func flush() {
            if !values[0].isEmpty {
                entries.append(Entry(package: values[0], version: values[1], architecture: values[2], status: values[3]))
            }
            values = ["", "", "", ""]
        }
        var start = 0
        let count = bytes.count
        while start <= count {
            var end = start
            while end < count && bytes[end] != 10 { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            if lineEnd == start {
                flush()
            } else if bytes[start] != 32 && bytes[start] != 9 {
                for field in fields where lineEnd - start > field.name.count {
                    var matches = true
                    for k in 0..<field.name.count where bytes[start + k] != field.name[k] { matches = false; break }
                    guard matches else { continue }
                    var valueStart = start + field.name.count
                    while valueStart < lineEnd && (bytes[valueStart] == 32 || bytes[valueStart] == 9) { valueStart += 1 }
                    var valueEnd = lineEnd
                    while valueEnd > valueStart && (bytes[valueEnd - 1] == 32 || bytes[valueEnd - 1] == 9) { valueEnd -= 1 }
                    values[field.index] = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
                    break
                }
            }
            start = end + 1
        }
        flush()
        return entries
    }
}
