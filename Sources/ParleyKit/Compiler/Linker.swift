/// One compile's state while linking parsed files into a `CompiledDialog`:
/// the id tables, the vocabulary and what the dialog uses. Its jobs are split
/// by concept over the Linker+*.swift files.
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
}
