/// Warnings about a dialog that compiles but probably does not do what its
/// writer meant: states no one reaches, dead ends, triggers that can never
/// fire, loops that never wait for the user, misspelt variables, unused content.
enum DialogChecks {
    static func run(_ dialog: CompiledDialog, usage: Usage) -> [Diagnostic] {
        var out: [Diagnostic] = []
        out += unreachableStates(dialog)
        out += deadEnds(dialog)
        out += usage.keywordWarnings
        out += neverFiring(dialog)
        out += automaticLoops(dialog)
        out += unsetVariables(usage)
        out += unused(dialog, usage)
        out += CareChecks.unsafePaths(dialog)
        out += UncertainAnswerChecks.run(dialog)
        for ending in usage.repairEndings where !ending.varies {
            out.append(Diagnostic(.repeatingRepair,
                                  "the last repair level says the same line every time; give it 'say one of' with two or more variants",
                                  at: ending.location, length: 5))
        }
        return out
    }

    // MARK: - Graph helpers

    /// Every `go` target anywhere in the actions, options included.
    static func targets(_ actions: [Action], _ dialog: CompiledDialog) -> [GoTarget] {
        var out: [GoTarget] = []
        for action in actions {
            switch action {
            case .go(let target): out.append(target)
            case .branch(let branches, let otherwise):
                for (_, body) in branches { out += targets(body, dialog) }
                out += targets(otherwise ?? [], dialog)
            case .option(let id): out += targets(dialog.options[Int(id)].body, dialog)
            default: break
            }
        }
        return out
    }

    /// Everything a state can do: its body (with options), triggers and own repair.
    static func stateTargets(_ id: Int, _ dialog: CompiledDialog) -> [GoTarget] {
        let state = dialog.states[id]
        var out = targets(state.body, dialog)
        for handler in state.triggers.ids + state.fallbacks { out += targets(dialog.handlers[Int(handler)].body, dialog) }
        for level in state.repair?.levels ?? [] { out += targets(level, dialog) }
        return out
    }

    static func stateIDs(_ targets: [GoTarget], _ dialog: CompiledDialog) -> [Int] {
        targets.compactMap { target in
            switch target {
            case .state(let id) where id >= 0: Int(id)
            case .restart: Int(dialog.start)
            default: nil
            }
        }
    }

    // MARK: - Checks

    static func unreachableStates(_ dialog: CompiledDialog) -> [Diagnostic] {
        guard dialog.start >= 0 else { return [] }
        var reached = Set<Int>([Int(dialog.start)])
        var queue = [Int(dialog.start)]
        // Global handlers and the dialog's repair work in every state.
        var everywhere: [GoTarget] = []
        for id in dialog.safetyHandlers.ids + dialog.beforeHandlers.ids + dialog.afterHandlers.ids {
            everywhere += targets(dialog.handlers[Int(id)].body, dialog)
        }
        for level in dialog.repair?.levels ?? [] { everywhere += targets(level, dialog) }
        for id in stateIDs(everywhere, dialog) where reached.insert(id).inserted { queue.append(id) }
        while let current = queue.popLast() {
            for next in stateIDs(stateTargets(current, dialog), dialog) where reached.insert(next).inserted {
                queue.append(next)
            }
        }
        return dialog.states.indices.filter { !reached.contains($0) }.map { index in
            let state = dialog.states[index]
            return Diagnostic(.unreachableState, "state '\(state.name)' can never be reached from the start state '\(dialog.states[Int(dialog.start)].name)'",
                              at: state.location, length: state.name.count)
        }
    }

    static func deadEnds(_ dialog: CompiledDialog) -> [Diagnostic] {
        dialog.states.indices.compactMap { index in
            let leaves = stateTargets(index, dialog).contains { target in
                switch target {
                case .state(let id): Int(id) != index
                case .back, .end, .restart: true
                case .stay: false
                }
            }
            guard !leaves else { return nil }
            let state = dialog.states[index]
            // A state answered by keyword groups talks for as long as the user does, by design.
            guard state.keywordHandlers.isEmpty else { return nil }
            return Diagnostic(.deadEnd,
                              "state '\(state.name)' is a dead end: it does not end the conversation and nothing in it leads anywhere else",
                              at: state.location, length: state.name.count,
                              notes: [.init("add an option or a trigger with '-> STATE', or 'end' if the conversation is over")])
        }
    }

    /// A trigger never fires when an earlier unconditional one, checked at the
    /// same step or before it, reacts to everything it reacts to.
    static func neverFiring(_ dialog: CompiledDialog) -> [Diagnostic] {
        var out: [Diagnostic] = []

        func covers(_ earlier: Set<Handler.Trigger>, _ trigger: Handler.Trigger) -> Bool {
            if earlier.contains(trigger) || earlier.contains(.anything) { return true }
            guard earlier.contains(.anyFAQ), case .intent(let id) = trigger, case .faq = dialog.intents[Int(id)].kind else { return false }
            return true
        }

        /// What the unconditional handlers of `before` react to; worked out once
        /// per list of globals, not once per state (that cost states × globals).
        func unconditional(_ before: [Int32]) -> Set<Handler.Trigger> {
            var seen = Set<Handler.Trigger>()
            for id in before where dialog.handlers[Int(id)].condition == nil { seen.formUnion(dialog.handlers[Int(id)].triggers) }
            return seen
        }

        func check(_ list: [Int32], shadowedBy prior: Set<Handler.Trigger>, where place: String) {
            var seen = Set<Handler.Trigger>()
            for id in list {
                let handler = dialog.handlers[Int(id)]
                if !handler.triggers.isEmpty, handler.triggers.allSatisfy({ covers(prior, $0) || covers(seen, $0) }) {
                    out.append(Diagnostic(.neverFires,
                                          "'on \(handler.label)' \(place) can never fire: an earlier handler always takes the same lines",
                                          at: handler.location, length: 2))
                }
                if handler.condition == nil { seen.formUnion(handler.triggers) }
            }
        }

        let safety = unconditional(dialog.safetyHandlers.ids)
        let priorGlobals = unconditional(dialog.safetyHandlers.ids + dialog.beforeHandlers.ids)
        check(dialog.safetyHandlers.ids, shadowedBy: [], where: "in 'safety'")
        check(dialog.beforeHandlers.ids, shadowedBy: safety, where: "in 'global before'")
        check(dialog.afterHandlers.ids, shadowedBy: priorGlobals, where: "in 'global after'")
        for state in dialog.states {
            check(state.triggers.ids, shadowedBy: state.ignoresGlobals ? safety : priorGlobals, where: "in state '\(state.name)'")
            check(state.fallbacks, shadowedBy: [], where: "in state '\(state.name)'")
        }
        return out
    }

    static func automaticLoops(_ dialog: CompiledDialog) -> [Diagnostic] {
        // A state moves on by itself when it has nothing to wait for.
        func waits(_ state: CompiledState) -> Bool {
            if !state.triggers.isEmpty || !state.fallbacks.isEmpty { return true }
            func hasPrompt(_ actions: [Action]) -> Bool {
                actions.contains { action in
                    switch action {
                    case .ask, .option: return true
                    case .branch(let branches, let otherwise):
                        return branches.contains { hasPrompt($0.1) } || hasPrompt(otherwise ?? [])
                    default: return false
                    }
                }
            }
            return hasPrompt(state.body)
        }
        var edges: [[Int]] = dialog.states.map { _ in [] }
        for (index, state) in dialog.states.enumerated() where !waits(state) {
            edges[index] = stateIDs(targets(state.body, dialog), dialog)
        }
        // Depth-first search with an explicit stack (a chain of 100,000
        // automatic states must not recurse 100,000 deep); a back edge closes
        // a loop. Each loop is reported once, at its first state, and only the
        // first few loops are worked out: each costs its length.
        var color = [UInt8](repeating: 0, count: edges.count)
        var place = [Int](repeating: -1, count: edges.count)  // a node's index in `path`, while on it
        var reported = Set<[Int]>()
        var out: [Diagnostic] = []
        var path: [Int] = []
        var stack: [(node: Int, edge: Int)] = []
        for root in edges.indices where color[root] == 0 {
            color[root] = 1
            place[root] = 0
            path = [root]
            stack = [(root, 0)]
            while let top = stack.last {
                let (node, edge) = (top.node, top.edge)
                guard edge < edges[node].count else {
                    stack.removeLast()
                    path.removeLast()
                    place[node] = -1
                    color[node] = 2
                    continue
                }
                stack[stack.count - 1].edge += 1
                let next = edges[node][edge]
                if color[next] == 1, reported.count < maximumLoopsReported {
                    let loop = Array(path[place[next]...])
                    if reported.insert(loop.sorted()).inserted {
                        let first = loop.min()!
                        let names = (loop + [next]).map { dialog.states[$0].name }
                        out.append(Diagnostic(.automaticLoop,
                                              "these states move on by themselves in a loop and never wait for the user: \(names.joined(separator: " -> "))",
                                              at: dialog.states[first].location, length: dialog.states[first].name.count))
                    }
                } else if color[next] == 0 {
                    color[next] = 1
                    place[next] = path.count
                    path.append(next)
                    stack.append((next, 0))
                }
            }
        }
        return out
    }

    /// Loops beyond this many are not worked out (diagnostics are capped per file anyway).
    static let maximumLoopsReported = 200
    /// "Did you mean" for unset variables: each scans every variable set, so only the first few get one.
    static let maximumSuggestions = 200

    static func unsetVariables(_ usage: Usage) -> [Diagnostic] {
        usage.variableReads.filter { !usage.variablesSet.contains($0.name) }.enumerated().map { index, read in
            var message = "variable '\(read.name)' is read here but never set anywhere"
            var fixIts: [Diagnostic.FixIt] = []
            if index < maximumSuggestions, let near = NearestName.suggestion(for: read.name, among: usage.variablesSet) {
                message += "; did you mean '\(near)'?"
                fixIts.append(.init("replace with '\(near)'", at: read.location, length: read.name.count, replacement: near))
            }
            return Diagnostic(.unsetVariable, message, at: read.location, length: read.name.count, fixIts: fixIts)
        }
    }

    static func unused(_ dialog: CompiledDialog, _ usage: Usage) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (index, quote) in dialog.quotes.enumerated() where !usage.quotes.contains(Int32(index)) {
            out.append(Diagnostic(.unused, "quote '\(quote.name)' is never used", at: usage.quoteLocations[index], length: quote.name.count))
        }
        for (index, list) in dialog.lists.enumerated() where !usage.lists.contains(Int32(index)) {
            out.append(Diagnostic(.unused, "list '\(list.name)' is never used", at: usage.listLocations[index], length: list.name.count))
        }
        if !usage.hasAnyFAQHandler {
            for (index, faq) in dialog.faqs.enumerated() where !usage.faqs.contains(Int32(index)) {
                out.append(Diagnostic(.unused, "FAQ '\(faq.name)' is never answered: no 'on faq' handler and no 'answer \(faq.name)'",
                                      at: usage.faqLocations[index], length: faq.name.count))
            }
        }
        for (index, intent) in dialog.intents.enumerated() where intent.kind == .intent && !usage.intents.contains(Int32(index)) {
            out.append(Diagnostic(.unused, "intent '\(intent.name)' is never used by any 'on'", at: intent.location, length: intent.name.count))
        }
        for answers in usage.answerClasses where !usage.answerClassesUsed.contains(answers.name) {
            out.append(Diagnostic(.unused, "answer class '\(answers.name)' is never used: no state says 'use answers \(answers.name)'",
                                  at: answers.location, length: answers.name.count))
        }
        return out
    }
}
