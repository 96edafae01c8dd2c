import ArgumentParser
import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// Runs `hygiene` in-process with a fake environment and returns the exit status and output.
struct CLIRun {
    var code: Int32
    var output: String
    var errors: String
}

final class Sandbox: @unchecked Sendable {
    let home: String
    let runner: StubRunner
    var terminal = false
    var now = Date()
    var extraVariables: [String: String] = [:]
    /// Master passwords, as if typed on a terminal or piped to standard input.
    var secretInput: any SecretInput = FixedSecretInput([])
    /// Answers to visible prompts (the logbook's fields).
    var lineInput: any LineInput = FixedLineInput([], isTerminal: false)
    /// Run real commands (a fake `adb` first on PATH) instead of the stubs.
    var runsRealCommands = false

    init(commands: [String: CommandResult] = [:], available: Set<String> = []) {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        runner = StubRunner(commands, available: available)
    }

    deinit { try? FileManager.default.removeItem(atPath: home) }

    var variables: [String: String] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data", "LANG": "en_US.UTF-8",
         "USER": "tester"].merging(extraVariables) { $1 }
    }

    func run(_ arguments: [String]) async -> CLIRun {
        let output = BufferSink(), errors = BufferSink()
        let fixedNow = now
        let commands: any CommandRunner = runsRealCommands ? ProcessRunner(environment: variables) : runner
        let environment = CLIEnvironment(variables: variables, runner: commands, now: { fixedNow }, output: output, errors: errors,
                                         outputIsTerminal: terminal, errorsIsTerminal: false, terminalWidth: 100,
                                         isRoot: false, executablePath: "/opt/hygiene/bin/hygiene", secretInput: secretInput,
                                         lineInput: lineInput)
        var code: Int32 = 0
        do {
            var command = try Hygiene.parseAsRoot(arguments)
            try await CLIEnvironment.$current.withValue(environment) {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
        } catch {
            code = Hygiene.exitCode(for: error).rawValue
            let message = Hygiene.message(for: error)
            if !message.isEmpty { errors.write(message + "\n") }
        }
        return CLIRun(code: code, output: output.text, errors: errors.text)
    }
}

/// A Debian machine that does most things right: automatic updates, ClamAV with fresh signatures,
/// LUKS, no remote-access tools.
func wellKeptMachine() throws -> FixtureTree {
    let stamp = Int(Date().timeIntervalSince1970) - 86_400
    let tree = try FixtureTree(files: [
        "/etc/os-release": "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
        "/var/lib/dpkg/status": """
            Package: unattended-upgrades
            Status: install ok installed

            Package: clamav
            Status: install ok installed

            """,
        "/etc/apt/apt.conf.d/20auto-upgrades": "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n",
        "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease": "index",
        "/var/lib/clamav/daily.cld": "ClamAV-VDB:x:27830:2070000:90:x:x:raynman:\(stamp)\n",
        "/etc/ufw/ufw.conf": "ENABLED=yes\n",
        "/proc/mounts": "/dev/mapper/root_crypt / ext4 rw 0 0\n",
        "/sys/block/dm-0/dm/name": "root_crypt\n",
        "/sys/block/dm-0/dm/uuid": "CRYPT-LUKS2-abc-root_crypt\n",
        "/proc/1/comm": "systemd\n",
    ])
    try tree.link("/etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer", to: "/lib/systemd/system/apt-daily-upgrade.timer")
    return tree
}

/// A Debian machine with the problems the issue names: updates switched off, ClamAV without a database,
/// a remote-access tool running, an unknown SSH key.
func neglectedMachine() throws -> FixtureTree {
    try FixtureTree(files: [
        "/etc/os-release": "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
        "/var/lib/dpkg/status": """
            Package: unattended-upgrades
            Status: install ok installed

            Package: clamav
            Status: install ok installed

            Package: anydesk
            Status: install ok installed

            """,
        "/etc/apt/apt.conf.d/20auto-upgrades": "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"0\";\n",
        "/etc/ufw/ufw.conf": "ENABLED=no\n",
        "/proc/mounts": "/dev/sda2 / ext4 rw 0 0\n",
        "/proc/55/comm": "anydesk\n",
        "/var/run/reboot-required": "",
        "~/.ssh/authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBrJInq1kvt2v3GZgUt8wBS1Fd68ormCWoD0wFk8irc/ someone@else\n",
    ], ages: [:])
}
