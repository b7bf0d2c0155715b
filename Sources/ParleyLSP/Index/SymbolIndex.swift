import ParleyKit

/// What a name in a dialog names.
public enum SymbolKind: String, Sendable, CaseIterable {
    case state, intent, faq, quote, list, variable
    /// `answers NAME`, taken by states with `use answers NAME`.
    case answerClass = "answer class"
    /// An included file; its name is the file's resolved path.
    case file
    /// `prefix.*` in a care block's `avoid:`: every state, quote, FAQ and list
    /// whose name starts with `prefix.` (see `SymbolIndex.covered(by:)`).
    case namePrefix = "name prefix"
}

/// One place a name is written: where it is defined or used.
public struct Occurrence: Hashable, Sendable {
    public var kind: SymbolKind
    public var name: String
    public var location: SourceLocation
    /// In characters, like Parley's columns.
    public var length: Int
    /// A declaration (`state x`, `intent x`…), or for a variable a place that sets it.
    public var isDefinition: Bool

    public var key: SymbolKey { SymbolKey(kind: kind, name: name) }
}

extension SymbolKind {
    /// The kind with its article, for messages: "a state", "an answer class".
    var withArticle: String { (rawValue.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + rawValue }
}

public struct SymbolKey: Hashable, Sendable {
    public var kind: SymbolKind
    public var name: String
}

/// Every name defined or used in a dialog's parsed files, built from the
/// syntax trees alone, so navigation works while the dialog has errors.
public struct SymbolIndex: Sendable {
    /// Every occurrence: the files' in file order, each file's in the order collected.
    public var occurrences: [Occurrence] { files.flatMap { perFile[$0]?.collected ?? [] } }
    /// Occurrences per file, sorted by place.
    public private(set) var byFile: [String: [Occurrence]] = [:]
    /// Occurrences per symbol, definitions and uses, in file order; built
    /// when asked from the files' own maps (`references(of:)` reads those).
    public var bySymbol: [SymbolKey: [Occurrence]] {
        var merged: [SymbolKey: [Occurrence]] = [:]
        for file in files { for (key, list) in perFile[file]?.bySymbol ?? [:] { merged[key, default: []] += list } }
        return merged
    }

    public private(set) var states: [String: StateDecl] = [:]
    public private(set) var intents: [String: IntentDecl] = [:]
    public private(set) var faqs: [String: FAQDecl] = [:]
    public private(set) var quotes: [String: QuoteDecl] = [:]
    public private(set) var lists: [String: ListDecl] = [:]
    public private(set) var answerClasses: [String: AnswerClassDecl] = [:]
    public private(set) var files: [String] = []
    /// One file's occurrences, kept whole from one index to the next while the
    /// file's syntax tree is the same: rebuilding the map per symbol for all
    /// files cost about 45M instructions a re-check of a 51-file folder of
    /// 5,000 intents (callgrind, 2026-11-30), most of the index's cost.
    struct FileOccurrences: Sendable {
        /// In the order collected.
        var collected: [Occurrence]
        /// Per symbol, in the order collected.
        var bySymbol: [SymbolKey: [Occurrence]]
    }

    private var perFile: [String: FileOccurrences] = [:]
    /// The file being walked by `collect`.
    private var collecting: [Occurrence] = []

    public init(scripts: [ScriptFile]) { self.init(scripts: scripts, reusing: nil, parsedAgain: []) }

    /// The index of `scripts`, walking again only the files that changed since
    /// `previous` (the index of the same dialog's last compile): a file not in
    /// `parsedAgain` has the very syntax tree `previous` walked (`ParsedFiles`
    /// keeps it), so its occurrences are the same; a file with care blocks is
    /// walked anyway, as `avoid:` reads the names other files define. An edit
    /// to one file of a 51-file folder then walks that file, not 5,000 intents.
    init(scripts: [ScriptFile], reusing previous: SymbolIndex?, parsedAgain: Set<String>) {
        for script in scripts {
            files.append(script.path)
            for state in script.states where states[state.name.text] == nil { states[state.name.text] = state }
            for intent in script.intents where intents[intent.name.text] == nil { intents[intent.name.text] = intent }
            for faq in script.faqs where faqs[faq.name.text] == nil { faqs[faq.name.text] = faq }
            for quote in script.quotes where quotes[quote.name.text] == nil { quotes[quote.name.text] = quote }
            for list in script.lists where lists[list.name.text] == nil { lists[list.name.text] = list }
            for answers in script.answerClasses where answerClasses[answers.name.text] == nil {
                answerClasses[answers.name.text] = answers
            }
        }
        for script in scripts {
            if let previous, !parsedAgain.contains(script.path), script.cares.isEmpty,
               let kept = previous.perFile[script.path] {
                perFile[script.path] = kept
                if let sorted = previous.byFile[script.path] { byFile[script.path] = sorted }
                continue
            }
            collecting = []
            collect(script)
            var bySymbol: [SymbolKey: [Occurrence]] = [:]
            for occurrence in collecting { bySymbol[occurrence.key, default: []].append(occurrence) }
            perFile[script.path] = FileOccurrences(collected: collecting, bySymbol: bySymbol)
            // Occurrences are located in the file they were collected from, so a file's list is its part, sorted.
            if !collecting.isEmpty { byFile[script.path] = collecting.sorted { $0.location < $1.location } }
            collecting = []
        }
    }

    /// The occurrence under a place (the caret may also sit just after a name).
    public func occurrence(file: String, line: Int, column: Int) -> Occurrence? {
        guard let list = byFile[file] else { return nil }
        var best: Occurrence?
        for occurrence in list where occurrence.location.line == line {
            let start = occurrence.location.column
            if column >= start && column <= start + occurrence.length {
                // Inside beats "just after": `a.b` then `c` touching is not possible, but be exact anyway.
                if best == nil || column < start + occurrence.length { best = occurrence }
            }
        }
        return best
    }

    public func definitions(of key: SymbolKey) -> [Occurrence] {
        references(of: key).filter(\.isDefinition)
    }

    public func references(of key: SymbolKey) -> [Occurrence] { files.flatMap { perFile[$0]?.bySymbol[key] ?? [] } }

    /// Every defined name of a kind, sorted.
    public func names(of kind: SymbolKind) -> [String] {
        switch kind {
        case .state: states.keys.sorted()
        case .intent: intents.keys.sorted()
        case .faq: faqs.keys.sorted()
        case .quote: quotes.keys.sorted()
        case .list: lists.keys.sorted()
        case .answerClass: answerClasses.keys.sorted()
        case .file: files.sorted()
        case .variable: Set(perFile.values.flatMap { $0.bySymbol.keys.filter { $0.kind == .variable }.map(\.name) }).sorted()
        case .namePrefix: Self.prefixPatterns(of: Self.avoidable.flatMap(definedNames(of:)))
        }
    }

    /// The kinds of name `avoid:` takes, so the kinds a `prefix.*` covers.
    public static let avoidable: [SymbolKind] = [.state, .quote, .faq, .list]

    /// The part of `prefix.*` a name must start with (`prefix.`), as the
    /// linker matches it (Compiler/CareLinking.swift).
    public static func prefix(ofPattern pattern: String) -> Substring { pattern.dropLast() }

    /// The definition of every state, quote, FAQ and list a `prefix.*` pattern
    /// covers, in file order: what `avoid: prefix.*` marks "not in care".
    public func covered(by pattern: String) -> [Occurrence] {
        let prefix = Self.prefix(ofPattern: pattern)
        var found: [Occurrence] = []
        for kind in Self.avoidable {
            for name in definedNames(of: kind) where name.hasPrefix(prefix) {
                found += definitions(of: SymbolKey(kind: kind, name: name))
            }
        }
        return found.sorted { $0.location < $1.location }
    }

    private func definedNames(of kind: SymbolKind) -> [String] {
        switch kind {
        case .state: Array(states.keys)
        case .quote: Array(quotes.keys)
        case .faq: Array(faqs.keys)
        case .list: Array(lists.keys)
        default: []
        }
    }

    /// Every `prefix.*` that covers at least one of `names`: each part of a
    /// dotted name up to a dot (`a.b.c` gives `a.*` and `a.b.*`), sorted.
    static func prefixPatterns(of names: some Sequence<String>) -> [String] {
        var patterns = Set<String>()
        for name in names {
            var index = name.startIndex
            while let dot = name[index...].firstIndex(of: ".") {
                let next = name.index(after: dot)
                guard next < name.endIndex else { break }
                patterns.insert(String(name[..<next]) + "*")
                index = next
            }
        }
        return patterns.sorted()
    }

    // MARK: - Walking the syntax trees

    private mutating func add(_ kind: SymbolKind, _ name: Name, definition: Bool = false) {
        collecting.append(Occurrence(kind: kind, name: name.text, location: name.location,
                                      length: name.text.count, isDefinition: definition))
    }

    private mutating func collect(_ script: ScriptFile) {
        for header in script.headers where header.field == .start {
            add(.state, Name(header.value, at: header.valueLocation))
        }
        for include in script.includes {
            let target = DialogPath.join(DialogPath.directory(of: script.path), include.path)
            collecting.append(Occurrence(kind: .file, name: target, location: include.location,
                                          length: include.path.count, isDefinition: false))
        }
        for intent in script.intents { add(.intent, intent.name, definition: true) }
        for quote in script.quotes {
            add(.quote, quote.name, definition: true)
            template(quote.text)
        }
        for faq in script.faqs {
            add(.faq, faq.name, definition: true)
            template(faq.answer)
        }
        for list in script.lists {
            add(.list, list.name, definition: true)
            if let title = list.title { template(title) }
            for item in list.items { template(item) }
        }
        for answers in script.answerClasses {
            add(.answerClass, answers.name, definition: true)
            for trigger in answers.triggers { self.trigger(trigger) }
        }
        for state in script.states {
            add(.state, state.name, definition: true)
            for answers in state.answerClasses { add(.answerClass, answers) }
            if let next = state.next { add(.state, next) }
            statements(state.body)
            for trigger in state.triggers { self.trigger(trigger) }
            if let repair = state.repair { for level in repair.levels { statements(level.body) } }
        }
        for global in script.globals { for trigger in global.triggers { self.trigger(trigger) } }
        for repair in script.repairs { for level in repair.levels { statements(level.body) } }
        for care in script.cares {
            condition(care.condition)
            add(.state, care.instead)
            // `avoid:` names states, quotes, FAQs and lists alike (the linker marks
            // every one so named); `prefix.*` stands for every name it covers.
            for name in care.avoid {
                if name.text.hasSuffix(".*") {
                    add(.namePrefix, name)
                    continue
                }
                if states[name.text] != nil { add(.state, name) }
                if quotes[name.text] != nil { add(.quote, name) }
                if faqs[name.text] != nil { add(.faq, name) }
                if lists[name.text] != nil { add(.list, name) }
            }
        }
    }

    private mutating func trigger(_ trigger: TriggerDecl) {
        for kind in trigger.kinds {
            switch kind {
            case .intent(let name): add(.intent, name)
            case .faq(let name): add(.faq, name)
            case .anyFAQ, .anything, .keywords: break
            }
        }
        if let condition = trigger.condition { self.condition(condition) }
        statements(trigger.body)
    }

    private mutating func statements(_ statements: [Statement]) {
        for statement in statements {
            switch statement {
            case .say(let text, _), .ask(let text, _): textSource(text)
            case .quote(let name): add(.quote, name)
            case .answer(let name, _): if let name { add(.faq, name) }
            case .list(let name): add(.list, name)
            case .set(let name, let value):
                add(.variable, name, definition: true)
                self.value(value)
            case .add(_, let name), .remember(let name), .rememberReflected(let name): add(.variable, name, definition: true)
            case .branch(let branches, let otherwise, _):
                for branch in branches {
                    condition(branch.condition)
                    self.statements(branch.body)
                }
                if let otherwise { self.statements(otherwise) }
            case .go(let target, _): if case .state(let name) = target { add(.state, name) }
            case .option(let option):
                template(option.label)
                self.statements(option.body)
            }
        }
    }

    private mutating func textSource(_ source: TextSource) {
        switch source {
        case .single(let t): template(t)
        case .variants(let ts, _): for t in ts { template(t) }
        }
    }

    /// `{name}` is a variable, except `{list.N}`, which is item N of a list.
    private mutating func template(_ template: Template) {
        for part in template.parts {
            guard case .reference(let name) = part else { continue }
            if let dot = name.text.lastIndex(of: "."), lists[String(name.text[..<dot])] != nil,
               name.text[name.text.index(after: dot)...].allSatisfy(\.isNumber) {
                add(.list, Name(String(name.text[..<dot]), at: name.location))
            } else {
                add(.variable, name)
            }
        }
    }

    private mutating func condition(_ condition: Condition) {
        switch condition {
        case .truthy(let v): value(v)
        case .not(let c): self.condition(c)
        case .and(let a, let b), .or(let a, let b):
            self.condition(a)
            self.condition(b)
        case .compare(let a, _, let b):
            value(a)
            value(b)
        case .visited(let name): add(.state, name)
        case .heard(let name): add(.intent, name)
        }
    }

    private mutating func value(_ value: ValueExpr) {
        switch value {
        case .number, .bool: break
        case .text(let t): template(t)
        case .variable(let name): add(.variable, name)
        case .visits(let name): add(.state, name)
        }
    }
}
