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
        /// Left to right, or top to bottom; nil: for one group or one
        /// neighbourhood, chosen by the page's shape (`layoutDirection`), left
        /// to right for the whole dialog.
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
        /// Shown on hovering in an SVG: the states a merged edge stands for, or a keyed label in full.
        var tooltip = ""
    }

    static let anyState = "(any state)"
    static let endNode = "(end)"
    static let backNode = "(back)"

    // MARK: - The graph

    /// Every transition, one edge per cause, merged: see `merged(_:)`.
    static func edges(_ dialog: CompiledDialog) -> [Edge] {
        merged(rawEdges(dialog))
    }

    /// Every transition, one edge per cause (an option, a handler, a branch of
    /// an `if`), in the dialog's order; the same cause twice is one edge.
    static func rawEdges(_ dialog: CompiledDialog) -> [Edge] {
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
        return edges
    }

    /// One edge per (from, to, kind), its causes listed one per line: four
    /// intents leading the same way are one arrow, not four side by side.
    /// Intents without a condition share a line ("on blame, anger, hurt"),
    /// which wrap() folds: the trust coach's answer classes send ten intents
    /// to each next tip, and ten lines a label made a track's page four pages tall.
    static func merged(_ edges: [Edge]) -> [Edge] {
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
        let selection = try select(dialog, rawEdges(dialog), options, groups)
        let page = page(selection, groups: groups, options: options)
        let start = dialog.states[Int(dialog.start)].name
        let extra = [anyState, endNode, backNode].filter { node in page.edges.contains { $0.from == node || $0.to == node } }
        // Clusters in the order their first state appears.
        var clusterNames: [String] = []
        var members: [String: [String]] = [:]
        if options.grouping != .none {
            for state in page.states {
                let group = groups[state] ?? ""
                if members[group] == nil { clusterNames.append(group) }
                members[group, default: []].append(state)
            }
        }
        var options = options
        if options.direction == nil && (options.only != nil || options.focus != nil) {
            options.direction = layoutDirection(page, extra: extra)
        }
        let drawing = Drawing(dialog: dialog, page: page, start: start, extra: extra, clusters: clusterNames, members: members,
                              groups: groups, options: options)
        switch format {
        case .dot: return drawing.dot()
        case .mermaid: return drawing.mermaid()
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

    /// Wraps long labels so a graph stays narrow: at spaces, about every `width` characters
    /// (24: an option's label in two short lines, not one long one across a page).
    static func wrap(_ text: String, width: Int = 20) -> String {
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

    /// The largest drawing that fits a readable page, in points, portrait
    /// (docs/editors.md, "A readable page"; tools/graph-pages.py checks it).
    static let readablePage = (width: 798.0, height: 1080.0)

    /// Top to bottom or left to right for one page, by its shape: a page of
    /// few steps with many states side by side (a hub, the safety handlers)
    /// runs left to right; a long one top to bottom. The sizes are a guess
    /// from the layering (about 110 x 55 pt a state top to bottom, 170 x 40
    /// left to right); Graphviz's own layout is measured by the check.
    static func layoutDirection(_ page: Page, extra: [String]) -> Direction {
        var nodes: [String] = []
        var index: [String: Int] = [:]
        for node in page.notes.map(\.id) + extra + page.states + page.stubs where index[node] == nil {
            index[node] = nodes.count
            nodes.append(node)
        }
        var next = Array(repeating: [Int](), count: nodes.count)
        for edge in page.edges {
            guard let a = index[edge.from], let b = index[edge.to], a != b else { continue }
            next[a].append(b)
        }
        // Depth-first, so that edges back up a cycle are left out; then the longest path to each node is its layer.
        var state = Array(repeating: 0, count: nodes.count)  // 0 new, 1 on the path, 2 done
        var order: [Int] = []
        var forward = Array(repeating: [Int](), count: nodes.count)
        for root in nodes.indices where state[root] == 0 {
            var stack: [(node: Int, edge: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                if top.edge < next[top.node].count {
                    stack[stack.count - 1].edge += 1
                    let to = next[top.node][top.edge]
                    if state[to] == 0 {
                        forward[top.node].append(to)
                        state[to] = 1
                        stack.append((to, 0))
                    } else if state[to] == 2 {
                        forward[top.node].append(to)
                    }
                } else {
                    state[top.node] = 2
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        var layer = Array(repeating: 0, count: nodes.count)
        for node in order.reversed() {
            for to in forward[node] { layer[to] = max(layer[to], layer[node] + 1) }
        }
        var widths: [Int: Int] = [:]
        for l in layer { widths[l, default: 0] += 1 }
        let depth = Double(widths.count), width = Double(widths.values.max() ?? 1)
        func scale(_ w: Double, _ h: Double) -> Double {
            max(min(readablePage.width / w, readablePage.height / h), min(readablePage.height / w, readablePage.width / h))
        }
        return scale(depth * 170, width * 40) > scale(width * 110, depth * 55) ? .leftToRight : .topToBottom
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

    /// One page written out, as DOT or as Mermaid.
    struct Drawing {
        var dialog: CompiledDialog
        var page: Page
        var start: String
        /// `(any state)`, `(end)` and `(back)`, those that edges use.
        var extra: [String]
        var clusters: [String]
        var members: [String: [String]]
        var groups: [String: String]
        var options: Options

        var kinds: [EdgeKind] { EdgeKind.allCases.filter { kind in page.edges.contains { $0.kind == kind } } }
        var hasStubs: Bool { !page.stubs.isEmpty || page.notes.contains { $0.kind == .incoming } }
        var hasShared: Bool { page.notes.contains { $0.kind == .shared } }

        func name(_ state: String) -> String { shortName(state, groups, options) }

        /// The legend's words for each kind of node beyond a state.
        static let stubWords = "state drawn elsewhere"
        static let incomingWords = "states of another group, how many"
        static let sharedWords = "states with the same way out, drawn once"

        /// The keys' texts as lines of about 60 characters, the key before each.
        var keyLines: [String] {
            page.keys.flatMap { key, text in
                wrap("(\(key)) " + text.split(separator: "\n").joined(separator: "; "), width: 60)
                    .split(separator: "\n").enumerated().map { $0.offset == 0 ? String($0.element) : "      " + $0.element }
            }
        }

        /// Runs of states that follow one another (each leads, within the
        /// drawing, only to the next; others may lead into any of them), at
        /// most `rowLength` to a run: DOT draws each run as a row (a column
        /// left to right), the moves from one to the next inside it,
        /// so a track of questions one after another (the trust coach's
        /// `betrayed.decide.1` to `.5`) takes one rank, not five. The start
        /// state and states with a menu are never in a run.
        func runs() -> [[String]] {
            let drawn = Set(page.states)
            var next: [String: Set<String>] = [:]
            var previous: [String: Set<String>] = [:]
            for edge in page.edges where drawn.contains(edge.from) && drawn.contains(edge.to) && edge.from != edge.to {
                next[edge.from, default: []].insert(edge.to)
                previous[edge.to, default: []].insert(edge.from)
            }
            // A state with a menu keeps its own box, to list the menu in.
            var menuStates = Set<String>()
            for state in page.states where page.edges.filter({ $0.from == state && $0.kind == .option }).count >= Self.menuMinimum {
                menuStates.insert(state)
            }
            func follower(_ state: String) -> String? {
                guard state != start, !menuStates.contains(state), let after = next[state], after.count == 1, let follower = after.first, follower != start,
                      !menuStates.contains(follower), groups[state] == groups[follower] else { return nil }
                return follower
            }
            var runs: [[String]] = []
            var taken = Set<String>()
            for state in page.states where !taken.contains(state) {
                // Begins where no state not yet in a run leads only here.
                if let before = previous[state], before.contains(where: { !taken.contains($0) && $0 != state && follower($0) == state }) {
                    continue
                }
                var run = [state]
                while let after = follower(run.last!), !taken.contains(after), !run.contains(after) { run.append(after) }
                var index = 0
                while run.count - index >= 2 {
                    let row = Array(run[index..<min(index + Self.rowLength, run.count)])
                    runs.append(row)
                    taken.formUnion(row)
                    index += row.count
                }
            }
            return runs
        }

        /// The fewest options that make a state's box a menu listing them.
        static let menuMinimum = 4
        /// The most states drawn in one row, so a row stays within a page's width.
        static let rowLength = 5

        static func html(_ s: String) -> String {
            var out = ""
            for c in s {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(c)
                }
            }
            return out
        }

        /// Each kind of line as a row of the legend shows it.
        static func sample(_ kind: EdgeKind) -> String {
            switch kind {
            case .option, .trigger: "───▶"
            case .automatic: "╌╌╌▶"
            case .global: "┈┈┈▶"
            case .safety: "━━━▶"
            }
        }

        func dot() -> String {
            func q(_ s: String) -> String { JSONText.quote(s) }
            let h = Self.html
            var out = [
                "digraph \(q(dialog.name)) {",
                "  rankdir=\(direction(options).rawValue);",
                "  newrank=true;",
                // Sizes for a printed page: 10 pt is the smallest text, nodes no taller than their line needs.
                "  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(q(title(dialog, options))), nodesep=0.12, ranksep=0.2];",
                "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11, height=0.25, margin=\"0.1,0.02\"];",
                "  edge [fontname=\"Helvetica\", fontsize=10, arrowsize=0.7];",
            ]
            // Where each state in a run is drawn: the run's node and the state's port in it.
            let runs = runs()
            var place: [String: String] = [:]
            var runOf: [String: Int] = [:]
            for (n, run) in runs.enumerated() {
                for (k, state) in run.enumerated() {
                    place[state] = "\(q("(run \(n + 1))")):p\(k)"
                    runOf[state] = n
                }
            }
            func end(_ name: String) -> String { place[name] ?? q(name) }
            let across = direction(options) == .topToBottom
            func row(_ n: Int, indent: String) -> String {
                let run = runs[n]
                var cells: [String] = []
                for (k, state) in run.enumerated() {
                    cells.append("<td port=\"p\(k)\" border=\"1\" style=\"rounded\" bgcolor=\"#ffffff\" cellpadding=\"4\">\(h(name(state)))</td>")
                    guard k + 1 < run.count else { break }
                    // The moves to the next state, each cause in its kind's colour, then an arrow.
                    var lines: [String] = []
                    for edge in page.edges where edge.from == state && edge.to == run[k + 1] {
                        let color = style(edge.kind).color
                        for line in wrap(edge.label, width: 20).split(separator: "\n") {
                            lines.append("<font color=\"\(color)\" point-size=\"10\">\(h(String(line)))</font>")
                        }
                    }
                    let kinds = page.edges.filter { $0.from == state && $0.to == run[k + 1] }.map(\.kind)
                    let arrowColor = style(kinds.first ?? .automatic).color
                    let dashed = kinds.count == 1 && kinds[0] == .automatic
                    let arrow = across ? (dashed ? "╌╌▶" : "──▶") : (dashed ? "╎ ▼" : "│ ▼")
                    lines.append("<font color=\"\(arrowColor)\" point-size=\"10\">\(arrow)</font>")
                    cells.append("<td>\(lines.joined(separator: "<br/>"))</td>")
                }
                let body = across ? "<tr>" + cells.joined() + "</tr>" : cells.map { "<tr>" + $0 + "</tr>" }.joined()
                return "\(indent)\(q("(run \(n + 1))")) [shape=plain, style=\"\", label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"2\">"
                    + body + "</table>>];"
            }
            // A state with a menu of many options lists them in its box, each
            // option's edge leaving from its line: seven labelled edges fanned
            // out from the trust coach's `betrayed.start` made the page wide.
            // So does `(any state)`: the trust coach's fourteen safety handlers, side by side, made the safety page wide.
            var menus: [String: [Edge]] = [:]
            for state in page.states where runOf[state] == nil {
                let options = page.edges.filter { $0.from == state && $0.kind == .option }
                if options.count >= Self.menuMinimum { menus[state] = options }
            }
            let handlers = page.edges.filter { $0.from == anyState }
            if handlers.count >= Self.menuMinimum { menus[anyState] = handlers }
            func menu(_ state: String, _ options: [Edge], indent: String) -> String {
                var rows = ["<tr><td border=\"1\" sides=\"b\" cellpadding=\"3\">\(h(name(state)))</td></tr>"]
                for (k, option) in options.enumerated() {
                    let lines = wrap(option.label, width: 36).split(separator: "\n").map { h(String($0)) }
                    rows.append("<tr><td port=\"o\(k)\" align=\"left\" balign=\"left\" cellpadding=\"1\"><font point-size=\"10\" color=\"\(style(option.kind).color)\">"
                                + "\(k + 1). " + lines.joined(separator: "<br/>") + "</font></td></tr>")
                }
                let shape = state == anyState ? "shape=note, fillcolor=\"#fff4e0\"" : "shape=box"
                return "\(indent)\(q(state)) [\(shape), margin=0, label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\">"
                    + rows.joined() + "</table>>" + (state == start ? ", peripheries=2, penwidth=1.5" : "") + "];"
            }
            func node(_ state: String, indent: String) -> String? {
                if let n = runOf[state] { return runs[n].first == state ? row(n, indent: indent) : nil }
                if let options = menus[state] { return menu(state, options, indent: indent) }
                var attributes: [String] = []
                if name(state) != state { attributes.append("label=\(q(name(state)))") }
                if state == start { attributes += ["peripheries=2", "penwidth=1.5"] }
                return "\(indent)\(q(state))" + (attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]") + ";"
            }
            func note(_ note: Note, indent: String) -> String {
                switch note.kind {
                case .shared:
                    return "\(indent)\(q(note.id)) [shape=note, fillcolor=\"#fff4e0\", label=\(q(wrap(note.label, width: 32))), tooltip=\(q(note.tooltip))];"
                case .incoming:
                    return "\(indent)\(q(note.id)) [style=\"rounded,dashed\", color=\"#999999\", fontcolor=\"#777777\", label=\(q(note.label)), tooltip=\(q(note.tooltip))];"
                }
            }
            let placed = Set(clusters)
            if clusters.isEmpty {
                for state in page.states { if let line = node(state, indent: "  ") { out.append(line) } }
            } else {
                for (index, cluster) in clusters.enumerated() {
                    out.append("  subgraph \(q("cluster_\(index)")) {")
                    out.append("    label=\(q(cluster)); style=\"rounded,filled\"; fillcolor=\"#f3f5f8\"; color=\"#b8c2cc\";")
                    for state in members[cluster] ?? [] { if let line = node(state, indent: "    ") { out.append(line) } }
                    for shared in page.notes where shared.group == cluster { out.append(note(shared, indent: "    ")) }
                    out.append("  }")
                }
            }
            for other in page.notes where other.group == nil || !placed.contains(other.group!) { out.append(note(other, indent: "  ")) }
            for stub in page.stubs {
                out.append("  \(q(stub)) [style=\"rounded,dashed\", color=\"#999999\", fontcolor=\"#777777\"];")
            }
            for node in extra {
                switch node {
                case endNode: out.append("  \(q(node)) [shape=doublecircle, label=\"end\", fixedsize=true, width=0.5, fontsize=10];")
                case backNode: out.append("  \(q(node)) [shape=cds, label=\"back\", fillcolor=\"#eeeeee\"];")
                default:
                    if let handlers = menus[node] { out.append(menu(node, handlers, indent: "  ")) } else {
                        out.append("  \(q(node)) [shape=note, fillcolor=\"#fff4e0\"];")
                    }
                }
            }
            // Moves between the same two states, whatever their kinds, are one
            // line (an option and the intents that answer it: "Yes, one at a
            // time" and "on yes"), each cause in its kind's colour.
            var bundles: [[Edge]] = []
            var bundleOf: [String: Int] = [:]
            for edge in page.edges {
                // A move to the next state of a run is drawn inside the run's row.
                if let n = runOf[edge.from], let k = runs[n].firstIndex(of: edge.from), k + 1 < runs[n].count, runs[n][k + 1] == edge.to {
                    continue
                }
                let key = edge.from + "\u{0}" + edge.to
                if let index = bundleOf[key] { bundles[index].append(edge) } else { bundleOf[key] = bundles.count; bundles.append([edge]) }
            }
            for var bundle in bundles {
                // From a menu, the option's line is the start of the edge, and its label.
                var from = end(bundle[0].from)
                if let options = menus[bundle[0].from], let option = bundle.first(where: { options.contains($0) }),
                   let k = options.firstIndex(of: option) {
                    from = q(bundle[0].from) + ":o\(k):e"
                    bundle.removeAll { $0 == option }
                    if bundle.isEmpty { bundle = [Edge(from: option.from, to: option.to, label: "", kind: option.kind, tooltip: option.tooltip)] }
                }
                let edge = bundle[0]
                let look = style(edge.kind)
                var attributes: [String] = []
                if bundle.count == 1 {
                    if !edge.label.isEmpty { attributes.append("label=\(q(wrap(edge.label)))") }
                } else {
                    let lines = bundle.flatMap { part in
                        wrap(part.label).split(separator: "\n").map { "<font color=\"\(style(part.kind).color)\">\(h(String($0)))</font>" }
                    }
                    attributes.append("label=<\(lines.joined(separator: "<br/>"))>")
                }
                attributes.append("color=\(q(look.color))")
                if edge.kind != .option { attributes.append("fontcolor=\(q(look.color))") }
                if look.dot != "solid" { attributes.append("style=\(look.dot)") }
                let tooltip = bundle.map(\.tooltip).filter { !$0.isEmpty }.joined(separator: "\n")
                if !tooltip.isEmpty { attributes.append("tooltip=\(q(tooltip))") }
                out.append("  \(from) -> \(end(edge.to)) [\(attributes.joined(separator: ", "))];")
            }
            // A shared note sits by the last of its states, not at the top of
            // the page: under it top to bottom; beside it left to right, where
            // a rank of its own would be a column as wide as its text.
            for shared in page.notes where shared.kind == .shared {
                guard let anchor = shared.anchor else { continue }
                out.append(across ? "  \(end(anchor)) -> \(q(shared.id)) [style=invis];" : "  { rank=same; \(end(anchor)); \(q(shared.id)); }")
            }
            if options.legend {
                // The legend is the drawing's caption, under it with the title:
                // as a node, Graphviz laid it out beside the states and it made
                // a track's page a column wider or a band taller.
                var entries: [String] = []
                for kind in kinds {
                    let look = style(kind)
                    entries.append("<td align=\"left\"><font color=\"\(look.color)\">\(Self.sample(kind))</font></td>"
                                   + "<td align=\"left\"><font color=\"\(look.color)\">\(h(look.words))</font></td>")
                }
                entries.append("<td align=\"left\">double box</td><td align=\"left\">start state</td>")
                if hasStubs { entries.append("<td align=\"left\"><font color=\"#777777\">dashed box</font></td><td align=\"left\"><font color=\"#777777\">\(h(Self.stubWords))</font></td>") }
                if hasShared { entries.append("<td align=\"left\" bgcolor=\"#fff4e0\">note</td><td align=\"left\">\(h(Self.sharedWords))</td>") }
                if !runs.isEmpty { entries.append("<td align=\"left\">a row</td><td align=\"left\">states each leading on only to the next</td>") }
                if !menus.isEmpty { entries.append("<td align=\"left\">1. 2. 3.</td><td align=\"left\">each line's move leaves from it</td>") }
                let columns = 3
                var rows = ["<tr><td colspan=\"\(2 * columns)\"><font point-size=\"12\"><b>\(h(title(dialog, options)))</b></font></td></tr>"]
                var index = 0
                while index < entries.count {
                    let part = entries[index..<min(index + columns, entries.count)]
                    rows.append("<tr>" + part.joined() + String(repeating: "<td></td><td></td>", count: columns - part.count) + "</tr>")
                    index += columns
                }
                for (key, text) in page.keys {
                    let lines = wrap(text.split(separator: "\n").joined(separator: "; "), width: 100).split(separator: "\n").map { h(String($0)) }
                    rows.append("<tr><td align=\"left\" valign=\"top\">(\(key))</td><td colspan=\"\(2 * columns - 1)\" align=\"left\" balign=\"left\">\(lines.joined(separator: "<br/>"))</td></tr>")
                }
                out.append("  label=<<font point-size=\"10\"><table border=\"1\" color=\"#b8c2cc\" style=\"rounded\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"2\">"
                           + rows.joined() + "</table></font>>;")
                out.append("  labelloc=b; labeljust=l;")
            }
            out.append("}")
            return out.joined(separator: "\n") + "\n"
        }

        func mermaid() -> String {
            var ids: [String: String] = [:]
            for (index, state) in dialog.states.enumerated() { ids[state.name] = "s\(index)" }
            for (index, node) in extra.enumerated() { ids[node] = "x\(index)" }
            for (index, note) in page.notes.enumerated() { ids[note.id] = "n\(index)" }
            func text(_ s: String) -> String {
                "\"" + s.replacingAll("\"", with: "#quot;").replacingAll("\n", with: "<br/>") + "\""
            }
            func node(_ state: String) -> String {
                let id = ids[state]!
                return state == start ? "\(id)([\(text(name(state)))])" : "\(id)[\(text(name(state)))]"
            }
            func note(_ note: Note) -> String {
                switch note.kind {
                case .shared: "\(ids[note.id]!){{\(text(wrap(note.label, width: 32)))}}"
                case .incoming: "\(ids[note.id]!)[\(text(note.label))]:::stub"
                }
            }
            // A JSON string is a YAML string: a name with ": " in it cannot break the front matter.
            var out = ["---", "title: \(JSONText.quote(title(dialog, options)))", "---", "flowchart \(direction(options).rawValue)"]
            let placed = Set(clusters)
            if clusters.isEmpty {
                for state in page.states { out.append("  " + node(state)) }
            } else {
                for (index, cluster) in clusters.enumerated() {
                    out.append("  subgraph g\(index) [\(text(cluster))]")
                    for state in members[cluster] ?? [] { out.append("    " + node(state)) }
                    for shared in page.notes where shared.group == cluster { out.append("    " + note(shared)) }
                    out.append("  end")
                }
            }
            for other in page.notes where other.group == nil || !placed.contains(other.group!) { out.append("  " + note(other)) }
            for stub in page.stubs { out.append("  \(ids[stub]!)[\(text(stub))]:::stub") }
            for node in extra {
                switch node {
                case endNode: out.append("  \(ids[node]!)(((end)))")
                case backNode: out.append("  \(ids[node]!)>back]")
                default: out.append("  \(ids[node]!){{\(text(node))}}")
                }
            }
            var linkStyles: [String] = []
            var linkIndex = 0
            for edge in page.edges {
                let arrow = edge.kind == .automatic || edge.kind == .global ? "-.->" : edge.kind == .safety ? "==>" : "-->"
                let label = edge.label.isEmpty ? "" : "|\(text(wrap(edge.label)))|"
                out.append("  \(ids[edge.from]!) \(arrow)\(label) \(ids[edge.to]!)")
                if edge.kind != .option { linkStyles.append("  linkStyle \(linkIndex) stroke:\(style(edge.kind).color),color:\(style(edge.kind).color)") }
                linkIndex += 1
            }
            if options.legend {
                out.append("  subgraph legend [\"Legend\"]")
                out.append("    direction LR")
                out.append("    legendStart([\"start state\"])")
                if hasStubs { out.append("    legendStub[\"\(Self.stubWords)\"]:::stub") }
                if hasShared { out.append("    legendShared{{\"\(Self.sharedWords)\"}}") }
                if !page.keys.isEmpty { out.append("    legendKeys[\(text(keyLines.joined(separator: "\n")))]:::keys") }
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
            if !page.keys.isEmpty { out.append("  classDef keys fill:none,stroke:none,text-align:left") }
            return out.joined(separator: "\n") + "\n"
        }
    }
}

extension String {
    /// Every `target` replaced (ParleyKit keeps clear of Foundation's string methods).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
