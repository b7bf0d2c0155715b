/// What one turn changed in a session, so the turn can be taken back
/// (`revert`): the fields a turn only replaces, as they were before it, and
/// a log of each change to the collections it edits in place (variables,
/// visit counts, variant cursors, the back stack, keyword memories).
///
/// Why a log and not a copy of the session: a copy kept while the turn runs
/// shares the session's arrays and dictionaries, so the turn's first change
/// to each copies it whole (copy-on-write) and the kept copy frees it later.
/// The engine's 64-transition rollback and the chat's `/back` both kept such
/// copies (issue 12); the log costs one entry per change.
public struct SessionUndo: Sendable {
    /// One change to a collection, with what it replaced.
    enum Change: Sendable {
        /// `variables[name]` was set; it held `old` (nil: it was not set).
        case variable(String, Value?)
        /// `visits[name]` was set; it held `old`.
        case visits(String, Int?)
        /// `variants[site]` was set; it held `old`.
        case variant(Int32, VariantCursor?)
        /// A state was pushed on the back stack.
        case backPushed
        /// The back stack was full and lost its oldest state.
        case backDroppedFirst(String)
        /// `back` popped this state.
        case backPopped(String)
        /// A keyword memory was kept (appended).
        case memoryAppended
        /// The oldest keyword memory was said or dropped.
        case memoryDroppedFirst(String)
        /// The whole session was replaced (`restart`, or a line after the end).
        /// Boxed (`indirect`): held in place it made every change as large
        /// as a session, and a turn moves its changes about.
        indirect case whole(Session)
    }

    // The fields a turn only ever assigns, as they were before it.
    private let state: String
    private let misses: Int
    private let random: UInt64
    private let options: [OptionID]
    private let question: String?
    private let captures: [String]
    private let ended: Bool
    private let fingerprint: String
    private let lines: Int
    /// The changes to collections, oldest first.
    var changes: [Change] = []

    /// A record of a turn about to run on `session`.
    init(before session: Session) {
        state = session.state
        misses = session.misses
        random = session.random
        options = session.options
        question = session.question
        captures = session.captures
        ended = session.ended
        fingerprint = session.fingerprint
        lines = session.lines
    }

    /// Logs a change. The first makes room for eight: a turn logs one to
    /// six (a visit, a variant or two, a variable, the back stack), and
    /// growing the array 1, 2, 4 was up to three allocations a turn (issue
    /// 12: 270 instructions a sample `say`).
    mutating func log(_ change: Change) {
        if changes.capacity == 0 { changes.reserveCapacity(8) }
        changes.append(change)
    }

    /// Takes the turn back: `session`, as the turn left it, becomes the session
    /// it started from, exactly (`==`).
    public func revert(_ session: inout Session) {
        for change in changes.reversed() {
            switch change {
            case .variable(let name, let old): session.variables[name] = old
            case .visits(let name, let old): session.visits[name] = old
            case .variant(let site, let old): session.variants[site] = old
            case .backPushed: session.backStack.removeLast()
            case .backDroppedFirst(let name): session.backStack.insert(name, at: 0)
            case .backPopped(let name): session.backStack.append(name)
            case .memoryAppended: session.memories.removeLast()
            case .memoryDroppedFirst(let memory): session.memories.insert(memory, at: 0)
            case .whole(let old): session = old
            }
        }
        session.state = state
        session.misses = misses
        session.random = random
        session.options = options
        session.question = question
        session.captures = captures
        session.ended = ended
        session.fingerprint = fingerprint
        session.lines = lines
    }
}
