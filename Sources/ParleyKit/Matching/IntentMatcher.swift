import Synchronization

/// One compiled way to recognise an intent: a keyword entry, a pattern, an
/// option's label, or an `unless` veto. The compiler builds these; the
/// matcher stores them flat (`MatchEntries`).
struct MatchEntry: Sendable {
    enum Shape: Sendable {
        /// Terms that must appear together, in order.
        case phrase([TermID])
        /// Phrases that must all appear in one sentence, in any order.
        case allOf([[TermID]])
        /// Words and wildcards.
        case pattern([PatternElement])
        /// An option's label: enough of its words, anywhere.
        case label([TermID], minimum: Int)
    }

    var intent: Int32
    var shape: Shape
    /// Written with a negation ("not safe"), so negation is part of what it means.
    var mentionsNegation: Bool
    var isVeto: Bool
    /// As the writer wrote it, for explanations.
    var source: String
    var location: SourceLocation?
}

/// One element of a pattern.
enum PatternElement: Sendable, Equatable {
    case word(TermID)
    /// `*`: any words, none or more.
    case anyWords
    /// `#`: one number ("12", "twelve").
    case number

}

/// How one entry matched a line.
struct MatchHit: Sendable, Hashable {
    var entry: Int32
    /// The words of the line it covered (indices into `NormalizedLine.words`).
    var words: [Int]
    var sentence: Int
    var typo: Bool
    var negated: Bool
    /// Points given per covered word: 100, or 50 for a typo or a lowered negation.
    var weight: Int
}

/// An intent that matched a line, with its score and the evidence.
struct IntentMatch: Sendable {
    var intent: Int32
    var rank: Int
    /// How much of the line the intent explains: 100 points per word.
    var score: Int
    /// The part of `score` from words read exactly, not by forgiving a typo.
    /// Matches are ordered by it before `score`, so typo hits never outrank or
    /// tie an exact hit, however many of them a line has.
    var exactScore: Int
    /// Covered words the user wrote exactly as the entry's writer did, not
    /// only with the same stem ("skabi" against the keyword `skabi`, not
    /// `skabis`): between matches that explain a line equally, the one written
    /// as the user wrote it wins. Counted only for such ties (0 otherwise).
    var literalWords: Int
    /// Captures of the best pattern hit, as the user wrote them (not yet reflected).
    var captures: [String]
    /// For each capture, the word of the line just before it (lower case, ""
    /// at a sentence's start): reflection reads "you" after it ("want you to
    /// leave": an object, "me"; "because you left": a subject, "I").
    var captureContexts: [String]
    /// The entry of its first hit (for an option's label match, the label),
    /// or -1 for a `reads:` match, which has no hits. Set whether or not the
    /// hits are recorded (`IntentMatcher.match(_:tokens:recordingHits:)`).
    var entry: Int32
    /// Its hits, in the order found; empty when `match` was asked not to record them.
    var hits: [MatchHit]
}

/// Intents for matching: name, rank, negation mode.
struct MatchableIntent: Sendable {
    var name: String
    var rank: Int
    var negation: NegationMode
    /// `matching: exact`: only the words as written count; no stems, synonyms, typos or negation.
    var exact = false
    /// `reads:`: the intent also fires on a line read this little.
    var reads: ReadingLevel?
}

/// The inverted index from terms to entries. A line's cost follows its number
/// of words and the entries those words point to, not the dialog's size.
struct IntentMatcher: Sendable {
    private(set) var lexicon: Lexicon
    private(set) var intents: [MatchableIntent]
    private(set) var entries: MatchEntries
    /// The dialog's `clauses` line: patterns and their captures stay inside one clause.
    var clauses: ClauseRule?
    /// Term -> entries to check when the term appears.
    var postings: Postings
    /// Per entry: the index of the pattern element it is looked up by (-1: not a pattern).
    var patternAnchors: [Int32]
    /// Intents with a `reads:` field, checked once per line (none: no work).
    var readingIntents: [Int32]
    /// Per term: a word of an intent's keywords or patterns, not only of a
    /// veto or an option's label. What `reads: little` counts as a word of the dialog.
    var topicTerms: [Bool]
    /// Each entry's written words, for breaking ties; shared by the copies of
    /// this matcher and filled the first time a tie needs an entry.
    let writtenWords = EntryWrittenWords()

    init(lexicon: Lexicon, intents: [MatchableIntent], entries: [MatchEntry]) {
        let entries = MatchEntries(entries)
        self.lexicon = lexicon
        self.intents = intents
        self.entries = entries
        var postings = [[Int32]](repeating: [], count: lexicon.termNames.count)
        var anchors = [Int32](repeating: -1, count: entries.count)
        var topic = [Bool](repeating: false, count: lexicon.termNames.count)
        for index in entries.indices {
            // The terms a line must contain for the entry to be worth checking,
            // and its words that count as the dialog's topic.
            let indexed: [TermID]
            var words: [TermID] = []
            switch entries[index].shape {
            case .phrase(let range):
                words = Array(entries.terms(range))
                indexed = Array(words.prefix(1))
            case .allOf(let groups):
                for group in groups { words += entries.terms(entries.groups[Int(group)]) }
                indexed = groups.isEmpty ? [] : Array(entries.terms(entries.groups[Int(groups.lowerBound)]).prefix(1))
            case .pattern(let range):
                let elements = entries.elements[Int(range.lowerBound)..<Int(range.upperBound)]
                words = elements.compactMap { if case .word(let term) = $0 { term } else { nil } }
                // Indexed by its anchor word.
                let anchor = Self.anchor(of: elements, lexicon: lexicon)
                anchors[index] = Int32(anchor)
                if case .word(let term) = elements[elements.startIndex + anchor] { indexed = [term] } else { indexed = [] }
            case .label(let range, _):
                indexed = Array(Set(entries.terms(range))).sorted()
            }
            for term in indexed where term >= 0 && Int(term) < postings.count {
                postings[Int(term)].append(Int32(index))
            }
            guard !entries[index].isVeto else { continue }
            for term in words where term >= 0 && Int(term) < topic.count { topic[Int(term)] = true }
        }
        self.postings = Postings(postings)
        self.patternAnchors = anchors
        self.readingIntents = intents.indices.filter { intents[$0].reads != nil }.map { Int32($0) }
        self.topicTerms = topic
    }

    /// A matcher with its index as it was built and stored: the compiled-dialog
    /// format reads it rather than building it again (`IntentMatcher+Binary.swift`,
    /// which checks that it fits the entries).
    init(lexicon: Lexicon, intents: [MatchableIntent], entries: MatchEntries, postings: Postings,
         patternAnchors: [Int32], readingIntents: [Int32], topicTerms: [Bool]) {
        self.lexicon = lexicon
        self.intents = intents
        self.entries = entries
        self.postings = postings
        self.patternAnchors = patternAnchors
        self.readingIntents = readingIntents
        self.topicTerms = topicTerms
    }

    /// The word a pattern is looked up by: its first word that is not a small
    /// word, so "i feel *" is only tried on lines with "feel", not every line with "i".
    static func anchor(of elements: some Collection<PatternElement>, lexicon: Lexicon) -> Int {
        var first: Int?
        for (index, element) in elements.enumerated() {
            guard case .word(let term) = element else { continue }
            if first == nil { first = index }
            if !StopWords.english.contains(lexicon.termNames[Int(term)]) { return index }
        }
        return first ?? 0
    }

    /// Every intent the line matches, best first: highest rank, then score,
    /// then the intent declared first.
    func match(_ line: NormalizedLine) -> [IntentMatch] {
        match(line, tokens: lexicon.tokens(of: line))
    }

    /// The same, for a line whose tokens (`lexicon.tokens(of:)`) are already known.
    ///
    /// `recordingHits`: whether each match carries its hits (`IntentMatch.hits`,
    /// the evidence an explanation shows, e.g. the chat's `/why`). With false,
    /// `hits` is left empty and nothing else changes: the matches, their order,
    /// scores, captures and `entry` are the same, since scores, vetoes, ties and
    /// `reads:` are worked out from the hits kept in the call's own buffers. A
    /// front end that never shows an explanation saves an array per match and
    /// one per hit. The default keeps them.
    func match(_ line: NormalizedLine, tokens: [Token], recordingHits: Bool = true) -> [IntentMatch] {
        var scratch = Scratch()
        return match(line, tokens: tokens, recordingHits: recordingHits, scratch: &scratch)
    }

    /// The same, with the call's buffers lent by the caller: emptied first
    /// and left holding their room, so a caller that keeps one `Scratch`
    /// from line to line (the engine, `TurnBuffers`) makes no buffer
    /// per call (issue 12: growing them was about 1,300 instructions of a
    /// sample turn, a dozen allocations with their frees).
    func match(_ line: NormalizedLine, tokens: [Token], recordingHits: Bool, scratch: inout Scratch) -> [IntentMatch] {
        scratch.removeAll()
        // The line's sentence bounds are read into `scratch.sentences` at its first pattern.
        var boundsRead = false

        for (position, token) in tokens.enumerated() where token.term >= 0 {
            for entryIndex in postings[Int(token.term)] {
                // Entries are read field by field: copying a whole entry (its
                // source text and location) for every posting costs more than matching.
                switch entries[Int(entryIndex)].shape {
                case .phrase(let terms):
                    guard let covered = phrase(terms, at: position, in: tokens) else { continue }
                    record(entryIndex, covered, tokens, line, &scratch)
                case .allOf(let groups):
                    guard let first = phrase(entries.groups[Int(groups.lowerBound)], at: position, in: tokens) else { continue }
                    var covered = Array(first)
                    var complete = true
                    for group in (groups.lowerBound + 1)..<groups.upperBound {
                        guard let found = findPhrase(entries.groups[Int(group)], sentence: token.sentence, in: tokens,
                                                     avoiding: covered) else {
                            complete = false
                            break
                        }
                        covered += found
                    }
                    if complete { record(entryIndex, covered.sorted(), tokens, line, &scratch) }
                case .pattern(let elements):
                    if !boundsRead {
                        scratch.sentences.read(tokens)
                        if let clauses { scratch.sentences.split(at: clauses, tokens, line) }
                        boundsRead = true
                    }
                    var search = PatternSearch(anchor: Int(patternAnchors[Int(entryIndex)]), position: position,
                                               sentenceStart: scratch.sentences.start[position],
                                               sentenceEnd: scratch.sentences.end[position])
                    let found = entries.elements.withUnsafeBufferPointer { all in
                        search.run(UnsafeBufferPointer(rebasing: all[Int(elements.lowerBound)..<Int(elements.upperBound)]),
                                   tokens, line.words)
                    }
                    guard found else { continue }
                    // A `*` at either end stands for what the sentence says there:
                    // when it says nothing ("I feel"), the pattern does not match.
                    // A capture with a word in it is never empty; only one without
                    // words ("I feel 😢", "I feel.") needs its text read to tell.
                    if search.captured.contains(where: { $0.atEdge && $0.tokens.isEmpty }) {
                        let values = search.captureValues(line, tokens)
                        if search.captured.indices.contains(where: { search.captured[$0].atEdge && values[$0].isEmpty }) {
                            continue
                        }
                    }
                    if record(entryIndex, search.covered, tokens, line, &scratch) {
                        let intent = entries[Int(entryIndex)].intent
                        let literals = search.covered.count
                        let kept = scratch.captures.firstIndex { $0.intent == intent }
                        if let kept, (scratch.captures[kept].literals, -scratch.captures[kept].start) >= (literals, -position) {
                            continue
                        }
                        let best = Scratch.Captures(intent: intent, literals: literals, start: position,
                                                    values: search.captureValues(line, tokens),
                                                    contexts: search.captureContexts(line, tokens))
                        if let kept { scratch.captures[kept] = best } else { scratch.captures.append(best) }
                    }
                case .label(let terms, _):
                    // A label's progress lies in the call's buffers, found by a
                    // short search: a line reaches a few labels (issue 12: a
                    // dictionary of them and two arrays per label were a tenth of matching).
                    let slot: Int
                    if let known = scratch.labels.firstIndex(where: { $0.entry == entryIndex }) {
                        slot = known
                    } else {
                        slot = scratch.labels.count
                        scratch.labels.append(LabelProgress(entry: entryIndex, first: scratch.labelTokens.count, found: 0))
                        // A plain loop: `append(contentsOf: repeatElement(…))` took the
                        // generic path, 400 instructions a label (issue 12).
                        for _ in terms { scratch.labelTokens.append(-1) }
                    }
                    let first = scratch.labels[slot].first
                    let firstTerm = Int(terms.lowerBound)
                    for k in 0..<(Int(terms.upperBound) &- firstTerm) where entries.terms[firstTerm &+ k] == token.term
                        && scratch.labelTokens[first + k] < 0 {
                        scratch.labelTokens[first + k] = position
                        scratch.labels[slot].found += 1
                        break
                    }
                }
            }
        }
        if !scratch.labels.isEmpty {
            scratch.labels.sort { $0.entry < $1.entry }
            var covered: [Int] = []
            for slot in scratch.labels.indices {
                let label = scratch.labels[slot]
                guard case .label(let terms, let minimum) = entries[Int(label.entry)].shape,
                      label.found >= Int(minimum) else { continue }
                covered.removeAll(keepingCapacity: true)
                for k in label.first..<(label.first + terms.count) where scratch.labelTokens[k] >= 0 {
                    covered.append(scratch.labelTokens[k])
                }
                covered.sort()
                record(label.entry, covered, tokens, line, &scratch)
            }
        }

        // Each intent's hits together, in the order they were found.
        scratch.hits.sort { ($0.intent, $0.order) < ($1.intent, $1.order) }
        var matches: [IntentMatch] = []
        // At most a match per hit and per `reads:` intent: one allocation, not one per doubling.
        matches.reserveCapacity(scratch.hits.count + readingIntents.count)
        // A line read too little matches `reads:` intents with no words and no
        // score: any match with words of its rank goes before it.
        // The three arrays by word are the scratch's, kept from line to line
        // (issue 12: made for each line, they were 1,100 instructions of a
        // trust turn); `best` and `bestExact` are all zeros between uses.
        var matchedWords: [Bool] = []
        swap(&matchedWords, &scratch.matchedWords)
        matchedWords.removeAllKeepingRoom()
        if !readingIntents.isEmpty {
            for _ in line.words.indices { matchedWords.append(false) }
        }
        var best: [Int] = [], bestExact: [Int] = []
        swap(&best, &scratch.best)
        swap(&bestExact, &scratch.bestExact)
        defer {
            swap(&matchedWords, &scratch.matchedWords)
            swap(&best, &scratch.best)
            swap(&bestExact, &scratch.bestExact)
        }
        var group = 0
        while group < scratch.hits.count {
            let intent = scratch.hits[group].intent
            var end = group + 1
            while end < scratch.hits.count, scratch.hits[end].intent == intent { end += 1 }
            defer { group = end }
            // A veto takes back the hits in its own clause only: in "he never
            // hits me, but he pushes me" a veto of "never hit me" leaves "push me".
            var kept = 0
            var first = -1
            for h in group..<end {
                let vetoed = scratch.vetoes.contains { veto in
                    veto.intent == intent && scratch.hits[h].words.contains { line.words[scratch.hitWords[$0]].clause == veto.clause }
                }
                scratch.hits[h].kept = !vetoed
                if !vetoed {
                    kept += 1
                    if first < 0 { first = h }
                }
            }
            guard kept > 0 else { continue }
            // Each word counts once, at the best weight any hit gave it; the
            // second figure counts only the words of hits without a typo.
            var score = 0, exactScore = 0
            if kept == 1 {
                score = scratch.hits[first].words.count * scratch.hits[first].weight
                exactScore = scratch.hits[first].typo ? 0 : score
            } else {
                while best.count < line.words.count {
                    best.append(0)
                    bestExact.append(0)
                }
                for h in group..<end where scratch.hits[h].kept {
                    let hit = scratch.hits[h]
                    for w in hit.words {
                        let word = scratch.hitWords[w]
                        best[word] = max(best[word], hit.weight)
                        if !hit.typo { bestExact[word] = max(bestExact[word], hit.weight) }
                    }
                }
                // Summed and cleared by the same words, so the buffers serve the next intent.
                for h in group..<end where scratch.hits[h].kept {
                    for w in scratch.hits[h].words {
                        let word = scratch.hitWords[w]
                        score += best[word]
                        exactScore += bestExact[word]
                        best[word] = 0
                        bestExact[word] = 0
                    }
                }
            }
            if !matchedWords.isEmpty {
                for h in group..<end where scratch.hits[h].kept {
                    if case .label = entries[Int(scratch.hits[h].entry)].shape { continue }
                    for w in scratch.hits[h].words { matchedWords[scratch.hitWords[w]] = true }
                }
            }
            var hits: [MatchHit] = []
            if recordingHits {
                hits.reserveCapacity(kept)
                for h in group..<end where scratch.hits[h].kept {
                    let hit = scratch.hits[h]
                    let words = scratch.hitWords.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[hit.words])) }
                    hits.append(MatchHit(entry: hit.entry, words: words, sentence: hit.sentence,
                                         typo: hit.typo, negated: hit.negated, weight: hit.weight))
                }
            }
            let captures = scratch.captures.first { $0.intent == intent }
            matches.append(IntentMatch(intent: intent, rank: intents[Int(intent)].rank, score: score,
                                       exactScore: exactScore, literalWords: 0,
                                       captures: captures?.values ?? [], captureContexts: captures?.contexts ?? [],
                                       entry: scratch.hits[first].entry, hits: hits))
        }
        // The line's reading is worked out at the first `reads:` intent asked,
        // and answers the others too (they ask the same line).
        var reading: LineReading?
        for intent in readingIntents where !scratch.hits.contains(where: { $0.intent == intent }) {
            guard let level = intents[Int(intent)].reads else { continue }
            if reading == nil {
                reading = LineReading(line, tokens, topicTerms: topicTerms, matchedWords: matchedWords,
                                      classes: &scratch.readingClasses)
            }
            guard reading!.holds(level) else { continue }
            matches.append(IntentMatch(intent: intent, rank: intents[Int(intent)].rank, score: 0, exactScore: 0,
                                       literalWords: 0, captures: [], captureContexts: [], entry: -1, hits: []))
        }
        let order: (IntentMatch, IntentMatch) -> Bool = { a, b in
            if a.rank != b.rank { return a.rank > b.rank }
            if a.exactScore != b.exactScore { return a.exactScore > b.exactScore }
            if a.score != b.score { return a.score > b.score }
            if a.literalWords != b.literalWords { return a.literalWords > b.literalWords }
            return a.intent < b.intent
        }
        matches.sort(by: order)
        if breakTies(&matches, line, scratch) { matches.sort(by: order) }
        return matches
    }

    /// Counts `literalWords` for matches (already sorted) that tie on rank
    /// and scores; returns whether there was a tie. Ties are rare, so the
    /// entries' written forms are read only then, and a turn without one pays
    /// nothing for this rule.
    private func breakTies(_ matches: inout [IntentMatch], _ line: NormalizedLine, _ scratch: Scratch) -> Bool {
        var tied = false
        for k in matches.indices.dropFirst() where matches[k].rank == matches[k - 1].rank
            && matches[k].exactScore == matches[k - 1].exactScore && matches[k].score == matches[k - 1].score {
            tied = true
            for j in (k - 1)...k {
                var most = 0
                let intent = matches[j].intent
                for h in scratch.hits.indices where scratch.hits[h].intent == intent && scratch.hits[h].kept {
                    let hit = scratch.hits[h]
                    let written = writtenWords.words(of: hit.entry, written: entries.source(of: Int(hit.entry)))
                    var count = 0
                    for w in hit.words where written.contains(line.words[scratch.hitWords[w]].text) { count += 1 }
                    most = max(most, count)
                }
                matches[j].literalWords = most
            }
        }
        return tied
    }

    /// What one call of `match` collects, in flat buffers: a hit's words are
    /// a range of `hitWords`, a label's progress a range of `labelTokens`, so
    /// a hit or a label costs no array of its own (issue 12: the dictionaries
    /// and the arrays per hit were a third of matching on the sample dialog).
    struct Scratch {
        /// Every hit negation did not rule out, in the order found (then by intent).
        var hits: [FoundHit] = []
        var hitWords: [Int] = []
        /// The best pattern captures of each intent that has any.
        var captures: [Captures] = []
        /// Per veto hit, each clause it covers.
        var vetoes: [(intent: Int32, clause: Int)] = []
        /// The option labels the line's words have reached so far.
        var labels: [LabelProgress] = []
        /// Per word of each reached label: the line's token that was it, or -1.
        var labelTokens: [Int] = []
        /// The line's sentence bounds, read at its first pattern (emptied then, not here).
        var sentences = SentenceBounds()
        /// The classes of the line's words, for `reads:` intents (`LineReading` empties it).
        var readingClasses: [ReadingWordClass] = []
        /// Per word: covered by a hit that is not an option's label (for `reads: little`).
        var matchedWords: [Bool] = []
        /// Per word: the best weight a hit of the intent in hand gave it, of
        /// any hit and of exact ones; zeros between intents, and as long as
        /// the longest line so far.
        var best: [Int] = []
        var bestExact: [Int] = []

        struct Captures {
            var intent: Int32
            var literals: Int
            var start: Int
            var values: [String]
            var contexts: [String]
        }

        /// Empties every buffer, keeping its room. An empty one is passed
        /// over: `removeAll(keepingCapacity:)` goes through the generic
        /// `replaceSubrange`, about 25 instructions even with nothing to remove.
        mutating func removeAll() {
            hits.removeAllKeepingRoom()
            hitWords.removeAllKeepingRoom()
            removeCaptures()
            vetoes.removeAllKeepingRoom()
            labels.removeAllKeepingRoom()
            labelTokens.removeAllKeepingRoom()
        }

        /// Empties `captures`, the one buffer that holds the line's text.
        mutating func removeCaptures() {
            captures.removeAllKeepingRoom()
        }
    }

    /// One hit as `match` keeps it: a `MatchHit` whose words lie in `Scratch.hitWords`.
    struct FoundHit {
        var entry: Int32
        var intent: Int32
        /// The order in which it was found.
        var order: Int32
        var words: Range<Int>
        var sentence: Int
        var typo: Bool
        var negated: Bool
        var weight: Int
        /// No veto of its intent took it back.
        var kept = true
    }

    /// How far the line has gone through one option label's words.
    struct LabelProgress {
        var entry: Int32
        /// Where its words start in `Scratch.labelTokens`.
        var first: Int
        /// Its words found so far.
        var found: Int
    }

    /// Adds a hit unless negation rules it out; returns whether it was kept.
    /// `covered`: the token positions it covers, in order.
    @discardableResult
    private func record<Covered: RandomAccessCollection<Int>>(_ entryIndex: Int32, _ covered: Covered, _ tokens: [Token],
                                                              _ line: NormalizedLine, _ scratch: inout Scratch) -> Bool {
        let intent = entries[Int(entryIndex)].intent
        if entries[Int(entryIndex)].isVeto {
            for index in covered { scratch.vetoes.append((intent, tokens[index].clause)) }
            return false
        }
        let exact = intents[Int(intent)].exact
        let typo = covered.contains { tokens[$0].typo }
        if exact, typo || !ExactWords.written(entries.source(of: Int(entryIndex)), covered: Array(covered), tokens, line.words) {
            return false
        }
        let negated = !exact && !entries[Int(entryIndex)].mentionsNegation && covered.contains { tokens[$0].negated }
        // Words found together say more than the same words found apart: a
        // `+` entry counts each word at 90, so between a phrase and a `+`
        // entry that explain the same words, the phrase wins.
        var weight = typo ? 50 : 100
        if case .allOf = entries[Int(entryIndex)].shape { weight = weight * 9 / 10 }
        if negated {
            switch intents[Int(intent)].negation {
            case .ignore: return false
            case .lowers: weight /= 2
            case .counts: break
            }
        }
        if scratch.hits.isEmpty {
            scratch.hits.reserveCapacity(8)
            scratch.hitWords.reserveCapacity(16)
        }
        let start = scratch.hitWords.count
        for index in covered {
            var word = tokens[index].firstWord
            while word <= tokens[index].lastWord {
                scratch.hitWords.append(word)
                word += 1
            }
        }
        scratch.hits.append(FoundHit(entry: entryIndex, intent: intent, order: Int32(scratch.hits.count),
                                     words: start..<scratch.hitWords.count, sentence: tokens[covered.first!].sentence,
                                     typo: typo, negated: negated, weight: weight))
        return true
    }

    /// Token positions of `terms` (a range of `entries.terms`) starting at
    /// `position`, within one sentence.
    /// Read through buffer pointers, without a bounds check per word: every
    /// range of `entries` lies in its array (built so, or checked when read),
    /// `position` is a token's, and the phrase's end is checked against the
    /// line's. With the checks and the range's arithmetic, this was 8,000
    /// instructions a turn more on the trust coach (callgrind, 2026-12-01).
    private func phrase(_ terms: Range<Int32>, at position: Int, in tokens: [Token]) -> Range<Int>? {
        let first = Int(terms.lowerBound)
        let end = position + (Int(terms.upperBound) &- first)
        guard end <= tokens.count else { return nil }
        return tokens.withUnsafeBufferPointer { tokens -> Range<Int>? in
            entries.terms.withUnsafeBufferPointer { all -> Range<Int>? in
                let sentence = tokens[position].sentence
                var t = position, k = first
                while t < end {
                    if tokens[t].term != all[k] || tokens[t].sentence != sentence { return nil }
                    t &+= 1
                    k &+= 1
                }
                return position..<end
            }
        }
    }

    /// The first occurrence of a phrase (a range of `entries.terms`) in a
    /// sentence, preferring one that is not negated.
    private func findPhrase(_ terms: Range<Int32>, sentence: Int, in tokens: [Token], avoiding: [Int]) -> Range<Int>? {
        var fallback: Range<Int>?
        let first = entries.terms[Int(terms.lowerBound)]
        for start in tokens.indices where tokens[start].sentence == sentence && tokens[start].term == first {
            guard let found = phrase(terms, at: start, in: tokens), !found.contains(where: avoiding.contains) else { continue }
            if !found.contains(where: { tokens[$0].negated }) { return found }
            if fallback == nil { fallback = found }
        }
        return fallback
    }

}

extension IntentMatcher {
    /// Term -> the entries to check when the term appears, flat: one array
    /// of entry numbers, term by term, and where each term's start. As an
    /// array per term, decoding the trust coach's 4,000 lists was an
    /// allocation each (docs/performance.md, "Chat start-up").
    struct Postings: Sendable, Equatable {
        /// Term `t`'s entries are `entries[starts[t]..<starts[t + 1]]`; one more start than terms.
        private(set) var starts: [Int32]
        private(set) var entries: [Int32]

        /// The lists, one per term.
        init(_ lists: [[Int32]]) {
            starts = [0]
            starts.reserveCapacity(lists.count + 1)
            entries = []
            entries.reserveCapacity(lists.reduce(0) { $0 + $1.count })
            for list in lists {
                entries += list
                starts.append(Int32(entries.count))
            }
        }

        /// As read from the compiled-dialog format, which checks that the starts rise from 0 to `entries.count`.
        init(starts: [Int32], entries: [Int32]) {
            self.starts = starts
            self.entries = entries
        }

        /// How many terms have a list.
        var count: Int { starts.count - 1 }

        /// The entries of term `term` (0 ≤ term < count), in order.
        @inline(__always)
        subscript(term: Int) -> ArraySlice<Int32> { entries[Int(starts[term])..<Int(starts[term + 1])] }

        /// The lists, one per term.
        var lists: [[Int32]] { (0..<count).map { Array(self[$0]) } }
    }
}

/// Where each token's sentence starts and ends, computed once per line.
struct SentenceBounds {
    var start: [Int] = []
    var end: [Int] = []

    init(_ tokens: [Token]) { read(tokens) }

    /// Bounds not yet read (`read`).
    init() {}

    /// Reads the bounds of `tokens` into the room of `start` and `end`: the
    /// matcher keeps them from line to line (`IntentMatcher.Scratch`; issue
    /// 12: two arrays made and freed per line with a pattern, 340
    /// instructions a sample `say`).
    mutating func read(_ tokens: [Token]) {
        start.removeAllKeepingRoom()
        end.removeAllKeepingRoom()
        start.reserveCapacity(tokens.count)
        end.reserveCapacity(tokens.count)
        for _ in tokens.indices {
            start.append(0)
            end.append(0)
        }
        var first = 0
        for k in tokens.indices {
            if k > 0, tokens[k].sentence != tokens[k - 1].sentence { first = k }
            start[k] = first
        }
        var last = tokens.count - 1
        for k in tokens.indices.reversed() {
            if k < tokens.count - 1, tokens[k].sentence != tokens[k + 1].sentence { last = k }
            end[k] = last
        }
    }
}

/// One attempt to match a pattern around its anchor word. A `*` takes as few
/// words as possible, except at the ends of the pattern, where it takes the
/// rest of the sentence; a `#` takes one number, which may be several words
/// ("twenty five"). The arrays it reads are passed in rather than stored, so
/// an attempt costs no reference counting.
struct PatternSearch {
    let anchor: Int
    let position: Int
    let sentenceStart: Int
    let sentenceEnd: Int
    /// Token positions of the words and numbers matched.
    var covered: [Int] = []
    /// The captures, in order: their tokens, and for a `#` its value as digits.
    var captured: [Capture] = []

    struct Capture {
        var tokens: Range<Int>
        var number: String?
        /// A `*` first or last in the pattern.
        var atEdge: Bool
    }

    init(anchor: Int, position: Int, sentenceStart: Int, sentenceEnd: Int) {
        self.anchor = anchor
        self.position = position
        self.sentenceStart = sentenceStart
        self.sentenceEnd = sentenceEnd
    }

    /// `elements`: the pattern's, a part of `MatchEntries.elements`.
    mutating func run(_ elements: UnsafeBufferPointer<PatternElement>, _ tokens: [Token], _ words: [Word]) -> Bool {
        // Before the anchor there are only words and `#` unless there is a
        // `*`; either way the start is found by trying, nearest the anchor
        // first for words and numbers, leftmost first after a `*`.
        if elements[0] == .anyWords { return solve(0, sentenceStart, elements, tokens, words) }
        if !elements[..<anchor].contains(.anyWords), !elements[..<anchor].contains(.number) {
            let start = position - anchor
            return start >= sentenceStart && solve(0, start, elements, tokens, words)
        }
        for start in sentenceStart...position where solve(0, start, elements, tokens, words) { return true }
        return false
    }

    mutating func solve(_ e: Int, _ t: Int, _ elements: UnsafeBufferPointer<PatternElement>, _ tokens: [Token],
                        _ words: [Word]) -> Bool {
        if e == anchor, t != position { return false }
        if e == elements.count { return true }
        switch elements[e] {
        case .word(let term):
            guard t <= sentenceEnd, tokens[t].term == term else { return false }
            covered.append(t)
            if solve(e + 1, t + 1, elements, tokens, words) { return true }
            covered.removeLast()
            return false
        case .number:
            // Number words are single-word tokens; a phrase synonym ends the number.
            // A word no number starts with is told before the words are
            // gathered (issue 12: the list of words, made for every `#`
            // tried, was a third of reading "twenty pages" for `# pages`).
            guard t <= sentenceEnd, tokens[t].firstWord == tokens[t].lastWord,
                  NumberReader.mayStart(words[tokens[t].firstWord].text) else { return false }
            var end = t
            var texts: [String] = []
            texts.reserveCapacity(min(12, sentenceEnd + 1 - t))
            while end <= sentenceEnd, tokens[end].firstWord == tokens[end].lastWord, texts.count < 12 {
                texts.append(words[tokens[end].firstWord].text)
                end += 1
            }
            for reading in NumberReader.readings(texts, from: 0, limit: texts.count) {
                let span = t..<(t + reading.count)
                // A plain loop: `append(contentsOf:)` a range took the generic path.
                for k in span { covered.append(k) }
                captured.append(Capture(tokens: span, number: reading.value, atEdge: false))
                if solve(e + 1, span.upperBound, elements, tokens, words) { return true }
                covered.removeLast(span.count)
                captured.removeLast()
            }
            return false
        case .anyWords:
            let atEdge = e == 0 || e == elements.count - 1
            if e == elements.count - 1 {
                captured.append(Capture(tokens: t..<(sentenceEnd + 1), number: nil, atEdge: true))
                return true
            }
            var end = t
            while end <= sentenceEnd + 1 {
                captured.append(Capture(tokens: t..<end, number: nil, atEdge: atEdge))
                if solve(e + 1, end, elements, tokens, words) { return true }
                captured.removeLast()
                end += 1
            }
            return false
        }
    }

    /// The captures as the user wrote them; a `#` as digits. A `*` takes the
    /// text between the words around it (or the sentence's edge), so what is
    /// not a word stays: "(sort of) lost", "😢". Spaces, and punctuation that
    /// belongs to the sentence rather than the capture, are trimmed.
    func captureValues(_ line: NormalizedLine, _ tokens: [Token]) -> [String] {
        captured.map { capture -> String in
            if let number = capture.number { return number }
            let sentenceIndex = tokens[position].sentence
            let sentence = line.sentences[sentenceIndex]
            // Where a `clauses` line split the sentence, the edge is the clause's
            // own first or last word, not the sentence's: "I need rest but not now"
            // captures "rest".
            let clauseStart = sentenceStart > 0 && tokens[sentenceStart - 1].sentence == sentenceIndex
                ? line.words[tokens[sentenceStart].firstWord].range.lowerBound : sentence.lowerBound
            let clauseEnd = sentenceEnd + 1 < tokens.count && tokens[sentenceEnd + 1].sentence == sentenceIndex
                ? line.words[tokens[sentenceEnd].lastWord].range.upperBound : sentence.upperBound
            let from = capture.tokens.lowerBound > sentenceStart
                ? line.words[tokens[capture.tokens.lowerBound - 1].lastWord].range.upperBound : clauseStart
            let to = capture.tokens.upperBound <= sentenceEnd
                ? line.words[tokens[capture.tokens.upperBound].firstWord].range.lowerBound : clauseEnd
            guard from < to else { return "" }
            return CaptureText.trim(line.display[from..<to])
        }
    }

    /// The word before each capture, for reflection ("" at a sentence's start).
    func captureContexts(_ line: NormalizedLine, _ tokens: [Token]) -> [String] {
        captured.map { capture in
            capture.tokens.lowerBound > sentenceStart ? line.words[tokens[capture.tokens.lowerBound - 1].lastWord].text : ""
        }
    }
}

/// The words of each entry as written, normalised, for `IntentMatcher.breakTies`.
/// Worked out the first time a tie needs an entry and kept, behind a lock
/// (front ends may match on several threads): normalising an entry's text
/// at every tie was 4,000 instructions a turn on the sample dialog (issue
/// 12), and doing it for every entry at start-up would make a 5,000-rule
/// dialog pay for entries that never tie. At most one list per entry: its
/// distinct words, sorted. A list, not a `Set`: an entry has a few words, and
/// comparing them costs less than hashing the line's word into a `Set` (issue
/// 12: the hashing was a third of breaking ties).
///
/// Kept by the entry's position, not in a dictionary keyed by it: the hash
/// of the key at every look-up was most of breaking ties on the trust coach,
/// whose lines tie often (issue 12: 3,200 instructions a line).
final class EntryWrittenWords: @unchecked Sendable, CustomReflectable {
    /// Entry n's words at n, nil until worked out; as long as the highest entry asked for.
    private let lists = Mutex<[[String]?]>([])

    /// The distinct words of entry `entry`, whose text is `written`, sorted.
    /// `written` is worked out only the first time (`MatchEntries.source(of:)` makes a string).
    func words(of entry: Int32, written: @autoclosure () -> String) -> [String] {
        lists.withLock { lists in
            let index = Int(entry)
            if index < lists.count, let known = lists[index] { return known }
            let made = Set(TextNormalizer.normalize(written()).words.map(\.text)).sorted()
            while lists.count <= index { lists.append(nil) }
            lists[index] = made
            return made
        }
    }

    /// Work kept, not part of the dialog: reflected without children, so two
    /// copies of a dialog compare alike (the compiled format's round-trip
    /// tests) whatever ties each has met.
    var customMirror: Mirror { Mirror(self, children: []) }
}
