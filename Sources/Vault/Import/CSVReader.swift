import AuditCore
import Foundation

/// A CSV table: RFC 4180 quoting (quotes doubled, separators and newlines inside quotes), CRLF or
/// LF, an optional `sep=` first line, and a separator guessed from the header (`,` `;` or tab).
struct CSVTable {
    var header: [String]
    /// Each record with the line it starts on (1-based, counting the `sep=` line).
    var rows: [(line: Int, fields: [String])]

    struct ParseError: Error, Equatable {
        var line: Int
        var column: Int
        var problem: LocalizedText
    }

    static func parse(_ text: String) throws -> CSVTable {
        var scalars = Array(text.unicodeScalars)[...]
        var line = 1
        var separator: Unicode.Scalar = ","
        // Excel's `sep=;` line.
        if scalars.starts(with: "sep=".unicodeScalars), scalars.count >= 5 {
            separator = scalars[scalars.startIndex + 4]
            while let first = scalars.first, first != "\n" { scalars.removeFirst() }
            if !scalars.isEmpty { scalars.removeFirst() }
            line = 2
        } else if let end = scalars.firstIndex(of: "\n") ?? Optional(scalars.endIndex) {
            let first = scalars[..<end]
            let counts = [(",", first.filter { $0 == "," }.count), (";", first.filter { $0 == ";" }.count),
                          ("\t", first.filter { $0 == "\t" }.count)]
            if let best = counts.max(by: { $0.1 < $1.1 }), best.1 > 0 { separator = Unicode.Scalar(best.0)! }
        }
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false, fieldWasQuoted = false, recordLine = line, quoteLine = line, quoteColumn = 1, column = 1
        var i = scalars.startIndex
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
        while i < scalars.endIndex {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    let next = scalars.index(after: i)
                    if next < scalars.endIndex && scalars[next] == "\"" {
                        field.append("\"")
                        i = next
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1; column = 0 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty && !fieldWasQuoted {
                quoted = true
                fieldWasQuoted = true
                quoteLine = line
                quoteColumn = column
            } else if c == separator {
                endField()
            } else if c == "\r" {
                // dropped; a lone CR inside a field is kept only when quoted
            } else if c == "\n" {
                endRecord()
                line += 1
                column = 0
                recordLine = line
            } else {
                field.append(c)
            }
            column += 1
            i = scalars.index(after: i)
        }
        if quoted {
            throw ParseError(line: quoteLine, column: quoteColumn, problem: LocalizedText(en: "a quoted field that opens here is never closed", nl: "een veld tussen aanhalingstekens dat hier begint, wordt nergens gesloten"))
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw ParseError(line: 1, column: 1, problem: LocalizedText(en: "no header row", nl: "geen kopregel")) }
        return CSVTable(header: first.fields.map { $0.trimmingCharacters(in: .whitespaces) }, rows: Array(records.dropFirst()))
    }
}

/// Text from an export's bytes: UTF-8 with or without BOM, UTF-16 with BOM.
enum ExportText {
    static func decode(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(data: data.dropFirst(3), encoding: .utf8) }
        if bytes.starts(with: [0xFF, 0xFE]) { return String(data: data.dropFirst(2), encoding: .utf16LittleEndian) }
        if bytes.starts(with: [0xFE, 0xFF]) { return String(data: data.dropFirst(2), encoding: .utf16BigEndian) }
        // A NUL byte means binary data; memchr, because iterating Data byte by byte took a tenth of an import.
        let binary = data.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false }
        if binary { return nil }
        return String(data: data, encoding: .utf8)
    }
}
