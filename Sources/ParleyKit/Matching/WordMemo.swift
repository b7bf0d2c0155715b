import Synchronization

/// What matching needs to know of one word of a user's line: its stem, the
/// term it stands for and, for an unknown word, the term one typo away.
/// Depends only on the word and the dialog's `Lexicon`.
struct WordAnalysis: Sendable, Equatable {
    var stem: String
    /// The stem's term (synonyms applied), or -1 when the dialog does not know it.
    var term: TermID
    /// When `term` is -1: the closest key within one typo (`Lexicon.typoCorrection`), or -1.
    var typo: TermID
    /// The stem starts a multi-word synonym, so `Lexicon.phraseSynonyms` must be read.
    var startsPhrase: Bool
}

/// A bounded memo from a word to its `WordAnalysis`, so a word seen before
/// costs one hash of its bytes and one comparison instead of stemming, two
/// dictionary look-ups and a typo search (issue 12: those were over half of a
/// turn). Set-associative: a word's FNV-1a hash picks a set of `ways` slots,
/// kept most recently used first; a new word takes the front slot and the
/// least recently used one of its set is dropped. No clock and no randomness,
/// so the same words in the same order leave the same memo; and since an
/// entry is what `Lexicon.analyse` would compute, eviction never changes a reply.
///
/// It holds words users typed, in memory only, never attributed to a session
/// and never written anywhere; words longer than `longestWord` bytes (rare,
/// and not worth keeping) are not kept.
struct WordMemo {
    static let ways = 4
    /// Longest word kept, in UTF-8 bytes.
    static let longestWord = 32

    /// Slots in all: a power of two, at least `ways`.
    let capacity: Int
    private let setMask: Int
    /// `capacity` slots, set by set; "" is an empty slot (no word is empty).
    private var words: [String]
    private var analyses: [WordAnalysis]
    /// Words kept now.
    private(set) var count = 0

    /// A memo of at most `capacity` words (rounded up to a power of two, and to at least `ways`).
    init(capacity: Int = 4_096) {
        var slots = Self.ways
        while slots < capacity { slots *= 2 }
        self.capacity = slots
        setMask = slots / Self.ways - 1
        words = Array(repeating: "", count: slots)
        analyses = Array(repeating: WordAnalysis(stem: "", term: -1, typo: -1, startsPhrase: false), count: slots)
    }

    /// The analysis of `word`: kept, or worked out by `analyse` and kept.
    mutating func analysis(of word: String, _ analyse: (String) -> WordAnalysis) -> WordAnalysis {
        if let found = recall(word) { return found }
        let computed = analyse(word)
        keep(word, computed)
        return computed
    }

    /// The kept analysis of `word`, now the most recently used of its set;
    /// nil when it is not kept. With `keep`, what `analysis(of:_:)` does, for
    /// a caller that must not pass a closure: one that captures a `Lexicon`
    /// copied its dictionaries at every word (issue 12: 10,000 instructions a
    /// turn).
    mutating func recall(_ word: String) -> WordAnalysis? {
        guard !word.isEmpty, word.utf8.count <= Self.longestWord else { return nil }
        let first = set(of: word)
        for way in 0..<Self.ways where words[first + way] == word {
            let found = analyses[first + way]
            if way > 0 { moveToFront(from: first + way, first: first, word, found) }
            return found
        }
        return nil
    }

    /// Keeps `analysis` for `word`, which `recall` did not find, dropping the
    /// least recently used word of its set. A word too long to keep is not kept.
    mutating func keep(_ word: String, _ analysis: WordAnalysis) {
        guard !word.isEmpty, word.utf8.count <= Self.longestWord else { return }
        let first = set(of: word)
        if words[first + Self.ways - 1].isEmpty { count += 1 }
        moveToFront(from: first + Self.ways - 1, first: first, word, analysis)
    }

    /// The kept analysis of `word`, if any, without changing the order (for tests).
    func kept(_ word: String) -> WordAnalysis? {
        let first = set(of: word)
        return (first..<first + Self.ways).first { words[$0] == word }.map { analyses[$0] }
    }

    private func set(of word: String) -> Int {
        (Int(truncatingIfNeeded: StableHash.fnv1a64(word)) & setMask) &* Self.ways
    }

    /// Shifts the slots before `slot` in its set back by one, dropping `slot`'s
    /// entry, and puts (`word`, `analysis`) first.
    private mutating func moveToFront(from slot: Int, first: Int, _ word: String, _ analysis: WordAnalysis) {
        var k = slot
        while k > first {
            words[k] = words[k - 1]
            analyses[k] = analyses[k - 1]
            k -= 1
        }
        words[first] = word
        analyses[first] = analysis
    }
}

/// One `WordMemo` shared by every copy of an `Engine` (and so by every
/// session it serves), behind a lock: front ends may call the engine from
/// several threads. Taken once per turn.
final class SharedWordMemo: @unchecked Sendable {
    private let memo: Mutex<WordMemo>

    init(capacity: Int = 4_096) { memo = Mutex(WordMemo(capacity: capacity)) }

    func withMemo<Result>(_ body: (inout WordMemo) -> Result) -> Result {
        memo.withLock { body(&$0) }
    }
}
