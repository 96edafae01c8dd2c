import AuditCore
import Foundation
@testable import Safety
import ShippedChecks
import Testing

@Suite struct HelplinesTests {
    @Test func theNetherlandsHasTheSeedsNumbers() throws {
        let lines = try shippedGuidance().helplines.helplines(for: .nl).helplines
        let numbers = Dictionary(uniqueKeysWithValues: lines.compactMap { line in line.number.map { ($0, line) } })
        #expect(Set(numbers.keys).isSuperset(of: ["112", "0900-8844", "0900-0101", "0800-2000"]))
        #expect(numbers["0800-2000"]?.name.en.contains("Veilig Thuis") == true)
        #expect(numbers["0800-2000"]?.anonymous == .yes)
        #expect(numbers["0800-2000"]?.cost.en == "free")
        #expect(numbers["0900-0101"]?.name.nl == "Slachtofferhulp Nederland")
        // What the pages do not say is not made up.
        #expect(numbers["0900-0101"]?.hours.en == "see their site")
        #expect(numbers["0900-8844"]?.anonymous == .no)
    }

    @Test func belgiumHasTheSeedsServices() throws {
        let lines = try shippedGuidance().helplines.helplines(for: .be).helplines
        #expect(Set(lines.compactMap(\.number)).isSuperset(of: ["112", "101", "1712"]))
        #expect(Set(lines.map(\.id)).isSuperset(of: ["caw", "slachtofferonthaal", "juridische-eerstelijnsbijstand"]))
        #expect(lines.first { $0.id == "juridische-eerstelijnsbijstand" }?.cost.nl == "gratis, ongeacht je inkomen")
        #expect(lines.first { $0.number == "101" }?.hours.en == "day and night")
    }

    @Test(arguments: Country.allCases)
    func everyHelplineSaysWhatItIsForWhatItCostsAndWhenItIsOpen(country: Country) throws {
        let entry = try shippedGuidance().helplines.helplines(for: country)
        #expect(entry.helplines.first?.number == "112")
        for line in entry.helplines {
            for text in [line.name, line.purpose, line.cost, line.hours] { #expect(!text.en.isEmpty && !text.nl.isEmpty, "\(line.id)") }
            #expect(line.number != nil || line.web != nil || line.purpose.en.contains("Ask"), "\(line.id) says nowhere how to reach it")
            #expect(line.terms(.nl).hasPrefix("Kosten: ") && line.terms(.en).contains(" · Open: "))
        }
    }

    @Test(arguments: [
        ("", nil, "nl"), ("nl", nil, "nl"), ("be", nil, "be"), ("", "be", "be"), ("be", "nl", "nl"),
    ] as [(String, String?, String)])
    func theCountryComesFromTheFlagTheConfigurationThenTheLocale(configured: String, flag: String?, expected: String) {
        let configuration = configured.isEmpty ? nil : configured
        #expect(Country.resolve(flag.flatMap(Country.init(rawValue:)), configured: configuration, environment: ["LANG": "en_US.UTF-8"]).rawValue == expected)
    }

    @Test(arguments: [("nl_BE.UTF-8", Country.be), ("fr_BE@euro", .be), ("nl_NL.UTF-8", .nl), ("C", .nl), ("", .nl)])
    func theLocaleNamesBelgium(lang: String, expected: Country) {
        #expect(Country.resolve(nil, configured: nil, environment: ["LANG": lang]) == expected)
        #expect(Country.resolve(nil, configured: nil, environment: ["LC_ALL": lang, "LANG": "nl_NL"]) == (lang.isEmpty ? .nl : expected))
    }

    @Test(arguments: Country.allCases, Language.allCases)
    func theAuditOpeningNamesTheMainHelplinesAndTheEvidenceLine(country: Country, language: Language) throws {
        let opening = try shippedGuidance().helplines.opening(for: country)
        let lines = opening.lines.map { $0(language) }
        #expect(lines.first?.contains("112") == true)
        #expect(lines.contains { $0.contains(country == .nl ? "0800-2000" : "1712") })
        #expect(lines.last?.contains("hygiene evidence add") == true)
        #expect(opening.title(language).contains(country == .nl ? "Nederland" : (language == .nl ? "België" : "Belgium"))
                || opening.title(language).contains("Netherlands"))
        // The short form: name, number (or site) and what for, one line each.
        #expect(lines.dropLast().allSatisfy { $0.contains(" — ") })
    }

    /// Each broken helplines file is refused with its file, line and column.
    @Test(arguments: [
        ("anonymous: \"yes\"", "anonymous: sometimes", "'sometimes' must be yes, no or unknown"),
        ("number: \"0900-8844\"", "number: \"call the police\"", "is not a phone number"),
        ("web: \"https://www.politie.nl\"", "web: \"http://www.politie.nl\"", "must be a web address starting with https://"),
        ("      - id: slachtofferhulp\n", "      - id: veilig-thuis\n", "the helpline id 'veilig-thuis' is used twice"),
        ("      - id: slachtofferhulp\n", "      - id: slachtofferhulp\n        phone: \"0900\"\n", "unknown key 'phone'"),
        ("  be:\n", "  de:\n", "unknown country 'de'"),
        ("        cost:\n          en: \"free\"\n          nl: \"gratis\"\n        hours:\n          en: \"day and night\"", "        hours:\n          en: \"day and night\"", "cost: is required"),
        ("version: 1", "version: one", "version: expected a whole number"),
        ("opening:\n", "opening:\n  colour: red\n", "unknown key 'colour'"),
    ])
    func aBrokenHelplinesFileIsLocated(old: String, new: String, message: String) throws {
        let expectedLine = try line(of: old, in: "helplines.yaml")
        #expect {
            _ = try HelplineDirectory(file: edited("helplines.yaml", old, new))
        } throws: { error in
            let text = describe(error)
            guard case .invalidData(let file, let line, _, _) = error as? GuidanceError, file == "mine/helplines.yaml", text.contains(message) else {
                Issue.record("unexpected: \(text)")
                return false
            }
            #expect((expectedLine - 20...expectedLine + 20).contains(line), "\(text) is not near line \(expectedLine)")
            return true
        }
    }

    @Test func aMissingCountryIsNamed() throws {
        let file = try shippedSafetyFile("helplines.yaml")
        let cut = try #require(file.text.range(of: "\n  be:\n"))
        let text = String(file.text[..<cut.lowerBound]) + "\n"
        #expect(throws: GuidanceError.self) { _ = try HelplineDirectory(file: CheckDataFile(path: "mine/helplines.yaml", text: text)) }
        do {
            _ = try HelplineDirectory(file: CheckDataFile(path: "mine/helplines.yaml", text: text))
        } catch {
            #expect(describe(error).contains("the helplines of 'be' are missing"))
        }
    }

    /// The kind that carries the data reads all four files together, as the shipped-check tests do for
    /// every check (`validateData`): a broken file beside a user's own check is named with its line.
    @Test func theKindValidatesItsDataWithLocations() throws {
        let files = try ["safety.yaml", "risk.yaml", "helper.yaml", "letter.yaml"].map { name in
            let file = try shippedSafetyFile(name)
            return (path: "mine/\(name)", text: name == "safety.yaml" ? file.text.replacingOccurrences(of: "id: safety.risk", with: "id: mine.risk") : file.text)
        } + [(path: "mine/helplines.yaml", text: try edited("helplines.yaml", "anonymous: \"yes\"", "anonymous: perhaps").text)]
        let checks = try CheckLoader(kinds: SafetyKinds.all).load(files)
        let kind = try #require(checks.first?.implementation as? SafetyGuideKind)
        #expect(throws: GuidanceError.self) { try kind.validateData() }
        do { try kind.validateData() } catch {
            #expect(describe(error).hasPrefix("mine/helplines.yaml:\(try line(of: "anonymous: \"yes\"", in: "helplines.yaml")):"))
        }
    }
}

@Suite struct HelperAndLetterTests {
    @Test func theHelpersGuideCoversWhatTheIssueAsks() throws {
        let helper = try shippedGuidance().helper
        #expect(helper.sections.map(\.id) == ["danger-first", "helps", "does-not-help", "evidence", "exposure-scan", "yourself"])
        let text = try helper.render(.text, helplines: try shippedGuidance().helplines.helplines(for: .nl), language: .en, width: 200)
        #expect(text.contains("How afraid are you?"))
        #expect(text.contains("Encouraging them to delete messages"))
        #expect(text.contains("--only exposure") && text.contains("consent"))
        #expect(text.contains("Veilig Thuis (domestic violence and child abuse): 0800-2000"))
        let json = try helper.render(.json, helplines: try shippedGuidance().helplines.helplines(for: .be), language: .nl)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hygiene-safety-helper/1")
        #expect(object["country"] as? String == "be")
    }

    @Test(arguments: Language.allCases)
    func theLetterIsOneClearMessageToAdaptByHand(language: Language) throws {
        let letter = try shippedGuidance().letter
        let body = letter.letter(language)
        #expect(body.contains(language == .nl ? "Ik wil geen contact met je." : "I do not want any contact with you."))
        #expect(body.contains(language == .nl ? "[Je naam]" : "[Your name]"))
        let text = try letter.render(.text, language: language, width: 100)
        // The letter is printed as written, line by line, so it can be copied.
        for line in body.split(separator: "\n") { #expect(text.contains(line)) }
        #expect(text.contains(language == .nl ? "Aangetekend" : "Registered mail"))
        let markdown = try letter.render(.markdown, language: language)
        #expect(markdown.contains("```text\n" + body + "\n```"))
        let html = try letter.render(.html, language: language)
        #expect(html.contains("<pre class=\"letter\">"))
    }
}
