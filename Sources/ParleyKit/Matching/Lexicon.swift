/// A term is a word after stemming and synonyms: the unit intents are matched on.
typealias TermID = Int32

/// One matchable unit of a user's line: a word, or several words a phrase
/// synonym joined ("sleep with" -> cheat).
struct Token: Sendable {
    /// -1 when the word is not in the dialog's vocabulary.
    var term: TermID
    var firstWord: Int
    var lastWord: Int
    var sentence: Int
    /// The clause of its first word (see `Word.clause`).
    var clause: Int
    var negated: Bool
    var isNegator: Bool
    /// Recognised only by forgiving one typo.
    var typo: Bool
}

/// The dialog's vocabulary: stems, synonyms and the typo index. Built once by
/// the compiler; read-only afterwards, so it is shared freely between threads.
struct Lexicon: Sendable {
    /// Stem -> term, synonyms already applied.
    var termsByStem: [String: TermID] = [:]
    /// A readable name per term: the canonical stem.
    var termNames: [String] = []
    /// First stem of a multi-word synonym -> the rest of its stems and the term it means.
    var phraseSynonyms: [String: [(rest: [String], term: TermID)]] = [:]
    /// Typo index: the hash of each key and of each of its one-letter
    /// deletions, with the key's index, sorted by hash for binary search.
    /// Hashes keep the index small and quick to build; a collision only
    /// costs an edit-distance check, which every candidate gets anyway.
    /// Each entry packs a 40-bit hash above a 24-bit key index, so the index
    /// sorts as plain integers.
    var typoNeighbours: [UInt64] = []
    /// The typo index's keys: per key, its scalars (a range of
    /// `typoKeyScalars`, where all keys' scalars lie one after another),
    /// its term, and whether it is a word of a `typos: recall` intent. Flat,
    /// so that loading the trust coach's 1,800 keys allocates no array per
    /// key (docs/performance.md, "Chat start-up").
    var typoKeys: [TypoKey] = []
    var typoKeyScalars: [Unicode.Scalar] = []
    /// The longest key, in scalars: a longer word is more than one edit from
    /// every key, and is not probed (probing costs the square of its length).
    var longestTypoKey = 0
    /// The dialog's written keyword words with their analyses (`KeywordWords`):
    /// a word found there is not stemmed.
    var keywordWords = KeywordWords()

    struct TypoKey: Sendable, Equatable {
        var scalars: Range<Int32>
        var term: TermID
        var recall: Bool
    }

    /// Adds a key to the typo index's keys (not to its hashes); returns its index.
    @discardableResult
    mutating func appendTypoKey(_ scalars: some Sequence<Unicode.Scalar>, term: TermID, recall: Bool) -> Int32 {
        let first = Int32(typoKeyScalars.count)
        typoKeyScalars.append(contentsOf: scalars)
        typoKeys.append(TypoKey(scalars: first..<Int32(typoKeyScalars.count), term: term, recall: recall))
        return Int32(typoKeys.count - 1)
    }

    /// Words this short are never corrected, and never corrected to.
    static let minimumTypoLength = 5
    static let minimumTypoTargetLength = 4
    /// The same for the words of intents that say `typos: recall` (signs of
    /// danger): a missed "he hitt me" costs more than a rare wrong guess.
    static let minimumRecallTypoLength = 4
    static let minimumRecallTypoTargetLength = 3

    // MARK: Building

    /// The term for a stem, registering it if new.
    mutating func intern(stem: String) -> TermID {
        if let id = termsByStem[stem] { return id }
        let id = TermID(termNames.count)
        termNames.append(stem)
        termsByStem[stem] = id
        return id
    }

    enum SynonymProblem: Error, Equatable {
        case alreadyMeans(String)
        case emptyCanonical
    }

    /// Declares that `alternative` (a word or phrase) means `canonical` (one word).
    mutating func addSynonym(canonical: String, alternative: String) -> SynonymProblem? {
        let canonicalWords = TextNormalizer.normalize(canonical).words.map(\.text)
        guard canonicalWords.count == 1 else { return .emptyCanonical }
        let term = intern(stem: Stemmer.stem(canonicalWords[0]))
        let stems = TextNormalizer.normalize(alternative).words.map { Stemmer.stem($0.text) }
        guard let first = stems.first else { return nil }
        if stems.count == 1 {
            // Synonyms are declared before any intent word is interned, so an
            // existing different mapping is a real conflict between two lines.
            if let existing = termsByStem[first], existing != term {
                return .alreadyMeans(termNames[Int(existing)])
            }
            termsByStem[first] = term
        } else {
            phraseSynonyms[first, default: []].append((Array(stems.dropFirst()), term))
        }
        return nil
    }

    /// Builds the typo index over every known stem and the written forms of keywords.
    /// `sortedStems` are the written forms of keyword words and their stems,
    /// sorted by written form; `recallTerms` are the terms of `typos: recall` intents.
    mutating func buildTypoIndex(sortedStems: [(key: String, value: String)], recallTerms: Set<TermID> = []) {
        var seen = Set<String>()
        var keys: [(String, TermID)] = []
        for (stem, term) in termsByStem.sorted(by: { $0.key < $1.key }) where seen.insert(stem).inserted {
            keys.append((stem, term))
        }
        for (word, stem) in sortedStems where !seen.contains(word) {
            if let term = termsByStem[stem] {
                seen.insert(word)
                keys.append((word, term))
            }
        }
        typoKeys = []
        typoKeyScalars = []
        typoNeighbours = []
        longestTypoKey = 0
        for (key, term) in keys {
            let scalars = Array(key.unicodeScalars)
            let recall = recallTerms.contains(term)
            let minimum = recall ? Self.minimumRecallTypoTargetLength : Self.minimumTypoTargetLength
            guard scalars.count >= minimum, typoKeys.count < 1 << Self.keyBits else { continue }
            let index = appendTypoKey(scalars, term: term, recall: recall)
            longestTypoKey = max(longestTypoKey, scalars.count)
            Self.forEachVariantHash(scalars) { typoNeighbours.append(Self.packed($0, index)) }
        }
        typoNeighbours.sort()
    }

    /// Builds `keywordWords` from `sortedStems` (the written forms of the
    /// dialog's words and their stems, sorted by written form, as
    /// `buildTypoIndex` takes them); after every term and synonym is known.
    mutating func buildKeywordWords(sortedStems: [(key: String, value: String)]) {
        keywordWords = KeywordWords(sortedStems: sortedStems, lexicon: self)
    }

    static let keyBits: UInt64 = 24

    static func packed(_ hash: UInt64, _ key: Int32) -> UInt64 {
        (hash << keyBits) | (UInt64(key) & ((1 << keyBits) - 1))
    }

    /// Calls `body` with the hash of the word and of each one-deletion variant.
    static func forEachVariantHash(_ scalars: [Unicode.Scalar], _ body: (UInt64) -> Void) {
        scalars.withUnsafeBufferPointer { forEachVariantHash($0, body) }
    }

    static func forEachVariantHash(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ body: (UInt64) -> Void) {
        body(hash(scalars, skipping: -1))
        for k in scalars.indices { body(hash(scalars, skipping: k)) }
    }

    /// FNV-1a over the scalars, leaving out position `skipping`.
    static func hash(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, skipping: Int) -> UInt64 {
        var h = StableHash.offsetBasis
        for k in scalars.indices where k != skipping {
            h = StableHash.step(h, UInt64(scalars[k].value))
        }
        return h
    }

    /// Calls `body` with the index of each key that has a variant with this
    /// hash (in its top 40 bits). Allocates nothing: it runs for every
    /// variant of every probed word.
    @inline(__always)
    func forEachCandidate(_ hash: UInt64, _ body: (Int32) -> Void) {
        let low = Self.packed(hash, 0)
        let wanted = (hash << Self.keyBits) >> Self.keyBits
        typoNeighbours.withUnsafeBufferPointer { entries in
            var first = 0, high = entries.count
            while first < high {
                let mid = (first + high) / 2
                if entries[mid] < low { first = mid + 1 } else { high = mid }
            }
            var k = first
            while k < entries.count, entries[k] >> Self.keyBits == wanted {
                body(Int32(truncatingIfNeeded: entries[k] & ((1 << Self.keyBits) - 1)))
                k += 1
            }
        }
    }

    /// The optimal-string-alignment distance between `a` and `b` when it is 0
    /// or 1 (equal; or one insertion, deletion, substitution or swap of two
    /// neighbours), and 2 for anything further: what `NearestName.editDistance`
    /// gives with limit 1, in one pass and without allocating.
    static func editsUpToOne(_ a: UnsafeBufferPointer<Unicode.Scalar>, _ b: UnsafeBufferPointer<Unicode.Scalar>) -> Int {
        if a.count == b.count {
            var i = 0
            while i < a.count, a[i] == b[i] { i += 1 }
            if i == a.count { return 0 }
            // One substitution at i, or a swap of i and i + 1; the rest must be equal.
            var rest = i + 1
            if i + 1 < a.count, a[i] == b[i + 1], a[i + 1] == b[i] { rest = i + 2 }
            while rest < a.count, a[rest] == b[rest] { rest += 1 }
            if rest == a.count { return 1 }
            // A swap that failed may still leave a substitution at i.
            rest = i + 1
            while rest < a.count, a[rest] == b[rest] { rest += 1 }
            return rest == a.count ? 1 : 2
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count - short.count == 1 else { return 2 }
        var i = 0
        while i < short.count, short[i] == long[i] { i += 1 }
        while i < short.count, short[i] == long[i + 1] { i += 1 }
        return i == short.count ? 1 : 2
    }

    // MARK: Looking up

    /// The term a word of a user's line stands for, or nil.
    func term(forStem stem: String) -> TermID? { termsByStem[stem] }

    /// The closest known key within one edit of `word` (or of its stem), if any.
    /// A real English word is never a typo (`KnownWords`): "paper" is not "pater".
    /// Allocates nothing: the probe's scalars live on the stack.
    func typoCorrection(word: String, stem: String) -> TermID? {
        let length = word.unicodeScalars.count
        guard length >= Self.minimumRecallTypoLength, length <= longestTypoKey + 1, !typoNeighbours.isEmpty,
              !KnownWords.contains(word) else { return nil }
        var best: (distance: Int, index: Int32)?
        func consider(_ probe: String) {
            let count = probe.unicodeScalars.count
            guard count <= longestTypoKey + 1 else { return }
            withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: count) { buffer in
                var k = 0
                for scalar in probe.unicodeScalars {
                    buffer.initializeElement(at: k, to: scalar)
                    k += 1
                }
                let probeScalars = UnsafeBufferPointer(buffer)
                // Every candidate is compared, and the best (distance, then index)
                // kept, so the order of probing cannot change the answer.
                Self.forEachVariantHash(probeScalars) { hash in
                    forEachCandidate(hash) { candidate in
                        let range = typoKeys[Int(candidate)].scalars
                        typoKeyScalars.withUnsafeBufferPointer { all in
                            let key = UnsafeBufferPointer(rebasing: all[Int(range.lowerBound)..<Int(range.upperBound)])
                            // People seldom get a word's first letter wrong, and a different
                            // first letter is usually a different word ("cruise", "bruise").
                            guard key.first == probeScalars.first else { return }
                            // A short word is forgiven only on its way to a word of a `typos: recall` intent.
                            guard length >= Self.minimumTypoLength || typoKeys[Int(candidate)].recall else { return }
                            let distance = Self.editsUpToOne(probeScalars, key)
                            guard distance <= 1 else { return }
                            if best == nil || (distance, candidate) < (best!.distance, best!.index) {
                                best = (distance, candidate)
                            }
                        }
                    }
                }
            }
        }
        consider(word)
        if stem != word { consider(stem) }
        return best.map { typoKeys[Int($0.index)].term }
    }

    /// What matching needs to know of one word of a line (`WordMemo` keeps it):
    /// from `keywordWords` for one of the dialog's written words, otherwise
    /// worked out (`analyseByStemming`).
    func analyse(_ word: String) -> WordAnalysis {
        keywordWords.analysis(of: word) ?? analyseByStemming(word)
    }

    /// `analyse` without `keywordWords`: the stemmer, the term, the typo search.
    func analyseByStemming(_ word: String) -> WordAnalysis {
        let stem = Stemmer.stem(word)
        let term = termsByStem[stem] ?? -1
        let typo = term < 0 ? typoCorrection(word: word, stem: stem) ?? -1 : -1
        return WordAnalysis(stem: stem, term: term, typo: typo, startsPhrase: phraseSynonyms[stem] != nil)
    }

    /// The tokens of a normalised line: each word's term, with phrase
    /// synonyms joined and unknown words forgiven one typo where possible.
    func tokens(of line: NormalizedLine) -> [Token] {
        tokens(of: line, analyses: line.words.map { analyse($0.text) })
    }

    /// The same, with the words' analyses read from (and added to) `memo`,
    /// which must belong to this lexicon: a word seen before costs one look-up.
    func tokens(of line: NormalizedLine, memo: inout WordMemo) -> [Token] {
        var tokens: [Token] = []
        var analyses: [WordAnalysis] = []
        self.tokens(of: line, memo: &memo, into: &tokens, analyses: &analyses)
        return tokens
    }

    /// The same, read into the room of `tokens`, with the words' analyses in
    /// that of `analyses` (both emptied first): the engine keeps the two from
    /// turn to turn (`TurnBuffers`; issue 12: making and freeing them was
    /// 700 instructions a sample turn).
    func tokens(of line: NormalizedLine, memo: inout WordMemo, into tokens: inout [Token], analyses: inout [WordAnalysis]) {
        self.analyses(of: line, memo: &memo, into: &analyses)
        self.tokens(of: line, analyses: analyses, into: &tokens)
    }

    /// The words' analyses, read from (and added to) `memo`, into the room of
    /// `analyses` (emptied first). The engine holds the memo's lock for this
    /// alone and makes the tokens after it (`tokens(of:analyses:into:)`).
    func analyses(of line: NormalizedLine, memo: inout WordMemo, into analyses: inout [WordAnalysis]) {
        analyses.removeAllKeepingRoom()
        analyses.reserveCapacity(line.words.count)
        // No closure: one capturing the lexicon copied its dictionaries at
        // every word (issue 12: 10,000 instructions a turn). The words are
        // read in place: `for word in line.words` copied each `Word`
        // (its text retained and released), 3,000 instructions a turn.
        line.words.withUnsafeBufferPointer { words in
            for k in words.indices {
                if let found = memo.recall(words[k].text) {
                    analyses.append(found)
                } else {
                    let computed = analyse(words[k].text)
                    memo.keep(words[k].text, computed)
                    analyses.append(computed)
                }
            }
        }
    }

    /// The same, with each word's stem already known.
    func tokens(of line: NormalizedLine, stems: [String]) -> [Token] {
        tokens(of: line, analyses: zip(line.words, stems).map { word, stem in
            let term = termsByStem[stem] ?? -1
            let typo = term < 0 ? typoCorrection(word: word.text, stem: stem) ?? -1 : -1
            return WordAnalysis(stem: stem, term: term, typo: typo, startsPhrase: phraseSynonyms[stem] != nil)
        })
    }

    private func tokens(of line: NormalizedLine, analyses: [WordAnalysis]) -> [Token] {
        var tokens: [Token] = []
        self.tokens(of: line, analyses: analyses, into: &tokens)
        return tokens
    }

    /// The tokens of `line`, its words' analyses known, read into the room
    /// of `tokens` (emptied first).
    func tokens(of line: NormalizedLine, analyses: [WordAnalysis], into tokens: inout [Token]) {
        tokens.removeAllKeepingRoom()
        tokens.reserveCapacity(line.words.count)
        // The words are read in place, field by field: a `Word` copied per
        // word was 1,400 instructions a turn (issue 12).
        line.words.withUnsafeBufferPointer { words in
            var k = 0
            while k < words.count {
                let sentence = words[k].sentence
                if analyses[k].startsPhrase, let options = phraseSynonyms[analyses[k].stem] {
                    var joined: (length: Int, term: TermID)?
                    for option in options where k + option.rest.count < words.count {
                        let fits = option.rest.indices.allSatisfy { j in
                            analyses[k + 1 + j].stem == option.rest[j] && words[k + 1 + j].sentence == sentence
                        }
                        if fits, option.rest.count + 1 > (joined?.length ?? 0) { joined = (option.rest.count + 1, option.term) }
                    }
                    if let (length, term) = joined {
                        let span = words[k..<(k + length)]
                        tokens.append(Token(term: term, firstWord: k, lastWord: k + length - 1, sentence: sentence,
                                            clause: words[k].clause, negated: span.contains { $0.negated }, isNegator: false,
                                            typo: false))
                        k += length
                        continue
                    }
                }
                var term = analyses[k].term
                var typo = false
                if term < 0, !words[k].isNegator, analyses[k].typo >= 0 {
                    term = analyses[k].typo
                    typo = true
                }
                tokens.append(Token(term: term, firstWord: k, lastWord: k, sentence: sentence, clause: words[k].clause,
                                    negated: words[k].negated, isNegator: words[k].isNegator, typo: typo))
                k += 1
            }
        }
    }
}
