import ParleyKit

extension LineTable {
    /// The last line of the block that starts at `line` (1-based): the lines
    /// below it indented further, as the parser's outline groups them.
    func blockEnd(_ line: Int) -> Int {
        let indent = Self.indentation(self.line(line))
        var last = line
        var number = line + 1
        while number <= lines.count {
            let text = self.line(number)
            let content = text.drop { $0 == " " || $0 == "\t" }
            if !content.isEmpty && content.first != "#" {
                if Self.indentation(text) <= indent { break }
                last = number
            }
            number += 1
        }
        return last
    }

    static func indentation(_ line: Substring) -> Int {
        line.prefix { $0 == " " || $0 == "\t" }.count
    }
}

extension LanguageServer {
    /// LSP's SymbolKind numbers for what a dialog defines.
    static func symbolKind(_ kind: SymbolKind) -> Int {
        switch kind {
        case .state: 5  // Class
        case .intent: 24  // Event
        case .faq: 11  // Interface
        case .quote: 15  // String
        case .list: 18  // Array
        case .variable: 13  // Variable
        case .file: 1  // File
        case .answerClass: 3  // Namespace
        case .namePrefix: 3  // Namespace (never a definition; for completeness)
        }
    }

    /// `textDocument/documentSymbol`: the file's outline, states with their options and triggers.
    mutating func documentSymbols(_ params: JSONValue) throws -> JSONValue {
        let path = try documentPath(params)
        guard let snapshot = snapshot(for: path), let script = snapshot.scripts[path],
              let table = table(for: path, in: snapshot) else { return .array([]) }
        var symbols: [(SourceLocation, JSONValue)] = []

        func symbol(_ name: String, detail: String?, kind: Int, at location: SourceLocation, nameLength: Int,
                    children: [JSONValue] = []) -> JSONValue {
            let lineStart = SourceLocation(file: location.file, line: location.line, column: 1)
            let end = table.blockEnd(location.line)
            let range = LSPRange(start: table.position(lineStart),
                                 end: table.endOfLine(end))
            return .object([
                "name": .string(name.isEmpty ? "?" : name),
                "detail": detail.map { .string($0) },
                "kind": .int(kind),
                "range": range.json,
                "selectionRange": table.range(location, length: nameLength).json,
                "children": children.isEmpty ? nil : .array(children),
            ])
        }
        func add(_ kind: SymbolKind, _ name: Name, detail: String?, children: [JSONValue] = []) {
            symbols.append((name.location, symbol(name.text, detail: detail, kind: Self.symbolKind(kind), at: name.location,
                                                  nameLength: name.text.count, children: children)))
        }

        for header in script.headers {
            symbols.append((header.location, symbol(header.field.rawValue, detail: header.value, kind: 7, at: header.location,
                                                    nameLength: header.field.rawValue.count)))
        }
        for include in script.includes {
            symbols.append((include.location, symbol(include.path, detail: "include", kind: 1, at: include.location,
                                                     nameLength: include.path.count)))
        }
        for intent in script.intents { add(.intent, intent.name, detail: "intent") }
        for faq in script.faqs { add(.faq, faq.name, detail: faq.question) }
        for quote in script.quotes { add(.quote, quote.name, detail: quote.author) }
        for list in script.lists { add(.list, list.name, detail: list.title?.source ?? "list") }
        for state in script.states {
            var children: [JSONValue] = []
            func options(_ body: [Statement]) {
                for statement in body {
                    if case .option(let option) = statement {
                        children.append(symbol(option.label.source, detail: "option", kind: 22, at: option.location,
                                               nameLength: 6))
                    } else if case .branch(let branches, let otherwise, _) = statement {
                        for branch in branches { options(branch.body) }
                        options(otherwise ?? [])
                    }
                }
            }
            options(state.body)
            for trigger in state.triggers {
                let names = trigger.kinds.map(\.written)
                children.append(symbol("on " + names.joined(separator: ", "), detail: "trigger", kind: 24,
                                       at: trigger.location, nameLength: 2))
            }
            add(.state, state.name, detail: "state", children: children)
        }
        for global in script.globals {
            symbols.append((global.location, symbol(global.priority == .safety ? "safety" : "global \(global.priority.rawValue)",
                                                    detail: "\(global.triggers.count) handlers", kind: 3, at: global.location,
                                                    nameLength: 6)))  // "global" and "safety" alike
        }
        for answers in script.answerClasses {
            let children = answers.triggers.map { trigger in
                symbol("on " + trigger.kinds.map(\.written).joined(separator: ", "), detail: "trigger", kind: 24,
                       at: trigger.location, nameLength: 2)
            }
            add(.answerClass, answers.name, detail: "answers", children: children)
        }
        for care in script.cares {
            symbols.append((care.location, symbol("care", detail: "instead: \(care.instead.text)", kind: 3, at: care.location,
                                                  nameLength: 4)))
        }
        for repair in script.repairs {
            symbols.append((repair.location, symbol("repair", detail: "\(repair.levels.count) levels", kind: 3,
                                                    at: repair.location, nameLength: 6)))
        }
        return .array(symbols.sorted { $0.0 < $1.0 }.map(\.1))
    }

    /// `workspace/symbol`: definitions in every dialog of the workspace whose
    /// name holds the query's letters in order (as editors' fuzzy finders do).
    mutating func workspaceSymbols(_ params: JSONValue) throws -> JSONValue {
        let query = (params["query"]?.string ?? "").lowercased()
        var out: [JSONValue] = []
        var seen = Set<Occurrence>()
        for snapshot in allSnapshots() {
            for occurrence in snapshot.index.occurrences where occurrence.isDefinition && seen.insert(occurrence).inserted {
                if occurrence.kind == .variable,
                   snapshot.index.definitions(of: occurrence.key).first != occurrence { continue }
                guard Self.isSubsequence(query, of: occurrence.name.lowercased()) else { continue }
                out.append(.object([
                    "name": .string(occurrence.name),
                    "kind": .int(Self.symbolKind(occurrence.kind)),
                    "location": location(occurrence, in: snapshot),
                    "containerName": .string(occurrence.kind.rawValue + " in " + Self.fileName(occurrence.location.file)),
                ]))
                if out.count >= 1000 { return .array(out) }
            }
        }
        return .array(out)
    }

    static func isSubsequence(_ query: String, of text: String) -> Bool {
        var rest = Substring(text)
        for character in query {
            guard let found = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
    }
}
