/// P109: content not for care mode that a conversation can still reach after
/// a disclosure. The engine never enters a state marked `not in care` while
/// care mode is on, and skips marked quotes, FAQ answers and lists; this
/// check finds where a writer left marked content in a state that care mode
/// does enter, so the reply would lose a piece without anyone deciding what
/// to say instead.
enum CareChecks {
    static func unsafePaths(_ dialog: CompiledDialog) -> [Diagnostic] {
        guard let care = dialog.care else { return [] }
        let careVariables = Set(care.variables)
        // Disclosures: the states that switch care mode on.
        var disclosures = dialog.states.indices.filter { switchesOn(dialog.states[$0].body, careVariables) }
        // ... and the handlers and options that do, from where they lead (or from their own state).
        var bodies: [(body: [Action], state: Int?)] = dialog.handlers.map { handler in
            if case .state(let id) = handler.scope { return (handler.body, Int(id)) }
            return (handler.body, nil)
        }
        bodies += dialog.options.map { ($0.body, Int($0.state)) }
        for (body, state) in bodies where switchesOn(body, careVariables) {
            let targets = DialogChecks.targets(body, dialog)
            let leads = DialogChecks.stateIDs(targets, dialog)
            if leads.isEmpty, let state { disclosures.append(state) }
            disclosures += leads
        }
        disclosures = Array(Set(disclosures)).sorted()
        guard !disclosures.isEmpty else { return [] }

        // While care mode is on, a marked state is replaced by `instead`, and
        // `back` may return to any state that waited for the user.
        func entered(_ id: Int) -> Int { dialog.states[id].notInCare ? Int(care.instead) : id }
        var everywhere: [GoTarget] = []
        for id in dialog.safetyHandlers.ids + dialog.beforeHandlers.ids + dialog.afterHandlers.ids {
            everywhere += DialogChecks.targets(dialog.handlers[Int(id)].body, dialog)
        }
        for level in dialog.repair?.levels ?? [] { everywhere += DialogChecks.targets(level, dialog) }
        let waiting = dialog.states.indices.filter { waits(dialog.states[$0], dialog) }
        /// The states a state can lead to, and whether by going back.
        func next(_ id: Int) -> [(state: Int, back: Bool)] {
            let targets = DialogChecks.stateTargets(id, dialog) + everywhere
            var out = DialogChecks.stateIDs(targets, dialog).map { (entered($0), false) }
            if targets.contains(.back) { out += waiting.map { (entered($0), true) } }
            return out
        }

        var parent: [Int: (state: Int, back: Bool)] = [:]
        var queue = disclosures
        var reached = Set(disclosures)
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for (n, back) in next(current) where reached.insert(n).inserted {
                parent[n] = (current, back)
                queue.append(n)
            }
        }

        var out: [Diagnostic] = []
        for id in queue where !dialog.states[id].notInCare {
            let state = dialog.states[id]
            var bodies = [state.body]
            for handler in state.triggers.ids + state.fallbacks { bodies.append(dialog.handlers[Int(handler)].body) }
            for body in bodies {
                guard let what = unguardedUse(body, dialog, careVariables) else { continue }
                // The path, a step taken by 'back' written as such.
                var shown = dialog.states[id].name
                var step = id
                while let p = parent[step] {
                    shown = dialog.states[p.state].name + (p.back ? " -> back to " : " -> ") + shown
                    step = p.state
                }
                out.append(Diagnostic(.unsafeInCare,
                                      "state '\(state.name)' can say \(what), which is not for care mode, after a disclosure (\(shown)); mark the state 'not in care', or say it only under a condition on care mode",
                                      at: state.location, length: state.name.count))
                break
            }
        }
        return out
    }

    /// Whether actions set a care variable to something other than no/0/"".
    static func switchesOn(_ actions: [Action], _ variables: Set<String>) -> Bool {
        actions.contains { action in
            switch action {
            case .set(let name, let value) where variables.contains(name):
                switch value {
                case .bool(let b): return b
                case .number(let n): return n != 0
                default: return true
                }
            case .add(let amount, let name): return variables.contains(name) && amount != 0
            case .branch(let branches, let otherwise):
                return branches.contains { switchesOn($0.1, variables) } || switchesOn(otherwise ?? [], variables)
            default: return false
            }
        }
    }

    /// Whether a state stops to wait for the user (and so can be on the back stack).
    static func waits(_ state: CompiledState, _ dialog: CompiledDialog) -> Bool {
        !state.triggers.isEmpty || !state.fallbacks.isEmpty || containsWait(state.body)
    }

    static func containsWait(_ actions: [Action]) -> Bool {
        actions.contains { action in
            switch action {
            case .ask, .option: return true
            case .branch(let branches, let otherwise): return branches.contains { containsWait($0.1) } || containsWait(otherwise ?? [])
            default: return false
            }
        }
    }

    /// The first marked content said outside a branch that looks at care mode.
    static func unguardedUse(_ actions: [Action], _ dialog: CompiledDialog, _ variables: Set<String>) -> String? {
        for action in actions {
            switch action {
            case .quote(let id) where dialog.quotes[Int(id)].notInCare: return "quote '\(dialog.quotes[Int(id)].name)'"
            case .list(let id) where dialog.lists[Int(id)].notInCare: return "list '\(dialog.lists[Int(id)].name)'"
            case .answer(let id?) where dialog.faqs[Int(id)].notInCare: return "the answer of FAQ '\(dialog.faqs[Int(id)].name)'"
            case .branch(let branches, let otherwise):
                // A branch that reads a care variable was written with care mode in mind.
                var names: [String] = []
                for (condition, _) in branches { Linker.collectVariables(condition, into: &names) }
                if names.contains(where: variables.contains) { continue }
                for (_, body) in branches { if let found = unguardedUse(body, dialog, variables) { return found } }
                if let found = unguardedUse(otherwise ?? [], dialog, variables) { return found }
            default: continue
            }
        }
        return nil
    }
}
