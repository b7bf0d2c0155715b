import ParleyKit

/// One dialog (a folder of `.dialog` files, or one file with its includes)
/// compiled as the editor sees it: the diagnostics of `parley lint`, the
/// parsed files and the index of names, and each file's lines for mapping
/// positions. Rebuilt whole after every edit: compiling is fast enough
/// (docs/performance.md), and one pipeline means the editor and `parley lint`
/// can never disagree.
public struct DialogSnapshot: Sendable {
    /// The dialog's path: a folder, or a single file.
    public let root: String
    public let result: CompileResult
    public let index: SymbolIndex
    /// The parsed files by path.
    public let scripts: [String: ScriptFile]
    public let tables: [String: LineTable]

    public init(root: String, source: any DialogFileSource) {
        self.root = root
        result = DialogCompiler.compile(path: root, source: source)
        var tables: [String: LineTable] = [:]
        for (path, text) in result.sources { tables[path] = LineTable(text) }
        self.tables = tables
        let parsed = result.scripts
        index = SymbolIndex(scripts: parsed)
        var scripts: [String: ScriptFile] = [:]
        for script in parsed { scripts[script.path] = script }
        self.scripts = scripts
    }

    /// The files of this dialog, in the order the compiler read them.
    public var files: [String] { index.files }

    public func contains(_ path: String) -> Bool { tables[path] != nil }
}
