import ArgumentParser
import AuditCore
import Foundation
import Safety

extension SafetyCommand {
    /// `hygiene safety helplines`: whom to call, at once, with no questions first.
    struct Helplines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "helplines",
            abstract: "Whom to call, at once and without questions: the helplines of your country.",
            discussion: "Works on a terminal or not. In danger now: call 112.")

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: "Whose helplines to show: nl or be (default: the configuration, then the locale).")
        var country: Country?

        @Option(name: .long, help: "Output format: text, markdown, json or html.")
        var format: ReportFormat = .text

        func run() async throws {
            try await reportingErrors {
                let session = try SafetySession(common)
                let country = Country.resolve(self.country, configured: session.configuration.country,
                                              environment: session.environment.variables)
                let directory = session.guidance.helplines
                session.environment.output.write(try Self.render(directory.helplines(for: country), directory: directory,
                                                                 format: format, language: session.language))
            }
        }

        static func title(_ country: CountryHelplines, _ l: Language) -> String {
            l == .nl ? "Wie je kunt bellen in \(country.name.nl)" : "Whom to call in \(country.name.en)"
        }

        static func otherCountries(_ country: CountryHelplines, _ l: Language) -> String {
            let others = Country.allCases.filter { $0 != country.country }.map { "--country \($0.rawValue)" }.joined(separator: ", ")
            return l == .nl ? "Voor een ander land: \(others)." : "For another country: \(others)."
        }

        /// The country's helplines in one of the four formats.
        static func render(_ country: CountryHelplines, directory: HelplineDirectory, format: ReportFormat, language l: Language) throws -> String {
            switch format {
            case .text:
                var out = title(country, l) + "\n\n"
                for line in country.helplines {
                    out += "  " + line.reach(l) + "\n"
                    out += "    " + line.purpose(l) + "\n"
                    out += "    " + line.terms(l) + "\n"
                    if let web = line.web, line.number != nil { out += "    " + web + "\n" }
                    if let note = line.note { out += "    " + note(l) + "\n" }
                    out += "\n"
                }
                return out + directory.evidenceLine(l) + "\n" + otherCountries(country, l) + "\n"
            case .markdown:
                let e = MarkdownRenderer.escape
                var out = "# " + e(title(country, l)) + "\n\n"
                for line in country.helplines {
                    out += "- **\(e(line.reach(l)))**: \(e(line.purpose(l))) \(e(line.terms(l)))"
                    if let web = line.web, line.number != nil { out += " <\(web)>" }
                    if let note = line.note { out += " " + e(note(l)) }
                    out += "\n"
                }
                return out + "\n" + e(directory.evidenceLine(l)) + "\n\n" + e(otherCountries(country, l)) + "\n"
            case .html:
                let e = HTMLPage.escape
                var body = "<h1>\(e(title(country, l)))</h1>\n<ul>\n"
                for line in country.helplines {
                    body += "<li><strong>\(e(line.name(l)))</strong>"
                    if let number = line.number {
                        body += ": <a href=\"tel:\(e(number.filter { $0.isNumber || $0 == "+" }))\">\(e(number))</a>"
                    }
                    body += "<br>\(e(line.purpose(l)))<br><span class=\"meta\">\(e(line.terms(l)))</span>"
                    if let web = line.web { body += "<br><a href=\"\(e(web))\">\(e(web))</a>" }
                    if let note = line.note { body += "<br>\(e(note(l)))" }
                    body += "</li>\n"
                }
                body += "</ul>\n<p>\(e(directory.evidenceLine(l)))</p>\n"
                return HTMLPage.page(language: l, title: title(country, l), body: body)
            case .json:
                struct Line: Encodable {
                    var id, name: String
                    var number, web: String?
                    var purpose, cost, hours, anonymous: String
                    var note: String?
                }
                struct Document: Encodable {
                    var version = 1
                    var language, country, title: String
                    var helplines: [Line]
                }
                let document = Document(language: l.rawValue, country: country.country.rawValue, title: title(country, l),
                                        helplines: country.helplines.map {
                                            Line(id: $0.id, name: $0.name(l), number: $0.number, web: $0.web, purpose: $0.purpose(l),
                                                 cost: $0.cost(l), hours: $0.hours(l), anonymous: $0.anonymous.rawValue, note: $0.note.map { text in text(l) })
                                        })
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
            }
        }
    }
}
