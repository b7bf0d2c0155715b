/// States, handlers and repair plans.
extension Linker {
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
                captures = max(captures, faqCaptures)
            case .faq(let name):
                labels.append("faq " + name.text)
                if let faq = resolve(name, in: faqIDs, kind: "FAQ", code: .unknownFAQ) {
                    usage.faqs.insert(faq)
                    inFAQ = true
                    if let intent = faqIntents[faq] {
                        triggers.append(.intent(intent))
                        captures = max(captures, intents[Int(intent)].captureCount)
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
}
