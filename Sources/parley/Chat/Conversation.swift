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
    private var earlier = BoundedHistory<Step>(capacity: Conversation.backLimit)
    /// The last exchange before the oldest line in `earlier`: nil, or a line
    /// forgotten (more than `backLimit` back, or before care mode came on).
    private var base: Exchange?
    /// Care mode (docs/safety.md) is on: once on, it stays on in this
    /// conversation, so `/back` does not go back before the line that set it.
    private var inCare: Bool
    /// `/back` stopped at the line that put the conversation in care mode.
    private(set) var backStopsAtCare = false

    struct Step {
        var undo: SessionUndo
        var exchange: Exchange
    }
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
        let answer: Turn

        init(line: String, shown: [TurnOption], answer: Turn) {
            self.line = line
            self.shown = shown
            self.answer = answer
        }
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
        let (turn, undo) = engine.respondKeepingUndo(to: input, in: &session)
        let exchange = Exchange(line: input, shown: shown, answer: consume turn)
        lastExchange = exchange
        if !inCare, engine.isInCareMode(session) {
            // A disclosure is not taken back: what came before is forgotten.
            inCare = true
            earlier.removeAll()
            base = exchange
            backStopsAtCare = true
        } else if let forgotten = earlier.append(Step(undo: undo, exchange: exchange)) {
            base = forgotten.exchange
        }
        recording?.record(input: input, turn: exchange.answer)
        return exchange
    }

    /// Takes the last line back: the conversation is where it was before it,
    /// and that turn is shown again. Nil when there is nothing to take back.
    mutating func back() -> Turn? {
        guard let step = earlier.popLast() else { return nil }
        step.undo.revert(&session)
        lastExchange = earlier.last?.exchange ?? base
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
