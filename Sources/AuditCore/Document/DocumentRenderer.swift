import Foundation

/// Renders a `Document` as text (wrapped to a terminal's width, colour only when asked), Markdown or HTML.
/// JSON is each document's own (`RenderableDocument.json`); asked for here it gives text.
public enum DocumentRenderer {
    public static func render(_ document: Document, format: OutputFormat, language: Language, color: Bool = false, width: Int = 80) -> String {
        switch format {
        case .markdown: markdown(document, language)
        case .html: html(document, language)
        case .text, .json: text(document, language, color: color, width: width)
        }
    }

    /// The list mark of the item at `index` in a section: `1. ` (padded to the widest number), `• ` or `[ ] `.
    static func mark(_ section: Document.Section, _ index: Int, _ item: Document.Item) -> String {
        switch section.style {
        case .bullets: return "• "
        case .checklist: return item.done == true ? "[x] " : "[ ] "
        case .numbered:
            let number = String(index + 1), widest = String(section.items.count).count
            return String(repeating: " ", count: widest - number.count) + number + ". "
        }
    }

    /// The title line's words: severity first, marks after, in brackets.
    static func heading(_ item: Document.Item, _ l: Language) -> (severity: String?, title: String, marks: String?) {
        let marks = item.marks.isEmpty ? nil : item.marks.map { "[\($0(l))]" }.joined(separator: " ")
        return (item.severity.map { $0.label(l).uppercased() }, item.title(l), marks)
    }

    // MARK: text

    static func text(_ d: Document, _ l: Language, color: Bool, width: Int) -> String {
        let width = max(40, min(width, 120))
        let wrap = TextWrap(width: width)
        func paint(_ text: String, _ codes: String) -> String { color ? "\u{1B}[\(codes)m\(text)\u{1B}[0m" : text }
        let rule = String(repeating: "─", count: width)
        var out: [String] = []
        if let alert = d.alert {
            let codes = alert.style == .emergency ? "1;31" : "1;33"
            out.append(paint("⚠ \(alert.title(l).uppercased())", codes))
            for reason in alert.because { out.append(wrap.wrap(reason(l), first: "  ", rest: "  ")) }
            for (index, step) in alert.steps.enumerated() {
                out.append(wrap.wrap(step(l), first: "  \(index + 1). ", rest: "     "))
            }
            out.append(paint(rule, codes))
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
                let mark = mark(section, index, item)
                let indent = String(repeating: " ", count: mark.count)
                let words = heading(item, l)
                var title = item.isHeaded ? paint(words.title, "1") : words.title
                if let severity = words.severity { title = paint(severity, "1") + " " + title }
                if let marks = words.marks { title += " " + paint(marks, "2") }
                out.append(wrap.wrap(title, first: mark, rest: indent))
                if let detail = item.detail { out.append(wrap.wrap(detail(l), first: indent, rest: indent)) }
                for (number, step) in item.steps.enumerated() {
                    let sub = "\(number + 1). "
                    out.append(wrap.wrap(step(l), first: indent + sub, rest: indent + String(repeating: " ", count: sub.count)))
                }
                for link in item.links {
                    let label = link.title.map { "\($0(l)): " } ?? ""
                    out.append(wrap.wrap("→ " + label + link.url, first: indent, rest: indent + "  "))
                }
                for line in item.extra { out.append(paint(wrap.wrap(line(l), first: indent, rest: indent), "2")) }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    static func markdown(_ d: Document, _ l: Language) -> String {
        let e = MarkdownRenderer.escape
        var out: [String] = []
        if let alert = d.alert {
            out.append("# ⚠ \(e(alert.title(l)))")
            out.append("")
            for reason in alert.because { out.append("> \(e(reason(l)))") }
            if !alert.because.isEmpty { out.append("") }
            for (index, step) in alert.steps.enumerated() { out.append("\(index + 1). **\(e(step(l)))**") }
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
                let mark: String
                switch section.style {
                case .bullets: mark = "- "
                case .numbered: mark = "\(index + 1). "
                case .checklist: mark = item.done == true ? "- [x] " : "- [ ] "
                }
                let indent = String(repeating: " ", count: mark.count)
                let words = heading(item, l)
                var line = mark
                if let severity = words.severity { line += "**\(e(severity))** " }
                line += item.isHeaded ? "**\(e(words.title))**" : e(words.title)
                if let marks = words.marks { line += " _\(e(marks))_" }
                if let detail = item.detail { line += "  \n\(indent)\(e(detail(l)))" }
                for (number, step) in item.steps.enumerated() { line += "\n\(indent)\(number + 1). \(e(step(l)))" }
                for link in item.links {
                    let label = link.title.map { e($0(l)) } ?? e(link.url)
                    line += "  \n\(indent)[\(label)](<\(link.url)>)"
                }
                for extra in item.extra { line += "  \n\(indent)_\(e(extra(l)))_" }
                out.append(line)
            }
            if !section.items.isEmpty { out.append("") }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: HTML

    static let style = HTMLPage.baseStyle + """

    .emergency, .notice { border: 3px solid #c62828; border-radius: 6px; padding: .2rem 1rem; margin-bottom: 2rem; }
    .notice { border-color: #b26a00; }
    .emergency h1 { color: #c62828; font-size: 2rem; }
    .emergency li { font-weight: 600; }
    .severity { font-size: .8rem; font-weight: 700; text-transform: uppercase; padding: 0 .3rem; border-radius: 3px;
                background: #eef0f4; }
    .severity.critical, .severity.high { background: #c62828; color: #fff; }
    .mark { font-size: .85rem; color: #5b6472; border: 1px solid #d8dde5; border-radius: 3px; padding: 0 .25rem; }
    ul.checklist { list-style: none; padding-left: 1rem; }
    pre.letter { white-space: pre-wrap; font: inherit; border: 1px solid #d8dde5; padding: 1rem; }
    """

    static func html(_ d: Document, _ l: Language) -> String {
        let h = HTMLPage.escape
        var body: [String] = []
        if let alert = d.alert {
            body.append("<section class=\"\(alert.style.rawValue)\" role=\"alert\">")
            body.append("<h1>⚠ \(h(alert.title(l)))</h1>")
            for reason in alert.because { body.append("<p>\(h(reason(l)))</p>") }
            body.append("<ol>")
            for step in alert.steps { body.append("<li>\(h(step(l)))</li>") }
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
                body.append(section.style == .checklist ? "<ul class=\"checklist\">" : "<\(list)>")
                for item in section.items {
                    var entry = "<li>"
                    if section.style == .checklist { entry += item.done == true ? "☑ " : "☐ " }
                    if let severity = item.severity {
                        entry += "<span class=\"severity \(severity.rawValue)\">\(h(severity.label(l)))</span> "
                    }
                    entry += item.isHeaded ? "<strong>\(h(item.title(l)))</strong>" : h(item.title(l))
                    for mark in item.marks { entry += " <span class=\"mark\">\(h(mark(l)))</span>" }
                    if let detail = item.detail { entry += "<br>\(h(detail(l)))" }
                    if !item.steps.isEmpty { entry += "<ol>" + item.steps.map { "<li>\(h($0(l)))</li>" }.joined() + "</ol>" }
                    for link in item.links {
                        entry += "<br><a href=\"\(h(link.url))\">\(h(link.title.map { $0(l) } ?? link.url))</a>"
                    }
                    for extra in item.extra { entry += "<br><span class=\"meta\">\(h(extra(l)))</span>" }
                    body.append(entry + "</li>")
                }
                body.append("</\(list)>")
            }
            body.append("</section>")
        }
        let pageTitle = d.alert.map { "\($0.title(l)) — \(d.title(l))" } ?? d.title(l)
        return HTMLPage.page(language: l, title: pageTitle, style: style, body: body.joined(separator: "\n"))
    }
}
