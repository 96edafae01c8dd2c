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
                session.environment.output.write(try Self.render(country, guidance: session.guidance, format: format,
                                                                 language: session.language,
                                                                 color: format == .text && session.environment.useColor,
                                                                 width: session.environment.terminalWidth))
            }
        }

        static func title(_ country: CountryHelplines) -> LocalizedText {
            LocalizedText(en: "Whom to call in \(country.name.en)", nl: "Wie je kunt bellen in \(country.name.nl)")
        }

        static func otherCountries(_ country: CountryHelplines) -> LocalizedText {
            let others = Country.allCases.filter { $0 != country.country }.map { "--country \($0.rawValue)" }.joined(separator: ", ")
            return LocalizedText(en: "For another country: \(others).", nl: "Voor een ander land: \(others).")
        }

        /// The country's helplines as one document (text, Markdown, HTML), or as JSON.
        static func render(_ country: Country, guidance: SafetyGuidance, format: OutputFormat, language l: Language,
                           color: Bool = false, width: Int = 80) throws -> String {
            let directory = guidance.helplines
            let entry = directory.helplines(for: country)
            guard format == .json else {
                var document = guidance.helplinesDocument(country)
                document.title = title(entry)
                document.sections.append(Document.Section(id: "more", title: LocalizedText(en: "Also", nl: "Verder"), items: [
                    Document.Item(title: LocalizedText(en: directory.evidenceLine(.en), nl: directory.evidenceLine(.nl))),
                    Document.Item(title: otherCountries(entry)),
                ]))
                return DocumentRenderer.render(document, format: format, language: l, color: color, width: width)
            }
            struct Line: Encodable {
                var id, name: String
                var number, web: String?
                var purpose, cost, hours, anonymous: String
                var note: String?
            }
            struct JSONDocument: Encodable {
                var version = 1
                var language, country, title: String
                var helplines: [Line]
            }
            return try DocumentJSON.encode(JSONDocument(
                language: l.rawValue, country: entry.country.rawValue, title: title(entry)(l),
                helplines: entry.helplines.map {
                    Line(id: $0.id, name: $0.name(l), number: $0.number, web: $0.web, purpose: $0.purpose(l),
                         cost: $0.cost(l), hours: $0.hours(l), anonymous: $0.anonymous.rawValue, note: $0.note.map { text in text(l) })
                }))
        }
    }
}
