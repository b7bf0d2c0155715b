import Synchronization

/// One compiled way to recognise an intent: a keyword entry, a pattern, an
/// option's label, or an `unless` veto.
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

    /// The terms a line must contain for this entry to be worth checking.
    var indexTerms: [TermID] {
        switch shape {
        case .phrase(let terms): return Array(terms.prefix(1))
        case .allOf(let groups): return groups.first.map { Array($0.prefix(1)) } ?? []
        case .pattern: return []  // indexed by its anchor word, chosen by the matcher
        case .label(let terms, _): return Array(Set(terms)).sorted()
        }
    }
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
    private(set) var entries: [MatchEntry]
    /// The dialog's `clauses` line: patterns and their captures stay inside one clause.
    var clauses: ClauseRule?
    /// Term -> entries to check when the term appears.
    var postings: [[Int32]]
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
        self.lexicon = lexicon
        self.intents = intents
        self.entries = entries
        var postings = [[Int32]](repeating: [], count: lexicon.termNames.count)
        var anchors = [Int32](repeating: -1, count: entries.count)
        // By index, here and below: a loop variable copied each entry (its
        // arrays and strings retained, then released), 2.4 M of the 6.1 M
        // instructions this took for the trust coach at start-up.
        for index in entries.indices {
            var terms = entries[index].indexTerms
            if case .pattern(let elements) = entries[index].shape {
                let anchor = Self.anchor(of: elements, lexicon: lexicon)
                anchors[index] = Int32(anchor)
                if case .word(let term) = elements[anchor] { terms = [term] }
            }
            for term in terms where term >= 0 && Int(term) < postings.count {
                postings[Int(term)].append(Int32(index))
            }
        }
        self.postings = postings
        self.patternAnchors = anchors
        self.readingIntents = intents.indices.filter { intents[$0].reads != nil }.map { Int32($0) }
        var topic = [Bool](repeating: false, count: lexicon.termNames.count)
        for index in entries.indices where !entries[index].isVeto {
            var words: [TermID] = []
            switch entries[index].shape {
            case .phrase(let terms): words = terms
            case .allOf(let groups): words = groups.flatMap { $0 }
            case .pattern(let elements): words = elements.compactMap { if case .word(let term) = $0 { term } else { nil } }
            case .label: break
            }
            for term in words where term >= 0 && Int(term) < topic.count { topic[Int(term)] = true }
        }
        self.topicTerms = topic
    }

    /// A matcher with its index as it was built and stored: the compiled-dialog
    /// format reads it rather than building it again (`IntentMatcher+Binary.swift`,
    /// which checks that it fits the entries).
    init(lexicon: Lexicon, intents: [MatchableIntent], entries: [MatchEntry], postings: [[Int32]],
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
    static func anchor(of elements: [PatternElement], lexicon: Lexicon) -> Int {
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
    func match(_ line: NormalizedLine, tokens: [Token]) -> [IntentMatch] {
        var scratch = Scratch()
        scratch.words = line.words
        var sentences: SentenceBounds?

        for (position, token) in tokens.enumerated() where token.term >= 0 {
            for entryIndex in postings[Int(token.term)] {
                // Entries are read field by field: copying a whole entry (its
                // source text and location) for every posting costs more than matching.
                switch entries[Int(entryIndex)].shape {
                case .phrase(let terms):
                    guard let covered = phrase(terms, at: position, in: tokens) else { continue }
                    record(entryIndex, covered, tokens, &scratch)
                case .allOf(let groups):
                    guard let first = phrase(groups[0], at: position, in: tokens) else { continue }
                    var covered = first
                    var complete = true
                    for group in groups.dropFirst() {
                        guard let found = findPhrase(group, sentence: token.sentence, in: tokens, avoiding: covered) else {
                            complete = false
                            break
                        }
                        covered += found
                    }
                    if complete { record(entryIndex, covered.sorted(), tokens, &scratch) }
                case .pattern(let elements):
                    if sentences == nil {
                        sentences = SentenceBounds(tokens)
                        if let clauses { sentences!.split(at: clauses, tokens, line) }
                    }
                    var search = PatternSearch(anchor: Int(patternAnchors[Int(entryIndex)]), position: position,
                                               sentenceStart: sentences!.start[position], sentenceEnd: sentences!.end[position])
                    guard search.run(elements, tokens, line.words) else { continue }
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
                    if record(entryIndex, search.covered, tokens, &scratch) {
                        let intent = entries[Int(entryIndex)].intent
                        let literals = search.covered.count
                        if let best = scratch.captures[intent], (best.literals, -best.start) >= (literals, -position) { continue }
                        scratch.captures[intent] = (literals, position, search.captureValues(line, tokens),
                                                    search.captureContexts(line, tokens))
                    }
                case .label(let terms, _):
                    // Changed where it lies: a label's progress taken out of a
                    // dictionary and put back copied both its arrays at every
                    // word (issue 12).
                    let slot: Int
                    if let known = scratch.labelSlots[entryIndex] {
                        slot = known
                    } else {
                        slot = scratch.labels.count
                        scratch.labelSlots[entryIndex] = slot
                        scratch.labels.append(LabelProgress(entry: entryIndex, found: Array(repeating: false, count: terms.count)))
                    }
                    for k in terms.indices where terms[k] == token.term && !scratch.labels[slot].found[k] {
                        scratch.labels[slot].found[k] = true
                        scratch.labels[slot].tokens.append(position)
                        break
                    }
                }
            }
        }
        scratch.labels.sort { $0.entry < $1.entry }
        for slot in scratch.labels.indices {
            let entryIndex = scratch.labels[slot].entry
            guard case .label(_, let minimum) = entries[Int(entryIndex)].shape,
                  scratch.labels[slot].tokens.count >= minimum else { continue }
            record(entryIndex, scratch.labels[slot].tokens.sorted(), tokens, &scratch)
        }

        var matches: [IntentMatch] = []
        matches.reserveCapacity(scratch.hitsByIntent.count)
        for (intent, hits) in scratch.hitsByIntent {
            // A veto takes back the hits in its own clause only: in "he never
            // hits me, but he pushes me" a veto of "never hit me" leaves "push me".
            let kept = scratch.vetoes.isEmpty ? hits : hits.filter { hit in
                !scratch.vetoes.contains { veto in
                    veto.intent == intent && hit.words.contains { veto.clauses.contains(line.words[$0].clause) }
                }
            }
            guard !kept.isEmpty else { continue }
            let (score, exactScore) = Self.score(kept)
            matches.append(IntentMatch(intent: intent, rank: intents[Int(intent)].rank, score: score,
                                       exactScore: exactScore, literalWords: 0,
                                       captures: scratch.captures[intent]?.values ?? [],
                                       captureContexts: scratch.captures[intent]?.contexts ?? [], hits: kept))
        }
        // A line read too little matches `reads:` intents with no words and no
        // score: any match with words of its rank goes before it.
        var matchedWords: [Bool] = []
        if !readingIntents.isEmpty {
            matchedWords = [Bool](repeating: false, count: line.words.count)
            for match in matches {
                for hit in match.hits {
                    if case .label = entries[Int(hit.entry)].shape { continue }
                    for word in hit.words { matchedWords[word] = true }
                }
            }
        }
        for intent in readingIntents where scratch.hitsByIntent[intent] == nil {
            guard intents[Int(intent)].reads?.holds(for: line, tokens: tokens, topicTerms: topicTerms,
                                                    matchedWords: matchedWords) == true else { continue }
            matches.append(IntentMatch(intent: intent, rank: intents[Int(intent)].rank, score: 0, exactScore: 0,
                                       literalWords: 0, captures: [], captureContexts: [], hits: []))
        }
        let order: (IntentMatch, IntentMatch) -> Bool = { a, b in
            if a.rank != b.rank { return a.rank > b.rank }
            if a.exactScore != b.exactScore { return a.exactScore > b.exactScore }
            if a.score != b.score { return a.score > b.score }
            if a.literalWords != b.literalWords { return a.literalWords > b.literalWords }
            return a.intent < b.intent
        }
        matches.sort(by: order)
        if breakTies(&matches, line) { matches.sort(by: order) }
        return matches
    }

    /// Counts `literalWords` for matches (already sorted) that tie on rank
    /// and scores; returns whether there was a tie. Ties are rare, so the
    /// entries' written forms are read only then, and a turn without one pays
    /// nothing for this rule.
    func breakTies(_ matches: inout [IntentMatch], _ line: NormalizedLine) -> Bool {
        var tied = false
        for k in matches.indices.dropFirst() where matches[k].rank == matches[k - 1].rank
            && matches[k].exactScore == matches[k - 1].exactScore && matches[k].score == matches[k - 1].score {
            tied = true
            for j in [k - 1, k] {
                var most = 0
                for hit in matches[j].hits {
                    let written = writtenWords.words(of: hit.entry, written: entries[Int(hit.entry)].source)
                    var count = 0
                    for word in hit.words where written.contains(line.words[word].text) { count += 1 }
                    most = max(most, count)
                }
                matches[j].literalWords = most
            }
        }
        return tied
    }

    /// Each word counts once, at the best weight any hit gave it; the second
    /// figure counts only the words of hits without a typo.
    static func score(_ hits: [MatchHit]) -> (total: Int, exact: Int) {
        if hits.count == 1 {
            let points = hits[0].words.count * hits[0].weight
            return (points, hits[0].typo ? 0 : points)
        }
        var best: [Int: Int] = [:]
        var bestExact: [Int: Int] = [:]
        for hit in hits {
            for word in hit.words {
                best[word] = max(best[word] ?? 0, hit.weight)
                if !hit.typo { bestExact[word] = max(bestExact[word] ?? 0, hit.weight) }
            }
        }
        return (best.values.reduce(0, +), bestExact.values.reduce(0, +))
    }

    /// What one call of `match` collects.
    struct Scratch {
        var hitsByIntent: [Int32: [MatchHit]] = [:]
        var captures: [Int32: (literals: Int, start: Int, values: [String], contexts: [String])] = [:]
        var vetoes: [(intent: Int32, clauses: Set<Int>)] = []
        /// The option labels the line's words have reached so far, and where
        /// each is in `labels`.
        var labels: [LabelProgress] = []
        var labelSlots: [Int32: Int] = [:]
        /// The line's words, for intents that match exactly.
        var words: [Word] = []
    }

    /// How far the line has gone through one option label's words.
    struct LabelProgress {
        var entry: Int32
        /// Per word of the label: found in the line.
        var found: [Bool]
        /// The line's tokens that were those words.
        var tokens: [Int] = []
    }

    /// Adds a hit unless negation rules it out; returns whether it was kept.
    @discardableResult
    private func record(_ entryIndex: Int32, _ covered: [Int], _ tokens: [Token], _ scratch: inout Scratch) -> Bool {
        let intent = entries[Int(entryIndex)].intent
        if entries[Int(entryIndex)].isVeto {
            scratch.vetoes.append((intent, Set(covered.map { tokens[$0].clause })))
            return false
        }
        let exact = intents[Int(intent)].exact
        let typo = covered.contains { tokens[$0].typo }
        if exact, typo || !ExactWords.written(entries[Int(entryIndex)].source, covered: covered, tokens, scratch.words) {
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
        var words: [Int] = []
        words.reserveCapacity(covered.count)
        for index in covered { words.append(contentsOf: tokens[index].firstWord...tokens[index].lastWord) }
        scratch.hitsByIntent[intent, default: []].append(
            MatchHit(entry: entryIndex, words: words, sentence: tokens[covered[0]].sentence, typo: typo, negated: negated,
                     weight: weight))
        return true
    }

    /// Token positions of `terms` starting at `position`, within one sentence.
    private func phrase(_ terms: [TermID], at position: Int, in tokens: [Token]) -> [Int]? {
        guard position + terms.count <= tokens.count else { return nil }
        let sentence = tokens[position].sentence
        for (k, term) in terms.enumerated() {
            let token = tokens[position + k]
            if token.term != term || token.sentence != sentence { return nil }
        }
        return Array(position..<(position + terms.count))
    }

    /// The first occurrence of a phrase in a sentence, preferring one that is not negated.
    private func findPhrase(_ terms: [TermID], sentence: Int, in tokens: [Token], avoiding: [Int]) -> [Int]? {
        var fallback: [Int]?
        for start in tokens.indices where tokens[start].sentence == sentence && tokens[start].term == terms[0] {
            guard let found = phrase(terms, at: start, in: tokens), !found.contains(where: avoiding.contains) else { continue }
            if !found.contains(where: { tokens[$0].negated }) { return found }
            if fallback == nil { fallback = found }
        }
        return fallback
    }

}

/// Where each token's sentence starts and ends, computed once per line.
struct SentenceBounds {
    var start: [Int]
    var end: [Int]

    init(_ tokens: [Token]) {
        start = Array(repeating: 0, count: tokens.count)
        end = Array(repeating: 0, count: tokens.count)
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

    mutating func run(_ elements: [PatternElement], _ tokens: [Token], _ words: [Word]) -> Bool {
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

    mutating func solve(_ e: Int, _ t: Int, _ elements: [PatternElement], _ tokens: [Token], _ words: [Word]) -> Bool {
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
            guard t <= sentenceEnd else { return false }
            // Number words are single-word tokens; a phrase synonym ends the number.
            var end = t
            var texts: [String] = []
            while end <= sentenceEnd, tokens[end].firstWord == tokens[end].lastWord, texts.count < 12 {
                texts.append(words[tokens[end].firstWord].text)
                end += 1
            }
            for reading in NumberReader.readings(texts, from: 0, limit: texts.count) {
                let span = t..<(t + reading.count)
                covered.append(contentsOf: span)
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
/// dialog pay for entries that never tie. At most one set per entry.
final class EntryWrittenWords: @unchecked Sendable, CustomReflectable {
    private let sets = Mutex<[Int32: Set<String>]>([:])

    /// The words of entry `entry`, whose text is `written`.
    func words(of entry: Int32, written: String) -> Set<String> {
        sets.withLock { sets in
            if let known = sets[entry] { return known }
            let made = Set(TextNormalizer.normalize(written).words.map(\.text))
            sets[entry] = made
            return made
        }
    }

    /// Work kept, not part of the dialog: reflected without children, so two
    /// copies of a dialog compare alike (the compiled format's round-trip
    /// tests) whatever ties each has met.
    var customMirror: Mirror { Mirror(self, children: []) }
}
