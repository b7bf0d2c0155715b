/// Runs conversations: a pure function of (compiled dialog, session, line).
/// No I/O, no clock, no global state; randomness comes from the session's seed.
public struct Engine: Sendable {
    /// The dialog every conversation of this engine runs.
    public var dialog: CompiledDialog { compiled.dialog }
    /// The dialog behind one reference. Each turn keeps it in its `Run`,
    /// and copying a `CompiledDialog` itself retains and releases each
    /// of its arrays and dictionaries (issue 12: the engine's copy was 2 % of
    /// a turn on the sample dialog, and part of the retain/release share).
    let compiled: DialogReference

    /// Only this many Unicode scalars of a line are read for matching; a chat
    /// message longer than this is not a conversational turn, and matching
    /// cost stays bounded. Counted in scalars, not characters: one character
    /// can hold any number of combining marks.
    static let maximumMatchedCharacters = 4_000
    /// Automatic transitions in one turn beyond this stop where they are,
    /// so a loop in a dialog cannot hang a front end.
    static let maximumHops = 64

    /// Each word's stem, term and typo result, kept for the words seen most
    /// (see `WordMemo`); shared by the copies of this engine.
    let words: SharedWordMemo
    /// The buffers each turn reads and matches its line with (see
    /// `TurnBufferPool`); shared by the copies of this engine.
    let buffers: TurnBufferPool

    /// An engine for `dialog`. Cheap: it keeps the dialog behind one reference,
    /// an empty word memo and an empty pool of matching buffers.
    public init(dialog: CompiledDialog) {
        compiled = DialogReference(dialog: dialog)
        words = SharedWordMemo()
        buffers = TurnBufferPool()
    }

    /// Starts a conversation: the start state's greeting.
    public func start(seed: UInt64) -> (Session, Turn) {
        start(seed: seed, keeping: [:])
    }

    /// Starts over with some variables already set: care mode survives the
    /// end of a conversation (see `CareMode.variables`).
    func start(seed: UInt64, keeping variables: [String: Value]) -> (Session, Turn) {
        var session = Session(state: dialog.states[Int(dialog.start)].name, seed: seed)
        for (name, value) in variables { session.variables[name] = value }
        session.fingerprint = dialog.fingerprint
        var run = Run(engine: self, session: session, input: "", stateID: dialog.start)
        run.enter(dialog.start)
        if run.hopLimitReached {
            // A dialog whose start goes round in circles cannot begin; the
            // next line tries again (lint reports the loop: P104).
            var ended = Session(state: dialog.states[Int(dialog.start)].name, seed: run.session.random)
            ended.fingerprint = dialog.fingerprint
            ended.ended = true
            var cut = Run(engine: self, session: ended, input: "")
            cut.replies = [Reply(text: Self.loopLine, kind: .repair)]
            return (ended, cut.turn(.init(decision: .repair(level: 1))))
        }
        session = run.session
        return (session, run.turn(.init(decision: .opened)))
    }

    /// The current prompt again, for a conversation that is picked up later.
    public func resume(_ session: Session) -> Turn {
        var run = Run(engine: self, session: session, input: "")
        if session.ended {
            return run.turn(Explanation(decision: .resumed))
        }
        if let question = session.question { run.addReply(Reply(text: question, kind: .ask)) }
        return run.turn(Explanation(decision: .resumed))
    }

    /// The engine's answer to one line; `session` moves on. Any text is a
    /// valid line: only its first 4,000 Unicode scalars are matched, and a
    /// turn follows at most 64 automatic transitions. Pure and deterministic:
    /// the same dialog, session and line give the same turn.
    ///
    /// `explaining`: whether the turn keeps its evidence, for a front end that
    /// may show why it answered (the chat's `/why`, transcripts' coverage and
    /// failure messages): the line, every match with its hits
    /// (`Explanation.evidence`, `summary`), the states, handlers and options
    /// it touched, and the signs of danger it saw. With `false` (the bridge,
    /// which never shows them) the turn's replies, options, state, intent,
    /// score and `explanation.decision` are the same, and the rest is not
    /// kept. Explaining a turn later costs one more turn: the engine is
    /// deterministic, so the same session and line give the same turn.
    public func respond(to input: String, in session: inout Session, explaining: Bool = true) -> Turn {
        var undo: SessionUndo?
        return respond(to: input, in: &session, undo: &undo, explaining: explaining)
    }

    /// `respond(to:in:explaining:)`, and what the turn changed: `undo.revert`
    /// takes the session back to where it was before the line (the chat's `/back`).
    public func respondKeepingUndo(to input: String, in session: inout Session, explaining: Bool = true) -> (turn: Turn, undo: SessionUndo) {
        var undo: SessionUndo? = SessionUndo(before: session)
        let turn = respond(to: input, in: &session, undo: &undo, explaining: explaining)
        return (turn, undo!)
    }

    /// The turn, its changes logged in `undo` (made before the turn, from
    /// `session`), if there is one.
    func respond(to input: String, in session: inout Session, undo: inout SessionUndo?, explaining: Bool) -> Turn {
        // A line of no more bytes than the limit has no more scalars either
        // (every line of a chat): it is not walked scalar by scalar.
        let scalars = input.unicodeScalars
        let clipped = input.utf8.count <= Self.maximumMatchedCharacters ? input
            : scalars.index(scalars.startIndex, offsetBy: Self.maximumMatchedCharacters, limitedBy: scalars.endIndex)
                .map { String(scalars[..<$0]) } ?? input
        // The line is read and matched in buffers lent by the engine, given
        // back when the turn is done (an explained turn keeps the line's
        // arrays, and the buffers then make new ones).
        let lent = buffers.take()
        var line = TextNormalizer.normalize(clipped, reusing: &lent.line)
        defer {
            lent.line.keep(&line)
            buffers.give(lent)
        }
        // Tokens once: the matcher reads them, and so does the check for a
        // typed option label. The memo's lock is held for the words'
        // analyses only: the lanes of a bridge share it.
        words.withMemo { dialog.matcher.lexicon.analyses(of: line, memo: &$0, into: &lent.analyses) }
        dialog.matcher.lexicon.tokens(of: line, analyses: lent.analyses, into: &lent.tokens)
        let tokens = lent.tokens
        // Hits are the explanation's evidence: nothing else reads them.
        let matches = dialog.matcher.match(line, tokens: tokens, recordingHits: explaining, scratch: &lent.matching)
        // The state is looked up once a turn; the turn in progress keeps it (`Run.stateID`).
        guard !session.ended, let stateID = compiled.states.id(of: session.state) else {
            // A finished (or no longer existing) conversation starts over,
            // keeping the random stream going so runs stay reproducible, and
            // keeping care mode: a disclosure is not forgotten by saying goodbye.
            let kept = Dictionary(uniqueKeysWithValues: (dialog.care?.variables ?? []).compactMap { name in
                session.variables[name].map { (name, $0) }
            })
            let (fresh, greeting) = start(seed: session.random, keeping: kept)
            undo?.log(.whole(session))
            session = fresh
            var restarted = greeting
            restarted.explanation.decision = .restartedAfterEnd
            // A sign of danger in that line is answered, not dropped with the old conversation.
            var probe = Run(engine: self, session: session, input: line.display)
            probe.heard = matches
            guard probe.pick(dialog.safetyHandlers, .safety, matches) != nil else { return restarted }
            var answered = respond(to: input, in: &session, undo: &undo, explaining: explaining)
            answered.replies = greeting.replies.filter { $0.kind != .ask } + answered.replies
            return answered
        }
        session.lines += 1
        // The session is moved into the turn and run where it lies: a copy
        // kept meanwhile would make each of its arrays and dictionaries that
        // the turn changes be copied whole (see `SessionUndo`).
        var taken = Session(state: "", seed: 0)
        swap(&taken, &session)
        var run = Run(engine: self, session: consume taken, input: line.display, stateID: stateID, explaining: explaining)
        // The run's own log: a cut turn is taken back to where it began.
        run.undo = SessionUndo(before: run.session)
        run.heard = matches
        var explanation = run.decide(line: line, tokens: tokens, matches: dialog.care == nil ? matches : run.offered(matches))
        if explaining { explanation.keep(line: line, matches: matches, intents: dialog.intents, entries: dialog.matcher.entries) }
        if run.hopLimitReached {
            // The turn went round in circles and was cut: nothing it did is
            // kept (its random draws aside), so the session is back where the
            // user can answer, with its question and options.
            let random = run.session.random
            swap(&session, &run.session)
            run.undo!.revert(&session)
            session.random = random
            var cut = Run(engine: self, session: session, input: "", explaining: explaining)
            cut.replies = [Reply(text: Self.loopLine, kind: .repair)]
            cut.reask()
            explanation.decision = .repair(level: 1)
            return cut.turn(explanation)
        }
        let turn = run.turn(explanation)
        // Moved back, not copied: a copy retained each of the session's
        // strings, arrays and dictionaries, and the run's released them (issue 12).
        swap(&session, &run.session)
        if undo != nil { undo!.changes += run.undo!.changes }
        return turn
    }

    /// Whether the dialog's care mode (docs/safety.md) is on in `session`:
    /// false for a dialog without a `care` block. A front end that can take
    /// lines back (the chat's `/back`) keeps it on once it is.
    public func isInCareMode(_ session: Session) -> Bool {
        guard dialog.care != nil else { return false }
        return Run(engine: self, session: session, input: "").inCare
    }

    /// Said when `maximumHops` cut a turn.
    static let loopLine = "Sorry, I went round in circles there. Let's pick up where we were."

    /// The shown options of a session, as front ends list them.
    public func options(of session: Session) -> [TurnOption] {
        Run(engine: self, session: session, input: "").renderedOptions()
    }
}

/// A compiled dialog shared by reference (see `Engine.compiled`), with
/// what the engine works out from it once (`HandlerReactions`, `StateLookup`).
final class DialogReference: Sendable {
    let dialog: CompiledDialog
    let reactions: HandlerReactions
    /// `dialog.stateIDs`, for the look-ups of a turn.
    let states: StateLookup
    init(dialog: CompiledDialog) {
        self.dialog = dialog
        reactions = HandlerReactions(dialog)
        states = StateLookup(dialog.stateIDs)
    }
}

/// One turn in progress: the session being changed and what is said.
struct Run {
    /// The dialog, not the whole `Engine`: the turn reads nothing else of
    /// it, and the engine's other two references were retained and
    /// released with every `Run`.
    let compiled: DialogReference
    var dialog: CompiledDialog { compiled.dialog }
    var session: Session
    /// The user's line, cleaned, for `{input}` and `remember`.
    let input: String
    var replies: [Reply] = []
    /// Whether the turn keeps its evidence (`Engine.respond(to:in:explaining:)`).
    let explaining: Bool
    /// What the turn touched; nil when the turn is not `explaining`: its arrays were four
    /// allocations a turn that the bridge never reads (issue 12). Spelt
    /// `Optional<…>`, not `TurnTrace?`, so that it has no default value and
    /// `init` initialises it rather than assigning it again: the assignment
    /// made the initialiser copy and destroy the whole `Run` (1,070
    /// instructions a turn, as `captures` once did).
    var trace: Optional<TurnTrace>
    var captures: [String] = []
    var matchedFAQ: Int32?
    var hops = 0
    var asked = false
    /// The state the turn began in: the one the user was answering.
    let startState: String
    var pushedBack = false
    /// Every match of the line, at any rank: their intents are what `heard
    /// INTENT` reads. The matches themselves, not a set of their intents: a
    /// line matches a few intents, and the set cost two allocations a turn.
    var heard: [IntentMatch] = []
    /// While repairing: the line that was not understood, as it would be
    /// quoted (`quotable`, see RepairText.swift), made once per repair.
    var rejectedLine: String?
    /// The current state's position in the dialog: `session.state` looked up
    /// once, when the turn starts, and set by `enter` (issue 12: the look-up,
    /// a hash of the state's name, was made four times a turn).
    var stateID: Int32
    /// `maximumHops` cut the turn short.
    var hopLimitReached = false
    /// The turn's changes, for `Engine.respond`'s rollback and for `/back`;
    /// nil when nothing needs them (an opening, a resumed conversation).
    var undo: SessionUndo?
    /// The state whose arrival statements are running: its own visit is
    /// counted (`visits`) but is not a visit "before" (`visited`).
    var arriving: String?

    /// A turn starting from `session`; `stateID` is `session.state`'s
    /// position if the caller has looked it up (an unknown state reads as the start).
    /// The dialog's parts are read through `engine.dialog` one at a time:
    /// binding the dialog to a local, or calling one of its methods, copies
    /// the whole `CompiledDialog` (measured: 1,900 instructions a turn).
    /// `session` is taken, not copied: a copy retained and released each of
    /// its strings, arrays and dictionaries (issue 12).
    init(engine: Engine, session: consuming Session, input: String, stateID: Int32? = nil, explaining: Bool = true) {
        // Options are named by key; a session that was not checked against
        // this dialog (`Engine.fit`) still never reaches past its tables.
        for option in session.options where !CompiledDialog.isResolved(option, in: engine.dialog.options) {
            session.options = session.options.compactMap { engine.dialog.resolve($0) }
            break
        }
        self.compiled = engine.compiled
        self.stateID = stateID ?? engine.compiled.states.id(of: session.state) ?? engine.dialog.start
        self.startState = session.state
        self.input = input
        self.explaining = explaining
        self.trace = explaining ? TurnTrace() : nil
        // Moved, not copied (a copy measured 600 instructions a turn, issue 12).
        self.session = consume session
        // `captures` starts empty (a capture lives for the turn that made it,
        // so no state's text can show a stale one). Set here again, it made
        // the initialiser copy and destroy the whole `Run` (issue 12).
    }

    /// The turn's answer; `explanation` is moved into it, not copied.
    func turn(_ explanation: consuming Explanation) -> Turn {
        Turn(replies: replies, options: renderedOptions(), state: session.state, ended: session.ended,
             explanation: explanation, trace: trace ?? TurnTrace(), signs: explaining ? signs : [])
    }

    /// The intents of the line that a `safety` handler reacts to, in the order
    /// the matcher ranked them: every sign of danger, not only the one that answered.
    /// Sorted by intent, as the set of intents they were taken from was;
    /// nothing is allocated when no sign matched (most turns).
    var signs: [String] {
        guard !dialog.safetyHandlers.isEmpty else { return [] }
        var intents: [Int32] = []
        // `byIntent` says whether a handler reacts without making the list
        // of handlers (an array a match, issue 12).
        for match in heard where !intents.contains(match.intent)
            && dialog.safetyHandlers.byIntent[match.intent] != nil {
            intents.append(match.intent)
        }
        return intents.sorted().map { dialog.intents[Int($0)].name }
    }

    /// Labels read the captures that entered the state, also when it is shown again later.
    /// A plain loop over the options, rendering with the session's captures:
    /// copying the whole turn in progress to swap its captures, as this once
    /// did, was a sixth of an `open` (issue 12).
    func renderedOptions() -> [TurnOption] {
        guard !session.ended, !session.options.isEmpty else { return [] }
        var rendered: [TurnOption] = []
        rendered.reserveCapacity(session.options.count)
        for (index, option) in session.options.enumerated() {
            let key = index < Self.optionKeys.count ? Self.optionKeys[index] : String(index + 1)
            rendered.append(TurnOption(key: key, label: render(dialog.options[Int(option.index)].label, captures: session.captures)))
        }
        return rendered
    }

    /// "1" to "9": the keys of the first nine options, made once.
    static let optionKeys = (1...9).map { String($0) }

    /// A match's captures, reflected as they will be shown: "you" reads by the
    /// word before the capture ("want you to leave" -> "me to leave").
    func reflectedCaptures(_ match: IntentMatch) -> [String] {
        match.captures.indices.map { k in
            dialog.reflector.reflect(match.captures[k], after: k < match.captureContexts.count ? match.captureContexts[k] : nil)
        }
    }

    // MARK: - Deciding

    enum Step { case safety, before, after }

    mutating func decide(line: NormalizedLine, tokens: [Token], matches: [IntentMatch]) -> Explanation {
        // The state's parts are read where they lie: a copy of the whole
        // `CompiledState` retained and released a dozen arrays a turn (issue 12).
        let stateIndex = Int(stateID)
        let ignoresGlobals = dialog.states[stateIndex].ignoresGlobals
        // Each way out makes its own explanation; the line and matches are
        // added by `Engine.respond` if the turn is explained (issue 12: one
        // made up front and copied on every way out was 1,300 instructions a turn).

        func fire(_ handler: Int32, _ match: IntentMatch?, _ decision: Explanation.Decision) -> Explanation {
            if let match { trace?.intents.append(match.intent) }
            runHandler(handler, match: match)
            return Explanation(decision: decision, handler: dialog.handlers[Int(handler)].label, chosen: match, intents: dialog.intents)
        }

        if let (handler, match) = pick(dialog.safetyHandlers, .safety, matches) { return fire(handler, match, .safety) }
        if !ignoresGlobals, let (handler, match) = pick(dialog.beforeHandlers, .before, matches) {
            return fire(handler, match, .globalBefore)
        }
        if let position = optionNumber(line) {
            chooseOption(session.options[position].index)
            return Explanation(decision: .option(key: String(position + 1), byLabel: false))
        }
        // An option whose whole label was typed is what the user chose, unless
        // the label is a small part of a line that one of the state's triggers
        // reads with a higher rank: "I decided to break up with her" names the
        // label "Decide what you want" but means leaving.
        if let (position, match) = fullyTypedOption(tokens, matches),
           explainsMostOf(line, match) || !matches.contains(where: { other in
               other.rank > match.rank && compiled.reactions.triggers(of: stateIndex, reactTo: other.intent)
           }) {
            trace?.intents.append(match.intent)
            chooseOption(session.options[position].index)
            return Explanation(decision: .option(key: String(position + 1), byLabel: true), chosen: match, intents: dialog.intents)
        }
        // A global "after" handler whose intent outranks everything the state
        // could take still comes after the state, except against a lower rank:
        // rank says which words matter most, wherever they are handled.
        let after = ignoresGlobals ? nil : pick(dialog.afterHandlers, .after, matches)
        let afterQualifies = after.map { dialog.states[stateIndex].fallbacks.isEmpty || explainsMostOf(line, $0.1) } ?? false
        // The state's triggers and its options' labels compete on the same terms.
        // The matches are read where they lie: `for match in matches` copied
        // each one, and `if let (handler, afterMatch) = after` the global
        // match at each (issue 12: 230 instructions a sample `say`).
        for index in matches.indices {
            let intent = matches[index].intent
            if afterQualifies, let afterRank = after?.1.rank, afterRank > matches[index].rank {
                return fire(after!.0, after!.1, .globalAfter)
            }
            // Part of a label counts only when it is most of what the user said:
            // "talk" picks "Talk about reading"; a question that mentions reading does not.
            if case .optionLabel(let option) = dialog.intents[Int(intent)].kind,
               let position = session.options.firstIndex(where: { $0.index == option }), explainsMostOf(line, matches[index]) {
                trace?.intents.append(intent)
                chooseOption(option)
                return Explanation(decision: .option(key: String(position + 1), byLabel: true), chosen: matches[index],
                                   intents: dialog.intents)
            }
            // As in `pick`: a match no trigger reacts to is passed over by its
            // intent alone, without a list of handlers (issue 12).
            if compiled.reactions.triggers(of: stateIndex, reactTo: intent),
               let handler = firstHolding(dialog.states[stateIndex].triggers.reacting(to: intent, isFAQ: isFAQ(intent)),
                                          for: matches[index]) {
                return fire(handler, matches[index], .state)
            }
        }
        if let script = dialog.keywordScript, let handler = firstHolding(dialog.states[stateIndex].keywordHandlers),
           answerFromKeywords(script) {
            return fire(handler, nil, .state)
        }
        if let (handler, match) = after, afterQualifies {
            return fire(handler, match, .globalAfter)
        }
        if let handler = firstHolding(dialog.states[stateIndex].fallbacks) {
            return fire(handler, nil, .anything)
        }
        return repair()
    }

    /// Whether a match explains more than half of the line's meaningful words.
    /// Where a state takes any line (`on anything`), a global "after" handler
    /// only gets such a line: "help" or a whole FAQ question, not "it helps me
    /// relax" in answer to a question. Partly typed option labels need it too.
    func explainsMostOf(_ line: NormalizedLine, _ match: IntentMatch) -> Bool {
        let content = max(1, StopWords.contentWordCount(line))
        return match.score * 2 > content * 100
    }

    /// A shown option whose label's every meaningful word is in the line, in
    /// the label's order: "my partner broke my trust" types "My partner broke
    /// my trust", not "I broke my partner's trust", though the words are the
    /// same. Words are counted as terms, so a phrase synonym ("red flags" for
    /// "signs") is one word of the label, not two; words read only by
    /// forgiving a typo do not count as typed.
    func fullyTypedOption(_ tokens: [Token], _ matches: [IntentMatch]) -> (Int, IntentMatch)? {
        // No option on show, none to type: most turns stop here (the loop
        // below copied the options and each match it looked at, 390
        // instructions a sample `say`).
        guard !session.options.isEmpty else { return nil }
        var typed: [TermID]?
        var best: (position: Int, match: IntentMatch, terms: Int)?
        for match in matches {
            guard case .optionLabel(let option) = dialog.intents[Int(match.intent)].kind,
                  let position = session.options.firstIndex(where: { $0.index == option }),
                  match.entry >= 0,
                  case .label(let range, _) = dialog.matcher.entries[Int(match.entry)].shape
            else { continue }
            let terms = dialog.matcher.entries.terms(range)
            if typed == nil { typed = tokens.filter { !$0.typo }.map(\.term) }
            guard Self.contains(terms, inOrderIn: typed!) else { continue }
            if best == nil || terms.count > best!.terms { best = (position, match, terms.count) }
        }
        return best.map { ($0.position, $0.match) }
    }

    /// Whether `terms` appear in `line`, in this order (other words may come between).
    static func contains(_ terms: ArraySlice<TermID>, inOrderIn line: [TermID]) -> Bool {
        var next = terms.startIndex
        for term in line where next < terms.endIndex && term == terms[next] { next += 1 }
        return next == terms.endIndex
    }

    /// The first handler of `list` that takes the best match it reacts to.
    /// Matches no handler of the list reacts to are passed over by their
    /// intent alone: neither copied nor given a list of handlers (issue 12:
    /// a turn asks three lists about each match, and most say no); whether
    /// it reacts is read from `HandlerReactions` (`which`: this list).
    mutating func pick(_ list: HandlerList, _ which: HandlerReactions.List, _ matches: [IntentMatch]) -> (Int32, IntentMatch)? {
        guard !list.isEmpty else { return nil }
        for index in matches.indices {
            let intent = matches[index].intent
            guard compiled.reactions.reacts(which, to: intent) else { continue }
            if let handler = firstHolding(list.reacting(to: intent, isFAQ: isFAQ(intent)), for: matches[index]) {
                return (handler, matches[index])
            }
        }
        return nil
    }

    func isFAQ(_ match: IntentMatch) -> Bool { isFAQ(match.intent) }

    func isFAQ(_ intent: Int32) -> Bool { compiled.reactions.isFAQ(intent) }

    /// The first handler whose condition holds. A plain loop: passing `holds`
    /// as a closure would copy the whole turn in progress.
    func firstHolding(_ handlers: [Int32]) -> Int32? {
        for handler in handlers where holds(handler) { return handler }
        return nil
    }

    /// The same for handlers of a match: their conditions read its captures,
    /// so `on age if "{1}" < 18` looks at the age this line gave.
    /// The captures are reflected only when a condition is to be read: a
    /// handler without one holds at once, and reflecting (a `Reflector` call
    /// a capture) was done again by `runHandler` (issue 12: 700 instructions
    /// a turn on the sample dialog).
    mutating func firstHolding(_ handlers: [Int32], for match: IntentMatch) -> Int32? {
        var saved: [String]?
        defer { if let saved { captures = saved } }
        for handler in handlers {
            if saved == nil, dialog.handlers[Int(handler)].condition != nil {
                saved = captures
                captures = reflectedCaptures(match)
            }
            if holds(handler) { return handler }
        }
        return nil
    }

    func holds(_ handler: Int32) -> Bool {
        guard let condition = dialog.handlers[Int(handler)].condition else { return true }
        return evaluate(condition)
    }

    /// "2", "2.", "#2", "two", "option 2": the position of a shown option.
    func optionNumber(_ line: NormalizedLine) -> Int? {
        // Only a state that shows options takes a number: most turns stop here
        // (issue 12: reading every line for a number was 6 % of a turn).
        guard !session.options.isEmpty else { return nil }
        // The words are read in place, and a word whose length no filler
        // has is no filler: most words are told without a comparison
        // (issue 12: copying each word and comparing it with every filler
        // was 1,600 instructions a line where options were on show).
        let only: String? = line.words.withUnsafeBufferPointer { words in
            var only: String?
            for k in words.indices {
                let text = words[k].text
                if Self.optionNumberFillerLengths & (1 << UInt64(min(text.utf8.count, 63))) != 0,
                   Self.optionNumberFillers.contains(text) { continue }
                guard only == nil else { return nil }
                only = text
            }
            return only
        }
        guard let word = only else { return nil }
        let n = Int(word) ?? Self.numberWords[word]
        guard let n, n >= 1, n <= session.options.count else { return nil }
        return n - 1
    }

    /// Words around an option's number that say nothing more: "option 2", "the second".
    static let optionNumberFillers = ["option", "number", "choice", "the", "nr", "no"]
    /// Bit n set: a filler has n bytes.
    static let optionNumberFillerLengths: UInt64 = optionNumberFillers.reduce(0) { $0 | 1 << UInt64($1.utf8.count) }

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    ]

    // MARK: - Running

    enum Flow { case next, leave(GoTarget) }

    mutating func runHandler(_ handler: Int32, match: IntentMatch?) {
        trace?.handlers.append(handler)
        if let match {
            captures = reflectedCaptures(match)
            if case .faq(let faq) = dialog.intents[Int(match.intent)].kind { matchedFAQ = faq }
        }
        // No `session.misses = 0` here: an aside answered at the question
        // ("help", an FAQ) leaves it unanswered, so the run of misses goes on;
        // moving to a state (`transition`) or an option ends it.
        follow(run(dialog.handlers[Int(handler)].body))
    }

    mutating func chooseOption(_ option: Int32) {
        trace?.options.append(option)
        session.misses = 0
        follow(run(dialog.options[Int(option)].body))
    }

    mutating func repair() -> Explanation {
        session.misses += 1
        let plan = dialog.states[Int(stateID)].repair ?? dialog.repair
        let levels = plan?.levels.count ?? 0
        // Each level is said once per run of misses; after the last one the
        // coach has offered all it has, and only asks its question again.
        rejectedLine = Self.quotable(input)
        defer { rejectedLine = nil }
        // The explanation is made once, at the end: one made first and
        // changed was copied and destroyed twice a repair (issue 12).
        let level: Int
        if let plan, !plan.levels.isEmpty {
            level = min(session.misses, levels)
            if session.misses <= levels { follow(run(plan.levels[level - 1])) } else { follow(.next) }
        } else {
            level = 1
            let lines = ["Sorry, I did not understand that.", "Sorry, I still did not follow. Could you say it another way?"]
            if session.misses <= lines.count { addReply(Reply(text: lines[session.misses - 1], kind: .repair)) }
            follow(.next)
        }
        return Explanation(decision: .repair(level: level))
    }

    /// After a handler: move as it said, or stay and ask the question again.
    mutating func follow(_ flow: Flow) {
        switch flow {
        case .next, .leave(.stay):
            reask()
        case .leave(let target):
            transition(target)
        }
    }

    /// Adds a reply. The first makes room for four: a turn says two to five
    /// (issue 12: growing the array 1, 2, 4 was two allocations a turn on
    /// the sample dialog, and copied the replies each time).
    mutating func addReply(_ reply: Reply) {
        if replies.capacity == 0 { replies.reserveCapacity(4) }
        replies.append(reply)
    }

    mutating func reask() {
        if !asked, !session.ended, let question = session.question {
            addReply(Reply(text: question, kind: .ask))
            asked = true
        }
    }

    mutating func transition(_ target: GoTarget) {
        switch target {
        case .state(let id):
            // Only the state the user was answering goes on the back stack:
            // states that moved on by themselves would only move on again.
            if session.state == startState, !pushedBack {
                session.backStack.append(session.state)
                undo?.log(.backPushed)
                if session.backStack.count > Session.backStackLimit {
                    undo?.log(.backDroppedFirst(session.backStack.removeFirst()))
                }
                pushedBack = true
            }
            enter(id)
        case .back:
            guard let previous = session.backStack.popLast() else {
                reask()
                return
            }
            undo?.log(.backPopped(previous))
            guard let id = compiled.states.id(of: previous) else {
                reask()
                return
            }
            enter(id)
        case .end:
            session.ended = true
            session.options = []
            session.question = nil
        case .restart:
            let random = session.random
            // Starting over forgets the conversation, but not that care is needed.
            let kept = (dialog.care?.variables ?? []).compactMap { name in session.variables[name].map { (name, $0) } }
            undo?.log(.whole(session))
            session = Session(state: dialog.states[Int(dialog.start)].name, seed: random)
            for (name, value) in kept { session.variables[name] = value }
            session.fingerprint = dialog.fingerprint
            captures = []
            enter(dialog.start)
        case .stay:
            reask()
        }
    }

    mutating func enter(_ requested: Int32) {
        hops += 1
        guard hops <= Engine.maximumHops else {
            hopLimitReached = true
            return
        }
        let id = inCare && dialog.states[Int(requested)].notInCare ? dialog.care!.instead : requested
        // The state's name and body, not a copy of the whole state (see `decide`).
        let name = dialog.states[Int(id)].name
        trace?.states.append(id)
        stateID = id
        session.state = name
        let visits = session.visits[name]
        session.visits[name] = (visits ?? 0) + 1
        undo?.log(.visits(name, visits))
        session.misses = 0
        session.options = []
        session.question = nil
        session.captures = captures
        asked = false
        arriving = name
        let flow = run(dialog.states[Int(id)].body)
        arriving = nil
        if case .leave(let target) = flow {
            if target == .stay { return }
            transition(target)
        }
    }

    mutating func run(_ actions: [Action]) -> Flow {
        for action in actions {
            switch action {
            case .say(let text, let kind):
                if let said = renderSaying(text) { addReply(Reply(text: said, kind: kind)) }
            case .ask(let text):
                let question = render(text)
                session.question = question
                addReply(Reply(text: question, kind: .ask))
                asked = true
            case .quote(let id):
                let quote = dialog.quotes[Int(id)]
                if quote.notInCare, inCare { continue }
                addReply(Reply(text: render(quote.text), kind: .quote, author: quote.author))
            case .answer(let id):
                guard let faq = id ?? matchedFAQ, !(dialog.faqs[Int(faq)].notInCare && inCare) else { continue }
                addReply(Reply(text: render(dialog.faqs[Int(faq)].answer), kind: .answer))
            case .list(let id):
                let list = dialog.lists[Int(id)]
                if list.notInCare, inCare { continue }
                var lines: [String] = []
                if let title = list.title { lines.append(render(title)) }
                lines += list.items.map { "• " + render($0) }
                addReply(Reply(text: lines.joined(separator: "\n"), kind: .list))
            case .set(let name, let value):
                setVariable(name, evaluate(value))
            case .add(let amount, let name):
                let current = session.variables[name]?.number ?? 0
                setVariable(name, .number(current + amount))
            case .remember(let name):
                setVariable(name, .text(input))
            case .rememberReflected(let name):
                setVariable(name, .text(reflectedInput()))
            case .branch(let branches, let otherwise):
                let chosen = branches.first { evaluate($0.0) }?.1 ?? otherwise ?? []
                if case .leave(let target) = run(chosen) { return .leave(target) }
            case .go(let target):
                return .leave(target)
            case .option(let id):
                if inCare, leadsOutOfCare(dialog.options[Int(id)].body) { continue }
                if !session.options.contains(where: { $0.index == id }) {
                    // Room for four at the first: a state shows two to four
                    // (growing 1, 2, 4 was two allocations a state that has options).
                    if session.options.capacity == 0 { session.options.reserveCapacity(4) }
                    session.options.append(OptionID(key: dialog.options[Int(id)].key, index: id))
                }
            }
        }
        return .next
    }

    // MARK: - Text and values

    mutating func render(_ spec: TextSpec) -> String {
        switch spec {
        case .single(let template):
            return render(template)
        case .variants(let items, let mode, let site):
            // Picked first: `render(items[pickVariant(…)])` copied the whole
            // turn in progress, as the call's `self` is read before its
            // argument changes it (issue 12).
            let pick = pickVariant(count: items.count, mode: mode, site: site)
            return render(items[pick])
        }
    }

    /// Shuffled: every variant once before any repeats, never the same twice
    /// in a row. Ordered: the next one, cycling. `excluding`: bit k set, variant
    /// k is not to be picked. The candidates are a mask of 64 bits, not an
    /// array (a shuffled site's variants are at most 64 apart; issue 12).
    mutating func pickVariant(count: Int, mode: VariantMode, site: Int32, excluding: UInt64 = 0) -> Int {
        guard count > 1 else { return 0 }
        var cursor = session.variants[site] ?? VariantCursor()
        let pick: Int
        switch mode {
        case .ordered:
            pick = (Int(cursor.last) + 1) % count
        case .shuffled:
            let limit = min(count, 64)
            let all: UInt64 = limit == 64 ? .max : (1 << UInt64(limit)) - 1
            if cursor.used & all == all { cursor.used = 0 }
            let last: UInt64 = cursor.last >= 0 && cursor.last < 64 ? 1 << UInt64(cursor.last) : 0
            var candidates = all & ~cursor.used & ~last & ~excluding
            if candidates == 0 { candidates = all & ~last & ~excluding }
            if candidates == 0 { candidates = all & ~excluding }
            // The nth candidate, in increasing order, n drawn at random.
            var n = Int(session.nextRandom() % UInt64(candidates.nonzeroBitCount))
            while n > 0 {
                candidates &= candidates - 1
                n -= 1
            }
            pick = candidates.trailingZeroBitCount
            cursor.used |= 1 << UInt64(pick)
        }
        cursor.last = Int16(pick)
        let old = session.variants.updateValue(cursor, forKey: site)
        undo?.log(.variant(site, old))
        return pick
    }

    /// Sets a variable, logging what it held (see `undo`).
    mutating func setVariable(_ name: String, _ value: Value) {
        let old = session.variables.updateValue(value, forKey: name)
        undo?.log(.variable(name, old))
    }

    func render(_ template: CompiledTemplate) -> String { render(template, captures: captures) }

    /// `template` with `{1}`… read from `captures`.
    func render(_ template: CompiledTemplate, captures: [String]) -> String {
        if let constant = template.constant { return constant }
        var out = ""
        for part in template.parts {
            switch part {
            case .literal(let s): out += s
            case .capture(let n): if n <= captures.count { out += captures[n - 1] }
            case .input: out += input
            case .variable(let name): out += session.variables[name]?.description ?? ""
            case .listItem(let list, let n):
                let items = dialog.lists[Int(list)].items
                if n >= 1, n <= items.count { out += render(items[n - 1], captures: captures) }
            }
        }
        return out
    }

    func evaluate(_ value: CompiledValue) -> Value {
        switch value {
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .text(let t): return .text(render(t))
        case .variable(let name): return session.variables[name] ?? .text("")
        case .visits(let id): return .number(Double(id >= 0 ? session.visits[dialog.states[Int(id)].name] ?? 0 : 0))
        }
    }

    func evaluate(_ condition: CompiledCondition) -> Bool {
        switch condition {
        case .truthy(let v): return evaluate(v).isTruthy
        case .not(let c): return !evaluate(c)
        case .and(let a, let b): return evaluate(a) && evaluate(b)
        case .or(let a, let b): return evaluate(a) || evaluate(b)
        case .visited(let id):
            // Entered before: in the state's own arrival statements, the
            // arrival in progress does not count (ink's visit counts include
            // it, and `visits` does too: 1 there on the first arrival).
            guard id >= 0 else { return false }
            let name = dialog.states[Int(id)].name
            return (session.visits[name] ?? 0) - (arriving == name ? 1 : 0) > 0
        case .heard(let id): return heard.contains { $0.intent == id }
        case .compare(let a, let op, let b):
            // Numbers compare as numbers; anything else as text, ignoring case.
            let left = evaluate(a), right = evaluate(b)
            if let x = left.number, let y = right.number { return op.holds(x, y) }
            return op.holds(left.description.lowercased(), right.description.lowercased())
        }
    }
}

extension CompareOp {
    func holds<T: Comparable>(_ x: T, _ y: T) -> Bool {
        switch self {
        case .equal: x == y
        case .notEqual: x != y
        case .less: x < y
        case .lessOrEqual: x <= y
        case .greater: x > y
        case .greaterOrEqual: x >= y
        }
    }
}

// MARK: - Care mode

extension Run {
    /// Whether the dialog's care condition holds now.
    var inCare: Bool {
        guard let care = dialog.care else { return false }
        return evaluate(care.condition)
    }

    /// The matches a turn may act on: in care mode, a FAQ marked `not in care`
    /// is not answered (its words then fall to other handlers or repair).
    func offered(_ matches: [IntentMatch]) -> [IntentMatch] {
        guard inCare else { return matches }
        return matches.filter { match in
            if case .faq(let faq) = dialog.intents[Int(match.intent)].kind { return !dialog.faqs[Int(faq)].notInCare }
            return true
        }
    }

    /// Whether an option's body, on its way out, goes to a state marked `not in
    /// care` or says content so marked: such an option is not shown in care mode.
    func leadsOutOfCare(_ body: [Action]) -> Bool {
        for action in body {
            switch action {
            case .go(.state(let id)): return dialog.states[Int(id)].notInCare
            case .quote(let id) where dialog.quotes[Int(id)].notInCare: return true
            case .list(let id) where dialog.lists[Int(id)].notInCare: return true
            case .answer(let id?) where dialog.faqs[Int(id)].notInCare: return true
            default: continue
            }
        }
        return false
    }
}
