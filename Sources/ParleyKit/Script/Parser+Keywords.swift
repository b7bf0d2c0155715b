/// Keyword scripts (ELIZA-class): `classes`, `swap`, `group`, `memory` and
/// `no fit` blocks, and the decomposition patterns and replies inside them.
extension ScriptParser {
    static let groupFields = ["keywords:", "rank:", "pattern:", "go"]
    static let memoryFields = ["choose:", "recall:", "pattern:"]
    static let replyForms = ["- text", "pass", "go GROUP", "go GROUP with TEXT"]

    mutating func parseWordClass(_ line: OutlineLine, into file: inout ScriptFile) {
        guard let colon = line.text.firstIndex(of: ":") else {
            error(.syntax, "expected 'class: word, word, …'", line)
            return
        }
        let nameText = line.text[..<colon].trimmingSpaces
        guard let name = name(nameText, line, what: "word class") else { return }
        var words: [String] = []
        for (piece, _) in Self.textPieces(line.text[line.text.index(after: colon)...], line) {
            for word in piece.split(separator: ",") {
                let trimmed = word.trimmingSpaces
                if !trimmed.isEmpty { words.append(trimmed.lowercased()) }
            }
        }
        if words.isEmpty {
            error(.syntax, "word class '\(name.text)' has no words after ':'", line)
            return
        }
        file.wordClasses.append(WordClassDecl(name: name, words: words))
    }

    mutating func parseSwap(_ line: OutlineLine, into file: inout ScriptFile) {
        rejectChildren(line, after: "a swap")
        guard let colon = line.text.firstIndex(of: ":") else {
            error(.syntax, "expected 'word: replacement'", line)
            return
        }
        let from = line.text[..<colon].trimmingSpaces
        let to = line.text[line.text.index(after: colon)...].trimmingSpaces
        if from.isEmpty || to.isEmpty || from.contains(" ") {
            error(.syntax, "expected 'word: replacement' (one word before the ':')", line)
            return
        }
        file.swaps.append(SwapDecl(from: from.lowercased(), to: to.lowercased().split(separator: " ").map(String.init),
                                   location: location(line)))
    }

    mutating func parseGroup(_ name: Name, _ line: OutlineLine, into file: inout ScriptFile) {
        var group = KeywordGroupDecl(name: name, keywords: [], keywordLocations: [], rank: 0, patterns: [], fallback: nil,
                                     location: location(line))
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch word {
            case "keywords:", "keyword:":
                rejectChildren(child, after: "'keywords:'")
                for piece in rest.split(separator: ",") {
                    let trimmed = piece.trimmingSpaces
                    guard !trimmed.isEmpty else { continue }
                    if trimmed.contains(" ") {
                        error(.syntax, "'\(trimmed)': a group's keywords are single words", child, at: trimmed.startIndex,
                              length: trimmed.count)
                        continue
                    }
                    group.keywords.append(trimmed.lowercased())
                    group.keywordLocations.append(location(child, trimmed.startIndex))
                }
            case "rank:":
                rejectChildren(child, after: "'rank:'")
                if let n = Int(rest) { group.rank = n } else {
                    error(.syntax, "expected a whole number after 'rank:'", child, at: rest.isEmpty ? child.text.endIndex : rest.startIndex)
                }
            case "pattern:":
                if let pattern = decomposition(rest, child) { group.patterns.append(pattern) }
            case "go":
                rejectChildren(child, after: "'go'")
                if group.fallback != nil { error(.syntax, "a group has one 'go' for when no pattern fits", child, length: 2) }
                group.fallback = self.name(rest, child, what: "group")
            default:
                unexpected(child, expected: "a group field: keywords:, rank:, pattern: or go", keywords: Self.groupFields)
            }
        }
        if group.keywords.isEmpty {
            error(.missingField, "group '\(name.text)' has no 'keywords:'; a group with none is reached only by 'go \(name.text)'",
                  line)
        }
        if group.patterns.isEmpty, group.fallback == nil {
            error(.missingField, "group '\(name.text)' has no 'pattern:' and no 'go', so it can never answer", line)
        }
        file.groups.append(group)
    }

    mutating func parseMemory(_ rest: Substring, _ line: OutlineLine, into file: inout ScriptFile) {
        guard let group = name(rest, line, what: "group whose lines the memory keeps") else { return }
        var memory = MemoryDecl(group: group, choice: .inOrder, recallEvery: 1, patterns: [], location: location(line))
        for child in line.children {
            let (word, value) = Self.split(child.text)
            switch word {
            case "choose:":
                rejectChildren(child, after: "'choose:'")
                if let choice = MemoryChoice(rawValue: String(value)) { memory.choice = choice } else {
                    error(.syntax, "expected 'in order' or 'last word' after 'choose:'", child,
                          at: value.isEmpty ? child.text.endIndex : value.startIndex)
                }
            case "recall:":
                rejectChildren(child, after: "'recall:'")
                let (every, count) = Self.split(value)
                if every == "always", count.isEmpty {
                    memory.recallEvery = 1
                } else if every == "every", let n = Int(count), n >= 1, n <= 1000 {
                    memory.recallEvery = n
                } else {
                    error(.syntax, "expected 'always' or 'every N' (a whole number from 1 to 1000) after 'recall:'", child,
                          at: value.isEmpty ? child.text.endIndex : value.startIndex)
                }
            case "pattern:":
                if let pattern = decomposition(value, child) {
                    if pattern.replies.contains(where: { if case .text = $0 { false } else { true } }) {
                        error(.syntax, "a memory's pattern keeps text: its replies are '- text' lines", child)
                    }
                    memory.patterns.append(pattern)
                }
            default:
                unexpected(child, expected: "a memory field: choose:, recall: or pattern:", keywords: Self.memoryFields)
            }
        }
        if memory.patterns.isEmpty {
            error(.missingField, "the memory has no 'pattern:', so it can keep nothing", line)
        }
        file.memories.append(memory)
    }

    mutating func parseNoFit(_ rest: Substring, _ line: OutlineLine, into file: inout ScriptFile) {
        guard rest == "fit" else {
            error(.syntax, "expected 'no fit'", line, at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            return
        }
        file.noFits.append(NoFitDecl(replies: variants(line), location: location(line)))
    }

    /// `pattern: * you are * @sad *` and the replies indented below it.
    mutating func decomposition(_ text: Substring, _ line: OutlineLine) -> DecompositionDecl? {
        let body = Self.stripQuotes(text)
        var elements: [DecompositionElement] = []
        var anchoredStart = false, anchoredEnd = false
        var index = body.startIndex
        var failed = false
        while index < body.endIndex {
            if body[index] == " " { index = body.index(after: index); continue }
            let start = index
            if body[index] == "[" {
                guard let close = body[index...].firstIndex(of: "]") else {
                    error(.badPattern, "'[' without its ']': write the alternatives as '[want need]'", line, at: start, length: 1)
                    return nil
                }
                let words = body[body.index(after: index)..<close].split(separator: " ").map { $0.lowercased() }
                if words.isEmpty {
                    error(.badPattern, "'[]' holds no words; write the alternatives as '[want need]'", line, at: start, length: 2)
                    failed = true
                }
                elements.append(.oneOf(words))
                index = body.index(after: close)
                continue
            }
            let end = body[index...].firstIndex(of: " ") ?? body.endIndex
            let token = body[start..<end]
            index = end
            if token == "^" {
                if !elements.isEmpty || anchoredStart {
                    error(.badPattern, "'^' anchors a pattern at the start of the clause, so it comes first", line, at: start, length: 1)
                    failed = true
                }
                anchoredStart = true
            } else if token == "$" {
                if body[end...].contains(where: { $0 != " " }) {
                    error(.badPattern, "'$' anchors a pattern at the end of the clause, so it comes last", line, at: start, length: 1)
                    failed = true
                }
                anchoredEnd = true
            } else if token == "*" {
                elements.append(.any)
            } else if token.first == "*" {
                guard let n = Int(token.dropFirst()), n >= 1, n <= 100 else {
                    error(.badPattern, "'\(token)': '*N' stands for exactly N words, N from 1 to 100", line, at: start,
                          length: token.count)
                    failed = true
                    continue
                }
                elements.append(.count(n))
            } else if token.first == "@" {
                let nameText = token.dropFirst()
                guard Self.isName(nameText) else {
                    error(.badPattern, "'\(token)': '@' is followed by a word class's name", line, at: start, length: token.count)
                    failed = true
                    continue
                }
                elements.append(.wordClass(Name(String(nameText), at: location(line, nameText.startIndex))))
            } else if token.contains(where: { $0 == "*" || $0 == "[" || $0 == "]" || $0 == "@" }) {
                error(.badPattern, "'\(token)': '*', '[…]' and '@class' stand alone, with spaces around them", line,
                      at: start, length: token.count)
                failed = true
            } else {
                elements.append(.word(token.lowercased()))
            }
        }
        if elements.isEmpty, !failed {
            error(.badPattern, "empty pattern: write '*' for a pattern that takes any line", line, at: line.text.endIndex, length: 1)
            return nil
        }
        let replies = reassemblies(line)
        if failed { return nil }
        return DecompositionDecl(elements: elements, anchoredStart: anchoredStart, anchoredEnd: anchoredEnd, replies: replies,
                                 text: String(body), location: location(line, body.startIndex))
    }

    /// The replies below a pattern, used in turn: `- text`, `pass`, `go GROUP`, `go GROUP with TEXT`.
    mutating func reassemblies(_ line: OutlineLine) -> [ReassemblyDecl] {
        var replies: [ReassemblyDecl] = []
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch word {
            case "-":
                replies.append(.text(template(rest, child)))
            case "pass":
                rejectChildren(child, after: "'pass'")
                if !rest.isEmpty { error(.syntax, "'pass' takes nothing after it", child, at: rest.startIndex) }
                replies.append(.pass(location(child)))
            case "go":
                rejectChildren(child, after: "'go'")
                let (target, after) = Self.split(rest)
                if after.isEmpty {
                    if let group = name(target, child, what: "group") { replies.append(.go(group)) }
                } else {
                    let (with, text) = Self.split(after)
                    guard with == "with", !text.isEmpty else {
                        error(.syntax, "expected 'go GROUP' or 'go GROUP with TEXT'", child, at: after.startIndex)
                        continue
                    }
                    if let group = name(target, child, what: "group") { replies.append(.rewrite(template(text, child), group)) }
                }
            default:
                unexpected(child, expected: "a reply: " + Self.replyForms.joined(separator: ", "), keywords: ["pass", "go"])
            }
        }
        if line.children.isEmpty, !line.truncated {
            error(.syntax, "expected replies below the pattern, one per line: - text, pass, or go GROUP", line)
        }
        if replies.count > Self.maximumVariants {
            error(.syntax, "\(replies.count) replies; a pattern can have at most \(Self.maximumVariants)", line)
        }
        return replies
    }
}

extension ScriptParser {
    /// `clauses , . but` and `matching exact`: header lines of keyword scripts.
    mutating func parseKeywordHeader(_ word: Substring, _ rest: Substring, _ line: OutlineLine, into file: inout ScriptFile) {
        rejectChildren(line, after: "'\(word)'")
        if rest.isEmpty {
            error(.syntax, "expected a value after '\(word)'", line, at: line.text.endIndex, length: 1)
            return
        }
        if word == "matching", MatchingMode(rawValue: String(rest)) == nil {
            error(.syntax, "expected 'exact', 'forgiving' or 'eliza' after 'matching'", line, at: rest.startIndex, length: rest.count)
            return
        }
        let field: HeaderField = word == "clauses" ? .clauses : .matching
        file.headers.append(HeaderDecl(field: field, value: String(rest), location: location(line),
                                       valueLocation: location(line, rest.startIndex)))
    }
}
