import Foundation

/// How a found value is shown: enough to recognise it, not enough to use it.
public enum Masking {
    public static func mask(_ normalized: String, kind: String) -> String {
        switch kind {
        case "email":
            let parts = normalized.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return stars(normalized, keepLast: 0) }
            var labels = parts[1].split(separator: ".").map(String.init)
            for index in labels.indices.dropLast() where labels[index].count > 1 { labels[index] = labels[index].prefix(1) + "***" }
            return parts[0].prefix(1) + "***@" + labels.joined(separator: ".")
        case "phone":
            // Country code and the last two digits: +31 *******78.
            let country = normalized.hasPrefix("+3") || normalized.hasPrefix("+4") ? 3 : 2
            let digits = normalized.dropFirst(country)
            return String(normalized.prefix(country)) + " " + String(repeating: "*", count: max(0, digits.count - 2)) + digits.suffix(2)
        case "iban":
            // NL** **** **** **43 00: the country, and the last four characters.
            let characters = Array(normalized)
            let masked = characters.enumerated().map { index, character in
                index < 2 || index >= characters.count - 4 ? character : "*"
            }
            return stride(from: 0, to: masked.count, by: 4).map { String(masked[$0..<min($0 + 4, masked.count)]) }.joined(separator: " ")
        case "credit-card":
            let masked = String(repeating: "*", count: max(0, normalized.count - 4)) + normalized.suffix(4)
            return stride(from: 0, to: masked.count, by: 4).map { start in
                String(masked.dropFirst(start).prefix(4))
            }.joined(separator: " ")
        case "bsn", "be-national-number":
            return stars(normalized, keepLast: 2)
        case "postcode":
            return normalized.prefix(2) + "** **"
        case "date-of-birth":
            return normalized.prefix(2) + "**-**-**"
        case "gps":
            // One decimal: the region, not the house.
            let parts = normalized.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 2 else { return "***" }
            return String(format: "%.1f…, %.1f…", parts[0], parts[1])
        default:
            // Names and other terms: the first letter of each word.
            return normalized.split(separator: " ").map { word in
                word.prefix(1) + String(repeating: "*", count: min(6, max(1, word.count - 1)))
            }.joined(separator: " ")
        }
    }

    static func stars(_ text: String, keepLast: Int) -> String {
        String(repeating: "*", count: max(0, text.count - keepLast)) + text.suffix(keepLast)
    }

    /// The text around a match, the match itself shown masked and any other long number or
    /// e-mail address in it hidden too.
    public static func snippet(_ text: String, match: Range<String.Index>, masked: String, radius: Int = 40) -> String {
        let start = text.index(match.lowerBound, offsetBy: -radius, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(match.upperBound, offsetBy: radius, limitedBy: text.endIndex) ?? text.endIndex
        let before = hideOthers(String(text[start..<match.lowerBound]))
        let after = hideOthers(String(text[match.upperBound..<end]))
        let snippet = (start > text.startIndex ? "…" : "") + before + "[" + masked + "]" + after + (end < text.endIndex ? "…" : "")
        return snippet.contains("\n") ? String(decoding: snippet.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self) : snippet
    }

    /// A value found on a page, as snippets can show it, and its masked form.
    struct Hider {
        var kind: String
        var normalized: String
        /// Lowercase (ASCII) UTF-8: the text as found, and as `hideOthers` leaves it when letters remain.
        var needles: [[UInt8]]
        var masked: [UInt8]

        init(_ match: Match) {
            kind = match.kind
            normalized = match.normalized
            masked = Array(match.masked.utf8)
            var needles = [Masking.lowercased(Array(match.found.utf8))]
            let hidden = Masking.lowercased(Array(Masking.hideOthers(match.found).utf8))
            if hidden != needles[0], hidden.contains(where: { $0 &- 0x61 < 26 }) { needles.append(hidden) }
            self.needles = needles.filter { $0.count >= 3 }
        }
    }

    static func lowercased(_ bytes: [UInt8]) -> [UInt8] { bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 } }

    /// A match whose snippet shows none of the other values found on its page: each one there, as the
    /// snippet shows it (case aside), is replaced by its masked form.
    static func hiding(_ others: [Hider], in match: Match) -> Match {
        guard !others.isEmpty else { return match }
        var bytes = Array(match.snippet.utf8)
        var lower = lowercased(bytes)
        var changed = false
        for other in others where other.kind != match.kind || other.normalized != match.normalized {
            for needle in other.needles where needle.count <= lower.count {
                var from = 0
                while let position = firstIndex(of: needle, in: lower, from: from) {
                    bytes.replaceSubrange(position..<position + needle.count, with: other.masked)
                    lower.replaceSubrange(position..<position + needle.count, with: lowercased(other.masked))
                    from = position + other.masked.count
                    changed = true
                }
            }
        }
        guard changed else { return match }
        var hidden = match
        hidden.snippet = String(decoding: bytes, as: UTF8.self)
        return hidden
    }

    /// Where a needle first occurs at or after `from`: memchr finds each candidate first byte.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, from <= haystack.count - needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            guard let base = hay.baseAddress else { return nil }
            let last = hay.count - needle.count
            var index = from
            while index <= last, let hit = memchr(base + index, Int32(first), last - index + 1) {
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var offset = 1
                while offset < needle.count, hay[position + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return position }
                index = position + 1
            }
            return nil
        }
    }

    /// Every digit becomes `#` and the part of an e-mail address before the `@` becomes `***`, so the
    /// text around one value never shows another.
    static func hideOthers(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var hidden = Array(repeating: false, count: bytes.count)
        for index in bytes.indices {
            if bytes[index] &- 0x30 < 10 { bytes[index] = UInt8(ascii: "#") }
            else if bytes[index] == UInt8(ascii: "@") {
                var start = index
                while start > 0, bytes[start - 1] != 0x20, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x09 { start -= 1 }
                for position in start..<index { hidden[position] = true }
            }
        }
        // One star for each hidden character, whatever its length in bytes.
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for index in bytes.indices {
            if !hidden[index] { output.append(bytes[index]) } else if bytes[index] & 0xC0 != 0x80 { output.append(UInt8(ascii: "*")) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
