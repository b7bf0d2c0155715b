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
    }

    /// Parentheses deeper than this are refused rather than recursed into.
    static let maximumNesting = 32

    let source: Substring
    let path: String
    let line: OutlineLine
    var tokens: [Token] = []
    var position = 0
    var diagnostics: [Diagnostic] = []
    var nesting = 0

    init(text: Substring, path: String, line: OutlineLine) {
        self.source = text
        self.path = path
        self.line = line
    }

    func location(_ index: Substring.Index) -> SourceLocation {
        SourceLocation(file: path, line: line.number,
                       column: line.column + line.text.distance(from: line.text.startIndex, to: index))
    }

    mutating func report(_ failure: Failure) {
        diagnostics.append(Diagnostic(.syntax, failure.message, at: location(failure.index)))
    }

    mutating func parseWholeCondition() -> Condition? {
        do {
            tokens = try Self.tokenize(source)
            guard !tokens.isEmpty else { throw Failure(message: "expected a condition", index: source.endIndex) }
            let condition = try parseOr()
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

    mutating func parseOr() throws -> Condition {
        var left = try parseAnd()
        while accept("or") { left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws -> Condition {
        var left = try parseNot()
        while accept("and") { left = .and(left, try parseNot()) }
        return left
    }

    mutating func parseNot() throws -> Condition {
        if accept("not") { return .not(try parseNot()) }
        if let t = peek, t.text == "(" {
            position += 1
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Self.maximumNesting else {
                throw Failure(message: "parentheses nested too deeply", index: t.text.startIndex)
            }
            let inner = try parseOr()
            guard accept(")") else { throw Failure(message: "expected ')' to close the '(' here", index: t.text.startIndex) }
            return inner
        }
        if accept("visited") {
            return .visited(try name(after: "visited", what: "state"))
        }
        if accept("heard") {
            return .heard(try name(after: "heard", what: "intent"))
        }
        let left = try parseValue()
        guard let op = try parseOperator() else { return .truthy(left) }
        return .compare(left, op, try parseValue())
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

    static let reservedWords: Set<Substring> = ["and", "or", "not", "is", "visited", "heard"]

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
