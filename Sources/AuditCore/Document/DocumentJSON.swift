import Foundation

/// The one JSON encoder behind every document's schema: pretty, keys sorted, slashes as they are, a
/// newline at the end — and optionally one key put before all the others (an emergency, an opening),
/// so that what a document opens with comes first in the JSON too.
public enum DocumentJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        var data = try encoder().encode(value)
        data.append(10)
        return String(decoding: data, as: UTF8.self)
    }

    public static func encode<T: Encodable, First: Encodable>(_ value: T, first: (key: String, value: First)?) throws -> String {
        let text = try encode(value)
        guard let first else { return text }
        return try putFirst(first.key, first.value, into: text)
    }

    /// `document` (a pretty-printed object) with `key: value` put before its other keys, while the rest
    /// keeps its sorted order. (JSONEncoder keeps no order of its own: keys come out sorted, or in no order.)
    public static func putFirst<Value: Encodable>(_ key: String, _ value: Value, into document: String) throws -> String {
        let encoder = encoder()
        let encoded = String(decoding: try encoder.encode(value), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: "\n  ")
        let name = String(decoding: try encoder.encode(key), as: UTF8.self)
        guard document.hasPrefix("{\n") else { return document }
        return "{\n  \(name) : \(encoded),\n" + document.dropFirst(2)
    }
}
