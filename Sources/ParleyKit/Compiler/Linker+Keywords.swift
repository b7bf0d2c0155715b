/// Keyword groups, word classes, swaps, the memory and `no fit`: checked and
/// compiled into a `KeywordScript`.
extension Linker {
    mutating func compileKeywordScript() -> KeywordScript? {
        let groupDecls = files.flatMap(\.groups)
        let memoryDecls = files.flatMap(\.memories)
        let noFitDecls = files.flatMap(\.noFits)
        let headers = files.flatMap(\.headers)
        let exact = dialogMatching.isExact
        var clauses = ClauseRule.plain
        if let header = headers.first(where: { $0.field == .clauses }) {
            let (rule, invalid) = ClauseRule.parse(header.value)
            clauses = rule
            for item in invalid {
                report(.syntax, "'\(item)' cannot end a clause: write single punctuation marks and words, as in 'clauses , . but'",
                       at: header.valueLocation, length: header.value.count)
            }
        }
        guard !groupDecls.isEmpty else {
            for location in usage.keywordTriggers {
                report(.noKeywordGroups, "'on keywords' needs keyword groups, and the dialog has no 'group'", at: location, length: 8)
            }
            for memory in memoryDecls {
                report(.noKeywordGroups, "a memory keeps lines for keyword groups, and the dialog has no 'group'", at: memory.location,
                       length: 6)
            }
            for noFit in noFitDecls {
                report(.noKeywordGroups, "'no fit' answers for keyword groups, and the dialog has no 'group'", at: noFit.location,
                       length: 6)
            }
            return nil
        }
        let key: (String) -> String = { exact ? $0 : Stemmer.stem($0) }

        // Word classes: name -> keys of their words.
        var classes: [String: Set<String>] = [:]
        var classLocations: [String: SourceLocation] = [:]
        for decl in files.flatMap(\.wordClasses) {
            if let first = classLocations[decl.name.text] {
                report(.duplicate, "word class '\(decl.name.text)' is defined twice", at: decl.name.location,
                       length: decl.name.text.count, notes: [.init("first defined here", at: first)])
                continue
            }
            classLocations[decl.name.text] = decl.name.location
            classes[decl.name.text] = Set(decl.words.map(key))
        }
        var swaps: [String: [String]] = [:]
        for swap in files.flatMap(\.swaps) where swaps[swap.from] == nil { swaps[swap.from] = swap.to }

        // Group names first, so `go` can point forward.
        var groupIDs: [String: Int32] = [:]
        var groupLocations: [SourceLocation] = []
        for decl in groupDecls {
            if let first = groupIDs[decl.name.text] {
                report(.duplicate, "group '\(decl.name.text)' is defined twice", at: decl.name.location,
                       length: decl.name.text.count, notes: [.init("first defined here", at: groupLocations[Int(first)])])
                continue
            }
            groupIDs[decl.name.text] = Int32(groupLocations.count)
            groupLocations.append(decl.name.location)
        }

        var groups: [KeywordGroup] = []
        var keywordGroups: [String: Int32] = [:]
        var keywordLocations: [String: SourceLocation] = [:]
        for decl in groupDecls where groupIDs[decl.name.text] == Int32(groups.count) {
            let id = Int32(groups.count)
            for (word, location) in zip(decl.keywords, decl.keywordLocations) {
                let k = key(word)
                if let other = keywordGroups[k] {
                    if other != id {
                        report(.keywordConflict,
                               "keyword '\(word)' already brings group '\(groups[Int(other)].name)' into play; a word can bring only one group",
                               at: location, length: word.count, notes: [.init("claimed here", at: keywordLocations[k]!)])
                    }
                    continue
                }
                keywordGroups[k] = id
                keywordLocations[k] = location
            }
            let patterns = decl.patterns.map { compileDecomposition($0, classes: classes, groups: groupIDs, key: key) }
            // A pattern of only `*` fits every clause, so the patterns after it never get a turn.
            if let always = decl.patterns.firstIndex(where: { $0.elements == [.any] && !$0.anchoredStart && !$0.anchoredEnd }) {
                for later in decl.patterns[(always + 1)...] {
                    usage.keywordWarnings.append(Diagnostic(
                        .patternNeverFits, "pattern '\(later.text)' can never fit: the earlier pattern '*' of group '\(decl.name.text)' fits every clause",
                        at: later.location, length: max(1, later.text.count),
                        notes: [.init("the pattern that always fits", at: decl.patterns[always].location)]))
                }
            }
            let fallback = decl.fallback.flatMap { resolve($0, in: groupIDs, kind: "group", code: .unknownGroup) }
            groups.append(KeywordGroup(name: decl.name.text, rank: decl.rank, patterns: patterns, fallback: fallback))
        }

        var memory: KeywordMemory?
        for decl in memoryDecls {
            if memory != nil {
                report(.duplicate, "a second memory; a dialog keeps one", at: decl.location, length: 6)
                continue
            }
            guard let group = resolve(decl.group, in: groupIDs, kind: "group", code: .unknownGroup) else { continue }
            let site = variantSites
            variantSites += 1
            memory = KeywordMemory(group: group, choice: decl.choice, recallEvery: decl.recallEvery,
                                   patterns: decl.patterns.map { compileDecomposition($0, classes: classes, groups: groupIDs, key: key) },
                                   site: site)
        }
        var noFit: [CompiledTemplate] = []
        for decl in noFitDecls {
            if !noFit.isEmpty {
                report(.duplicate, "a second 'no fit' block; a dialog has one", at: decl.location, length: 6)
                continue
            }
            noFit = decl.replies.map { template($0, captures: 0) }
        }
        if usage.keywordTriggers.isEmpty, let first = groupDecls.first {
            usage.keywordWarnings.append(Diagnostic(
                .unused, "the keyword groups are never used: no state answers with them", at: first.name.location,
                length: first.name.text.count, notes: [.init("add 'on keywords' to the state that should answer from them")]))
        }
        return KeywordScript(groups: groups, keywordGroups: keywordGroups, swaps: swaps, clauses: clauses, exact: exact,
                             memory: memory, noFit: noFit)
    }

    mutating func compileDecomposition(_ decl: DecompositionDecl, classes: [String: Set<String>], groups: [String: Int32],
                                       key: (String) -> String) -> Decomposition {
        let sixLetters = dialogMatching == .eliza
        var elements: [Decomposition.Element] = []
        for element in decl.elements {
            switch element {
            case .word(let w): elements.append(.word(key(w)))
            case .any: elements.append(.any)
            case .count(let n): elements.append(.count(n))
            case .oneOf(let words):
                elements.append(sixLetters ? .firstSixLetters(words.map(key)) : .oneOf(Set(words.map(key))))
            case .wordClass(let name):
                if let set = classes[name.text] {
                    elements.append(.oneOf(set))
                } else {
                    var message = "unknown word class '\(name.text)'"
                    var fixIts: [Diagnostic.FixIt] = []
                    if let near = NearestName.suggestion(for: name.text, among: classes.keys) {
                        message += "; did you mean '\(near)'?"
                        fixIts.append(.init("replace with '\(near)'", at: name.location, length: name.text.count, replacement: near))
                    } else {
                        message += "; define it in a 'classes' block"
                    }
                    report(.unknownWordClass, message, at: name.location, length: name.text.count, fixIts: fixIts)
                    elements.append(.oneOf([]))
                }
            }
        }
        let captures = decl.captureCount
        var replies: [Decomposition.Reply] = []
        for reply in decl.replies {
            switch reply {
            case .text(let t):
                checkCaptures(t, limit: captures, pattern: decl.text)
                replies.append(.text(template(t, captures: nil)))
            case .pass:
                replies.append(.pass)
            case .go(let name):
                if let id = resolve(name, in: groups, kind: "group", code: .unknownGroup) { replies.append(.go(id)) }
            case .rewrite(let t, let name):
                checkCaptures(t, limit: captures, pattern: decl.text)
                if let id = resolve(name, in: groups, kind: "group", code: .unknownGroup) {
                    replies.append(.rewrite(template(t, captures: nil), id))
                }
            }
        }
        let site = variantSites
        variantSites += 1
        return Decomposition(elements: elements, anchoredStart: decl.anchoredStart, anchoredEnd: decl.anchoredEnd,
                             replies: replies, site: site, text: decl.text)
    }

    mutating func checkCaptures(_ t: Template, limit: Int, pattern: String) {
        for part in t.parts {
            if case .capture(let n, let location) = part, n > limit {
                report(.unknownCapture, "'{\(n)}' shows a capture, but the pattern '\(pattern)' captures \(limit) part\(limit == 1 ? "" : "s")",
                       at: location, length: "{\(n)}".count)
            }
        }
    }
}

extension Linker {
    /// The dialog's `matching` header: forgiving unless it says exact.
    var dialogMatching: MatchingMode {
        for file in files {
            for header in file.headers where header.field == .matching {
                return MatchingMode(rawValue: header.value) ?? .forgiving
            }
        }
        return .forgiving
    }
}

extension Linker {
    /// The dialog's `clauses` line, if it has one.
    var dialogClauses: ClauseRule? {
        for file in files {
            for header in file.headers where header.field == .clauses { return ClauseRule.parse(header.value).rule }
        }
        return nil
    }
}
