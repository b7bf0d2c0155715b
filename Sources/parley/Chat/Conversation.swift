import ParleyKit

/// One conversation with the coach, as the chat keeps it: the engine's
/// session, the turns so far (so `/back` can take a line back and `/why` can
/// explain the last answer) and, when recording, the transcript being made.
struct Conversation {
    let engine: Engine
    private(set) var session: Session
    /// The turn on show: the opening, a resumed prompt, or the last answer.
    private(set) var current: Turn
    /// The sessions and turns before each line the user entered, most recent
    /// last, for `/back`.
    private var earlier = BoundedHistory<(session: Session, turn: Turn, exchange: Exchange?)>(capacity: Conversation.backLimit)
    /// The turn that answered the user's last line, for `/why`.
    var lastAnswer: Turn? { lastExchange?.answer }
    /// The user's last line (as the coach received it), the options on show
    /// when it was typed, and the answer: what `/why` explains.
    private(set) var lastExchange: Exchange?

    struct Exchange {
        var line: String
        var shown: [TurnOption]
        var answer: Turn
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
        self.current = opening
        if recording {
            self.recording = TranscriptRecorder(seed: seed, opening: opening, dialog: dialogForTranscript, comments: comments)
        }
    }

    /// A saved conversation picked up again: its question is asked again.
    init(engine: Engine, resuming session: Session) {
        self.engine = engine
        self.session = session
        self.current = engine.resume(session)
    }

    var ended: Bool { session.ended }

    /// Whether the person has said anything that `/back` could take back.
    var hasLines: Bool { !earlier.isEmpty }

    /// The coach's answer to `line`. The line is cleaned first (see
    /// `TranscriptRecorder.recordable`) so a recording replays exactly.
    mutating func say(_ line: String) -> Turn {
        let input = TranscriptRecorder.recordable(line)
        earlier.append((session, current, lastExchange))
        let shown = current.options
        let turn = engine.respond(to: input, in: &session)
        current = turn
        lastExchange = Exchange(line: input, shown: shown, answer: turn)
        recording?.record(input: input, turn: turn)
        return turn
    }

    /// Takes the last line back: the conversation is where it was before it,
    /// and that turn is shown again. Nil when there is nothing to take back.
    mutating func back() -> Turn? {
        guard let previous = earlier.popLast() else { return nil }
        session = previous.session
        current = previous.turn
        lastExchange = previous.exchange
        recording?.removeLast()
        return current
    }

    /// Starts over with a fresh session (and a fresh recording).
    mutating func restart(seed: UInt64) -> Turn {
        let (fresh, opening) = engine.start(seed: seed)
        session = fresh
        current = opening
        earlier.removeAll()
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
