import Synchronization

/// The buffers a turn reads its line into and matches it with, kept from
/// line to line so that a turn makes none of its own (issue 12: making,
/// growing and freeing them was about fifteen allocations and 2,000
/// instructions of a sample turn): the line's words and sentences
/// (`LineBuffers`), its words' analyses and its tokens (`Lexicon.tokens(of:analyses:into:)`)
/// and the matcher's call buffers (`IntentMatcher.Scratch`).
struct TurnBuffers: Sendable {
    var line = LineBuffers()
    var analyses: [WordAnalysis] = []
    var tokens: [Token] = []
    var matching = IntentMatcher.Scratch()

    /// A set that grew past this many words for one line is not kept: a
    /// rare long line does not make every later turn hold its room.
    static let keptWords = 512

    /// Empties the buffers that hold the line's text, keeping their room: a
    /// set in the pool holds no words of the line it served. The others
    /// (positions and counts) are emptied by the next turn that reads into
    /// them, once: emptying each twice a turn cost 500 instructions.
    mutating func removeText() {
        if !line.words.isEmpty { line.words.removeAll(keepingCapacity: true) }
        // The words' stems.
        if !analyses.isEmpty { analyses.removeAll(keepingCapacity: true) }
        matching.removeCaptures()
    }

    var isWorthKeeping: Bool {
        line.words.capacity <= Self.keptWords && matching.hitWords.capacity <= Self.keptWords * 4
    }
}

/// Sets of `TurnBuffers`, lent to the turns of one engine. A pool rather
/// than one set behind a lock held while the turn runs: turns of an engine
/// may run on several threads at once (the bridge's lanes), and each takes
/// a set of its own. Holds at most `limit` sets, each a few kilobytes.
final class TurnBufferPool: Sendable {
    private let free = Mutex<[TurnBuffers]>([])
    /// More sets than threads that run turns at once are never needed.
    static let limit = 16

    /// A set of buffers: the pool's, or a new one when all are in use.
    func take() -> TurnBuffers {
        free.withLock { $0.popLast() } ?? TurnBuffers()
    }

    /// Gives a set back once the turn is done with it (emptied; `buffers`
    /// is left a new, empty set).
    func give(_ buffers: inout TurnBuffers) {
        guard buffers.isWorthKeeping else { return }
        buffers.removeText()
        // Moved, not copied, into the pool's array: so the pool's set is the
        // only one and keeps its room (a copy and its destruction also cost
        // 420 instructions a turn).
        var set = TurnBuffers()
        swap(&set, &buffers)
        free.withLock { sets in
            guard sets.count < Self.limit else { return }
            sets.append(TurnBuffers())
            swap(&sets[sets.count - 1], &set)
        }
    }
}
