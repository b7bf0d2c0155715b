/// The terms of keyword, pattern and label texts, kept from one compile of a
/// dialog to the next (in `ParsedFiles`), so that an editor's re-check does
/// not intern again the stems of thousands of texts an edit did not touch.
///
/// Exact by construction: a text's terms are term ids, which depend on the
/// order stems are first met. While linking, the lexicon changes only by its
/// synonyms (all declared first) and by interning the stems of each text
/// whose terms are worked out (`Linker.computeTerms`), in the order of those
/// calls. So when this compile declares the same synonyms and asks for the
/// same texts in the same order as the last one, every answer and the
/// lexicon after them are the last compile's. The journal answers from the
/// last compile while the texts asked agree with it; at the first text that
/// differs it rebuilds the lexicon as it stood at that point (the synonyms,
/// then the kept stems of the texts before, interned in order) and from then
/// on the linker works terms out as a full compile does.
struct TermsJournal: Sendable {
    struct Entry: Equatable, Sendable {
        var text: String
        var stems: [String]
        var terms: [TermID]
        var mentionsNegation: Bool
    }

    /// The synonyms declared, in order: the lexicon before any text's terms.
    struct Synonyms: Equatable, Sendable {
        var declarations: [[String]] = []
    }

    /// The last compile's synonyms, texts (in the order asked) and lexicon after them.
    private var previous: (synonyms: Synonyms, entries: [Entry], lexicon: Lexicon)?
    /// The last compile's texts with their terms, and its lexicon's stems in
    /// term order: what tests compare with a fresh compile's.
    var lastTerms: (entries: [Entry], stems: [String])? { previous.map { ($0.entries, $0.lexicon.termNames) } }
    /// This compile's.
    private var synonyms = Synonyms()
    private var entries: [Entry] = []
    /// Answering from `previous`: every text so far agreed with it.
    private var replaying = false

    /// Starts a compile's terms: `synonyms` are the dialog's, already added to
    /// the lexicon; `replay: false` works every text out (and still records them).
    mutating func begin(synonyms: Synonyms, replay: Bool) {
        self.synonyms = synonyms
        entries = []
        replaying = replay && previous?.synonyms == synonyms && !(previous?.entries.isEmpty ?? true)
    }

    /// The last compile's terms of `text`, if it asked for the same texts up to
    /// here; else nil, after bringing `lexicon` (which replaying left as it was
    /// after the synonyms) to where a full compile would have it now.
    mutating func replay(_ text: String, lexicon: inout Lexicon) -> (terms: [TermID], mentionsNegation: Bool)? {
        guard replaying, let previous else { return nil }
        let next = entries.count
        if next < previous.entries.count, previous.entries[next].text == text {
            let entry = previous.entries[next]
            entries.append(entry)
            return (entry.terms, entry.mentionsNegation)
        }
        stopReplaying(lexicon: &lexicon)
        return nil
    }

    /// This compile's texts so far, replayed or worked out.
    var count: Int { entries.count }
    /// This compile's `index`th text (`index < count`).
    func entry(at index: Int) -> Entry { entries[index] }

    /// Replays the last compile's texts at `positions` at once, if it is still
    /// replaying and has asked for exactly the texts before them; else false,
    /// and nothing changes (`IntentEntriesMemo`: an intent whose entries are kept).
    mutating func replayRun(_ positions: Range<Int>) -> Bool {
        guard replaying, let previous, entries.count == positions.lowerBound,
              positions.upperBound <= previous.entries.count else { return false }
        entries += previous.entries[positions]
        return true
    }

    /// Records the terms worked out for `text` (not replayed).
    mutating func record(_ text: String, stems: [String], terms: [TermID], mentionsNegation: Bool) {
        entries.append(Entry(text: text, stems: stems, terms: terms, mentionsNegation: mentionsNegation))
    }

    /// Ends the texts' terms (before the typo index, which reads the lexicon):
    /// brings `lexicon` to its full compile's state and keeps it for the next compile.
    mutating func end(lexicon: inout Lexicon) {
        if replaying, let previous {
            if entries.count == previous.entries.count {
                lexicon = previous.lexicon
                replaying = false
            } else {
                // Fewer texts than last time: the kept lexicon has stems this compile never met.
                stopReplaying(lexicon: &lexicon)
            }
        }
        previous = (synonyms, entries, lexicon)
        entries = []
    }

    /// The lexicon after the synonyms, with the stems of the texts replayed so far interned in order.
    private mutating func stopReplaying(lexicon: inout Lexicon) {
        replaying = false
        for entry in entries {
            for stem in entry.stems { _ = lexicon.intern(stem: stem) }
        }
    }
}
