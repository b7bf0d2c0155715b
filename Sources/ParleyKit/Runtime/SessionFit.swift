/// An option on show in a session: by its key, which names it across edits of
/// the dialog (its state and its label as written), and by its position in the
/// compiled dialog, which is only a cache: it is filled in, or found anew from
/// the key, each time a session is checked against a dialog.
public struct OptionID: Sendable, Codable, CustomStringConvertible {
    /// `STATE` U+001F `LABEL` (and U+001F `N` for the Nth option with the same label in a state).
    public var key: String
    /// The position in `CompiledDialog.options`; -1 until checked against a dialog.
    public var index: Int32

    /// `key` names the option (see `key`); `index` is its position in
    /// `CompiledDialog.options` if known, or -1.
    public init(key: String, index: Int32 = -1) {
        self.key = key
        self.index = index
    }

    /// The key with its parts joined by " / ", for messages.
    public var description: String { key.split(separator: "\u{1F}").joined(separator: " / ") }

    /// The key alone: old saved conversations (format 1) wrote positions,
    /// which mean nothing without their dialog; they read as no option.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(key: (try? container.decode(String.self)) ?? "")
    }

    /// Writes the key alone, as one JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }
}

extension OptionID: Equatable, Hashable {
    /// Options are equal when their keys are: the position is a cache.
    public static func == (a: OptionID, b: OptionID) -> Bool { a.key == b.key }
    /// Hashes the key alone, as `==` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}

/// What checking a stored session against the dialog changed. Holds names
/// from the dialog's old version, never user text.
public struct SessionRepair: Sendable, Equatable {
    /// The session was made with another version of the dialog (its fingerprint differs).
    public var dialogChanged = false
    /// Options on show that the dialog no longer has; the rest keep their order.
    public var droppedOptions = 0
    /// States on the way back, or counted as visited, that the dialog no longer has.
    public var droppedStates = 0
    /// Variables the dialog no longer sets or reads (they may hold what the user wrote).
    public var droppedVariables = 0
}

/// A stored session, checked against the dialog that is to run it.
public enum SessionFit: Sendable, Equatable {
    /// Ready to run; `repair` says what had to change (nil: nothing, same dialog).
    case ready(Session, repair: SessionRepair?)
    /// Its state no longer exists: it starts over from the greeting, with this
    /// seed (its random stream goes on, so runs stay reproducible).
    case startOver(seed: UInt64)
}

extension Engine {
    /// Checks a session that was stored (by the bridge's store, or `/save`)
    /// against this dialog, so that nothing it refers to can be missing when
    /// it runs. Every front end calls this on every load; it never fails:
    ///
    /// - same dialog (equal fingerprints): the options' positions are looked up
    ///   from their keys; nothing else changes;
    /// - the session's state is gone: `.startOver`;
    /// - otherwise the session stays in its state, and loses what the dialog
    ///   no longer has: options on show (the others keep their order and are
    ///   numbered from 1 again), states on the way back and in the visit
    ///   counts, and variables the dialog neither sets nor reads. Where each
    ///   `say one of` is in its variants is forgotten (those sites are numbered
    ///   anew in another version). The session is stamped with this dialog's
    ///   fingerprint.
    ///
    /// Cost: a dictionary look-up per option on show when the dialog is the
    /// same; linear in the session's size when it changed.
    public func fit(_ stored: Session) -> SessionFit {
        var session = stored
        switch fitInPlace(&session) {
        case .ready(let repair): return .ready(session, repair: repair)
        case .startOver(let seed): return .startOver(seed: seed)
        }
    }

    /// `fit(_:)` on the session where it lies: the bridge checks every
    /// session on every request, and a copy of a `Session` (and its
    /// destruction) retains and releases each of its strings, arrays and
    /// dictionaries (issue 12: `fit` was 1,700 instructions a turn, two
    /// copies of them). `session` is left as `fit` would return it for
    /// `.ready`, and unchanged for `.startOver`.
    public func fitInPlace(_ session: inout Session) -> SessionFit.Outcome {
        // The engine's table of state names, not the dictionary (see `StateLookup`).
        guard compiled.states.id(of: session.state) != nil else { return .startOver(seed: session.random) }
        let options = session.options.count
        if session.fingerprint == dialog.fingerprint {
            // With the same dialog there is usually nothing to change: look
            // before changing (issue 12: rebuilding the options and the
            // variants' dictionary each time was 6 % of a turn on the sample dialog).
            let variants = session.variants.count
            for option in session.options where !CompiledDialog.isResolved(option, in: dialog.options) {
                session.options = session.options.compactMap(dialog.resolve)
                break
            }
            if session.variants.keys.contains(where: { $0 < 0 || Int($0) >= dialog.variantSites }) {
                session.variants = session.variants.filter { $0.key >= 0 && Int($0.key) < dialog.variantSites }
            }
            let changed = session.options.count != options || session.variants.count != variants
            return .ready(repair: changed ? SessionRepair(droppedOptions: options - session.options.count) : nil)
        }
        var repair = SessionRepair(dialogChanged: true)
        let states = session.backStack.count + session.visits.count
        let variables = session.variables.count
        session.options = session.options.compactMap(dialog.resolve)
        repair.droppedOptions = options - session.options.count
        session.backStack = session.backStack.filter { dialog.stateIDs[$0] != nil }
        session.visits = session.visits.filter { dialog.stateIDs[$0.key] != nil }
        repair.droppedStates = states - (session.backStack.count + session.visits.count)
        session.variables = session.variables.filter { dialog.variableNames.contains($0.key) }
        repair.droppedVariables = variables - session.variables.count
        session.variants = [:]
        session.fingerprint = dialog.fingerprint
        return .ready(repair: repair)
    }
}

extension SessionFit {
    /// What `Engine.fitInPlace(_:)` found: the session is ready (`repair`
    /// says what had to change; nil: nothing), or it starts over with `seed`.
    public enum Outcome: Sendable, Equatable {
        case ready(repair: SessionRepair?)
        case startOver(seed: UInt64)
    }
}

extension CompiledDialog {
    /// Whether `option`'s position is filled in and names it in this dialog (`resolve` would return it unchanged).
    func isResolved(_ option: OptionID) -> Bool { Self.isResolved(option, in: options) }

    /// `isResolved` against the dialog's options alone: for the engine,
    /// whose dialog is behind a computed property, so that calling a method
    /// of the dialog copies all of it (issue 12).
    static func isResolved(_ option: OptionID, in options: [CompiledOption]) -> Bool {
        let index = option.index
        return index >= 0 && Int(index) < options.count && options[Int(index)].key == option.key
    }

    /// The option `option` names in this dialog, with its position filled in; nil when there is none.
    func resolve(_ option: OptionID) -> OptionID? {
        let index = option.index
        if index >= 0, Int(index) < options.count, options[Int(index)].key == option.key { return option }
        return optionKeys[option.key].map { OptionID(key: option.key, index: $0) }
    }

    /// Fills in what identifies the dialog and its parts across edits: the
    /// fingerprint of its text, each option's key, the names of its variables.
    /// Called once, by the compiler.
    mutating func stampIdentities(sources: [String: String]) {
        var hash = StableHash.offsetBasis
        for file in files {
            hash = StableHash.fnv1a64(Array((sources[file] ?? "").utf8) + [0], seed: hash)
        }
        fingerprint = StableHash.hex(hash)

        optionKeys = [:]
        for index in options.indices {
            let base = states[Int(options[index].state)].name + "\u{1F}" + options[index].label.sourceText
            var key = base
            var n = 1
            while optionKeys[key] != nil {
                n += 1
                key = base + "\u{1F}" + String(n)
            }
            options[index].key = key
            optionKeys[key] = Int32(index)
        }

        var names = Set<String>()
        func visit(_ template: CompiledTemplate) {
            for case .variable(let name) in template.parts { names.insert(name) }
        }
        func visit(_ spec: TextSpec) {
            switch spec {
            case .single(let template): visit(template)
            case .variants(let templates, _, _): templates.forEach(visit)
            }
        }
        func visit(_ value: CompiledValue) {
            switch value {
            case .variable(let name): names.insert(name)
            case .text(let template): visit(template)
            case .number, .bool, .visits: break
            }
        }
        func visit(_ condition: CompiledCondition) {
            switch condition {
            case .truthy(let value): visit(value)
            case .not(let inner): visit(inner)
            case .and(let a, let b), .or(let a, let b): visit(a); visit(b)
            case .compare(let a, _, let b): visit(a); visit(b)
            case .visited, .heard: break
            }
        }
        func visit(_ actions: [Action]) {
            for action in actions {
                switch action {
                case .say(let spec, _), .ask(let spec): visit(spec)
                case .set(let name, let value): names.insert(name); visit(value)
                case .add(_, let name), .remember(let name), .rememberReflected(let name): names.insert(name)
                case .branch(let branches, let otherwise):
                    for (condition, body) in branches { visit(condition); visit(body) }
                    if let otherwise { visit(otherwise) }
                case .quote, .answer, .list, .go, .option: break
                }
            }
        }
        for state in states {
            visit(state.body)
            state.repair?.levels.forEach(visit)
        }
        for handler in handlers {
            visit(handler.body)
            if let condition = handler.condition { visit(condition) }
        }
        for option in options {
            visit(option.body)
            visit(option.label)
        }
        repair?.levels.forEach(visit)
        for quote in quotes { visit(quote.text) }
        for faq in faqs { visit(faq.answer) }
        for list in lists {
            if let title = list.title { visit(title) }
            list.items.forEach(visit)
        }
        variableNames = names
    }
}

extension CompiledTemplate {
    /// The template as a writer would see it: literal text, `{1}`, `{input}`, `{name}`.
    var sourceText: String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .capture(let n): out += "{\(n)}"
            case .input: out += "{input}"
            case .variable(let name): out += "{\(name)}"
            case .listItem(let list, let n): out += "{list \(list) \(n)}"
            }
        }
        return out
    }
}
