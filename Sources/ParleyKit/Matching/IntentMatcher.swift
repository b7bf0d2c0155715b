/// One compiled way to recognise an intent: a keyword entry, a pattern, an
/// option's label, or an `unless` veto.
public struct MatchEntry: Sendable {
    public enum Shape: Sendable {
        /// Terms that must appear together, in order.
        case phrase([TermID])
        /// Phrases that must all appear in one sentence, in any order.
        case allOf([[TermID]])
        /// Words and wildcards.
        case pattern([PatternElement])
        /// An option's label: enough of its words, anywhere.
        case label([TermID], minimum: Int)
    }

    public var intent: Int32
    public var shape: Shape
    /// Written with a negation ("not safe"), so negation is part of what it means.
    public var mentionsNegation: Bool
    public var isVeto: Bool
    /// As the writer wrote it, for explanations.
    public var source: String
    public var location: SourceLocation?

    /// The terms a line must contain for this entry to be worth checking.
    var indexTerms: [TermID] {
        switch shape {
        case .phrase(let terms): return Array(terms.prefix(1))
        case .allOf(let groups): return groups.first.map { Array($0.prefix(1)) } ?? []
        case .pattern(let elements):
            for case .word(let term) in elements { return [term] }
            return []
        case .label(let terms, _): return Array(Set(terms)).sorted()
        }
    }
}

/// One element of a pattern.
public enum PatternElement: Sendable, Equatable {
    case word(TermID)
    /// `*`: any words, none or more.
    case anyWords
    /// `#`: one number ("12", "twelve").
    case number

}

/// How one entry matched a line.
public struct MatchHit: Sendable, Hashable {
    public var entry: Int32
    /// The words of the line it covered (indices into `NormalizedLine.words`).
    public var words: [Int]
    public var sentence: Int
    public var typo: Bool
    public var negated: Bool
    /// Points given per covered word: 100, or 50 for a typo or a lowered negation.
    public var weight: Int
}

/// An intent that matched a line, with its score and the evidence.
public struct IntentMatch: Sendable {
    public var intent: Int32
    public var rank: Int
    /// How much of the line the intent explains: 100 points per word.
    public var score: Int
    /// Captures of the best pattern hit, as the user wrote them (not yet reflected).
    public var captures: [String]
    public var hits: [MatchHit]
}

/// Intents for matching: name, rank, negation mode.
public struct MatchableIntent: Sendable {
    public var name: String
    public var rank: Int
    public var negation: NegationMode
}

/// The inverted index from terms to entries. A line's cost follows its number
/// of words and the entries those words point to, not the dialog's size.
public struct IntentMatcher: Sendable {
    public private(set) var lexicon: Lexicon
    public private(set) var intents: [MatchableIntent]
    public private(set) var entries: [MatchEntry]
    /// Term -> entries to check when the term appears.
    var postings: [[Int32]]

    public init(lexicon: Lexicon, intents: [MatchableIntent], entries: [MatchEntry]) {
        self.lexicon = lexicon
        self.intents = intents
        self.entries = entries
        var postings = [[Int32]](repeating: [], count: lexicon.termNames.count)
        for (index, entry) in entries.enumerated() {
            for term in entry.indexTerms where term >= 0 && Int(term) < postings.count {
                postings[Int(term)].append(Int32(index))
            }
        }
        self.postings = postings
    }

    /// Every intent the line matches, best first: highest rank, then score,
    /// then the intent declared first.
    public func match(_ line: NormalizedLine) -> [IntentMatch] {
        let tokens = lexicon.tokens(of: line)
        var hitsByIntent: [Int32: [MatchHit]] = [:]
        var captures: [Int32: (literals: Int, start: Int, values: [String])] = [:]
        var vetoes: [(intent: Int32, clauses: Set<Int>)] = []
        var labelProgress: [Int32: (found: [Bool], tokens: [Int])] = [:]

        for (position, token) in tokens.enumerated() where token.term >= 0 {
            for entryIndex in postings[Int(token.term)] {
                let entry = entries[Int(entryIndex)]
                switch entry.shape {
                case .phrase(let terms):
                    guard let covered = phrase(terms, at: position, in: tokens) else { continue }
                    record(entryIndex, entry, covered, tokens, &hitsByIntent, &vetoes)
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
                    if complete { record(entryIndex, entry, covered.sorted(), tokens, &hitsByIntent, &vetoes) }
                case .pattern(let elements):
                    guard let (covered, values) = pattern(elements, anchoredAt: position, in: tokens, line: line) else { continue }
                    if record(entryIndex, entry, covered, tokens, &hitsByIntent, &vetoes) {
                        let literals = covered.count
                        if let best = captures[entry.intent], (best.literals, -best.start) >= (literals, -position) { continue }
                        captures[entry.intent] = (literals, position, values)
                    }
                case .label(let terms, _):
                    var progress = labelProgress[entryIndex] ?? (Array(repeating: false, count: terms.count), [])
                    for (k, term) in terms.enumerated() where term == token.term && !progress.found[k] {
                        progress.found[k] = true
                        progress.tokens.append(position)
                        break
                    }
                    labelProgress[entryIndex] = progress
                }
            }
        }
        for (entryIndex, progress) in labelProgress.sorted(by: { $0.key < $1.key }) {
            let entry = entries[Int(entryIndex)]
            guard case .label(_, let minimum) = entry.shape, progress.tokens.count >= minimum else { continue }
            record(entryIndex, entry, progress.tokens.sorted(), tokens, &hitsByIntent, &vetoes)
        }

        var matches: [IntentMatch] = []
        for (intent, hits) in hitsByIntent {
            // A veto takes back the hits in its own clause only: in "he never
            // hits me, but he pushes me" a veto of "never hit me" leaves "push me".
            let kept = hits.filter { hit in
                !vetoes.contains { veto in veto.intent == intent && hit.words.contains { veto.clauses.contains(line.words[$0].clause) } }
            }
            guard !kept.isEmpty else { continue }
            // Each word counts once, at the best weight any hit gave it.
            var best: [Int: Int] = [:]
            for hit in kept {
                for word in hit.words { best[word] = max(best[word] ?? 0, hit.weight) }
            }
            let info = intents[Int(intent)]
            matches.append(IntentMatch(intent: intent, rank: info.rank, score: best.values.reduce(0, +),
                                       captures: captures[intent]?.values ?? [], hits: kept))
        }
        matches.sort { a, b in
            if a.rank != b.rank { return a.rank > b.rank }
            if a.score != b.score { return a.score > b.score }
            return a.intent < b.intent
        }
        return matches
    }

    /// Adds a hit unless negation rules it out; returns whether it was kept.
    @discardableResult
    private func record(_ entryIndex: Int32, _ entry: MatchEntry, _ covered: [Int], _ tokens: [Token],
                        _ hitsByIntent: inout [Int32: [MatchHit]], _ vetoes: inout [(intent: Int32, clauses: Set<Int>)]) -> Bool {
        let coveredTokens = covered.map { tokens[$0] }
        if entry.isVeto {
            vetoes.append((entry.intent, Set(coveredTokens.map(\.clause))))
            return false
        }
        let negated = !entry.mentionsNegation && coveredTokens.contains { $0.negated }
        let typo = coveredTokens.contains { $0.typo }
        var weight = typo ? 50 : 100
        if negated {
            switch intents[Int(entry.intent)].negation {
            case .ignore: return false
            case .lowers: weight /= 2
            case .counts: break
            }
        }
        var words: [Int] = []
        for token in coveredTokens { words.append(contentsOf: token.firstWord...token.lastWord) }
        hitsByIntent[entry.intent, default: []].append(
            MatchHit(entry: entryIndex, words: words, sentence: coveredTokens[0].sentence, typo: typo, negated: negated,
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

    /// Matches a pattern whose first word is at `position`. A `*` takes as
    /// few words as possible, except at the ends of the pattern, where it takes
    /// the rest of the sentence; a `#` takes one number. Returns the positions
    /// of the words and numbers matched, and the captures in order.
    private func pattern(_ elements: [PatternElement], anchoredAt position: Int, in tokens: [Token],
                         line: NormalizedLine) -> ([Int], [String])? {
        guard let anchor = elements.firstIndex(where: { if case .word = $0 { true } else { false } }) else { return nil }
        let sentence = tokens[position].sentence
        var sentenceStart = position
        while sentenceStart > 0, tokens[sentenceStart - 1].sentence == sentence { sentenceStart -= 1 }
        var sentenceEnd = position
        while sentenceEnd + 1 < tokens.count, tokens[sentenceEnd + 1].sentence == sentence { sentenceEnd += 1 }

        var covered: [Int] = []
        var captured: [Range<Int>] = []
        func solve(_ e: Int, _ t: Int) -> Bool {
            if e == anchor, t != position { return false }
            if e == elements.count { return true }
            switch elements[e] {
            case .word(let term):
                guard t <= sentenceEnd, tokens[t].term == term else { return false }
                covered.append(t)
                if solve(e + 1, t + 1) { return true }
                covered.removeLast()
                return false
            case .number:
                guard t <= sentenceEnd, Self.numberValue(line.words[tokens[t].firstWord].text) != nil else { return false }
                covered.append(t)
                captured.append(t..<(t + 1))
                if solve(e + 1, t + 1) { return true }
                covered.removeLast()
                captured.removeLast()
                return false
            case .anyWords:
                if e == elements.count - 1 {
                    captured.append(t..<(sentenceEnd + 1))
                    return true
                }
                var end = t
                while end <= sentenceEnd + 1 {
                    captured.append(t..<end)
                    if solve(e + 1, end) { return true }
                    captured.removeLast()
                    end += 1
                }
                return false
            }
        }
        // A leading `*` starts at the sentence's start; otherwise the pattern
        // may start anywhere up to its first word, leftmost first.
        let starts = elements[0] == .anyWords ? [sentenceStart] : Array(sentenceStart...position)
        guard starts.contains(where: { solve(0, $0) }) else { return nil }
        let values = captured.map { range -> String in
            guard !range.isEmpty else { return "" }
            if range.count == 1, let number = Self.numberValue(line.words[tokens[range.lowerBound].firstWord].text) {
                return number
            }
            return line.text(ofWords: tokens[range.lowerBound].firstWord..<(tokens[range.upperBound - 1].lastWord + 1))
        }
        return (covered, values)
    }

    /// A number as digits: "12" stays "12", "twelve" becomes "12".
    static func numberValue(_ word: String) -> String? {
        if !word.isEmpty, word.allSatisfy({ $0.isASCII && $0.isNumber }) { return word }
        return numberWords[word].map(String.init)
    }

    static let numberWords: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "hundred": 100,
    ]
}
