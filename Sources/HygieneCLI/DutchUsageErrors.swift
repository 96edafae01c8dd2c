import ArgumentParser
import AuditCore
import Foundation

/// ArgumentParser's usage errors ("Unknown option …", "Missing value for …") in Dutch when the language
/// is Dutch: its sentences as a table of patterns, and the options' help lines from the Dutch help table.
/// What no pattern knows stays as ArgumentParser wrote it.
public enum DutchUsageErrors {
    /// ArgumentParser's sentences and their Dutch, `$1`, `$2` standing for what each quotes.
    static let sentences: [(pattern: String, dutch: String)] = [
        (#"^Error: "#, "Fout: "),
        (#"Unknown option '([^']*)'"#, "Onbekende optie '$1'"),
        (#"Did you mean '([^']*)'\?"#, "Bedoel je '$1'?"),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "De waarde '$1' kan niet bij '$2'"),
        (#"Please provide one of (.*)\.$"#, "Kies uit $1."),
        (#"Missing value for '([^']*)'"#, "Er ontbreekt een waarde bij '$1'"),
        (#"Missing expected argument '([^']*)'"#, "Het argument '$1' ontbreekt"),
        (#"Unexpected arguments? (.*)$"#, "Onverwacht argument $1"),
        (#"^Usage: "#, "Gebruik: "),
        (#"See '([^']*)' for more information\."#, "Zie '$1' voor meer uitleg."),
        (#"^Help: "#, "Hulp: "),
        // hygiene's own checks of its options (the commands' `validate()`), in the same way.
        (#"(--[a-z-]+) must be at least (\d+)"#, "$1 moet minstens $2 zijn"),
        (#"(--[a-z-]+) must be between (\d+) and (\d+) seconds"#, "$1 moet tussen $2 en $3 seconden liggen"),
        (#"(--[a-z-]+) must be between (\d+) and (\d+)"#, "$1 moet tussen $2 en $3 liggen"),
        (#"--only ([^:]*): unknown family; known families: (.*)$"#, "--only $1: onbekende groep; de groepen zijn: $2"),
        (#"(--[a-z-]+) ([^:]*): write a duration such as 30d, 2w or 12h"#, "$1 $2: schrijf een duur, zoals 30d, 2w of 12h"),
        (#"(--[a-z-]+) and (--[a-z-]+) cannot be used together"#, "$1 en $2 gaan niet samen"),
        (#"--phone-capture analyses a saved capture; it takes no --phone, --capture or --serial"#,
         "--phone-capture bekijkt een bewaarde opname; daar horen geen --phone, --capture of --serial bij"),
        (#"give either --every INTERVAL or --off"#, "geef --every INTERVAL of --off, niet allebei en niet geen van beide"),
        (#"no check of kind reset-plan is loaded \(is reset.plan skipped in the configuration\?\)"#,
         "er is geen controle van de soort reset-plan geladen (staat reset.plan onder skip in de configuratie?)"),
    ]

    /// `message` (ArgumentParser's full message for a usage error) in Dutch, line by line.
    static func translate(_ message: String, table: HelpTable?) -> String {
        let helpTexts: [String: String] = table.map { table in
            var texts: [String: String] = [:]
            for variants in table.options.values { for text in variants { texts[text.en] = text.nl } }
            return texts
        } ?? [:]
        return message.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            for (pattern, dutch) in sentences {
                line = line.replacingOccurrences(of: pattern, with: dutch, options: .regularExpression)
            }
            line = line.replacingOccurrences(of: "' or '", with: "' of '")
            // An option's help line: its English text replaced by the table's Dutch.
            for (english, dutch) in helpTexts where line.hasSuffix(english) {
                line = String(line.dropLast(english.count)) + dutch
                break
            }
            return line
        }.joined(separator: "\n")
    }

    /// Prints a usage error in Dutch and exits with ArgumentParser's code for it, when the language is
    /// Dutch and `error` is one ArgumentParser would print; returns otherwise.
    static func exitIfDutch(_ error: any Error, arguments: [String], environment: [String: String]) {
        guard !(error is ExitCode), !(error is CleanExit),
              DutchHelp.language(arguments, environment: environment) == .nl else { return }
        let code = Hygiene.exitCode(for: error)
        guard code != .success else { return }
        let message = translate(Hygiene.fullMessage(for: error), table: try? HelpTable.shipped())
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(code.rawValue)
    }
}
