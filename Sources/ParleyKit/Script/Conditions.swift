/// Reads conditions (`score >= 5 and not done`) and values (`3`, `"text"`,
/// `yes`, `name`, `visits state`) written after `if`, `on … if` and `set … to`.
struct ConditionParser {
    struct Token {
        enum Kind: Equatable { case word, number, text, symbol }
        var kind: Kind
        var text: Substring
    }

    struct Failure: Error {
        var message: String
        var index: Substring.Index
        var code: DiagnosticCode = .syntax
    }

    /// A condition's tree may be at most this deep. Counting every level
    /// (each 'not', '(', 'and' and 'or' adds one) bounds the recursion of this
    /// parser and of everything that walks the tree afterwards: the linker,
    /// the engine, and the tree's own destruction. No real condition comes near.
    static let maximumDepth = 64

    let source: Substring
    let path: String
    let line: OutlineLine
    var tokens: [Token] = []
    var position = 0
    var diagnostics: [Diagnostic] = []

    init(text: Substring, path: String, line: OutlineLine) {
        self.source = text
        self.path = path
        self.line = line
    }

    func location(_ index: Substring.Index) -> SourceLocation {
        ScriptParser.location(line, index, path: path)
    }

    mutating func report(_ failure: Failure) {
        diagnostics.append(Diagnostic(failure.code, failure.message, at: location(failure.index)))
    }

    mutating func parseWholeCondition() -> Condition? {
        do {
            tokens = try Self.tokenize(source)
            guard !tokens.isEmpty else { throw Failure(message: "expected a condition", index: source.endIndex) }
            let condition = try parseOr(depth: 0).condition
            if let extra = peek { throw Failure(message: "unexpected '\(extra.text.prefix(40))' in the condition", index: extra.text.startIndex) }
            return condition
        } catch let failure as Failure {
            report(failure)
        } catch {}
        return nil
    }

    mutating func parseWholeValue() -> ValueExpr? {
        do {
            tokens = try Self.tokenize(source)
            let value = try parseValue()
            if let extra = peek { throw Failure(message: "unexpected '\(extra.text.prefix(40))' after the value", index: extra.text.startIndex) }
            return value
        } catch let failure as Failure {
            report(failure)
        } catch {}
        return nil
    }

    static func tokenize(_ text: Substring) throws -> [Token] {
        var tokens: [Token] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == " " { i = text.index(after: i); continue }
            let start = i
            if c == "\"" {
                var j = text.index(after: i)
                while j < text.endIndex, text[j] != "\"" { j = text.index(after: j) }
                guard j < text.endIndex else { throw Failure(message: "text starting here has no closing '\"'", index: start) }
                tokens.append(Token(kind: .text, text: text[text.index(after: start)..<j]))
                i = text.index(after: j)
            } else if c.isNumber || (c == "-" && text.index(after: i) < text.endIndex && text[text.index(after: i)].isNumber) {
                var j = text.index(after: i)
                while j < text.endIndex, text[j].isNumber || text[j] == "." { j = text.index(after: j) }
                tokens.append(Token(kind: .number, text: text[start..<j]))
                i = j
            } else if c.isLetter {
                var j = text.index(after: i)
                while j < text.endIndex, text[j].isLetter || text[j].isNumber || "-_.".contains(text[j]) { j = text.index(after: j) }
                tokens.append(Token(kind: .word, text: text[start..<j]))
                i = j
            } else if "<>=!".contains(c) {
                var j = text.index(after: i)
                if j < text.endIndex, text[j] == "=" { j = text.index(after: j) }
                tokens.append(Token(kind: .symbol, text: text[start..<j]))
                i = j
            } else if c == "(" || c == ")" {
                tokens.append(Token(kind: .symbol, text: text[i...i]))
                i = text.index(after: i)
            } else {
                throw Failure(message: "unexpected character '\(c)' in a condition", index: i)
            }
        }
        return tokens
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }
    var end: Substring.Index { source.endIndex }

    mutating func take() -> Token? {
        defer { position += 1 }
        return peek
    }

    mutating func accept(_ word: String) -> Bool {
        if let t = peek, t.text == word { position += 1; return true }
        return false
    }

    /// A parsed condition with the depth of its tree.
    typealias Parsed = (condition: Condition, depth: Int)

    /// Refuses a tree that would be deeper than the limit. `depth` is how deep
    /// the node about to be built sits below the condition's root.
    func check(_ depth: Int, at index: Substring.Index) throws {
        guard depth <= Self.maximumDepth else {
            throw Failure(message: "this condition is nested more than \(Self.maximumDepth) levels deep "
                              + "(each 'not', '(', 'and' and 'or' is a level); split it over several 'if' lines",
                          index: index, code: .tooDeep)
        }
    }

    // Chains of 'and' and 'or' are read in a loop, but they build a tree one
    // level deeper per operator: the depth of the result is tracked and checked.
    mutating func parseOr(depth: Int) throws -> Parsed {
        var left = try parseAnd(depth: depth)
        while let token = peek, accept("or") {
            let right = try parseAnd(depth: depth)
            left = (.or(left.condition, right.condition), max(left.depth, right.depth) + 1)
            try check(depth + left.depth, at: token.text.startIndex)
        }
        return left
    }

    mutating func parseAnd(depth: Int) throws -> Parsed {
        var left = try parseNot(depth: depth)
        while let token = peek, accept("and") {
            let right = try parseNot(depth: depth)
            left = (.and(left.condition, right.condition), max(left.depth, right.depth) + 1)
            try check(depth + left.depth, at: token.text.startIndex)
        }
        return left
    }

    mutating func parseNot(depth: Int) throws -> Parsed {
        if let t = peek, t.text == "not" {
            try check(depth + 1, at: t.text.startIndex)
            position += 1
            let inner = try parseNot(depth: depth + 1)
            return (.not(inner.condition), inner.depth + 1)
        }
        if let t = peek, t.text == "(" {
            try check(depth + 1, at: t.text.startIndex)
            position += 1
            // Parentheses add no node, but they do add recursion: count them as a level.
            let inner = try parseOr(depth: depth + 1)
            guard accept(")") else { throw Failure(message: "expected ')' to close the '(' here", index: t.text.startIndex) }
            return (inner.condition, inner.depth + 1)
        }
        if accept("visited") {
            return (.visited(try name(after: "visited", what: "state")), 1)
        }
        let left = try parseValue()
        guard let op = try parseOperator() else { return (.truthy(left), 1) }
        return (.compare(left, op, try parseValue()), 1)
    }

    mutating func parseOperator() throws -> CompareOp? {
        guard let t = peek else { return nil }
        switch t.text {
        case "is":
            position += 1
            return accept("not") ? .notEqual : .equal
        case "=", "==": position += 1; return .equal
        case "!=": position += 1; return .notEqual
        case "<": position += 1; return .less
        case "<=": position += 1; return .lessOrEqual
        case ">": position += 1; return .greater
        case ">=": position += 1; return .greaterOrEqual
        default: return nil
        }
    }

    mutating func name(after keyword: String, what: String) throws -> Name {
        guard let t = take(), t.kind == .word, ScriptParser.isName(t.text) else {
            throw Failure(message: "expected a \(what) name after '\(keyword)'", index: peekIndexOrEnd(back: 1))
        }
        return Name(String(t.text), at: location(t.text.startIndex))
    }

    func peekIndexOrEnd(back: Int = 0) -> Substring.Index {
        let i = position - back
        return i >= 0 && i < tokens.count ? tokens[i].text.startIndex : source.endIndex
    }

    static let reservedWords: Set<Substring> = ["and", "or", "not", "is", "visited"]

    mutating func parseValue() throws -> ValueExpr {
        guard let t = take() else { throw Failure(message: "expected a value (a number, \"text\", yes, no or a variable)", index: end) }
        switch t.kind {
        case .number:
            guard let n = Double(t.text) else { throw Failure(message: "'\(t.text)' is not a number", index: t.text.startIndex) }
            return .number(n)
        case .text:
            var parts = ScriptParser.templateParts(t.text, diagnostics: &diagnostics) { [self] in location($0) }
            if parts.isEmpty { parts = [.literal("")] }
            return .text(Template(parts: parts, location: location(t.text.startIndex)))
        case .word:
            switch t.text {
            case "yes", "true": return .bool(true)
            case "no", "false": return .bool(false)
            case "visits": return .visits(try name(after: "visits", what: "state"))
            default:
                guard !Self.reservedWords.contains(t.text), ScriptParser.isName(t.text) else {
                    throw Failure(message: "expected a value, found '\(t.text)'", index: t.text.startIndex)
                }
                return .variable(Name(String(t.text), at: location(t.text.startIndex)))
            }
        case .symbol:
            throw Failure(message: "expected a value, found '\(t.text)'", index: t.text.startIndex)
        }
    }
}
