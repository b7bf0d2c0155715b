import Foundation
import Testing
@testable import ParleyKit
@testable import ParleyLSP

/// The server's re-check after an edit reuses the files it parsed before
/// (`ParsedFiles`) and skips the typo index (`DialogCompiler.diagnose`); its
/// diagnostics and names must still be exactly those of a fresh full compile
/// (`parley lint`) of the same texts. Each step below changes what some file
/// parses to, so a kept file that was stale would show here.
@Suite struct RecheckTests {
    /// The package's own folder, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A server over `files` (in memory, as if on disk), with `root` as its workspace.
    struct Editor {
        var server = LanguageServer(disk: InMemoryDialogFiles([:]))
        let root: String
        let disk: [String: String]
        /// The open documents' text.
        var open: [String: String] = [:]
        var version = 1

        init(root: String, files: [String: String]) {
            self.root = root
            disk = files
            server = LanguageServer(disk: InMemoryDialogFiles(files))
            _ = server.handle(message: .object(["jsonrpc": .string("2.0"), "id": .int(1), "method": .string("initialize"),
                                                "params": .object(["rootUri": .string(DocumentURI.uri(root)),
                                                                   "capabilities": .object([])])]))
        }

        mutating func send(_ method: String, _ document: JSONValue, _ extra: [JSONMember] = []) {
            _ = server.handle(message: .object(["jsonrpc": .string("2.0"), "method": .string(method),
                                                "params": .object([JSONMember(key: "textDocument", value: document)] + extra)]))
        }

        mutating func open(_ path: String) {
            open[path] = disk[path]!
            send("textDocument/didOpen", .object(["uri": .string(DocumentURI.uri(path)), "languageId": .string("parley"),
                                                  "version": .int(1), "text": .string(disk[path]!)]))
        }

        /// Replaces the first `old` in the open document with `new` (an incremental change at its UTF-16 range).
        mutating func replace(_ path: String, _ old: String, with new: String) throws {
            let text = try #require(open[path])
            let range = try #require(text.range(of: old), "'\(old)' is not in \(path)")
            replace(path, range, with: new)
        }

        /// Replaces `range` of the open document's text with `new` (an incremental change at its UTF-16 range).
        mutating func replace(_ path: String, _ range: Range<String.Index>, with new: String) {
            let text = open[path]!
            func position(_ index: String.Index) -> LSPPosition {
                // By bytes: "\r\n" is one Character, which a test for "\n" would miss.
                let before = text[..<index].utf8
                let lineStart = before.lastIndex(of: 0x0A).map { text.utf8.index(after: $0) } ?? text.startIndex
                return LSPPosition(line: before.count(where: { $0 == 0x0A }), character: text[lineStart..<index].utf16.count)
            }
            let start = position(range.lowerBound)
            let end = position(range.upperBound)
            version += 1
            send("textDocument/didChange", .object(["uri": .string(DocumentURI.uri(path)), "version": .int(version)]), [
                JSONMember(key: "contentChanges", value: .array([.object([
                    "range": LSPRange(start: start, end: end).json, "text": .string(new),
                ])])),
            ])
            open[path] = text.replacingCharacters(in: range, with: new)
        }

        mutating func close(_ path: String) {
            open[path] = nil
            send("textDocument/didClose", .object(["uri": .string(DocumentURI.uri(path))]))
        }

        /// Re-checks, and compares with a fresh full compile of the texts the editor shows.
        /// Returns the files the re-check parsed.
        @discardableResult
        mutating func expectSameAsLint(trees: Bool = false, _ comment: Comment? = nil,
                                       _ sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String] {
            _ = server.flush()
            var texts = disk
            for (path, text) in open { texts[path] = text }
            let fresh = DialogCompiler.compile(path: root, source: InMemoryDialogFiles(texts))
            let compiled = server.snapshot(root: root)
            let snapshot = try #require(compiled, comment, sourceLocation: sourceLocation)
            #expect(snapshot.result.diagnostics == fresh.diagnostics, comment, sourceLocation: sourceLocation)
            #expect(snapshot.result.errorCount == fresh.errorCount, comment, sourceLocation: sourceLocation)
            #expect(snapshot.result.warningCount == fresh.warningCount, comment, sourceLocation: sourceLocation)
            #expect(snapshot.result.sources == fresh.sources, comment, sourceLocation: sourceLocation)
            // The terms the linker used (replayed or worked out), and the vocabulary, as a fresh compile's.
            var freshParsed = ParsedFiles()
            _ = DialogCompiler.diagnose(path: root, source: InMemoryDialogFiles(texts), parsed: &freshParsed)
            let keptTerms = try #require(server.parsedFiles[root]?.termsJournal.lastTerms, comment, sourceLocation: sourceLocation)
            let freshTerms = try #require(freshParsed.termsJournal.lastTerms, comment, sourceLocation: sourceLocation)
            #expect(RecheckTests.firstDifference(keptTerms.entries, freshTerms.entries) == nil, comment, sourceLocation: sourceLocation)
            #expect(RecheckTests.firstDifference(keptTerms.stems, freshTerms.stems) == nil, comment, sourceLocation: sourceLocation)
            // The intents' match entries (kept or rebuilt) and their diagnostics, places with their offsets, as a fresh compile's.
            let keptEntries = try #require(server.parsedFiles[root]?.intentEntriesMemo.lastCompiled, comment, sourceLocation: sourceLocation)
            let freshEntries = freshParsed.intentEntriesMemo.lastCompiled
            #expect(dumped(keptEntries.entries) == dumped(freshEntries.entries), comment, sourceLocation: sourceLocation)
            #expect(dumped(keptEntries.diagnostics) == dumped(freshEntries.diagnostics), comment, sourceLocation: sourceLocation)
            let index = SymbolIndex(scripts: fresh.scripts)
            #expect(snapshot.index.occurrences == index.occurrences, comment, sourceLocation: sourceLocation)
            #expect(snapshot.index.byFile == index.byFile, comment, sourceLocation: sourceLocation)
            #expect(snapshot.index.bySymbol == index.bySymbol, comment, sourceLocation: sourceLocation)
            for key in Set(index.occurrences.map(\.key)) {
                #expect(snapshot.index.references(of: key) == index.references(of: key), comment, sourceLocation: sourceLocation)
            }
            #expect(snapshot.index.names(of: .variable) == index.names(of: .variable), comment, sourceLocation: sourceLocation)
            for (path, table) in snapshot.tables {
                #expect(table.text == fresh.sources[path], comment, sourceLocation: sourceLocation)
                #expect(RecheckTests.bytes(table.lines) == RecheckTests.referenceLines(table.text), comment, sourceLocation: sourceLocation)
            }
            for (path, text) in open {
                let table = try #require(server.documents[path]?.table, comment, sourceLocation: sourceLocation)
                #expect(table.text == text, comment, sourceLocation: sourceLocation)
                #expect(RecheckTests.bytes(table.lines) == RecheckTests.referenceLines(text), comment, sourceLocation: sourceLocation)
            }
            // The syntax trees themselves, field by field (the kept blocks' locations included).
            if trees { #expect(dumped(snapshot.result.scripts) == dumped(fresh.scripts), comment, sourceLocation: sourceLocation) }
            return server.parsedFiles[root]?.lastParsed ?? []
        }
    }

    /// A text's lines as bytes, each without its "\n" and a "\r" before it: the
    /// plain reading LineTable must agree with (as the parser's outline splits lines).
    static func referenceLines(_ text: String) -> [[UInt8]] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Array(line.last == 0x0D ? line.dropLast() : line)
        }
    }

    static func bytes(_ lines: [Substring]) -> [[UInt8]] { lines.map { Array($0.utf8) } }

    @Test func lineTablesSplitAsTheOutlineDoes() {
        for text in ["", "\n", "a", "a\n", "a\r\n", "\r", "\r\n\r\n", "a\rb\n", "\r\r\n", "😀\r\né\u{301}\n\u{301}", "x\n\ny\r"] {
            #expect(Self.bytes(LineTable(text).lines) == Self.referenceLines(text), "\(Array(text.utf8))")
        }
    }

    /// Where two long lists first differ (a short failure message), or nil when they are equal.
    static func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> String? {
        if let k = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) { return "at \(k): \(a[k]) against \(b[k])" }
        return a.count == b.count ? nil : "\(a.count) items against \(b.count)"
    }

    /// Every field of `value`, nested, as text: two equal dumps are equal trees.
    static func dumped<T>(_ value: T) -> String {
        var out = ""
        dump(value, to: &out)
        return out
    }

    /// Blocks parsed by the last re-check.
    static func parsedBlocks(_ editor: Editor) -> Int { editor.server.parsedFiles[editor.root]?.lastParsedBlocks ?? -1 }

    /// One file, edited block by block: each re-check parses only the blocks
    /// whose text or place changed, and still equals a fresh compile, trees
    /// included. The edits add, remove and rename intents and states, move
    /// every block below them (a line inserted at the top), and break the
    /// syntax (a block's head unindented into its neighbour, a tab).
    @Test func oneFileEditedBlockByBlock() throws {
        let path = "/editor/one.dialog"
        let text = BenchmarkDialogs.generated(intents: 300)
        // The server checks a file as part of its folder's dialog.
        var editor = Editor(root: "/editor", files: [path: text])
        editor.open(path)
        _ = try editor.expectSameAsLint(trees: true)
        let blocks = Self.parsedBlocks(editor)
        #expect(blocks > 300)
        // A reference broken in the hub: the hub and the blocks after it (moved by one byte) only.
        try editor.replace(path, "on i42 -> topic2", with: "on i42x -> topic2")
        #expect(try editor.expectSameAsLint(trees: true) == [path])
        #expect(Self.parsedBlocks(editor) == 12)  // hub, ten topic states, repair
        // An intent renamed in the middle: that intent and everything after it.
        try editor.replace(path, "intent i150\n", with: "intent i150x\n")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedBlocks(editor) < blocks / 2 + 20)
        // The same length of text changed in place: one block.
        try editor.replace(path, "intent i150x\n", with: "intent i151x\n")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedBlocks(editor) == 1)
        // An intent added, one removed, a state added and one removed.
        try editor.replace(path, "intent i7\n", with: "intent fresh\n  keywords: brand new\n\nintent i7\n")
        try editor.replace(path, "intent i8\n", with: "#intent i8\n")
        try editor.replace(path, "state topic3\n", with: "state extra\n  say Extra.\n  go hub\n\nstate topic3\n")
        try editor.replace(path, "state topic4\n", with: "state topic4x\n")
        _ = try editor.expectSameAsLint(trees: true)
        // Broken syntax: a block's head unindented into the block above, a tab, a half-typed line.
        try editor.replace(path, "  keywords: kaloax", with: "keywords: kaloax")
        try editor.replace(path, "  ask What would", with: "\task What would")
        try editor.replace(path, "state topic9\n", with: "state\nstate topic9\n")
        _ = try editor.expectSameAsLint(trees: true)
        // A line inserted at the top moves every block: all parsed again, still the same.
        try editor.replace(path, "dialog ", with: "# a comment\ndialog ")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedBlocks(editor) >= blocks)
        // Mended back, step by step.
        try editor.replace(path, "keywords: kaloax", with: "  keywords: kaloax")
        try editor.replace(path, "\task What would", with: "  ask What would")
        try editor.replace(path, "state\nstate topic9\n", with: "state topic9\n")
        _ = try editor.expectSameAsLint(trees: true)
    }

    /// One-line `on` triggers parsed again.
    static func parsedTriggerLines(_ editor: Editor) -> Int { editor.server.parsedFiles[editor.root]?.lastParsedTriggerLines ?? -1 }

    /// Edits inside the hub state of a generated dialog (300 handlers): the
    /// hub is parsed again, but of its `on` lines only those whose text is new
    /// (`TriggerLinesMemo`); the others are placed where they now are, and the
    /// trees (every place, byte offsets included) equal a fresh compile's.
    @Test func hubEditedLineByLine() throws {
        let path = "/editor/hub.dialog"
        var editor = Editor(root: "/editor", files: [path: BenchmarkDialogs.generated(intents: 300)])
        editor.open(path)
        _ = try editor.expectSameAsLint(trees: true)
        // One `on` line changed: that line is parsed, the 299 others moved by a byte.
        try editor.replace(path, "  on i42 -> topic2\n", with: "  on i42x -> topic2\n")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedTriggerLines(editor) == 1)
        // Back as it was: only the lines of the last parse are kept, so that one line again.
        try editor.replace(path, "  on i42x -> topic2\n", with: "  on i42 -> topic2\n")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedTriggerLines(editor) == 1)
        // Lines added (one twice, one with a non-ASCII name, so columns and bytes differ) and one removed.
        try editor.replace(path, "  on i7 -> topic7\n",
                           with: "  on i7 -> topic7\n  on i9, faq -> topic1\n  on i9, faq -> topic1\n  on café, i8 -> topic2\n")
        try editor.replace(path, "  on i100 -> topic0\n", with: "")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedTriggerLines(editor) == 2)
        // Lines the memo does not keep (a condition, a body below the line, a problem), and a CRLF line end and a tab (it does).
        try editor.replace(path, "  on i11 -> topic1\n", with: "  on i11 if visited topic2 -> topic1\n")
        try editor.replace(path, "  on i12 -> topic2\n", with: "  on i12\n    say Twelve.\n    go topic2\n")
        try editor.replace(path, "  on i13 -> topic3\n", with: "  on i13 ->\n")
        try editor.replace(path, "  on i14 -> topic4\n", with: "  on i14 -> topic4\r\n")
        try editor.replace(path, "  on i15 -> topic5\n", with: "\ton i15 -> topic5\n")
        _ = try editor.expectSameAsLint(trees: true)
        // Re-indented under the line above: it becomes that line's body, and the line above is no longer one line.
        try editor.replace(path, "  on i16 -> topic6\n", with: "    on i16 -> topic6\n")
        _ = try editor.expectSameAsLint(trees: true)
        try editor.replace(path, "    on i16 -> topic6\n", with: "  on i16 -> topic6\n")
        try editor.replace(path, "  on i13 ->\n", with: "  on i13 -> topic3\n")
        _ = try editor.expectSameAsLint(trees: true)
        // The hub's head renamed and the lines below it unchanged: the same triggers, in another state.
        // (The line with a condition is never kept, so it is parsed each time.)
        try editor.replace(path, "state hub\n", with: "state hub2\n")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedTriggerLines(editor) == 1)
        // A line inserted at the top moves every block; the hub's lines are still kept.
        try editor.replace(path, "dialog ", with: "# moved\ndialog ")
        _ = try editor.expectSameAsLint(trees: true)
        #expect(Self.parsedTriggerLines(editor) == 1)
        // A global handler block and an answer class read `on` lines too.
        try editor.replace(path, "state topic0\n",
                           with: "global\n  on i20 -> topic0\n  on i21 -> topic1\n\nanswers a\n  on i20 -> topic0\n\nstate topic0\n")
        _ = try editor.expectSameAsLint(trees: true)
        try editor.replace(path, "  on i21 -> topic1\n", with: "")
        _ = try editor.expectSameAsLint(trees: true)
    }

    /// Every dialog of the package parsed whole and block by block (from an
    /// empty cache, and after an edit at its end) gives the same tree and
    /// diagnostics, for every kind of declaration the language has.
    @Test func blocksJoinToTheWholeFileForEveryDialog() throws {
        let folder = Self.packageRoot.appendingPathComponent("Dialogs")
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        var checked = 0
        for case let relative as String in enumerator where relative.hasSuffix(".dialog") {
            let text = try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
            let path = "/d/" + relative
            var cache = ParsedFiles()
            for version in [text, text + "\nstate late\n  say Late.\n", text] {
                let (script, diagnostics) = cache.parse(version, path: path)
                let (whole, wholeDiagnostics) = ScriptParser.parse(version, path: path)
                #expect(Self.dumped(script) == Self.dumped(whole), "\(relative)")
                #expect(diagnostics == wholeDiagnostics, "\(relative)")
            }
            checked += 1
        }
        #expect(checked >= 15)
    }

    /// Texts whose outline crosses what a segment sees, parsed through one
    /// cache edit after edit and whole: lines before the first block, nesting
    /// too deep in two blocks (reported once), a comment at the margin inside
    /// a block (not a block start), "#" or a space followed by a
    /// combining mark at the margin (not a comment, not indentation), lone
    /// "\r" lines, CRLF, tabs, a file without a final line break, empty text.
    @Test func segmentsJoinToTheWholeFileAtTheEdges() {
        func deep(_ name: String) -> String {
            "state \(name)\n" + (1...70).map { String(repeating: " ", count: $0 * 2) + "if x\n" }.joined()
        }
        let pieces = [
            "  say stray\n# a comment\n   also stray\n",
            "state a\n  say A.\n    say deeper\n   say inconsistent\n# a comment at the margin, inside the block\n  say A2.\n",
            deep("d1"),
            "#\u{301} not a comment\n  say under it\n",
            " \u{301}x at the margin\n  say under it\n",
            "\r\n\rstate cr\n  say CR.\r\n",
            "\tsay tabbed\nstate t\n\tsay T.\n",
            deep("d2"),
            "intent i\n  keywords: hello\n\nstate b\n  on i -> a",
        ]
        var cache = ParsedFiles()
        var versions: [String] = [""]
        for k in pieces.indices {
            versions.append(pieces[..<(k + 1)].joined())  // grown at the end
            versions.append(pieces[k...].joined())  // cut at the start
            versions.append(pieces.enumerated().map { $0.offset == k ? $0.element.uppercased() : $0.element }.joined())
        }
        versions.append(pieces.joined())
        versions.append(pieces.reversed().joined())
        for (n, text) in versions.enumerated() {
            let (script, diagnostics) = cache.parse(text, path: "/d/edges.dialog")
            let (whole, wholeDiagnostics) = ScriptParser.parse(text, path: "/d/edges.dialog")
            #expect(Self.dumped(script) == Self.dumped(whole), "version \(n)")
            #expect(diagnostics == wholeDiagnostics, "version \(n)")
        }
        #expect(ScriptParser.parse(pieces.joined(), path: "/d/x").1.filter { $0.code == .tooDeep }.count == 1)
    }

    @Test func trustCoachAfterASeriesOfEdits() throws {
        let folder = Self.packageRoot.appendingPathComponent("Dialogs/trust")
        let root = "/editor/trust"
        var files: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        for case let relative as String in enumerator where relative.hasSuffix(".dialog") {
            files[root + "/" + relative] = try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
        }
        #expect(files.count >= 10)
        let main = root + "/main.dialog", safety = root + "/safety.dialog"
        let rebuild = root + "/topics/rebuild.dialog", intents = root + "/words/intents.dialog"
        var editor = Editor(root: root, files: files)
        for path in [main, safety, rebuild, intents] { editor.open(path) }
        let first = try editor.expectSameAsLint()
        #expect(Set(first) == Set(files.keys))  // the first check parses every file
        #expect(DialogCompiler.compile(path: root, source: InMemoryDialogFiles(files)).errorCount == 0)

        // An answer class renamed: its users in the same file break.
        try editor.replace(rebuild, "answers rebuild.answers\n", with: "answers rebuild.answersx\n")
        #expect(try editor.expectSameAsLint() == [rebuild])
        // Care mode's state misspelt, in another file.
        try editor.replace(safety, "instead: care.support", with: "instead: care.suport")
        #expect(try editor.expectSameAsLint() == [safety])
        // A half-typed line, then the start state's definition broken: errors across files.
        try editor.replace(intents, "\nintent ", with: "\nintent\nintent ")
        #expect(try editor.expectSameAsLint() == [intents])
        try editor.replace(main, "state welcome\n", with: "stat welcome\n")
        #expect(try editor.expectSameAsLint() == [main])
        // Back to texts parsed before: the kept trees are of the edited texts, so these parse again.
        try editor.replace(rebuild, "answers rebuild.answersx\n", with: "answers rebuild.answers\n")
        try editor.replace(main, "stat welcome\n", with: "state welcome\n")
        #expect(Set(try editor.expectSameAsLint()) == [rebuild, main])
        // Closed unsaved: the file on disk counts again.
        editor.close(safety)
        #expect(try editor.expectSameAsLint() == [safety])
        // The half-typed line mended: only its file is parsed; then nothing changed, nothing to re-check.
        try editor.replace(intents, "\nintent\nintent ", with: "\nintent ")
        #expect(try editor.expectSameAsLint() == [intents])
        #expect(editor.server.flush().isEmpty)
    }

    @Test func generatedFolderOf5000Intents() throws {
        let root = "/editor/generated"
        let files = BenchmarkDialogs.generatedFolder(intents: 5_000, root: root)
        #expect(files.count == 51)
        let main = root + "/main.dialog", part = root + "/intents/part-00.dialog"
        var editor = Editor(root: root, files: files)
        editor.open(main)
        editor.open(part)
        #expect(try editor.expectSameAsLint().count == 51)
        // The intent renamed: the hub's 'on i42' breaks in the other file.
        try editor.replace(part, "intent i42\n", with: "intent i42x\n")
        #expect(try editor.expectSameAsLint() == [part])
        // The hub follows the rename: mended.
        try editor.replace(main, "on i42 -> topic2", with: "on i42x -> topic2")
        #expect(try editor.expectSameAsLint() == [main])
        // A keyword with no words, and a broken pattern.
        try editor.replace(part, "keywords: ", with: "keywords: ..., ")
        try editor.replace(part, "pattern: i feel ", with: "pattern: * ")
        #expect(try editor.expectSameAsLint() == [part])
    }
}

/// Random edits of a generated folder, each re-check compared with a fresh
/// full compile of the same texts: the cases the hand-written series above
/// does not think of (a name moved into another file, a reference changed to
/// another kind of name, a keyword line turned into a reply). The generator is
/// seeded, so a failure names a step that replays exactly.
@Suite struct RandomEditTests {

    /// One edit of one line of an open file, as an editor sends it (a range change).
    static func edit(_ editor: inout RecheckTests.Editor, random: inout SplitMix64, files: [String]) -> String {
        let path = files.randomElement(using: &random)!
        if editor.open[path] == nil { editor.open(path); return "open \(path)" }
        let text = editor.open[path]!
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = Int.random(in: 0..<lines.count, using: &random)
        let line = lines[index]
        // A line from anywhere in the open files, for words and declarations that exist elsewhere.
        let donorPath = editor.open.keys.sorted().randomElement(using: &random)!
        let donorLines = editor.open[donorPath]!.split(separator: "\n", omittingEmptySubsequences: false)
        let donor = String(donorLines.randomElement(using: &random)!)
        let replacement: [String]
        let kind: String
        switch Int.random(in: 0..<8, using: &random) {
        case 0: (kind, replacement) = ("delete", [])
        case 1: (kind, replacement) = ("duplicate", [line, line])
        case 2:
            // A word replaced by a word of another line: a name, a keyword, a target.
            var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let others = donor.split(separator: " ").map(String.init)
            if let word = others.randomElement(using: &random), !words.isEmpty {
                words[Int.random(in: 0..<words.count, using: &random)] = word
            }
            (kind, replacement) = ("word", [words.joined(separator: " ")])
        case 3: (kind, replacement) = ("indent", [line.hasPrefix("  ") ? String(line.dropFirst(2)) : "  " + line])
        case 4: (kind, replacement) = ("insert from \(donorPath)", [donor, line])
        case 5: (kind, replacement) = ("half-typed", [String(line.prefix(Int.random(in: 0...line.count, using: &random)))])
        case 6:
            // A letter changed in place: same length, same place for every block after it.
            var characters = Array(line)
            if !characters.isEmpty { characters[Int.random(in: 0..<characters.count, using: &random)] = "q" }
            (kind, replacement) = ("letter", [String(characters)])
        default:
            // Back to a text of the disk: a file's kept state comes back.
            let original = editor.disk[path]!.split(separator: "\n", omittingEmptySubsequences: false)
            (kind, replacement) = ("restore", [index < original.count ? String(original[index]) : line])
        }
        // The whole line with its newline (the last line has none), as one range change.
        let start = text.index(text.startIndex, offsetBy: lines[..<index].reduce(0) { $0 + $1.count + 1 })
        let hasNewline = index + 1 < lines.count
        let end = text.index(start, offsetBy: line.count + (hasNewline ? 1 : 0))
        let new = replacement.joined(separator: "\n") + (hasNewline && !replacement.isEmpty ? "\n" : "")
        editor.replace(path, start..<end, with: new)
        return "\(kind) at \(path):\(index + 1)"
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomEditsEqualAFreshCompile(seed: UInt64) throws {
        let root = "/editor/random"
        let files = BenchmarkDialogs.generatedFolder(intents: 240, perFile: 30, root: root)
        var editor = RecheckTests.Editor(root: root, files: files)
        editor.open(root + "/main.dialog")
        try editor.expectSameAsLint()
        var random = SplitMix64(state: seed)
        let paths = files.keys.sorted()
        for step in 1...60 {
            let what = Self.edit(&editor, random: &random, files: paths)
            // Several edits before a re-check, as when typing fast; the trees compared now and then.
            guard step % 2 == 0 else { continue }
            try editor.expectSameAsLint(trees: step % 10 == 0, "seed \(seed), step \(step): \(what)")
        }
    }
}
