import ParleyKit

/// One conversation with the coach, as the chat keeps it: the engine's
/// session, the turns so far (so `/back` can take a line back and `/why` can
/// explain the last answer) and, when recording, the transcript being made.
struct Conversation {
    let engine: Engine
    private(set) var session: Session
    /// The turn on show: the opening, a resumed prompt, or the last answer.
    var current: Turn { lastExchange?.answer ?? opening }
    /// The turn on show before any line: the opening, or a resumed prompt.
    private var opening: Turn
    /// Each line the user entered, most recent last, for `/back`: what its
    /// turn changed in the session (not a copy of the session: a copy kept
    /// makes the next turn copy every array and dictionary it changes, and
    /// dropping it 200 lines later frees them; issue 12), and the exchange.
    private var earlier = BoundedHistory<Exchange>(capacity: Conversation.backLimit)
    /// The last exchange before the oldest line in `earlier`: nil, or a line
    /// forgotten (more than `backLimit` back, or before care mode came on).
    private var base: Exchange?
    /// Care mode (docs/safety.md) is on: once on, it stays on in this
    /// conversation, so `/back` does not go back before the line that set it.
    private var inCare: Bool
    /// `/back` stopped at the line that put the conversation in care mode.
    private(set) var backStopsAtCare = false

    /// The turn that answered the user's last line, for `/why`.
    var lastAnswer: Turn? { lastExchange?.answer }
    /// The user's last line (as the coach received it), the options on show
    /// when it was typed, and the answer: what `/why` explains.
    private(set) var lastExchange: Exchange?

    /// A class: the chat keeps each exchange as the last one and in `earlier`,
    /// and copying a `Turn` retains and releases each of its two dozen parts.
    final class Exchange {
        let line: String
        let shown: [TurnOption]
        /// The answer, not explained (see `lastExplanation`).
        let answer: Turn
        /// What the turn changed in the session, for `/back` and `/why`.
        let undo: SessionUndo

        init(line: String, shown: [TurnOption], answer: Turn, undo: SessionUndo) {
            self.line = line
            self.shown = shown
            self.answer = answer
            self.undo = undo
        }
    }

    /// Why the coach answered the last exchange as it did, for `/why`: its
    /// line is answered again, explained (`Engine.respond(to:in:explaining:)`),
    /// from the session as it was before the line; the engine is
    /// deterministic, so that is the same turn. The chat's turns are not
    /// explained as they happen: that cost every line the evidence (the
    /// line, the matches, their hits) that only `/why` reads (issue 12).
    /// Nil before the first line.
    var lastExplanation: Explanation? {
        guard let exchange = lastExchange else { return nil }
        // `session` is always the session after `lastExchange` (`say`,
        // `back` and `restart` keep them together).
        var before = session
        exchange.undo.revert(&before)
        return engine.respond(to: exchange.line, in: &before, explaining: true).explanation
    }
    /// The transcript being recorded, if any (only conversations that start
    /// here can be recorded: a transcript replays from the greeting).
    private(set) var recording: TranscriptRecorder?

    /// How many lines `/back` can take back; older ones are forgotten.
    static let backLimit = 200

    /// A new conversation.
    init(engine: Engine, seed: UInt64, recording: Bool, dialogForTranscript: String? = nil, comments: [String] = []) {
        self.engine = engine
        let (session, opening) = engine.start(seed: seed)
        self.session = session
        self.opening = opening
        self.inCare = engine.isInCareMode(session)
        if recording {
            self.recording = TranscriptRecorder(seed: seed, opening: opening, dialog: dialogForTranscript, comments: comments)
        }
    }

    /// A saved conversation picked up again: its question is asked again.
    init(engine: Engine, resuming session: Session) {
        self.engine = engine
        self.session = session
        self.opening = engine.resume(session)
        self.inCare = engine.isInCareMode(session)
    }

    var ended: Bool { session.ended }

    /// Whether the person has said anything that `/back` could take back.
    var hasLines: Bool { !earlier.isEmpty }

    /// The coach's answer to `line`. The line is cleaned first (see
    /// `TranscriptRecorder.recordable`) so a recording replays exactly.
    mutating func say(_ line: String) -> Turn {
        answer(line).answer
    }

    /// `say(_:)`, giving the exchange it keeps: the chat shows the answer
    /// from there rather than from a copy of the turn (issue 12: copying
    /// and destroying a `Turn` retains and releases each of its parts, about
    /// 1,000 instructions a line).
    mutating func answer(_ line: String) -> Exchange {
        let input = TranscriptRecorder.recordable(line)
        let shown = lastExchange?.answer.options ?? opening.options
        let (turn, undo) = engine.respondKeepingUndo(to: input, in: &session, explaining: false)
        let exchange = Exchange(line: input, shown: shown, answer: consume turn, undo: undo)
        lastExchange = exchange
        if !inCare, engine.isInCareMode(session) {
            // A disclosure is not taken back: what came before is forgotten.
            inCare = true
            earlier.removeAll()
            base = exchange
            backStopsAtCare = true
        } else if let forgotten = earlier.append(exchange) {
            base = forgotten
        }
        recording?.record(input: input, turn: exchange.answer)
        return exchange
    }

    /// Takes the last line back: the conversation is where it was before it,
    /// and that turn is shown again. Nil when there is nothing to take back.
    mutating func back() -> Turn? {
        guard let exchange = earlier.popLast() else { return nil }
        exchange.undo.revert(&session)
        lastExchange = earlier.last ?? base
        inCare = engine.isInCareMode(session)
        recording?.removeLast()
        return current
    }

    /// Starts over with a fresh session (and a fresh recording).
    mutating func restart(seed: UInt64) -> Turn {
        let (fresh, opening) = engine.start(seed: seed)
        session = fresh
        self.opening = opening
        earlier.removeAll()
        base = nil
        inCare = engine.isInCareMode(fresh)
        backStopsAtCare = false
        lastExchange = nil
        if let old = recording {
            recording = TranscriptRecorder(seed: seed, opening: opening, dialog: old.dialog, comments: old.comments)
        }
        return opening
    }

    /// The completions Tab offers for the options on show: keys and labels.
    var optionWords: [String] {
        current.options.flatMap { [$0.key, $0.label] }
    }
}
