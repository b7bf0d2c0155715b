/// The dialog's own written words (every word of its keywords, patterns and
/// option labels, as `TextNormalizer` reads them) with what matching needs of
/// each (`WordAnalysis`), built by the compiler from the stems it worked out
/// anyway. A word of a user's line found here costs one hash and one
/// comparison instead of the stemmer.
///
/// Why (issue 12): the bounded `WordMemo` keeps a user's common words, but a
/// dialog of thousands of rules has more keyword words than it holds, so a
/// keyword word was often new to it and ran the Porter2 stemmer (about 3,500
/// instructions, 5 % of a turn at 5,000 rules). A word that is not here is
/// analysed as before (stemmer, term, typo search): it may still be an
/// inflection of a keyword ("apologizing" for "apologize") or a typo of one.
///
/// Every entry is what `Lexicon.analyse` would compute with the stemmer
/// (a test checks each entry of the built-in dialogs against it), so the
/// table never changes a reply. Open addressing keyed by FNV-1a, laid out
/// from the sorted words: the same dialog gives the same table in every
/// process, and the compiled-dialog format stores it as built.
struct KeywordWords: Sendable {
    /// The written words, sorted.
    private(set) var words: [String] = []
    /// `analyses[k]` is the analysis of `words[k]`.
    private(set) var analyses: [WordAnalysis] = []
    /// Empty, or a power of two more than `words.count` slots: 0 for an empty
    /// slot, otherwise the word's hash in the top 40 bits above its position + 1.
    private(set) var slots: [UInt64] = []

    static let positionBits: UInt64 = 24
    /// Most words kept: positions + 1 must fit in `positionBits`.
    static let maximumCount = (1 << 24) - 2

    init() {}

    /// The table of `sortedStems` (written word and its stem, as `Stemmer.stem`
    /// gives it, sorted by word, each word once: the linker sorts them once
    /// for this table and the typo index), each word's analysis read from
    /// `lexicon`, which must be complete. A word whose stem is no term of the
    /// lexicon is left out.
    init(sortedStems: [(key: String, value: String)], lexicon: Lexicon) {
        for (word, stem) in sortedStems where !word.isEmpty {
            guard let term = lexicon.termsByStem[stem], words.count < Self.maximumCount else { continue }
            words.append(word)
            // A keyword word has a term, so it is never searched for as a typo (`Lexicon.analyse`).
            analyses.append(WordAnalysis(stem: stem, term: term, typo: -1, startsPhrase: lexicon.phraseSynonyms[stem] != nil))
        }
        guard !words.isEmpty else { return }
        var size = 16
        while size < words.count * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        let mask = size - 1
        for (position, word) in words.enumerated() {
            let hash = StableHash.fnv1a64(word)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.entry(hash, position)
        }
    }

    /// The parts as stored; `init(words:analyses:slots:)` checks them.
    init?(words: [String], analyses: [WordAnalysis], slots: [UInt64]) {
        guard words.count == analyses.count, words.count <= Self.maximumCount,
              slots.isEmpty ? words.isEmpty : slots.count > words.count && slots.count & (slots.count - 1) == 0
        else { return nil }
        self.words = words
        self.analyses = analyses
        self.slots = slots
    }

    var count: Int { words.count }

    private static func entry(_ hash: UInt64, _ position: Int) -> UInt64 {
        (hash >> positionBits) << positionBits | UInt64(position + 1)
    }

    /// The analysis of `word` (lower case, as a line's `Word.text`), if it is
    /// one of the dialog's written words. One FNV-1a hash of its bytes and,
    /// mostly, one comparison.
    func analysis(of word: String) -> WordAnalysis? {
        guard !slots.isEmpty else { return nil }
        let hash = StableHash.fnv1a64(word)
        let wanted = hash >> Self.positionBits
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        // At most one visit per slot, so even stored slots that no compiler
        // wrote (all full) end the search.
        for _ in 0..<slots.count {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> Self.positionBits == wanted {
                let stored = Int(entry & ((1 << Self.positionBits) - 1))
                if stored > 0, stored <= words.count, words[stored - 1] == word { return analyses[stored - 1] }
            }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
