import ArgumentParser
import AuditCore
import Foundation
import ShippedChecks

/// The help of every command in Dutch. swift-argument-parser's help is English and built into each command;
/// this renders the same command tree (as `--experimental-dump-help` describes it) with the texts of
/// `Checks/help/nl.yaml`, so no command carries two copies of its help.
public enum DutchHelp {
    public static let path = "Checks/help/nl.yaml"

    /// The Dutch help when the arguments ask for help (`--help`, `-h`, `help …`) and the language is Dutch
    /// (`--lang nl`, else `language:` in the configuration, else LC_ALL/LC_MESSAGES/LANG); nil otherwise,
    /// and then ArgumentParser's English help is printed as usual.
    public static func help(for arguments: [String], environment: [String: String], width: Int = 80) -> String? {
        guard let commandPath = requestedCommand(arguments), language(arguments, environment: environment) == .nl else { return nil }
        do {
            let table = try HelpTable.shipped()
            return try render(path: commandPath, tree: try commandTree(), table: table, width: width)
        } catch {
            // A broken table must not hide the help: the English one follows, with the reason on standard error.
            FileHandle.standardError.write(Data("hygiene: \((error as? LocalizedError)?.errorDescription ?? "\(error)")\n".utf8))
            return nil
        }
    }

    /// The command path the help is asked for (`["hygiene", "reset", "show"]`), or nil when no help is asked.
    static func requestedCommand(_ arguments: [String]) -> [String]? {
        let beforeTerminator = arguments.prefix { $0 != "--" }
        let helpWord = beforeTerminator.first == "help"
        guard helpWord || beforeTerminator.contains("--help") || beforeTerminator.contains("-h") else { return nil }
        guard let tree = try? commandTree() else { return nil }
        var node = tree
        var path = [tree.commandName]
        for argument in beforeTerminator.dropFirst(helpWord ? 1 : 0) {
            if argument.hasPrefix("-") { continue }
            guard let next = node.subcommands?.first(where: { $0.commandName == argument }) else { break }
            node = next
            path.append(next.commandName)
        }
        return path
    }

    /// The language as the commands decide it: `--lang`, the configuration's `language:`, then the locale.
    static func language(_ arguments: [String], environment: [String: String]) -> Language {
        func value(of option: String) -> String? {
            for (index, argument) in arguments.enumerated() {
                if argument == option, index + 1 < arguments.count { return arguments[index + 1] }
                if argument.hasPrefix(option + "=") { return String(argument.dropFirst(option.count + 1)) }
            }
            return nil
        }
        if let lang = value(of: "--lang").flatMap(Language.init(rawValue:)) { return lang }
        let configPath = value(of: "--config") ?? Configuration.defaultPath(environment: environment)
        if let configured = (try? Configuration.load(path: configPath, mustExist: false, settings: Catalog.settings))?.language { return configured }
        return Language.fromEnvironment(environment)
    }

    /// The whole command tree, from ArgumentParser's own description of it.
    static func commandTree() throws -> CommandInfo {
        let json: String
        do {
            _ = try Hygiene.parseAsRoot(["--experimental-dump-help"])
            throw DataFileError(file: DutchHelp.path, line: 1, column: 1, message: "ArgumentParser did not describe the commands")
        } catch let error as DataFileError {
            throw error
        } catch {
            json = Hygiene.fullMessage(for: error)
        }
        return try JSONDecoder().decode(ToolInfo.self, from: Data(json.utf8)).command
    }

    /// The Dutch help of the command at `path`.
    static func render(path: [String], tree: CommandInfo, table: HelpTable, width: Int) throws -> String {
        var command = tree
        for name in path.dropFirst() {
            guard let next = command.subcommands?.first(where: { $0.commandName == name }) else { break }
            command = next
        }
        let key = path.joined(separator: " ")
        let texts = try table.command(key, english: command)
        var out = "OVERZICHT: " + wrap(texts.abstract, width: width, indent: 0, firstIndent: "OVERZICHT: ".count) + "\n"
        if let discussion = texts.discussion {
            out += "\n" + discussion.components(separatedBy: "\n").map { $0.isEmpty ? "" : wrap($0, width: width, indent: 2, firstIndent: 2, lead: "  ") }.joined(separator: "\n") + "\n"
        }
        let arguments = (command.arguments ?? []).filter(\.shouldDisplay)
        let positionals = arguments.filter { $0.kind == .positional }
        let options = arguments.filter { $0.kind != .positional }
        var usage = key
        if !options.isEmpty { usage += " [<opties>]" }
        for positional in positionals {
            let name = "<\(positional.valueName ?? "waarde")>" + (positional.isRepeating ? " ..." : "")
            usage += " " + (positional.isOptional ? "[\(name)]" : name)
        }
        if command.subcommands?.isEmpty == false { usage += " <opdracht>" }
        out += "\nGEBRUIK: \(usage)\n"
        func section(_ title: String, _ rows: [(String, String)]) {
            guard !rows.isEmpty else { return }
            out += "\n\(title):\n"
            for (label, text) in rows {
                let column = 26
                let lead = "  " + label
                if lead.count + 2 > column {
                    out += lead + "\n" + String(repeating: " ", count: column) + wrap(text, width: width, indent: column, firstIndent: column) + "\n"
                } else {
                    out += lead.padding(toLength: column, withPad: " ", startingAt: 0) + wrap(text, width: width, indent: column, firstIndent: column) + "\n"
                }
            }
        }
        section("ARGUMENTEN", try positionals.map { argument in
            ("<\(argument.valueName ?? "waarde")>" + (argument.isRepeating ? " ..." : ""), try table.option(argument, in: key))
        })
        section("OPTIES", try options.map { argument in
            var label = (argument.names ?? []).sorted { $0.kind == .short && $1.kind != .short }.map(\.flag).joined(separator: ", ")
            if argument.kind == .option { label += " <\(argument.valueName ?? "waarde")>" }
            var text = try table.option(argument, in: key)
            if argument.kind == .option, let value = argument.defaultValue, !value.isEmpty { text += " (standaard: \(value))" }
            return (label, text)
        })
        let subcommands = (command.subcommands ?? []).filter { $0.shouldDisplay ?? true }
        section("OPDRACHTEN", try subcommands.map { sub in
            let label = sub.commandName + (sub.commandName == command.defaultSubcommand ? " (standaard)" : "")
            return (label, try table.command(key + " " + sub.commandName, english: sub).abstract)
        })
        if !subcommands.isEmpty {
            out += "\n  Zie '\(path.first ?? "hygiene") help \(path.dropFirst().map { $0 + " " }.joined())<opdracht>' voor de hulp bij één opdracht.\n"
        }
        return out
    }

    /// Word wrap to `width` columns; the lines after the first start at `indent`.
    static func wrap(_ text: String, width: Int, indent: Int, firstIndent: Int, lead: String = "") -> String {
        var lines: [String] = []
        var line = lead
        var column = firstIndent
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if column + word.count > width, line != lead, !line.isEmpty {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                column = indent
            } else if line != lead && !line.isEmpty && !(line.allSatisfy { $0 == " " }) {
                line += " "
                column += 1
            }
            line += word
            column += word.count
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}

// MARK: - The command tree, as ArgumentParser's `--experimental-dump-help` describes it (ToolInfo version 0)

struct ToolInfo: Decodable {
    var command: CommandInfo
}

struct CommandInfo: Decodable {
    var commandName: String
    var abstract: String?
    var discussion: String?
    var defaultSubcommand: String?
    var shouldDisplay: Bool?
    var subcommands: [CommandInfo]?
    var arguments: [ArgumentInfo]?

    /// Every command below and including this one, with its path (`hygiene reset show`).
    func walk(_ parent: [String] = []) -> [(path: String, command: CommandInfo)] {
        let path = parent + [commandName]
        return [(path.joined(separator: " "), self)] + (subcommands ?? []).flatMap { $0.walk(path) }
    }
}

struct ArgumentInfo: Decodable {
    enum Kind: String, Decodable { case positional, option, flag }
    struct Name: Decodable {
        enum Kind: String, Decodable { case long, short, longWithSingleDash }
        var kind: Kind
        var name: String
        var flag: String {
            switch kind {
            case .long: "--" + name
            case .short: "-" + name
            case .longWithSingleDash: "-" + name
            }
        }
    }

    var kind: Kind
    var shouldDisplay: Bool
    var isOptional: Bool
    var isRepeating: Bool
    var names: [Name]?
    var preferredName: Name?
    var valueName: String?
    var defaultValue: String?
    var abstract: String?
    var discussion: String?

    /// The name the table knows it by: `--format`, `-x`, or `<file>` for a positional argument.
    var tableKey: String {
        if kind == .positional { return "<\(valueName ?? preferredName?.name ?? "")>" }
        return (preferredName ?? names?.first)?.flag ?? ""
    }

    /// The English help, as the table quotes it.
    var english: String {
        [abstract, discussion].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

// MARK: - The table of Dutch texts

/// `Checks/help/nl.yaml`: the Dutch of every command's abstract and discussion, and of every option's help,
/// each beside the English it translates.
struct HelpTable {
    struct CommandTexts {
        var abstract: String
        var discussion: String?
    }

    var path: String
    typealias Commands = [String: (abstract: LocalizedText, discussion: LocalizedText?)]
    typealias Options = [String: [LocalizedText]]
    var commands: Commands
    var options: Options

    /// A text the table lacks, or translates from an English text the command no longer has.
    struct Missing: LocalizedError, Equatable {
        var file: String
        var what: String
        var english: String
        var errorDescription: String? { "\(file): no Dutch for \(what) (English: \"\(english)\"); add it to the file" }
    }

    static func shipped() throws -> HelpTable {
        guard let file = ShippedChecks.files.first(where: { $0.path == DutchHelp.path }) else {
            throw DataFileError(file: DutchHelp.path, line: 1, column: 1, message: "the Dutch help is not in this build")
        }
        return try HelpTable(file: CheckDataFile(path: file.path, text: file.text))
    }

    init(file: CheckDataFile) throws {
        path = file.path
        let read = try DataDocument.read(file, kind: "help", keys: ["commands", "options"]) { (top: Parameters) throws -> (Commands, Options) in
            let commandsNode = try top.mapping("commands")
            var commands: Commands = [:]
            for key in commandsNode.keys {
                let entry = try commandsNode.mapping(key)
                try entry.allowOnly(["abstract", "discussion"])
                commands[key] = (try DataDocument.text(entry, "abstract"),
                                 entry.has("discussion") ? try DataDocument.text(entry, "discussion") : nil)
            }
            let optionsNode = try top.mapping("options")
            var options: Options = [:]
            for key in optionsNode.keys {
                guard key.hasPrefix("-") || (key.hasPrefix("<") && key.hasSuffix(">")) else {
                    throw optionsNode.problem(key, "'\(key)' is not an option (--name, -n) or an argument (<name>)")
                }
                options[key] = try DataDocument.texts(optionsNode, key)
            }
            return (commands, options)
        }
        commands = read.0
        options = read.1
    }

    /// The Dutch abstract and discussion of the command at `path`, checked against its English.
    func command(_ path: String, english: CommandInfo) throws -> CommandTexts {
        let abstract = (english.abstract ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let discussion = (english.discussion ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let entry = commands[path], entry.abstract.en == abstract else {
            throw Missing(file: self.path, what: "the command '\(path)'", english: abstract)
        }
        if discussion.isEmpty { return CommandTexts(abstract: entry.abstract.nl) }
        guard let text = entry.discussion, text.en == discussion else {
            throw Missing(file: self.path, what: "the discussion of '\(path)'", english: discussion)
        }
        return CommandTexts(abstract: entry.abstract.nl, discussion: text.nl)
    }

    /// The Dutch help of an option, flag or argument; an argument with no English help has none in Dutch either.
    func option(_ argument: ArgumentInfo, in path: String) throws -> String {
        let english = argument.english
        if english.isEmpty { return "" }
        guard let text = options[argument.tableKey]?.first(where: { $0.en == english }) else {
            throw Missing(file: self.path, what: "\(argument.tableKey) of '\(path)'", english: english)
        }
        return text.nl
    }
}
