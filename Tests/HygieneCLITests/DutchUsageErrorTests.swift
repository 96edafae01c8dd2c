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
