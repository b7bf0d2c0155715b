/// Top-level declarations: headers, includes and the keyword that opens each block.
extension ScriptParser {
    mutating func parseTopLevel(_ line: OutlineLine, into file: inout ScriptFile) {
        let (word, rest) = Self.split(line.text)
        switch word {
        case "clauses", "matching":
            parseKeywordHeader(word, rest, line, into: &file)
        case "classes":
            noArguments(rest, line, keyword: "classes")
            for child in line.children { parseWordClass(child, into: &file) }
        case "swap":
            noArguments(rest, line, keyword: "swap")
            for child in line.children { parseSwap(child, into: &file) }
        case "group":
            guard let n = name(rest, line, what: "group") else { return }
            parseGroup(n, line, into: &file)
        case "memory":
            parseMemory(rest, line, into: &file)
        case "no":
            parseNoFit(rest, line, into: &file)
        case "dialog", "version", "start":
            let field = HeaderField(rawValue: String(word))!
            if rest.isEmpty {
                error(.syntax, "expected a value after '\(word)'", line, at: line.text.endIndex, length: 1)
                return
            }
            rejectChildren(line, after: "'\(word)'")
            var value = String(Self.stripQuotes(rest))
            if field == .start {
                guard let n = name(rest, line, what: "start state") else { return }
                value = n.text
            }
            file.headers.append(HeaderDecl(field: field, value: value, location: location(line),
                                           valueLocation: location(line, rest.startIndex)))
        case "include":
            guard !rest.isEmpty else {
                error(.syntax, "expected a file path after 'include'", line, at: line.text.endIndex, length: 1)
                return
            }
            rejectChildren(line, after: "'include'")
            file.includes.append(IncludeDecl(path: String(Self.stripQuotes(rest)), location: location(line, rest.startIndex)))
        case "synonyms":
            noArguments(rest, line, keyword: "synonyms")
            for child in line.children { parseSynonym(child, into: &file) }
        case "reflect":
            noArguments(rest, line, keyword: "reflect")
            for child in line.children { parseReflection(child, into: &file) }
        case "intent":
            guard let n = name(rest, line, what: "intent") else { return }
            var intent = IntentDecl(name: n)
            var triedToMatch = false
            for child in line.children {
                let field = Self.fieldName(Self.split(child.text).word)
                triedToMatch = triedToMatch || field == "keywords" || field == "keyword" || field == "pattern" || field == "reads"
                if !parseIntentField(child, into: &intent) {
                    unexpected(child, expected: "an intent field: keywords:, pattern:, rank:, unless:, negated:, matching:, typos: or reads:")
                }
            }
            // An intent whose only patterns were refused already has its error.
            if intent.keywords.isEmpty, intent.patterns.isEmpty, intent.reads == nil, !triedToMatch {
                error(.missingField, "intent '\(n.text)' has no 'keywords:' or 'pattern:', so nothing can match it", line)
            }
            file.intents.append(intent)
        case "quote":
            guard let n = name(rest, line, what: "quote") else { return }
            parseQuote(n, line, into: &file)
        case "faq":
            guard let n = name(rest, line, what: "FAQ") else { return }
            parseFAQ(n, line, into: &file)
        case "list":
            guard let n = name(rest, line, what: "list") else { return }
            parseList(n, line, into: &file)
        case "state":
            guard let n = name(rest, line, what: "state") else { return }
            if Self.reservedTargets.contains(n.text) {
                error(.syntax, "'\(n.text)' cannot be a state's name: it already means something in '-> \(n.text)'",
                      line, at: rest.startIndex, length: n.text.count)
            }
            file.states.append(parseState(n, line))
        case "global":
            let priority: GlobalPriority
            switch rest {
            case "before": priority = .before
            case "after": priority = .after
            default:
                error(.syntax, "expected 'global before' or 'global after'", line, at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
                return
            }
            file.globals.append(GlobalDecl(priority: priority, triggers: parseHandlerBlock(line), location: location(line)))
        case "safety":
            noArguments(rest, line, keyword: "safety")
            file.globals.append(GlobalDecl(priority: .safety, triggers: parseHandlerBlock(line), location: location(line)))
        case "repair":
            noArguments(rest, line, keyword: "repair")
            file.repairs.append(parseRepair(line))
        case "care":
            noArguments(rest, line, keyword: "care")
            parseCare(line, into: &file)
        case "answers":
            parseAnswerClass(rest, line, into: &file)
        default:
            unexpected(line, expected: "a declaration (state, intent, quote, faq, list, synonyms, reflect, global, safety, repair, include, or a header line)",
                       keywords: Self.topLevelKeywords)
        }
    }

    mutating func noArguments(_ rest: Substring, _ line: OutlineLine, keyword: String) {
        if !rest.isEmpty {
            error(.syntax, "'\(keyword)' takes nothing on its line; its entries go on the indented lines below", line, at: rest.startIndex)
        }
    }

    mutating func unexpected(_ line: OutlineLine, expected: String, keywords: [String] = []) {
        let word = Self.split(line.text).word
        var fixIts: [Diagnostic.FixIt] = []
        var message = "expected \(expected), found '\(word.prefix(40))'"
        if let near = NearestName.suggestion(for: String(word), among: keywords) {
            message += "; did you mean '\(near)'?"
            fixIts.append(.init("replace with '\(near)'", at: location(line), length: word.count, replacement: near))
        }
        error(.syntax, message, line, length: word.count, fixIts: fixIts)
    }
}
