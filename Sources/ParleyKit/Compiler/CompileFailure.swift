extension CompileResult {
    /// A compilation that could not begin: no dialog, one error (a DIALOG
    /// argument that names several dialogs, say), no sources.
    public init(failure: Diagnostic) {
        self.init(dialog: nil, diagnostics: [failure], sources: [:])
    }
}
