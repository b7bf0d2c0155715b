/// Text that shows a capture (`{1}`) where no capture can exist. A capture
/// lives for the turn whose match made it: it reaches the handler of that
/// match, the states that handler goes to, and the states those go to on
/// arrival, in the same turn. A state's arrival text and its options' labels
/// can show `{N}` only if some way into the state carries N captures; an
/// option's body runs in a later turn, so it has none. (A handler's own text
/// is checked against its intents when it is compiled: P021.)
enum CaptureChecks {
    static func run(files: [ScriptFile], dialog: CompiledDialog) -> [Diagnostic] {
        let stateCount = dialog.states.count
        var captureCounts: [String: Int] = [:]
        for intent in dialog.intents { captureCounts[intent.name] = intent.captureCount }
        var faqCaptures: [String: Int] = [:]
        for faq in dialog.faqs { faqCaptures[faq.name] = dialog.intents[Int(faq.intent)].captureCount }
        let anyFAQ = faqCaptures.values.max() ?? 0

        func captures(of trigger: TriggerDecl) -> Int {
            trigger.kinds.reduce(0) { most, kind in
                switch kind {
                case .intent(let name): max(most, captureCounts[name.text] ?? 0)
                case .faq(let name): max(most, faqCaptures[name.text] ?? 0)
                case .anyFAQ: max(most, anyFAQ)
                // The keyword groups make their own replies from their own decompositions.
                case .anything, .keywords: most
                }
            }
        }

        // The most captures any way into each state carries.
        var available = [Int](repeating: 0, count: stateCount)
        // State -> the states its arrival text goes to (same turn, same captures).
        var arrivals = [[Int]](repeating: [], count: stateCount)
        var intoBack = 0
        func note(_ targets: Targets, _ count: Int) {
            for state in targets.states { available[state] = max(available[state], count) }
            if targets.back { intoBack = max(intoBack, count) }
        }
        var states: [(decl: StateDecl, id: Int)] = []
        for file in files {
            for global in file.globals {
                for trigger in global.triggers { note(Targets(trigger.body, dialog), captures(of: trigger)) }
            }
            for decl in file.states {
                guard let id = dialog.stateIDs[decl.name.text] else { continue }
                states.append((decl, Int(id)))
                for trigger in decl.triggers { note(Targets(trigger.body, dialog), captures(of: trigger)) }
                arrivals[Int(id)] = Targets(decl.body, dialog).states
            }
        }
        // Arrival text passes its state's captures on; "back" may return anywhere.
        var changed = true
        while changed {
            changed = false
            for (decl, id) in states {
                let targets = Targets(decl.body, dialog)
                if targets.back, available[id] > intoBack { intoBack = available[id]; changed = true }
                for next in arrivals[id] where available[next] < max(available[id], intoBack) {
                    available[next] = max(available[id], intoBack)
                    changed = true
                }
            }
            for id in 0..<stateCount where available[id] < intoBack {
                available[id] = intoBack
                changed = true
            }
        }

        var out: [Diagnostic] = []
        for (decl, id) in states {
            let place = "state '\(decl.name.text)'"
            check(decl.body, limit: available[id], place: place, into: &out)
        }
        return out
    }

    /// Reports each `{N}` in `statements` beyond `limit`, in the arrival text
    /// of state `place` (nil: an option's body, which has no captures).
    static func check(_ statements: [Statement], limit: Int, place: String?, into out: inout [Diagnostic]) {
        func templates(_ source: TextSource) -> [Template] {
            switch source {
            case .single(let t): [t]
            case .variants(let items, _): items
            }
        }
        func report(_ template: Template, _ limit: Int, _ why: String) {
            for part in template.parts {
                guard case .capture(let n, let location) = part, n > limit else { continue }
                out.append(Diagnostic(.captureNeverSet, "'{\(n)}' can never have a value here: \(why)", at: location,
                                      length: "{\(n)}".count))
            }
        }
        let arrival: String
        if let place {
            arrival = limit == 0
                ? "no way into \(place) comes from a pattern with a '*' or '#' in the same turn"
                : "the ways into \(place) carry at most \(limit) capture\(limit == 1 ? "" : "s")"
        } else {
            arrival = "an option's body runs in a later turn than any match, and a capture lives for its own turn"
        }
        for statement in statements {
            switch statement {
            case .say(let source, _), .ask(let source, _):
                for t in templates(source) { report(t, limit, arrival) }
            case .set(_, .text(let t)):
                report(t, limit, arrival)
            case .branch(let branches, let otherwise, _):
                for branch in branches { check(branch.body, limit: limit, place: place, into: &out) }
                check(otherwise ?? [], limit: limit, place: place, into: &out)
            case .option(let option):
                report(option.label, limit, arrival)
                check(option.body, limit: 0, place: nil, into: &out)
            default:
                break
            }
        }
    }

    /// The `go` targets of some statements, branches included and options'
    /// bodies left out (those run in a later turn).
    struct Targets {
        var states: [Int] = []
        var back = false

        init(_ statements: [Statement], _ dialog: CompiledDialog) {
            for statement in statements {
                switch statement {
                case .go(.state(let name), _):
                    if let id = dialog.stateIDs[name.text] { states.append(Int(id)) }
                case .go(.back, _):
                    back = true
                case .branch(let branches, let otherwise, _):
                    for body in branches.map(\.body) + [otherwise ?? []] {
                        let inner = Targets(body, dialog)
                        states += inner.states
                        back = back || inner.back
                    }
                default:
                    break
                }
            }
        }
    }
}
