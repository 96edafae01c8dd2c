import AuditCore
import Foundation
import Mustache

/// The plan in every format `hygiene reset --format` offers.
public enum PlanFormat: String, CaseIterable, Sendable {
    case text, markdown, html, json
    /// The recovery graph in Graphviz's language.
    case dot

    public func render(_ plan: ResetPlan, language: Language, width: Int = 80) throws -> String {
        switch self {
        case .text: PlanText(width: width).render(plan, language)
        case .markdown: PlanMarkdown().render(plan, language)
        case .html: PlanHTML().render(plan, language)
        case .json: try PlanJSON().render(plan, language)
        case .dot: PlanDot().render(plan, language)
        }
    }
}

/// Words the plan's outputs share, in both languages.
enum PlanWords {
    static let title = LocalizedText(en: "Your account-reset plan", nl: "Je plan om accounts terug te nemen")
    static let intro = LocalizedText(
        en: "In this order, nothing you do can be undone by a later step: first what the other accounts recover through. Keep evidence before you change anything.",
        nl: "In deze volgorde maakt geen latere stap ongedaan wat je al deed: eerst wat de andere accounts nodig hebben om te herstellen. Bewaar bewijs voordat je iets verandert.")
    static let danger = LocalizedText(
        en: "In danger now: call 112. Advice, also anonymously: Veilig Thuis 0800-2000 (NL), 1712 (BE).",
        nl: "Nu in gevaar: bel 112. Advies, ook anoniem: Veilig Thuis 0800-2000 (NL), 1712 (BE).")
    static let careful = LocalizedText(en: "Careful", nl: "Let op")
    static let carefulText = LocalizedText(en: "your ex may notice this", nl: "je ex kan dit merken")
    static let evidence = LocalizedText(en: "Evidence first", nl: "Eerst bewijs")
    static let evidenceText = LocalizedText(en: "take a screenshot of what is there before you change it",
                                            nl: "maak een screenshot van wat er staat voordat je het verandert")
    static let why = LocalizedText(en: "Why here", nl: "Waarom hier")
    static let group = LocalizedText(en: "Group", nl: "Groep")
    static let minutes = LocalizedText(en: "min", nl: "min")
    static let done = LocalizedText(en: "done", nl: "klaar")
    static let skipped = LocalizedText(en: "skipped", nl: "overgeslagen")
    static let next = LocalizedText(en: "Next", nl: "Volgende")
    static func summary(_ plan: ResetPlan) -> LocalizedText {
        let counts = plan.statusCounts
        let done = counts[.done] ?? 0, skipped = counts[.skipped] ?? 0, total = counts.values.reduce(0, +)
        let hours = Double(plan.minutes) / 60
        return LocalizedText(
            en: "\(total) steps: \(done) done, \(skipped) skipped, \(total - done - skipped) to do (about \(String(format: "%.1f", hours)) hours).",
            nl: "\(total) stappen: \(done) klaar, \(skipped) overgeslagen, \(total - done - skipped) te doen (ongeveer \(String(format: "%.1f", hours).replacingOccurrences(of: ".", with: ",")) uur).")
    }
    static func section(_ kind: PlanSection.Kind) -> LocalizedText {
        switch kind {
        case .start: LocalizedText(en: "Before anything", nl: "Vóór alles")
        case .accounts: LocalizedText(en: "Your devices and accounts, in order", nl: "Je apparaten en accounts, op volgorde")
        case .around: LocalizedText(en: "Around your accounts", nl: "Rond je accounts")
        }
    }
    static func status(_ status: StepStatus) -> LocalizedText {
        switch status {
        case .todo: LocalizedText(en: "to do", nl: "te doen")
        case .done: done
        case .skipped: skipped
        }
    }
    /// `Gmail — Change the password`, or the title alone for a step not about one account.
    static func heading(_ step: PlanStep, _ l: Language) -> String { step.heading(l) }

    /// The tier a section starts, when it is the first of its tier: `Today — 23 steps, about 95 minutes`, and what it is for.
    static func tierHeading(_ plan: ResetPlan, _ index: Int, _ l: Language) -> (title: String, about: String)? {
        let sections = plan.sections.filter { !$0.steps.isEmpty }
        let section = sections[index]
        guard let texts = plan.tiers[section.tier], index == 0 || sections[index - 1].tier != section.tier else { return nil }
        let steps = sections.filter { $0.tier == section.tier }.reduce(0) { $0 + $1.steps.count }
        let size = LocalizedText(en: "\(steps) steps, about \(plan.minutes(in: section.tier)) minutes to do",
                                 nl: "\(steps) stappen, nog ongeveer \(plan.minutes(in: section.tier)) minuten")
        return (texts.title(l) + " — " + size(l), texts.about(l))
    }

    /// A section's own heading, left out for the bulk steps of the later tier (their groups name themselves).
    static func sectionTitle(_ section: PlanSection, _ l: Language) -> String? {
        section.tier == .later && section.kind == .accounts ? nil : self.section(section.kind)(l)
    }
}

/// The plan on a terminal or in a text file: numbered steps, wrapped.
struct PlanText {
    var width: Int

    /// Written into one buffer of bytes: a 2,000-account plan is 9 MB of text.
    func render(_ plan: ResetPlan, _ l: Language) -> String {
        let wrapper = TextWrap(width: width)
        var out: [UInt8] = []
        out.reserveCapacity(plan.sections.reduce(0) { $0 + $1.steps.count } * 800 + 4_096)
        func line(_ text: String) {
            out.append(contentsOf: text.utf8)
            out.append(10)
        }
        func wrapped(_ text: String, indent: String = "") {
            wrapper.wrap(text, first: indent, rest: indent, into: &out)
            out.append(10)
        }
        line(PlanWords.title(l))
        line(String(repeating: "=", count: PlanWords.title(l).count))
        wrapped(PlanWords.danger(l))
        wrapped(PlanWords.intro(l))
        wrapped(PlanWords.summary(plan)(l))
        for note in plan.notes { wrapped("• " + note(l)) }
        var number = 0
        let indent = "      "
        for (index, section) in plan.sections.filter({ !$0.steps.isEmpty }).enumerated() {
            if let tier = PlanWords.tierHeading(plan, index, l) {
                line("")
                line(tier.title)
                line(String(repeating: "=", count: tier.title.count))
                wrapped(tier.about)
            }
            if let title = PlanWords.sectionTitle(section, l) {
                line("")
                line(title)
                line(String(repeating: "-", count: title.count))
            } else {
                line("")
            }
            for step in section.steps {
                number += 1
                let box = step.status == .done ? "[x]" : step.status == .skipped ? "[-]" : "[ ]"
                var head = "\(box) \(number). \(PlanWords.heading(step, l)) (\(step.minutes) \(PlanWords.minutes(l)))"
                if let group = step.group { head += " [\(PlanWords.group(l)) \(group)]" }
                wrapped(head)
                wrapped(step.detail(l), indent: indent)
                if let url = step.url { line(indent + url) }
                if step.careful { wrapped("⚠ \(PlanWords.careful(l)): \(PlanWords.carefulText(l)).", indent: indent) }
                if step.evidence { wrapped("\(PlanWords.evidence(l)): \(PlanWords.evidenceText(l)).", indent: indent) }
                wrapped("\(PlanWords.why(l)): \(step.why(l))", indent: indent)
                if let tierWhy = step.tierWhy { wrapped(tierWhy(l), indent: indent) }
                line(indent + "id: " + step.id)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The plan as Markdown, with task-list boxes.
struct PlanMarkdown {
    /// A backslash before each character Markdown would read as markup; on the bytes, as all of these are ASCII.
    func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { Self.special[Int($0)] }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 8)
        for byte in utf8 {
            if Self.special[Int(byte)] { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let special: [Bool] = (0..<256).map { "\\`*_[]<>#|".utf8.contains(UInt8($0)) }

    func render(_ plan: ResetPlan, _ l: Language) -> String {
        var out = ["# \(PlanWords.title(l))", "", "> \(PlanWords.danger(l))", "", PlanWords.intro(l), "", PlanWords.summary(plan)(l)]
        if !plan.notes.isEmpty { out.append("") }
        for note in plan.notes { out.append("- \(escape(note(l)))") }
        var number = 0
        for (index, section) in plan.sections.filter({ !$0.steps.isEmpty }).enumerated() {
            if let tier = PlanWords.tierHeading(plan, index, l) { out += ["", "## \(escape(tier.title))", "", escape(tier.about)] }
            out += ["", PlanWords.sectionTitle(section, l).map { "### \($0)" } ?? "---", ""]
            for step in section.steps {
                number += 1
                let box = step.status == .todo ? "[ ]" : "[x]"
                var head = "- \(box) **\(number). \(escape(PlanWords.heading(step, l)))** (\(step.minutes) \(PlanWords.minutes(l)))"
                if step.status == .skipped { head += " — \(PlanWords.skipped(l))" }
                if let group = step.group { head += " — \(PlanWords.group(l)) \(group)" }
                out.append(head)
                out.append("  \(escape(step.detail(l)))" + (step.url.map { " <\($0)>" } ?? ""))
                if step.careful { out.append("  ⚠ **\(PlanWords.careful(l))**: \(PlanWords.carefulText(l)).") }
                if step.evidence { out.append("  **\(PlanWords.evidence(l))**: \(PlanWords.evidenceText(l)).") }
                out.append("  *\(PlanWords.why(l))*: \(escape(step.why(l)))" + (step.tierWhy.map { " " + escape($0(l)) } ?? ""))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The plan as JSON, schema `hygiene-reset/1` (documented in the README).
struct PlanJSON {
    struct Document: Encodable {
        var schema = ResetPlan.schema
        var generatedAt: String
        var language: String
        var minutes: Int
        var notes: [String]
        var steps: [Step]
    }
    struct Step: Encodable {
        var id: String
        var section: String
        var account: String?
        var service: String?
        var title: String
        var detail: String
        var url: String?
        var dependsOn: [String]
        var why: String
        var minutes: Int
        var status: String
        var flags: [String]
        var careful: Bool
        var evidence: Bool
        var group: Int?
        var tier: String
        var tierWhy: String?
        var subject: String?

        enum CodingKeys: String, CodingKey {
            case id, section, account, service, title, detail, url, dependsOn, why, minutes, status, flags, careful, evidence, group, tier, tierWhy, subject
        }

        // `account` and `service` are written as null when absent, as the schema says.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(section, forKey: .section)
            try container.encode(account, forKey: .account)
            try container.encode(service, forKey: .service)
            try container.encode(title, forKey: .title)
            try container.encode(detail, forKey: .detail)
            try container.encodeIfPresent(url, forKey: .url)
            try container.encode(dependsOn, forKey: .dependsOn)
            try container.encode(why, forKey: .why)
            try container.encode(minutes, forKey: .minutes)
            try container.encode(status, forKey: .status)
            try container.encode(flags, forKey: .flags)
            try container.encode(careful, forKey: .careful)
            try container.encode(evidence, forKey: .evidence)
            try container.encodeIfPresent(group, forKey: .group)
            try container.encode(tier, forKey: .tier)
            try container.encodeIfPresent(tierWhy, forKey: .tierWhy)
            try container.encodeIfPresent(subject, forKey: .subject)
        }
    }

    func render(_ plan: ResetPlan, _ l: Language) throws -> String {
        try render(plan, l, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Large plans (a 2,000-account vault gives 12,000 steps and 12 MB) are encoded a part of the
    /// steps per core and put together; the bytes are the same as one encoder's (tested).
    func render(_ plan: ResetPlan, _ l: Language, cores: Int, parallelFrom: Int = 2_000) throws -> String {
        let formatter = ISO8601DateFormatter()
        let steps = plan.sections.flatMap { section in
            section.steps.map { step in
                Step(id: step.id, section: section.kind.rawValue, account: step.account, service: step.service, title: step.title(l),
                     detail: step.detail(l), url: step.url, dependsOn: step.dependsOn, why: step.why(l), minutes: step.minutes,
                     status: step.status.rawValue, flags: step.flags.map(\.rawValue), careful: step.careful, evidence: step.evidence,
                     group: step.group, tier: step.tier.rawValue, tierWhy: step.tierWhy?(l), subject: step.subject?(l))
            }
        }
        var document = Document(generatedAt: formatter.string(from: plan.generatedAt), language: l.rawValue, minutes: plan.minutes,
                                notes: plan.notes.map { $0(l) }, steps: steps)
        var data: Data
        if steps.count < parallelFrom || cores < 2 {
            data = try Self.encoder().encode(document)
        } else {
            document.steps = []
            data = try Self.encoder().encode(document)
            // `steps` is the last key (they are sorted): cut the document at it and write the array from the parts.
            guard let cut = data.lastRange(of: Data(#""steps" : "#.utf8)) else { throw EncodingError.invalidValue(document, .init(codingPath: [], debugDescription: "no steps key")) }
            data.removeSubrange(cut.upperBound...)
            data.append(contentsOf: "[\n".utf8)
            let parts = try Self.encodeInParts(steps, parts: cores)
            for (index, part) in parts.enumerated() {
                if index > 0 { data.append(contentsOf: ",\n".utf8) }
                data.append(part)
            }
            data.append(contentsOf: "\n  ]\n}".utf8)
        }
        data.append(10)
        return String(decoding: data, as: UTF8.self)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Each part of the steps as the elements of an array one level in: a part is encoded as an array
    /// of its own, its brackets taken off and every line indented by two more spaces (JSON strings
    /// hold no raw line breaks, so every line break in the bytes is the encoder's).
    static func encodeInParts(_ steps: [Step], parts: Int) throws -> [Data] {
        let size = (steps.count + parts - 1) / parts
        let slices = stride(from: 0, to: steps.count, by: size).map { Array(steps[$0..<min($0 + size, steps.count)]) }
        let results = UnsafeMutableBufferPointer<Result<Data, any Error>?>.allocate(capacity: slices.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let slots = PartSlots(buffer: results)
        DispatchQueue.concurrentPerform(iterations: slices.count) { index in
            slots.buffer[index] = Result {
                let array = try encoder().encode(slices[index])
                var part = [UInt8]()
                part.reserveCapacity(array.count + array.count / 8)
                array.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                    // The elements lie between "[\n" and "\n]".
                    // An empty line (inside an empty array) stays empty, as the encoder writes it.
                    var start = 2
                    let end = bytes.count - 2
                    while start < end {
                        var line = start
                        while line < end && bytes[line] != 10 { line += 1 }
                        if line > start { part.append(contentsOf: "  ".utf8) }
                        part.append(contentsOf: bytes[start..<min(line + 1, end)])
                        start = line + 1
                    }
                }
                return Data(part)
            }
        }
        return try results.map { try $0!.get() }
    }

    struct PartSlots: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<Result<Data, any Error>?> }
}

/// A printable checklist: one page of steps with boxes to tick, no scripts.
struct PlanHTML {
    static let template: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: page)
        } catch {
            preconditionFailure("the built-in plan template does not parse: \(error)")
        }
    }()

    /// The steps are rendered a part at a time on every core (a 2,000-account plan has 12,000 steps and
    /// the template engine looks up and escapes each field on its own), then put into the page.
    func render(_ plan: ResetPlan, _ l: Language) -> String {
        let labels: [String: Any] = [
            "carefulLabel": PlanWords.careful(l), "carefulText": PlanWords.carefulText(l), "evidenceLabel": PlanWords.evidence(l),
            "evidenceText": PlanWords.evidenceText(l), "whyLabel": PlanWords.why(l), "minutesLabel": PlanWords.minutes(l),
            "skippedLabel": PlanWords.skipped(l),
        ]
        var number = 0
        var parts: [(section: Int, steps: [[String: Any]])] = []
        let shown = plan.sections.filter { !$0.steps.isEmpty }
        for (index, section) in shown.enumerated() {
            var steps: [[String: Any]] = []
            for step in section.steps {
                number += 1
                var entry: [String: Any] = [
                    "id": step.id, "number": number, "heading": PlanWords.heading(step, l), "detail": step.detail(l), "why": step.why(l),
                    "minutes": step.minutes, "done": step.status == .done, "skipped": step.status == .skipped,
                    "careful": step.careful, "evidence": step.evidence, "flags": step.flags.map { $0.label(l) },
                    "hasFlags": !step.flags.isEmpty, "tier": step.tier.rawValue,
                ]
                if let tierWhy = step.tierWhy { entry["tierWhy"] = tierWhy(l) }
                if let url = step.url { entry["url"] = url }
                if let group = step.group { entry["group"] = "\(PlanWords.group(l)) \(group)" }
                steps.append(entry)
                if steps.count == Self.partSize {
                    parts.append((index, steps))
                    steps = []
                }
            }
            if !steps.isEmpty { parts.append((index, steps)) }
        }
        let rendered = UnsafeMutableBufferPointer<String>.allocate(capacity: parts.count)
        rendered.initialize(repeating: "")
        defer { rendered.deinitialize(); rendered.deallocate() }
        let slots = RenderedParts(buffer: rendered)
        // Contexts of strings, numbers and flags: values, read by one part each.
        let contexts = Contexts(values: parts.map { part in labels.merging(["steps": part.steps]) { $1 } })
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            slots.buffer[index] = Self.stepsTemplate.render(contexts.values[index])
        }
        let sections: [[String: Any]] = shown.enumerated().map { index, section in
            var entry: [String: Any] = [
             // The page's own line break follows the steps.
             "stepsHTML": String(zip(parts, rendered).filter { $0.0.section == index }.map(\.1).joined().dropLast())]
            if let title = PlanWords.sectionTitle(section, l) { entry["sectionTitle"] = title }
            if let tier = PlanWords.tierHeading(plan, index, l) { entry["tier"] = ["title": tier.title, "about": tier.about, "id": section.tier.rawValue] }
            return entry
        }
        let context: [String: Any] = [
            "lang": l.rawValue, "title": PlanWords.title(l), "danger": PlanWords.danger(l), "intro": PlanWords.intro(l),
            "summary": PlanWords.summary(plan)(l), "notes": plan.notes.map { $0(l) }, "sections": sections,
            "hasGraph": !plan.graph.nodes.isEmpty, "graphHeading": GraphWords.heading(l), "graphCaption": GraphWords.caption(l),
            "graphNote": GraphWords.managerNote(l), "graphSVG": PlanGraphSVG().render(plan, l),
        ]
        return Self.template.render(context)
    }

    static let partSize = 500

    struct RenderedParts: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<String> }
    struct Contexts: @unchecked Sendable { let values: [[String: Any]] }

    static let stepsTemplate: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: steps)
        } catch {
            preconditionFailure("the built-in plan template does not parse: \(error)")
        }
    }()

    static let page = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}}</title>
    <style>
    body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
    h1 { font-size: 1.6rem; margin-bottom: .3rem; }
    h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #888; }
    h3 { font-size: 1.1rem; margin-top: 1.6rem; border-bottom: 1px solid #ccc; }
    .about { color: #333; }
    .danger { border: 2px solid #b00; padding: .5rem .8rem; font-weight: 600; }
    ol { list-style: none; padding: 0; }
    li.step { margin: .9rem 0; padding-left: 2rem; position: relative; page-break-inside: avoid; }
    li.step input[type=checkbox] { position: absolute; left: 0; top: .2rem; width: 1.1rem; height: 1.1rem; }
    .head { font-weight: 600; }
    .meta, .why { color: #555; font-size: .92rem; }
    .careful { color: #8a4b00; }
    .evidence { color: #1f4f8a; }
    .skipped .head { text-decoration: line-through; }
    .flag { display: inline-block; border: 1px solid #999; border-radius: .3rem; padding: 0 .3rem; margin-right: .3rem; font-size: .8rem; }
    @media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } .danger { border-width: 1px; } }
    @page { size: A4; margin: 14mm; }
    figure.graph { margin: 1rem 0; } figure.graph svg { width: 100%; height: auto; } figure.graph figcaption { color: #555; font-size: .9rem; }
    </style>
    </head>
    <body>
    <h1>{{title}}</h1>
    <p class="danger">{{danger}}</p>
    <p>{{intro}}</p>
    <p class="meta">{{summary}}</p>
    {{#notes.first}}<ul>{{#notes}}<li>{{.}}</li>{{/notes}}</ul>{{/notes.first}}
    {{#hasGraph}}<h2>{{graphHeading}}</h2>
    <figure class="graph">
    {{{graphSVG}}}
    <figcaption>{{graphCaption}} {{graphNote}}</figcaption>
    </figure>{{/hasGraph}}
    {{#sections}}
    {{#tier}}<h2 class="tier" id="tier-{{id}}">{{title}}</h2>
    <p class="about">{{about}}</p>
    {{/tier}}{{#sectionTitle}}<h3>{{sectionTitle}}</h3>
    {{/sectionTitle}}<ol>
    {{{stepsHTML}}}
    </ol>
    {{/sections}}
    </body>
    </html>

    """

    /// One part of a section's steps, rendered apart and put into the page as it is (already escaped).
    static let steps = """
    {{#steps}}
    <li class="step{{#skipped}} skipped{{/skipped}}" id="{{id}}">
    <input type="checkbox" id="box-{{number}}" aria-label="{{heading}}"{{#done}} checked{{/done}}>
    <label class="head" for="box-{{number}}">{{number}}. {{heading}}</label>
    <span class="meta">({{minutes}} {{minutesLabel}}{{#group}}, {{.}}{{/group}}{{#skipped}}, {{skippedLabel}}{{/skipped}})</span>
    {{#hasFlags}}<div>{{#flags}}<span class="flag">{{.}}</span>{{/flags}}</div>{{/hasFlags}}
    <div>{{detail}}{{#url}} <a href="{{url}}">{{url}}</a>{{/url}}</div>
    {{#careful}}<div class="careful">⚠ {{carefulLabel}}: {{carefulText}}.</div>{{/careful}}
    {{#evidence}}<div class="evidence">{{evidenceLabel}}: {{evidenceText}}.</div>{{/evidence}}
    <div class="why">{{whyLabel}}: {{why}}{{#tierWhy}} {{.}}{{/tierWhy}}</div>
    </li>
    {{/steps}}

    """
}
