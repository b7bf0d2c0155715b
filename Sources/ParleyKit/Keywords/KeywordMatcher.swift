/// Reading a line the way ELIZA does: words and clause ends, and the
/// decomposition of a clause by a pattern.
enum KeywordMatcher {
    enum Token: Equatable, Sendable {
        case word(String)
        case clauseEnd
    }

    /// The line as lower-case words and clause ends. Letters, digits, `'` and
    /// `-` make words; a clause mark or clause word ends a clause; any other
    /// character separates words.
    static func tokenize(_ line: String, clauses: ClauseRule) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        func flush() {
            var w = Substring(word)
            while w.first == "'" { w = w.dropFirst() }
            while w.last == "'" { w = w.dropLast() }
            if !w.isEmpty {
                let text = String(w)
                tokens.append(clauses.words.contains(text) ? .clauseEnd : .word(text))
            }
            word = ""
        }
        for character in line.lowercased() {
            let c: Character = character == "\u{2019}" || character == "\u{2018}" ? "'" : character
            if clauses.marks.contains(c) {
                flush()
                tokens.append(.clauseEnd)
            } else if c.isLetter || c.isNumber || c == "'" || c == "-" {
                word.append(c)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// The captures of `pattern` on `words` (their keys in `keys`), or nil when
    /// it does not fit. A `*` takes as few words as it can, so the first
    /// fitting split from the left wins, as in ELIZA; each capture is a range
    /// of `words`. Failures are remembered by position, so the cost stays
    /// polynomial whatever the pattern.
    static func match(_ pattern: Decomposition, keys: [String]) -> [Range<Int>]? {
        let elements = pattern.elements
        var failed = Set<Int>()
        var captures: [Range<Int>] = []
        let width = keys.count + 1

        func fits(_ element: Decomposition.Element, _ key: String) -> Bool {
            switch element {
            case .word(let w): return w == key
            case .oneOf(let set): return set.contains(key)
            case .firstSixLetters(let words):
                let head = key.prefix(6)
                for word in words {
                    var piece = word[...]
                    while !piece.isEmpty {
                        if piece.prefix(6) == head { return true }
                        piece = piece.dropFirst(6)
                    }
                }
                return false
            case .any, .count: return false
            }
        }

        // A `*` at either end takes the rest of the clause on that side.
        let anchoredStart: Bool, anchoredEnd: Bool
        if case .any? = elements.first { anchoredStart = true } else { anchoredStart = pattern.anchoredStart }
        if case .any? = elements.last { anchoredEnd = true } else { anchoredEnd = pattern.anchoredEnd }

        func step(_ p: Int, _ w: Int) -> Bool {
            if p == elements.count { return !anchoredEnd || w == keys.count }
            let memo = p * width + w
            if failed.contains(memo) { return false }
            switch elements[p] {
            case .any:
                for end in w...keys.count {
                    captures.append(w..<end)
                    if step(p + 1, end) { return true }
                    captures.removeLast()
                }
            case .count(let n):
                if w + n <= keys.count {
                    captures.append(w..<(w + n))
                    if step(p + 1, w + n) { return true }
                    captures.removeLast()
                }
            case .word:
                if w < keys.count, fits(elements[p], keys[w]), step(p + 1, w + 1) { return true }
            case .oneOf, .firstSixLetters:
                if w < keys.count, fits(elements[p], keys[w]) {
                    captures.append(w..<(w + 1))
                    if step(p + 1, w + 1) { return true }
                    captures.removeLast()
                }
            }
            failed.insert(memo)
            return false
        }

        if anchoredStart {
            return step(0, 0) ? captures : nil
        }
        // Unanchored: the pattern may start at any word, the leftmost first.
        // A failure from a position fails from any start, so the memo is kept.
        for start in 0...keys.count {
            captures.removeAll(keepingCapacity: true)
            if step(0, start) { return captures }
        }
        return nil
    }
}
