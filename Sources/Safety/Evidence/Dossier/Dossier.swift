import AuditCore
import Foundation

/// A dossier to hand to the police or a lawyer, made from the evidence logbook: the printable
/// `logbook.html`, the same as data in `logbook.json`, the files themselves under `files/`,
/// `SHA256SUMS` for `sha256sum -c`, and `LEESMIJ-README.txt` on how anyone can check it.
public enum Dossier {
    public static let logbookHTML = "logbook.html"
    public static let logbookJSON = "logbook.json"
    public static let sums = "SHA256SUMS"
    public static let readme = "LEESMIJ-README.txt"

    /// Writes the dossier into `folder`, which must not exist or be empty (it is made 0700).
    ///
    /// The records are checked first (numbering, each hash, the links of the chain, time stamps), then
    /// every file is copied from `<storeFolder>/files/<sha256>` while its hash is computed again. If any
    /// of this fails, nothing is kept: a dossier is only ever written whole, and the evidence is never
    /// presented as intact when it is not. `SHA256SUMS` is the last name to appear.
    ///
    /// - Parameters:
    ///   - records: the whole logbook in entry order (numbers 1, 2, 3…), corrections included.
    ///   - verification: what the store's own check found, shown in the logbook and the LEESMIJ.
    ///   - timeZone: the zone the printed logbook shows times in (logbook.json has them in UTC).
    ///   - caseLine: the helper's case the logbook belongs to, put first in the logbook and the LEESMIJ.
    @discardableResult
    public static func export(records: [EvidenceRecord], stamps: [EvidenceStamp], storeFolder: String, to folder: String,
                              language: Language, generatedAt: Date, verification: String? = nil,
                              timeZone: TimeZone = .current, caseLine: CaseLine? = nil) throws -> DossierSummary {
        try DossierIntegrity.check(records, stamps: stamps)
        let layout = DossierLayout(records)
        let target = try DossierFolder.prepare(folder)
        do {
            let files = layout.allFiles
            let copier = DossierCopier(store: storeFolder, destination: target.staging)
            let images = copier.sniff(files)
            var imagesByRecord: [[DossierImage?]] = []
            var next = 0
            for recordFiles in layout.files {
                imagesByRecord.append(Array(images[next..<next + recordFiles.count]))
                next += recordFiles.count
            }
            // The files are copied on threads of their own (20,000 small files are mostly the kernel's work
            // of making them) while the page and the data are rendered on the other cores.
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let copyCores = max(1, cores / 2)
            var (_, (json, html)) = try DossierParallel.alongside({ try copier.copy(files, cores: copyCores, expecting: images) }) {
                let json = try DossierJSON.render(DossierJSON.document(layout, stamps: stamps, generatedAt: generatedAt, verification: verification))
                let html = Data(DossierHTML(language: language, clock: DossierClock(timeZone: timeZone, language: language))
                    .render(layout, images: imagesByRecord, stamps: stamps, generatedAt: generatedAt, verification: verification,
                            cores: max(1, cores - copyCores)).utf8)
                return (json, html)
            }
            let example = files.first { $0.path.utf8.allSatisfy(Self.plain) }?.path

            var readme = Data(DossierReadme(generatedAt: generatedAt, records: records.count, files: files.count, lastHash: layout.lastHash,
                                            stamps: stamps, verification: verification, example: example).render().utf8)
            if let caseLine {
                func stamped(_ data: Data, _ format: String) -> Data {
                    Data(caseLine.stamp(String(decoding: data, as: UTF8.self), format: format, language: language).utf8)
                }
                (json, html, readme) = (stamped(json, "json"), stamped(html, "html"), stamped(readme, "text"))
            }

            var sums = DossierSums()
            sums.add(html, as: logbookHTML)
            sums.add(json, as: logbookJSON)
            sums.add(readme, as: Self.readme)
            for file in files { sums.add(file.file.sha256, file.path) }

            try create(html, to: target.staged(logbookHTML))
            try create(json, to: target.staged(logbookJSON))
            try create(readme, to: target.staged(Self.readme))
            try create(sums.data, to: target.staged(Self.sums))
            try target.publish([DossierName.folder, logbookJSON, logbookHTML, Self.readme, Self.sums])
            return DossierSummary(folder: target.path, records: records.count, files: files.count,
                                  bytes: files.reduce(0) { $0 + $1.file.size }, lastHash: layout.lastHash)
        } catch {
            target.discard(published: [])
            throw error
        }
    }

    /// Letters, digits and `._-/`: a name that a command line takes as it is.
    private static func plain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"): true
        default: false
        }
    }

    /// A new file (0600) with these bytes.
    static func create(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DossierError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var written = 0
            while written < bytes.count {
                let result = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += result
            }
        }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure { throw DossierError.cannotWrite(path: path, reason: failure) }
    }
}

/// What an export wrote.
public struct DossierSummary: Sendable, Hashable {
    /// The dossier folder, absolute.
    public var folder: String
    public var records: Int
    public var files: Int
    /// The evidence files' bytes together.
    public var bytes: Int64
    /// The hash of the last record: the end of the chain.
    public var lastHash: String

    public init(folder: String, records: Int, files: Int, bytes: Int64, lastHash: String) {
        self.folder = folder
        self.records = records
        self.files = files
        self.bytes = bytes
        self.lastHash = lastHash
    }

    public var logbook: String { folder + "/" + Dossier.logbookHTML }
}
