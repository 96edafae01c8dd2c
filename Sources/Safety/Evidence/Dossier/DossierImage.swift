import Foundation

/// The picture formats every browser shows, recognised by their first bytes (an extension can be
/// wrong or missing; a thumbnail of something that is not a picture would show as a broken image).
/// SVG is left out on purpose: it is a document that can hold scripts and links.
enum DossierImage: String, Sendable, CaseIterable {
    case png, jpeg, gif, webp, bmp

    /// Bytes needed to recognise every format.
    static let headLength = 32

    init?(head: [UInt8]) {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts([0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
            self = .gif
        } else if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) {
            self = .webp
        } else if starts(Array("BM".utf8)) && starts([0, 0, 0, 0], at: 6) && head.count >= 18
                    && [12, 40, 52, 56, 64, 108, 124].contains(Int(head[14]) | Int(head[15]) << 8) && head[16] == 0 && head[17] == 0 {
            // "BM", reserved zeros, and a DIB header of a size Windows defines: not just a text starting "BM".
            self = .bmp
        } else {
            return nil
        }
    }
}
