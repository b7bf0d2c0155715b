/// With a `clauses` line, a pattern is bounded by the clause, not the
/// sentence: in "I need some help, that much seems certain" with
/// `clauses , . but`, `i need *` captures "some help".
extension SentenceBounds {
    mutating func split(at rule: ClauseRule, _ tokens: [Token], _ line: NormalizedLine) {
        guard tokens.count > 1 else { return }
        // A clause word ("but") is a boundary on both of its sides.
        func isClauseWord(_ k: Int) -> Bool {
            tokens[k].firstWord == tokens[k].lastWord && rule.words.contains(line.words[tokens[k].firstWord].text)
        }
        var breakBefore = [Bool](repeating: false, count: tokens.count)
        for k in 1..<tokens.count {
            // Words of one expansion ("idk" read as "i do not know") share the
            // typed word's range, so the next token may start before this one
            // ends: no text lies between them then.
            let from = line.words[tokens[k - 1].lastWord].range.upperBound
            let to = line.words[tokens[k].firstWord].range.lowerBound
            let markBetween = from < to && line.display[from..<to].contains { rule.marks.contains($0) }
            breakBefore[k] = markBetween || isClauseWord(k) || isClauseWord(k - 1)
        }
        var first = 0
        for k in tokens.indices {
            if k > 0, breakBefore[k] { first = k }
            start[k] = max(start[k], first)
        }
        var last = tokens.count - 1
        for k in tokens.indices.reversed() {
            if k < tokens.count - 1, breakBefore[k + 1] { last = k }
            end[k] = min(end[k], last)
        }
    }
}
