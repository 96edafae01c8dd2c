import AuditCore
import Foundation

/// The header ClamAV writes at the start of its `.cvd`/`.cld` databases:
/// `ClamAV-VDB:<build time>:<version>:<signatures>:<level>:<md5>:<signature>:<builder>:<seconds>`.
struct ClamAVHeader: Sendable, Equatable {
    var built: Date
    var version: Int
    var signatures: Int

    init?(_ data: Data) {
        let text = String(decoding: data.prefix(512), as: UTF8.self)
        guard text.hasPrefix("ClamAV-VDB:") else { return nil }
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces.union(.controlCharacters))
        }
        guard fields.count >= 4, let version = Int(fields[2]) else { return nil }
        self.version = version
        signatures = Int(fields[3]) ?? 0
        if fields.count >= 9, let seconds = TimeInterval(fields[8].prefix { $0.isNumber }), seconds > 0 {
            built = Date(timeIntervalSince1970: seconds)
        } else {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "dd MMM yyyy HH-mm Z"
            guard let date = formatter.date(from: fields[1]) else { return nil }
            built = date
        }
    }
}

/// Whether ClamAV's signatures are recent, judged by the build time inside the databases,
/// not by file times. Installed without any database is a failure, not a pass.
struct ClamAVSignaturesKind: CheckKind {
    static let description = KindDescription(
        identifier: "clamav-signatures",
        family: "device",
        summary: "Reads the ClamAV-VDB headers and fails when the newest database was built more than max-age-days ago, or there is none.",
        parameters: [
            ParameterSpec("product", required: true, "{name, packages, paths…} that shows the scanner is installed"),
            ParameterSpec("databases", required: true, "shell patterns of the database files"),
            ParameterSpec("max-age-days", required: true, "how old the newest signatures may be"),
        ],
        examples: [
            KindExample("recent daily database", parameters: Self.example, files: [
                "/var/lib/dpkg/status": "Package: clamav\nStatus: install ok installed\n\n",
                "/var/lib/clamav/daily.cld": "ClamAV-VDB:23 Nov 2026 08-10 +0000:27830:2070000:90:x:x:raynman:\(Int(Date().timeIntervalSince1970) - 86_400)\n",
            ], expect: .passed),
            KindExample("installed without a database", parameters: Self.example, files: [
                "/var/lib/dpkg/status": "Package: clamav\nStatus: install ok installed\n\n",
                "/var/lib/clamav/freshclam.dat": "",
            ], expect: .failed, findings: 1),
            KindExample("old signatures in a freshly touched file", parameters: Self.example, files: [
                "/var/lib/dpkg/status": "Package: clamav\nStatus: install ok installed\n\n",
                "/var/lib/clamav/daily.cvd": "ClamAV-VDB:14 Feb 2024 07-19 -0500:27185:2052346:90:x:x:raynman:1707913140\n",
            ], expect: .failed, findings: 1),
            KindExample("not installed does not apply", parameters: Self.example, files: [
                "/var/lib/dpkg/status": "Package: bash\nStatus: install ok installed\n\n",
            ], expect: .skipped),
        ])

    static let example = """
        product: {name: ClamAV, packages: [clamav, clamav-daemon]}
        databases: [/var/lib/clamav/*.cvd, /var/lib/clamav/*.cld]
        max-age-days: 7
        """

    let product: Product
    let databases: [String]
    let maxAgeDays: Int

    init(parameters: Parameters) throws {
        product = try Product(parameters.mapping("product"))
        databases = try parameters.strings("databases")
        maxAgeDays = try parameters.int("max-age-days", in: 1...365)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        guard try await !product.evidence(on: host).isEmpty else {
            return .skipped(reason: LocalizedText(en: "not applicable: \(product.name) is not installed",
                                                  nl: "niet van toepassing: \(product.name) is niet geïnstalleerd"))
        }
        var newest: (path: String, header: ClamAVHeader)?
        var unreadable: [String] = []
        for pattern in databases {
            for path in try host.glob(pattern) {
                guard let data = try host.data(path), let header = ClamAVHeader(data) else {
                    unreadable.append(host.display(path))
                    continue
                }
                if newest == nil || header.built > newest!.header.built { newest = (path, header) }
            }
        }
        guard let newest else {
            let extra = unreadable.isEmpty ? LocalizedText(en: "", nl: "")
                : LocalizedText(en: " (unreadable: \(unreadable.joined(separator: ", ")))",
                                nl: " (onleesbaar: \(unreadable.joined(separator: ", ")))")
            return .failed([FindingDraft(key: "no-database", detail: LocalizedText(
                en: "\(product.name) is installed but has no signature database, so it cannot recognise anything.",
                nl: "\(product.name) is geïnstalleerd maar heeft geen virusdefinities, dus het herkent niets.") + extra)])
        }
        let days = Int(host.now.timeIntervalSince(newest.header.built) / 86_400)
        let name = (newest.path as NSString).lastPathComponent
        let facts = "\(name) version \(newest.header.version), \(newest.header.signatures) signatures"
        if days <= maxAgeDays {
            return .passed(evidence: LocalizedText(en: "\(facts), built \(days) days ago", nl: "\(facts), \(days) dagen geleden gebouwd"))
        }
        return .failed([FindingDraft(key: "stale", detail: LocalizedText(
            en: "The newest signatures (\(facts)) were built \(days) days ago; they should be at most \(maxAgeDays) days old.",
            nl: "De nieuwste virusdefinities (\(facts)) zijn \(days) dagen geleden gebouwd; dat mag hoogstens \(maxAgeDays) dagen zijn."),
            subjects: [Subject(host.display(newest.path), [.init("built", newest.header.built.formatted(.iso8601.year().month().day()))])])])
    }
}
