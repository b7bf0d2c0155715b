/// The state machine as a graph a person can read, for Graphviz (DOT) or
/// Mermaid: states grouped by file or by track (DOT clusters, Mermaid
/// subgraphs), every transition labelled with what causes it (an option's
/// label, `on INTENT`, a condition), automatic transitions and global
/// handlers drawn differently, and a legend. A large dialog can be drawn a
/// group at a time (`only`) or around one state (`focus`, `depth`).
public enum DialogGraph {
    /// The output language: Graphviz DOT, or a Mermaid flowchart.
    public enum Format: String, Sendable, CaseIterable {
        case dot, mermaid
    }

    /// How states are grouped into clusters.
    public enum Grouping: String, Sendable, CaseIterable {
        /// By the file that defines them, relative to the dialog's folder.
        case file
        /// By the first part of their name (`betrayed.talk` is in track `betrayed`).
        case track
        case none
    }

    /// What to draw and how; the defaults draw the whole dialog grouped by file.
    public struct Options: Sendable {
        /// How states are grouped into clusters (DOT) or subgraphs (Mermaid).
        public var grouping: Grouping = .file
        /// Draw only the states within `depth` transitions of this one (either way).
        public var focus: String?
        /// How many transitions from `focus` to draw, either way; 0 or more.
        public var depth = 1
        /// Draw only the states of this group (a file or a track, by `grouping`).
        public var only: String?
        /// Draw a legend of the edge kinds.
        public var legend = true
        /// Left to right, or top to bottom; nil: top to bottom for one group or
        /// one neighbourhood (a portrait page), left to right for the whole dialog.
        public var direction: Direction?

        /// Each parameter sets the property of the same name.
        public init(grouping: Grouping = .file, focus: String? = nil, depth: Int = 1, only: String? = nil, legend: Bool = true,
                    direction: Direction? = nil) {
            self.direction = direction
            self.grouping = grouping
            self.focus = focus
            self.depth = depth
            self.only = only
            self.legend = legend
        }
    }

    /// The direction of the layout, as Graphviz's `rankdir` and Mermaid's `flowchart` name it.
    public enum Direction: String, Sendable, CaseIterable {
        case leftToRight = "LR", topToBottom = "TB"
    }

    /// A request the dialog cannot answer, said so a person can fix it.
    public struct GraphError: Error, Sendable, CustomStringConvertible {
        /// The problem, as a sentence ready to print after "error: ".
        public var description: String
    }

    enum EdgeKind: Int, Hashable, CaseIterable {
        /// A numbered option the user picks.
        case option
        /// `on INTENT` in a state.
        case trigger
        /// Moving on without waiting for the user (`go` in a state's body).
        case automatic
        /// A global handler, from any state; safety handlers are `safety`.
        case global
        case safety
    }

    struct Edge: Hashable {
        var from: String
        var to: String
        var label: String
        var kind: EdgeKind
    }

    static let anyState = "(any state)"
    static let endNode = "(end)"
    static let backNode = "(back)"

    // MARK: - The graph

    static func edges(_ dialog: CompiledDialog) -> [Edge] {
        var edges: [Edge] = []
        var seen = Set<Edge>()
        func add(_ from: String, _ target: GoTarget, _ label: String, _ kind: EdgeKind) {
            let to: String
            switch target {
            case .state(let id) where id >= 0: to = dialog.states[Int(id)].name
            case .restart: to = dialog.states[Int(dialog.start)].name
            case .end: to = endNode
            case .back: to = backNode
            default: return
            }
            let edge = Edge(from: from, to: to, label: label, kind: kind)
            if seen.insert(edge).inserted { edges.append(edge) }
        }
        /// Walks actions; `label` names what led here, `conditions` the `if`s around.
        func walk(_ from: String, _ actions: [Action], label: String, kind: EdgeKind, conditions: [String]) {
            for action in actions {
                switch action {
                case .go(let target):
                    add(from, target, joined(label, conditions), kind)
                case .branch(let branches, let otherwise):
                    var earlier: [String] = []
                    for (condition, body) in branches {
                        let text = conditionText(condition, dialog)
                        walk(from, body, label: label, kind: kind, conditions: conditions + earlier.map { "not (\($0))" } + [text])
                        earlier.append(text)
                    }
                    if let otherwise {
                        walk(from, otherwise, label: label, kind: kind,
                             conditions: conditions + [earlier.count == 1 ? "not \(earlier[0])" : "else"])
                    }
                case .option(let id):
                    let option = dialog.options[Int(id)]
                    walk(from, option.body, label: templateText(option.label, dialog), kind: .option, conditions: conditions)
                default:
                    break
                }
            }
        }
        for state in dialog.states {
            walk(state.name, state.body, label: "", kind: .automatic, conditions: [])
            for id in state.triggers.ids + state.fallbacks {
                let handler = dialog.handlers[Int(id)]
                walk(state.name, handler.body, label: "on " + handler.label, kind: .trigger,
                     conditions: handler.condition.map { [conditionText($0, dialog)] } ?? [])
            }
        }
        for (ids, kind) in [(dialog.safetyHandlers.ids, EdgeKind.safety), (dialog.beforeHandlers.ids, .global),
                            (dialog.afterHandlers.ids, .global)] {
            for id in ids {
                let handler = dialog.handlers[Int(id)]
                walk(anyState, handler.body, label: "on " + handler.label, kind: kind,
                     conditions: handler.condition.map { [conditionText($0, dialog)] } ?? [])
            }
        }
        // One line per (from, to, kind), its causes listed one per line: four
        // intents leading the same way are one arrow, not four side by side.
        // Intents without a condition share a line ("on blame, anger, hurt"),
        // which wrap() folds: the trust coach's answer classes send ten intents
        // to each next tip, and ten lines a label made a track's page four pages tall.
        var merged: [Edge] = []
        var position: [Edge: Int] = [:]
        for edge in edges {
            let key = Edge(from: edge.from, to: edge.to, label: "", kind: edge.kind)
            if let index = position[key] {
                let lastLine = merged[index].label.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
                if edge.label.hasPrefix("on "), !edge.label.contains("\n"), lastLine.hasPrefix("on ") {
                    merged[index].label += ", " + edge.label.dropFirst(3)
                } else if !edge.label.isEmpty {
                    merged[index].label += merged[index].label.isEmpty ? edge.label : "\n" + edge.label
                }
            } else {
                position[key] = merged.count
                merged.append(edge)
            }
        }
        return merged
    }

    static func joined(_ label: String, _ conditions: [String]) -> String {
        let condition = conditions.isEmpty ? "" : "if " + conditions.joined(separator: " and ")
        if label.isEmpty { return condition }
        return condition.isEmpty ? label : label + "\n[" + condition + "]"
    }

    /// A compiled condition written back as the language writes it.
    static func conditionText(_ condition: CompiledCondition, _ dialog: CompiledDialog) -> String {
        func value(_ v: CompiledValue) -> String {
            switch v {
            case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case .text(let t): "\"" + templateText(t, dialog) + "\""
            case .bool(let b): b ? "yes" : "no"
            case .variable(let name): name
            case .visits(let id): "visits " + stateName(id, dialog)
            }
        }
        switch condition {
        case .truthy(let v): return value(v)
        case .not(let c): return "not " + conditionText(c, dialog)
        case .and(let a, let b): return conditionText(a, dialog) + " and " + conditionText(b, dialog)
        case .or(let a, let b): return "(" + conditionText(a, dialog) + " or " + conditionText(b, dialog) + ")"
        case .compare(let a, let op, let b): return value(a) + " " + op.rawValue + " " + value(b)
        case .visited(let id): return "visited " + stateName(id, dialog)
        case .heard(let intent): return "heard " + (Int(intent) < dialog.intents.count ? dialog.intents[Int(intent)].name : "?")
        }
    }

    static func stateName(_ id: Int32, _ dialog: CompiledDialog) -> String {
        id >= 0 && Int(id) < dialog.states.count ? dialog.states[Int(id)].name : "?"
    }

    static func templateText(_ template: CompiledTemplate, _ dialog: CompiledDialog) -> String {
        template.parts.map { part in
            switch part {
            case .literal(let s): s
            case .capture(let n): "{\(n)}"
            case .input: "{input}"
            case .variable(let name): "{\(name)}"
            case .listItem(let list, let n): "{\(Int(list) < dialog.lists.count ? dialog.lists[Int(list)].name : "?").\(n)}"
            }
        }.joined()
    }

    /// The group of each state: its file relative to the dialog's folder, or its track.
    static func groups(_ dialog: CompiledDialog, _ grouping: Grouping) -> [String: String] {
        var out: [String: String] = [:]
        switch grouping {
        case .none:
            break
        case .track:
            for state in dialog.states { out[state.name] = String(state.name.prefix { $0 != "." }) }
        case .file:
            let folders = dialog.files.map { DialogPath.directory(of: $0).split(separator: "/", omittingEmptySubsequences: false) }
            var common = folders.first ?? []
            for folder in folders.dropFirst() {
                var n = 0
                while n < common.count, n < folder.count, common[n] == folder[n] { n += 1 }
                common = Array(common.prefix(n))
            }
            for state in dialog.states {
                let parts = state.location.file.split(separator: "/", omittingEmptySubsequences: false)
                out[state.name] = parts.dropFirst(common.count).joined(separator: "/")
            }
        }
        return out
    }

    // MARK: - Choosing what to draw

    struct Selection {
        var edges: [Edge]
        /// States drawn in full, in the dialog's order.
        var states: [String]
        /// States outside the selection that edges lead to or come from, drawn as stubs.
        var stubs: [String]
    }

    static func select(_ dialog: CompiledDialog, _ all: [Edge], _ options: Options, _ groups: [String: String]) throws -> Selection {
        var included = Set(dialog.states.map(\.name))
        if let only = options.only {
            let available = Set(groups.values)
            guard available.contains(only) else {
                let hint = NearestName.suggestion(for: only, among: available).map { "; did you mean '\($0)'?" } ?? ""
                throw GraphError(description: "no \(options.grouping == .track ? "track" : "file") named '\(only)'\(hint) (there are: \(available.sorted().joined(separator: ", ")))")
            }
            included = included.filter { groups[$0] == only }
        }
        if let focus = options.focus {
            guard dialog.stateIDs[focus] != nil else {
                let hint = NearestName.suggestion(for: focus, among: dialog.stateIDs.keys).map { "; did you mean '\($0)'?" } ?? ""
                throw GraphError(description: "unknown state '\(focus)'\(hint)")
            }
            guard options.depth >= 0 else { throw GraphError(description: "--depth must be 0 or more") }
            // Breadth-first over transitions both ways; global handlers do not join states together.
            var neighbours: [String: Set<String>] = [:]
            for edge in all where edge.from != anyState {
                neighbours[edge.from, default: []].insert(edge.to)
                neighbours[edge.to, default: []].insert(edge.from)
            }
            var reached: Set<String> = [focus]
            var frontier: Set<String> = [focus]
            // Stops when nothing new is reached, so any depth (even Int.max) costs at most one step per state.
            var steps = 0
            while steps < options.depth && !frontier.isEmpty {
                frontier = Set(frontier.flatMap { neighbours[$0] ?? [] }).subtracting(reached)
                reached.formUnion(frontier)
                steps += 1
            }
            included = included.intersection(reached)
        }
        let special: Set<String> = [anyState, endNode, backNode]
        let restricted = options.only != nil || options.focus != nil
        var edges: [Edge] = []
        var stubs: [String] = []
        var stubSet = Set<String>()
        for edge in all {
            let fromState = included.contains(edge.from)
            let toState = included.contains(edge.to)
            if restricted {
                // Drawn: what leaves or enters the states shown; global handlers only into them.
                guard fromState || toState else { continue }
            } else {
                guard (fromState || special.contains(edge.from)) && (toState || special.contains(edge.to)) else { continue }
            }
            for end in [edge.from, edge.to] where !included.contains(end) && !special.contains(end) && stubSet.insert(end).inserted {
                stubs.append(end)
            }
            edges.append(edge)
        }
        return Selection(edges: edges, states: dialog.states.map(\.name).filter(included.contains), stubs: stubs)
    }

    // MARK: - Rendering

    /// The graph as DOT or Mermaid text. Throws `GraphError` for an unknown
    /// `focus` state or `only` group, or a negative `depth`.
    public static func render(_ dialog: CompiledDialog, format: Format, options: Options = Options()) throws -> String {
        let groups = groups(dialog, options.grouping)
        let selection = try select(dialog, edges(dialog), options, groups)
        let start = dialog.states[Int(dialog.start)].name
        let extra = [anyState, endNode, backNode].filter { node in selection.edges.contains { $0.from == node || $0.to == node } }
        // Clusters in the order their first state appears.
        var clusterNames: [String] = []
        var members: [String: [String]] = [:]
        if options.grouping != .none {
            for state in selection.states {
                let group = groups[state] ?? ""
                if members[group] == nil { clusterNames.append(group) }
                members[group, default: []].append(state)
            }
        }
        switch format {
        case .dot:
            return dot(dialog, selection, start: start, extra: extra, clusters: clusterNames, members: members, options: options)
        case .mermaid:
            return mermaid(dialog, selection, start: start, extra: extra, clusters: clusterNames, members: members, options: options)
        }
    }

    /// Edge colours and styles, shared by both formats and the legend.
    static func style(_ kind: EdgeKind) -> (color: String, dot: String, words: String) {
        switch kind {
        case .option: ("#222222", "solid", "option the user picks")
        case .trigger: ("#1f5fa8", "solid", "on INTENT (what the user says)")
        case .automatic: ("#6a6a6a", "dashed", "automatic: moves on by itself")
        case .global: ("#8a5a00", "dotted", "global handler, from any state")
        case .safety: ("#c0262d", "bold", "safety handler, from any state")
        }
    }

    /// Wraps long labels so a graph stays narrow: at spaces, about every 28 characters.
    static func wrap(_ text: String, width: Int = 28) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var lines: [String] = []
            var current = ""
            for word in line.split(separator: " ") {
                if !current.isEmpty && current.count + 1 + word.count > width {
                    lines.append(current)
                    current = String(word)
                } else {
                    current += current.isEmpty ? String(word) : " " + word
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func dot(_ dialog: CompiledDialog, _ selection: Selection, start: String, extra: [String], clusters: [String],
                    members: [String: [String]], options: Options) -> String {
        func q(_ s: String) -> String { JSONText.quote(s) }
        var out = [
            "digraph \(q(dialog.name)) {",
            "  rankdir=\(direction(options).rawValue);",
            "  newrank=true;",
            "  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(q(title(dialog, options))), nodesep=0.25, ranksep=0.5];",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];",
            "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];",
        ]
        func node(_ name: String, indent: String) -> String {
            name == start ? "\(indent)\(q(name)) [peripheries=2, penwidth=1.5];" : "\(indent)\(q(name));"
        }
        if clusters.isEmpty {
            for state in selection.states { out.append(node(state, indent: "  ")) }
        } else {
            for (index, cluster) in clusters.enumerated() {
                out.append("  subgraph \(q("cluster_\(index)")) {")
                out.append("    label=\(q(cluster)); style=\"rounded,filled\"; fillcolor=\"#f3f5f8\"; color=\"#b8c2cc\";")
                for state in members[cluster] ?? [] { out.append(node(state, indent: "    ")) }
                out.append("  }")
            }
        }
        for stub in selection.stubs {
            out.append("  \(q(stub)) [style=\"rounded,dashed\", color=\"#999999\", fontcolor=\"#777777\"];")
        }
        for node in extra {
            switch node {
            case endNode: out.append("  \(q(node)) [shape=doublecircle, label=\"end\", fixedsize=true, width=0.5, fontsize=9];")
            case backNode: out.append("  \(q(node)) [shape=cds, label=\"back\", fillcolor=\"#eeeeee\"];")
            default: out.append("  \(q(node)) [shape=note, fillcolor=\"#fff4e0\"];")
            }
        }
        for edge in selection.edges {
            let look = style(edge.kind)
            var attributes: [String] = []
            if !edge.label.isEmpty { attributes.append("label=\(q(wrap(edge.label)))") }
            attributes.append("color=\(q(look.color))")
            if edge.kind != .option { attributes.append("fontcolor=\(q(look.color))") }
            if look.dot != "solid" { attributes.append("style=\(look.dot)") }
            out.append("  \(q(edge.from)) -> \(q(edge.to)) [\(attributes.joined(separator: ", "))];")
        }
        if options.legend {
            out.append("  subgraph \"cluster_legend\" {")
            out.append("    label=\"Legend\"; style=\"rounded\"; color=\"#b8c2cc\"; fontsize=10;")
            out.append("    node [shape=plaintext, style=\"\", label=\"\", width=0.1, height=0.1];")
            let kinds = EdgeKind.allCases.filter { kind in selection.edges.contains { $0.kind == kind } }
            for (n, kind) in kinds.enumerated() {
                let look = style(kind)
                out.append("    \"legend_\(n)a\" -> \"legend_\(n)b\" [label=\(q(look.words)), color=\(q(look.color)), fontcolor=\(q(look.color))"
                           + (look.dot == "solid" ? "" : ", style=\(look.dot)") + "];")
            }
            out.append("    \"legend_start\" [shape=box, style=\"rounded\", peripheries=2, label=\"start state\", fontsize=9];")
            if !selection.stubs.isEmpty {
                out.append("    \"legend_stub\" [shape=box, style=\"rounded,dashed\", color=\"#999999\", fontcolor=\"#777777\", label=\"state drawn elsewhere\", fontsize=9];")
            }
            out.append("  }")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    static func direction(_ options: Options) -> Direction {
        options.direction ?? (options.only != nil || options.focus != nil ? .topToBottom : .leftToRight)
    }

    static func title(_ dialog: CompiledDialog, _ options: Options) -> String {
        var title = dialog.name
        if let only = options.only { title += " — " + only }
        if let focus = options.focus { title += " — around \(focus) (depth \(options.depth))" }
        return title
    }

    static func mermaid(_ dialog: CompiledDialog, _ selection: Selection, start: String, extra: [String], clusters: [String],
                        members: [String: [String]], options: Options) -> String {
        var ids: [String: String] = [:]
        for (index, state) in dialog.states.enumerated() { ids[state.name] = "s\(index)" }
        for (index, node) in extra.enumerated() { ids[node] = "x\(index)" }
        func text(_ s: String) -> String {
            "\"" + s.replacingAll("\"", with: "#quot;").replacingAll("\n", with: "<br/>") + "\""
        }
        func node(_ name: String) -> String {
            let id = ids[name]!
            return name == start ? "\(id)([\(text(name))])" : "\(id)[\(text(name))]"
        }
        // A JSON string is a YAML string: a name with ": " in it cannot break the front matter.
        var out = ["---", "title: \(JSONText.quote(title(dialog, options)))", "---", "flowchart \(direction(options).rawValue)"]
        if clusters.isEmpty {
            for state in selection.states { out.append("  " + node(state)) }
        } else {
            for (index, cluster) in clusters.enumerated() {
                out.append("  subgraph g\(index) [\(text(cluster))]")
                for state in members[cluster] ?? [] { out.append("    " + node(state)) }
                out.append("  end")
            }
        }
        for stub in selection.stubs { out.append("  \(ids[stub]!)[\(text(stub))]:::stub") }
        for node in extra {
            switch node {
            case endNode: out.append("  \(ids[node]!)(((end)))")
            case backNode: out.append("  \(ids[node]!)>back]")
            default: out.append("  \(ids[node]!){{\(text(node))}}")
            }
        }
        var linkStyles: [String] = []
        var linkIndex = 0
        for edge in selection.edges {
            let arrow = edge.kind == .automatic || edge.kind == .global ? "-.->" : edge.kind == .safety ? "==>" : "-->"
            let label = edge.label.isEmpty ? "" : "|\(text(wrap(edge.label)))|"
            out.append("  \(ids[edge.from]!) \(arrow)\(label) \(ids[edge.to]!)")
            if edge.kind != .option { linkStyles.append("  linkStyle \(linkIndex) stroke:\(style(edge.kind).color),color:\(style(edge.kind).color)") }
            linkIndex += 1
        }
        if options.legend {
            let kinds = EdgeKind.allCases.filter { kind in selection.edges.contains { $0.kind == kind } }
            out.append("  subgraph legend [\"Legend\"]")
            out.append("    direction LR")
            out.append("    legendStart([\"start state\"])")
            if !selection.stubs.isEmpty { out.append("    legendStub[\"state drawn elsewhere\"]:::stub") }
            for (n, kind) in kinds.enumerated() {
                let arrow = kind == .automatic || kind == .global ? "-.->" : kind == .safety ? "==>" : "-->"
                out.append("    l\(n)a[\" \"]:::blank \(arrow)|\(text(style(kind).words))| l\(n)b[\" \"]:::blank")
                if kind != .option { linkStyles.append("  linkStyle \(linkIndex) stroke:\(style(kind).color),color:\(style(kind).color)") }
                linkIndex += 1
            }
            out.append("  end")
        }
        out += linkStyles
        out.append("  classDef stub stroke-dasharray:4 3,color:#777777,stroke:#999999")
        out.append("  classDef blank fill:none,stroke:none")
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// Every `target` replaced (ParleyKit keeps clear of Foundation's string methods).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
