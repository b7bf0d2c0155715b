/// Reads one dialog file into a `ScriptFile`. It never stops at the first
/// problem: a line it cannot read is reported and skipped, so one run of
/// `parley lint` shows everything that is wrong.
public struct ScriptParser {
    public private(set) var diagnostics: [Diagnostic] = []
    let path: String

    static let topLevelKeywords = [
        "dialog", "version", "start", "include", "synonyms", "reflect", "intent", "quote", "faq", "list",
        "state", "global", "safety", "repair", "answers",
    ]
    static let statementKeywords = [
        "say", "ask", "quote", "answer", "list", "set", "add", "subtract", "remember", "if", "else", "go",
        "back", "end", "restart", "stay", "option", "on", "repair", "ignore", "use", "next",
    ]
    static let reservedTargets: Set<String> = ["back", "end", "restart", "stay", "next"]
    /// The session remembers used variants in one 64-bit word per site.
    static let maximumVariants = 64

    /// Parses `text` (already decoded) as the file at `path`.
    public static func parse(_ text: String, path: String) -> (ScriptFile, [Diagnostic]) {
        var parser = ScriptParser(path: path)
        let outline = Outline.build(text, path: path, diagnostics: &parser.diagnostics)
        var file = ScriptFile(path: path)
        for line in outline { parser.parseTopLevel(line, into: &file) }
        return (file, parser.diagnostics)
    }

    init(path: String) { self.path = path }

    // MARK: - Locations and small helpers

    func location(_ line: OutlineLine, _ index: Substring.Index? = nil) -> SourceLocation {
        let offset = index.map { line.text.distance(from: line.text.startIndex, to: $0) } ?? 0
        return SourceLocation(file: path, line: line.number, column: line.column + offset)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ line: OutlineLine, at index: Substring.Index? = nil,
                        length: Int? = nil, notes: [Diagnostic.Note] = [], fixIts: [Diagnostic.FixIt] = []) {
        let start = index ?? line.text.startIndex
        let span = length ?? max(1, line.text.distance(from: start, to: line.text.endIndex))
        diagnostics.append(Diagnostic(code, message, at: location(line, start), length: span, notes: notes, fixIts: fixIts))
    }

    /// Splits a line into its first word and the rest (leading spaces skipped).
    static func split(_ text: Substring) -> (word: Substring, rest: Substring) {
        // Spaces are ASCII, so byte positions are character boundaries.
        let bytes = text.utf8
        let end = bytes.firstIndex(of: 0x20) ?? bytes.endIndex
        var start = end
        while start < bytes.endIndex, bytes[start] == 0x20 { start = bytes.index(after: start) }
        return (text[..<end], text[start...])
    }

    /// A field line such as `keywords: a, b`: the field name without its colon.
    static func fieldName(_ word: Substring) -> Substring? {
        word.hasSuffix(":") ? word.dropLast() : nil
    }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter else { return false }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
        }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            && text.last != "."
    }

    mutating func name(_ text: Substring, _ line: OutlineLine, what: String) -> Name? {
        let trimmed = text.prefix { $0 != " " }
        guard !trimmed.isEmpty else {
            error(.syntax, "expected the \(what)'s name", line, at: text.startIndex)
            return nil
        }
        guard Self.isName(trimmed) else {
            error(.syntax, "'\(trimmed)' is not a valid name: use letters, digits, '-', '_' and '.', starting with a letter",
                  line, at: trimmed.startIndex, length: trimmed.count)
            return nil
        }
        let after = text[trimmed.endIndex...].drop { $0 == " " }
        if !after.isEmpty {
            error(.syntax, "unexpected text after the \(what)'s name", line, at: after.startIndex)
        }
        return Name(String(trimmed), at: location(line, trimmed.startIndex))
    }

    /// Continuation: the children of a line that cannot have a block are more
    /// of its text. Returns the pieces (each with its line) to be joined.
    static func textPieces(_ first: Substring, _ line: OutlineLine) -> [(Substring, OutlineLine)] {
        var pieces = [(first, line)]
        for child in line.children { pieces += child.flattened.map { ($0.text, $0) } }
        return pieces
    }

    /// The last "->" in a line (a target follows it), found without Foundation.
    static func lastArrow(in text: Substring) -> Range<Substring.Index>? {
        var index = text.endIndex
        while index > text.startIndex {
            let previous = text.index(before: index)
            if text[previous] == ">", previous > text.startIndex, text[text.index(before: previous)] == "-" {
                return text.index(before: previous)..<index
            }
            index = previous
        }
        return nil
    }

    static func stripQuotes(_ text: Substring) -> Substring {
        if text.count >= 2, text.first == "\"", text.last == "\"" { return text.dropFirst().dropLast() }
        return text
    }

    mutating func plainText(_ first: Substring, _ line: OutlineLine) -> String {
        let joined = Self.textPieces(first, line).map { String($0.0) }.joined(separator: " ")
        return String(Self.stripQuotes(Substring(joined)))
    }

    mutating func rejectChildren(_ line: OutlineLine, after what: String) {
        if let child = line.children.first {
            error(.indentation, "nothing can be indented under \(what)", child,
                  fixIts: [])
        }
    }

    // MARK: - Templates

    mutating func template(_ first: Substring, _ line: OutlineLine) -> Template {
        let pieces = Self.textPieces(first, line)
        var parts: [Template.Part] = []
        for (index, (piece, pieceLine)) in pieces.enumerated() {
            var text = piece
            if pieces.count == 1 || index == 0, text.first == "\"" {
                if pieces.count == 1, text.count >= 2, text.last == "\"" { text = text.dropFirst().dropLast() }
            }
            if index > 0 { parts.append(.literal(" ")) }
            parts += templateParts(text, pieceLine)
        }
        if pieces.count > 1, case .literal(let s)? = parts.first, s.hasPrefix("\""),
           case .literal(let e)? = parts.last, e.hasSuffix("\"") {
            parts[0] = .literal(String(s.dropFirst()))
            parts[parts.count - 1] = .literal(String(e.dropLast()))
        }
        return Template(parts: Self.merged(parts), location: location(line, first.startIndex))
    }

    static func merged(_ parts: [Template.Part]) -> [Template.Part] {
        var out: [Template.Part] = []
        for part in parts {
            if case .literal(let s) = part, case .literal(let previous)? = out.last {
                out[out.count - 1] = .literal(previous + s)
            } else if case .literal(let s) = part, s.isEmpty {
                continue
            } else {
                out.append(part)
            }
        }
        return out
    }

    mutating func templateParts(_ text: Substring, _ line: OutlineLine) -> [Template.Part] {
        let path = self.path
        return Self.templateParts(text, diagnostics: &diagnostics) { index in
            SourceLocation(file: path, line: line.number, column: line.column + line.text.distance(from: line.text.startIndex, to: index))
        }
    }

    /// Splits text into literals and `{…}` interpolations. `locate` maps a
    /// position in `text` to a location in the file.
    static func templateParts(_ text: Substring, diagnostics: inout [Diagnostic],
                              locate: (Substring.Index) -> SourceLocation) -> [Template.Part] {
        // Most text has no braces: one literal, without walking its characters.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) {
            return text.isEmpty ? [] : [.literal(String(text))]
        }
        var parts: [Template.Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            if c == "{" {
                if next < text.endIndex, text[next] == "{" {
                    literal.append("{")
                    index = text.index(after: next)
                    continue
                }
                guard let close = text[next...].firstIndex(of: "}") else {
                    diagnostics.append(Diagnostic(.syntax, "missing '}' to close this '{' (write '{{' for a literal brace)",
                                                  at: locate(index)))
                    literal += text[index...]
                    break
                }
                let inner = text[next..<close].trimmingSpaces
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                if let n = Int(inner), n >= 1 {
                    parts.append(.capture(n, locate(index)))
                } else if inner == "input" {
                    parts.append(.input)
                } else if isName(inner) {
                    parts.append(.reference(Name(String(inner), at: locate(next))))
                } else {
                    diagnostics.append(Diagnostic(
                        .syntax, "'{\(inner.prefix(40))}' is not something text can show: use {variable}, {1} for a capture, {input}, or {list.N}",
                        at: locate(index), length: text.distance(from: index, to: close) + 1))
                }
                index = text.index(after: close)
            } else if c == "}" {
                if next < text.endIndex, text[next] == "}" {
                    literal.append("}")
                    index = text.index(after: next)
                } else {
                    diagnostics.append(Diagnostic(.syntax, "a lone '}' (write '}}' for a literal brace)", at: locate(index)))
                    literal.append("}")
                    index = next
                }
            } else {
                literal.append(c)
                index = next
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    // MARK: - Top level

    mutating func parseTopLevel(_ line: OutlineLine, into file: inout ScriptFile) {
        let (word, rest) = Self.split(line.text)
        switch word {
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
                triedToMatch = triedToMatch || field == "keywords" || field == "keyword" || field == "pattern"
                if !parseIntentField(child, into: &intent) {
                    unexpected(child, expected: "an intent field: keywords:, pattern:, rank:, unless: or negated:")
                }
            }
            // An intent whose only patterns were refused already has its error.
            if intent.keywords.isEmpty, intent.patterns.isEmpty, !triedToMatch {
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

    // MARK: - Synonyms, reflections, intents

    mutating func parseSynonym(_ line: OutlineLine, into file: inout ScriptFile) {
        guard let colon = line.text.firstIndex(of: ":") else {
            error(.syntax, "expected 'word: other word, another word'", line)
            return
        }
        let canonical = line.text[..<colon].trimmingSpaces
        var alternatives: [(text: String, location: SourceLocation)] = []
        for (piece, pieceLine) in Self.textPieces(line.text[line.text.index(after: colon)...], line) {
            for alternative in piece.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = alternative.trimmingSpaces
                if trimmed.isEmpty { continue }
                alternatives.append((String(trimmed), location(pieceLine, trimmed.startIndex)))
            }
        }
        if canonical.isEmpty || alternatives.isEmpty {
            error(.syntax, "expected 'word: other word, another word'", line)
            return
        }
        file.synonyms.append(SynonymDecl(canonical: String(canonical), alternatives: alternatives.map(\.text),
                                         alternativeLocations: alternatives.map(\.location), location: location(line)))
    }

    mutating func parseReflection(_ line: OutlineLine, into file: inout ScriptFile) {
        rejectChildren(line, after: "a reflection")
        guard let colon = line.text.firstIndex(of: ":") else {
            error(.syntax, "expected 'word: replacement'", line)
            return
        }
        let from = line.text[..<colon].trimmingSpaces
        let to = line.text[line.text.index(after: colon)...].trimmingSpaces
        if from.isEmpty || to.isEmpty {
            error(.syntax, "expected 'word: replacement'", line)
            return
        }
        file.reflections.append(ReflectionDecl(from: String(from), to: String(to), location: location(line)))
    }

    /// Parses one field of an intent (or of a FAQ's matching part); false if the line is not one.
    mutating func parseIntentField(_ line: OutlineLine, into intent: inout IntentDecl) -> Bool {
        let (word, rest) = Self.split(line.text)
        guard let field = Self.fieldName(word) else { return false }
        switch field {
        case "keywords", "keyword":
            intent.keywords += entries(rest, line)
        case "unless":
            intent.unless += entries(rest, line)
        case "pattern":
            rejectChildren(line, after: "a pattern")
            if let pattern = pattern(rest, line) { intent.patterns.append(pattern) }
        case "rank":
            rejectChildren(line, after: "'rank:'")
            if let n = Int(rest) { intent.rank = n } else {
                error(.syntax, "expected a whole number after 'rank:'", line, at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            }
        case "negated":
            rejectChildren(line, after: "'negated:'")
            if let mode = NegationMode(rawValue: String(rest)) { intent.negation = mode } else {
                error(.syntax, "expected 'ignore', 'lowers' or 'counts' after 'negated:'", line,
                      at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            }
        default:
            return false
        }
        return true
    }

    mutating func entries(_ first: Substring, _ line: OutlineLine) -> [EntryDecl] {
        var result: [EntryDecl] = []
        for (text, pieceLine) in Self.textPieces(first, line) {
            let pieces = text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }
            for (i, piece) in pieces.enumerated() {
                let trimmed = piece.trimmingSpaces
                if trimmed.isEmpty {
                    // A trailing comma before a continuation line is fine.
                    if i == pieces.count - 1, pieces.count > 1 { continue }
                    error(.syntax, "empty keyword entry", pieceLine, at: piece.startIndex, length: 1)
                    continue
                }
                let groups = trimmed.utf8.split(separator: UInt8(ascii: "+"), omittingEmptySubsequences: false).map {
                    $0.split(separator: 0x20).map { String(Substring($0)) }
                }
                if groups.contains(where: \.isEmpty) {
                    error(.syntax, "'+' needs words on both sides", pieceLine, at: trimmed.startIndex, length: trimmed.count)
                    continue
                }
                if trimmed.utf8.contains(UInt8(ascii: "*")) {
                    error(.badPattern, "'*' only works in 'pattern:' lines", pieceLine, at: trimmed.startIndex, length: trimmed.count)
                    continue
                }
                result.append(EntryDecl(groups: groups, text: String(trimmed), location: location(pieceLine, trimmed.startIndex)))
            }
        }
        return result
    }

    mutating func pattern(_ text: Substring, _ line: OutlineLine) -> PatternDecl? {
        let body = Self.stripQuotes(text)
        let elements = body.split(separator: " ").map(String.init)
        if elements.isEmpty {
            error(.badPattern, "empty pattern", line, at: line.text.endIndex, length: 1)
            return nil
        }
        if elements.allSatisfy({ $0 == "*" || $0 == "#" }) {
            error(.badPattern, "a pattern of only '*' matches everything; use 'on anything' instead", line, at: body.startIndex, length: body.count)
            return nil
        }
        if let bad = elements.first(where: { $0 != "*" && $0 != "#" && $0.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "#") }) }) {
            error(.badPattern, "'\(bad)': a '*' or '#' must stand alone, with spaces around it", line, at: body.startIndex, length: body.count)
            return nil
        }
        return PatternDecl(elements: elements, text: String(body), location: location(line, body.startIndex))
    }

    // MARK: - Content

    mutating func parseQuote(_ name: Name, _ line: OutlineLine, into file: inout ScriptFile) {
        var author: String?
        var text: Template?
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch Self.fieldName(word) {
            case "by"?: author = plainText(rest, child)
            case "text"?: text = template(rest, child)
            default: unexpected(child, expected: "'by:' or 'text:'")
            }
        }
        guard let author, !author.isEmpty else {
            error(.missingField, "quote '\(name.text)' needs 'by:' (who said it)", line)
            return
        }
        guard let text else {
            error(.missingField, "quote '\(name.text)' needs 'text:'", line)
            return
        }
        file.quotes.append(QuoteDecl(name: name, author: author, text: text))
    }

    mutating func parseFAQ(_ name: Name, _ line: OutlineLine, into file: inout ScriptFile) {
        var question: String?
        var answer: Template?
        var intent = IntentDecl(name: name)
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch Self.fieldName(word) {
            case "question"?: question = plainText(rest, child)
            case "answer"?: answer = template(rest, child)
            default:
                if !parseIntentField(child, into: &intent) {
                    unexpected(child, expected: "a FAQ field: question:, answer:, keywords:, pattern:, rank:, unless: or negated:")
                }
            }
        }
        guard let question, !question.isEmpty else {
            error(.missingField, "FAQ '\(name.text)' needs 'question:'", line)
            return
        }
        guard let answer else {
            error(.missingField, "FAQ '\(name.text)' needs 'answer:'", line)
            return
        }
        if intent.keywords.isEmpty, intent.patterns.isEmpty {
            error(.missingField, "FAQ '\(name.text)' has no 'keywords:' or 'pattern:', so no question can reach it", line)
        }
        file.faqs.append(FAQDecl(name: name, question: question, answer: answer, intent: intent))
    }

    mutating func parseList(_ name: Name, _ line: OutlineLine, into file: inout ScriptFile) {
        var list = ListDecl(name: name, title: nil, items: [])
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            if word == "-" {
                list.items.append(template(rest, child))
            } else if word.hasPrefix("-"), word.count > 1 {
                list.items.append(template(child.text.dropFirst(), child))
            } else if Self.fieldName(word) == "title" {
                list.title = template(rest, child)
            } else {
                unexpected(child, expected: "'- item' or 'title:'")
            }
        }
        if list.items.isEmpty {
            error(.missingField, "list '\(name.text)' has no items ('- item' lines below it)", line)
        }
        file.lists.append(list)
    }

    // MARK: - States and statements

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

    mutating func parseTrigger(_ text: Substring, _ line: OutlineLine) -> TriggerDecl? {
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
            return rememberStatement(rest, line)
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
            return .option(OptionDecl(label: template(label, OutlineLine(number: line.number, column: line.column, text: line.text)),
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
        let bare = OutlineLine(number: line.number, column: line.column, text: line.text)
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

extension Substring {
    var trimmingSpaces: Substring {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == 0x20 { end = bytes.index(before: end) }
        return self[start..<end]
    }

    /// Space-separated words as slices of self, so their positions are known.
    func splitKeepingIndices() -> [Substring] {
        utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { Substring($0) }
    }
}
