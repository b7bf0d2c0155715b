/// What one drawing shows, condensed so that a track of the trust coach fits a
/// printed page (docs/editors.md, "A readable page"): a way out that many
/// states share is drawn once, the states of another group that lead in are
/// one stub per group, and a long label used again and again is a key with its
/// text in the legend. Nothing is dropped: every merged node or edge says how
/// many states it stands for and which (in its text, or its SVG tooltip).
extension DialogGraph {
    /// A node that stands for several states.
    struct Note: Equatable {
        enum Kind: Equatable {
            /// States of this drawing that share a way out (the same cause to the same state).
            case shared
            /// States outside a group's page that lead into it.
            case incoming
        }
        var id: String
        var kind: Kind
        var label: String
        /// Every state it stands for, by full name.
        var tooltip: String
        /// The cluster it is drawn in: the group of all its states, if they have one.
        var group: String?
        /// The drawn state it is placed under (a shared note: the last of its states).
        var anchor: String? = nil
    }

    /// Everything one drawing shows, ready to write as DOT or Mermaid.
    struct Page {
        /// States drawn in full, in the dialog's order.
        var states: [String]
        /// States outside the drawing that edges lead to (or, outside a group page, come from).
        var stubs: [String]
        var notes: [Note]
        var edges: [Edge]
        /// A long label used on several edges, drawn as "(KEY)" and written out in the legend.
        var keys: [(key: String, text: String)]
    }

    /// The fewest states with the same way out that are drawn as one note:
    /// two would trade one edge for a node, which gains nothing.
    static let sharedExitMinimum = 3
    /// A label used on two edges or more, wrapped to this many lines or more, becomes a key.
    static let keyedLabelLines = 3
    /// A label this long is a key even if it is used once: five lines of intents beside one edge push everything apart.
    static let keyedAloneLines = 5

    /// The name a state is drawn with: without its track when it sits in its track's cluster.
    static func shortName(_ state: String, _ groups: [String: String], _ options: Options) -> String {
        guard options.grouping == .track, let group = groups[state], state.count > group.count + 1,
              state.hasPrefix(group + ".") else { return state }
        return String(state.dropFirst(group.count + 1))
    }

    static func page(_ selection: Selection, groups: [String: String], options: Options) -> Page {
        let included = Set(selection.states)
        let special: Set<String> = [anyState, endNode, backNode]
        var raw = selection.edges
        var notes: [Note] = []
        var extraEdges: [Edge] = []

        // On a group's page, the states elsewhere that lead in are one stub,
        // "from elsewhere", naming their groups: the trust coach's `on leave`
        // alone drew some forty stubs round the leaving track. Each edge from
        // it counts the states behind each cause; its tooltip names them.
        if options.only != nil && options.grouping != .none {
            let outside = raw.filter { !included.contains($0.from) && !special.contains($0.from) }
            var sources: [String] = []
            for edge in outside where !sources.contains(edge.from) { sources.append(edge.from) }
            if sources.count > 1 {
                let id = "(from elsewhere)"
                var order: [String] = []
                var count: [String: Int] = [:]
                for state in sources {
                    let group = groups[state] ?? state
                    if count[group] == nil { order.append(group) }
                    count[group, default: 0] += 1
                }
                let names = order.map { count[$0]! > 1 ? "\($0) ×\(count[$0]!)" : $0 }
                notes.append(Note(id: id, kind: .incoming,
                                  label: wrap("from \(sources.count) states elsewhere: " + names.joined(separator: ", "), width: 32),
                                  tooltip: sources.joined(separator: ", "), group: nil))
                raw.removeAll { !included.contains($0.from) && !special.contains($0.from) }
                // One edge per (target, kind); a line per cause, with how many states it comes from.
                var targets: [Edge] = []
                for edge in outside where !targets.contains(where: { $0.to == edge.to && $0.kind == edge.kind }) {
                    targets.append(Edge(from: id, to: edge.to, label: "", kind: edge.kind))
                }
                for target in targets {
                    let into = outside.filter { $0.to == target.to && $0.kind == target.kind }
                    var labels: [String] = []
                    for edge in into where !labels.contains(edge.label) { labels.append(edge.label) }
                    var lines: [String] = []
                    var tips: [String] = []
                    for label in labels {
                        var from: [String] = []
                        for edge in into where edge.label == label && !from.contains(edge.from) { from.append(edge.from) }
                        if !label.isEmpty { lines.append(from.count > 1 ? "\(label) ×\(from.count)" : label) }
                        tips.append((label.isEmpty ? "(automatic)" : label.split(separator: "\n").joined(separator: " "))
                                    + ": " + from.joined(separator: ", "))
                    }
                    extraEdges.append(Edge(from: id, to: target.to, label: lines.joined(separator: "\n"), kind: target.kind,
                                           tooltip: tips.joined(separator: "\n")))
                }
            }
        }

        // A way out that several drawn states share (the same cause to the same
        // state: `on leave -> leaving.start` in every state of a track) is drawn
        // once, from a note that names the states, as a global handler is.
        var causes: [Edge] = []
        var froms: [Edge: [String]] = [:]
        for edge in raw where included.contains(edge.from) {
            let cause = Edge(from: "", to: edge.to, label: edge.label, kind: edge.kind)
            if froms[cause] == nil { causes.append(cause) }
            if !(froms[cause] ?? []).contains(edge.from) { froms[cause, default: []].append(edge.from) }
        }
        var noteFor: [[String]: String] = [:]
        var shared: Set<Edge> = []
        var sharedEdges: [Edge] = []
        for cause in causes {
            let states = froms[cause] ?? []
            guard states.count >= sharedExitMinimum else { continue }
            shared.insert(cause)
            let id: String
            if let known = noteFor[states] {
                id = known
            } else {
                id = "(shared \(noteFor.count + 1))"
                noteFor[states] = id
                let group = states.allSatisfy({ groups[$0] != nil && groups[$0] == groups[states[0]] }) ? groups[states[0]] : nil
                notes.append(Note(id: id, kind: .shared, label: describe(states, in: group, selection, groups, options),
                                  tooltip: states.joined(separator: ", "), group: group,
                                  anchor: selection.states.last(where: states.contains)))
            }
            sharedEdges.append(Edge(from: id, to: cause.to, label: cause.label, kind: cause.kind,
                                    tooltip: "from " + states.joined(separator: ", ")))
        }
        raw.removeAll { included.contains($0.from) && shared.contains(Edge(from: "", to: $0.to, label: $0.label, kind: $0.kind)) }
        var edges = merged(raw) + merged(sharedEdges) + extraEdges

        // A long label drawn again and again (an answer class sends the same
        // ten intents to each next question) is a key, written out once.
        var uses: [String: Int] = [:]
        for edge in edges { uses[edge.label, default: 0] += 1 }
        var keys: [(key: String, text: String)] = []
        var keyOf: [String: String] = [:]
        for index in edges.indices {
            let label = edges[index].label
            let lines = wrap(label).split(separator: "\n").count
            guard lines >= keyedLabelLines && (uses[label] ?? 0) > 1 || lines >= keyedAloneLines else { continue }
            let key: String
            if let known = keyOf[label] {
                key = known
            } else {
                key = keyName(keys.count)
                keyOf[label] = key
                keys.append((key, label))
            }
            edges[index].tooltip = label.split(separator: "\n").joined(separator: " ")
                + (edges[index].tooltip.isEmpty ? "" : "\n" + edges[index].tooltip)
            edges[index].label = "(\(key))"
        }

        var ends = Set<String>()
        for edge in edges { ends.insert(edge.from); ends.insert(edge.to) }
        return Page(states: selection.states, stubs: selection.stubs.filter(ends.contains), notes: notes, edges: edges, keys: keys)
    }

    /// A, B, ..., Z, AA, AB, ...
    static func keyName(_ n: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return n < letters.count ? String(letters[n]) : keyName(n / letters.count - 1) + String(letters[n % letters.count])
    }

    /// The states a shared note stands for, in as few words as names them all:
    /// "from start, end, final", or "from every betrayed state but summary (20 states)".
    static func describe(_ states: [String], in group: String?, _ selection: Selection, _ groups: [String: String],
                         _ options: Options) -> String {
        let names = states.map { shortName($0, groups, options) }
        if let group {
            let members = selection.states.filter { groups[$0] == group }
            let others = members.filter { !states.contains($0) }.map { shortName($0, groups, options) }
            if others.isEmpty { return "from every state of \(group)\n(\(states.count) states)" }
            if others.count < names.count {
                return "from every state of \(group) but \(others.joined(separator: ", ")) (\(states.count) states)"
            }
        }
        return "from " + names.joined(separator: ", ")
    }
}
