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
        if occurrence.kind == .namePrefix { return try renamePrefix(occurrence, to: newName, in: at.snapshot) }
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

    /// Renaming `old.*` to `new.*` renames every name it covers (`old.x`
    /// becomes `new.x`, states, quotes, FAQs and lists, wherever used) and
    /// every `old.…*` written in `avoid:`, so the pattern covers the same
    /// content afterwards. Refused if a new name is taken or is no name.
    private func renamePrefix(_ occurrence: Occurrence, to newName: String, in snapshot: DialogSnapshot) throws -> JSONValue {
        let index = snapshot.index
        guard newName.hasSuffix(".*"), ScriptParser.isName(Substring(newName.dropLast(2))) else {
            throw RequestFailure(code: -32803, message: "'\(newName)' is not a name prefix: write 'prefix.*', the prefix a valid name")
        }
        let oldPrefix = SymbolIndex.prefix(ofPattern: occurrence.name)
        let newPrefix = SymbolIndex.prefix(ofPattern: newName)
        func renamed(_ name: String) -> String { String(newPrefix) + name.dropFirst(oldPrefix.count) }
        let covered = index.covered(by: occurrence.name)
        let coveredKeys = Set(covered.map(\.key))
        for key in coveredKeys {
            let target = renamed(key.name)
            guard ScriptParser.isName(Substring(target)) else {
                throw RequestFailure(code: -32803, message: "'\(key.name)' would become '\(target)', which is not a valid name")
            }
            if key.kind == .state, ScriptParser.reservedTargets.contains(target) {
                throw RequestFailure(code: -32803, message: "'\(key.name)' would become '\(target)', a target keyword")
            }
            let taken = SymbolKey(kind: key.kind, name: target)
            if !coveredKeys.contains(taken), !index.definitions(of: taken).isEmpty {
                throw RequestFailure(code: -32803, message: "'\(key.name)' would become '\(target)', but there is already \(key.kind.withArticle) named '\(target)'")
            }
        }
        var edits: [(Occurrence, String)] = []
        for key in coveredKeys.sorted(by: { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }) {
            edits += index.references(of: key).map { ($0, renamed(key.name)) }
        }
        // Narrower patterns (`old.x.*`) move with the names they cover.
        for other in index.occurrences where other.kind == .namePrefix && other.name.hasPrefix(oldPrefix) {
            edits.append((other, renamed(other.name)))
        }
        // A name in `avoid:` that is both, say, a state and a quote is one place: one edit.
        var seen = Set<SourceLocation>()
        var changes: [String: [JSONValue]] = [:]
        for (found, text) in edits where seen.insert(found.location).inserted {
            let table = table(for: found.location.file, in: snapshot) ?? LineTable("")
            changes[found.location.file, default: []].append(.object([
                "range": table.range(found.location, length: found.length).json,
                "newText": .string(text),
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
        if occurrence.kind == .namePrefix {
            guard !snapshot.index.covered(by: occurrence.name).isEmpty else {
                throw RequestFailure(code: -32803, message: "'\(occurrence.name)' covers no state, quote, FAQ or list")
            }
            return occurrence
        }
        guard !snapshot.index.definitions(of: occurrence.key).isEmpty || occurrence.kind == .variable else {
            throw RequestFailure(code: -32803, message: "'\(occurrence.name)' is not defined anywhere in this dialog")
        }
        return occurrence
    }
}
