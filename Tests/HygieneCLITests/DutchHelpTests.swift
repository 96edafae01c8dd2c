import AuditCore
import Foundation
@testable import HygieneCLI
import Testing

/// The Dutch help: every command, option, flag and argument of the tree has Dutch, and the built binary prints it
/// for `--lang nl` and a Dutch locale.
@Suite struct DutchHelpTests {
    @Test func everyCommandOptionAndArgumentHasDutch() throws {
        let table = try HelpTable.shipped()
        let tree = try DutchHelp.commandTree()
        var missing: [String] = []
        for (path, command) in tree.walk() {
            do { _ = try table.command(path, english: command) } catch { missing.append("\(error)") }
            for argument in command.arguments ?? [] where argument.shouldDisplay {
                do { _ = try table.option(argument, in: path) } catch let error as HelpTable.Missing { missing.append(error.errorDescription ?? "") }
            }
        }
        #expect(missing.isEmpty, "\(missing.joined(separator: "\n"))")
        #expect(tree.walk().count > 25)
        // Every command renders.
        for (path, _) in tree.walk() {
            let text = try DutchHelp.render(path: path.split(separator: " ").map(String.init), tree: tree, table: table, width: 80)
            #expect(text.hasPrefix("OVERZICHT: "), "\(path)")
        }
    }

    @Test func noDutchTextIsLeftInEnglish() throws {
        let table = try HelpTable.shipped()
        let texts = table.commands.values.flatMap { [$0.abstract] + ($0.discussion.map { [$0] } ?? []) } + table.options.values.flatMap { $0 }
        let untranslated = texts.filter { $0.nl == $0.en }.map(\.en)
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func aNewOptionWithoutDutchFails() throws {
        let table = try HelpTable.shipped()
        let tree = try DutchHelp.commandTree()
        var audit = try #require(tree.subcommands?.first { $0.commandName == "audit" })
        let new = try JSONDecoder().decode(ArgumentInfo.self, from: Data("""
            {"kind": "flag", "shouldDisplay": true, "isOptional": true, "isRepeating": false,
             "names": [{"kind": "long", "name": "brand-new"}], "preferredName": {"kind": "long", "name": "brand-new"},
             "abstract": "A flag nobody translated."}
            """.utf8))
        audit.arguments = (audit.arguments ?? []) + [new]
        #expect(throws: HelpTable.Missing.self) { try table.option(new, in: "hygiene audit") }
        var changed = audit
        changed.abstract = "A reworded abstract."
        #expect(throws: HelpTable.Missing.self) { try table.command("hygiene audit", english: changed) }
    }

    @Test func aBrokenTableIsLocated() throws {
        let file = CheckDataFile(path: "Checks/help/nl.yaml", text: "version: 1\ndata: help\ncommands: {}\noptions:\n  --x:\n    - en: \"A\"\n      nl: \"\"\n")
        let located = try #require(#expect(throws: DataFileError.self) { try HelpTable(file: file) })
        #expect(located.file == "Checks/help/nl.yaml" && located.line == 7, "\(located)")
        let wrongVersion = CheckDataFile(path: "x.yaml", text: "version: 2\ndata: help\ncommands: {}\noptions: {}\n")
        #expect(throws: DataFileError.self) { try HelpTable(file: wrongVersion) }
    }

    @Test(arguments: [
        (["--help"], ["hygiene"]), (["-h"], ["hygiene"]), (["reset", "--help"], ["hygiene", "reset"]),
        (["help", "reset", "show"], ["hygiene", "reset", "show"]), (["audit", "--vault", "x", "-h"], ["hygiene", "audit"]),
        (["audit"], nil), (["audit", "--", "--help"], nil),
    ] as [([String], [String]?)])
    func theCommandHelpIsAskedFor(arguments: [String], path: [String]?) {
        #expect(DutchHelp.requestedCommand(arguments) == path)
    }

    @Test func theLanguageIsDecidedAsTheCommandsDecideIt() {
        #expect(DutchHelp.language(["--lang", "nl"], environment: ["HOME": "/nonexistent"]) == .nl)
        #expect(DutchHelp.language(["--lang=nl"], environment: ["LANG": "en_GB.UTF-8", "HOME": "/nonexistent"]) == .nl)
        #expect(DutchHelp.language(["--lang", "en"], environment: ["LANG": "nl_NL.UTF-8", "HOME": "/nonexistent"]) == .en)
        #expect(DutchHelp.language([], environment: ["LC_ALL": "nl_BE.UTF-8", "LANG": "en_US.UTF-8", "HOME": "/nonexistent"]) == .nl)
        #expect(DutchHelp.language([], environment: ["LANG": "C", "HOME": "/nonexistent"]) == .en)
    }

    // MARK: end to end, through the built binary

    static func runBinary(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-help-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = arguments
        process.environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "XDG_DATA_HOME": home.path + "/data",
                               "PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test(arguments: [(["--help", "--lang", "nl"], "C"), (["--help"], "nl_NL.UTF-8")])
    func theBinaryPrintsDutchHelp(arguments: [String], lang: String) throws {
        let root = try Self.runBinary(arguments, environment: ["LANG": lang])
        #expect(root.status == 0)
        #expect(root.output.hasPrefix("OVERZICHT: Een privacy- en veiligheidscontrole"), "\(root.output)")
        #expect(root.output.contains("OPDRACHTEN:") && root.output.contains("audit (standaard)"))
        #expect(!root.output.contains("OVERVIEW:"))
        let reset = try Self.runBinary(["reset"] + arguments, environment: ["LANG": lang])
        #expect(reset.status == 0)
        #expect(reset.output.hasPrefix("OVERZICHT: Na een relatiebreuk"), "\(reset.output)")
        #expect(reset.output.contains("GEBRUIK: hygiene reset"))
    }

    @Test func theBinaryPrintsEnglishHelpOtherwise() throws {
        let run = try Self.runBinary(["reset", "--help"], environment: ["LANG": "en_GB.UTF-8"])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("OVERVIEW: After a breakup"), "\(run.output)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func theBinaryPrintsCompletions(shell: String) throws {
        let run = try Self.runBinary(["--generate-completion-script", shell], environment: ["LANG": "C"])
        #expect(run.status == 0)
        for subcommand in ["audit", "reset", "safety", "evidence", "checks"] {
            #expect(run.output.contains(subcommand), "\(shell) completion names no \(subcommand)")
        }
    }
}
