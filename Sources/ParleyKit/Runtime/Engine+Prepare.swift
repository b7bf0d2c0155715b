extension Engine {
    /// Builds what the first turn of any dialog builds once per process (the
    /// line reader's table of word lists, about 0.45 M instructions), so that
    /// a front end with a core to spare before its dialog is ready can build
    /// it meanwhile: `parley chat` calls it while the dialog decodes on the
    /// other core. Never needed for correctness; a second call costs nothing.
    public static func prepareFirstTurn() {
        withExtendedLifetime(ReadingWords.shared) {}
    }
}
