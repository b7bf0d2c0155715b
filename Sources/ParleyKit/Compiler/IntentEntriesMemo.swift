/// The match entries each intent compiled to, kept from one compile of a
/// dialog to the next (in `ParsedFiles`) beside the `TermsJournal`, so that an
/// editor's re-check does not rebuild the entries of thousands of intents an
/// edit did not touch.
///
/// Exact by construction: `Linker.compileIntent` reads only the intent's
/// declaration (its texts and their places, `offset` included), its id, kind
/// and name, and the terms of its texts. The terms are the journal's: when
/// the journal is still replaying at the same position as when the last
/// compile compiled this intent, every text before agreed, so the terms
/// cache holds the same texts and the intent asks the journal for the same
/// texts again (`TermsJournal.replayRun`). Then its entries, its diagnostics,
/// the terms it adds for `typos: recall` and its captures are the last ones.
struct IntentEntriesMemo: Sendable {
    /// What one `compileIntent` call read and produced.
    struct Record: Sendable {
        var decl: IntentDecl
        var kind: CompiledIntent.Kind
        var name: String
        var id: Int32
        /// The journal's texts this intent worked out (first met here): positions in the journal.
        var journal: Range<Int>
        var entries: [MatchEntry]
        var diagnostics: [Diagnostic]
        var recallTerms: [TermID]
        var captureCount: Int

        /// Same declaration, places included: `SourceLocation.==` leaves out
        /// `offset`, which the entries and diagnostics carry.
        func matches(_ decl: IntentDecl, kind: CompiledIntent.Kind, name: String, id: Int32) -> Bool {
            guard self.id == id, self.kind == kind, self.name == name, self.decl == decl,
                  self.decl.name.location.offset == decl.name.location.offset else { return false }
            for (old, new) in zip(self.decl.keywords, decl.keywords) where old.location.offset != new.location.offset { return false }
            for (old, new) in zip(self.decl.unless, decl.unless) where old.location.offset != new.location.offset { return false }
            for (old, new) in zip(self.decl.patterns, decl.patterns) where old.location.offset != new.location.offset { return false }
            return true
        }
    }

    /// The last compile's records, in the order `compileIntent` was called.
    private var previous: [Record] = []
    /// The last compile's intents' entries and diagnostics, in order: what
    /// tests compare with a fresh compile's.
    var lastCompiled: (entries: [MatchEntry], diagnostics: [Diagnostic]) {
        (previous.flatMap(\.entries), previous.flatMap(\.diagnostics))
    }
    /// This compile's.
    private var records: [Record] = []

    /// The record of this compile's next `compileIntent` call, if the last
    /// compile's call at the same place read the same declaration.
    func kept(_ decl: IntentDecl, kind: CompiledIntent.Kind, name: String, id: Int32) -> Record? {
        let next = records.count
        guard next < previous.count, previous[next].matches(decl, kind: kind, name: name, id: id) else { return nil }
        return previous[next]
    }

    mutating func record(_ record: Record) { records.append(record) }

    /// Ends a compile's intents: its records become the ones the next compile compares with.
    mutating func end() {
        previous = records
        records = []
    }
}
