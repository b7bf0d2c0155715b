/// The outcome of compiling: a dialog when there were no errors, and every
/// diagnostic found on the way (warnings included), sorted by place.
public struct CompileResult: Sendable {
    public var dialog: CompiledDialog?
    public var diagnostics: [Diagnostic]
    /// The text of every file read, by path, for showing lines in diagnostics.
    public var sources: [String: String]
    /// Every file read, parsed, in the order read; kept also when there are
    /// errors, so editor tools can navigate a dialog that does not compile.
    public var scripts: [ScriptFile] = []
}

/// Links parsed scripts into a `CompiledDialog`: resolves names (suggesting
/// near ones), builds the vocabulary and index, and runs the checks.
public enum DialogCompiler {
    /// Compiles the dialog at `path`. `warnings: false` skips the checks that
    /// only warn (unreachable states, unused content…), for front ends that
    /// run a dialog rather than review it; errors are always reported.
    public static func compile(path: String, source: any DialogFileSource = DiskDialogFiles(),
                               warnings: Bool = true) -> CompileResult {
        var loader = DialogLoader(source: source)
        loader.load(path)
        var linker = Linker(files: loader.files, rootPath: DialogPath.normalize(path))
        let dialog = linker.link()
        var diagnostics = loader.diagnostics + linker.diagnostics
        if let dialog, warnings {
            diagnostics += DialogChecks.run(dialog, usage: linker.usage)
        }
        diagnostics = diagnostics.sortedByLocation()
        return CompileResult(dialog: diagnostics.hasErrors ? nil : dialog, diagnostics: diagnostics, sources: loader.sources,
                             scripts: loader.files)
    }
}
