/// Parsed files kept from one compile of a dialog to the next, so that an
/// editor re-checking a folder after an edit parses only the files whose text
/// changed. A file's syntax tree and parse diagnostics depend on nothing but
/// its path and text (`ScriptParser.parse`), so a kept entry is reused only
/// when both are equal to what is read now, and is otherwise parsed again:
/// the result is the same as a fresh compile's, by construction.
public struct ParsedFiles: Sendable {
    struct Entry: Sendable {
        var text: String
        var script: ScriptFile
        var diagnostics: [Diagnostic]
    }

    private var entries: [String: Entry] = [:]
    /// Files parsed (not reused) by the last compile that used this cache; for tests and benchmarks.
    public private(set) var lastParsed: [String] = []

    /// An empty cache: the first compile parses every file.
    public init() {}

    /// The parsed form of `text` as the file at `path`: the kept one if the text is unchanged.
    mutating func parse(_ text: String, path: String) -> (ScriptFile, [Diagnostic]) {
        if let kept = entries[path], kept.text == text { return (kept.script, kept.diagnostics) }
        let (script, diagnostics) = ScriptParser.parse(text, path: path)
        entries[path] = Entry(text: text, script: script, diagnostics: diagnostics)
        lastParsed.append(path)
        return (script, diagnostics)
    }

    /// Starts a compile: forgets which files the previous one parsed.
    mutating func beginCompile() { lastParsed = [] }

    /// Ends a compile: drops files it did not read (deleted, or no longer included).
    mutating func keepOnly(_ paths: some Sequence<String>) {
        let read = Set(paths)
        entries = entries.filter { read.contains($0.key) }
    }
}
