/// The state machine as a graph, for Graphviz (DOT) or Mermaid.
public enum DialogGraph {
    public enum Format: String, Sendable, CaseIterable {
        case dot, mermaid
    }

    struct Edge: Hashable {
        var from: String
        var to: String
        var label: String
        var automatic: Bool
    }

    static let anyState = "(any state)"
    static let endNode = "(end)"
    static let backNode = "(back)"

    static func edges(_ dialog: CompiledDialog) -> [Edge] {
        var edges: [Edge] = []
        func add(_ from: String, _ actions: [Action], _ label: String, automatic: Bool = false) {
            for target in DialogChecks.targets(actions, dialog) {
                let to: String
                switch target {
                case .state(let id) where id >= 0: to = dialog.states[Int(id)].name
                case .restart: to = dialog.states[Int(dialog.start)].name
                case .end: to = endNode
                case .back: to = backNode
                default: continue
                }
                let edge = Edge(from: from, to: to, label: label, automatic: automatic)
                if !edges.contains(edge) { edges.append(edge) }
            }
        }
        for state in dialog.states {
            for action in state.body {
                if case .option(let id) = action {
                    add(state.name, dialog.options[Int(id)].body, dialog.options[Int(id)].label.constant ?? "option")
                }
            }
            add(state.name, state.body.filter { if case .option = $0 { false } else { true } }, "", automatic: true)
            for handler in state.triggers.ids + state.fallbacks {
                add(state.name, dialog.handlers[Int(handler)].body, dialog.handlers[Int(handler)].label)
            }
        }
        for id in dialog.safetyHandlers.ids + dialog.beforeHandlers.ids + dialog.afterHandlers.ids {
            add(anyState, dialog.handlers[Int(id)].body, dialog.handlers[Int(id)].label)
        }
        return edges
    }

    public static func render(_ dialog: CompiledDialog, format: Format) -> String {
        let edges = edges(dialog)
        let start = dialog.states[Int(dialog.start)].name
        let extra = [anyState, endNode, backNode].filter { node in edges.contains { $0.from == node || $0.to == node } }
        switch format {
        case .dot:
            func q(_ s: String) -> String { JSONText.quote(s) }
            var out = ["digraph \(q(dialog.name)) {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
            for state in dialog.states {
                out.append("  \(q(state.name))" + (state.name == start ? " [peripheries=2];" : ";"))
            }
            for node in extra {
                out.append("  \(q(node)) [shape=\(node == endNode ? "doublecircle" : "plaintext")];")
            }
            for edge in edges {
                var attributes: [String] = []
                if !edge.label.isEmpty { attributes.append("label=\(q(edge.label))") }
                if edge.automatic { attributes.append("style=dashed") }
                out.append("  \(q(edge.from)) -> \(q(edge.to))" + (attributes.isEmpty ? ";" : " [\(attributes.joined(separator: ", "))];"))
            }
            out.append("}")
            return out.joined(separator: "\n") + "\n"
        case .mermaid:
            var ids: [String: String] = [:]
            for (index, state) in dialog.states.enumerated() { ids[state.name] = "s\(index)" }
            for (index, node) in extra.enumerated() { ids[node] = "x\(index)" }
            func text(_ s: String) -> String {
                "\"" + s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: " ") + "\""
            }
            var out = ["flowchart LR"]
            for state in dialog.states {
                let id = ids[state.name]!
                out.append(state.name == start ? "  \(id)([\(text(state.name))])" : "  \(id)[\(text(state.name))]")
            }
            for node in extra { out.append("  \(ids[node]!){{\(text(node))}}") }
            for edge in edges {
                let arrow = edge.automatic ? "-.->" : "-->"
                let label = edge.label.isEmpty ? "" : "|\(text(edge.label))|"
                out.append("  \(ids[edge.from]!) \(arrow)\(label) \(ids[edge.to]!)")
            }
            return out.joined(separator: "\n") + "\n"
        }
    }
}
