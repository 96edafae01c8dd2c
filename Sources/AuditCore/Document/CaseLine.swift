import Foundation

/// The line every output of a case opens with — report, plan, dossier, capture folder — so that a printed
/// page or a folder handed over cannot be mistaken for another person's. Without a case there is no line,
/// and every output is as it always was.
public struct CaseLine: Sendable, Hashable {
    /// The case's name, as validated by the command that opened it.
    public var name: String

    public init(_ name: String) { self.name = name }

    /// `Case: anna` / `Casus: anna`.
    public var words: LocalizedText { LocalizedText(en: "Case: \(name)", nl: "Casus: \(name)") }

    /// Both languages on one line, for files read by whoever is handed them (a capture folder's label).
    public var bothLanguages: String { "Case / casus: \(name)" }

    /// `rendered` with the line put first, in the way `format` allows: a plain first line in text and
    /// Markdown, the first thing in the page's body in HTML (and in its title), the first key in JSON, a
    /// comment in Graphviz. `format` is an output format's name (`text`, `markdown`, `html`, `json`, `dot`).
    public func stamp(_ rendered: String, format: String, language: Language) -> String {
        let line = words(language)
        switch format {
        case "json":
            return (try? DocumentJSON.putFirst("case", name, into: rendered)) ?? rendered
        case "html":
            let escaped = HTMLPage.escape(line)
            var page = rendered
            if let title = page.range(of: "<title>") {
                page.replaceSubrange(title, with: "<title>\(HTMLPage.escape(name)) — ")
            }
            guard let body = page.range(of: "<body"), let end = page[body.upperBound...].firstIndex(of: ">") else {
                return "<p class=\"case\"><strong>\(escaped)</strong></p>\n" + page
            }
            let after = page.index(after: end)
            return String(page[..<after]) + "\n<p class=\"case\"><strong>\(escaped)</strong></p>" + String(page[after...])
        case "dot":
            return "// \(line)\n" + rendered
        case "markdown":
            return MarkdownRenderer.escape(line) + "\n\n" + rendered
        default:
            return line + "\n\n" + rendered
        }
    }
}
