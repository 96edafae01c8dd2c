import AuditCore
import Foundation

/// Whether files exist (optionally with content matching a pattern), or must not.
/// E.g. `/var/run/reboot-required` must be absent; its `.pkgs` companion names why.
struct FilePresentKind: CheckKind {
    enum Expectation: String, CaseIterable { case present, absent }

    static let description = KindDescription(
        identifier: "file-present",
        family: "device",
        summary: "Passes when a file matching the paths (and pattern) exists, or when none does.",
        parameters: [
            ParameterSpec("paths", required: true, "shell patterns of files, as the machine sees them (~ for home)"),
            ParameterSpec("pattern", "a regular expression the file's content must match to count"),
            ParameterSpec("expect", "present or absent; default present"),
            ParameterSpec("list-from", "a file whose lines are listed as subjects when the check fails"),
        ],
        examples: [
            KindExample("a reboot is required", parameters: """
                paths: [/var/run/reboot-required]
                expect: absent
                list-from: /var/run/reboot-required.pkgs
                """, files: ["/var/run/reboot-required": "*** System restart required ***\n",
                             "/var/run/reboot-required.pkgs": "linux-image-6.1.0-28-amd64\nlibc6\n"],
                expect: .failed, findings: 1),
            KindExample("no reboot is required", parameters: "paths: [/var/run/reboot-required]\nexpect: absent",
                        expect: .passed),
            KindExample("content must match", parameters: """
                paths: [/etc/ufw/ufw.conf]
                pattern: '^ENABLED=yes'
                """, files: ["/etc/ufw/ufw.conf": "ENABLED=no\n"], expect: .failed, findings: 1),
        ])

    let paths: [String]
    let pattern: Pattern?
    let expect: Expectation
    let listFrom: String?

    init(parameters: Parameters) throws {
        paths = try parameters.strings("paths")
        pattern = try parameters.optionalRegex("pattern")
        expect = try parameters.choice("expect", default: .present)
        listFrom = try parameters.optionalString("list-from")
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        var matching: [String] = []
        for candidate in paths {
            for path in try host.glob(candidate) {
                if let pattern {
                    guard let text = try host.read(path), pattern.matches(text) else { continue }
                }
                matching.append(path)
            }
        }
        let shown = paths.map(host.display).joined(separator: ", ")
        let what = pattern.map { LocalizedText(en: " containing /\($0.source)/", nl: " met /\($0.source)/") }
            ?? LocalizedText(en: "", nl: "")
        switch (expect, matching.isEmpty) {
        case (.present, false):
            let list = matching.map(host.display).joined(separator: ", ")
            return .passed(evidence: LocalizedText(en: "found \(list)", nl: "gevonden: \(list)") + what)
        case (.absent, true):
            return .passed(evidence: LocalizedText(en: "no \(shown)", nl: "geen \(shown)") + what)
        case (.present, true):
            return .failed([FindingDraft(key: "missing", detail: LocalizedText(
                en: "Not found: \(shown)\(what.en).", nl: "Niet gevonden: \(shown)\(what.nl)."))])
        case (.absent, false):
            var subjects = matching.map { Subject(host.display($0)) }
            if let listFrom, let text = try host.read(listFrom) {
                let items = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
                subjects += items.filter { !$0.isEmpty }.sorted().map { Subject($0, [.init("listed in", host.display(listFrom))]) }
            }
            return .failed([FindingDraft(key: "present", detail: LocalizedText(
                en: "Found \(matching.map(host.display).joined(separator: ", "))\(what.en).",
                nl: "Gevonden: \(matching.map(host.display).joined(separator: ", "))\(what.nl)."), subjects: subjects)])
        }
    }
}

/// How old the newest of some files is: a package index, a signature database, a timestamp.
struct FileAgeKind: CheckKind {
    static let description = KindDescription(
        identifier: "file-age",
        family: "device",
        summary: "Fails when the newest file matching the paths is older than max-age-days, or when there is none.",
        parameters: [
            ParameterSpec("paths", required: true, "shell patterns of files; the newest one counts"),
            ParameterSpec("max-age-days", required: true, "how many days old the newest file may be"),
        ],
        examples: [
            KindExample("a fresh package index passes", parameters: """
                paths: [/var/lib/apt/lists/*_InRelease]
                max-age-days: 7
                """, files: ["/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease": "fresh"], expect: .passed),
            KindExample("no package index at all fails", parameters: """
                paths: [/var/lib/apt/lists/*_InRelease]
                max-age-days: 7
                """, files: ["/var/lib/apt/lists/lock": ""], expect: .failed, findings: 1),
            KindExample("an index last refreshed 30 days ago fails", parameters: """
                paths: [/var/lib/apt/lists/*_InRelease]
                max-age-days: 7
                """, files: ["/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease": "old"],
                ages: ["/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease": 30], expect: .failed, findings: 1),
        ])

    let paths: [String]
    let maxAgeDays: Int

    init(parameters: Parameters) throws {
        paths = try parameters.strings("paths")
        maxAgeDays = try parameters.int("max-age-days", in: 1...3650)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        var newest: (path: String, date: Date)?
        for pattern in paths {
            for path in try host.glob(pattern) {
                guard let date = host.modificationDate(path) else { continue }
                if newest == nil || date > newest!.date { newest = (path, date) }
            }
        }
        guard let newest else {
            let shown = paths.map(host.display).joined(separator: ", ")
            return .failed([FindingDraft(key: "missing", detail: LocalizedText(
                en: "There is no \(shown): it has never been downloaded or made.",
                nl: "Er is geen \(shown): het is nooit gedownload of aangemaakt."))])
        }
        let days = Int(host.now.timeIntervalSince(newest.date) / 86_400)
        let shown = host.display(newest.path)
        if days <= maxAgeDays {
            return .passed(evidence: LocalizedText(en: "\(shown) is \(days) days old (limit \(maxAgeDays))",
                                                   nl: "\(shown) is \(days) dagen oud (grens \(maxAgeDays))"))
        }
        return .failed([FindingDraft(key: "stale", detail: LocalizedText(
            en: "The newest, \(shown), is \(days) days old; it should be at most \(maxAgeDays).",
            nl: "De nieuwste, \(shown), is \(days) dagen oud; dat mag hoogstens \(maxAgeDays) zijn."),
            subjects: [Subject(shown, [.init("age", "\(days)d")])])])
    }
}
