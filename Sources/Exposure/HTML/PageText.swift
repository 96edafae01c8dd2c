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
        /// ASCII digits in the block; detectors that need digits skip blocks with too few.
        public var digits: Int = 0
        public var hasAt = false
        /// A markup value rather than visible text: its context stays within the block.
        public var isField: Bool

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

    public var bytes: [UInt8] = []
    public var blocks: [Block] = []
    public var images: [ImageReference] = []
    /// `href`s other than `mailto:` and `tel:`, as written.
    public var links: [String] = []
    /// `<base href>`, if any.
    public var base: String?

    public init() {}

    /// The visible text ends where the first field block starts.
    public var visibleEnd: Int { blocks.first(where: \.isField)?.start ?? bytes.count }

    public func text(of block: Block) -> String {
        String(decoding: bytes[block.start..<block.end], as: UTF8.self)
    }

    /// The text of every block, visible text first.
    public var texts: [String] { blocks.map(text(of:)) }

    /// Adds a field block: a labelled value from the markup.
    mutating func addField(_ label: String, _ value: String, line: Int) {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return }
        if !bytes.isEmpty { bytes.append(0x0A) }
        let start = bytes.count
        bytes.append(contentsOf: Array("\(label): ".utf8))
        for byte in value.utf8 { bytes.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
        var block = Block(start: start, end: bytes.count, line: line, isField: true)
        block.tally(bytes)
        blocks.append(block)
    }
}

extension PageText.Block {
    mutating func tally(_ bytes: [UInt8]) {
        var digits = 0, at = false
        for index in start..<end {
            let byte = bytes[index]
            if byte &- 0x30 < 10 { digits += 1 } else if byte == 0x40 { at = true }
        }
        self.digits = digits
        hasAt = at
    }
}
