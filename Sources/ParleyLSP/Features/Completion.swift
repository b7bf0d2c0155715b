import ParleyKit

/// The words of the language, by where they may start a line, for completion
/// and highlighting. Tests check they cover every keyword the parser knows.
public enum DialogKeywords {
    public static let topLevel = ["dialog", "version", "start", "include", "synonyms", "reflect", "intent", "quote",
                                  "faq", "list", "state", "global before", "global after", "safety", "repair",
                                  "care", "answers", "clauses", "matching", "classes", "swap", "group", "memory",
                                  "no fit"]
    public static let statements = ["say", "say one of", "say in order", "ask", "ask one of", "ask in order", "quote",
                                    "answer", "list", "set", "add", "subtract", "remember", "if", "else if", "else",
                                    "go", "back", "end", "restart", "stay", "option", "on", "repair", "ignore globals",
                                    "use answers", "next", "not in care"]
    public static let intentFields = ["keywords:", "pattern:", "rank:", "unless:", "negated:", "matching:", "typos:", "reads:"]
    public static let quoteFields = ["by:", "text:"]
    public static let faqFields = ["question:", "answer:"] + intentFields
    public static let listFields = ["title:"]
    public static let targets = ScriptParser.reservedTargets.sorted()
    public static let negation = ["ignore", "lowers", "counts"]
    public static let conditionWords = ["visited", "visits", "heard", "not", "and", "or", "is", "is not", "yes", "no"]
}

extension LanguageServer {
    /// What kind of word the caret is in, read from the line up to the caret.
    enum CompletionContext: Equatable {
        case names([SymbolKind], extra: [String])
        case keywords([String])
        /// Inside `{…}` in text.
        case interpolation
        case includePath
        case none
    }

    /// `textDocument/completion`: the names that fit where the caret is,
    /// those that start with what was typed first, then near misses
    /// ("did you mean") ranked by edit distance, then the rest.
    mutating func completion(_ params: JSONValue) throws -> JSONValue {
        let at = try position(params)
        let line = at.table.line(at.line)
        let before = line.prefix(max(0, at.column - 1))
        let typed = String(before.reversed().prefix { Self.isNameCharacter($0) }.reversed())
        let start = at.table.position(line: at.line, column: at.column - typed.count)
        let replace = LSPRange(start: start, end: at.position)
        let context = Self.completionContext(before: before, table: at.table, line: at.line)
        let index = at.snapshot.index
        var items: [JSONValue] = []
        func add(_ label: String, kind: Int, detail: String?, documentation: String? = nil) {
            let (group, distance) = Self.rank(label, typed: typed)
            items.append(.object([
                "label": .string(label),
                "kind": .int(kind),
                "detail": detail.map { .string($0) },
                "documentation": documentation.map { .object(["kind": .string("markdown"), "value": .string($0)]) },
                "sortText": .string("\(group)\(distance < 10 ? "0" : "")\(distance) \(label)"),
                // A near miss must survive the client's own filtering by what was typed.
                "filterText": .string(group == 1 ? typed : label),
                "textEdit": .object(["range": replace.json, "newText": .string(label)]),
            ]))
        }
        switch context {
        case .names(let kinds, let extra):
            for kind in kinds {
                for name in index.names(of: kind) where !(kind == .variable && name == typed) {
                    if kind == .namePrefix {
                        let covered = index.covered(by: name).count
                        add(name, kind: Self.completionKind(kind), detail: "\(covered) name\(covered == 1 ? "" : "s") starting with "
                            + SymbolIndex.prefix(ofPattern: name))
                        continue
                    }
                    let definition = index.definitions(of: SymbolKey(kind: kind, name: name)).first
                    let detail = definition.map { "\(kind.rawValue) · \(Self.fileName($0.location.file)):\($0.location.line)" } ?? kind.rawValue
                    let doc = definition.flatMap { Self.describe($0, in: index) }
                    add(name, kind: Self.completionKind(kind), detail: detail, documentation: doc)
                }
            }
            for word in extra { add(word, kind: 14, detail: "keyword") }
        case .keywords(let words):
            for word in words { add(word, kind: 14, detail: "keyword") }
        case .interpolation:
            for name in index.names(of: .variable) where name != typed { add(name, kind: 6, detail: "variable") }
            for name in index.names(of: .list) {
                for n in 1...max(1, index.lists[name]?.items.count ?? 1) {
                    add("\(name).\(n)", kind: 18, detail: "item \(n) of list \(name)",
                        documentation: index.lists[name].flatMap { n <= $0.items.count ? $0.items[n - 1].source : nil })
                }
            }
            add("input", kind: 14, detail: "the user's line")
        case .includePath:
            let folder = DialogPath.directory(of: at.path)
            for file in index.files where file != at.path {
                add(Self.relativePath(file, from: folder), kind: 17, detail: "dialog file")
            }
        case .none:
            break
        }
        return .object(["isIncomplete": .bool(false), "items": .array(items)])
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." || c == "/"
    }

    /// 0: starts with what was typed; 1: a near miss (distance in the second
    /// number); 2: anything else of the right kind.
    static func rank(_ label: String, typed: String) -> (Int, Int) {
        if typed.isEmpty || label.lowercased().hasPrefix(typed.lowercased()) { return (0, 0) }
        let limit = max(1, min(3, typed.count / 3))
        let whole = NearestName.distance(typed, label, limit: limit)
        let prefix = NearestName.distance(typed, String(label.prefix(typed.count)), limit: limit)
        let distance = min(whole, prefix)
        return distance <= limit ? (1, distance) : (2, 0)
    }

    static func completionKind(_ kind: SymbolKind) -> Int {
        switch kind {
        case .state: 7  // Class
        case .intent: 23  // Event
        case .faq: 8  // Interface
        case .quote: 21  // Constant
        case .list: 13  // Enum
        case .variable: 6  // Variable
        case .file: 17  // File
        case .answerClass: 9  // Module
        case .namePrefix: 19  // Folder: it stands for a group of names
        }
    }

    static func relativePath(_ path: String, from folder: String) -> String {
        let from = folder.split(separator: "/")
        let to = path.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    /// Reads the line up to the caret as the parser would read the whole line.
    static func completionContext(before: Substring, table: LineTable, line: Int) -> CompletionContext {
        let indent = LineTable.indentation(before)
        let text = before.dropFirst(indent)
        if text.first == "#" { return .none }
        // Inside an unclosed `{` of text.
        if let open = text.lastIndex(of: "{"), !text[open...].contains("}") {
            // `{{` is a literal brace, not an interpolation.
            if open > text.startIndex, text[text.index(before: open)] == "{" { return .none }
            return .interpolation
        }
        // `avoid:` may go on over the lines below it: those take the same names.
        if indent > 0, continuesAvoid(table: table, line: line, indent: indent) { return avoidContext }
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let finished = text.last == " " || text.last == ","
        // The words before the one being typed.
        let complete = finished ? words : Array(words.dropLast())
        guard let first = complete.first else {
            return .keywords(indent == 0 ? DialogKeywords.topLevel : blockKeywords(table: table, line: line))
        }
        let stateTargets: CompletionContext = .names([.state], extra: DialogKeywords.targets)
        if complete.contains("->") { return stateTargets }
        let last = complete.last!
        let conditionContext: CompletionContext = ["visited", "visits"].contains(last)
            ? .names([.state], extra: []) : .names([.variable], extra: DialogKeywords.conditionWords)
        if indent == 0 {
            switch first {
            case "start": return complete.count == 1 ? .names([.state], extra: []) : .none
            case "include": return .includePath
            case "global": return complete.count == 1 ? .keywords(["before", "after"]) : .none
            default: return .none
            }
        }
        switch first {
        case "go": return complete.count == 1 ? stateTargets : .none
        case "on":
            if let ifIndex = complete.firstIndex(of: "if"), ifIndex > 0 { return conditionContext }
            if last == "faq" { return .names([.faq], extra: []) }
            return .names([.intent], extra: ["faq", "anything", "if", "->"])
        case "quote": return complete.count == 1 ? .names([.quote], extra: []) : .none
        case "answer": return complete.count == 1 ? .names([.faq], extra: []) : .none
        case "list": return complete.count == 1 ? .names([.list], extra: []) : .none
        case "remember": return complete.count == 1 ? .names([.variable], extra: []) : .none
        case "set":
            if complete.count == 1 { return .names([.variable], extra: []) }
            if complete.count == 2 { return .keywords(["to"]) }
            return .names([.variable], extra: ["yes", "no"])
        case "add", "subtract":
            if last == "to" || last == "from" { return .names([.variable], extra: []) }
            return complete.count == 2 ? .keywords([first == "add" ? "to" : "from"]) : .none
        case "if": return conditionContext
        case "else": return complete.count == 1 ? .keywords(["if"]) : conditionContext
        case "say", "ask": return complete.count == 1 ? .keywords(["one of", "in order"]) : .none
        case "ignore": return .keywords(["globals"])
        case "use":
            if complete.count == 1 { return .keywords(["answers"]) }
            return complete.count == 2 && complete[1] == "answers" ? .names([.answerClass], extra: []) : .none
        case "next": return complete.count == 1 ? .names([.state], extra: []) : .none
        // The fields of a `care` block (the only block with them).
        case "when:": return conditionContext
        case "instead:": return complete.count == 1 ? .names([.state], extra: []) : .none
        case "avoid:": return avoidContext
        case "negated:": return complete.count == 1 ? .keywords(DialogKeywords.negation) : .none
        default: return .none
        }
    }

    /// What `avoid:` takes: names of states, quotes, FAQs and lists, and `prefix.*`.
    static let avoidContext: CompletionContext = .names(SymbolIndex.avoidable + [.namePrefix], extra: [])

    /// Whether a line indented by `indent` is a continuation of an `avoid:`
    /// field: the nearest line above it indented less (each less than the
    /// last, as the parser nests lines) is `avoid:` before the block's head.
    static func continuesAvoid(table: LineTable, line: Int, indent: Int) -> Bool {
        var deepest = indent
        var number = line - 1
        while number >= 1 {
            let text = table.line(number)
            let depth = LineTable.indentation(text)
            let body = text.dropFirst(depth)
            if !body.isEmpty, body.first != "#", depth < deepest {
                if depth == 0 { return false }
                if body.hasPrefix("avoid:") { return true }
                deepest = depth
            }
            number -= 1
        }
        return false
    }

    /// What may start an indented line, from the block it is in.
    static func blockKeywords(table: LineTable, line: Int) -> [String] {
        // A `repair` block, top-level or in a state, holds only `level N` lines;
        // its levels hold statements. Found from the line this one is nested in.
        let depth = LineTable.indentation(table.line(line))
        var parent = line - 1
        while parent >= 1, depth > 0 {
            let text = table.line(parent)
            let indent = LineTable.indentation(text)
            let body = text.dropFirst(indent)
            if !body.isEmpty, body.first != "#", indent < depth {
                if body == "repair" { return ["level"] }
                if body.hasPrefix("level ") { return DialogKeywords.statements }
                break
            }
            parent -= 1
        }
        var number = line - 1
        while number >= 1 {
            let text = table.line(number)
            if LineTable.indentation(text) == 0, let word = text.split(separator: " ").first, word.first != "#" {
                switch word {
                case "intent": return DialogKeywords.intentFields
                case "quote": return DialogKeywords.quoteFields
                case "faq": return DialogKeywords.faqFields
                case "list": return DialogKeywords.listFields + ["-"]
                case "global", "safety", "answers": return ["on"]
                case "care": return ["when:", "instead:", "avoid:"]
                case "repair": return ["level"] + DialogKeywords.statements
                case "synonyms", "reflect": return []
                default: return DialogKeywords.statements
                }
            }
            number -= 1
        }
        return DialogKeywords.statements
    }
}
