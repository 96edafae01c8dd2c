import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

@Suite struct AuditCommandTests {
    @Test func aWellKeptMachineExitsZero() async throws {
        let tree = try wellKeptMachine()
        let sandbox = Sandbox()
        let run = await sandbox.run(["audit", "--root", tree.root, "--format", "json"])
        #expect(run.code == 0, "\(run.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let checks = try #require(report["checks"] as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: checks.map { ($0["id"] as! String, $0["status"] as! String) })
        #expect(status["device.updates.automatic"] == "passed")
        #expect(status["device.antivirus.signatures"] == "passed")
        #expect(status["device.disk-encryption"] == "passed")
        #expect(status["device.remote-access"] == "passed")
        // Without root a switched-on ufw cannot be verified, and commands are not run under --root.
        #expect(status["device.firewall"] == "skipped")
        #expect(status["device.updates.pending"] == "skipped")
        #expect(checks.filter { ($0["id"] as? String)?.hasPrefix("device.") == true }.count == 12)
        // The access family runs too, with no input.
        #expect(checks.contains { ($0["id"] as? String) == "access.browser.accounts" })
        // No export was given and nothing was left out on purpose: the report says the passwords were not checked.
        let notes = try #require(report["notes"] as? [String])
        #expect(notes.contains { $0.contains("passwords were not checked") })
    }

    @Test func aNeglectedMachineFailsWithTheRightFindings() async throws {
        let tree = try neglectedMachine()
        let sandbox = Sandbox()
        // The device family alone, whose score this machine should fail (the access family finds little on it).
        let run = await sandbox.run(["--root", tree.root, "--format", "json", "--only", "device"])
        #expect(run.code == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let checks = Set(findings.compactMap { $0["check"] as? String })
        #expect(checks.isSuperset(of: ["device.updates.automatic", "device.antivirus.signatures", "device.remote-access",
                                       "device.firewall", "device.disk-encryption", "device.ssh.authorized-keys",
                                       "device.updates.reboot-required", "device.updates.stale-index"]))
        #expect((report["score"] as? Int).map { $0 < 50 } == true)
        #expect(findings.first?["severity"] as? String == "high")
    }

    @Test func failOnRaisesTheThreshold() async throws {
        let tree = try neglectedMachine()
        let run = await Sandbox().run(["audit", "--root", tree.root, "--fail-on", "critical", "--no-state"])
        #expect(run.code == 0)
        #expect(run.output.contains("Do this first"))
    }

    @Test func dutchReport() async throws {
        let tree = try neglectedMachine()
        let run = await Sandbox().run(["audit", "--root", tree.root, "--lang", "nl", "--no-state"])
        #expect(run.output.contains("Doe dit eerst"))
        #expect(run.output.contains("Beveiligingsupdates worden niet automatisch geïnstalleerd"))
        #expect(run.output.contains("vingerafdruk:") && run.output.contains("bestand: ~/.ssh/authorized_keys:1"))
    }

    @Test func languageComesFromLang() async throws {
        let tree = try wellKeptMachine()
        let sandbox = Sandbox()
        sandbox.extraVariables["LANG"] = "nl_BE.UTF-8"
        let run = await sandbox.run(["audit", "--root", tree.root, "--no-state"])
        #expect(run.output.contains("Privacy- en veiligheidscontrole"))
    }

    @Test func onlyAndSkipLimitTheRun() async throws {
        let tree = try neglectedMachine()
        let run = await Sandbox().run(["audit", "--root", tree.root, "--only", "device", "--skip", "device.firewall",
                                       "--format", "json", "--no-state"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let firewall = (report["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "device.firewall" }
        #expect(firewall?["status"] as? String == "skipped")
        #expect(firewall?["reason"] as? String == "skipped in your configuration")
    }

    @Test func reportToAFile() async throws {
        let tree = try wellKeptMachine()
        let sandbox = Sandbox()
        let file = sandbox.home + "/report.html"
        let run = await sandbox.run(["audit", "--root", tree.root, "--format", "html", "--output", file, "--no-state"])
        #expect(run.code == 0)
        #expect(run.output.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        // Written again over the old one, atomically: no temporary file is left beside it.
        let again = await sandbox.run(["audit", "--root", tree.root, "--format", "json", "--output", file, "--no-state"])
        #expect(again.code == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("{"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.home).filter { $0.hasSuffix(".tmp") }.isEmpty)
        let nowhere = await sandbox.run(["audit", "--root", tree.root, "--output", sandbox.home + "/missing/report.txt", "--no-state"])
        #expect(nowhere.code == 2)
        #expect(nowhere.errors.contains("missing/report.txt: cannot write: no such folder"), "\(nowhere.errors)")
    }

    /// A path that is no regular file is written to, never renamed over: `--output /dev/null` as root
    /// once put a report file where the device was. A link stays a link, and its file gets the report.
    @Test func reportToALinkLeavesTheLinkInPlace() async throws {
        let tree = try wellKeptMachine()
        let sandbox = Sandbox()
        let target = sandbox.home + "/target.json", link = sandbox.home + "/link.json"
        try "an older, longer report than this one will be".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = await sandbox.run(["audit", "--root", tree.root, "--format", "json", "--output", link, "--no-state"])
        #expect(run.code == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(try JSONSerialization.jsonObject(with: Data(written.utf8)) is [String: Any])
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() async throws {
        let tree = try neglectedMachine()
        let sandbox = Sandbox()
        sandbox.terminal = true
        #expect(await sandbox.run(["audit", "--root", tree.root, "--no-state"]).output.contains("\u{1B}["))
        sandbox.extraVariables["NO_COLOR"] = "1"
        #expect(!(await sandbox.run(["audit", "--root", tree.root, "--no-state"]).output.contains("\u{1B}[")))
        sandbox.terminal = false
        sandbox.extraVariables = [:]
        #expect(!(await sandbox.run(["audit", "--root", tree.root, "--no-state"]).output.contains("\u{1B}[")))
    }

    @Test func theSecondAuditShowsTheTrend() async throws {
        let tree = try neglectedMachine()
        let sandbox = Sandbox()
        sandbox.now = Date().addingTimeInterval(-4 * 86_400)
        _ = await sandbox.run(["audit", "--root", tree.root])
        try tree.write("/etc/ufw/ufw.conf", "ENABLED=yes\n")
        try tree.write("~/.ssh/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVkMjU1MTkgdGVzdCBrZXkgbnVtYmVyIG9uZSEhIQ== new@key\n")
        sandbox.now = Date()
        let run = await sandbox.run(["audit", "--root", tree.root])
        #expect(run.output.contains("Last audit 4 days ago"), "\(run.output)")
        #expect(run.output.contains("1 new"))
        #expect(run.output.contains("(new)"))
        let history = await sandbox.run(["history"])
        #expect(history.output.split(separator: "\n").count == 2)
        let quiet = await sandbox.run(["audit", "--root", tree.root, "--quiet", "--if-due", "30d"])
        #expect(quiet.code == 0 && quiet.output.isEmpty)
        #expect(await sandbox.run(["history"]).output.split(separator: "\n").count == 2)
        let forget = await sandbox.run(["forget"])
        #expect(forget.output.hasPrefix("Deleted the history"))
        #expect(await sandbox.run(["history"]).output == "No audits stored yet.\n")
    }

    @Test func verboseLogsEachCheckOnStandardError() async throws {
        let tree = try neglectedMachine()
        let run = await Sandbox().run(["audit", "--root", tree.root, "--verbose", "--no-state", "--format", "json"])
        let lines = run.errors.split(separator: "\n").filter { $0.hasPrefix("hygiene: [debug] device.") }
        #expect(lines.count == 12)
        #expect(lines.contains { $0.hasPrefix("hygiene: [debug] device.remote-access: failed in ") })
        #expect(!run.errors.contains("someone@else"))
        #expect(!run.output.contains("[debug]"))
    }

    @Test func scheduledRunNotifiesWithCountsOnly() async throws {
        let tree = try neglectedMachine()
        let sandbox = Sandbox(available: ["notify-send"])
        let run = await sandbox.run(["audit", "--root", tree.root, "--quiet", "--notify", "--no-state"])
        #expect(run.code == 1)
        #expect(run.output.isEmpty)
        let call = try #require(sandbox.runner.calls.first { $0.first == "notify-send" })
        #expect(call.last?.contains("urgent") == true)
        #expect(!call.joined().contains("anydesk"))
    }
}

@Suite struct BadInputTests {
    @Test func aBrokenCheckFileStopsTheRunWithItsLocation() async throws {
        let sandbox = Sandbox()
        let folder = sandbox.home + "/mychecks"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "version: 1\nchecks:\n  - id: my.check\n    kind: nosuch\n".write(toFile: folder + "/mine.yaml", atomically: true, encoding: .utf8)
        let run = await sandbox.run(["audit", "--checks", folder, "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.contains("\(folder)/mine.yaml:4:11: unknown kind 'nosuch'"), "\(run.errors)")
        let validate = await sandbox.run(["checks", "validate", folder])
        #expect(validate.code == 2)
    }

    @Test func aBrokenConfigurationStopsTheRun() async throws {
        let sandbox = Sandbox()
        let config = sandbox.home + "/config.yaml"
        try "version: 1\nfail-on: never\n".write(toFile: config, atomically: true, encoding: .utf8)
        let run = await sandbox.run(["audit", "--config", config, "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.contains("config.yaml:2:10: 'fail-on' must be one of"))
    }

    @Test(arguments: [["audit", "--jobs", "0"], ["audit", "--only", "nosuch"], ["audit", "--frobnicate"],
                      ["audit", "--format", "pdf"], ["schedule"], ["schedule", "--every", "soon"], ["checks", "explain", "no.such"],
                      // The families' own option groups validate their options too.
                      ["audit", "--since", "gisteren"], ["audit", "--breach-file", "x", "--online-breach-check"], ["audit", "--depth", "11"],
                      ["audit", "--page-timeout", "0"], ["audit", "--only", "vault"], ["audit", "--only", "exposure"]])
    func usageErrorsExit64(arguments: [String]) async {
        let run = await Sandbox().run(arguments)
        #expect(run.code == 64, "\(arguments): \(run.errors)")
        #expect(!run.errors.isEmpty)
    }

    @Test func aMissingRootFolderIsAUsageError() async {
        let run = await Sandbox().run(["audit", "--root", "/no/such/folder", "--no-state"])
        #expect(run.code == 64)
        #expect(run.errors.contains("/no/such/folder"))
    }
}

@Suite struct OtherCommandTests {
    @Test func checksListAndExplain() async throws {
        let sandbox = Sandbox()
        let list = await sandbox.run(["checks", "list"])
        #expect(list.output.split(separator: "\n").count == 112)   // 12 device, 33 access, 9 vault, 12 exposure, 1 reset, 1 safety, 19 Android and 15 iPhone, 2 trackers, 8 accounts
        #expect(list.output.contains("phone.stalkerware"))
        #expect(list.output.contains("exposure.iban"))
        #expect(list.output.contains("device.remote-access"))
        let explain = await sandbox.run(["checks", "explain", "device.remote-access", "--lang", "nl"])
        #expect(explain.code == 0)
        #expect(explain.output.contains("Let op:"))
        #expect(explain.output.contains("gedefinieerd in Checks/device/access.yaml:"))
    }

    @Test func validateAGoodFolder() async throws {
        let sandbox = Sandbox()
        let folder = sandbox.home + "/good"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            version: 1
            checks:
              - id: mine.backup-key
                kind: file-present
                severity: low
                title: {en: "No backup key", nl: "Geen back-upsleutel"}
                why: {en: "Why", nl: "Waarom"}
                fix: {en: ["Make one"], nl: ["Maak er een"]}
                params: {paths: ["~/backup.key"]}
            """.write(toFile: folder + "/mine.yaml", atomically: true, encoding: .utf8)
        let run = await sandbox.run(["checks", "validate", folder])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output == "1 checks in 1 files are valid.\n")
        let listed = await sandbox.run(["checks", "list", "--checks", folder])
        #expect(listed.output.contains("mine.backup-key"))
    }

    @Test func initWritesAConfigurationOnce() async throws {
        let sandbox = Sandbox()
        let first = await sandbox.run(["init"])
        #expect(first.code == 0)
        let path = sandbox.home + "/config/hygiene/config.yaml"
        #expect(try Configuration.load(path: path, mustExist: true, settings: Catalog.settings).skip.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let second = await sandbox.run(["init"])
        #expect(second.code == 2)
        #expect(second.errors.contains("already exists"))
        #expect(await sandbox.run(["init", "--force"]).code == 0)
    }

    @Test func scheduleInstallsAndRemovesASystemdTimer() async throws {
        let sandbox = Sandbox(available: ["systemctl"])
        let run = await sandbox.run(["schedule", "--every", "30d"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("systemd"))
        let service = try String(contentsOfFile: sandbox.home + "/config/systemd/user/hygiene-audit.service", encoding: .utf8)
        #expect(service.contains("ExecStart=/opt/hygiene/bin/hygiene audit --quiet --notify --if-due 30d"))
        let timer = try String(contentsOfFile: sandbox.home + "/config/systemd/user/hygiene-audit.timer", encoding: .utf8)
        #expect(timer.contains("Persistent=true"))
        #expect(sandbox.runner.calls.contains(["systemctl", "--user", "enable", "--now", "hygiene-audit.timer"]))
        // The report stops suggesting a schedule once there is one.
        let tree = try wellKeptMachine()
        #expect(!(await sandbox.run(["audit", "--root", tree.root, "--no-state"]).output.contains("No regular audit is scheduled")))
        let off = await sandbox.run(["schedule", "--off"])
        #expect(off.output == "Removed the scheduled audit.\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.home + "/config/systemd/user/hygiene-audit.timer"))
        #expect(sandbox.runner.calls.contains(["systemctl", "--user", "disable", "--now", "hygiene-audit.timer"]))
    }

    @Test func anOutputThatIsNoRegularFileIsWrittenToNotReplaced() async throws {
        // A named pipe stands for /dev/null here: renaming a report over the device, as root, replaced it with a file.
        let sandbox = Sandbox()
        let fifo = sandbox.home + "/report.pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Task.detached { () -> String in
            let handle = FileHandle(forReadingAtPath: fifo)
            return String(decoding: handle?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        }
        let tree = try wellKeptMachine()
        let run = await sandbox.run(["audit", "--root", tree.root, "--no-state", "--format", "json", "--output", fifo])
        #expect(run.code == 0 || run.code == 1, "\(run.errors)")
        let read = await reader.value
        #expect(read.contains("\"findings\""))
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the pipe was replaced")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.home).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test func theScheduledRunKeepsTheLanguageCronDoesNotHave() async throws {
        // The language in use when scheduling (here the locale) is written into the job: cron and a bare
        // systemd user manager have no LANG.
        let sandbox = Sandbox(available: ["systemctl"])
        sandbox.extraVariables = ["LANG": "nl_NL.UTF-8"]
        let run = await sandbox.run(["schedule", "--every", "30d"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("Meldingen komen in het Nederlands"), "\(run.output)")
        let service = try String(contentsOfFile: sandbox.home + "/config/systemd/user/hygiene-audit.service", encoding: .utf8)
        #expect(service.contains("ExecStart=/opt/hygiene/bin/hygiene audit --quiet --notify --if-due 30d --lang nl"), "\(service)")
        // What that job then runs, without any locale: the notification is Dutch.
        let tree = try neglectedMachine()
        let notifying = Sandbox(available: ["notify-send"])
        notifying.extraVariables = ["LANG": ""]
        _ = await notifying.run(["audit", "--root", tree.root, "--quiet", "--notify", "--if-due", "30d", "--lang", "nl", "--no-state"])
        let call = try #require(notifying.runner.calls.first { $0.first == "notify-send" })
        #expect(call.contains("hygiene: er is iets dat aandacht nodig heeft"), "\(call)")
        #expect(call.last?.contains("dringende") == true && !call.joined().contains("urgent"))
    }

    @Test func aScheduleThatCannotBeMadeSaysWhyInTheUsersLanguage() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["schedule", "--every", "30d", "--lang", "nl"])
        #expect(run.code == 2)
        #expect(run.errors.contains("de controle kan niet worden ingepland: systemd en cron zijn er allebei niet"), "\(run.errors)")
    }

    @Test func scheduleFallsBackToCronWhenSystemdRefuses() async throws {
        let sandbox = Sandbox(commands: [
            "systemctl --user daemon-reload": CommandResult(status: 1, errorOutput: "Failed to connect to bus"),
            "crontab -l": CommandResult(status: 0, output: "0 3 * * * /usr/bin/backup\n"),
        ], available: ["crontab"])
        let run = await sandbox.run(["schedule", "--every", "2w"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("cron"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.home + "/config/systemd/user/hygiene-audit.service"))
        let install = try #require(sandbox.runner.calls.last)
        #expect(install.first == "crontab" && install.count == 2)
    }
}

@Suite struct EndToEndTests {
    static var binary: URL {
        // The test bundle sits in the build folder next to the built executable.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("hygiene").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("hygiene")
    }

    @Test func theBuiltBinaryAuditsAFixtureTree() throws {
        let tree = try neglectedMachine()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["audit", "--root", tree.root, "--format", "markdown"]
        process.environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data", "XDG_CONFIG_HOME": home.path + "/config",
                               "PATH": "/usr/bin:/bin", "LANG": "C"]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(output.hasPrefix("# hygiene — Privacy and security check"))
        #expect(FileManager.default.fileExists(atPath: home.path + "/data/hygiene/state.sqlite"))
    }
}
