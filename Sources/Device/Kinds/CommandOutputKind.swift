import AuditCore
import Foundation

/// Runs a read-only command and fails for each output line that matches: security updates waiting,
/// for instance. The command depends on the system, so the kind takes one per system.
struct CommandOutputKind: CheckKind {
    struct Variant: Sendable {
        var os: [String]
        var run: [String]
        var match: Pattern
        /// Files that must be recent for the output to mean anything (the package index).
        var fresh: [String]
        var freshDays: Int

        init(_ parameters: Parameters) throws {
            try parameters.allowOnly(["os", "run", "match", "fresh", "fresh-days"])
            os = try parameters.strings("os", default: [])
            run = try parameters.strings("run")
            match = try parameters.regex("match")
            fresh = try parameters.strings("fresh", default: [])
            freshDays = try parameters.int("fresh-days", default: 7, in: 1...365)
        }
    }

    static let description = KindDescription(
        identifier: "command-output",
        family: "device",
        summary: "Runs the command for this system; each output line matching `match` is an item (its first group names it).",
        parameters: [
            ParameterSpec("commands", required: true, "list of {os, run, match, fresh, fresh-days}; the first whose os matches runs"),
        ],
        examples: [
            KindExample("security updates waiting", parameters: """
                commands:
                  - run: [apt-get, -s, dist-upgrade]
                    match: '^Inst (\\S+) .*-security'
                """, commands: ["apt-get -s dist-upgrade": CommandResult(output: """
                    Inst libssl3 [3.0.14-1~deb12u1] (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])
                    Inst tzdata [2024a-0+deb12u1] (2024b-0+deb12u1 Debian:12.8/stable [all])
                    Conf libssl3 (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])
                    """)], expect: .failed, findings: 1),
            KindExample("nothing waiting", parameters: """
                commands:
                  - run: [apt-get, -s, dist-upgrade]
                    match: '^Inst (\\S+) .*-security'
                """, commands: ["apt-get -s dist-upgrade": CommandResult(output: "0 upgraded, 0 newly installed\n")],
                expect: .passed),
            KindExample("a stale index makes the answer unknowable", parameters: """
                commands:
                  - run: [apt-get, -s, dist-upgrade]
                    match: '^Inst (\\S+) .*-security'
                    fresh: [/var/lib/apt/lists/*_InRelease]
                """, files: ["/var/lib/apt/lists/lock": ""],
                commands: ["apt-get -s dist-upgrade": CommandResult(output: "0 upgraded\n")], expect: .skipped),
            KindExample("a failing command is an error, not a pass", parameters: """
                commands:
                  - run: [apt-get, -s, dist-upgrade]
                    match: '^Inst (\\S+)'
                """, commands: ["apt-get -s dist-upgrade": CommandResult(status: 100, errorOutput: "E: broken")],
                expect: .error),
        ])

    let variants: [Variant]

    init(parameters: Parameters) throws {
        variants = try parameters.list("commands", Variant.init)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        guard let variant = variants.first(where: { $0.os.isEmpty || $0.os.contains(where: host.os.matches) }) else {
            return .skipped(reason: LocalizedText(en: "not applicable: no command for \(host.os.id)",
                                                  nl: "niet van toepassing: geen opdracht voor \(host.os.id)"))
        }
        let line = variant.run.joined(separator: " ")
        guard host.runner.isAvailable(variant.run[0]) else {
            return .skipped(reason: LocalizedText(en: "'\(variant.run[0])' cannot be run here",
                                                  nl: "'\(variant.run[0])' kan hier niet worden uitgevoerd"))
        }
        if !variant.fresh.isEmpty {
            let newest = try variant.fresh.flatMap(host.glob).compactMap(host.modificationDate).max()
            let limit = TimeInterval(variant.freshDays * 86_400)
            guard let newest, host.now.timeIntervalSince(newest) <= limit else {
                return .skipped(reason: LocalizedText(
                    en: "the package index is missing or older than \(variant.freshDays) days, so what is waiting cannot be known; refresh it first",
                    nl: "de pakketindex ontbreekt of is ouder dan \(variant.freshDays) dagen, dus wat er klaarstaat is niet te weten; ververs die eerst"))
            }
        }
        let result = try await host.runner.run(variant.run, timeout: .seconds(15))
        guard result.status == 0 else {
            let reason = result.errorOutput.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw CommandError.failed(variant.run, status: result.status, message: reason)
        }
        let items = result.output.split(whereSeparator: \.isNewline).flatMap { variant.match.captures(in: String($0)) }
        let unique = Array(Set(items)).sorted()
        if unique.isEmpty {
            return .passed(evidence: LocalizedText(en: "'\(line)' lists nothing matching", nl: "'\(line)' toont niets dat overeenkomt"))
        }
        return .failed([FindingDraft(key: "items", detail: LocalizedText(
            en: "\(unique.count) found by '\(line)'.", nl: "\(unique.count) gevonden met '\(line)'."),
            subjects: unique.map { Subject($0) })])
    }
}
