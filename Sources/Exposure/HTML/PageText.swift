import Foundation

/// What a page shows and what its markup gives away, as UTF-8 text in blocks.
///
/// The visible text comes first: one block per paragraph, list item, cell…, whitespace collapsed and
/// entities decoded, blocks joined by a newline. Then the values markup exposes — `mailto:` and
/// `tel:` links, `<meta>` contents, `alt` and `title`, JSON-LD values, decoded e-mail protection,
/// de-obfuscated addresses — each a block of its own, labelled (`mailto: …`, `birthDate: …`).
public struct PageText: Sendable {
    public struct Block: Sendable {
        public var start: Int
        public var end: Int
        /// The source line where the block starts.
        public var line: Int
        /// Where the source line changes inside the block: (offset in `bytes`, line).
        public var lineMarks: [(offset: Int, line: Int)] = []
        /// A markup value rather than visible text: its context stays within the block.
        public var isField: Bool
        /// ASCII without control characters or double spaces: folding would only lower its case.
        public var isPlain = false

        /// The source line of a byte offset inside the block.
        public func line(at offset: Int) -> Int {
            var result = line
            for mark in lineMarks {
                if mark.offset > offset { break }
                result = mark.line
            }
            return result
        }
    }

    /// An image the page shows, as written in `src` (resolve it against the page's address).
    public struct ImageReference: Sendable, Hashable {
        public var source: String
        public var line: Int
    }

    /// Digits close together: where numbers can be. Detectors that need digits look only around them.
    public struct DigitCluster: Sendable, Hashable {
        /// Digits at most this many bytes apart belong to one cluster.
        public static let gap = 24
        public var block: Int
        /// From the first digit to just after the last.
        public var start: Int
        public var end: Int
        public var digits: Int
    }

    /// Always valid UTF-8: the reader repairs broken input, and fields come from strings.
    public internal(set) var bytes: [UInt8] = []
    public private(set) var blocks: [Block] = []
    public private(set) var clusters: [DigitCluster] = []
    /// The text of code elements (`pre`, `code`, `samp`, `kbd`, `tt`), in order: where a long run of
    /// digits is far more often an identifier or test data than a person's number.
    public private(set) var codeRanges: [Range<Int>] = []
    public var images: [ImageReference] = []
    /// `href`s other than `mailto:` and `tel:`, as written.
    public var links: [String] = []
    /// `<base href>`, if any.
    public var base: String?
    /// What the markup says about how the page is built, for the readability verdict.
    public var signals = Signals()

    /// Marks of a page that shows little without a browser: password fields, scripts, `noscript` text.
    public struct Signals: Sendable, Hashable {
        public var passwordFields = 0
        public var scripts = 0
        /// The bytes of inline scripts.
        public var scriptBytes = 0
        /// Values read from JSON-LD blocks.
        public var jsonLDValues = 0
        /// Visible text inside `noscript` elements, in order.
        public var noscriptRanges: [Range<Int>] = []

        public init() {}

        mutating func markNoscript(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            if let last = noscriptRanges.last, range.lowerBound <= last.upperBound + 1 {
                noscriptRanges[noscriptRanges.count - 1] = last.lowerBound..<range.upperBound
            } else {
                noscriptRanges.append(range)
            }
        }

        /// Whether a byte offset is text of a `noscript` element.
        public func isNoscript(_ offset: Int) -> Bool { noscriptRanges.contains { $0.contains(offset) } }
    }

    public init() {}

    /// The visible text ends where the first field block starts.
    public var visibleEnd: Int { firstField.map { blocks[$0].start } ?? bytes.count }
    private var firstField: Int?

    /// The block a byte offset is in, or nil for the newline between two blocks.
    public func blockIndex(containing offset: Int) -> Int? {
        var low = 0, high = blocks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if blocks[middle].start <= offset { low = middle } else { high = middle - 1 }
        }
        guard !blocks.isEmpty, blocks[low].start <= offset, offset < blocks[low].end else { return nil }
        return low
    }

    public func text(of block: Block) -> String {
        String(decoding: bytes[block.start..<block.end], as: UTF8.self)
    }

    /// The text of every block, visible text first.
    public var texts: [String] { blocks.map(text(of:)) }

    /// Whether any of a range of bytes is text of a code element.
    public func isCode(_ range: Range<Int>) -> Bool {
        // The last code range starting before the range ends; ranges are in order and do not overlap.
        var low = 0, high = codeRanges.count
        while low < high {
            let middle = (low + high) / 2
            if codeRanges[middle].lowerBound < range.upperBound { low = middle + 1 } else { high = middle }
        }
        return low > 0 && codeRanges[low - 1].upperBound > range.lowerBound
    }

    /// Notes that bytes just appended are code; code text a space or newline apart stays one range.
    mutating func markCode(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if let last = codeRanges.last, range.lowerBound <= last.upperBound + 1 {
            codeRanges[codeRanges.count - 1] = last.lowerBound..<range.upperBound
        } else {
            codeRanges.append(range)
        }
    }

    /// Adds a field block: a labelled value from the markup.
    mutating func addField(_ label: String, _ value: String, line: Int) {
        let utf8 = value.utf8
        guard let first = utf8.firstIndex(where: { $0 > 0x20 }), let last = utf8.lastIndex(where: { $0 > 0x20 }) else { return }
        if !bytes.isEmpty { bytes.append(0x0A) }
        let start = bytes.count
        bytes.append(contentsOf: label.utf8)
        bytes.append(contentsOf: [UInt8(ascii: ":"), 0x20])
        for byte in utf8[first...last] { bytes.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
        append(Block(start: start, end: bytes.count, line: line, isField: true))
    }

    /// Adds a block whose bytes are in place, indexing its digit clusters.
    mutating func append(_ block: Block) {
        var block = block
        let index = blocks.count
        if block.isField, firstField == nil { firstField = index }
        bytes.withUnsafeBufferPointer { buffer in
            var cluster: DigitCluster?
            var plain = true
            var previous: UInt8 = 0
            for position in block.start..<block.end {
                let byte = buffer[position]
                // Letters and most punctuation, the bulk of any text: nothing to note.
                if byte &- 0x3A < 0x46 { previous = byte; continue }
                if byte >= 0x80 || byte < 0x20 || (byte == 0x20 && previous == 0x20) { plain = false }
                previous = byte
                guard byte &- 0x30 < 10 else { continue }
                if var current = cluster, position - current.end <= DigitCluster.gap {
                    current.end = position + 1
                    current.digits += 1
                    cluster = current
                } else {
                    if let cluster { clusters.append(cluster) }
                    cluster = DigitCluster(block: index, start: position, end: position + 1, digits: 1)
                }
            }
            if let cluster { clusters.append(cluster) }
            block.isPlain = plain
        }
        blocks.append(block)
    }
}
