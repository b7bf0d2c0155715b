/// P120: a question with choices (options, or a trigger for "yes") where "I
/// don't know" or "not sure" goes nowhere. Whatever takes such a line there
/// (the state's own trigger, a global handler, `on anything`) only stays, so a
/// person who is unsure hears the question again, and again (issue 11: six
/// "idk"s at a yes/no question got two reassurances in turn, without end).
/// The fix the warning asks for is a path: a default the coach says it takes.
///
/// "Uncertain" is whatever the dialog itself reads in the probe lines below:
/// a dialog with no intent for them gets repair there, whose levels end, and
/// is not warned about.
enum UncertainAnswerChecks {
    /// Lines a person who is not sure types; the dialog's own reading of them
    /// decides which intents mean uncertainty.
    static let uncertainProbes = ["not sure", "I don't know", "idk"]
    /// How a yes/no question is recognised when it shows no options.
    static let yesProbe = "yes"

    static func run(_ dialog: CompiledDialog) -> [Diagnostic] {
        let uncertain = uncertainProbes.compactMap { probe -> (String, [IntentMatch])? in
            let matches = dialog.matcher.match(TextNormalizer.normalize(probe)).filter { dialog.intents[Int($0.intent)].kind == .intent }
            return matches.isEmpty ? nil : (probe, matches)
        }
        guard !uncertain.isEmpty else { return [] }
        let yes = Set(dialog.matcher.match(TextNormalizer.normalize(yesProbe)).map(\.intent)
            .filter { dialog.intents[Int($0)].kind == .intent })
        var out: [Diagnostic] = []
        for state in dialog.states {
            // A state that ignores the global handlers holds the conversation
            // (a safety pause): asking again until the person is safe is its job.
            guard !state.ignoresGlobals, asks(state.body), offersChoices(state, yes: yes) else { continue }
            // Every probe must find a way on; the first that does not is reported.
            for (probe, matches) in uncertain {
                let taker = handler(taking: matches, in: state, dialog)
                if let taker, moves(dialog.handlers[Int(taker)].body, dialog) { continue }
                let what = taker.map { "'on \(dialog.handlers[Int($0)].label)' (\(describe($0, dialog))) only stays" }
                    ?? "nothing takes it, so it is repaired"
                out.append(Diagnostic(
                    .uncertainAnswerStays,
                    "state '\(state.name)' asks a question with choices, but \"\(probe)\" goes nowhere: \(what); an unsure person hears the question again and again",
                    at: state.location, length: state.name.count,
                    notes: [.init("add 'on \(taker.map { dialog.handlers[Int($0)].label } ?? dialog.intents[Int(matches[0].intent)].name) -> STATE' with a line saying what the coach will do, for example take the usual first choice")]))
                break
            }
        }
        return out
    }

    /// The handler that takes a line with these matches (best first), as
    /// `Run.decide` orders them: safety, global before, the state's triggers,
    /// global after, `on anything`. Conditions are not known here: a handler
    /// with one is taken to be false, so the path checked is the one that
    /// holds whatever the conversation's variables ("not sure" is a sign of
    /// danger only while the coaching is paused for safety).
    static func handler(taking matches: [IntentMatch], in state: CompiledState, _ dialog: CompiledDialog) -> Int32? {
        func unconditional(_ list: HandlerList) -> Int32? {
            for match in matches {
                if let h = list.reacting(to: match.intent, isFAQ: false).first(where: { dialog.handlers[Int($0)].condition == nil }) {
                    return h
                }
            }
            return nil
        }
        if let h = unconditional(dialog.safetyHandlers) { return h }
        if !state.ignoresGlobals, let h = unconditional(dialog.beforeHandlers) { return h }
        if let h = unconditional(state.triggers) { return h }
        if !state.ignoresGlobals, let h = unconditional(dialog.afterHandlers) { return h }
        return state.fallbacks.first { dialog.handlers[Int($0)].condition == nil }
    }

    static func describe(_ handler: Int32, _ dialog: CompiledDialog) -> String {
        switch dialog.handlers[Int(handler)].scope {
        case .state: "the state's own"
        case .global: "a global handler"
        }
    }

    /// Whether a handler's body leaves the state on some path: `go`, `back`,
    /// `end` or `restart` (a `go` inside an `if` counts: the writer chose when).
    static func moves(_ body: [Action], _ dialog: CompiledDialog) -> Bool {
        DialogChecks.targets(body, dialog).contains { $0 != .stay }
    }

    static func asks(_ body: [Action]) -> Bool {
        body.contains { action in
            switch action {
            case .ask: true
            case .branch(let branches, let otherwise): branches.contains { asks($0.1) } || asks(otherwise ?? [])
            default: false
            }
        }
    }

    /// Options on show, or a trigger for what the dialog reads "yes" as.
    static func offersChoices(_ state: CompiledState, yes: Set<Int32>) -> Bool {
        func showsOptions(_ body: [Action]) -> Bool {
            body.contains { action in
                switch action {
                case .option: true
                case .branch(let branches, let otherwise): branches.contains { showsOptions($0.1) } || showsOptions(otherwise ?? [])
                default: false
                }
            }
        }
        return showsOptions(state.body) || yes.contains { !state.triggers.reacting(to: $0, isFAQ: false).isEmpty }
    }
}
