import CPCRE2
import Foundation

/// E-mail addresses written so that harvesters miss them, made readable again:
/// `name [at] domain [dot] nl`, `name(at)domain.nl`, `name at domain dot nl`, `name @ domain.nl`,
/// and Cloudflare's e-mail protection (`data-cfemail`).
public enum Deobfuscation {
    /// Cloudflare's encoding: hex bytes, the first the key XORed with each following one.
    public static func cloudflare(_ hex: String) -> String? {
        let digits = Array(hex.utf8.prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "&") })
        guard digits.count >= 4, digits.count % 2 == 0, digits.count <= 512 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let value = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        let key = bytes[0]
        let decoded = bytes.dropFirst().map { $0 ^ key }
        guard let text = String(validating: decoded, as: UTF8.self), text.contains("@") else { return nil }
        return text
    }

    static let bracketAt = try! NSRegularExpression(
        pattern: #"\s*[\[\(\{<]\s*(?:at|@|apenstaartje|a)\s*[\]\)\}>]\s*"#, options: [.caseInsensitive])
    static let bracketDot = try! NSRegularExpression(
        pattern: #"\s*[\[\(\{<]\s*(?:dot|punt|\.)\s*[\]\)\}>]\s*"#, options: [.caseInsensitive])
    static let spacedAt = try! NSRegularExpression(pattern: #"(?<=[A-Za-z0-9._%+-])\s+@\s+(?=[A-Za-z0-9-])"#)
    /// `jan at example dot nl`: only where a dot word follows, so ordinary sentences with "at" stay as they are.
    static let wordAt = try! NSRegularExpression(
        pattern: #"\b([A-Za-z0-9._%+-]+)\s+(?:at|AT)\s+([A-Za-z0-9-]+(?:\s+(?:dot|DOT|punt|PUNT)\s+[A-Za-z0-9-]+)+)\b"#)
    static let wordDot = try! NSRegularExpression(pattern: #"\s+(?:dot|DOT|punt|PUNT)\s+"#)

    /// The blocks of a page that may hold an obfuscated address: a bracketed `at`, `@` or `a`, a spaced
    /// `@`, or the words `at` and `dot`/`punt` on their own. The page is searched whole with memchr and
    /// memmem, so the cost is a few fast passes, not a look at every byte.
    static func blocksToRewrite(in page: PageText) -> [Int] {
        var marked = Set<Int>()
        var dotted = Set<Int>()
        page.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let end = buffer.count
            func raw(_ at: Int) -> UInt8 { at >= 0 && at < end ? buffer[at] : 0x20 }
            func lower(_ at: Int) -> UInt8 { raw(at) | 0x20 }
            func closing(_ byte: UInt8) -> Bool { byte == 0x5D || byte == 0x29 || byte == 0x7D || byte == 0x3E }
            func block(at position: Int) -> Int? { page.blockIndex(containing: position) }
            func each(_ byte: UInt8, _ body: (Int) -> Void) {
                var from = 0
                while from < end, let found = memchr(base + from, Int32(byte), end - from) {
                    let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    body(position)
                    from = position + 1
                }
            }
            func each(_ needle: StaticString, _ body: (Int) -> Void) {
                var from = 0
                while from < end, let found = memmem(base + from, end - from, needle.utf8Start, needle.utf8CodeUnitCount) {
                    let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    body(position)
                    from = position + 1
                }
            }
            // A spaced @.
            each(0x40) { position in
                if raw(position - 1) == 0x20 || raw(position + 1) == 0x20, let index = block(at: position) { marked.insert(index) }
            }
            // [at], ( at ), {@}, <at>, (a), [apenstaartje].
            for opening: UInt8 in [0x5B, 0x28, 0x7B, 0x3C] {
                each(opening) { position in
                    var cursor = position + 1
                    while cursor < end, buffer[cursor] == 0x20 { cursor += 1 }
                    if raw(cursor) == 0x40 {
                        cursor += 1
                    } else if lower(cursor) == 0x61 {
                        cursor += 1
                        if lower(cursor) == 0x74 {
                            cursor += 1
                        } else if end - cursor >= 11, (0..<11).allSatisfy({ lower(cursor + $0) == apenstaartje[$0] }) {
                            cursor += 11
                        }
                    } else {
                        return
                    }
                    while cursor < end, buffer[cursor] == 0x20 { cursor += 1 }
                    if closing(raw(cursor)), let index = block(at: position) { marked.insert(index) }
                }
            }
            // The words "at" and "dot"/"punt" on their own, in the cases the rewrite knows.
            for needle: StaticString in [" dot ", " DOT ", " punt ", " PUNT "] {
                each(needle) { position in if let index = block(at: position) { dotted.insert(index) } }
            }
            for index in dotted.subtracting(marked) {
                let block = page.blocks[index]
                let slice = UnsafeBufferPointer(rebasing: buffer[block.start..<block.end])
                for needle: StaticString in [" at ", " AT "]
                where memmem(slice.baseAddress, slice.count, needle.utf8Start, needle.utf8CodeUnitCount) != nil {
                    marked.insert(index)
                }
            }
        }
        return marked.sorted()
    }

    static let apenstaartje = Array("penstaartje".utf8)

    /// The block's text with obfuscated addresses rewritten, or nil when there was nothing to rewrite.
    public static func rewrite(_ text: String) -> String? {
        var result = text
        func replace(_ regex: NSRegularExpression, with template: String) {
            result = regex.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        replace(bracketAt, with: "@")
        if result != text { replace(bracketDot, with: ".") }
        replace(spacedAt, with: "@")
        let beforeWords = result
        replace(wordAt, with: "$1@$2")
        if result != beforeWords {
            // Only inside the rewritten address: "dot" between its labels.
            let rewritten = result
            var output = ""
            var last = rewritten.startIndex
            for match in wordDotTargets(in: rewritten) {
                output += rewritten[last..<match.lowerBound] + "."
                last = match.upperBound
            }
            result = output + rewritten[last...]
        }
        return result == text ? nil : result
    }

    /// The " dot " separators that sit within an address (after an `@`, before the next space-free run ends).
    static func wordDotTargets(in text: String) -> [Range<String.Index>] {
        let ranges = wordDot.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text) }
        return ranges.filter { range in
            guard let at = text[..<range.lowerBound].lastIndex(of: "@") else { return false }
            // No sentence break between the @ and this separator other than other " dot " separators.
            let between = text[text.index(after: at)..<range.lowerBound]
            let words = between.split(separator: " ").filter { !["dot", "punt"].contains($0.lowercased()) }
            return words.count <= 3
        }
    }
}
