/// Compiling for an editor: the language server re-checks a dialog after
/// every edit and needs only its diagnostics, fast.
extension DialogCompiler {
    /// The diagnostics of `compile(path:source:)`, exactly the same (same
    /// pipeline: loading, parsing, linking and every check), with less work:
    ///
    /// - files whose text is unchanged since the last call with the same
    ///   `parsed` are not parsed again (`ParsedFiles`);
    /// - the keyword, pattern and label texts' terms are the last call's while
    ///   the texts asked for agree with it (`TermsJournal`), so an edit that
    ///   leaves the vocabulary alone interns no stems again;
    /// - an intent's match entries are the last call's while the journal
    ///   replays and its declaration (places included) is the same
    ///   (`IntentEntriesMemo`);
    /// - the matcher's typo index, which diagnostics do not need, is not built
    ///   (about a tenth of a compile), so `dialog` is always nil.
    ///
    /// `sources` and `scripts` are filled as by `compile`.
    public static func diagnose(path: String, source: any DialogFileSource, parsed: inout ParsedFiles) -> CompileResult {
        compile(path: path, source: source, warnings: true, diagnosticsOnly: true, parsed: &parsed)
    }
}
