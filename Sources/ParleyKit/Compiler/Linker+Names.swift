/// The names a dialog defines: the header, registration of each kind of
/// definition (first definition wins), and resolving references to them.
extension Linker {
    mutating func linkHeader() -> (name: String, version: String, start: Int32)? {
        var seen: [HeaderField: HeaderDecl] = [:]
        for file in files {
            for header in file.headers {
                if let first = seen[header.field] {
                    report(.duplicateHeader, "'\(header.field.rawValue)' is given twice", at: header.location,
                           length: header.field.rawValue.count, notes: [.init("first given here", at: first.location)])
                } else {
                    seen[header.field] = header
                }
            }
        }
        let top = SourceLocation(file: files.first?.path ?? rootPath, line: 1, column: 1, offset: 0)
        if seen[.dialog] == nil {
            report(.missingHeader, "the dialog has no name: add a line 'dialog NAME' at the top of the main file", at: top,
                   fixIts: [.init("add a dialog line", at: top, length: 0, replacement: "dialog My dialog\n")])
        }
        guard let start = seen[.start] else {
            report(.missingHeader, "the dialog has no start state: add a line 'start STATE'", at: top,
                   fixIts: [.init("add a start line", at: top, length: 0, replacement: "start welcome\n")])
            return nil
        }
        // Names are registered before the header is resolved (see link()).
        return (seen[.dialog]?.value ?? "", seen[.version]?.value ?? "",
                resolveState(Name(start.value, at: start.valueLocation)) ?? -1)
    }

    /// Registers every definition of each kind: the first definition of a name
    /// wins, the others are reported. The winners are kept in id order (a
    /// name's id is its index in `definitions`), and everything later compiles
    /// from that one list, so "first wins" is decided in one place.
    mutating func registerNames() {
        (definitions.states, stateIDs) = register(files.flatMap(\.states), kind: "state", name: \.name)
        (definitions.quotes, quoteIDs) = register(files.flatMap(\.quotes), kind: "quote", name: \.name)
        (definitions.faqs, faqIDs) = register(files.flatMap(\.faqs), kind: "FAQ", name: \.name)
        (definitions.lists, listIDs) = register(files.flatMap(\.lists), kind: "list", name: \.name)
        for (id, list) in definitions.lists.enumerated() { listSizes[Int32(id)] = list.items.count }
        // Intent ids are given as intents compile (FAQs' and options' intents share the numbering).
        (definitions.intents, _) = register(files.flatMap(\.intents), kind: "intent", name: \.name)
    }

    mutating func register<Decl>(_ decls: [Decl], kind: String, name: (Decl) -> Name) -> ([Decl], [String: Int32]) {
        var table: [String: Int32] = [:]
        var winners: [Decl] = []
        for decl in decls {
            let declName = name(decl)
            if let first = table[declName.text] {
                report(.duplicate, "\(kind) '\(declName.text)' is defined twice", at: declName.location,
                       length: declName.text.count, notes: [.init("first defined here", at: name(winners[Int(first)]).location)])
            } else {
                table[declName.text] = Int32(winners.count)
                winners.append(decl)
            }
        }
        return (winners, table)
    }

    // MARK: - Names

    mutating func resolve(_ name: Name, in table: [String: Int32], kind: String, code: DiagnosticCode) -> Int32? {
        if let id = table[name.text] { return id }
        var message = "unknown \(kind) '\(name.text)'"
        var fixIts: [Diagnostic.FixIt] = []
        // A suggestion scans every name of the kind: only the first few unknown
        // names get one, so a script of thousands of bad references stays linear.
        guard suggestionsLeft > 0 else {
            report(code, message, at: name.location, length: name.text.count)
            return nil
        }
        suggestionsLeft -= 1
        if let near = NearestName.suggestion(for: name.text, among: table.keys) {
            message += "; did you mean '\(near)'?"
            fixIts.append(.init("replace with '\(near)'", at: name.location, length: name.text.count, replacement: near))
        }
        report(code, message, at: name.location, length: name.text.count, fixIts: fixIts)
        return nil
    }

    mutating func resolveState(_ name: Name) -> Int32? { resolve(name, in: stateIDs, kind: "state", code: .unknownState) }
}
