import AuditCore
import Foundation

/// Programs that may be recording keystrokes: processes whose command line is a known way of reading
/// the keyboard (`xinput test`, `xev -root`…), and, as root, every process holding a keyboard or mouse
/// device (`/dev/input/event*`) open that is not a display server or input tool in the allow-list.
struct InputReadersKind: CheckKind {
    static let description = KindDescription(
        identifier: "input-readers",
        family: "access",
        summary: "Finds processes whose command line matches keystroke-reading patterns, and as root processes holding /dev/input/event* that are not in the allow-list.",
        parameters: [
            ParameterSpec("commands", required: true, "command-line starts that read keystrokes (xinput test, xev -root)"),
            ParameterSpec("allowed", required: true, "process names allowed to hold input devices (Xorg, gnome-shell, systemd-logind…)"),
        ],
        examples: [
            KindExample("a process watches every key with xinput", parameters: Self.example, files: [
                "/proc/4242/comm": "xinput\n", "/proc/4242/cmdline": "xinput\u{0}test-xi2\u{0}--root",
                "/proc/1/comm": "systemd\n", "/proc/1/cmdline": "/sbin/init",
            ], expect: .failed, findings: 1),
            KindExample("no such process, and as root nothing else holds the keyboard", parameters: Self.example, files: [
                "/proc/1/comm": "systemd\n", "/proc/1/cmdline": "/sbin/init",
            ], privileged: true, expect: .passed),
        ])

    static let example = """
        commands: ["xinput test", "xinput test-xi2", "xev -root", logkeys]
        allowed: [Xorg, gnome-shell, systemd-logind]
        """

    let commands: [String]
    let allowed: Set<String>

    init(parameters: Parameters) throws {
        commands = try parameters.strings("commands")
        allowed = Set(try parameters.strings("allowed"))
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        var gathering = Gathering()
        var pids: [String] = []
        do { pids = try host.list("/proc").filter { Int($0) != nil } } catch { gathering.problem("/proc", LocalizedText(en: "cannot be listed", nl: "is niet te doorzoeken")) }
        for pid in pids {
            guard let cmdline = try? host.data("/proc/\(pid)/cmdline") else { continue }
            let words = String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let program = words.split(separator: " ").first.map { ($0 as NSString).lastPathComponent } ?? ""
            let rest = words.split(separator: " ").dropFirst().joined(separator: " ")
            let normal = rest.isEmpty ? program : program + " " + rest
            guard let match = commands.first(where: { normal == $0 || normal.hasPrefix($0 + " ") }) else { continue }
            gathering.drafts.append(FindingDraft(
                key: "cmd#\(pid)#\(match)",
                detail: LocalizedText(en: "Process \(pid) runs '\(words)', which reads what is typed.", nl: "Proces \(pid) voert '\(words)' uit, dat leest wat er getypt wordt."),
                subjects: [Subject(program, [.init("process", "\(program) (pid \(pid))"), .init("file", "/proc/\(pid)/cmdline")])]))
        }
        var holders = 0
        if host.privileged {
            for pid in pids {
                guard let fds = try? host.list("/proc/\(pid)/fd") else { continue }
                let holds = fds.contains { fd in
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: host.resolve("/proc/\(pid)/fd/\(fd)")))?.hasPrefix("/dev/input/event") == true
                }
                guard holds else { continue }
                holders += 1
                let name = ((try? host.read("/proc/\(pid)/comm")) ?? nil)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                guard !allowed.contains(name) else { continue }
                gathering.drafts.append(FindingDraft(
                    key: "input#\(name)",
                    detail: LocalizedText(en: "Process '\(name)' (pid \(pid)) has a keyboard or mouse device open and is not a known display or input program.",
                                          nl: "Proces '\(name)' (pid \(pid)) heeft een toetsenbord- of muisapparaat open en is geen bekend beeld- of invoerprogramma."),
                    subjects: [Subject(name, [.init("process", "\(name) (pid \(pid))"), .init("file", "/proc/\(pid)/fd")])]))
            }
        }
        let homes = AuditedHomes(homes: [AuditedHomes.Home(user: host.userName, path: host.home)], scope: host.privileged
            ? LocalizedText(en: "as root: command lines and open input devices of \(pids.count) processes", nl: "als root: opdrachtregels en open invoerapparaten van \(pids.count) processen")
            : LocalizedText(en: "command lines only; which processes hold the keyboard open can only be seen as root", nl: "alleen opdrachtregels; welke processen het toetsenbord open hebben is alleen als root te zien"))
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "no process reads the keyboard in a known way (\(holders) processes with input devices open, all allowed)",
            nl: "geen proces leest het toetsenbord op een bekende manier (\(holders) processen met invoerapparaten open, alle toegestaan)"))
    }
}
