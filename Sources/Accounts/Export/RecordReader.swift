import Foundation

/// One record as read from a file, before its fields are picked: a JSON value, or a row of named cells.
enum RawItem {
    case json(Any)
    /// Cells by column or label, the names folded (`folded`).
    case cells([String: String])
}

/// Why a file could not be read as its manifest says; never holds the file's content.
struct FormatProblem: Error {
    var reason: String
    /// The file was read, but the list the record is in is not there (an account without that list).
    var noList = false
}

/// Reads the records of one file by its format; the fields are picked by `FieldReader`.
enum RecordReader {
    static func items(_ data: Data, spec: PlatformManifest.RecordSpec) throws -> [RawItem] {
        var items: [RawItem] = []
        try forEachItem(data, spec: spec) { items.append($0) }
        return items
    }

    /// Each record of the file in turn: a CSV's rows are never all held at once.
    static func forEachItem(_ data: Data, spec: PlatformManifest.RecordSpec, _ body: (RawItem) -> Void) throws {
        if spec.format == .csv {
            // UTF-8 is read from the member's bytes as they are (no second copy as a String); UTF-16 is converted.
            if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
                guard let text = decode(data) else { throw FormatProblem(reason: "not text") }
                return try csvItems(Data(text.utf8), columns: spec.columns, body)
            }
            return try csvItems(data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data, columns: spec.columns, body)
        }
        try allItems(data, spec: spec).forEach(body)
    }

    static func allItems(_ data: Data, spec: PlatformManifest.RecordSpec) throws -> [RawItem] {
        switch spec.format {
        case .json, .js:
            var data = data
            if spec.format == .js {
                // `window.YTD.ip_audit.part0 = [ … ]`: everything after the first `=`.
                guard let equals = data.firstIndex(of: UInt8(ascii: "=")) else { throw FormatProblem(reason: "no '=' before the data") }
                data = data[(equals + 1)...]
            }
            let root: Any
            do {
                root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                throw FormatProblem(reason: "not valid JSON (\(jsonPosition(error, in: data)))")
            }
            return try jsonItems(root, spec: spec)
        case .csv:
            var items: [RawItem] = []
            try forEachItem(data, spec: spec) { items.append($0) }
            return items
        case .htmlTable:
            guard let text = decode(data) else { throw FormatProblem(reason: "not text") }
            return try HTMLText.tableRows(text, columns: spec.columns).map { .cells($0) }
        case .htmlLabels:
            guard let text = decode(data) else { throw FormatProblem(reason: "not text") }
            let labels = HTMLText.labels(text)
            return labels.isEmpty ? [] : [.cells(labels)]
        }
    }

    /// Whether the file has the shape the spec reads: the list where `items` says, or the header columns.
    static func hasShape(_ data: Data, spec: PlatformManifest.RecordSpec) -> Bool {
        switch spec.format {
        case .json, .js:
            guard let items = try? Self.items(data, spec: spec) else { return false }
            return !items.isEmpty && spec.items != [""]
        case .csv, .htmlTable:
            return (try? Self.items(data, spec: spec)) != nil
        case .htmlLabels:
            guard let text = decode(data) else { return false }
            let labels = HTMLText.labels(text)
            return spec.fields.values.flatMap { $0 }.contains { labels[folded($0)] != nil }
        }
    }

    /// UTF-8 (with or without a byte order mark), or UTF-16 with one.
    static func decode(_ data: Data) -> String? {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return String(data: data.dropFirst(3), encoding: .utf8) }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return String(data: data, encoding: .utf16) }
        return String(data: data, encoding: .utf8)
    }

    /// Line and column of a JSON syntax error, from the offset Foundation reports.
    static func jsonPosition(_ error: Error, in data: Data) -> String {
        let offset = ((error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int) ?? data.count
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == 10 { line += 1; column = 1 } else { column += 1 }
        }
        return "line \(line), column \(column)"
    }

    static func jsonItems(_ root: Any, spec: PlatformManifest.RecordSpec) throws -> [RawItem] {
        for path in spec.items {
            guard let found = FieldReader.walk(root, path: path) else { continue }
            var elements: [Any]
            if let array = found as? [Any] { elements = array } else if found is [String: Any] { elements = [found] } else { continue }
            if let each = spec.each {
                elements = elements.compactMap { ($0 as? [String: Any])?[each] }
            }
            return elements.map { .json($0) }
        }
        throw FormatProblem(reason: "none of the expected lists (\(spec.items.map { $0.isEmpty ? "the top level" : $0 }.joined(separator: ", "))) is in it", noList: true)
    }

    static func csvItems(_ text: Data, columns: [String], _ body: (RawItem) -> Void) throws {
        let wanted = columns.map(folded)
        var header: [String]?
        var count = 0
        CSV.forEachRow(text) { row in
            if let names = header {
                if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    // A blank line ends a section (Apple writes several tables in one file).
                    return count == 0
                }
                var cells: [String: String] = [:]
                for (index, name) in names.enumerated() where index < row.count { cells[name] = row[index] }
                count += 1
                body(.cells(cells))
            } else {
                let names = row.map(folded)
                if wanted.allSatisfy(names.contains) { header = names }
            }
            return true
        }
        guard header != nil else { throw FormatProblem(reason: "no header with the columns \(columns.joined(separator: ", "))") }
    }
}

/// A name folded for comparison: lowercase letters and digits only (`IP Address` = `ip_address` = `IP-address`).
func folded(_ name: String) -> String {
    var ascii: [UInt8] = []
    ascii.reserveCapacity(name.utf8.count)
    for byte in name.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): ascii.append(byte)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): ascii.append(byte + 32)
        case 0x80...: return String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
        default: continue
        }
    }
    return String(decoding: ascii, as: UTF8.self)
}

/// RFC 4180 CSV: quoted fields with doubled quotes and line breaks inside; CR LF or LF; `\,` outside quotes is a comma.
enum CSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        forEachRow(text) { rows.append($0); return true }
        return rows
    }

    /// Each row in turn, without holding them all; `body` returns false to stop. Read as UTF-8 bytes:
    /// the separators are ASCII, so a field is the bytes between them.
    static func forEachRow(_ text: String, _ body: ([String]) -> Bool) {
        forEachRow(Data(text.utf8), body)
    }

    static func forEachRow(_ data: Data, _ body: ([String]) -> Bool) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
            let backslash = UInt8(ascii: "\\")
            var row: [String] = []
            var field: [UInt8] = []
            var quoted = false, afterQuote = false, started = false
            var index = 0
            let count = bytes.count
            func finishField() {
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                afterQuote = false
            }
            while index < count {
                let byte = bytes[index]
                index += 1
                started = true
                if quoted {
                    if byte == quote {
                        if index < count && bytes[index] == quote { field.append(quote); index += 1 } else { quoted = false; afterQuote = true }
                    } else {
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case backslash where index < count && bytes[index] == comma:
                    // Apple writes a comma inside a value as `\,` (`iPhone15\,2`), without quotes.
                    field.append(comma)
                    index += 1
                case quote where field.isEmpty && !afterQuote: quoted = true
                case comma: finishField()
                case carriage: continue
                case newline:
                    finishField()
                    if !body(row) { return }
                    row.removeAll(keepingCapacity: true)
                    started = false
                default: field.append(byte)
                }
            }
            if started && (!field.isEmpty || !row.isEmpty) {
                finishField()
                _ = body(row)
            }
        }
    }
}

/// Just enough HTML for the account pages the platforms write: table rows, and `Label: value` lines.
enum HTMLText {
    static let rowPattern = try! NSRegularExpression(pattern: "<tr\\b[^>]*>(.*?)</tr\\s*>", options: [.caseInsensitive, .dotMatchesLineSeparators])
    static let cellPattern = try! NSRegularExpression(pattern: "<t[dh]\\b[^>]*>(.*?)</t[dh]\\s*>", options: [.caseInsensitive, .dotMatchesLineSeparators])
    static let breakPattern = try! NSRegularExpression(pattern: "<br\\s*/?>|</(li|p|div|tr|h[1-6]|dd|dt)\\s*>", options: [.caseInsensitive])
    static let tagPattern = try! NSRegularExpression(pattern: "<[^>]*>", options: [])

    /// The rows after the first row that holds every one of `columns`, as cells by column.
    static func tableRows(_ html: String, columns: [String]) throws -> [[String: String]] {
        let wanted = columns.map(folded)
        let ns = html as NSString
        var header: [String]?
        var rows: [[String: String]] = []
        for row in rowPattern.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let inner = ns.substring(with: row.range(at: 1)) as NSString
            let cells = cellPattern.matches(in: inner as String, range: NSRange(location: 0, length: inner.length))
                .map { text(inner.substring(with: $0.range(at: 1))) }
            if let names = header {
                var values: [String: String] = [:]
                for (index, name) in names.enumerated() where index < cells.count { values[name] = cells[index] }
                rows.append(values)
            } else if wanted.allSatisfy(cells.map(folded).contains) {
                header = cells.map(folded)
            }
        }
        guard header != nil else { throw FormatProblem(reason: "no table with the columns \(columns.joined(separator: ", "))") }
        return rows
    }

    /// Every `Label: value` line of the page, by folded label (the first of each label).
    static func labels(_ html: String) -> [String: String] {
        let ns = html as NSString
        let broken = breakPattern.stringByReplacingMatches(in: html, range: NSRange(location: 0, length: ns.length), withTemplate: "\n")
        var labels: [String: String] = [:]
        for line in broken.split(separator: "\n") {
            let plain = text(String(line))
            guard let colon = plain.firstIndex(of: ":") else { continue }
            let label = folded(String(plain[..<colon]))
            let value = plain[plain.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty, label.count <= 60, !value.isEmpty, labels[label] == nil else { continue }
            labels[label] = value
        }
        return labels
    }

    /// The text of a fragment: tags taken out, entities read, white space collapsed.
    static func text(_ fragment: String) -> String {
        let ns = fragment as NSString
        let bare = tagPattern.stringByReplacingMatches(in: fragment, range: NSRange(location: 0, length: ns.length), withTemplate: " ")
        return entities(bare).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func entities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = after[..<semi]
                var replacement: String?
                switch name {
                case "amp": replacement = "&"
                case "lt": replacement = "<"
                case "gt": replacement = ">"
                case "quot": replacement = "\""
                case "apos": replacement = "'"
                case "nbsp": replacement = " "
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                        replacement = String(Character(scalar))
                    } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                        replacement = String(Character(scalar))
                    }
                }
                if let replacement {
                    result += replacement
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            result += "&"
            rest = after
        }
        return result + rest
    }
}
