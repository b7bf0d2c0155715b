/// What a set of conversations exercised in a dialog, and what it did not.
public struct Coverage: Sendable {
    /// The dialog whose states, handlers, options and intents are counted.
    public let dialog: CompiledDialog
    /// The states entered, by position in `dialog.states`.
    public private(set) var states = Set<Int32>()
    /// The handlers (triggers) that fired, by the compiled dialog's handler id.
    public private(set) var handlers = Set<Int32>()
    /// The options taken, by position in the compiled dialog's options.
    public private(set) var options = Set<Int32>()
    /// The intents that decided a turn, by the compiled dialog's intent id.
    public private(set) var intents = Set<Int32>()

    /// Nothing covered yet.
    public init(dialog: CompiledDialog) { self.dialog = dialog }

    /// Adds what `turn` (of a conversation with `dialog`) entered, fired and matched.
    public mutating func record(_ turn: Turn) {
        states.formUnion(turn.trace.states)
        handlers.formUnion(turn.trace.handlers)
        options.formUnion(turn.trace.options)
        intents.formUnion(turn.trace.intents)
    }

    /// One thing never exercised.
    public struct Item: Sendable, Equatable {
        /// "state", "trigger", "option" or "intent".
        public var kind: String
        /// Its name as written (a trigger's as written after `on`).
        public var name: String
        /// Where it is defined, if it has a place.
        public var location: SourceLocation?
    }

    /// Everything never exercised: states never entered, triggers and
    /// options never taken, intents that never decided a turn.
    public var unvisited: [Item] {
        var out: [Item] = []
        for (index, state) in dialog.states.enumerated() where !states.contains(Int32(index)) {
            out.append(Item(kind: "state", name: state.name, location: state.location))
        }
        for (index, handler) in dialog.handlers.enumerated() where !handlers.contains(Int32(index)) {
            let place: String
            switch handler.scope {
            case .state(let id): place = "in state '\(dialog.states[Int(id)].name)'"
            case .global(let priority): place = priority == .safety ? "in safety" : "in global \(priority.rawValue)"
            }
            out.append(Item(kind: "transition", name: "on \(handler.label) \(place)", location: handler.location))
        }
        for (index, option) in dialog.options.enumerated() where !options.contains(Int32(index)) {
            let label = option.label.constant ?? "(label with variables)"
            out.append(Item(kind: "transition", name: "option '\(label)' in state '\(dialog.states[Int(option.state)].name)'",
                            location: option.location))
        }
        for (index, intent) in dialog.intents.enumerated() where !intents.contains(Int32(index)) {
            if case .optionLabel = intent.kind { continue }
            out.append(Item(kind: "intent", name: intent.name, location: intent.location))
        }
        return out
    }

    /// Counts per kind: (exercised, total).
    public var totals: [(kind: String, covered: Int, total: Int)] {
        let userIntents = dialog.intents.indices.filter {
            if case .optionLabel = dialog.intents[$0].kind { false } else { true }
        }
        return [
            ("states", states.count, dialog.states.count),
            ("transitions", handlers.count + options.count, dialog.handlers.count + dialog.options.count),
            ("intents", userIntents.filter { intents.contains(Int32($0)) }.count, userIntents.count),
        ]
    }
}
