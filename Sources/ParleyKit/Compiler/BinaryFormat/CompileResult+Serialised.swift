extension CompileResult {
    /// A dialog read from the compiled-dialog format (`CompiledDialog.serialised()`)
    /// instead of compiled: no diagnostics, as it compiled without errors
    /// when it was written. `bytes` are read in place during the call only
    /// (the built-in dialogs' are the string literal the build embedded).
    /// `sources` are the texts of its files by path, for showing places in
    /// messages; nothing is parsed. Bytes that cannot be read give no dialog
    /// and one error that says why.
    public init(serialised bytes: UnsafeBufferPointer<UInt8>, sources: [String: String], name: String) {
        do {
            self.init(dialog: try CompiledDialog(serialised: bytes), diagnostics: [], sources: sources)
        } catch {
            self.init(failure: Diagnostic(.unreadableFile, "the compiled dialog '\(name)' cannot be read: \(error)", at: nil))
        }
    }
}
