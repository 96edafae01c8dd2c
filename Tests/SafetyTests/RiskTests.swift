import AuditCore
import Foundation
@testable import Safety
import Testing

@Suite struct RiskCatalogTests {
    /// The fourteen questions of the seeds (DIGEST.md) and the three about danger right now.
    static let digestQuestions = ["invests", "escalating", "ex-partner", "required-contact", "conflicts", "came-close", "earlier-violence",
                                  "damage", "wits-end", "threats", "weapons", "substances", "recent-loss", "very-afraid"]
    static let acuteQuestions = ["at-the-door", "getting-in", "weapon-now"]

    @Test func theShippedQuestionsAreTheSeedsWithTheAcuteOnesFirst() throws {
        let risk = try shippedGuidance().risk
        #expect(risk.questions.map(\.id) == Self.acuteQuestions + Self.digestQuestions)
        #expect(risk.questions.filter(\.acute).map(\.id) == Self.acuteQuestions)
        #expect(risk.emergency.number == "112")
        for question in risk.questions {
            for text in [question.question, question.explanation, question.yes] {
                #expect(!text.en.isEmpty && !text.nl.isEmpty && text.en != text.nl, "\(question.id) needs its own English and Dutch")
            }
        }
    }

    @Test func nextStepsCoverTheIssuesAdvice() throws {
        let steps = Dictionary(uniqueKeysWithValues: try shippedGuidance().risk.nextSteps.map { ($0.id, $0) })
        #expect(steps["evidence"]?.detail.en.contains("hygiene evidence add") == true)
        // In the Netherlands stalking is prosecuted only on a complaint.
        #expect(steps["police-nl"]?.detail.en.contains("only on a complaint") == true)
        #expect(steps["police-nl"]?.detail.nl.contains("klachtdelict") == true)
        #expect(steps["veilig-thuis"]?.whenYes.contains("ex-partner") == true)
        #expect(steps["veilig-thuis"]?.countries == [.nl])
        #expect(steps["victim-support-nl"]?.helplines == ["slachtofferhulp"])
    }

    /// Each broken file is refused with its own file, line and column.
    @Test(arguments: [
        ("version: 1\n", "version: 2\n", "unsupported version"),
        ("data: safety-risk", "data: safety-risks", "expected 'data: safety-risk'"),
        ("  - id: escalating\n", "  - id: escalating\n    colour: red\n", "unknown key 'colour'"),
        ("  - id: escalating\n", "  - id: invests\n", "the question id 'invests' is used twice"),
        ("  - id: escalating\n", "  - id: Escalating\n", "must be lowercase words"),
        ("      nl: \"Is de stalker je ex-partner?\"\n", "", "nl: is required"),
        ("    acute: true\n", "    acute: maybe\n", "acute: expected true or false"),
        ("when-yes: [ex-partner, required-contact, conflicts]", "when-yes: [ex-partner, children]", "'children' is no question of this file"),
        ("helplines: [slachtofferhulp]", "helplines: [slachtofferhulp-be]", "'slachtofferhulp-be' is no helpline of helplines.yaml"),
        ("helplines: [slachtofferhulp]", "helplines: [caw]", "'caw' is a helpline of 'be', which this step is not for"),
        ("countries: [be]\n    helplines: [police-be]\n    title:\n      en: \"Report", "countries: [de]\n    helplines: [police-be]\n    title:\n      en: \"Report", "unknown country 'de'"),
        ("  number: \"112\"", "  number: \"113\"", "do not list the emergency number 113"),
        ("  - id: evidence\n", "  - id: evidence\n    when-yes: [\n", "not valid YAML"),
    ])
    func aBrokenRiskFileIsLocated(old: String, new: String, message: String) throws {
        let expectedLine = try line(of: old, in: "risk.yaml")
        let helplines = try HelplineDirectory(file: shippedSafetyFile("helplines.yaml"))
        #expect {
            _ = try RiskCatalog(file: edited("risk.yaml", old, new), helplines: helplines)
        } throws: { error in
            let text = describe(error)
            guard case .invalidData(let file, let line, _, _) = error as? GuidanceError, file == "mine/risk.yaml", text.contains(message) else {
                Issue.record("unexpected: \(text)")
                return false
            }
            // The problem is on the edited entry or within a few lines of it.
            #expect((expectedLine - 3...expectedLine + 8).contains(line), "\(text) is not near line \(expectedLine)")
            return true
        }
    }

    @Test func aFileWithoutAcuteQuestionsIsRefused() throws {
        let helplines = try HelplineDirectory(file: shippedSafetyFile("helplines.yaml"))
        let broken = try edited("risk.yaml", "acute: true", "acute: false")
        #expect(throws: GuidanceError.self) { _ = try RiskCatalog(file: broken, helplines: helplines) }
        do {
            _ = try RiskCatalog(file: broken, helplines: helplines)
        } catch {
            #expect(describe(error).contains("no question is marked 'acute: true'"))
            #expect(describe(error).hasPrefix("mine/risk.yaml:"))
        }
    }
}

@Suite struct RiskAnswersTests {
    static let path = "answers.yaml"

    func parse(_ text: String) throws -> RiskAnswers {
        try RiskAnswers.parse(text, path: Self.path, catalog: try shippedGuidance().risk)
    }

    @Test func answersInEnglishAndDutchAndLeftOpen() throws {
        let answers = try parse("""
            # what I know so far
            escalating: yes
            ex-partner: ja
            weapons: no
            threats: nee
            substances: unknown
            recent-loss:
            very-afraid: "yes"
            """)
        #expect(answers["escalating"] == .yes && answers["ex-partner"] == .yes && answers["very-afraid"] == .yes)
        #expect(answers["weapons"] == .no && answers["threats"] == .no)
        #expect(answers["substances"] == .unknown && answers["recent-loss"] == .unknown && answers["invests"] == .unknown)
        #expect(try parse("").answers.isEmpty)
        #expect(try parse("# nothing yet\n").answers.isEmpty)
    }

    /// Every bad answers file is an error that names the file, the line and the column.
    @Test(arguments: [
        ("escalating: yes\nchildren: yes\n", 2, 1, "unknown question 'children'"),
        ("escalating: yes\nweapons: maybe\n", 2, 10, "'maybe' is not an answer to 'weapons'; write yes, no or unknown"),
        ("- escalating\n- weapons\n", 1, 1, "expected a mapping of question ids"),
        ("yes\n", 1, 1, "expected a mapping of question ids"),
        ("escalating: yes\nweapons: [yes, no]\n", 2, 10, "weapons: the answer must be yes, no or unknown"),
        ("escalating: yes\nweapons: {a: b}\n", 2, 10, "weapons: the answer must be yes, no or unknown"),
        ("escalating: yes\n  weapons: no\n", 2, 10, "not valid YAML"),
        ("escalating: \"yes\n", 2, 1, "not valid YAML"),
        ("escalating: yes\nescalating: no\n", 1, 1, "duplicate key"),
        ("version: 2\nescalating: yes\n", 1, 10, "unsupported version"),
        ("answered: last week\nescalating: yes\n", 1, 11, "'last week' is not a date"),
    ] as [(String, Int, Int, String)])
    func badAnswersAreLocated(text: String, line: Int, column: Int, message: String) throws {
        do {
            _ = try parse(text)
            Issue.record("\(text.debugDescription) was accepted")
        } catch let error as GuidanceError {
            guard case .invalidAnswers(let file, let foundLine, let foundColumn, let found) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == Self.path)
            #expect(found.en.contains(message), "\(found)")
            #expect(foundLine == line, "\(describe(error))")
            // YAML syntax errors are located by the parser, which may point a little further on the line.
            if !message.contains("YAML") && !message.contains("duplicate") { #expect(foundColumn == column, "\(describe(error))") }
            #expect(describe(error).hasPrefix("answers.yaml:\(foundLine):\(foundColumn): "))
        }
    }

    @Test func savedAnswersReadBack() throws {
        let catalog = try shippedGuidance().risk
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let answers = RiskAnswers(["escalating": .yes, "weapons": .no])
        let text = answers.yaml(catalog: catalog, answeredAt: date)
        #expect(text.contains("version: 1\nanswered: 2026-11-18T"))
        let back = try RiskAnswers.parse(text, path: "saved.yaml", catalog: catalog)
        #expect(back.answeredAt == date)
        #expect(back["escalating"] == .yes && back["weapons"] == .no && back["invests"] == .unknown)
        #expect(back.answers.count == catalog.questions.count)
    }

    @Test func savedFilesAreOnlyTheOwners() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-safety-\(UUID().uuidString)").path + "/hygiene/safety"
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        let catalog = try shippedGuidance().risk
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let first = try SavedAnswers.save(RiskAnswers(["escalating": .yes]), catalog: catalog, at: date, in: folder)
        let second = try SavedAnswers.save(RiskAnswers(["escalating": .no]), catalog: catalog, at: date, in: folder)
        #expect(first != second)
        #expect(SavedAnswers.files(in: folder) == [first, second])
        #expect(try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int == 0o700)
        #expect(try RiskAnswers.read(path: second, catalog: catalog)["escalating"] == .no)
    }
}

@Suite struct RiskAssessmentTests {
    static let date = Date(timeIntervalSince1970: 1_795_000_000)

    func assessment(_ answers: [String: Answer], country: Country = .nl) throws -> RiskAssessment {
        RiskAssessment(guidance: try shippedGuidance(), answers: RiskAnswers(answers), country: country, generatedAt: Self.date)
    }

    @Test func everyYesIsExplained() throws {
        let catalog = try shippedGuidance().risk
        let all = Dictionary(uniqueKeysWithValues: catalog.questions.filter { !$0.acute }.map { ($0.id, Answer.yes) })
        let result = try assessment(all)
        #expect(!result.isAcute)
        #expect(result.raised.count == RiskCatalogTests.digestQuestions.count)
        for language in Language.allCases {
            // Markdown, whose lines are not wrapped.
            let text = try result.render(.markdown, language: language)
            for question in result.raised {
                #expect(text.contains(question.question(language)), "\(question.id) is not in the \(language) text")
                #expect(text.contains(question.yes(language)), "why \(question.id) raises the risk is not in the \(language) text")
            }
            #expect(!text.localizedCaseInsensitiveContains("score:"))
        }
    }

    @Test func noYesSaysSoWithoutSayingYouAreSafe() throws {
        let text = try assessment(["escalating": .no]).render(.text, language: .en, width: 200)
        #expect(text.contains("None of your answers points to a higher risk"))
        #expect(text.contains("That does not mean you are safe"))
        #expect(!text.contains("CALL 112 NOW"))
        #expect(text.contains("Left open"))
    }

    @Test func veiligThuisOnlyWithAPartnerOrChildrenAndOnlyInTheNetherlands() throws {
        #expect(!(try assessment(["escalating": .yes]).nextSteps.map(\.id).contains("veilig-thuis")))
        #expect(try assessment(["ex-partner": .yes]).nextSteps.map(\.id).contains("veilig-thuis"))
        #expect(try assessment(["required-contact": .yes]).nextSteps.map(\.id).contains("veilig-thuis"))
        let belgian = try assessment(["ex-partner": .yes], country: .be)
        #expect(!belgian.nextSteps.map(\.id).contains("veilig-thuis"))
        #expect(belgian.nextSteps.map(\.id).contains("police-be"))
        let text = try belgian.render(.text, language: .nl, width: 200)
        #expect(text.contains("Politie: 101") && text.contains("1712") && !text.contains("0900-8844"))
    }

    /// A yes to any acute question puts 112 and what to do before anything else, in every format.
    @Test(arguments: RiskCatalogTests.acuteQuestions, Language.allCases)
    func acuteDangerPutsTheEmergencyNumberFirst(question: String, language: Language) throws {
        let result = try assessment([question: .yes, "ex-partner": .yes])
        #expect(result.isAcute)
        let text = try result.render(.text, language: language)
        #expect(text.split(separator: "\n").first?.contains("112") == true, "text: \(text.prefix(80))")
        let markdown = try result.render(.markdown, language: language)
        #expect(markdown.hasPrefix("# ⚠ "))
        #expect(markdown.split(separator: "\n").first?.contains("112") == true)
        let json = try result.render(.json, language: language)
        #expect(json.hasPrefix("{\n  \"emergency\" : {\n    \"number\" : \"112\",\n    \"questions\" : [\n      \"\(question)\""), "json: \(json.prefix(80))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["emergency"] as? [String: Any])?["questions"] as? [String] == [question])
        let html = try result.render(.html, language: language)
        let body = try #require(html.range(of: "<body>\n")).upperBound
        #expect(html[body...].hasPrefix("<section class=\"emergency\" role=\"alert\">\n<h1>⚠ "))
        let head = try #require(html.range(of: "<title>")).upperBound
        #expect(html[head...].hasPrefix(language == .nl ? "Bel nu 112" : "Call 112 now"))
        // Nothing with a number comes before the emergency's own heading.
        #expect(try #require(html.range(of: "112")).lowerBound < (html.range(of: "0900") ?? html.range(of: "101")!).lowerBound)
    }

    @Test func withoutAcuteDangerThereIsNoEmergencyBlock() throws {
        let result = try assessment(["at-the-door": .no, "threats": .yes])
        let json = try result.render(.json, language: .en)
        #expect(json.hasPrefix("{\n  \"answeredAt\"") || json.hasPrefix("{\n  \"answers\""))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["emergency"] == nil)
        #expect(object["schema"] as? String == "hygiene-safety-risk/1")
        #expect((object["raised"] as? [[String: Any]])?.map { $0["id"] as? String } == ["threats"])
        #expect((object["answers"] as? [[String: Any]])?.count == 17)
        #expect((object["helplines"] as? [[String: Any]])?.contains { $0["number"] as? String == "0800-2000" } == true)
        #expect(!(try result.render(.html, language: .en)).contains("class=\"emergency\""))
    }

    @Test func htmlEscapesAndIsSelfContained() throws {
        let html = try assessment(["threats": .yes]).render(.html, language: .nl)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"nl\">"))
        #expect(!html.contains("<script") && !html.contains("src=\"http"))
        #expect(html.contains("Wat het risico verhoogt"))
        #expect(html.contains("Dreigen met doden of verwonden"))
    }
}

@Suite struct RiskInterviewTests {
    func interview(_ language: Language = .en) throws -> RiskInterview {
        RiskInterview(catalog: try shippedGuidance().risk, language: language)
    }

    @Test func theAcuteQuestionsComeFirstAndAYesEndsTheQuestions() throws {
        var walk = try interview()
        #expect(walk.screen(width: 80).hasPrefix("Danger right now — question 1 of 17"))
        walk.press(UInt8(ascii: "n"))
        #expect(walk.state == .asking(1))
        walk.press(UInt8(ascii: "y"))
        #expect(walk.state == .finished)
        #expect(walk.answers["getting-in"] == .yes && walk.answers["at-the-door"] == .no)
    }

    @Test func keysAnswerGoBackStopAndLeave() throws {
        var walk = try interview(.nl)
        for _ in 0..<3 { walk.press(UInt8(ascii: "n")) }
        #expect(walk.screen(width: 80).hasPrefix("Vraag 4 van 17"))
        #expect(walk.screen(width: 80).contains("[j] ja  [n] nee  [w] weet ik niet"))
        walk.press(UInt8(ascii: "j"))             // invests: yes
        walk.press(10)                            // escalating: left open with Enter
        walk.press(UInt8(ascii: "b"))             // back to escalating
        #expect(walk.state == .asking(4))
        #expect(walk.screen(width: 80).contains("Eerder: weet ik niet"))
        walk.press(UInt8(ascii: "z"))             // an unknown key does nothing
        #expect(walk.state == .asking(4))
        walk.press(UInt8(ascii: "q"))
        #expect(walk.state == .stopped)
        #expect(walk.answers["invests"] == .yes && walk.answers["escalating"] == .unknown)
        walk.press(UInt8(ascii: "y"))             // nothing after stopping
        #expect(walk.state == .stopped)

        var leave = try interview()
        leave.press(UInt8(ascii: "n"))
        leave.press(27)                           // Escape: a quick exit keeps nothing
        #expect(leave.state == .quickExit)
        #expect(leave.answers.answers.isEmpty)
    }

    @Test func answeringEveryQuestionFinishes() throws {
        var walk = try interview()
        for _ in 0..<17 { walk.press(UInt8(ascii: "n")) }
        #expect(walk.state == .finished)
        #expect(walk.answers.answers.values.allSatisfy { $0 == .no } && walk.answers.answers.count == 17)
    }
}
