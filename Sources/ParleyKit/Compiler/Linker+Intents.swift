/// Vocabulary and intents: keyword and pattern terms, option-label intents.
extension Linker {
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
        // Intents whose entries were kept (IntentEntriesMemo) left their texts to the journal only.
        if termsCacheFilled < termsJournal.count {
            for index in termsCacheFilled..<termsJournal.count {
                let entry = termsJournal.entry(at: index)
                termsCache[entry.text] = (entry.terms, entry.mentionsNegation)
            }
            termsCacheFilled = termsJournal.count
            if let known = termsCache[text] { return known }
        }
        let result = computeTerms(of: text)
        termsCache[text] = result
        termsCacheFilled = termsJournal.count
        return result
    }

    mutating func computeTerms(of text: String) -> (terms: [TermID], mentionsNegation: Bool) {
        if let kept = termsJournal.replay(text, lexicon: &lexicon) { return kept }
        let words = wordsMemo.words(of: text) { text in
            let line = TextNormalizer.normalize(text)
            return WordsMemo.Words(line: line, stems: line.words.map { Stemmer.stem($0.text) })
        }
        let line = words.line, stems = words.stems
        // Every word's stem, for the typo index (built only for a dialog that is run).
        if !diagnosticsOnly {
            for (word, stem) in zip(line.words, stems) { stemCache[word.text] = stem }
        }
        // Intern every word first so unknown words get terms, then tokenize.
        for stem in stems { _ = lexicon.intern(stem: stem) }
        let tokens = lexicon.tokens(of: line, stems: stems)
        let terms = tokens.map(\.term), mentionsNegation = line.words.contains { $0.isNegator }
        termsJournal.record(text, stems: stems, terms: terms, mentionsNegation: mentionsNegation)
        return (terms, mentionsNegation)
    }

    @discardableResult
    mutating func compileIntent(_ decl: IntentDecl, kind: CompiledIntent.Kind, name: String? = nil) -> Int32 {
        let id = Int32(intents.count)
        let intentName = name ?? decl.name.text
        if case .intent = kind { intentIDs[intentName] = id }
        var captureCount = 0
        let journalStart = termsJournal.count
        if let kept = intentEntriesMemo.kept(decl, kind: kind, name: intentName, id: id),
           termsJournal.replayRun(kept.journal) {
            entries += kept.entries
            diagnostics += kept.diagnostics
            recallTerms.formUnion(kept.recallTerms)
            captureCount = kept.captureCount
            intentEntriesMemo.record(kept)
        } else {
            let firstEntry = entries.count, firstDiagnostic = diagnostics.count
            var recall: [TermID] = []
            captureCount = compileEntries(decl, id: id, recall: &recall)
            recallTerms.formUnion(recall)
            intentEntriesMemo.record(.init(decl: decl, kind: kind, name: intentName, id: id,
                                           journal: journalStart..<termsJournal.count,
                                           entries: Array(entries[firstEntry...]),
                                           diagnostics: Array(diagnostics[firstDiagnostic...]),
                                           recallTerms: recall, captureCount: captureCount))
        }
        intents.append(CompiledIntent(name: intentName, kind: kind, location: decl.name.location, captureCount: captureCount))
        var meta = MatchableIntent(name: intentName, rank: decl.rank, negation: decl.negation)
        meta.exact = (decl.matching ?? dialogMatching).isExact
        meta.reads = decl.reads
        intentMeta.append(meta)
        return id
    }

    /// Appends the match entries of `decl` (intent `id`) and reports what is
    /// wrong with them; `recall` gets the terms of a `typos: recall` intent.
    /// Returns the most captures a pattern has.
    private mutating func compileEntries(_ decl: IntentDecl, id: Int32, recall: inout [TermID]) -> Int {
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
                if !isVeto, decl.typos == .recall { for group in groups { recall += group } }
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
        return captureCount
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
}
