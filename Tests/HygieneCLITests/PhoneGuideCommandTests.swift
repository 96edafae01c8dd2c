import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene phone guide` in-process: both languages, text and Markdown, one section, and nothing written.
@Suite struct PhoneGuideCommandTests {
    /// Where each text occurs in `output`, failing the test for one that is missing.
    static func positions(_ texts: [String], in output: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Int] {
        texts.map { text in
            guard let range = output.range(of: text) else {
                Issue.record("missing: \(text)", sourceLocation: sourceLocation)
                return -1
            }
            return output.distance(from: output.startIndex, to: range.lowerBound)
        }
    }

    /// A step's first words, which fit on the first line of its wrapped item.
    static func opening(_ step: String) -> String { step.split(separator: " ").prefix(4).joined(separator: " ") }

    @Test func englishTextHasEveryStepInOrder() async throws {
        let sandbox = Sandbox()
        let run = await sandbox.run(["phone", "guide", "--lang", "en"])
        #expect(run.code == 0, "\(run.errors)")
        let guide = try PhoneCommand.Guide.shippedGuide()
        #expect(run.output.hasPrefix(guide.title.en + "\n"))
        var expected: [String] = []
        for section in guide.sections {
            expected.append(section.title.en)
            for (index, step) in section.steps.en.enumerated() { expected.append("\(index + 1). \(Self.opening(step))") }
        }
        let found = Self.positions(expected, in: run.output)
        #expect(found == found.sorted() && !found.contains(-1))
        #expect(run.output.contains("1. The scan only reads."))
        #expect(run.output.contains("Revoke USB debugging"))
        #expect(!run.output.contains("\u{1B}["))
        #expect(run.errors.isEmpty)
        // Nothing written: no state, no cache.
        #expect(!FileManager.default.fileExists(atPath: sandbox.home + "/data"))
    }

    @Test func dutchTextHasEveryStepInOrder() async throws {
        let run = await Sandbox().run(["phone", "guide", "--lang", "nl"])
        #expect(run.code == 0, "\(run.errors)")
        let guide = try PhoneCommand.Guide.shippedGuide()
        #expect(run.output.hasPrefix(guide.title.nl + "\n"))
        var expected: [String] = []
        for section in guide.sections {
            expected.append(section.title.nl)
            for (index, step) in section.steps.nl.enumerated() { expected.append("\(index + 1). \(Self.opening(step))") }
        }
        let found = Self.positions(expected, in: run.output)
        #expect(found == found.sorted() && !found.contains(-1))
        #expect(run.output.contains("USB-foutopsporing"))
        #expect(run.output.contains("Daarna: de deur weer dichtdoen"))
        #expect(!run.output.contains("Before you start"))
    }

    @Test func theLanguageFollowsTheLocaleWithoutLang() async throws {
        let sandbox = Sandbox()
        sandbox.extraVariables = ["LANG": "nl_BE.UTF-8"]
        let run = await sandbox.run(["phone", "guide"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("Voordat je begint"))
    }

    @Test func markdownHasHeadingsAndNumberedSteps() async throws {
        let run = await Sandbox().run(["phone", "guide", "--format", "markdown"])
        #expect(run.code == 0, "\(run.errors)")
        let guide = try PhoneCommand.Guide.shippedGuide()
        #expect(run.output.hasPrefix("# " + guide.title.en + "\n\n"))
        let headings = run.output.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
        #expect(headings == guide.sections.map(\.title.en))
        #expect(run.output.contains("\n## Before you start\n\n1. The scan only reads."))
        let steps = run.output.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(steps.count == guide.sections.map(\.steps.en.count).reduce(0, +))
        let dutch = await Sandbox().run(["phone", "guide", "--format", "markdown", "--lang", "nl"])
        #expect(dutch.output.contains("\n## Daarna: de deur weer dichtdoen\n\n1. "))
    }

    @Test func oneSectionAndAnUnknownOne() async throws {
        let run = await Sandbox().run(["phone", "guide", "--section", "afterwards"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("Afterwards: close the door again"))
        #expect(!run.output.contains("Before you start"))
        let unknown = await Sandbox().run(["phone", "guide", "--section", "later"])
        #expect(unknown.code == 64)
        #expect(unknown.errors.contains("before, enable, check, afterwards, helper"))
    }

    @Test func theGroupShowsTheGuideByDefault() async throws {
        let run = await Sandbox().run(["phone"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.contains("Before you start"))
    }

    @Test func aBrokenGuideIsNamedWithItsLine() throws {
        func message(_ files: [(path: String, text: String)]) -> String {
            do {
                _ = try PhoneCommand.Guide.shippedGuide(files)
                return "no error"
            } catch {
                return (error as? LocalizedError)?.errorDescription ?? "\(error)"
            }
        }
        let broken = [(path: "Checks/phone/guide.yaml", text: "data: phone-guide\nversion: 1\ntitle: {en: \"T\"}\n")]
        #expect(message(broken) == "Checks/phone/guide.yaml:3:8: nl: is required")
        #expect(message([]).contains("Checks/phone/guide.yaml"))
    }

    @Test func htmlAndJSONCarryEveryStep() async throws {
        let sandbox = Sandbox()
        let guide = try PhoneCommand.Guide.shippedGuide()
        let html = await sandbox.run(["phone", "guide", "--lang", "nl", "--format", "html"])
        #expect(html.code == 0, "\(html.errors)")
        #expect(html.output.hasPrefix("<!DOCTYPE html>\n<html lang=\"nl\">"))
        #expect(!html.output.contains("<script"))
        for section in guide.sections {
            #expect(html.output.contains("<section id=\"\(section.id)\">"))
            #expect(section.steps.nl.allSatisfy { html.output.contains("<li>" + HTMLPage.escape($0) + "</li>") })
        }
        let json = await sandbox.run(["phone", "guide", "--lang", "en", "--format", "json", "--section", "afterwards"])
        #expect(json.code == 0, "\(json.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "hygiene-phone-guide/1")
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.map { $0["id"] as? String } == ["afterwards"])
        #expect(sections.first?["steps"] as? [String] == guide.section("afterwards")?.steps.en)
    }
}
