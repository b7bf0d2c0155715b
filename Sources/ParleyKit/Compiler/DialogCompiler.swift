/// The outcome of compiling: a dialog when there were no errors, and every
/// diagnostic found on the way (warnings included), sorted by place.
public struct CompileResult: Sendable {
    public var dialog: CompiledDialog?
    public var diagnostics: [Diagnostic]
    /// The text of every file read, by path, for showing lines in diagnostics.
    public var sources: [String: String]
    /// Every file read, parsed, in the order read; kept also when there are
    /// errors, so editor tools can navigate a dialog that does not compile.
    public var scripts: [ScriptFile] = []
}

/// Links parsed scripts into a `CompiledDialog`: resolves names (suggesting
/// near ones), builds the vocabulary and index, and runs the checks.
public enum DialogCompiler {
    /// Compiles the dialog at `path`. `warnings: false` skips the checks that
    /// only warn (unreachable states, unused content…), for front ends that
    /// run a dialog rather than review it; errors are always reported.
    public static func compile(path: String, source: any DialogFileSource = DiskDialogFiles(),
                               warnings: Bool = true) -> CompileResult {
        var loader = DialogLoader(source: source)
        loader.load(path)
        var linker = Linker(files: loader.files, rootPath: DialogPath.normalize(path))
        let dialog = linker.link()
        var diagnostics = loader.diagnostics + linker.diagnostics
        if let dialog, warnings {
            diagnostics += DialogChecks.run(dialog, usage: linker.usage)
        }
        diagnostics = diagnostics.sortedByLocation()
        return CompileResult(dialog: diagnostics.hasErrors ? nil : dialog, diagnostics: diagnostics, sources: loader.sources,
                             scripts: loader.files)
    }
}

/// What the dialog refers to, gathered while linking, for the "never used"
/// and "never set" checks.
struct Usage {
    var quotes = Set<Int32>()
    var faqs = Set<Int32>()
    var lists = Set<Int32>()
    var intents = Set<Int32>()
    var variablesSet = Set<String>()
    var variableReads: [(name: String, location: SourceLocation)] = []
    var hasAnyFAQHandler = false
    var quoteLocations: [SourceLocation] = []
    var faqLocations: [SourceLocation] = []
    var listLocations: [SourceLocation] = []
    /// Where each repair's last level is, and whether it can vary its line.
    var repairEndings: [(location: SourceLocation, varies: Bool)] = []
}

struct Linker {
    let files: [ScriptFile]
    let rootPath: String
    var diagnostics: [Diagnostic] = []
    var usage = Usage()

    var lexicon = Lexicon()
    var intents: [CompiledIntent] = []
    var entries: [MatchEntry] = []
    var intentMeta: [MatchableIntent] = []
    var intentIDs: [String: Int32] = [:]
    var faqIDs: [String: Int32] = [:]
    var quoteIDs: [String: Int32] = [:]
    var listIDs: [String: Int32] = [:]
    var stateIDs: [String: Int32] = [:]
    var listSizes: [Int32: Int] = [:]
    var options: [CompiledOption] = []
    var handlers: [Handler] = []
    var variantSites: Int32 = 0
    var termsCache: [String: (terms: [TermID], mentionsNegation: Bool)] = [:]
    var stemCache: [String: String] = [:]

    init(files: [ScriptFile], rootPath: String) {
        self.files = files
        self.rootPath = rootPath
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?, length: Int = 1,
                         notes: [Diagnostic.Note] = [], fixIts: [Diagnostic.FixIt] = []) {
        diagnostics.append(Diagnostic(code, message, at: location, length: length, notes: notes, fixIts: fixIts))
    }

    // MARK: - Linking

    mutating func link() -> CompiledDialog? {
        let header = linkHeader()
        registerNames()
        for file in files {
            for synonym in file.synonyms { addSynonyms(synonym) }
        }
        for file in files {
            for intent in file.intents { compileIntent(intent, kind: .intent) }
        }
        var faqs: [CompiledFAQ] = []
        var quotes: [CompiledQuote] = []
        var lists: [CompiledList] = []
        var reflections: [String: String] = [:]
        for file in files {
            for list in file.lists where listIDs[list.name.text] == Int32(lists.count) {
                usage.listLocations.append(list.name.location)
                lists.append(CompiledList(name: list.name.text, title: list.title.map { template($0, captures: nil) },
                                          items: list.items.map { template($0, captures: nil) }))
            }
        }
        for file in files {
            for faq in file.faqs where faqIDs[faq.name.text] == Int32(faqs.count) {
                usage.faqLocations.append(faq.name.location)
                let intent = compileIntent(faq.intent, kind: .faq(Int32(faqs.count)), name: "faq " + faq.name.text)
                faqs.append(CompiledFAQ(name: faq.name.text, question: faq.question,
                                        answer: template(faq.answer, captures: nil), intent: intent))
            }
            for quote in file.quotes where quoteIDs[quote.name.text] == Int32(quotes.count) {
                usage.quoteLocations.append(quote.name.location)
                quotes.append(CompiledQuote(name: quote.name.text, author: quote.author, text: template(quote.text, captures: nil)))
            }
            for reflection in file.reflections { reflections[reflection.from] = reflection.to }
        }

        var states: [CompiledState] = []
        for file in files {
            for state in file.states where stateIDs[state.name.text] == Int32(states.count) {
                states.append(compileState(state, id: Int32(states.count)))
            }
        }

        var safety = HandlerList(), before = HandlerList(), after = HandlerList()
        var repair: RepairPlan?
        var repairLocation: SourceLocation?
        for file in files {
            for global in file.globals {
                for trigger in global.triggers {
                    let id = compileHandler(trigger, scope: .global(global.priority), in: nil)
                    switch global.priority {
                    case .safety: safety.append(id, handlers[Int(id)])
                    case .before: before.append(id, handlers[Int(id)])
                    case .after: after.append(id, handlers[Int(id)])
                    }
                }
            }
            for decl in file.repairs {
                if let first = repairLocation {
                    report(.duplicate, "a second dialog-wide repair block; a dialog has one (states may have their own)",
                           at: decl.location, length: 6, notes: [.init("the first is here", at: first)])
                    continue
                }
                repairLocation = decl.location
                repair = compileRepair(decl)
            }
        }

        lexicon.buildTypoIndex(stems: stemCache)
        guard let header else { return nil }
        let matcher = IntentMatcher(lexicon: lexicon, intents: intentMeta, entries: entries)
        return CompiledDialog(
            name: header.name, version: header.version, start: header.start, states: states, stateIDs: stateIDs,
            intents: intents, matcher: matcher, quotes: quotes, faqs: faqs, lists: lists, options: options,
            handlers: handlers, safetyHandlers: safety, beforeHandlers: before, afterHandlers: after, repair: repair,
            reflector: Reflector(overrides: reflections), variantSites: Int(variantSites), files: files.map(\.path))
    }

    mutating func linkHeader() -> (name: String, version: String, start: Int32)? {
        var seen: [HeaderField: HeaderDecl] = [:]
        for file in files {
            for header in file.headers {
                if let first = seen[header.field] {
                    report(.duplicateHeader, "'\(header.field.rawValue)' is given twice", at: header.location,
                           length: header.field.rawValue.count, notes: [.init("first given here", at: first.location)])
                } else {
                    seen[header.field] = header
                }
            }
        }
        let top = SourceLocation(file: files.first?.path ?? rootPath, line: 1, column: 1)
        if seen[.dialog] == nil {
            report(.missingHeader, "the dialog has no name: add a line 'dialog NAME' at the top of the main file", at: top,
                   fixIts: [.init("add a dialog line", at: top, length: 0, replacement: "dialog My dialog\n")])
        }
        guard let start = seen[.start] else {
            report(.missingHeader, "the dialog has no start state: add a line 'start STATE'", at: top,
                   fixIts: [.init("add a start line", at: top, length: 0, replacement: "start welcome\n")])
            return nil
        }
        // States are registered before the header is resolved; see registerNames.
        return (seen[.dialog]?.value ?? "", seen[.version]?.value ?? "", pendingStart(start))
    }

    /// The start state's id, resolved once names are registered.
    mutating func pendingStart(_ header: HeaderDecl) -> Int32 {
        if stateIDs.isEmpty { registerStateNames() }
        return resolveState(Name(header.value, at: header.valueLocation)) ?? -1
    }

    mutating func registerStateNames() {
        var firstLocations: [SourceLocation] = []
        for file in files {
            for state in file.states {
                if let existing = stateIDs[state.name.text] {
                    report(.duplicate, "state '\(state.name.text)' is defined twice", at: state.name.location,
                           length: state.name.text.count, notes: [.init("first defined here", at: firstLocations[Int(existing)])])
                } else {
                    stateIDs[state.name.text] = Int32(stateIDs.count)
                    firstLocations.append(state.name.location)
                }
            }
        }
    }

    mutating func registerNames() {
        if stateIDs.isEmpty { registerStateNames() }
        func register(_ names: [Name], kind: String, into table: inout [String: Int32], diagnostics: inout [Diagnostic]) {
            var firstLocations: [String: SourceLocation] = [:]
            for name in names {
                if let first = firstLocations[name.text] {
                    diagnostics.append(Diagnostic(.duplicate, "\(kind) '\(name.text)' is defined twice", at: name.location,
                                                  length: name.text.count, notes: [.init("first defined here", at: first)]))
                } else {
                    firstLocations[name.text] = name.location
                    table[name.text] = Int32(table.count)
                }
            }
        }
        register(files.flatMap { $0.quotes.map(\.name) }, kind: "quote", into: &quoteIDs, diagnostics: &diagnostics)
        register(files.flatMap { $0.faqs.map(\.name) }, kind: "FAQ", into: &faqIDs, diagnostics: &diagnostics)
        register(files.flatMap { $0.lists.map(\.name) }, kind: "list", into: &listIDs, diagnostics: &diagnostics)
        for file in files {
            for list in file.lists where listIDs[list.name.text] != nil && listSizes[listIDs[list.name.text]!] == nil {
                listSizes[listIDs[list.name.text]!] = list.items.count
            }
        }
        var intentLocations: [String: SourceLocation] = [:]
        for name in files.flatMap({ $0.intents.map(\.name) }) {
            if let first = intentLocations[name.text] {
                report(.duplicate, "intent '\(name.text)' is defined twice", at: name.location, length: name.text.count,
                       notes: [.init("first defined here", at: first)])
            } else {
                intentLocations[name.text] = name.location
            }
        }
    }

    // MARK: - Names

    mutating func resolve(_ name: Name, in table: [String: Int32], kind: String, code: DiagnosticCode) -> Int32? {
        if let id = table[name.text] { return id }
        var message = "unknown \(kind) '\(name.text)'"
        var fixIts: [Diagnostic.FixIt] = []
        if let near = NearestName.suggestion(for: name.text, among: table.keys) {
            message += "; did you mean '\(near)'?"
            fixIts.append(.init("replace with '\(near)'", at: name.location, length: name.text.count, replacement: near))
        }
        report(code, message, at: name.location, length: name.text.count, fixIts: fixIts)
        return nil
    }

    mutating func resolveState(_ name: Name) -> Int32? { resolve(name, in: stateIDs, kind: "state", code: .unknownState) }

    // MARK: - Vocabulary and intents

    mutating func addSynonyms(_ decl: SynonymDecl) {
        for (alternative, location) in zip(decl.alternatives, decl.alternativeLocations) {
            switch lexicon.addSynonym(canonical: decl.canonical, alternative: alternative) {
            case nil: break
            case .emptyCanonical?:
                report(.syntax, "the word before ':' must be a single word, the one the others mean", at: decl.location,
                       length: decl.canonical.count)
                return
            case .alreadyMeans(let other)?:
                report(.duplicate, "'\(alternative)' is already a synonym of '\(other)'", at: location,
                       length: alternative.count)
            }
        }
    }

    /// The terms of a keyword or label text, joining phrase synonyms the way a
    /// user's line is joined, so both sides agree.
    mutating func terms(of text: String) -> (terms: [TermID], mentionsNegation: Bool) {
        // Synonyms are all declared before the first call, so a text always gives the same terms.
        if let known = termsCache[text] { return known }
        let result = computeTerms(of: text)
        termsCache[text] = result
        return result
    }

    mutating func computeTerms(of text: String) -> (terms: [TermID], mentionsNegation: Bool) {
        let line = TextNormalizer.normalize(text)
        // Intern every word first so unknown words get terms, then tokenize.
        let stems = line.words.map { word -> String in
            if let known = stemCache[word.text] { return known }
            let stem = Stemmer.stem(word.text)
            stemCache[word.text] = stem
            return stem
        }
        for stem in stems { _ = lexicon.intern(stem: stem) }
        let tokens = lexicon.tokens(of: line, stems: stems)
        return (tokens.map(\.term), line.words.contains { $0.isNegator })
    }

    @discardableResult
    mutating func compileIntent(_ decl: IntentDecl, kind: CompiledIntent.Kind, name: String? = nil) -> Int32 {
        let id = Int32(intents.count)
        let intentName = name ?? decl.name.text
        if case .intent = kind {
            if intentIDs[intentName] != nil { return intentIDs[intentName]! }
            intentIDs[intentName] = id
        }
        var captureCount = 0
        for (entries, isVeto) in [(decl.keywords, false), (decl.unless, true)] {
            for entry in entries {
                var groups: [[TermID]] = []
                var negation = false
                for group in entry.groups {
                    let (terms, mentions) = self.terms(of: group.joined(separator: " "))
                    negation = negation || mentions
                    groups.append(terms)
                }
                if groups.contains(where: \.isEmpty) {
                    report(.syntax, "'\(entry.text)' has no words to match (only punctuation?)", at: entry.location,
                           length: entry.text.count)
                    continue
                }
                let shape: MatchEntry.Shape = groups.count == 1 ? .phrase(groups[0]) : .allOf(groups)
                self.entries.append(MatchEntry(intent: id, shape: shape, mentionsNegation: negation, isVeto: isVeto,
                                               source: entry.text, location: entry.location))
            }
        }
        for pattern in decl.patterns {
            var elements: [PatternElement] = []
            var negation = false
            for element in pattern.elements {
                if element == "*" {
                    elements.append(.anyWords)
                } else if element == "#" {
                    elements.append(.number)
                } else {
                    let (terms, mentions) = self.terms(of: element)
                    negation = negation || mentions
                    elements += terms.map { .word($0) }
                }
            }
            if !elements.contains(where: { if case .word = $0 { true } else { false } }) {
                report(.badPattern, "pattern '\(pattern.text)' has no words to match", at: pattern.location, length: pattern.text.count)
                continue
            }
            captureCount = max(captureCount, elements.filter { $0 == .anyWords || $0 == .number }.count)
            entries.append(MatchEntry(intent: id, shape: .pattern(elements), mentionsNegation: negation, isVeto: false,
                                      source: pattern.text, location: pattern.location))
        }
        intents.append(CompiledIntent(name: intentName, kind: kind, location: decl.name.location, captureCount: captureCount))
        intentMeta.append(MatchableIntent(name: intentName, rank: decl.rank, negation: decl.negation))
        return id
    }


    mutating func labelIntent(for label: Template, option: Int32) -> Int32 {
        let text = label.parts.compactMap { if case .literal(let s) = $0 { s } else { nil } }.joined(separator: " ")
        let words = TextNormalizer.normalize(text).words
        let content = words.filter { !StopWords.english.contains($0.text) }
        let chosen = (content.isEmpty ? words : content).map(\.text).joined(separator: " ")
        let (terms, mentions) = self.terms(of: chosen)
        let id = Int32(intents.count)
        let distinct = Array(Set(terms)).count
        if !terms.isEmpty {
            entries.append(MatchEntry(intent: id, shape: .label(terms, minimum: max(1, (distinct + 1) / 2)),
                                      mentionsNegation: mentions, isVeto: false, source: label.source, location: label.location))
        }
        intents.append(CompiledIntent(name: "option: " + label.source, kind: .optionLabel(option), location: label.location,
                                      captureCount: 0))
        intentMeta.append(MatchableIntent(name: "option: " + label.source, rank: 0, negation: .ignore))
        return id
    }

    // MARK: - States, handlers, actions

    struct Context {
        var state: Int32?
        /// The highest capture `{N}` allowed; nil when not checked.
        var captures: Int?
        var inFAQHandler = false
        var allowsOptions = false
    }

    mutating func compileState(_ decl: StateDecl, id: Int32) -> CompiledState {
        var context = Context(state: id, captures: nil)
        context.allowsOptions = true
        let body = actions(decl.body, context)
        if Self.countAsks(decl.body) > 1 {
            report(.twoQuestions, "state '\(decl.name.text)' asks more than one question; ask one thing per turn",
                   at: Self.asks(decl.body).dropFirst().first ?? decl.name.location, length: 3)
        }
        var triggers = HandlerList()
        var fallbacks: [Int32] = []
        for trigger in decl.triggers {
            let handler = compileHandler(trigger, scope: .state(id), in: id)
            if handlers[Int(handler)].triggers.contains(.anything) {
                fallbacks.append(handler)
                if handlers[Int(handler)].triggers.count > 1 {
                    report(.syntax, "'anything' cannot be combined with other triggers: it already takes every line",
                           at: trigger.location, length: 2)
                }
            } else {
                triggers.append(handler, handlers[Int(handler)])
            }
        }
        return CompiledState(name: decl.name.text, location: decl.name.location, ignoresGlobals: decl.ignoresGlobals,
                             body: body, triggers: triggers, fallbacks: fallbacks, repair: decl.repair.map { compileRepair($0) })
    }

    static func countAsks(_ statements: [Statement]) -> Int {
        statements.reduce(0) { total, statement in
            switch statement {
            case .ask: return total + 1
            case .branch(let branches, let otherwise, _):
                return total + max(branches.map { countAsks($0.body) }.max() ?? 0, countAsks(otherwise ?? []))
            default: return total
            }
        }
    }

    static func asks(_ statements: [Statement]) -> [SourceLocation] {
        statements.flatMap { statement -> [SourceLocation] in
            switch statement {
            case .ask(_, let location): return [location]
            case .branch(let branches, let otherwise, _): return branches.flatMap { asks($0.body) } + asks(otherwise ?? [])
            default: return []
            }
        }
    }

    mutating func compileHandler(_ decl: TriggerDecl, scope: Handler.Scope, in state: Int32?) -> Int32 {
        var triggers: [Handler.Trigger] = []
        var captures = 0
        var inFAQ = false
        var labels: [String] = []
        for kind in decl.kinds {
            switch kind {
            case .intent(let name):
                labels.append(name.text)
                if let id = resolve(name, in: intentIDs, kind: "intent", code: .unknownIntent) {
                    triggers.append(.intent(id))
                    usage.intents.insert(id)
                    captures = max(captures, intents[Int(id)].captureCount)
                }
            case .anyFAQ:
                labels.append("faq")
                triggers.append(.anyFAQ)
                usage.hasAnyFAQHandler = true
                inFAQ = true
                captures = max(captures, intents.filter { if case .faq = $0.kind { true } else { false } }
                    .map(\.captureCount).max() ?? 0)
            case .faq(let name):
                labels.append("faq " + name.text)
                if let faq = resolve(name, in: faqIDs, kind: "FAQ", code: .unknownFAQ) {
                    usage.faqs.insert(faq)
                    inFAQ = true
                    if let intent = intents.firstIndex(where: { $0.kind == .faq(faq) }) {
                        triggers.append(.intent(Int32(intent)))
                        captures = max(captures, intents[intent].captureCount)
                    }
                }
            case .anything:
                labels.append("anything")
                triggers.append(.anything)
            }
        }
        var context = Context(state: state, captures: captures)
        context.inFAQHandler = inFAQ
        let condition = decl.condition.map { self.condition($0, context) }
        let body = actions(decl.body, context)
        handlers.append(Handler(scope: scope, triggers: triggers, condition: condition, body: body, location: decl.location,
                                label: labels.joined(separator: ", ")))
        return Int32(handlers.count - 1)
    }

    mutating func compileRepair(_ decl: RepairDecl) -> RepairPlan {
        let levels = decl.levels.map { actions($0.body, Context(state: nil, captures: 0)) }
        if let last = decl.levels.last {
            usage.repairEndings.append((last.location, Self.varies(last.body)))
        }
        return RepairPlan(levels: levels)
    }

    /// Whether a block can say something different each time it runs.
    static func varies(_ statements: [Statement]) -> Bool {
        statements.contains { statement in
            switch statement {
            case .say(.variants(let items, _), _), .ask(.variants(let items, _), _): return items.count > 1
            case .branch: return true
            case .say(.single(let template), _): return template.parts.contains { if case .literal = $0 { false } else { true } }
            default: return false
            }
        }
    }

    mutating func actions(_ statements: [Statement], _ context: Context) -> [Action] {
        statements.compactMap { action($0, context) }
    }

    mutating func textSpec(_ source: TextSource, _ context: Context) -> TextSpec {
        switch source {
        case .single(let t):
            return .single(template(t, captures: context.captures))
        case .variants(let items, let mode):
            defer { variantSites += 1 }
            return .variants(items.map { template($0, captures: context.captures) }, mode, site: variantSites)
        }
    }

    mutating func action(_ statement: Statement, _ context: Context) -> Action? {
        switch statement {
        case .say(let text, _):
            return .say(textSpec(text, context), .say)
        case .ask(let text, _):
            return .ask(textSpec(text, context))
        case .quote(let name):
            guard let id = resolve(name, in: quoteIDs, kind: "quote", code: .unknownQuote) else { return nil }
            usage.quotes.insert(id)
            return .quote(id)
        case .answer(let name, let location):
            guard let name else {
                if !context.inFAQHandler {
                    report(.unknownFAQ, "plain 'answer' only works inside 'on faq'; name the FAQ to answer, as in 'answer how-long'",
                           at: location, length: 6)
                    return nil
                }
                return .answer(nil)
            }
            guard let id = resolve(name, in: faqIDs, kind: "FAQ", code: .unknownFAQ) else { return nil }
            usage.faqs.insert(id)
            return .answer(id)
        case .list(let name):
            guard let id = resolve(name, in: listIDs, kind: "list", code: .unknownList) else { return nil }
            usage.lists.insert(id)
            return .list(id)
        case .set(let name, let value):
            usage.variablesSet.insert(name.text)
            return .set(name.text, self.value(value, context))
        case .add(let amount, let name):
            usage.variablesSet.insert(name.text)
            return .add(amount, name.text)
        case .remember(let name):
            usage.variablesSet.insert(name.text)
            return .remember(name.text)
        case .branch(let branches, let otherwise, _):
            let compiled = branches.map { (condition($0.condition, context), actions($0.body, context)) }
            return .branch(compiled, otherwise: otherwise.map { actions($0, context) })
        case .go(let target, _):
            switch target {
            case .state(let name): return resolveState(name).map { .go(.state($0)) }
            case .back: return .go(.back)
            case .end: return .go(.end)
            case .restart: return .go(.restart)
            case .stay: return .go(.stay)
            }
        case .option(let decl):
            guard let state = context.state, context.allowsOptions else { return nil }
            let id = Int32(options.count)
            var optionContext = context
            optionContext.allowsOptions = false
            options.append(CompiledOption(state: state, label: template(decl.label, captures: context.captures), body: [],
                                          labelIntent: -1, location: decl.location))
            let body = actions(decl.body, optionContext)
            options[Int(id)].body = body
            options[Int(id)].labelIntent = labelIntent(for: decl.label, option: id)
            return .option(id)
        }
    }

    mutating func template(_ t: Template, captures: Int?) -> CompiledTemplate {
        var parts: [CompiledTemplate.Part] = []
        for part in t.parts {
            switch part {
            case .literal(let s): parts.append(.literal(s))
            case .input: parts.append(.input)
            case .capture(let n, let location):
                if let limit = captures, n > limit {
                    let what = limit == 0 ? "no pattern with a '*'" : "patterns with at most \(limit) '*'"
                    report(.unknownCapture, "'{\(n)}' shows a capture, but this handler's intents have \(what)", at: location,
                           length: "{\(n)}".count)
                }
                parts.append(.capture(n))
            case .reference(let name):
                if let dot = name.text.lastIndex(of: "."), let n = Int(name.text[name.text.index(after: dot)...]),
                   let list = listIDs[String(name.text[..<dot])] {
                    usage.lists.insert(list)
                    let size = listSizes[list] ?? 0
                    if n < 1 || n > size {
                        report(.unknownList, "list '\(name.text[..<dot])' has \(size) items; there is no item \(n)",
                               at: name.location, length: name.text.count)
                    }
                    parts.append(.listItem(list, n))
                } else {
                    usage.variableReads.append((name.text, name.location))
                    parts.append(.variable(name.text))
                }
            }
        }
        return CompiledTemplate(parts: parts)
    }

    mutating func value(_ value: ValueExpr, _ context: Context) -> CompiledValue {
        switch value {
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .text(let t): return .text(template(t, captures: context.captures))
        case .variable(let name):
            usage.variableReads.append((name.text, name.location))
            return .variable(name.text)
        case .visits(let name):
            return .visits(resolveState(name) ?? -1)
        }
    }

    mutating func condition(_ condition: Condition, _ context: Context) -> CompiledCondition {
        switch condition {
        case .truthy(let v): return .truthy(value(v, context))
        case .not(let c): return .not(self.condition(c, context))
        case .and(let a, let b): return .and(self.condition(a, context), self.condition(b, context))
        case .or(let a, let b): return .or(self.condition(a, context), self.condition(b, context))
        case .compare(let a, let op, let b): return .compare(value(a, context), op, value(b, context))
        case .visited(let name): return .visited(resolveState(name) ?? -1)
        }
    }
}
