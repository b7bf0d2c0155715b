/// Reads a dialog (one file, or every `.dialog` file in a folder) and follows
/// its includes, each file once, reporting missing files and include cycles.
struct DialogLoader {
    let source: any DialogFileSource
    var diagnostics: [Diagnostic] = []
    var files: [ScriptFile] = []
    /// Each file's decoded text, for showing lines in diagnostics.
    var sources: [String: String] = [:]
    private var loaded: Set<String> = []
    /// Files parsed by earlier compiles, reused while their text is unchanged.
    var parsedFiles = ParsedFiles()

    /// Includes nested deeper than this are refused: the loader follows them
    /// recursively, and no dialog needs more.
    static let maximumIncludeDepth = 64

    init(source: any DialogFileSource) { self.source = source }

    mutating func load(_ path: String) {
        let normalized = DialogPath.normalize(path)
        if let folderFiles = source.dialogFiles(under: normalized) {
            if folderFiles.isEmpty {
                diagnostics.append(Diagnostic(.unreadableFile, "no .dialog files in folder '\(path)'", at: nil))
            }
            for file in folderFiles { visit(file, includedFrom: nil, chain: []) }
        } else {
            visit(normalized, includedFrom: nil, chain: [])
        }
    }

    private mutating func visit(_ path: String, includedFrom: IncludeDecl?, chain: [(path: String, include: IncludeDecl?)]) {
        if let cycleStart = chain.firstIndex(where: { $0.path == path }) {
            let loop = chain[cycleStart...].map(\.path) + [path]
            diagnostics.append(Diagnostic(
                .includeCycle, "include cycle: \(loop.joined(separator: " -> "))",
                at: includedFrom?.location, length: includedFrom?.path.count ?? 1))
            return
        }
        guard loaded.insert(path).inserted else { return }
        if chain.count >= Self.maximumIncludeDepth {
            diagnostics.append(Diagnostic(
                .tooDeep, "includes nested more than \(Self.maximumIncludeDepth) levels deep; '\(includedFrom?.path ?? path)' is not read",
                at: includedFrom?.location, length: includedFrom?.path.count ?? 1))
            return
        }
        let bytes: [UInt8]
        switch source.read(path) {
        case .bytes(let read):
            bytes = read
        case .missing:
            diagnostics.append(Diagnostic(
                includedFrom == nil ? .unreadableFile : .includeNotFound,
                includedFrom == nil ? "cannot read '\(path)': no such file or folder" : "included file '\(includedFrom!.path)' not found (looked for '\(path)')",
                at: includedFrom?.location, length: includedFrom?.path.count ?? 1))
            return
        case .refused(let reason):
            diagnostics.append(Diagnostic(.unreadableFile, "cannot read '\(path)': \(reason)",
                                          at: includedFrom?.location, length: includedFrom?.path.count ?? 1))
            return
        }
        let (text, decodeProblem) = Self.decode(bytes, path: path)
        sources[path] = text
        var fileDiagnostics: [Diagnostic] = decodeProblem.map { [$0] } ?? []
        let (script, parseDiagnostics) = parsedFiles.parse(text, path: path)
        fileDiagnostics += parseDiagnostics
        diagnostics += fileDiagnostics
        files.append(script)
        let chainHere = chain + [(path, includedFrom)]
        for include in script.includes {
            visit(DialogPath.join(DialogPath.directory(of: path), include.path), includedFrom: include, chain: chainHere)
        }
    }

    /// UTF-8 text, or the text with U+FFFD for bad bytes and a diagnostic
    /// pointing at the first of them.
    static func decode(_ bytes: [UInt8], path: String) -> (String, Diagnostic?) {
        if let text = String(validating: bytes, as: UTF8.self) { return (TextFile.dropBOM(text), nil) }
        // Find the first bad byte; everything before it is valid UTF-8, so its
        // line and column are counted like any other location's (characters,
        // not bytes or scalars), on the text as the compiler keeps it (no BOM).
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var good = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): good += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error:
                let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                let before = String(decoding: bytes[bom..<max(bom, good)], as: UTF8.self)
                let lineStart = before.utf8.lastIndex(of: 0x0A).map { before.utf8.index(after: $0) } ?? before.startIndex
                let line = 1 + before.utf8.count(where: { $0 == 0x0A })
                let column = 1 + before[lineStart...].count
                return (TextFile.decode(bytes),
                        Diagnostic(.unreadableFile, "the file is not valid UTF-8 (first bad byte here); save it as UTF-8",
                                   at: SourceLocation(file: path, line: line, column: column, offset: max(0, good - bom))))
            }
        }
        return (TextFile.decode(bytes), nil)
    }
}
