/// Answer classes: `answers NAME` blocks of triggers that states take with
/// `use answers NAME`. Each using state gets its own copy of the triggers,
/// compiled in that state, so `-> next` goes to that state's `next STATE`,
/// graphs and checks see real edges, and coverage counts every class at every
/// question. The copies share their variant sites, so "say one of" does not
/// start afresh at each question and the same line is not said twice running.
extension Linker {
    /// Registers every class's name (duplicates are P015) and reserves the
    /// variant sites its triggers' text will use.
    mutating func registerAnswerClasses() {
        var firstLocations: [String: SourceLocation] = [:]
        for file in files {
            for decl in file.answerClasses {
                if let first = firstLocations[decl.name.text] {
                    report(.duplicate, "answer class '\(decl.name.text)' is defined twice", at: decl.name.location,
                           length: decl.name.text.count, notes: [.init("first defined here", at: first)])
                    continue
                }
                firstLocations[decl.name.text] = decl.name.location
                usage.answerClasses.append((decl.name.text, decl.name.location))
                let id = Int32(answerClassIDs.count)
                answerClassIDs[decl.name.text] = id
                answerClassSites[id] = variantSites
                variantSites += Int32(decl.triggers.reduce(0) { $0 + Self.variantCount($1.body) })
            }
        }
    }

    /// The triggers a state takes from its answer classes, after its own, each
    /// with the first variant site its text uses. A class trigger whose every
    /// intent the state already answers itself is left out: the state's own
    /// trigger overrides it.
    mutating func answerClassTriggers(for state: StateDecl) -> [(TriggerDecl, Int32?)] {
        var own = Set<String>()
        for trigger in state.triggers where trigger.condition == nil {
            for kind in trigger.kinds { own.insert(Self.key(kind)) }
        }
        var out: [(TriggerDecl, Int32?)] = []
        var used = Set<Int32>()
        for name in state.answerClasses {
            guard let id = resolve(name, in: answerClassIDs, kind: "answer class", code: .unknownAnswerClass) else { continue }
            guard used.insert(id).inserted else { continue }
            usage.answerClassesUsed.insert(name.text)
            guard let decl = files.lazy.flatMap(\.answerClasses).first(where: { $0.name.text == name.text }) else { continue }
            var site = answerClassSites[id] ?? 0
            for trigger in decl.triggers {
                let count = Int32(Self.variantCount(trigger.body))
                defer { site += count }
                if !trigger.kinds.isEmpty, trigger.kinds.allSatisfy({ own.contains(Self.key($0)) }) { continue }
                out.append((trigger, site))
            }
        }
        return out
    }

    /// Runs `body` with text variants numbered from `site` (when given), then
    /// goes on numbering where it was.
    mutating func compilingVariants<T>(at site: Int32?, _ body: (inout Linker) -> T) -> T {
        guard let site else { return body(&self) }
        let saved = variantSites
        variantSites = site
        defer { variantSites = saved }
        return body(&self)
    }

    mutating func reportMissingNext(at location: SourceLocation, in state: Int32?) {
        let name = state.map { stateName(of: $0) } ?? "this block"
        report(.noNextState, "'-> next' in state '\(name)', which has no 'next STATE' line saying where next is",
               at: location, length: 2)
    }

    func stateName(of id: Int32) -> String {
        stateIDs.first { $0.value == id }?.key ?? "?"
    }

    static func key(_ kind: TriggerKind) -> String {
        switch kind {
        case .intent(let name): "intent " + name.text
        case .faq(let name): "faq " + name.text
        case .anyFAQ: "faq"
        case .anything: "anything"
        case .keywords: "keywords"
        }
    }

    /// How many variant sites compiling these statements uses (see `textSpec`).
    static func variantCount(_ statements: [Statement]) -> Int {
        statements.reduce(0) { total, statement in
            switch statement {
            case .say(.variants, _), .ask(.variants, _): return total + 1
            case .branch(let branches, let otherwise, _):
                return total + branches.reduce(0) { $0 + variantCount($1.body) } + variantCount(otherwise ?? [])
            case .option(let decl): return total + variantCount(decl.body)
            default: return total
            }
        }
    }
}
