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
            func position(_ index: String.Index) -> LSPPosition {
                let before = text[..<index]
                let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
                return LSPPosition(line: before.count(where: { $0 == "\n" }), character: text[lineStart..<index].utf16.count)
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
        mutating func expectSameAsLint(trees: Bool = false, _ sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String] {
            _ = server.flush()
            var texts = disk
            for (path, text) in open { texts[path] = text }
            let fresh = DialogCompiler.compile(path: root, source: InMemoryDialogFiles(texts))
            let compiled = server.snapshot(root: root)
            let snapshot = try #require(compiled, sourceLocation: sourceLocation)
            #expect(snapshot.result.diagnostics == fresh.diagnostics, sourceLocation: sourceLocation)
            #expect(snapshot.result.errorCount == fresh.errorCount, sourceLocation: sourceLocation)
            #expect(snapshot.result.warningCount == fresh.warningCount, sourceLocation: sourceLocation)
            #expect(snapshot.result.sources == fresh.sources, sourceLocation: sourceLocation)
            #expect(snapshot.index.occurrences == SymbolIndex(scripts: fresh.scripts).occurrences, sourceLocation: sourceLocation)
            for (path, table) in snapshot.tables { #expect(table.text == fresh.sources[path], sourceLocation: sourceLocation) }
            // The syntax trees themselves, field by field (the kept blocks' locations included).
            if trees { #expect(dumped(snapshot.result.scripts) == dumped(fresh.scripts), sourceLocation: sourceLocation) }
            return server.parsedFiles[root]?.lastParsed ?? []
        }
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
