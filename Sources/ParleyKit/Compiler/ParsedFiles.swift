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
/// Three grains, each exact by construction:
///
/// - a file whose path and text are unchanged is not parsed at all: a file's
///   syntax tree and parse diagnostics depend on nothing else
///   (`ScriptParser.parse`);
/// - a file that changed is cut into segments at its block starts (a
///   meaningful line at the left margin, `Outline.isBlockStart`), a byte scan
///   of the file; a segment is a top-level block and everything up to the
///   next (plus, first, whatever comes before the first). Where a block
///   starts the outline holds nothing open, and the parser reads a block
///   without looking at any other (`ScriptParser.parseTopLevel` only appends
///   to the file), so the file is its segments' outlines and parses joined in
///   order: the outlines' diagnostics first, then the parses', as
///   `ScriptParser.parse` gives them (nesting too deep reported once). A
///   segment is outlined and parsed again only if its bytes or its place (line
///   and byte offset, which every location in it is counted from) changed. An
///   edit to one state of a 16,000-line file outlines and parses that state
///   and the blocks whose offset it moved, not the 5,000 intents above it;
/// - in a segment parsed again, an `on` line with nothing below it whose
///   text a segment parsed before held is not parsed again either: its
///   trigger is placed where the line now is (`TriggerLinesMemo`). An edit
///   to one of a state's 5,000 handlers parses that one line.
public struct ParsedFiles: Sendable {
    struct Entry: Sendable {
        var text: String
        var script: ScriptFile
        var diagnostics: [Diagnostic]
        /// The file's segments, by the byte offset where each starts.
        var blocks: [Int: Block]
    }

    /// One segment of a file, outlined and parsed alone.
    struct Block: Sendable {
        /// The line the segment starts on (1-based).
        var line: Int
        /// The segment's bytes, from its first line's start to the next segment's.
        var text: Substring
        var script: ScriptFile
        /// The segment's outline diagnostics (indentation, nesting), then its parse's.
        var outlineDiagnostics: [Diagnostic]
        var diagnostics: [Diagnostic]
        /// Its one-line triggers by text, places relative (see `TriggerLinesMemo`):
        /// when the segment changes, its unchanged `on` lines are not parsed again.
        var triggerLines: [String: TriggerDecl]
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
    /// One-line `on` lines parsed (not reused) in the blocks parsed again by the last compile; for tests.
    public private(set) var lastParsedTriggerLines = 0

    /// An empty cache: the first compile parses every file.
    public init() {}

    /// The parsed form of `text` as the file at `path`: the kept one if the
    /// text is unchanged, else its segments joined, the unchanged ones kept.
    mutating func parse(_ text: String, path: String) -> (ScriptFile, [Diagnostic]) {
        let kept = entries.removeValue(forKey: path)
        // Bytes, not Characters: canonically equivalent texts can parse to different offsets.
        if let kept, sameBytes(kept.text.utf8, text.utf8) {
            entries[path] = kept
            return (kept.script, kept.diagnostics)
        }
        var text = text
        text.makeContiguousUTF8()
        let starts = Self.segmentStarts(text)
        var file = ScriptFile(path: path)
        var blocks: [Int: Block] = [:]
        blocks.reserveCapacity(starts.count)
        var outlineDiagnostics: [Diagnostic] = []
        var parseDiagnostics: [Diagnostic] = []
        var reportedDepth = false
        let utf8 = text.utf8
        let spans = starts.indices.map { k in
            text[utf8.index(utf8.startIndex, offsetBy: starts[k].offset)..<(k + 1 < starts.count
                ? utf8.index(utf8.startIndex, offsetBy: starts[k + 1].offset) : utf8.endIndex)]
        }
        // The old segments kept as they are (same bytes, same place), by offset.
        var unchanged = Set<Int>()
        for (k, start) in starts.enumerated() {
            if let old = kept?.blocks[start.offset], old.line == start.line, sameBytes(old.text.utf8, spans[k].utf8) {
                unchanged.insert(start.offset)
            }
        }
        // The one-line triggers of the old segments not kept, for the segments parsed again.
        var triggerLines: [String: TriggerDecl]?
        for (k, start) in starts.enumerated() {
            let span = spans[k]
            var block: Block
            if unchanged.contains(start.offset), let old = kept?.blocks[start.offset] {
                block = old
                // The same bytes, held from the new text: an old text is not kept alive by its blocks.
                block.text = span
            } else {
                if triggerLines == nil { triggerLines = Self.triggerLines(of: kept, except: unchanged) }
                var outlined: [Diagnostic] = []
                let roots = Outline.build(span, firstLine: start.line, path: path, diagnostics: &outlined)
                var parser = ScriptParser(path: path)
                parser.triggerLines = TriggerLinesMemo(kept: triggerLines ?? [:])
                var fragment = ScriptFile(path: path)
                for root in roots { parser.parseTopLevel(root, into: &fragment) }
                block = Block(line: start.line, text: span, script: fragment, outlineDiagnostics: outlined,
                              diagnostics: parser.diagnostics, triggerLines: parser.triggerLines?.recorded ?? [:])
                lastParsedBlocks += 1
                lastParsedTriggerLines += parser.triggerLines?.parsed ?? 0
            }
            file.append(block.script)
            for diagnostic in block.outlineDiagnostics {
                // The whole file's outline reports nesting too deep once, at the first place.
                if diagnostic.code == .tooDeep {
                    if reportedDepth { continue }
                    reportedDepth = true
                }
                outlineDiagnostics.append(diagnostic)
            }
            parseDiagnostics += block.diagnostics
            blocks[start.offset] = block
        }
        let diagnostics = outlineDiagnostics + parseDiagnostics
        entries[path] = Entry(text: text, script: file, diagnostics: diagnostics, blocks: blocks)
        lastParsed.append(path)
        return (file, diagnostics)
    }

    /// The kept one-line triggers of `entry`'s segments but those at `unchanged` offsets, by text.
    private static func triggerLines(of entry: Entry?, except unchanged: Set<Int>) -> [String: TriggerDecl] {
        var merged: [String: TriggerDecl] = [:]
        for (offset, block) in entry?.blocks ?? [:] where !block.triggerLines.isEmpty && !unchanged.contains(offset) {
            if merged.isEmpty { merged = block.triggerLines } else { merged.merge(block.triggerLines) { first, _ in first } }
        }
        return merged
    }

    /// Where `text`'s segments start (byte offset, 1-based line): the file's
    /// start, then every block start after it. One pass over the bytes
    /// (`memchr` for line ends), each line's first byte or two deciding but
    /// for rare lines (see `Outline.isBlockStart`).
    static func segmentStarts(_ text: String) -> [(offset: Int, line: Int)] {
        var starts: [(offset: Int, line: Int)] = [(0, 1)]
        let utf8 = text.utf8
        let scanned: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var offset = 0
            var line = 1
            while offset < count {
                let end = memchr(base + offset, 0x0A, count - offset).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? count
                if offset > 0, Outline.isBlockStart(
                    Substring(utf8[utf8.index(utf8.startIndex, offsetBy: offset)..<utf8.index(utf8.startIndex, offsetBy: end)])) {
                    starts.append((offset, line))
                }
                offset = end + 1
                line += 1
            }
        }
        precondition(scanned != nil, "segmentStarts needs contiguous UTF-8 (makeContiguousUTF8)")
        return starts
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
        lastParsedTriggerLines = 0
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
