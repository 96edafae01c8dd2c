import AuditCore
import Foundation

/// Programs that start by themselves for this user: XDG autostart entries, enabled user services
/// and crontab lines. Each is an item to review (severity info): spyware hides here.
struct AutostartKind: CheckKind {
    enum Format: String, CaseIterable { case desktop, link, crontab }

    struct Source: Sendable {
        var glob: String?
        var command: [String]?
        var format: Format

        init(_ p: Parameters) throws {
            try p.allowOnly(["glob", "command", "format"])
            glob = try p.optionalString("glob")
            command = p.has("command") ? try p.strings("command") : nil
            format = try p.choice("format")
            if (glob == nil) == (command == nil) { throw Parameters.Problem(message: "a source needs either glob or command") }
        }
    }

    static let description = KindDescription(
        identifier: "autostart",
        family: "device",
        summary: "Lists what starts at login or on a schedule, each entry an item to review.",
        parameters: [ParameterSpec("sources", required: true, "list of {glob or command, format: desktop, link or crontab}")],
        examples: [
            KindExample("an autostart entry and a crontab line", parameters: Self.example, files: [
                "~/.config/autostart/sync.desktop": "[Desktop Entry]\nName=Sync helper\nExec=/opt/sync/run --quiet\n",
                "~/.config/autostart/off.desktop": "[Desktop Entry]\nName=Off\nExec=off\nHidden=true\n",
            ], commands: ["crontab -l": CommandResult(output: "# m h dom mon dow command\nMAILTO=me\n*/5 * * * * /home/me/bin/upload.sh\n")],
                expect: .failed, findings: 2),
            KindExample("nothing starts by itself", parameters: Self.example,
                        commands: ["crontab -l": CommandResult(status: 1, errorOutput: "no crontab for me")], expect: .passed),
        ])

    static let example = """
        sources:
          - {glob: "~/.config/autostart/*.desktop", format: desktop}
          - {glob: "~/.config/systemd/user/*.wants/*", format: link}
          - {command: [crontab, -l], format: crontab}
        """

    let sources: [Source]

    init(parameters: Parameters) throws {
        sources = try parameters.list("sources", Source.init)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        var drafts: [FindingDraft] = []
        var unreadable: [String] = []
        for source in sources {
            if let glob = source.glob {
                for path in try host.glob(glob) {
                    let shown = host.display(path)
                    switch source.format {
                    case .desktop:
                        guard let text = try host.read(path) else { continue }
                        let value = { (key: String) in KeyValueFile.value(key, section: "Desktop Entry", in: text) }
                        if value("Hidden")?.lowercased() == "true" || value("X-GNOME-Autostart-enabled")?.lowercased() == "false" { continue }
                        let name = value("Name") ?? (path as NSString).lastPathComponent
                        drafts.append(item(name: name, runs: value("Exec") ?? "", from: shown))
                    case .link:
                        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: host.resolve(path))) ?? ""
                        drafts.append(item(name: (path as NSString).lastPathComponent, runs: target, from: shown))
                    case .crontab:
                        guard let text = try host.read(path) else { continue }
                        drafts += cronItems(text, from: shown)
                    }
                }
            } else if let command = source.command {
                guard host.runner.isAvailable(command[0]) else { unreadable.append(command[0]); continue }
                let result = try await host.runner.run(command, timeout: .seconds(5))
                if result.status == 0 { drafts += cronItems(result.output, from: command.joined(separator: " ")) }
            }
        }
        if drafts.isEmpty {
            return .passed(evidence: LocalizedText(en: "nothing starts by itself for this user", nl: "er start niets vanzelf voor deze gebruiker"))
        }
        return .failed(drafts)
    }

    func item(name: String, runs: String, from: String) -> FindingDraft {
        FindingDraft(key: "\(from)|\(runs)",
                     title: LocalizedText(en: "Starts by itself: \(name)", nl: "Start vanzelf: \(name)"),
                     detail: LocalizedText(en: "\(name) starts by itself (from \(from)). Check that you know what it is.",
                                           nl: "\(name) start vanzelf (vanuit \(from)). Controleer of je weet wat het is."),
                     subjects: [Subject(name, [.init("runs", runs), .init("from", from)])], severity: .info)
    }

    func cronItems(_ text: String, from: String) -> [FindingDraft] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let first = line.split(separator: " ").first.map(String.init) ?? ""
            if first.contains("=") { return nil }
            let fields = line.split(separator: " ", maxSplits: line.hasPrefix("@") ? 1 : 5).map(String.init)
            let command = fields.last ?? line
            return item(name: (command.split(separator: " ").first.map(String.init) ?? command), runs: line, from: from)
        }
    }
}
