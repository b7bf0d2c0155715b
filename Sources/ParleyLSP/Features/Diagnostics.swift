import ParleyKit

extension LanguageServer {
    /// A Parley diagnostic as LSP shows it: the same code, message and notes
    /// as `parley lint` (notes with a place become related information).
    func lspDiagnostic(_ diagnostic: Diagnostic, table: LineTable, snapshot: DialogSnapshot) -> JSONValue {
        let range = diagnostic.location.map { table.range($0, length: diagnostic.length) }
            ?? LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0))
        var message = diagnostic.message
        var related: [JSONValue] = []
        for note in diagnostic.notes {
            if let location = note.location {
                let noteTable = self.table(for: location.file, in: snapshot) ?? LineTable("")
                related.append(.object([
                    "location": .object(["uri": .string(uri(for: location.file)),
                                         "range": noteTable.range(location, length: 1).json]),
                    "message": .string(note.message),
                ]))
            } else {
                message += "\nnote: \(note.message)"
            }
        }
        // Unreachable states and unused content are drawn faded by editors that know the tag.
        let unnecessary = diagnostic.code == .unreachableState || diagnostic.code == .unused
        return .object([
            "range": range.json,
            "severity": .int(diagnostic.severity == .error ? 1 : 2),
            "code": .string(diagnostic.code.rawValue),
            "source": .string("parley"),
            "message": .string(message),
            "relatedInformation": related.isEmpty ? nil : .array(related),
            "tags": unnecessary ? .array([.int(1)]) : nil,
        ])
    }

    /// `textDocument/codeAction`: the fix-its of the diagnostics in the range, as quick fixes.
    mutating func codeActions(_ params: JSONValue) throws -> JSONValue {
        let path = try documentPath(params)
        guard let requested = LSPRange(params["range"]) else {
            throw RequestFailure(code: -32602, message: "'range' must be {start, end} positions")
        }
        guard let snapshot = snapshot(for: path), let table = table(for: path, in: snapshot) else { return .array([]) }
        var actions: [JSONValue] = []
        for diagnostic in snapshot.result.diagnostics where !diagnostic.fixIts.isEmpty {
            guard let location = diagnostic.location, location.file == path else { continue }
            let range = table.range(location, length: diagnostic.length)
            guard range.overlaps(requested) else { continue }
            let lsp = lspDiagnostic(diagnostic, table: table, snapshot: snapshot)
            for fix in diagnostic.fixIts {
                let fixTable = self.table(for: fix.location.file, in: snapshot) ?? table
                let edit: JSONValue = .object([
                    "range": fixTable.range(fix.location, length: fix.length).json,
                    "newText": .string(fix.replacement),
                ])
                actions.append(.object([
                    "title": .string(fix.message),
                    "kind": .string("quickfix"),
                    "diagnostics": .array([lsp]),
                    "isPreferred": .bool(diagnostic.fixIts.count == 1),
                    "edit": .object(["changes": .object([JSONMember(key: uri(for: fix.location.file), value: .array([edit]))])]),
                ]))
            }
        }
        return .array(actions)
    }
}
