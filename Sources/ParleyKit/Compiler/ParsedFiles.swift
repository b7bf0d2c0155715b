#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsed files kept from one compile of a dialog to the next, so that an
/// editor re-checking a folder after an edit parses only what changed.
///
/// Two grains, both exact by construction:
///
/// - a file whose path and text are unchanged is not parsed at all: a file's
///   syntax tree and parse diagnostics depend on nothing else
///   (`ScriptParser.parse`);
/// - in a file that changed, each top-level block (a line at the left margin
///   and everything indented under it, up to the next such line) is parsed
///   again only if its text or its place (line, column and byte offset, which
///   every location in it is counted from) changed. The parser reads a block
///   without looking at any other (`ScriptParser.parseTopLevel` only appends
///   to the file), so the file is the blocks' parses joined in order, after
///   the outline's own diagnostics, as `ScriptParser.parse` gives them. An
///   edit to one state of a 16,000-line file re-parses that state and the
///   blocks whose offset it moved, not the 5,000 intents above it.
public struct ParsedFiles: Sendable {
    struct Entry: Sendable {
        var text: String
        var script: ScriptFile
        var diagnostics: [Diagnostic]
        /// The file's top-level blocks, by the byte offset where each starts.
        var blocks: [Int: Block]
    }

    struct Block: Sendable {
        var line: Int
        var column: Int
        /// The block's bytes, from its first line's text to the next block's.
        var text: Substring
        var script: ScriptFile
        var diagnostics: [Diagnostic]
    }

    private var entries: [String: Entry] = [:]
    /// Keyword and pattern texts' words, for the linker (see WordsMemo).
    var wordsMemo = WordsMemo()
    /// Keyword, pattern and label texts' terms, for the linker (see TermsJournal).
    var termsJournal = TermsJournal()
    /// Intents' match entries, for the linker (see IntentEntriesMemo).
    var intentEntriesMemo = IntentEntriesMemo()
    /// Files parsed (not reused) by the last compile that used this cache; for tests and benchmarks.
    public private(set) var lastParsed: [String] = []
    /// Top-level blocks parsed (not reused) by the last compile, in all files; for tests and benchmarks.
    public private(set) var lastParsedBlocks = 0

    /// An empty cache: the first compile parses every file.
    public init() {}

    /// The parsed form of `text` as the file at `path`: the kept one if the
    /// text is unchanged, else its blocks joined, the unchanged ones kept.
    mutating func parse(_ text: String, path: String) -> (ScriptFile, [Diagnostic]) {
        let kept = entries.removeValue(forKey: path)
        // Bytes, not Characters: canonically equivalent texts can parse to different offsets.
        if let kept, sameBytes(kept.text.utf8, text.utf8) {
            entries[path] = kept
            return (kept.script, kept.diagnostics)
        }
        var diagnostics: [Diagnostic] = []
        let roots = Outline.build(text, path: path, diagnostics: &diagnostics)
        var file = ScriptFile(path: path)
        var blocks: [Int: Block] = [:]
        blocks.reserveCapacity(roots.count)
        let end = text.utf8.endIndex
        for (k, root) in roots.enumerated() {
            let start = root.text.startIndex
            let span = text[start..<(k + 1 < roots.count ? roots[k + 1].text.startIndex : end)]
            let offset = root.text.fileOffset(of: start)
            var block: Block
            if let old = kept?.blocks[offset], old.line == root.number, old.column == root.column, sameBytes(old.text.utf8, span.utf8) {
                block = old
                // The same bytes, held from the new text: an old text is not kept alive by its blocks.
                block.text = span
            } else {
                var parser = ScriptParser(path: path)
                var fragment = ScriptFile(path: path)
                parser.parseTopLevel(root, into: &fragment)
                block = Block(line: root.number, column: root.column, text: span, script: fragment, diagnostics: parser.diagnostics)
                lastParsedBlocks += 1
            }
            file.append(block.script)
            diagnostics += block.diagnostics
            blocks[offset] = block
        }
        entries[path] = Entry(text: text, script: file, diagnostics: diagnostics, blocks: blocks)
        lastParsed.append(path)
        return (file, diagnostics)
    }

    /// Whether `a` and `b` hold the same bytes. `elementsEqual` walked the two
    /// views a byte at a time through their indices (35M instructions of a
    /// 51-file re-check, callgrind, 2026-11-30); an editor's texts are native
    /// strings, contiguous, so one `memcmp` does it.
    private func sameBytes<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        let equal = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
            }
        }
        return (equal ?? nil) ?? a.elementsEqual(b)
    }

    /// Starts a compile: forgets which files and blocks the previous one parsed.
    mutating func beginCompile() {
        lastParsed = []
        lastParsedBlocks = 0
    }

    /// Ends a compile: drops files it did not read (deleted, or no longer included).
    mutating func keepOnly(_ paths: some Sequence<String>) {
        let read = Set(paths)
        entries = entries.filter { read.contains($0.key) }
    }
}

extension ScriptFile {
    /// Appends every declaration of `other` (a block of the same file, parsed
    /// alone) after this file's own, kind by kind: the file as one parse of
    /// both would give it. Every stored list of declarations must be here;
    /// ParsedFilesTests compares a file joined from blocks with one parsed
    /// whole, field by field, on a file with every kind of declaration.
    mutating func append(_ other: ScriptFile) {
        headers += other.headers
        includes += other.includes
        synonyms += other.synonyms
        reflections += other.reflections
        intents += other.intents
        quotes += other.quotes
        faqs += other.faqs
        lists += other.lists
        states += other.states
        globals += other.globals
        repairs += other.repairs
        wordClasses += other.wordClasses
        swaps += other.swaps
        groups += other.groups
        memories += other.memories
        noFits += other.noFits
        cares += other.cares
        answerClasses += other.answerClasses
    }
}
