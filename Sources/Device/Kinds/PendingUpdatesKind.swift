import AuditCore
import Foundation

/// Security updates waiting, read without running the package manager's solver: on APT systems,
/// each installed package (dpkg status) for which a security list offers a newer version
/// (dpkg's version order). Other systems use their command (`commands`, as in command-output).
struct PendingUpdatesKind: CheckKind {
    static let description = KindDescription(
        identifier: "pending-updates",
        family: "device",
        summary: "Compares installed versions with the security package lists; or runs the system's command elsewhere.",
        parameters: [
            ParameterSpec("lists", required: true, "shell patterns of the APT security Packages lists"),
            ParameterSpec("max-list-age-days", "how old the lists may be before the answer is unknowable; default 7"),
            ParameterSpec("commands", "list of {os, run, match} for systems without APT lists"),
        ],
        examples: [
            KindExample("a newer version in the security list", parameters: Self.example, files: [
                "/var/lib/dpkg/status": """
                    Package: libssl3
                    Status: install ok installed
                    Architecture: amd64
                    Version: 3.0.14-1~deb12u1

                    Package: bash
                    Status: install ok installed
                    Architecture: amd64
                    Version: 5.2.15-2+b7

                    """,
                "/var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages": """
                    Package: libssl3
                    Architecture: amd64
                    Version: 3.0.15-1~deb12u1

                    Package: bash
                    Architecture: amd64
                    Version: 5.2.15-2+b2

                    Package: nginx
                    Architecture: amd64
                    Version: 1.22.1-9+deb12u1

                    """,
            ], expect: .failed, findings: 1),
            KindExample("everything at the security version", parameters: Self.example, files: [
                "/var/lib/dpkg/status": "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.15-1~deb12u1\n\n",
                "/var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages":
                    "Package: libssl3\nArchitecture: amd64\nVersion: 3.0.15-1~deb12u1\n\n",
            ], expect: .passed),
            KindExample("old lists cannot tell", parameters: Self.example, files: [
                "/var/lib/dpkg/status": "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.15-1~deb12u1\n\n",
                "/var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages": "",
            ], ages: ["/var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages": 40],
            expect: .skipped),
        ])

    static let example = "lists: ['/var/lib/apt/lists/*-security_*_Packages*']"

    let lists: [String]
    let maxAge: Int
    let fallback: CommandOutputKind?

    init(parameters: Parameters) throws {
        lists = try parameters.strings("lists")
        maxAge = try parameters.int("max-list-age-days", default: 7, in: 1...365)
        fallback = parameters.has("commands") ? try CommandOutputKind(parameters: parameters) : nil
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        guard try host.read("/var/lib/dpkg/status") != nil else {
            if let fallback { return try await fallback.run(in: context) }
            return .skipped(reason: LocalizedText(en: "not applicable: no dpkg package database",
                                                  nl: "niet van toepassing: geen dpkg-pakketdatabase"))
        }
        let files = try lists.flatMap(host.glob)
        guard let newest = files.compactMap(host.modificationDate).max(),
              host.now.timeIntervalSince(newest) <= TimeInterval(maxAge * 86_400) else {
            return .skipped(reason: LocalizedText(
                en: "the security package lists are missing or older than \(maxAge) days, so what is waiting cannot be known; refresh them first (sudo apt update)",
                nl: "de beveiligingslijsten ontbreken of zijn ouder dan \(maxAge) dagen, dus wat er klaarstaat is niet te weten; ververs ze eerst (sudo apt update)"))
        }
        var offered: [String: DebianVersion] = [:]
        for file in files {
            for entry in ControlFile.entries(try await listText(file, host: host)) {
                let key = entry.package + ":" + entry.architecture
                let version = DebianVersion(entry.version)
                if let known = offered[key], known >= version { continue }
                offered[key] = version
            }
        }
        var waiting: [Subject] = []
        let status = try host.read("/var/lib/dpkg/status") ?? ""
        for entry in ControlFile.entries(status) where entry.status.hasSuffix(" installed") {
            let installed = DebianVersion(entry.version)
            let candidate = offered[entry.package + ":" + entry.architecture] ?? offered[entry.package + ":all"]
            if let candidate, installed < candidate {
                waiting.append(Subject(entry.package, [.init("installed", entry.version), .init("security update", candidate.description)]))
            }
        }
        if waiting.isEmpty {
            return .passed(evidence: LocalizedText(
                en: "no installed package is older than its version in \(files.count) security lists",
                nl: "geen geïnstalleerd pakket is ouder dan zijn versie in \(files.count) beveiligingslijsten"))
        }
        return .failed([FindingDraft(key: "waiting", detail: LocalizedText(
            en: "\(waiting.count) installed packages have a security update waiting.",
            nl: "Voor \(waiting.count) geïnstalleerde pakketten staat een beveiligingsupdate klaar."),
            subjects: waiting.sorted { $0.name < $1.name })])
    }

    /// The list's text; APT may keep lists compressed (`Acquire::GzipIndexes`), which its own helper reads.
    func listText(_ path: String, host: Machine) async throws -> String {
        let compressed = [".lz4", ".gz", ".xz", ".zst", ".bz2", ".lzma"].contains { path.hasSuffix($0) }
        guard compressed else { return try host.read(path) ?? "" }
        let helper = "/usr/lib/apt/apt-helper"
        guard host.runner.isAvailable(helper) else {
            throw SkipCheck(LocalizedText(en: "\(path) is compressed and apt-helper cannot be run here",
                                          nl: "\(path) is gecomprimeerd en apt-helper kan hier niet draaien"))
        }
        let result = try await host.runner.run([helper, "cat-file", host.resolve(path)], timeout: .seconds(15))
        guard result.status == 0 else {
            throw CommandError.failed([helper, "cat-file", path], status: result.status, message: result.errorOutput)
        }
        return result.output
    }
}
