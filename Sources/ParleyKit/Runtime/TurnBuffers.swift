import Synchronization

/// The buffers a turn reads its line into and matches it with, kept from
/// line to line so that a turn makes none of its own (issue 12: making,
/// growing and freeing them was about fifteen allocations and 2,000
/// instructions of a sample turn): the line's words and sentences
/// (`LineBuffers`), its words' analyses and its tokens (`Lexicon.tokens(of:analyses:into:)`)
/// and the matcher's call buffers (`IntentMatcher.Scratch`).
///
/// A class, lent by reference: as a struct, each turn moved a set out of
/// the pool and back, made an empty set to leave in its place and destroyed
/// two (issue 12: 260 instructions a sample `say`). One turn holds a set
/// at a time (`TurnBufferPool`), so its properties are not checked for
/// overlapping access at run time (`@exclusivity(unchecked)`), and it is
/// `Sendable` by that rule rather than by its type.
final class TurnBuffers: @unchecked Sendable {
    @exclusivity(unchecked) var line = LineBuffers()
    @exclusivity(unchecked) var analyses: [WordAnalysis] = []
    @exclusivity(unchecked) var tokens: [Token] = []
    @exclusivity(unchecked) var matching = IntentMatcher.Scratch()

    /// A set that grew past this many words for one line is not kept: a
    /// rare long line does not make every later turn hold its room.
    static let keptWords = 512

    /// Empties the buffers that hold the line's text, keeping their room: a
    /// set in the pool holds no words of the line it served. The others
    /// (positions and counts) are emptied by the next turn that reads into
    /// them, once: emptying each twice a turn cost 500 instructions.
    func removeText() {
        line.words.removeAllKeepingRoom()
        // The words' stems.
        analyses.removeAllKeepingRoom()
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

    /// Gives a set back once the turn is done with it (emptied); the turn
    /// no longer uses it.
    func give(_ buffers: TurnBuffers) {
        guard buffers.isWorthKeeping else { return }
        buffers.removeText()
        free.withLock { sets in
            guard sets.count < Self.limit else { return }
            sets.append(buffers)
        }
    }
}

extension Array {
    /// Empties the array, keeping its room, one element at a time from the
    /// end. For the few elements a line leaves in a buffer this costs less
    /// than `removeAll(keepingCapacity: true)`, which goes through the
    /// generic `replaceSubrange`: 185 instructions for a line's four words
    /// (callgrind, 2026-12-01), and 25 with nothing to remove.
    /// A long array (rare) goes the generic way, at a cost that does not
    /// grow with it.
    @inline(__always)
    mutating func removeAllKeepingRoom() {
        guard count <= 16 else { return removeAll(keepingCapacity: true) }
        while !isEmpty { removeLast() }
    }
}
