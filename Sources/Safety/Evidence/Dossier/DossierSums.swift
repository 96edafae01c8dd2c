import Crypto
import Foundation

/// `SHA256SUMS` in the format `sha256sum -c` reads: `<64 hex digits><space><space><path>` per line.
/// The dossier's names never hold a backslash or a line break, so no line needs GNU's escaped form.
struct DossierSums {
    private(set) var lines: [(sha256: String, path: String)] = []

    mutating func add(_ sha256: String, _ path: String) {
        precondition(!path.contains("\n") && !path.contains("\\") && !path.contains("\r"), "a dossier name with a line break or backslash")
        lines.append((sha256, path))
    }

    mutating func add(_ data: Data, as path: String) {
        add(EvidenceChain.hex(SHA256.hash(data: data)), path)
    }

    var data: Data {
        var out = [UInt8]()
        out.reserveCapacity(lines.reduce(0) { $0 + 67 + $1.path.utf8.count })
        for line in lines {
            out.append(contentsOf: line.sha256.utf8)
            out.append(contentsOf: "  ".utf8)
            out.append(contentsOf: line.path.utf8)
            out.append(10)
        }
        return Data(out)
    }
}
