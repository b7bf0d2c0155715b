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
        let top = SourceLocation(file: files.first?.path ?? rootPath, line: 1, column: 1)
        if seen[.dialog] == nil {
            report(.missingHeader, "the dialog has no name: add a line 'dialog NAME' at the top of the main file", at: top,
                   fixIts: [.init("add a dialog line", at: top, length: 0, replacement: "dialog My dialog\n")])
        }
        guard let start = seen[.start] else {
            report(.missingHeader, "the dialog has no start state: add a line 'start STATE'", at: top,
                   fixIts: [.init("add a start line", at: top, length: 0, replacement: "start welcome\n")])
            return nil
        }
        // States are registered before the header is resolved; see registerNames.
        return (seen[.dialog]?.value ?? "", seen[.version]?.value ?? "", pendingStart(start))
    }

    /// The start state's id, resolved once names are registered.
    mutating func pendingStart(_ header: HeaderDecl) -> Int32 {
        if stateIDs.isEmpty { registerStateNames() }
        return resolveState(Name(header.value, at: header.valueLocation)) ?? -1
    }

    mutating func registerStateNames() {
        var firstLocations: [SourceLocation] = []
        for file in files {
            for state in file.states {
                if let existing = stateIDs[state.name.text] {
                    report(.duplicate, "state '\(state.name.text)' is defined twice", at: state.name.location,
                           length: state.name.text.count, notes: [.init("first defined here", at: firstLocations[Int(existing)])])
                } else {
                    stateIDs[state.name.text] = Int32(stateIDs.count)
                    firstLocations.append(state.name.location)
                }
            }
        }
    }

    mutating func registerNames() {
        if stateIDs.isEmpty { registerStateNames() }
        func register(_ names: [Name], kind: String, into table: inout [String: Int32], diagnostics: inout [Diagnostic]) {
            var firstLocations: [String: SourceLocation] = [:]
            for name in names {
                if let first = firstLocations[name.text] {
                    diagnostics.append(Diagnostic(.duplicate, "\(kind) '\(name.text)' is defined twice", at: name.location,
                                                  length: name.text.count, notes: [.init("first defined here", at: first)]))
                } else {
                    firstLocations[name.text] = name.location
                    table[name.text] = Int32(table.count)
                }
            }
        }
        register(files.flatMap { $0.quotes.map(\.name) }, kind: "quote", into: &quoteIDs, diagnostics: &diagnostics)
        register(files.flatMap { $0.faqs.map(\.name) }, kind: "FAQ", into: &faqIDs, diagnostics: &diagnostics)
        register(files.flatMap { $0.lists.map(\.name) }, kind: "list", into: &listIDs, diagnostics: &diagnostics)
        for file in files {
            for list in file.lists where listIDs[list.name.text] != nil && listSizes[listIDs[list.name.text]!] == nil {
                listSizes[listIDs[list.name.text]!] = list.items.count
            }
        }
        var intentLocations: [String: SourceLocation] = [:]
        for name in files.flatMap({ $0.intents.map(\.name) }) {
            if let first = intentLocations[name.text] {
                report(.duplicate, "intent '\(name.text)' is defined twice", at: name.location, length: name.text.count,
                       notes: [.init("first defined here", at: first)])
            } else {
                intentLocations[name.text] = name.location
            }
        }
    }

    // MARK: - Names

    mutating func resolve(_ name: Name, in table: [String: Int32], kind: String, code: DiagnosticCode) -> Int32? {
        if let id = table[name.text] { return id }
        var message = "unknown \(kind) '\(name.text)'"
        var fixIts: [Diagnostic.FixIt] = []
        if let near = NearestName.suggestion(for: name.text, among: table.keys) {
            message += "; did you mean '\(near)'?"
            fixIts.append(.init("replace with '\(near)'", at: name.location, length: name.text.count, replacement: near))
        }
        report(code, message, at: name.location, length: name.text.count, fixIts: fixIts)
        return nil
    }

    mutating func resolveState(_ name: Name) -> Int32? { resolve(name, in: stateIDs, kind: "state", code: .unknownState) }
}
