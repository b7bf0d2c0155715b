/// Answering from keyword groups, ELIZA's procedure (Weizenbaum, CACM 9(1),
/// 1966, pp. 37–41): scan the first clause that holds a keyword, stacking
/// keywords by rank and swapping words; try the top keyword's patterns in
/// order, each cycling through its replies; `pass` and `go` move on to other
/// groups; a line with no keyword may bring back a memory.
extension Run {
    /// Links and passes one line may follow before it is given up, so a
    /// cycle of `go` lines in a script cannot hang a turn.
    static let maximumKeywordSteps = 64

    /// Says the keyword groups' reply to the line; false when they have none
    /// (no keyword and no memory due, or every keyword passed), so the line
    /// goes on to the state's `on anything`.
    mutating func answerFromKeywords(_ script: KeywordScript) -> Bool {
        var words: [String] = []
        var stack: [Int32] = []
        var topRank = Int.min
        for token in KeywordMatcher.tokenize(input, clauses: script.clauses) {
            switch token {
            case .clauseEnd:
                // The first clause with a keyword is the one answered.
                if stack.isEmpty {
                    words.removeAll()
                    continue
                }
            case .word(let word):
                if let group = script.keywordGroups[script.key(word)] {
                    // A keyword that outranks every keyword before it goes first; any other goes last.
                    if script.groups[Int(group)].rank > topRank {
                        stack.insert(group, at: 0)
                        topRank = script.groups[Int(group)].rank
                    } else {
                        stack.append(group)
                    }
                }
                if let swapped = script.swaps[word] { words += swapped } else { words.append(word) }
                continue
            }
            break
        }
        let line = session.lines + 1
        if stack.isEmpty {
            guard let memory = script.memory, line % memory.recallEvery == 0, !session.memories.isEmpty else { return false }
            let recalled = session.memories.removeFirst()
            undo?.log(.memoryDroppedFirst(recalled))
            addReply(Reply(text: recalled, kind: .say))
            return true
        }
        var steps = 0
        while !stack.isEmpty, steps < Self.maximumKeywordSteps {
            steps += 1
            let id = stack.removeFirst()
            let group = script.groups[Int(id)]
            if let memory = script.memory, memory.group == id { keepMemory(memory, words: words, script: script) }
            var keys: [String] = []
            keys.reserveCapacity(words.count)
            for word in words { keys.append(script.key(word)) }
            var fitted = false
            for pattern in group.patterns {
                guard let ranges = KeywordMatcher.match(pattern, keys: keys) else { continue }
                fitted = true
                let parts = ranges.map { Array(words[$0]) }
                let pick = pickVariant(count: pattern.replies.count, mode: .ordered, site: pattern.site)
                switch pattern.replies[pick] {
                case .text(let template):
                    addReply(Reply(text: renderKeywordReply(template, parts, script: script), kind: .say))
                    return true
                case .pass:
                    break
                case .go(let next):
                    stack.insert(next, at: 0)
                case .rewrite(let template, let next):
                    words = KeywordMatcher.tokenize(renderKeywordReply(template, parts, script: script), clauses: .plain)
                        .compactMap { if case .word(let w) = $0 { w } else { nil } }
                    stack.insert(next, at: 0)
                }
                break
            }
            if !fitted {
                if let fallback = group.fallback {
                    stack.insert(fallback, at: 0)
                } else if !script.noFit.isEmpty {
                    addReply(Reply(text: render(script.noFit[(line - 1) % script.noFit.count]), kind: .say))
                    return true
                }
            }
        }
        return false
    }

    /// Keeps the clause, rewritten by one of the memory's patterns, for later.
    mutating func keepMemory(_ memory: KeywordMemory, words: [String], script: KeywordScript) {
        guard !memory.patterns.isEmpty else { return }
        let index: Int
        switch memory.choice {
        case .lastWord: index = LastWordHash.choice(lastWord: words.last ?? "", count: memory.patterns.count)
        case .inOrder: index = pickVariant(count: memory.patterns.count, mode: .ordered, site: memory.site)
        }
        let pattern = memory.patterns[index]
        guard let ranges = KeywordMatcher.match(pattern, keys: words.map(script.key)) else { return }
        let pick = pickVariant(count: pattern.replies.count, mode: .ordered, site: pattern.site)
        guard case .text(let template) = pattern.replies[pick] else { return }
        session.memories.append(renderKeywordReply(template, ranges.map { Array(words[$0]) }, script: script))
        undo?.log(.memoryAppended)
        if session.memories.count > KeywordMemory.capacity { undo?.log(.memoryDroppedFirst(session.memories.removeFirst())) }
    }

    /// A reply with the pattern's captures. The words were already swapped
    /// when the dialog has a `swap` block; otherwise they are reflected as
    /// every other capture is.
    func renderKeywordReply(_ template: CompiledTemplate, _ parts: [[String]], script: KeywordScript) -> String {
        var out = ""
        for part in template.parts {
            if case .capture(let n) = part {
                guard n >= 1, n <= parts.count else { continue }
                let text = parts[n - 1].map { $0 == "i" || $0.hasPrefix("i'") ? "I" + $0.dropFirst() : $0 }.joined(separator: " ")
                out += script.swaps.isEmpty ? dialog.reflector.reflect(text) : text
            } else {
                out += render(CompiledTemplate(parts: [part]))
            }
        }
        return out
    }
}
