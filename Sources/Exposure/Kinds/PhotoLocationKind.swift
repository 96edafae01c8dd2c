import AuditCore
import Foundation

/// Photos on the pages whose EXIF data still holds the GPS position where they were taken.
struct PhotoLocationKind: CheckKind {
    static let description = KindDescription(
        identifier: "photo-location",
        family: "exposure",
        summary: "Reads the EXIF GPS position of the images on the pages read (JPEG, PNG, WebP); one finding per page.",
        parameters: [ParameterSpec("label", required: true, "{en, nl}: how titles name what is found")],
        examples: examples)

    let label: LocalizedText

    init(parameters: Parameters) throws {
        label = try PageFindings.label(parameters)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let scan = try ExposureScan.from(context)
        if let skipped = PageFindings.nothingRead(scan) { return skipped }
        let found = scan.pages.map { page in
            (url: page.url, matches: Self.matches(in: page))
        }
        let drafts = PageFindings.drafts(kind: "gps", label: label, matchesByPage: found)
        if drafts.isEmpty {
            let photos = scan.pages.reduce(0) { $0 + $1.photos.count }
            return .passed(evidence: LocalizedText(en: "none of the \(photos) images read holds a GPS position",
                                                   nl: "geen van de \(photos) gelezen afbeeldingen bevat een GPS-positie"))
        }
        return .failed(drafts)
    }

    static func matches(in page: ScannedPage) -> [Match] {
        var seen = Set<String>()
        return page.photos.compactMap { photo in
            guard let coordinate = photo.coordinate else { return nil }
            let normalized = coordinate.normalized
            guard seen.insert(normalized + photo.url).inserted else { return nil }
            let masked = Masking.mask(normalized, kind: "gps")
            return Match(kind: "gps", normalized: normalized, url: photo.url, line: photo.line,
                         snippet: "\(photo.url.split(separator: "/").last.map(String.init) ?? photo.url): [\(masked)]")
        }
    }
}
