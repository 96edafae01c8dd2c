import AuditCore
import Foundation

/// What `hygiene safety` shows — the risk check's result, the helper's guide, the stop letter — as
/// one shape that the text, Markdown and HTML renderers share. The emergency, when there is one, comes
/// before anything else in every format. (JSON is each guidance's own, see `SafetyGuidanceOutput`.)
public struct GuidanceDocument: Sendable {
    /// Acute danger: the number to call and what to do, and the answers that showed it.
    public struct EmergencyBlock: Sendable {
        public var number: String
        public var title: LocalizedText
        public var steps: [LocalizedText]
        /// The acute questions answered yes.
        public var because: [LocalizedText]
    }

    public struct Item: Sendable {
        public var title: LocalizedText
        public var detail: LocalizedText?
        /// Smaller lines under the item: a helpline's number, its cost and hours.
        public var extra: [LocalizedText]

        public init(title: LocalizedText, detail: LocalizedText? = nil, extra: [LocalizedText] = []) {
            self.title = title
            self.detail = detail
            self.extra = extra
        }
    }

    public struct Section: Sendable {
        public var id: String
        public var title: LocalizedText
        public var intro: LocalizedText?
        public var items: [Item]
        public var numbered: Bool
        /// Text shown exactly as written, line by line (the letter).
        public var verbatim: LocalizedText?

        public init(id: String, title: LocalizedText, intro: LocalizedText? = nil, items: [Item] = [], numbered: Bool = false,
                    verbatim: LocalizedText? = nil) {
            self.id = id
            self.title = title
            self.intro = intro
            self.items = items
            self.numbered = numbered
            self.verbatim = verbatim
        }
    }

    public var emergency: EmergencyBlock?
    public var title: LocalizedText
    /// Under the title: the date, the country.
    public var meta: LocalizedText?
    public var intro: [LocalizedText]
    public var sections: [Section]
}

/// Renders guidance as text, Markdown or HTML.
public enum GuidanceRenderer {
    public static func render(_ document: GuidanceDocument, format: ReportFormat, language: Language, color: Bool = false, width: Int = 80) -> String {
        switch format {
        case .markdown: markdown(document, language)
        case .html: html(document, language)
        case .text, .json: text(document, language, color: color, width: width)
        }
    }

    // MARK: text

    static func text(_ d: GuidanceDocument, _ l: Language, color: Bool, width: Int) -> String {
        let width = max(40, min(width, 120))
        let wrap = TextWrap(width: width)
        func paint(_ text: String, _ codes: String) -> String { color ? "\u{1B}[\(codes)m\(text)\u{1B}[0m" : text }
        let rule = String(repeating: "─", count: width)
        var out: [String] = []
        if let emergency = d.emergency {
            out.append(paint("⚠ \(emergency.title(l).uppercased())", "1;31"))
            for reason in emergency.because { out.append(wrap.wrap(reason(l), first: "  ", rest: "  ")) }
            for (index, step) in emergency.steps.enumerated() {
                out.append(wrap.wrap(step(l), first: "  \(index + 1). ", rest: "     "))
            }
            out.append(paint(rule, "1;31"))
            out.append("")
        }
        out.append(paint(d.title(l), "1"))
        if let meta = d.meta { out.append(paint(wrap.wrap(meta(l), first: "", rest: ""), "2")) }
        for line in d.intro { out.append(wrap.wrap(line(l), first: "", rest: "")) }
        for section in d.sections {
            out.append("")
            out.append(paint(section.title(l), "1"))
            out.append(paint(rule, "2"))
            if let intro = section.intro { out.append(wrap.wrap(intro(l), first: "", rest: "")) }
            if let verbatim = section.verbatim {
                out.append("")
                for line in verbatim(l).split(separator: "\n", omittingEmptySubsequences: false) { out.append(String(line)) }
                out.append(paint(rule, "2"))
            }
            for (index, item) in section.items.enumerated() {
                let mark = section.numbered ? "\(index + 1). " : "• "
                let indent = String(repeating: " ", count: mark.count)
                let title = section.numbered || item.detail != nil ? paint(item.title(l), "1") : item.title(l)
                out.append(wrap.wrap(title, first: mark, rest: indent))
                if let detail = item.detail { out.append(wrap.wrap(detail(l), first: indent, rest: indent)) }
                for line in item.extra { out.append(paint(wrap.wrap(line(l), first: indent, rest: indent), "2")) }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    static func markdown(_ d: GuidanceDocument, _ l: Language) -> String {
        let e = MarkdownRenderer.escape
        var out: [String] = []
        if let emergency = d.emergency {
            out.append("# ⚠ \(e(emergency.title(l)))")
            out.append("")
            for reason in emergency.because { out.append("> \(e(reason(l)))") }
            if !emergency.because.isEmpty { out.append("") }
            for (index, step) in emergency.steps.enumerated() { out.append("\(index + 1). **\(e(step(l)))**") }
            out.append("")
            out.append("---")
            out.append("")
        }
        out.append("# \(e(d.title(l)))")
        out.append("")
        if let meta = d.meta { out.append("_\(e(meta(l)))_"); out.append("") }
        for line in d.intro { out.append(e(line(l))); out.append("") }
        for section in d.sections {
            out.append("## \(e(section.title(l)))")
            out.append("")
            if let intro = section.intro { out.append(e(intro(l))); out.append("") }
            if let verbatim = section.verbatim {
                out.append("```text")
                out.append(verbatim(l).replacingOccurrences(of: "```", with: "'''"))
                out.append("```")
                out.append("")
            }
            for (index, item) in section.items.enumerated() {
                let mark = section.numbered ? "\(index + 1). " : "- "
                let indent = String(repeating: " ", count: mark.count)
                var line = mark + (item.detail != nil || section.numbered ? "**\(e(item.title(l)))**" : e(item.title(l)))
                if let detail = item.detail { line += "  \n\(indent)\(e(detail(l)))" }
                for extra in item.extra { line += "  \n\(indent)_\(e(extra(l)))_" }
                out.append(line)
            }
            if !section.items.isEmpty { out.append("") }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: HTML

    static func html(_ d: GuidanceDocument, _ l: Language) -> String {
        func h(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.append(character)
                }
            }
            return out
        }
        var body: [String] = []
        if let emergency = d.emergency {
            body.append("<section class=\"emergency\" role=\"alert\">")
            body.append("<h1>⚠ \(h(emergency.title(l)))</h1>")
            for reason in emergency.because { body.append("<p>\(h(reason(l)))</p>") }
            body.append("<ol>")
            for step in emergency.steps { body.append("<li>\(h(step(l)))</li>") }
            body.append("</ol>")
            body.append("</section>")
        }
        body.append("<h1>\(h(d.title(l)))</h1>")
        if let meta = d.meta { body.append("<p class=\"meta\">\(h(meta(l)))</p>") }
        for line in d.intro { body.append("<p>\(h(line(l)))</p>") }
        for section in d.sections {
            body.append("<section id=\"\(h(section.id))\">")
            body.append("<h2>\(h(section.title(l)))</h2>")
            if let intro = section.intro { body.append("<p>\(h(intro(l)))</p>") }
            if let verbatim = section.verbatim { body.append("<pre class=\"letter\">\(h(verbatim(l)))</pre>") }
            if !section.items.isEmpty {
                let list = section.numbered ? "ol" : "ul"
                body.append("<\(list)>")
                for item in section.items {
                    var entry = "<li>" + (item.detail != nil || section.numbered ? "<strong>\(h(item.title(l)))</strong>" : h(item.title(l)))
                    if let detail = item.detail { entry += "<br>\(h(detail(l)))" }
                    for extra in item.extra { entry += "<br><span class=\"meta\">\(h(extra(l)))</span>" }
                    body.append(entry + "</li>")
                }
                body.append("</\(list)>")
            }
            body.append("</section>")
        }
        let pageTitle = d.emergency.map { "\($0.title(l)) — \(d.title(l))" } ?? d.title(l)
        return """
        <!DOCTYPE html>
        <html lang="\(l.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(h(pageTitle))</title>
        <style>
        body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330;
               max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #d8dde5; margin-top: 2rem; }
        .meta { color: #5b6472; }
        li { margin-bottom: .5rem; }
        .emergency { border: 3px solid #c62828; border-radius: 6px; padding: .2rem 1rem; margin-bottom: 2rem; }
        .emergency h1 { color: #c62828; font-size: 2rem; }
        .emergency li { font-weight: 600; }
        pre.letter { white-space: pre-wrap; font: inherit; border: 1px solid #d8dde5; padding: 1rem; }
        @media print { body { margin: 0; max-width: none; font-size: 11pt; } }
        </style>
        </head>
        <body>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }
}
