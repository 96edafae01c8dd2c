import AuditCore
import Foundation
import Testing

/// The shared document model and its renderers: every part of a document reaches every format, escaped,
/// in the asked language, and the alert comes first.
@Suite struct DocumentTests {
    static let sample = Document(
        alert: Document.Alert(style: .emergency, title: LocalizedText(en: "Call 112 now", nl: "Bel nu 112"),
                              because: [LocalizedText(en: "You answered yes: weapon", nl: "Je antwoordde ja: wapen")],
                              steps: [LocalizedText(en: "Go somewhere safe", nl: "Ga naar een veilige plek")], number: "112"),
        title: LocalizedText(en: "Plan <today>", nl: "Plan <vandaag>"),
        meta: LocalizedText(en: "2026-12-07", nl: "7 december 2026"),
        intro: [LocalizedText(en: "Read me & act", nl: "Lees mij & doe")],
        sections: [
            Document.Section(id: "roots", title: LocalizedText(en: "Roots", nl: "Wortels"), items: [
                Document.Item(title: LocalizedText(en: "Secure the mailbox", nl: "Beveilig de mailbox"),
                              detail: LocalizedText(en: "It resets the rest", nl: "Die herstelt de rest"),
                              severity: .high, marks: [LocalizedText(en: "12 min", nl: "12 min")],
                              links: [Document.Link("https://example.org/a?b=1&c=2", title: LocalizedText(en: "Settings", nl: "Instellingen"))],
                              steps: [LocalizedText(en: "Change the password", nl: "Verander het wachtwoord"),
                                      LocalizedText(en: "Sign out elsewhere", nl: "Log elders uit")]),
            ], style: .numbered),
            Document.Section(id: "list", title: LocalizedText(en: "Checklist", nl: "Lijst"), items: [
                Document.Item(title: LocalizedText(en: "Done thing", nl: "Gedaan"), done: true),
                Document.Item(title: LocalizedText(en: "Open thing", nl: "Open"), done: false),
            ], style: .checklist),
            Document.Section(id: "letter", title: LocalizedText(en: "Letter", nl: "Brief"),
                             verbatim: LocalizedText(en: "Dear X,\n\n```stop```", nl: "Beste X,\n\n```stop```")),
        ])

    @Test(arguments: [OutputFormat.text, .markdown, .html], Language.allCases)
    func everyPartReachesEveryFormatInTheAskedLanguage(format: OutputFormat, language: Language) throws {
        let out = DocumentRenderer.render(Self.sample, format: format, language: language)
        let other: Language = language == .en ? .nl : .en
        let alert = try #require(out.range(of: Self.sample.alert!.title(language), options: .caseInsensitive))
        let title = try #require(out.range(of: "Plan"))
        #expect(alert.lowerBound < title.lowerBound, "the alert comes first")
        for text in [Self.sample.sections[0].items[0].detail!(language), Self.sample.sections[0].items[0].steps[1](language),
                     Self.sample.sections[0].items[0].marks[0](language), Self.sample.sections[0].items[0].links[0].title!(language),
                     Severity.high.label(language), Self.sample.sections[1].items[1].title(language)] {
            #expect(out.localizedCaseInsensitiveContains(text), "\(format) \(language): missing \(text)")
        }
        #expect(!out.contains(Self.sample.sections[0].items[0].steps[0](other)))
        #expect(!out.contains(Self.sample.sections[1].title(other)))
    }

    @Test func htmlEscapesEverythingAndLinksTheAddress() {
        let html = DocumentRenderer.render(Self.sample, format: .html, language: .en)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<h1>Plan &lt;today&gt;</h1>"))
        #expect(!html.contains("<today>"))
        #expect(html.contains("Read me &amp; act"))
        #expect(html.contains("<a href=\"https://example.org/a?b=1&amp;c=2\">Settings</a>"))
        #expect(html.contains("<section class=\"emergency\" role=\"alert\">"))
        #expect(html.contains("<ul class=\"checklist\">"))
        #expect(html.contains("☑ Done thing") && html.contains("☐ Open thing"))
        #expect(html.contains("<span class=\"severity high\">high</span>"))
        #expect(!html.contains("<script"))
    }

    @Test func textNumbersPadsAndNestsSteps() {
        let text = DocumentRenderer.render(Self.sample, format: .text, language: .en, width: 60)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "⚠ CALL 112 NOW")
        #expect(lines.contains("1. HIGH Secure the mailbox [12 min]"))
        #expect(lines.contains("   1. Change the password"))
        #expect(lines.contains("   → Settings: https://example.org/a?b=1&c=2"))
        #expect(lines.contains("[x] Done thing") && lines.contains("[ ] Open thing"))
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(!text.contains("\u{1B}["), "no colour unless asked")
        #expect(DocumentRenderer.render(Self.sample, format: .text, language: .en, color: true).contains("\u{1B}[1;31m"))

        let ten = Document(title: .verbatim("T"), sections: [Document.Section(
            id: "s", title: .verbatim("S"), items: (1...10).map { Document.Item(title: .verbatim("step \($0)")) }, style: .numbered)])
        let padded = DocumentRenderer.render(ten, format: .text, language: .en)
        #expect(padded.contains("\n 1. step 1\n") && padded.contains("\n10. step 10\n"))
    }

    @Test func markdownEscapesAndKeepsTheLetterVerbatim() {
        let markdown = DocumentRenderer.render(Self.sample, format: .markdown, language: .nl)
        #expect(markdown.hasPrefix("# ⚠ Bel nu 112\n"))
        #expect(markdown.contains("# Plan \\<vandaag\\>"))
        #expect(markdown.contains("1. **HOOG** **Beveilig de mailbox** _\\[12 min\\]_"))
        #expect(markdown.contains("- [x] Gedaan") && markdown.contains("- [ ] Open"))
        #expect(markdown.contains("```text\nBeste X,\n\n'''stop'''\n```"), "a fence inside the letter cannot close the block")
        #expect(markdown.contains("[Instellingen](<https://example.org/a?b=1&c=2>)"))
    }

    @Test func jsonPutsTheFirstKeyFirstAndSortsTheRest() throws {
        struct Body: Encodable { var b = 2; var a = "x/y" }
        let text = try DocumentJSON.encode(Body(), first: (key: "emergency", value: ["number": "112"]))
        #expect(text == "{\n  \"emergency\" : {\n    \"number\" : \"112\"\n  },\n  \"a\" : \"x/y\",\n  \"b\" : 2\n}\n")
        #expect(try DocumentJSON.encode(Body()) == "{\n  \"a\" : \"x/y\",\n  \"b\" : 2\n}\n")
    }
}
