/// States and the blocks that react to input: triggers, global handlers, repair.
extension ScriptParser {
    mutating func parseState(_ name: Name, _ line: OutlineLine) -> StateDecl {
        var state = StateDecl(name: name, ignoresGlobals: false, body: [], triggers: [], repair: nil)
        var bodyLines: [OutlineLine] = []
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch word {
            case "on":
                if let trigger = parseTrigger(rest, child) { state.triggers.append(trigger) }
            case "repair":
                if state.repair != nil {
                    error(.duplicate, "state '\(name.text)' has two repair blocks", child)
                }
                state.repair = parseRepair(child)
            case "ignore":
                if rest == "globals" { state.ignoresGlobals = true } else {
                    error(.syntax, "expected 'ignore globals'", child)
                }
            case "not" where Self.isNotInCare(child):
                state.notInCare = true
            case "use", "next":
                parseStateLink(word, rest, child, into: &state)
            default:
                bodyLines.append(child)
            }
        }
        state.body = statements(bodyLines, allowOptions: true)
        return state
    }

    mutating func parseHandlerBlock(_ line: OutlineLine) -> [TriggerDecl] {
        var triggers: [TriggerDecl] = []
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            if word == "on" {
                if let trigger = parseTrigger(rest, child) { triggers.append(trigger) }
            } else {
                unexpected(child, expected: "'on …' (a handler)", keywords: ["on"])
            }
        }
        return triggers
    }

    mutating func parseRepair(_ line: OutlineLine) -> RepairDecl {
        var repair = RepairDecl(levels: [], location: location(line))
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            guard word == "level", let n = Int(rest), n >= 1 else {
                unexpected(child, expected: "'level N' (N = 1, 2, 3…)", keywords: ["level"])
                continue
            }
            if n != repair.levels.count + 1 {
                error(.syntax, "expected 'level \(repair.levels.count + 1)' (levels are numbered in order from 1)", child)
            }
            if child.children.isEmpty {
                error(.syntax, "'level \(n)' needs statements indented below it", child)
            }
            repair.levels.append(.init(number: n, body: statements(child.children, allowOptions: false), location: location(child)))
        }
        if repair.levels.isEmpty {
            error(.missingField, "a repair block needs at least 'level 1' below it", line)
        }
        return repair
    }

    /// An `on` line: `text` is what follows `on`. A line with nothing below it
    /// is answered from `triggerLines` when its text was parsed before.
    mutating func parseTrigger(_ text: Substring, _ line: OutlineLine) -> TriggerDecl? {
        guard triggerLines != nil, line.children.isEmpty, !line.truncated else { return parseTriggerLine(text, line) }
        let key = String(line.text)
        if let kept = triggerLines!.kept[key] ?? triggerLines!.recorded[key] {
            triggerLines!.recorded[key] = kept
            return TriggerLinesMemo.placed(kept, at: line, path: path)
        }
        let reported = diagnostics.count
        triggerLines!.parsed += 1
        let trigger = parseTriggerLine(text, line)
        if let trigger, diagnostics.count == reported, let relative = TriggerLinesMemo.relative(trigger, to: line) {
            triggerLines!.recorded[key] = relative
        }
        return trigger
    }

    private mutating func parseTriggerLine(_ text: Substring, _ line: OutlineLine) -> TriggerDecl? {
        var rest = text
        var target: (Target, SourceLocation)?
        if let arrow = Self.lastArrow(in: rest) {
            let after = rest[arrow.upperBound...].trimmingSpaces
            guard let t = self.target(after, line) else { return nil }
            target = (t, location(line, arrow.lowerBound))
            rest = rest[..<arrow.lowerBound]
        }
        // Trigger list, then an optional `if` condition.
        var kinds: [TriggerKind] = []
        var condition: Condition?
        let words = rest.splitKeepingIndices()
        var i = 0
        var expectItem = true
        while i < words.count {
            var word = words[i]
            if word == "if" {
                let conditionText = rest[word.startIndex...].dropFirst(2)
                condition = parseCondition(conditionText, line)
                break
            }
            let trailingComma = word.hasSuffix(",")
            if trailingComma { word = word.dropLast() }
            if word.isEmpty { i += 1; expectItem = true; continue }
            guard expectItem else {
                error(.syntax, "expected ',' between triggers, or 'if' before a condition", line, at: word.startIndex, length: word.count)
                return nil
            }
            let loc = location(line, word.startIndex)
            switch word {
            case "anything":
                kinds.append(.anything(loc))
            case "keywords":
                kinds.append(.keywords(loc))
            case "faq":
                var next = i + 1 < words.count ? words[i + 1] : nil
                let nextComma = next?.hasSuffix(",") ?? false
                if nextComma { next = next!.dropLast() }
                if !trailingComma, let n = next, n != "if", Self.isName(n) {
                    kinds.append(.faq(Name(String(n), at: location(line, n.startIndex))))
                    i += 1
                    expectItem = nextComma
                    i += 1
                    continue
                }
                kinds.append(.anyFAQ(loc))
            default:
                guard Self.isName(word) else {
                    error(.syntax, "'\(word)' is not an intent name", line, at: word.startIndex, length: word.count)
                    return nil
                }
                kinds.append(.intent(Name(String(word), at: loc)))
            }
            expectItem = trailingComma
            i += 1
        }
        if kinds.isEmpty {
            error(.syntax, "expected what to react to after 'on': an intent, 'faq', 'faq NAME' or 'anything'", line,
                  at: text.startIndex, length: 1)
            return nil
        }
        var body = statements(line.children, allowOptions: false)
        if let (t, loc) = target { body.append(.go(t, loc)) }
        return TriggerDecl(kinds: kinds, condition: condition, body: body, location: location(line))
    }

    mutating func target(_ text: Substring, _ line: OutlineLine) -> Target? {
        switch text {
        case "back": return .back
        case "end": return .end
        case "restart": return .restart
        case "stay": return .stay
        case "next": return .next
        case "":
            error(.syntax, "expected a state (or back, end, restart, stay, next) after '->'", line, at: line.text.endIndex, length: 1)
            return nil
        default:
            guard let n = name(text, line, what: "target state") else { return nil }
            return .state(n)
        }
    }
}
