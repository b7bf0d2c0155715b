import ParleyKit

extension LanguageServer {
    /// `textDocument/definition`: where the name under the caret is defined
    /// (for a variable, every place that sets it; for an include, the file).
    mutating func definition(_ params: JSONValue) throws -> JSONValue {
        let at = try position(params)
        guard let occurrence = at.snapshot.index.occurrence(file: at.path, line: at.line, column: at.column) else {
            // `go next`, `-> next`: the state it resolves to from here (none in a global handler).
            guard let next = NextTarget(table: at.table, line: at.line, position: at.position, index: at.snapshot.index) else { return .null }
            let found = next.definitions(in: at.snapshot.index)
            return found.isEmpty ? .null : .array(found.map { location($0, in: at.snapshot) })
        }
        if occurrence.kind == .file {
            let start = LSPPosition(line: 0, character: 0)
            return .array([.object(["uri": .string(uri(for: occurrence.name)),
                                    "range": LSPRange(start: start, end: start).json])])
        }
        // `prefix.*` is defined by what it covers: every state, quote, FAQ and list so named.
        let definitions = occurrence.kind == .namePrefix
            ? at.snapshot.index.covered(by: occurrence.name) : at.snapshot.index.definitions(of: occurrence.key)
        return .array(definitions.map { location($0, in: at.snapshot) })
    }

    /// `textDocument/references`: every use of the name under the caret,
    /// with its definitions when `context.includeDeclaration` is true. For a
    /// `prefix.*`: every place it is written, and the definitions it covers
    /// (what it refers to) whatever `includeDeclaration` says.
    mutating func references(_ params: JSONValue) throws -> JSONValue {
        let at = try position(params)
        let index = at.snapshot.index
        guard let occurrence = index.occurrence(file: at.path, line: at.line, column: at.column) else { return .null }
        let includeDeclaration = params["context"]?["includeDeclaration"]?.bool ?? true
        var found = index.references(of: occurrence.key).filter { includeDeclaration || !$0.isDefinition }
        if occurrence.kind == .namePrefix {
            found = (found + index.covered(by: occurrence.name)).sorted { $0.location < $1.location }
        }
        return .array(found.map { location($0, in: at.snapshot) })
    }

    /// `textDocument/hover`: what the name stands for, in Markdown.
    mutating func hover(_ params: JSONValue) throws -> JSONValue {
        let at = try position(params)
        let index = at.snapshot.index
        guard let occurrence = index.occurrence(file: at.path, line: at.line, column: at.column) else {
            guard let next = NextTarget(table: at.table, line: at.line, position: at.position, index: index) else { return .null }
            return .object(["contents": .object(["kind": .string("markdown"), "value": .string(next.hover)]),
                            "range": next.range.json])
        }
        guard let text = Self.describe(occurrence, in: index) else { return .null }
        let range = at.table.range(occurrence.location, length: occurrence.length)
        return .object(["contents": .object(["kind": .string("markdown"), "value": .string(text)]), "range": range.json])
    }

    /// The Markdown shown on hover, or nil for a name that is not defined.
    static func describe(_ occurrence: Occurrence, in index: SymbolIndex) -> String? {
        let name = occurrence.name
        switch occurrence.kind {
        case .intent:
            guard let intent = index.intents[name] else { return nil }
            return intentText("intent", intent)
        case .faq:
            guard let faq = index.faqs[name] else { return nil }
            return "**faq** `\(name)`\n\n**Q:** \(faq.question)\n\n" + intentFields(faq.intent)
        case .quote:
            guard let quote = index.quotes[name] else { return nil }
            return "**quote** `\(name)`\n\n> \(quote.text.source)\n\n— \(quote.author)"
        case .list:
            guard let list = index.lists[name] else { return nil }
            var lines = ["**list** `\(name)`", ""]
            if let title = list.title { lines += [title.source, ""] }
            for (n, item) in list.items.enumerated() { lines.append("\(n + 1). \(item.source)") }
            return lines.joined(separator: "\n")
        case .state:
            guard let state = index.states[name] else { return nil }
            return stateOutline(state)
        case .variable:
            let sets = index.definitions(of: occurrence.key)
            let reads = index.references(of: occurrence.key).count - sets.count
            let places = sets.prefix(5).map { "- \(fileName($0.location.file)):\($0.location.line)" }
            return (["**variable** `\(name)`: set in \(sets.count) place\(sets.count == 1 ? "" : "s"), read in \(reads)"]
                + (places.isEmpty ? ["", "never set: it reads as empty"] : [""] + places)).joined(separator: "\n")
        case .file:
            return "**include** `\(name)`" + (index.files.contains(name) ? "" : "\n\nnot found")
        case .namePrefix:
            let covered = index.covered(by: name)
            let prefix = SymbolIndex.prefix(ofPattern: name)
            guard !covered.isEmpty else {
                return "**avoid** `\(name)`: no state, quote, FAQ or list starts with `\(prefix)`"
            }
            let shown = 40
            var lines = ["**avoid** `\(name)`: \(covered.count) name\(covered.count == 1 ? "" : "s") starting with `\(prefix)`, "
                + "not for care mode", ""]
            lines += covered.prefix(shown).map { "- \($0.kind.rawValue) `\($0.name)` (\(fileName($0.location.file)):\($0.location.line))" }
            if covered.count > shown { lines.append("- … and \(covered.count - shown) more") }
            return lines.joined(separator: "\n")
        case .answerClass:
            guard let answers = index.answerClasses[name] else { return nil }
            let users = index.references(of: occurrence.key).filter { !$0.isDefinition }.count
            var lines = ["**answers** `\(name)`: taken by \(users) state\(users == 1 ? "" : "s")", ""]
            for trigger in answers.triggers {
                let names = trigger.kinds.map(\.written)
                lines.append("- on \(names.joined(separator: ", "))\(trigger.condition == nil ? "" : " if …")\(Self.target(trigger.body))")
            }
            return lines.joined(separator: "\n")
        }
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func intentText(_ keyword: String, _ intent: IntentDecl) -> String {
        "**\(keyword)** `\(intent.name.text)`\n\n" + intentFields(intent)
    }

    static func intentFields(_ intent: IntentDecl) -> String {
        var lines: [String] = []
        if !intent.keywords.isEmpty { lines.append("- keywords: " + intent.keywords.map(\.text).joined(separator: ", ")) }
        for pattern in intent.patterns { lines.append("- pattern: `\(pattern.text)`") }
        if !intent.unless.isEmpty { lines.append("- unless: " + intent.unless.map(\.text).joined(separator: ", ")) }
        if intent.rank != 0 { lines.append("- rank: \(intent.rank)") }
        if intent.negation != .ignore { lines.append("- negated: \(intent.negation.rawValue)") }
        return lines.joined(separator: "\n")
    }

    /// A state at a glance: what it says and asks, its options and triggers and where they lead.
    static func stateOutline(_ state: StateDecl) -> String {
        var lines = ["**state** `\(state.name.text)`" + (state.ignoresGlobals ? " (ignores globals)" : ""), ""]
        func text(_ source: TextSource) -> String {
            switch source {
            case .single(let t): return t.source
            case .variants(let ts, let mode): return (ts.first?.source ?? "") + " (one of \(ts.count)\(mode == .ordered ? ", in order" : ""))"
            }
        }
        func target(_ body: [Statement]) -> String { Self.target(body) }
        func walk(_ body: [Statement], depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            for statement in body {
                switch statement {
                case .say(let t, _): lines.append("\(indent)- say: \(text(t))")
                case .ask(let t, _): lines.append("\(indent)- ask: **\(text(t))**")
                case .quote(let n): lines.append("\(indent)- quote `\(n.text)`")
                case .answer(let n, _): lines.append("\(indent)- answer" + (n.map { " `\($0.text)`" } ?? ""))
                case .list(let n): lines.append("\(indent)- list `\(n.text)`")
                case .option(let option): lines.append("\(indent)- option \"\(option.label.source)\"\(target(option.body))")
                case .branch(let branches, let otherwise, _):
                    for branch in branches {
                        lines.append("\(indent)- if …")
                        walk(branch.body, depth: depth + 1)
                    }
                    if let otherwise {
                        lines.append("\(indent)- else")
                        walk(otherwise, depth: depth + 1)
                    }
                case .go(let t, _):
                    switch t {
                    case .state(let n): lines.append("\(indent)- go `\(n.text)`")
                    case .back: lines.append("\(indent)- back")
                    case .end: lines.append("\(indent)- end")
                    case .restart: lines.append("\(indent)- restart")
                    case .stay: lines.append("\(indent)- stay")
                    case .next: lines.append("\(indent)- next")
                    }
                case .set, .add, .remember, .rememberReflected: break
                }
            }
        }
        walk(state.body, depth: 0)
        for trigger in state.triggers {
            let names = trigger.kinds.map(\.written)
            lines.append("- on \(names.joined(separator: ", "))\(trigger.condition == nil ? "" : " if …")\(target(trigger.body))")
        }
        for answers in state.answerClasses { lines.append("- use answers `\(answers.text)`") }
        if let next = state.next { lines.append("- next → `\(next.text)`") }
        if state.repair != nil { lines.append("- its own repair") }
        return lines.joined(separator: "\n")
    }

    /// Where a trigger's or option's body goes, as " → `state`", or "" if it stays.
    static func target(_ body: [Statement]) -> String {
        for statement in body.reversed() {
            if case .go(let target, _) = statement {
                switch target {
                case .state(let name): return " → `\(name.text)`"
                case .back: return " → back"
                case .end: return " → end"
                case .restart: return " → restart"
                case .stay: return " → stay"
                case .next: return " → next"
                }
            }
        }
        return ""
    }
}

extension TriggerKind {
    /// The trigger as written after `on`, for outlines and hovers.
    var written: String {
        switch self {
        case .intent(let n): n.text
        case .faq(let n): "faq " + n.text
        case .anyFAQ: "faq"
        case .anything: "anything"
        case .keywords: "keywords"
        }
    }
}
