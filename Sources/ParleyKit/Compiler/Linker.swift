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
    /// The `next STATE` of the state being compiled (see AnswerClasses.swift).
    var currentNext: Int32?
    /// Answer classes by name; the first variant site each one's text uses.
    var answerClassIDs: [String: Int32] = [:]
    var answerClassSites: [Int32: Int32] = [:]
    var termsCache: [String: (terms: [TermID], mentionsNegation: Bool)] = [:]
    /// The journal's texts before this position are in `termsCache` (see `terms(of:)`).
    var termsCacheFilled = 0
    /// The definitions that won ("first definition wins"), in id order; see registerNames.
    var definitions = Definitions()
    /// The intent of each FAQ, by FAQ id.
    var faqIntents: [Int32: Int32] = [:]
    /// The most captures any FAQ's patterns have, for 'on faq' handlers.
    var faqCaptures = 0
    /// "Did you mean" suggestions left to compute; see resolve.
    var suggestionsLeft = Linker.maximumSuggestions
    static let maximumSuggestions = 200

    struct Definitions {
        var states: [StateDecl] = []
        var quotes: [QuoteDecl] = []
        var faqs: [FAQDecl] = []
        var lists: [ListDecl] = []
        var intents: [IntentDecl] = []
    }
    var stemCache: [String: String] = [:]
    /// Texts' words and stems, possibly kept from an earlier compile (see WordsMemo).
    var wordsMemo = WordsMemo()
    /// Texts' terms, possibly kept from an earlier compile (see TermsJournal).
    var termsJournal = TermsJournal()
    /// Intents' match entries, possibly kept from an earlier compile (see IntentEntriesMemo).
    var intentEntriesMemo = IntentEntriesMemo()
    /// Terms of intents that say `typos: recall`.
    var recallTerms = Set<TermID>()
    /// Linking only for diagnostics (an editor's re-check): skips the typo
    /// index, which no check reads; the dialog is then not returned to be run.
    var diagnosticsOnly = false

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
        registerNames()
        let header = linkHeader()
        for file in files {
            for synonym in file.synonyms { addSynonyms(synonym) }
        }
        // Replayed terms give no word stems for the typo index, so a dialog to be run works them all out.
        termsJournal.begin(synonyms: .init(declarations: files.flatMap(\.synonyms).map { [$0.canonical] + $0.alternatives }),
                           replay: diagnosticsOnly)
        for intent in definitions.intents { compileIntent(intent, kind: .intent) }
        var reflections: [String: String] = [:]
        for file in files {
            for reflection in file.reflections { reflections[reflection.from] = reflection.to }
        }
        var lists = definitions.lists.map { list in
            usage.listLocations.append(list.name.location)
            return CompiledList(name: list.name.text, title: list.title.map { template($0, captures: nil) },
                                items: list.items.map { template($0, captures: nil) }, notInCare: list.notInCare)
        }
        var faqs: [CompiledFAQ] = []
        for faq in definitions.faqs {
            usage.faqLocations.append(faq.name.location)
            let id = Int32(faqs.count)
            let intent = compileIntent(faq.intent, kind: .faq(id), name: "faq " + faq.name.text)
            faqIntents[id] = intent
            faqCaptures = max(faqCaptures, intents[Int(intent)].captureCount)
            faqs.append(CompiledFAQ(name: faq.name.text, question: faq.question,
                                    answer: template(faq.answer, captures: nil), intent: intent, notInCare: faq.notInCare))
        }
        var quotes = definitions.quotes.map { quote in
            usage.quoteLocations.append(quote.name.location)
            return CompiledQuote(name: quote.name.text, author: quote.author, text: template(quote.text, captures: nil),
                                 notInCare: quote.notInCare)
        }
        registerAnswerClasses()
        var states: [CompiledState] = []
        for (id, state) in definitions.states.enumerated() { states.append(compileState(state, id: Int32(id))) }

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

        let keywordScript = compileKeywordScript()
        termsJournal.end(lexicon: &lexicon)
        intentEntriesMemo.end()
        if !diagnosticsOnly {
            // Sorted once for both tables, which are laid out in word order.
            let sortedStems = stemCache.sorted { $0.key < $1.key }
            lexicon.buildTypoIndex(sortedStems: sortedStems, recallTerms: recallTerms)
            lexicon.buildKeywordWords(sortedStems: sortedStems)
        }
        let care = linkCare(states: &states, faqs: &faqs, quotes: &quotes, lists: &lists)
        guard let header else { return nil }
        var matcher = IntentMatcher(lexicon: lexicon, intents: intentMeta, entries: entries)
        matcher.clauses = dialogClauses
        var dialog = CompiledDialog(
            name: header.name, version: header.version, start: header.start, states: states, stateIDs: stateIDs,
            intents: intents, matcher: matcher, quotes: quotes, faqs: faqs, lists: lists, options: options,
            handlers: handlers, safetyHandlers: safety, beforeHandlers: before, afterHandlers: after, repair: repair,
            reflector: Reflector(overrides: reflections), variantSites: Int(variantSites), files: files.map(\.path),
            care: care)
        dialog.keywordScript = keywordScript
        return dialog
    }
}
