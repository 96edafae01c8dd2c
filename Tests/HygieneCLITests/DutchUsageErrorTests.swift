import Foundation
@testable import HygieneCLI
import Testing

/// Usage errors (ArgumentParser's own sentences) in Dutch when the language is Dutch, English otherwise.
@Suite struct DutchUsageErrorTests {
    @Test func theSentencesAndTheOptionsHelpLineComeOutInDutch() throws {
        let english = """
            Error: The value 'pdf' is invalid for '--format <format>'. Please provide one of 'text', 'markdown', 'json' or 'html'.
            Help:  --format <format>  Report format: text, markdown, json or html.
            Usage: hygiene audit <options>
              See 'hygiene audit --help' for more information.
            """
        let dutch = DutchUsageErrors.translate(english, table: try HelpTable.shipped())
        #expect(dutch == """
            Fout: De waarde 'pdf' kan niet bij '--format <format>'. Kies uit 'text', 'markdown', 'json' of 'html'.
            Hulp:  --format <format>  Vorm van het rapport: text, markdown, json of html.
            Gebruik: hygiene audit <options>
              Zie 'hygiene audit --help' voor meer uitleg.
            """, "\(dutch)")
        let unknown = DutchUsageErrors.translate("Error: Unknown option '--bogus'. Did you mean '--jobs'?", table: nil)
        #expect(unknown == "Fout: Onbekende optie '--bogus'. Bedoel je '--jobs'?")
        #expect(DutchUsageErrors.translate("Error: Missing expected argument '<steps> ...'", table: nil)
                == "Fout: Het argument '<steps> ...' ontbreekt")
    }

    /// hygiene's own checks of its options speak Dutch too (sweep A-45), with what the user typed kept as typed.
    @Test(arguments: [
        ("Error: --jobs must be at least 1", "Fout: --jobs moet minstens 1 zijn"),
        ("Error: --timeout must be between 1 and 600 seconds", "Fout: --timeout moet tussen 1 en 600 seconden liggen"),
        ("Error: --depth must be between 0 and 10", "Fout: --depth moet tussen 0 en 10 liggen"),
        ("Error: --only bogus: unknown family; known families: device, vault", "Fout: --only bogus: onbekende groep; de groepen zijn: device, vault"),
        ("Error: --if-due 3x: write a duration such as 30d, 2w or 12h", "Fout: --if-due 3x: schrijf een duur, zoals 30d, 2w of 12h"),
        ("Error: --quiet and --output cannot be used together", "Fout: --quiet en --output gaan niet samen"),
    ])
    func ownValidationInDutch(english: String, dutch: String) {
        #expect(DutchUsageErrors.translate(english, table: nil) == dutch)
    }

    @Test func ownValidationFromTheBinary() throws {
        let run = try Self.run(["audit", "--jobs", "0"], lang: "nl_NL.UTF-8")
        #expect(run.status == 64)
        #expect(run.errors.hasPrefix("Fout: --jobs moet minstens 1 zijn"), "\(run.errors)")
        let only = try Self.run(["audit", "--only", "bogus", "--lang", "nl"], lang: "C")
        #expect(only.errors.contains("onbekende groep; de groepen zijn: device, access, vault"), "\(only.errors)")
    }

    /// Runs the built binary and returns its exit status and standard error.
    static func run(_ arguments: [String], lang: String) throws -> (status: Int32, errors: String) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-usage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = arguments
        process.environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "XDG_DATA_HOME": home.path + "/data",
                               "PATH": "/usr/bin:/bin", "LANG": lang]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errors = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, errors)
    }

    @Test func theBinarySaysItInTheUsersLanguageWithTheSameExitStatus() throws {
        let dutch = try Self.run(["audit", "--bogus"], lang: "nl_NL.UTF-8")
        #expect(dutch.status == 64)
        #expect(dutch.errors.hasPrefix("Fout: Onbekende optie '--bogus'."), "\(dutch.errors)")
        #expect(dutch.errors.contains("Gebruik: hygiene audit") && !dutch.errors.contains("Usage:"))
        let flag = try Self.run(["audit", "--format", "pdf", "--lang", "nl"], lang: "C")
        #expect(flag.status == 64)
        #expect(flag.errors.contains("Vorm van het rapport"), "\(flag.errors)")
        let english = try Self.run(["audit", "--bogus"], lang: "C")
        #expect(english.status == 64)
        #expect(english.errors.hasPrefix("Error: Unknown option '--bogus'."), "\(english.errors)")
    }
}
