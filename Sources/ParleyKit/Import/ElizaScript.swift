/// A script in Weizenbaum's ELIZA format (CACM 9(1), 1966, appendix), read
/// into its parts: the opening remark, keyword rules, the MEMORY rule and the
/// NONE rule. The format is a series of S-expressions; `;` starts a comment.
public struct ElizaScript: Sendable, Equatable {
    /// A place in the script, 1-based.
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        /// Line, from 1.
        public var line: Int
        /// Column, from 1, in characters (`Character`s) from the start of the line.
        public var column: Int
        /// "LINE:COLUMN".
        public var description: String { "\(line):\(column)" }
    }

    /// An error in the script: what and where.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, as a sentence.
        public var message: String
        /// Where in the script it was found.
        public var position: Position
        /// "LINE:COLUMN: message".
        public var description: String { "\(position): \(message)" }
    }

    /// One term of a decomposition pattern.
    enum Term: Sendable, Equatable {
        case word(String)
        /// `0`: any words; `N`: exactly N words.
        case count(Int)
        /// `(* A B)`: one of these words.
        case oneOf([String])
        /// `(/TAG …)`: a word carrying one of these DLIST tags.
        case tags([String])
    }

    enum Reassembly: Sendable, Equatable {
        /// Words, and numbers that stand for the pattern's parts.
        case text([String])
        case newkey
        /// `(=KEY)`: go to another keyword's rules.
        case link(String, Position)
        /// `(PRE (…) (=KEY))`: rewrite the text, then go to KEY's rules.
        case pre([String], String, Position)
    }

    struct Transformation: Sendable, Equatable {
        var decomposition: [Term]
        var reassemblies: [Reassembly]
        var position: Position
    }

    struct KeywordRule: Sendable, Equatable {
        var keyword: String
        var substitute: String?
        var tags: [String]
        var precedence: Int
        var transformations: [Transformation]
        /// `(=KEY)` as the rule, or after its transformations.
        var link: (String)?
        var linkPosition: Position?
        var position: Position
    }

    struct MemoryRule: Sendable, Equatable {
        var keyword: String
        /// Each: a decomposition and its one reassembly.
        var transformations: [(decomposition: [Term], reassembly: [String])]
        var position: Position

        static func == (a: MemoryRule, b: MemoryRule) -> Bool {
            a.keyword == b.keyword && a.position == b.position && a.transformations.count == b.transformations.count
                && zip(a.transformations, b.transformations).allSatisfy { $0.decomposition == $1.decomposition && $0.reassembly == $1.reassembly }
        }
    }

    /// The opening remark's words, as written (the script's first list).
    public var opening: [String]
    var rules: [KeywordRule]
    var memory: MemoryRule?
    /// The NONE rule's remarks, used in turn.
    public var none: [[String]]
}

/// The S-expression layer: atoms and lists, each with where it starts.
enum SExpression: Equatable {
    case atom(String, ElizaScript.Position)
    case list([SExpression], ElizaScript.Position)

    var position: ElizaScript.Position {
        switch self {
        case .atom(_, let p), .list(_, let p): p
        }
    }

    var atom: String? { if case .atom(let a, _) = self { a } else { nil } }
    var items: [SExpression]? { if case .list(let l, _) = self { l } else { nil } }

    /// Reads every top-level expression of `text`. Cost is linear in the text;
    /// nesting is limited so a hostile script cannot exhaust the stack.
    static func read(_ text: String) throws(ElizaScript.Problem) -> [SExpression] {
        var stack: [(items: [SExpression], position: ElizaScript.Position)] = [([], .init(line: 1, column: 1))]
        var line = 1, column = 1
        var atom = ""
        var atomStart = ElizaScript.Position(line: 1, column: 1)
        var inComment = false
        func flush() {
            if !atom.isEmpty {
                stack[stack.count - 1].items.append(.atom(atom, atomStart))
                atom = ""
            }
        }
        for character in text {
            defer {
                if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += 1 }
            }
            if inComment {
                if character == "\n" || character == "\r\n" { inComment = false }
                continue
            }
            switch character {
            case ";":
                flush()
                inComment = true
            case "(":
                flush()
                guard stack.count <= 32 else {
                    throw .init(message: "lists nested more than 32 deep", position: .init(line: line, column: column))
                }
                stack.append(([], .init(line: line, column: column)))
            case ")":
                flush()
                guard stack.count > 1 else {
                    throw .init(message: "')' without its '('", position: .init(line: line, column: column))
                }
                let done = stack.removeLast()
                stack[stack.count - 1].items.append(.list(done.items, done.position))
            default:
                if character.isWhitespace {
                    flush()
                } else {
                    if atom.isEmpty { atomStart = .init(line: line, column: column) }
                    atom.append(character)
                }
            }
        }
        flush()
        if stack.count > 1 {
            throw .init(message: "'(' is never closed", position: stack.last!.position)
        }
        return stack[0].items
    }
}

extension ElizaScript {
    /// Reads a script; the first problem found is thrown with its line and column.
    public static func parse(_ text: String) throws(Problem) -> ElizaScript {
        let expressions = try SExpression.read(text)
        var index = 0
        guard let first = expressions.first, let openingItems = first.items else {
            throw Problem(message: "a script starts with its opening remark in a list, as in (HOW DO YOU DO)",
                          position: expressions.first?.position ?? .init(line: 1, column: 1))
        }
        let opening = try words(openingItems, what: "the opening remark")
        index = 1
        if index < expressions.count, expressions[index].atom == "START" { index += 1 }
        var script = ElizaScript(opening: opening, rules: [], memory: nil, none: [])
        var seen: [String: Position] = [:]
        while index < expressions.count {
            let expression = expressions[index]
            index += 1
            guard let items = expression.items else {
                throw Problem(message: "expected a rule in parentheses, found '\(expression.atom ?? "")'", position: expression.position)
            }
            if items.isEmpty {
                // `()` ends the script.
                if index < expressions.count {
                    throw Problem(message: "text after the closing '()'", position: expressions[index].position)
                }
                break
            }
            guard let keyword = items[0].atom else {
                throw Problem(message: "a rule starts with its keyword", position: items[0].position)
            }
            switch keyword {
            case "MEMORY":
                if script.memory != nil { throw Problem(message: "a second MEMORY rule", position: expression.position) }
                script.memory = try memoryRule(items, at: expression.position)
            case "NONE":
                if !script.none.isEmpty { throw Problem(message: "a second NONE rule", position: expression.position) }
                script.none = try noneRule(items, at: expression.position)
            default:
                if let first = seen[keyword] {
                    throw Problem(message: "keyword \(keyword) has a rule already, at \(first)", position: items[0].position)
                }
                seen[keyword] = items[0].position
                script.rules.append(try keywordRule(items, at: expression.position))
            }
        }
        if script.none.isEmpty {
            throw Problem(message: "the script has no NONE rule; every script needs one, as in (NONE ((0) (PLEASE GO ON)))",
                          position: expressions.last?.position ?? .init(line: 1, column: 1))
        }
        if let memory = script.memory, !script.rules.contains(where: { $0.keyword == memory.keyword }) {
            throw Problem(message: "the MEMORY rule's keyword \(memory.keyword) has no rule of its own", position: memory.position)
        }
        return script
    }

    static func words(_ items: [SExpression], what: String) throws(Problem) -> [String] {
        var out: [String] = []
        for item in items {
            guard let atom = item.atom else { throw Problem(message: "\(what) holds only words, not lists", position: item.position) }
            out.append(atom)
        }
        return out
    }

    static func keywordRule(_ items: [SExpression], at position: Position) throws(Problem) -> KeywordRule {
        var rule = KeywordRule(keyword: items[0].atom!, substitute: nil, tags: [], precedence: 0, transformations: [],
                               link: nil, linkPosition: nil, position: position)
        var i = 1
        while i < items.count {
            let item = items[i]
            if let atom = item.atom {
                if atom == "=" {
                    guard i + 1 < items.count, let word = items[i + 1].atom else {
                        throw Problem(message: "'=' is followed by the word that replaces the keyword", position: item.position)
                    }
                    rule.substitute = word
                    i += 2
                } else if atom == "DLIST" {
                    guard i + 1 < items.count, let tags = items[i + 1].items else {
                        throw Problem(message: "DLIST is followed by its tags in a list, as in DLIST(/FAMILY)", position: item.position)
                    }
                    for tag in try words(tags, what: "a DLIST") {
                        let name = tag.hasPrefix("/") ? String(tag.dropFirst()) : tag
                        if !name.isEmpty { rule.tags.append(name) }
                    }
                    i += 2
                } else if let n = Int(atom), n >= 0 {
                    rule.precedence = n
                    i += 1
                } else {
                    throw Problem(message: "unexpected '\(atom)' in the rule for \(rule.keyword): expected '=', DLIST, a precedence or a list",
                                  position: item.position)
                }
                continue
            }
            let list = item.items!
            if let (target, at) = link(list) {
                rule.link = target
                rule.linkPosition = at
                i += 1
                continue
            }
            guard let decomposition = list.first?.items else {
                throw Problem(message: "a transformation starts with its decomposition pattern in a list, as in ((0 YOU 0) …)",
                              position: item.position)
            }
            guard rule.link == nil else {
                throw Problem(message: "a transformation after the rule's (=KEYWORD) link", position: item.position)
            }
            var transformation = Transformation(decomposition: try terms(decomposition, at: list[0].position), reassemblies: [],
                                                position: list[0].position)
            for reassembly in list.dropFirst() {
                transformation.reassemblies.append(try self.reassembly(reassembly))
            }
            if transformation.reassemblies.isEmpty {
                throw Problem(message: "a decomposition pattern without reassembly rules", position: list[0].position)
            }
            try checkIndices(transformation)
            rule.transformations.append(transformation)
            i += 1
        }
        return rule
    }

    /// `(=KEY)` or `(= KEY)`.
    static func link(_ list: [SExpression]) -> (String, Position)? {
        guard let first = list.first?.atom, first.hasPrefix("=") else { return nil }
        if first == "=", list.count == 2, let target = list[1].atom { return (target, list[1].position) }
        if first.count > 1, list.count == 1 { return (String(first.dropFirst()), list[0].position) }
        return nil
    }

    static func terms(_ items: [SExpression], at position: Position) throws(Problem) -> [Term] {
        if items.isEmpty { throw Problem(message: "an empty decomposition pattern", position: position) }
        var out: [Term] = []
        for item in items {
            if let atom = item.atom {
                if let n = Int(atom) { out.append(.count(n)) } else { out.append(.word(try patternWord(atom, at: item.position))) }
                continue
            }
            var list = try words(item.items!, what: "a (* …) or (/ …) term")
            for (word, piece) in zip(list.dropFirst(), item.items!.dropFirst()) { _ = try patternWord(word, at: piece.position) }
            guard let first = list.first else { throw Problem(message: "an empty list in a pattern", position: item.position) }
            let marker = first.first!
            guard marker == "*" || marker == "/" else {
                throw Problem(message: "a list in a pattern starts with '*' (one of these words) or '/' (tags)", position: item.position)
            }
            list[0] = String(first.dropFirst())
            list = list.filter { !$0.isEmpty }
            if list.isEmpty { throw Problem(message: "'\(marker)' names no words", position: item.position) }
            out.append(marker == "*" ? .oneOf(list) : .tags(list))
        }
        return out
    }

    /// Words in patterns are letters, digits, `'` and `-` (the format's word
    /// characters); anything else could never match a word of a line.
    static func patternWord(_ word: String, at position: Position) throws(Problem) -> String {
        let body = word.first == "*" || word.first == "/" ? word.dropFirst() : Substring(word)
        guard body.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "'" || $0 == "-" }) else {
            throw Problem(message: "'\(word)': a word in a pattern is made of letters, digits, ' and -", position: position)
        }
        return word
    }

    static func reassembly(_ item: SExpression) throws(Problem) -> Reassembly {
        guard let list = item.items else {
            throw Problem(message: "a reassembly rule is a list, as in (WHY DO YOU SAY 3)", position: item.position)
        }
        if let (target, at) = link(list) { return .link(target, at) }
        if list.count == 1, list[0].atom == "NEWKEY" { return .newkey }
        if list.first?.atom == "PRE" {
            guard list.count == 3, let text = list[1].items, let reference = list[2].items, let (target, at) = link(reference) else {
                throw Problem(message: "PRE takes a reassembly and a link, as in (PRE (I ARE 3) (=YOU))", position: item.position)
            }
            return .pre(try words(text, what: "PRE's reassembly"), target, at)
        }
        return .text(try words(list, what: "a reassembly rule"))
    }

    /// A reassembly number must name a part of the pattern.
    static func checkIndices(_ transformation: Transformation) throws(Problem) {
        let count = transformation.decomposition.count
        for reassembly in transformation.reassemblies {
            let words: [String]
            switch reassembly {
            case .text(let w), .pre(let w, _, _): words = w
            default: continue
            }
            for word in words {
                if let n = Int(word), n < 1 || n > count {
                    throw Problem(message: "reassembly part \(n), but the pattern has \(count) part\(count == 1 ? "" : "s")",
                                  position: transformation.position)
                }
            }
        }
    }

    static func memoryRule(_ items: [SExpression], at position: Position) throws(Problem) -> MemoryRule {
        guard items.count >= 3, let keyword = items[1].atom else {
            throw Problem(message: "MEMORY is followed by its keyword and its rules, as in (MEMORY MY (0 YOUR 0 = YOUR 3))",
                          position: position)
        }
        var rule = MemoryRule(keyword: keyword, transformations: [], position: position)
        for item in items.dropFirst(2) {
            guard let list = item.items else { throw Problem(message: "a memory rule is a list", position: item.position) }
            let atoms = try words(list, what: "a memory rule")
            guard let equals = atoms.firstIndex(of: "="), equals > 0, equals < atoms.count - 1 else {
                throw Problem(message: "a memory rule is a pattern, '=' and a reassembly, as in (0 YOUR 0 = YOUR 3)",
                              position: item.position)
            }
            let decomposition = try terms(Array(list[..<equals]), at: item.position)
            let reassembly = Array(atoms[(equals + 1)...])
            try checkIndices(Transformation(decomposition: decomposition, reassemblies: [.text(reassembly)], position: item.position))
            rule.transformations.append((decomposition, reassembly))
        }
        return rule
    }

    static func noneRule(_ items: [SExpression], at position: Position) throws(Problem) -> [[String]] {
        guard items.count == 2, let list = items[1].items, let pattern = list.first?.items, pattern.count == 1,
              pattern[0].atom == "0", list.count >= 2 else {
            throw Problem(message: "NONE has one pattern, (0), and its remarks, as in (NONE ((0) (PLEASE GO ON)))",
                          position: position)
        }
        var remarks: [[String]] = []
        for item in list.dropFirst() {
            guard let remark = item.items else { throw Problem(message: "a remark is a list of words", position: item.position) }
            remarks.append(try words(remark, what: "a NONE remark"))
        }
        return remarks
    }
}
