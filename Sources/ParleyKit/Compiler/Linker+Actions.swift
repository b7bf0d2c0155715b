/// Statements compiled to actions, with their templates, values and conditions.
extension Linker {
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
