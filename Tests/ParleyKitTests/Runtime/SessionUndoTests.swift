@testable import ParleyKit
import Testing

/// A turn's undo record (`SessionUndo`) takes the session back exactly, and
/// the 64-transition guard rolls a cut turn back with it (issue 12).
@Suite struct SessionUndoTests {
    /// Variables, visits, variants, the back stack, `back`, `restart`, the
    /// end and a line after it, repair: every line's record reverts the
    /// session it changed to the one before, field by field.
    @Test func revertGivesBackTheSessionBeforeTheLine() throws {
        let dialog = try #require(compile("""
            dialog U
            start menu
            state menu
              say one of
                - Hello.
                - Hi.
                - Hey.
              ask Where to?
              option Count -> count
              option Deeper -> deeper
              option Again -> restart
              option Stop -> end
            state count
              add 1 to n
              set word to "{input}"
              say Count {n}.
              go menu
            state deeper
              remember said
              ask Deeper. Back?
              option Back -> back
              option Menu -> menu
            """).dialog)
        let engine = Engine(dialog: dialog)
        var (session, _) = engine.start(seed: 3)
        var changed = 0
        for line in ["1", "2", "1", "zzz", "zzz", "zzz", "2", "1", "2", "2", "3", "1", "4", "hello", "2", "1"] {
            let before = session
            let (_, undo) = engine.respondKeepingUndo(to: line, in: &session)
            if session != before { changed += 1 }
            var reverted = session
            undo.revert(&reverted)
            #expect(reverted == before, "line \(line)")
        }
        #expect(changed > 10)
    }

    /// The cut turn keeps nothing it did but its random draws and the line it counted.
    @Test func aCutTurnIsTheSessionBeforeItWithItsDrawsAndLine() throws {
        let dialog = try #require(compile(EngineTests.roundAndRound).dialog)
        let engine = Engine(dialog: dialog)
        var (session, _) = engine.start(seed: 1)
        let before = session
        let (cut, undo) = engine.respondKeepingUndo(to: "1", in: &session)
        #expect(cut.replies.first?.kind == .repair)
        #expect(session.random != before.random, "the variants drew numbers")
        var expected = before
        expected.random = session.random
        expected.lines += 1
        #expect(session == expected)
        var reverted = session
        undo.revert(&reverted)
        #expect(reverted == before)
    }

    /// `SessionUndo` restores each field of `Session` by hand: the fields a
    /// turn assigns are kept whole, the collections it edits in place are
    /// logged change by change. A field added to `Session` must be added to
    /// one of the two, or `revert` would leave it as the turn left it; this
    /// list fails first, to say so.
    @Test func everyFieldOfTheSessionIsOneSessionUndoRestores() {
        let assigned: Set = ["state", "misses", "random", "options", "question", "captures", "ended", "fingerprint", "lines"]
        let logged: Set = ["variables", "visits", "variants", "backStack", "memories"]
        let fields = Mirror(reflecting: Session(state: "a", seed: 1)).children.compactMap(\.label)
        #expect(Set(fields) == assigned.union(logged))
        #expect(fields.count == assigned.count + logged.count)
        // The assigned fields are the ones the record keeps.
        let kept = Mirror(reflecting: SessionUndo(before: Session(state: "a", seed: 1))).children.compactMap(\.label)
        #expect(Set(kept) == assigned.union(["changes"]))
    }
}
