import ParleyKit

extension LanguageServer {
    /// `textDocument/prepareRename`: the name under the caret and its range,
    /// or an error saying why it cannot be renamed.
    mutating func prepareRename(_ params: JSONValue) throws -> JSONValue {
        let at = try position(params)
        let occurrence = try renamable(at.snapshot, at.path, at.line, at.column)
        return .object(["range": at.table.range(occurrence.location, length: occurrence.length).json,
                        "placeholder": .string(occurrence.name)])
    }

    /// `textDocument/rename`: the name everywhere it is defined and used, in every file of the dialog.
    mutating func rename(_ params: JSONValue) throws -> JSONValue {
        let at = try position(params)
        guard let newName = params["newName"]?.string else {
            throw RequestFailure(code: -32602, message: "'newName' is missing")
        }
        let occurrence = try renamable(at.snapshot, at.path, at.line, at.column)
        guard ScriptParser.isName(Substring(newName)) else {
            throw RequestFailure(code: -32803, message: "'\(newName)' is not a valid name: use letters, digits, '-', '_' and '.', starting with a letter")
        }
        if occurrence.kind == .state, ScriptParser.reservedTargets.contains(newName) {
            throw RequestFailure(code: -32803, message: "'\(newName)' cannot name a state: it is a target keyword")
        }
        let index = at.snapshot.index
        if newName != occurrence.name, !index.definitions(of: SymbolKey(kind: occurrence.kind, name: newName)).isEmpty {
            throw RequestFailure(code: -32803, message: "there is already \(occurrence.kind.withArticle) named '\(newName)'")
        }
        var changes: [String: [JSONValue]] = [:]
        for found in index.references(of: occurrence.key) {
            let table = table(for: found.location.file, in: at.snapshot) ?? LineTable("")
            changes[found.location.file, default: []].append(.object([
                "range": table.range(found.location, length: found.length).json,
                "newText": .string(newName),
            ]))
        }
        return .object(["changes": .object(changes.keys.sorted().map { JSONMember(key: uri(for: $0), value: .array(changes[$0]!)) })])
    }

    private func renamable(_ snapshot: DialogSnapshot, _ path: String, _ line: Int, _ column: Int) throws -> Occurrence {
        guard let occurrence = snapshot.index.occurrence(file: path, line: line, column: column) else {
            throw RequestFailure(code: -32803, message: "there is no name here to rename")
        }
        guard occurrence.kind != .file else {
            throw RequestFailure(code: -32803, message: "an include names a file; rename the file instead")
        }
        guard !snapshot.index.definitions(of: occurrence.key).isEmpty || occurrence.kind == .variable else {
            throw RequestFailure(code: -32803, message: "'\(occurrence.name)' is not defined anywhere in this dialog")
        }
        return occurrence
    }
}
