import AuditCore
import Foundation
import Testing
@testable import Phone

/// `Checks/phone/guide.yaml` reads, every step is in both languages, and a broken file is named by its line.
@Suite struct PhoneGuideTests {
    static let path = "Checks/phone/guide.yaml"

    static func shipped() throws -> PhoneGuide {
        let text = try String(contentsOfFile: Fixture.repository + "/" + path, encoding: .utf8)
        return try PhoneGuide(file: CheckDataFile(path: path, text: text))
    }

    /// A guide file with one section, `body` replacing its steps.
    static func guide(steps: String) -> String {
        """
        data: phone-guide
        version: 1
        title: {en: "Title", nl: "Titel"}
        intro: {en: "Intro", nl: "Inleiding"}
        sections:
          - id: only
            title: {en: "Only", nl: "Enige"}
            steps:
        \(steps)
        """
    }

    @Test func theShippedGuideReadsWithItsSectionsInOrder() throws {
        let guide = try Self.shipped()
        #expect(guide.sections.map(\.id) == ["before", "enable", "check", "afterwards", "helper", "iphone-connect", "iphone-evidence",
                                             "iphone-safety-check", "iphone-afterwards"])
        #expect(guide.title.en.contains("phone") && guide.title.nl.contains("telefoon"))
        #expect(guide.intro.en.contains("iPhone") && guide.intro.nl.contains("iPhone"))
        // The iPhone sections say what to keep before anything changes, and how to take the trust back.
        #expect(guide.section("iphone-evidence")?.steps.en.joined().contains("VPN & Device Management") == true)
        #expect(guide.section("iphone-evidence")?.steps.nl.joined().contains("VPN en apparaatbeheer") == true)
        #expect(guide.section("iphone-afterwards")?.steps.en.joined().contains("idevicepair unpair") == true)
        #expect(guide.section("afterwards")?.title.en.isEmpty == false)
        #expect(guide.section("nonexistent") == nil)
    }

    @Test func everySectionHasAsManyDutchStepsAsEnglish() throws {
        for section in try Self.shipped().sections {
            #expect(!section.steps.en.isEmpty, "\(section.id) has no steps")
            #expect(section.steps.en.count == section.steps.nl.count, "\(section.id): en \(section.steps.en.count), nl \(section.steps.nl.count)")
            #expect(section.steps.en != section.steps.nl, "\(section.id) is not translated")
            for step in section.steps.en + section.steps.nl { #expect(!step.isEmpty) }
        }
    }

    /// What the guide must say, in both languages: the menus, the prompt, revoking and switching off.
    @Test func theShippedGuideCoversWhatTheScanNeeds() throws {
        let guide = try Self.shipped()
        let enable = try #require(guide.section("enable"))
        #expect(enable.steps.en.joined().contains("Build number") && enable.steps.nl.joined().contains("Buildnummer"))
        #expect(enable.steps.en.joined().contains("Software information") && enable.steps.en.joined().contains("MIUI version"))
        #expect(enable.steps.en.joined().contains("Always allow from this computer"))
        #expect(enable.steps.nl.joined().contains("Altijd toestaan vanaf deze computer"))
        let afterwards = try #require(guide.section("afterwards"))
        #expect(afterwards.steps.en.joined().contains("Revoke USB debugging authorisations"))
        #expect(afterwards.steps.nl.joined().contains("Autorisaties voor USB-foutopsporing intrekken"))
        #expect(afterwards.steps.en.joined().contains("Wireless debugging"))
        let check = try #require(guide.section("check"))
        for word in ["hygiene audit --phone android", "unauthorized", "offline"] {
            #expect(check.steps.en.joined().contains(word) && check.steps.nl.joined().contains(word), "\(word)")
        }
        let helper = try #require(guide.section("helper"))
        #expect(helper.steps.en.joined().contains("--capture DIR") && helper.steps.en.joined().contains("--phone-capture DIR"))
        #expect(helper.steps.nl.joined().contains("--capture MAP") && helper.steps.nl.joined().contains("--phone-capture MAP"))
    }

    @Test func theFileStartsWithItsDataLineSoTheLoaderSkipsIt() throws {
        let text = try String(contentsOfFile: Fixture.repository + "/" + Self.path, encoding: .utf8)
        #expect(text.hasPrefix("data: phone-guide\n"))
        #expect(!CheckLoader.isCheckFile(Self.path, text: text))
    }

    @Test func unequalStepsAreNamedWithFileAndLine() throws {
        let text = Self.guide(steps: """
                  en: ["One", "Two"]
                  nl: ["Een"]
            """)
        #expect(throws: PhoneGuideError.invalidData(file: "broken.yaml", line: 10, column: 11,
                                                    message: "nl: has 1 step but en has 2; every step needs both languages")) {
            try PhoneGuide(file: CheckDataFile(path: "broken.yaml", text: text))
        }
    }

    @Test func brokenFilesGiveLocatedErrors() throws {
        func error(_ text: String) -> String {
            do {
                _ = try PhoneGuide(file: CheckDataFile(path: "Checks/phone/guide.yaml", text: text))
                return "no error"
            } catch {
                return (error as? LocalizedError)?.errorDescription ?? "\(error)"
            }
        }
        // An empty step, located at the step.
        #expect(error(Self.guide(steps: "          en: [\"One\", \"  \"]\n          nl: [\"Een\", \"Twee\"]"))
                == "Checks/phone/guide.yaml:9:23: en: a step must be a non-empty text")
        // A missing language.
        #expect(error(Self.guide(steps: "          en: [\"One\"]")).hasPrefix("Checks/phone/guide.yaml:9:"))
        // A key that does not belong.
        #expect(error(Self.guide(steps: "          en: [\"One\"]\n          nl: [\"Een\"]\n          fr: [\"Un\"]"))
                == "Checks/phone/guide.yaml:11:11: unknown key 'fr'; expected one of en, nl")
        // Not YAML.
        #expect(error("data: phone-guide\nversion: 1\ntitle: [unclosed\n").hasPrefix("Checks/phone/guide.yaml:"))
        // Another data kind.
        #expect(error("data: safety-helper\nversion: 1\n") == "Checks/phone/guide.yaml:1:7: data: expected 'data: phone-guide'")
        // A section id used twice.
        let twice = Self.guide(steps: "          en: [\"One\"]\n          nl: [\"Een\"]") + """

              - id: only
                title: {en: "Again", nl: "Weer"}
                steps: {en: ["A"], nl: ["B"]}
            """
        #expect(error(twice) == "Checks/phone/guide.yaml:11:9: id: the section id 'only' is used twice")
    }

    @Test func textNumbersAndWrapsTheSteps() throws {
        let guide = PhoneGuide(
            title: LocalizedText(en: "Guide", nl: "Uitleg"), intro: LocalizedText(en: "Read this.", nl: "Lees dit."),
            sections: [PhoneGuide.Section(id: "a", title: LocalizedText(en: "First", nl: "Eerst"),
                                          steps: LocalizedSteps(en: ["Short.", String(repeating: "word ", count: 20) + "end."],
                                                                nl: ["Kort.", "Lang."]))])
        let text = try guide.render(.text, language: .en, width: 40)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Guide")
        #expect(lines.contains("1. Short."))
        #expect(lines.contains { $0.hasPrefix("2. word word") })
        #expect(lines.contains { $0.hasPrefix("   word") })
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(try guide.render(.text, language: .nl).contains("1. Kort.\n2. Lang.\n"))
        let markdown = try guide.render(.markdown, language: .nl)
        #expect(markdown == "# Uitleg\n\nLees dit.\n\n## Eerst\n\n1. Kort.\n2. Lang.\n")
        #expect(try guide.render(.markdown, language: .en, sections: []) == "# Guide\n\nRead this.\n")
    }
}
