import AuditCore
import Foundation
import Testing
import TestSupport

/// The loader names file, line and column for every kind of mistake in a check file.
@Suite struct LoaderTests {
    let loader = CheckLoader(kinds: [ScriptedKind.self])

    func diagnostics(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
        do {
            _ = try loader.load([(path: "Checks/test/bad.yaml", text: text)])
            Issue.record("the file loaded without an error", sourceLocation: sourceLocation)
            return []
        } catch let error as CheckLoadError {
            return error.diagnostics
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    @Test func aGoodFileLoads() throws {
        let checks = try loader.load([(path: "good.yaml", text: "version: 1\nchecks:\n" + checkYAML(id: "test.good", extra: """
            weight: 8
            effort: hour
            tip: 4
            caution: {en: "Careful", nl: "Pas op"}
            when: {os: [debian]}
            references: [https://example.org/a]
            """))])
        let check = try #require(checks.first)
        #expect(check.id == "test.good")
        #expect(check.family == "test")
        #expect(check.weight == 8)
        #expect(check.effort == .hour)
        #expect(check.tip == 4)
        #expect(check.caution?.nl == "Pas op")
        #expect(check.when.os == ["debian"])
        #expect(check.source.line == 3)
    }

    struct Mistake: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake(name: "unknown kind", text: "version: 1\nchecks:\n" + checkYAML(id: "test.a", kind: "nosuch"),
                line: 4, column: 11, message: "unknown kind 'nosuch'"),
        Mistake(name: "unknown key", text: "version: 1\nchecks:\n" + checkYAML(id: "test.a", extra: "colour: red"),
                line: 9, column: 5, message: "unknown key 'colour'"),
        Mistake(name: "unknown version", text: "version: 2\nchecks: []\n", line: 1, column: 10, message: "unsupported version '2'"),
        Mistake(name: "missing version", text: "checks: []\n", line: 1, column: 1, message: "missing 'version'"),
        Mistake(name: "unknown parameter", text: "version: 1\nchecks:\n" + checkYAML(id: "test.a", params: "do: pass\nextra: 1"),
                line: 11, column: 7, message: "unknown parameter 'extra' for kind 'scripted'"),
        Mistake(name: "bad regex", text: "version: 1\nchecks:\n" + checkYAML(id: "test.a", params: "do: pass\npattern: '(unclosed'"),
                line: 11, column: 16, message: "not a valid regular expression"),
        Mistake(name: "missing required parameter", text: "version: 1\nchecks:\n" + checkYAML(id: "test.a", params: "pattern: x"),
                line: 10, column: 7, message: "needs the parameter 'do'"),
        Mistake(name: "no Dutch title", text: """
            version: 1
            checks:
              - id: test.a
                kind: scripted
                severity: high
                title: {en: "Only English"}
                why: {en: "Why", nl: "Waarom"}
                fix: {en: ["Do it"], nl: ["Doe het"]}
                params: {do: pass}
            """, line: 6, column: 12, message: "'title' has no 'nl' text"),
        Mistake(name: "unknown severity", text: "version: 1\nchecks:\n" + checkYAML(id: "test.a", severity: "urgent"),
                line: 5, column: 15, message: "unknown severity 'urgent'"),
        Mistake(name: "tip out of range", text: "version: 1\nchecks:\n" + checkYAML(id: "test.a", extra: "tip: 9"),
                line: 9, column: 10, message: "'tip' must name one of the eight prevention tips"),
        Mistake(name: "bad id", text: "version: 1\nchecks:\n" + checkYAML(id: "Test A"),
                line: 3, column: 9, message: "id 'Test A' must be lowercase words joined by dots"),
        Mistake(name: "YAML syntax", text: "version: 1\nchecks:\n  - id: [unclosed\n", line: 4, column: 1, message: "not valid YAML"),
        Mistake(name: "steps do not match", text: """
            version: 1
            checks:
              - id: test.a
                kind: scripted
                severity: high
                title: {en: "T", nl: "T"}
                why: {en: "Why", nl: "Waarom"}
                fix: {en: ["One", "Two"], nl: ["Een"]}
                params: {do: pass}
            """, line: 8, column: 10, message: "2 English and 1 Dutch steps"),
    ]

    @Test(arguments: mistakes)
    func mistakeIsLocated(_ mistake: Mistake) throws {
        let found = diagnostics(mistake.text)
        let first = try #require(found.first)
        #expect(first.file == "Checks/test/bad.yaml")
        #expect(first.message.range(of: mistake.message) != nil, "message was: \(first.message)")
        #expect(first.line == mistake.line, "\(first)")
        #expect(first.column == mistake.column, "\(first)")
        #expect(first.description.hasPrefix("Checks/test/bad.yaml:\(first.line):\(first.column): "))
    }

    @Test func duplicateIdsAcrossFilesNameBothPlaces() throws {
        let file = "version: 1\nchecks:\n" + checkYAML(id: "test.same")
        do {
            _ = try loader.load([(path: "one.yaml", text: file), (path: "two.yaml", text: file)])
            Issue.record("duplicate ids loaded")
        } catch let error as CheckLoadError {
            let message = try #require(error.diagnostics.first)
            #expect(message.file == "two.yaml")
            #expect(message.message == "duplicate check id 'test.same', first defined at one.yaml:3:5")
        }
    }

    @Test func everyProblemInEveryFileIsReported() throws {
        let bad = "version: 1\nchecks:\n" + checkYAML(id: "test.a", kind: "nosuch") + "\n" + checkYAML(id: "test.b", severity: "urgent")
        do {
            _ = try loader.load([(path: "a.yaml", text: bad), (path: "b.yaml", text: "version: 3\nchecks: []")])
            Issue.record("loaded")
        } catch let error as CheckLoadError {
            #expect(error.diagnostics.count == 3)
            #expect(error.errorDescription?.split(separator: "\n").count == 3)
        }
    }

    @Test func anEmptyFileIsAnError() {
        #expect(diagnostics("").first?.message == "the file is empty")
    }
}
