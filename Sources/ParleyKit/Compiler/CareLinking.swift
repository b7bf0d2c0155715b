/// Linking the `care` block: when care mode is on, and where marked content
/// is replaced. Errors here are P023.
extension Linker {
    mutating func linkCare(states: inout [CompiledState], faqs: inout [CompiledFAQ], quotes: inout [CompiledQuote],
                           lists: inout [CompiledList]) -> CareMode? {
        let decls = files.flatMap(\.cares)
        if let decl = decls.first {
            for name in decl.avoid {
                let prefix = name.text.hasSuffix(".*") ? String(name.text.dropLast()) : nil
                func named(_ candidate: String) -> Bool { prefix.map { candidate.hasPrefix($0) } ?? (candidate == name.text) }
                var found = false
                for k in states.indices where named(states[k].name) { states[k].notInCare = true; found = true }
                for k in quotes.indices where named(quotes[k].name) { quotes[k].notInCare = true; found = true }
                for k in faqs.indices where named(faqs[k].name) { faqs[k].notInCare = true; found = true }
                for k in lists.indices where named(lists[k].name) { lists[k].notInCare = true; found = true }
                if !found {
                    report(.careMode, "'avoid:' names '\(name.text)', but no state, quote, FAQ or list is called that",
                           at: name.location, length: name.text.count)
                }
            }
        }
        guard let decl = decls.first else {
            // A mark with nothing to switch it on is a mistake, not a no-op to keep quiet about.
            let marked: SourceLocation? = states.first(where: \.notInCare)?.location
                ?? quotes.indices.first { quotes[$0].notInCare }.map { usage.quoteLocations[$0] }
                ?? faqs.indices.first { faqs[$0].notInCare }.map { usage.faqLocations[$0] }
                ?? lists.indices.first { lists[$0].notInCare }.map { usage.listLocations[$0] }
            if let marked {
                report(.careMode, "content is marked 'not in care', but the dialog has no 'care' block saying when care mode is on",
                       at: marked)
            }
            return nil
        }
        for extra in decls.dropFirst() {
            report(.duplicate, "a second 'care' block; a dialog has one", at: extra.location, length: 4,
                   notes: [.init("the first is here", at: decl.location)])
        }
        let condition = self.condition(decl.condition, Context(state: nil, captures: nil))
        guard let instead = resolveState(decl.instead) else { return nil }
        if states[Int(instead)].notInCare {
            report(.careMode, "care mode's 'instead:' state '\(decl.instead.text)' is itself marked 'not in care', so care mode would have nowhere to go",
                   at: decl.instead.location, length: decl.instead.text.count,
                   notes: [.init("marked here", at: states[Int(instead)].location)])
        }
        var variables: [String] = []
        Self.collectVariables(condition, into: &variables)
        return CareMode(condition: condition, instead: instead, variables: variables)
    }

    static func collectVariables(_ condition: CompiledCondition, into names: inout [String]) {
        func add(_ value: CompiledValue) {
            if case .variable(let name) = value, !names.contains(name) { names.append(name) }
        }
        switch condition {
        case .truthy(let v): add(v)
        case .not(let c): collectVariables(c, into: &names)
        case .and(let a, let b), .or(let a, let b):
            collectVariables(a, into: &names)
            collectVariables(b, into: &names)
        case .compare(let a, _, let b):
            add(a)
            add(b)
        case .visited, .heard: break
        }
    }
}
