/// The outcome of compiling: a dialog when there were no errors, and every
/// diagnostic found on the way (warnings included), sorted by place.
public struct CompileResult: Sendable {
    /// The compiled dialog; nil when any diagnostic is an error.
    public var dialog: CompiledDialog?
    /// The diagnostics shown, sorted by file, line and column; at most
    /// `DialogCompiler.maximumDiagnosticsPerFile` per file (the rest are counted
    /// in `errorCount` and `warningCount` and summed up by one P190 line).
    public var diagnostics: [Diagnostic]
    /// The text of every file read, by path, for showing lines in diagnostics.
    public var sources: [String: String]
    /// Errors and warnings beyond those kept in `diagnostics` (see `DialogCompiler.maximumDiagnosticsPerFile`).
    var hiddenErrors = 0
    var hiddenWarnings = 0

    /// Errors found, those not shown included.
    public var errorCount: Int { diagnostics.count(where: { $0.severity == .error }) + hiddenErrors }
    /// Warnings found, those not shown included; the P190 line that counts the rest is not one.
    public var warningCount: Int {
        diagnostics.count(where: { $0.severity == .warning && $0.code != .notShown }) + hiddenWarnings
    }

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
    /// `path` is a `.dialog` file or a folder of them, read through `source`.
    /// Never throws: every problem, a missing or unreadable file included, is
    /// a diagnostic in the result, whose `dialog` is nil when any is an error.
    public static func compile(path: String, source: any DialogFileSource = DiskDialogFiles(),
                               warnings: Bool = true) -> CompileResult {
        var parsed = ParsedFiles()
        return compile(path: path, source: source, warnings: warnings, diagnosticsOnly: false, parsed: &parsed)
    }

    /// The one compile behind `compile(path:source:warnings:)` and
    /// `diagnose(path:source:parsed:)` (DialogCompiler+Editor.swift).
    static func compile(path: String, source: any DialogFileSource, warnings: Bool, diagnosticsOnly: Bool,
                        parsed: inout ParsedFiles) -> CompileResult {
        var loader = DialogLoader(source: source)
        loader.parsedFiles = parsed
        parsed = ParsedFiles()  // one owner while loading, so the kept files are not copied
        loader.parsedFiles.beginCompile()
        loader.load(path)
        parsed = loader.parsedFiles
        parsed.keepOnly(loader.sources.keys)
        // Nothing read: the loader has said why; linking nothing would only add errors about it.
        if loader.files.isEmpty {
            return CompileResult(dialog: nil, diagnostics: loader.diagnostics.sortedByLocation(), sources: loader.sources,
                                 scripts: loader.files)
        }
        var linker = Linker(files: loader.files, rootPath: DialogPath.normalize(path))
        linker.diagnosticsOnly = diagnosticsOnly
        linker.wordsMemo = parsed.wordsMemo
        linker.termsJournal = parsed.termsJournal
        linker.intentEntriesMemo = parsed.intentEntriesMemo
        parsed.wordsMemo = WordsMemo()  // one owner while linking, as above
        parsed.termsJournal = TermsJournal()
        parsed.intentEntriesMemo = IntentEntriesMemo()
        var dialog = linker.link()
        parsed.wordsMemo = linker.wordsMemo
        parsed.termsJournal = linker.termsJournal
        parsed.intentEntriesMemo = linker.intentEntriesMemo
        parsed.wordsMemo.endCompile()
        if !diagnosticsOnly { dialog?.stampIdentities(sources: loader.sources) }
        var diagnostics = loader.diagnostics + linker.diagnostics
        if let dialog, warnings {
            diagnostics += DialogChecks.run(dialog, usage: linker.usage)
            diagnostics += CaptureChecks.run(files: loader.files, dialog: dialog)
        }
        let errors = diagnostics.count(where: { $0.severity == .error })
        // A dialog linked for diagnostics only lacks its typo index: it must not be run.
        var result = CompileResult(dialog: errors > 0 || diagnosticsOnly ? nil : dialog, diagnostics: capped(diagnostics.sortedByLocation()),
                                   sources: loader.sources, scripts: loader.files)
        result.hiddenErrors = errors - result.diagnostics.count(where: { $0.severity == .error })
        result.hiddenWarnings = diagnostics.count - errors - result.warningCount
        return result
    }

    /// At most this many diagnostics are shown per file, of every kind (reading,
    /// parsing, linking and checks); one more line then says how many were not
    /// shown. A binary file or a generated script with thousands of faults would
    /// otherwise bury the useful messages (one input printed 5,001 errors).
    public static let maximumDiagnosticsPerFile = 100

    /// Keeps the first `maximumDiagnosticsPerFile` of each file, errors before
    /// warnings (so a dialog that has errors still shows some), in the order
    /// given, and adds a P190 summary after each file that had more.
    static func capped(_ sorted: [Diagnostic]) -> [Diagnostic] {
        var groups: [(file: String?, items: [Diagnostic])] = []
        for diagnostic in sorted {
            let file = diagnostic.location?.file
            if let last = groups.indices.last, groups[last].file == file {
                groups[last].items.append(diagnostic)
            } else if let index = groups.firstIndex(where: { $0.file == file }) {
                groups[index].items.append(diagnostic)
            } else {
                groups.append((file, [diagnostic]))
            }
        }
        var result: [Diagnostic] = []
        for (file, items) in groups {
            guard items.count > maximumDiagnosticsPerFile else { result += items; continue }
            let errors = items.indices.filter { items[$0].severity == .error }
            let warnings = items.indices.filter { items[$0].severity != .error }
            let kept = Set((errors + warnings).prefix(maximumDiagnosticsPerFile))
            result += items.indices.filter(kept.contains).map { items[$0] }
            let hiddenErrors = errors.filter { !kept.contains($0) }.count
            let hiddenWarnings = warnings.filter { !kept.contains($0) }.count
            var counts: [String] = []
            if hiddenErrors > 0 { counts.append(hiddenErrors == 1 ? "1 error" : "\(hiddenErrors) errors") }
            if hiddenWarnings > 0 { counts.append(hiddenWarnings == 1 ? "1 warning" : "\(hiddenWarnings) warnings") }
            let place = file.map { "'\($0)'" } ?? "the dialog"
            result.append(Diagnostic(
                .notShown, "\(items.count - maximumDiagnosticsPerFile) more not shown in \(place) (\(counts.joined(separator: ", "))); "
                    + "only the first \(maximumDiagnosticsPerFile) problems of a file are listed",
                at: nil))
        }
        return result
    }
}
