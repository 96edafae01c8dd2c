import AuditCore
import Foundation

/// The step number (as the plan numbers its steps, from 1) of each graph node's first step.
func firstStepNumbers(_ plan: ResetPlan) -> [String: Int] {
    var numbers: [String: Int] = [:]
    var number = 0
    for section in plan.sections {
        for step in section.steps {
            number += 1
            let node = String(step.id.prefix { $0 != "/" })
            if numbers[node] == nil { numbers[node] = number }
        }
    }
    return numbers
}

/// The recovery graph in Graphviz's language (`--format dot`): every node with the number of its first
/// step, each group a cluster, each edge from what can take over to what it can take over, dashed where
/// it is assumed. Draw it with `dot -Tsvg plan.dot -o plan.svg`.
struct PlanDot {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    func render(_ plan: ResetPlan, _ l: Language) -> String {
        let graph = plan.graph
        let numbers = firstStepNumbers(plan)
        func label(_ node: PlanGraph.Node) -> String {
            numbers[node.id].map { "\($0). " + node.name(l) } ?? node.name(l)
        }
        var out = ["// \(PlanWords.title(l)): \(GraphWords.dotComment(l))",
                   "digraph \"reset-plan\" {",
                   "  graph [rankdir=TB, fontname=\"sans-serif\", label=\(Self.quoted(GraphWords.managerNote(l))), labelloc=b];",
                   "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"sans-serif\"];",
                   "  edge [fontname=\"sans-serif\", fontsize=10];"]
        var index = 0
        while index < graph.nodes.count {
            let node = graph.nodes[index]
            guard let group = node.group else {
                out.append("  \(Self.quoted(node.id)) [label=\(Self.quoted(label(node)))\(Self.style(node.kind))];")
                index += 1
                continue
            }
            out.append("  subgraph \(Self.quoted("cluster_group_\(group)")) {")
            out.append("    label=\(Self.quoted(GraphWords.group(group)(l))); style=dashed;")
            while index < graph.nodes.count, graph.nodes[index].group == group {
                let member = graph.nodes[index]
                out.append("    \(Self.quoted(member.id)) [label=\(Self.quoted(label(member)))\(Self.style(member.kind))];")
                index += 1
            }
            out.append("  }")
        }
        for edge in graph.edges {
            let from = graph.nodes[edge.from].id, to = graph.nodes[edge.to].id
            var attributes = "label=\(Self.quoted(GraphWords.edge(edge.reason)(l)))"
            if edge.assumed { attributes += ", style=dashed" }
            out.append("  \(Self.quoted(from)) -> \(Self.quoted(to)) [\(attributes)];")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    static func style(_ kind: PlanGraph.Kind) -> String {
        switch kind {
        case .account: ""
        case .theirAccount: ", style=\"rounded,dashed\""
        default: ", fillcolor=\"\(PlanGraphSVG.fill(kind))\""
        }
    }
}

/// The graph as an inline SVG for the printable plan, drawn by the tool (no script, nothing fetched):
/// one row per node in the plan's order, the roots (devices, password manager, number, mailboxes and
/// identity accounts, carriers) and every group; a frame around each group; arcs from what can take over
/// to what it can take over (down the page on the left, back up inside a group on the right), dashed
/// where assumed. Other accounts are counted, not drawn.
struct PlanGraphSVG {
    static let width = 760
    static let boxX = 170
    static let boxWidth = 400
    static let boxHeight = 26
    static let pitch = 36
    /// At most this many rows, so the picture stays a picture on paper.
    static let maxRows = 60

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
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

    static func fill(_ kind: PlanGraph.Kind) -> String {
        switch kind {
        case .devices: "#ececec"
        case .passwordManager: "#e3ecfb"
        case .phoneNumber: "#fbe3e3"
        case .letterbox: "#f1efe6"
        case .mailbox: "#e2f3e2"
        case .identity: "#efe4fa"
        case .carrier: "#fbefdb"
        case .account, .theirAccount: "#ffffff"
        }
    }

    static func shorten(_ text: String, to length: Int = 58) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// The rows drawn: every node but an ordinary account outside a group, in order, up to `maxRows`.
    static func rows(_ graph: PlanGraph) -> [Int] {
        Array(graph.nodes.indices.filter { graph.nodes[$0].kind != .account || graph.nodes[$0].group != nil }.prefix(maxRows))
    }

    func render(_ plan: ResetPlan, _ l: Language) -> String {
        let graph = plan.graph
        guard !graph.nodes.isEmpty else { return "" }
        let numbers = firstStepNumbers(plan)
        let rows = Self.rows(graph)
        var row: [Int: Int] = [:]
        for (at, node) in rows.enumerated() { row[node] = at }
        // Where each row's box sits: a group's frame takes a line for its label.
        var top: [Int] = []
        var frames: [(group: Int, top: Int, bottom: Int)] = []
        var y = 44
        for (at, node) in rows.enumerated() {
            let group = graph.nodes[node].group
            if let group, at == 0 || graph.nodes[rows[at - 1]].group != group {
                frames.append((group, y, y))
                y += 20
            }
            top.append(y)
            y += Self.pitch
            if let group, at == rows.count - 1 || graph.nodes[rows[at + 1]].group != group {
                frames[frames.count - 1].bottom = y - 4
                y += 8
            }
        }
        var hiddenDependents = [Int](repeating: 0, count: graph.nodes.count)
        for edge in graph.edges where row[edge.to] == nil { hiddenDependents[edge.from] += 1 }
        let hidden = graph.nodes.count - rows.count
        let height = y + (hidden > 0 ? 30 : 6)
        let title = GraphWords.heading(l)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 \(Self.width) \(height)\" width=\"\(Self.width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"graph-title\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n"
        out += "<title id=\"graph-title\">\(Self.escape(title))</title>\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#444\"/></marker></defs>\n"
        // The legend: a known and an assumed arrow.
        out += "<g class=\"legend\"><path d=\"M\(Self.boxX),14 h40\" stroke=\"#444\" fill=\"none\" marker-end=\"url(#arrow)\"/>"
        out += "<text x=\"\(Self.boxX + 48)\" y=\"18\">\(Self.escape(GraphWords.known(l)))</text>"
        out += "<path d=\"M\(Self.boxX + 150),14 h40\" stroke=\"#444\" stroke-dasharray=\"5 4\" fill=\"none\" marker-end=\"url(#arrow)\"/>"
        out += "<text x=\"\(Self.boxX + 198)\" y=\"18\">\(Self.escape(GraphWords.assumed(l)))</text></g>\n"
        for frame in frames {
            out += "<g class=\"group\" data-group=\"\(frame.group)\"><rect x=\"\(Self.boxX - 12)\" y=\"\(frame.top)\" width=\"\(Self.width - Self.boxX + 4)\" height=\"\(frame.bottom - frame.top)\" rx=\"6\" fill=\"none\" stroke=\"#8a4b00\" stroke-dasharray=\"6 3\"/>"
            out += "<text x=\"\(Self.boxX)\" y=\"\(frame.top + 14)\" fill=\"#8a4b00\" font-weight=\"600\">\(Self.escape(GraphWords.group(frame.group)(l)))</text></g>\n"
        }
        for edge in graph.edges {
            guard let from = row[edge.from], let to = row[edge.to] else { continue }
            // Down the page on the left; back up (only inside a group) on the right.
            let down = to > from
            let y1 = top[from] + Self.boxHeight / 2 + (down ? 3 : -3), y2 = top[to] + Self.boxHeight / 2 + (down ? -3 : 3)
            let bulge = (14 + 9 * min(abs(to - from), 14)) * (down ? -1 : 1)
            let x = down ? Self.boxX - 2 : Self.boxX + Self.boxWidth + 2
            out += "<path class=\"edge\" data-from=\"\(graph.nodes[edge.from].id)\" data-to=\"\(graph.nodes[edge.to].id)\" d=\"M\(x),\(y1) C\(x + bulge),\(y1) \(x + bulge),\(y2) \(x),\(y2)\" fill=\"none\" stroke=\"#444\"\(edge.assumed ? " stroke-dasharray=\"5 4\"" : "") marker-end=\"url(#arrow)\"><title>\(Self.escape(GraphWords.edge(edge.reason)(l)))</title></path>\n"
        }
        for (at, index) in rows.enumerated() {
            let node = graph.nodes[index]
            let label = numbers[node.id].map { "\($0). " + node.name(l) } ?? node.name(l)
            out += "<g class=\"node\" data-node=\"\(node.id)\"\(node.group.map { " data-group=\"\($0)\"" } ?? "")><title>\(Self.escape(label))</title>"
            out += "<rect x=\"\(Self.boxX)\" y=\"\(top[at])\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"5\" fill=\"\(Self.fill(node.kind))\" stroke=\"#555\"\(node.kind == .theirAccount ? " stroke-dasharray=\"4 3\"" : "")/>"
            // What depends on it but is not drawn is counted at the box's right end.
            let more = hiddenDependents[index] > 0
            out += "<text x=\"\(Self.boxX + 8)\" y=\"\(top[at] + 17)\">\(Self.escape(Self.shorten(label, to: more ? 36 : 58)))</text>"
            if more {
                out += "<text class=\"more\" x=\"\(Self.boxX + Self.boxWidth - 8)\" y=\"\(top[at] + 17)\" text-anchor=\"end\" fill=\"#555\">\(Self.escape(GraphWords.dependents(hiddenDependents[index])(l)))</text>"
            }
            out += "</g>\n"
        }
        if hidden > 0 {
            out += "<text class=\"hidden\" x=\"\(Self.boxX)\" y=\"\(y + 16)\" fill=\"#555\">\(Self.escape(GraphWords.hidden(hidden)(l)))</text>\n"
        }
        out += "</svg>"
        return out
    }
}
