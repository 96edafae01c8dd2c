import CPCRE2

/// A detector's regular expression compiled by PCRE2 — with its JIT where the machine has one — and
/// matched on the page's UTF-8 bytes in place: no string to build, no conversion to UTF-16.
///
/// Syntax is PCRE2's (`(?<!…)`, `(?i)`, `\w` in Unicode, `^`/`$` at line ends), the same as
/// NSRegularExpression's for everything the shipped checks use.
final class BytePattern: @unchecked Sendable {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    let source: String
    private let code: OpaquePointer

    init(_ source: String) throws {
        self.source = source
        var error: Int32 = 0
        var offset = 0
        let compiled = source.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) {
                pcre2_compile_8($0, source.utf8.count, PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE, &error, &offset, nil)
            }
        }
        guard let compiled else {
            var message = [UInt8](repeating: 0, count: 256)
            let length = pcre2_get_error_message_8(error, &message, message.count)
            let reason = length > 0 ? String(decoding: message.prefix(Int(length)), as: UTF8.self) : "error \(error)"
            throw Problem(description: "'\(source)' is not a valid pattern at character \(offset + 1): \(reason)")
        }
        code = compiled
        // Without a JIT (an unusual CPU), PCRE2 interprets the pattern: slower, the same matches.
        _ = pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE)
    }

    deinit { pcre2_code_free_8(code) }

    /// Calls `found(start, end)` for each match inside each range of `text`, in order. A match starts
    /// and ends inside its range; look-behinds see the text before it.
    ///
    /// `text` must be valid UTF-8 (the page reader guarantees it), and each range must start and end
    /// on a character boundary.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>], _ found: (Int, Int) -> Void) {
        guard let base = text.baseAddress, let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return }
        defer { pcre2_match_data_free_8(data) }
        for range in ranges {
            var offset = range.lowerBound
            while offset <= range.upperBound {
                let result = pcre2_match_8(code, base, range.upperBound, offset, PCRE2_NO_UTF_CHECK, data, nil)
                guard result >= 0, let vector = pcre2_get_ovector_pointer_8(data) else { break }
                let start = vector[0], end = vector[1]
                found(start, end)
                if end > start {
                    offset = end
                } else {
                    // An empty match: go on after the next whole character.
                    offset = end + 1
                    while offset < range.upperBound, text[offset] & 0xC0 == 0x80 { offset += 1 }
                }
            }
        }
    }
}
