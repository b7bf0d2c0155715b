import ParleyKit

/// One dialog (a folder of `.dialog` files, or one file with its includes)
/// compiled as the editor sees it: the diagnostics of `parley lint`, the
/// parsed files and the index of names, and each file's lines for mapping
/// positions. Rebuilt after every edit by `parley lint`'s own compiler
/// (`DialogCompiler.diagnose`: one pipeline, so the editor and `parley lint`
/// can never disagree), which re-parses only the files whose text changed;
/// docs/performance.md has the cost.
public struct DialogSnapshot: Sendable {
    /// The dialog's path: a folder, or a single file.
    public let root: String
    /// The compile's diagnostics, sources and parsed files; `dialog` is nil (see `DialogCompiler.diagnose`).
    public let result: CompileResult
    public let index: SymbolIndex
    /// The parsed files by path.
    public let scripts: [String: ScriptFile]
    public let tables: [String: LineTable]

    /// Compiles the dialog at `root`. `parsed` keeps the parsed files between
    /// snapshots of the same dialog; `previous` (the last snapshot made with
    /// the same `parsed`) lends its line tables and index entries for files
    /// whose text is unchanged; so do `open`, the open documents' tables
    /// (the edited file's table is then built once, by the document).
    public init(root: String, source: any DialogFileSource, parsed: inout ParsedFiles, previous: DialogSnapshot? = nil,
                open: [String: LineTable] = [:]) {
        self.root = root
        result = DialogCompiler.diagnose(path: root, source: source, parsed: &parsed)
        let parsedFiles = parsed
        var tables: [String: LineTable] = [:]
        for (path, text) in result.sources {
            if let lent = open[path], lent.text == text {
                tables[path] = lent
            } else if let kept = previous?.tables[path], kept.text == text {
                tables[path] = kept
            } else {
                tables[path] = LineTable(text)
            }
        }
        self.tables = tables
        let parsed = result.scripts
        index = SymbolIndex(scripts: parsed, reusing: previous?.index, parsedAgain: Set(parsedFiles.lastParsed))
        var scripts: [String: ScriptFile] = [:]
        for script in parsed { scripts[script.path] = script }
        self.scripts = scripts
    }

    /// The files of this dialog, in the order the compiler read them.
    public var files: [String] { index.files }

    public func contains(_ path: String) -> Bool { tables[path] != nil }
}
