/// Statements inside a state, handler, option or repair level, and the
/// conditions and values they use.
extension ScriptParser {
    /// Statements of a block, pairing `if` with the `else if` / `else` lines after it.
    mutating func statements(_ lines: [OutlineLine], allowOptions: Bool) -> [Statement] {
        var result: [Statement] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let (word, rest) = Self.split(line.text)
            if word == "if" {
                var branches = [Branch(condition: parseCondition(rest, line) ?? .truthy(.bool(false)),
                                       body: block(line, allowOptions: allowOptions))]
                var otherwise: [Statement]?
                while index + 1 < lines.count {
                    let next = lines[index + 1]
                    let (nextWord, nextRest) = Self.split(next.text)
                    guard nextWord == "else" else { break }
                    index += 1
                    if nextRest.hasPrefix("if ") || nextRest == "if" {
                        if otherwise != nil {
                            error(.syntax, "'else if' after 'else' can never run", next)
                        }
                        let condition = parseCondition(nextRest.dropFirst(2), next) ?? .truthy(.bool(false))
                        branches.append(Branch(condition: condition, body: block(next, allowOptions: allowOptions)))
                    } else if nextRest.isEmpty {
                        if otherwise != nil { error(.syntax, "a second 'else' for the same 'if'", next) }
                        otherwise = block(next, allowOptions: allowOptions)
                    } else {
                        error(.syntax, "expected 'else' or 'else if CONDITION'", next, at: nextRest.startIndex)
                    }
                }
                result.append(.branch(branches, otherwise: otherwise, location(line)))
            } else if word == "else" {
                error(.syntax, "'else' without an 'if' just above it", line, length: 4)
            } else if let statement = statement(line, allowOptions: allowOptions) {
                result.append(statement)
            }
            index += 1
        }
        return result
    }

    mutating func block(_ line: OutlineLine, allowOptions: Bool) -> [Statement] {
        if line.children.isEmpty, !line.truncated {
            error(.syntax, "expected statements indented below this line", line)
        }
        return statements(line.children, allowOptions: allowOptions)
    }

    mutating func variants(_ line: OutlineLine) -> [Template] {
        var items: [Template] = []
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            if word == "-" {
                items.append(template(rest, child))
            } else {
                unexpected(child, expected: "a variant ('- text')")
            }
        }
        if items.isEmpty {
            error(.syntax, "expected variants below, one per line, each starting with '- '", line)
        }
        if items.count > Self.maximumVariants {
            error(.syntax, "\(items.count) variants; a 'one of' or 'in order' can have at most \(Self.maximumVariants)", line)
        }
        return items
    }

    mutating func textSource(_ rest: Substring, _ line: OutlineLine, keyword: Substring) -> TextSource? {
        let form = rest.hasSuffix(":") ? rest.dropLast() : rest
        if form == "one of" { return .variants(variants(line), .shuffled) }
        if form == "in order" { return .variants(variants(line), .ordered) }
        if rest.isEmpty {
            error(.syntax, "expected text after '\(keyword)' (or 'one of' / 'in order' with variants below)", line,
                  at: line.text.endIndex, length: 1)
            return nil
        }
        return .single(template(rest, line))
    }

    mutating func statement(_ line: OutlineLine, allowOptions: Bool) -> Statement? {
        let (word, rest) = Self.split(line.text)
        let loc = location(line)
        switch word {
        case "say", "ask":
            guard let text = textSource(rest, line, keyword: word) else { return nil }
            return word == "say" ? .say(text, loc) : .ask(text, loc)
        case "quote":
            rejectChildren(line, after: "'quote'")
            return name(rest, line, what: "quote").map(Statement.quote)
        case "answer":
            rejectChildren(line, after: "'answer'")
            if rest.isEmpty { return .answer(nil, loc) }
            return name(rest, line, what: "FAQ").map { .answer($0, loc) }
        case "list":
            rejectChildren(line, after: "'list'")
            return name(rest, line, what: "list").map(Statement.list)
        case "remember":
            rejectChildren(line, after: "'remember'")
            return name(rest, line, what: "variable").map(Statement.remember)
        case "set":
            rejectChildren(line, after: "'set'")
            let parts = rest.splitKeepingIndices()
            guard parts.count >= 3, parts[1] == "to" else {
                // Point at where 'to' should be.
                let at = parts.count >= 2 ? parts[1].startIndex : line.text.endIndex
                error(.syntax, "expected 'set NAME to VALUE'", line, at: at, length: parts.count >= 2 ? parts[1].count : 1)
                return nil
            }
            guard let variable = name(parts[0], line, what: "variable") else { return nil }
            let valueText = rest[parts[2].startIndex...]
            guard let value = parseValueOnly(valueText, line) else { return nil }
            return .set(variable, value)
        case "add", "subtract":
            rejectChildren(line, after: "'\(word)'")
            let joiner = word == "add" ? "to" : "from"
            let parts = rest.splitKeepingIndices()
            guard parts.count == 3, parts[1] == joiner, let amount = Double(parts[0]) else {
                error(.syntax, "expected '\(word) NUMBER \(joiner) NAME'", line)
                return nil
            }
            guard let variable = name(parts[2], line, what: "variable") else { return nil }
            return .add(word == "add" ? amount : -amount, variable)
        case "go":
            rejectChildren(line, after: "'go'")
            return target(rest, line).map { .go($0, loc) }
        case "back", "end", "restart", "stay":
            rejectChildren(line, after: "'\(word)'")
            if !rest.isEmpty { error(.syntax, "'\(word)' takes nothing after it", line, at: rest.startIndex) }
            let t: Target = word == "back" ? .back : word == "end" ? .end : word == "restart" ? .restart : .stay
            return .go(t, loc)
        case "option":
            guard allowOptions else {
                error(.syntax, "options belong in a state's body, not in a handler, trigger or repair", line, length: 6)
                return nil
            }
            return parseOption(rest, line)
        case "on":
            error(.syntax, "'on' must be directly inside a state, 'global' or 'safety' block", line, length: 2)
            return nil
        case "ignore":
            error(.syntax, "'ignore globals' goes directly inside a state", line)
            return nil
        default:
            unexpected(line, expected: "a statement (say, ask, option, quote, answer, list, set, add, remember, if, go, back, end…)",
                       keywords: Self.statementKeywords)
            return nil
        }
    }

    mutating func parseOption(_ rest: Substring, _ line: OutlineLine) -> Statement? {
        if let arrow = Self.lastArrow(in: rest) {
            let label = rest[..<arrow.lowerBound].trimmingSpaces
            guard !label.isEmpty else {
                error(.syntax, "expected the option's label before '->'", line, at: rest.startIndex, length: 1)
                return nil
            }
            rejectChildren(line, after: "an option that has '-> target'")
            guard let t = target(rest[arrow.upperBound...].trimmingSpaces, line) else { return nil }
            return .option(OptionDecl(label: template(label, OutlineLine(number: line.number, column: line.column, text: line.text, columns: line.columns)),
                                      body: [.go(t, location(line, arrow.lowerBound))], location: location(line)))
        }
        guard !rest.isEmpty else {
            error(.syntax, "expected the option's label", line, at: line.text.endIndex, length: 1)
            return nil
        }
        guard !line.children.isEmpty else {
            error(.syntax, "an option needs '-> STATE' or statements indented below it", line)
            return nil
        }
        let bare = OutlineLine(number: line.number, column: line.column, text: line.text, columns: line.columns)
        return .option(OptionDecl(label: template(rest, bare), body: statements(line.children, allowOptions: false),
                                  location: location(line)))
    }

    // MARK: - Conditions and values

    mutating func parseCondition(_ text: Substring, _ line: OutlineLine) -> Condition? {
        var parser = ConditionParser(text: text, path: path, line: line)
        let result = parser.parseWholeCondition()
        diagnostics += parser.diagnostics
        return result
    }

    mutating func parseValueOnly(_ text: Substring, _ line: OutlineLine) -> ValueExpr? {
        var parser = ConditionParser(text: text, path: path, line: line)
        let result = parser.parseWholeValue()
        diagnostics += parser.diagnostics
        return result
    }
}
