import Foundation

/// A document that is not the audit report — the risk check, the guides, the stop letter, the phone guide,
/// and the new families' summaries — as one small model that one set of renderers turns into text,
/// Markdown and HTML (`DocumentRenderer`). JSON stays each document's own schema (`RenderableDocument.json`).
///
/// An alert, when there is one, comes before anything else in every format.
public struct Document: Sendable {
    /// What must be seen first: acute danger (a number to call and what to do) or a plain notice.
    public struct Alert: Sendable {
        public enum Style: String, Sendable { case emergency, notice }

        public var style: Style
        public var title: LocalizedText
        /// Why the alert is shown (the acute questions answered yes), before the steps.
        public var because: [LocalizedText]
        /// What to do, in order.
        public var steps: [LocalizedText]
        /// The number to call, when there is one.
        public var number: String?

        public init(style: Style = .emergency, title: LocalizedText, because: [LocalizedText] = [], steps: [LocalizedText] = [],
                    number: String? = nil) {
            self.style = style
            self.title = title
            self.because = because
            self.steps = steps
            self.number = number
        }
    }

    /// An address an item points to, with what it is.
    public struct Link: Sendable, Hashable {
        public var title: LocalizedText?
        public var url: String

        public init(_ url: String, title: LocalizedText? = nil) {
            self.url = url
            self.title = title
        }
    }

    public struct Item: Sendable {
        public var title: LocalizedText
        public var detail: LocalizedText?
        /// Smaller lines under the item: a helpline's number, its cost and hours.
        public var extra: [LocalizedText]
        /// How much the item matters, shown before its title.
        public var severity: Severity?
        /// Short labels after the title: "new", "12 min", "group 2".
        public var marks: [LocalizedText]
        public var links: [Link]
        /// Smaller steps under the item, in order.
        public var steps: [LocalizedText]
        /// Done (true) or still to do (false) in a checklist; nil elsewhere.
        public var done: Bool?

        public init(title: LocalizedText, detail: LocalizedText? = nil, extra: [LocalizedText] = [], severity: Severity? = nil,
                    marks: [LocalizedText] = [], links: [Link] = [], steps: [LocalizedText] = [], done: Bool? = nil) {
            self.title = title
            self.detail = detail
            self.extra = extra
            self.severity = severity
            self.marks = marks
            self.links = links
            self.steps = steps
            self.done = done
        }

        /// Shown strong: an item with more under it than its title.
        var isHeaded: Bool { detail != nil || !steps.isEmpty }
    }

    public struct Section: Sendable {
        /// How the items are listed.
        public enum Style: String, Sendable { case bullets, numbered, checklist }

        public var id: String
        public var title: LocalizedText
        public var intro: LocalizedText?
        public var items: [Item]
        public var style: Style
        /// Text shown exactly as written, line by line (the letter).
        public var verbatim: LocalizedText?

        public init(id: String, title: LocalizedText, intro: LocalizedText? = nil, items: [Item] = [], style: Style = .bullets,
                    verbatim: LocalizedText? = nil) {
            self.id = id
            self.title = title
            self.intro = intro
            self.items = items
            self.style = style
            self.verbatim = verbatim
        }

        public var numbered: Bool { style == .numbered }
    }

    public var alert: Alert?
    public var title: LocalizedText
    /// Under the title: the date, the country.
    public var meta: LocalizedText?
    public var intro: [LocalizedText]
    public var sections: [Section]

    public init(alert: Alert? = nil, title: LocalizedText, meta: LocalizedText? = nil, intro: [LocalizedText] = [], sections: [Section]) {
        self.alert = alert
        self.title = title
        self.meta = meta
        self.intro = intro
        self.sections = sections
    }
}

/// A document with its own JSON schema: text, Markdown and HTML come from `document` through the shared
/// renderers, JSON from `json`.
public protocol RenderableDocument {
    var document: Document { get }
    /// The document's own schema (`hygiene-…/1`), in `language`.
    func json(_ language: Language) throws -> String
}

extension RenderableDocument {
    /// The document in `format`.
    public func render(_ format: OutputFormat, language: Language, color: Bool = false, width: Int = 80) throws -> String {
        format == .json ? try json(language) : DocumentRenderer.render(document, format: format, language: language, color: color, width: width)
    }
}
