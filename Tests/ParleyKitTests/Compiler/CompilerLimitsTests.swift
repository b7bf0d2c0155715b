import Foundation
@testable import ParleyKit
import Testing

/// Issue 17: the compiler survives any script. One test per finding, with its
/// reproducer; costs are counted in operations (`WorkMeter`), never timed.
@Suite struct CompilerLimitsTests {
    static let head = "dialog T\nstart a\nstate a\n"

    static func compile(_ text: String) -> CompileResult {
        DialogCompiler.compile(path: "t.dialog", source: InMemoryDialogFiles(["t.dialog": text]))
    }

    static func shown(_ result: CompileResult) -> String {
        let formatter = DiagnosticFormatter(sources: result.sources)
        return result.diagnostics.map(formatter.format).joined(separator: "\n")
    }

    /// Compiles and shows the diagnostics with a meter bound; returns the steps counted.
    static func steps(_ text: String) -> Int {
        let meter = WorkMeter()
        WorkMeter.$current.withValue(meter) { _ = shown(compile(text)) }
        return meter.steps
    }

    // MARK: - Finding 1: recursion

    @Test(arguments: [50_000, 400_000])
    func aLongChainOfNotIsADiagnosticNotAStackOverflow(_ count: Int) {
        let result = Self.compile(Self.head + "  if " + String(repeating: "not ", count: count) + "x\n    end\n  end\n")
        #expect(result.dialog == nil)
        #expect(result.diagnostics.contains { $0.code == .tooDeep })
    }

    @Test func longAndOrChainsAndParenthesesAreBoundedToo() {
        let and = Self.compile(Self.head + "  if x" + String(repeating: " and x", count: 30_000) + "\n    end\n  end\n")
        #expect(and.diagnostics.contains { $0.code == .tooDeep })
        let or = Self.compile(Self.head + "  if x" + String(repeating: " or not x", count: 30_000) + "\n    end\n  end\n")
        #expect(or.diagnostics.contains { $0.code == .tooDeep })
        let parens = Self.compile(Self.head + "  if " + String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
            + "\n    end\n  end\n")
        #expect(parens.diagnostics.contains { $0.code == .tooDeep })
    }

    @Test func theLimitIsSixtyFourLevels() {
        // 64 terms joined by 'and' make a tree 64 deep: accepted; one more is refused.
        let ok = Self.compile(Self.head + "  set x to yes\n  if x" + String(repeating: " and x", count: 63) + "\n    end\n  end\n")
        #expect(ok.dialog != nil, "\(ok.diagnostics)")
        let deep = Self.compile(Self.head + "  set x to yes\n  if x" + String(repeating: " and x", count: 64) + "\n    end\n  end\n")
        #expect(deep.diagnostics.map(\.code) == [.tooDeep])
    }

    @Test func aLongChainOfAutomaticStatesIsCheckedWithoutRecursion() {
        // The automatic-loop check walked states recursively, one frame per state in a chain.
        var text = "dialog T\nstart s0\n"
        for k in 0..<100_000 { text += "state s\(k)\n  go s\(k + 1)\n" }
        text += "state s100000\n  go s0\n"
        let result = Self.compile(text)
        #expect(result.diagnostics.contains { $0.code == .automaticLoop })
    }

    @Test func includesNestedDeeperThanTheLimitAreRefused() {
        var files = ["f0.dialog": Self.head + "  end\ninclude f1.dialog\n"]
        for k in 1...100 { files["f\(k).dialog"] = "include f\(k + 1).dialog\n" }
        files["f101.dialog"] = "state b\n  end\n"
        let result = DialogCompiler.compile(path: "f0.dialog", source: InMemoryDialogFiles(files))
        #expect(result.diagnostics.contains { $0.code == .tooDeep && $0.message.contains("includes nested") })
    }

    // MARK: - Finding 2: cost linear in line length

    @Test func placeholdersKeywordsAndLongLinesCostLinearWork() {
        for make in [
            { (n: Int) in Self.head + "  say " + String(repeating: "{x} ", count: n) + "\n  end\n" },
            { (n: Int) in "dialog T\nstart a\nintent i\n  keywords: " + (0..<n).map { "w\($0)" }.joined(separator: ", ")
                + "\nstate a\n  on i -> a\n  end\n" },
            { (n: Int) in Self.head + "  say " + String(repeating: "café {x} ", count: n) + "\n  end\n" },
        ] {
            let small = Self.steps(make(4_000))
            let large = Self.steps(make(8_000))
            // Twice the line, twice the work (not four times, as when each token's column was counted from the line's start).
            #expect(Double(large) < 2.3 * Double(small), "\(small) → \(large)")
        }
    }

    @Test func columnsAreCharactersAndOffsetsAreBytes() {
        // "e" + U+0301 is one character (two scalars, three bytes).
        let text = Self.head + "  on anything\n    say cafe\u{301} naïve {1}\n  end\n"
        let result = Self.compile(text)
        let capture = result.diagnostics.first { $0.code == .unknownCapture }
        #expect(capture?.location?.line == 5)
        #expect(capture?.location?.column == 20)
        let offset = try? #require(capture?.location?.offset)
        let bytes = Array(text.utf8)
        #expect(offset.map { String(decoding: bytes[$0..<($0 + 3)], as: UTF8.self) } == "{1}")
    }

    @Test func theFirstBadUTF8ByteIsLocatedInCharacters() {
        let bytes = Array("\u{FEFF}dialog T\nsay cafe\u{301} ".utf8) + [0xFF] + Array("\n".utf8)
        let result = DialogCompiler.compile(path: "u.dialog", source: Bytes(["u.dialog": bytes]))
        let location = result.diagnostics.first { $0.code == .unreadableFile }?.location
        #expect(location?.line == 2)
        #expect(location?.column == 10)  // 9 characters before it; 10 scalars
        #expect(location?.offset == bytes.count - 2 - 3)  // in the text as kept: without the BOM
    }

    // MARK: - Finding 3: diagnostics bounded, and shown without rescanning the file

    @Test func linkerErrorsAreCappedWithACount() {
        // The input printed 5,001 errors, each echoing its whole line.
        let name = String(repeating: "z", count: 2_000)
        let result = Self.compile(Self.head + String(repeating: "  go \(name)\n", count: 5_001) + "  end\n")
        #expect(result.diagnostics.count == DialogCompiler.maximumDiagnosticsPerFile + 1)
        let last = try? #require(result.diagnostics.last)
        #expect(last?.code == .notShown)
        #expect(last?.message.hasPrefix("4901 more not shown") == true)
        #expect(result.errorCount == 5_001)
        #expect(result.warningCount == 0)
        let output = Self.shown(result)
        #expect(output.utf8.count < 101 * 1_200, "\(output.utf8.count) bytes")
        #expect(output.split(separator: "\n").allSatisfy { $0.count <= 420 })
    }

    @Test func showingDiagnosticsDoesNotRescanTheFile() {
        // 3 MB of comments, then bad lines: formatting 100 diagnostics costs
        // no more than formatting 50 (plus the window of each).
        let comments = String(repeating: "# " + String(repeating: "c", count: 98) + "\n", count: 30_000)
        func withErrors(_ n: Int) -> String { comments + Self.head + String(repeating: "  go nowhere\n", count: n) }
        let fifty = Self.steps(withErrors(50))
        let hundred = Self.steps(withErrors(100))
        #expect(Double(hundred) < 1.05 * Double(fifty), "\(fifty) → \(hundred)")
    }

    @Test func aLongLineIsCutAroundTheCaret() throws {
        let line = "  say " + String(repeating: "é ", count: 20_000) + "{ unclosed"
        let result = Self.compile(Self.head + line + "\n  end\n")
        let diagnostic = try #require(result.diagnostics.first { $0.message.contains("missing '}'") })
        let lines = DiagnosticFormatter(sources: result.sources).format(diagnostic).split(separator: "\n")
        #expect(lines.count == 3)
        let excerpt = String(lines[1].drop { $0 != "|" }.dropFirst(2))
        let caret = String(lines[2].drop { $0 != "|" }.dropFirst(2))
        #expect(excerpt.count <= 102)
        #expect(excerpt.hasPrefix("…"))
        let caretColumn = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
        #expect(Array(excerpt)[caretColumn] == "{")
    }

    @Test func controlsAndBidiOverridesNeverReachTheTerminal() throws {
        let text = Self.head + "  sayy \u{1B}[2J \u{9B}31m \u{202E}evil\u{202C} \u{2066}x\u{2069} \u{85}\n  end\n"
        let result = Self.compile(text)
        let output = Self.shown(result)
        #expect(!output.isEmpty)
        for scalar in output.unicodeScalars where scalar != "\n" {
            #expect(!ControlCharacters.isUnsafeToShow(scalar), "U+\(String(scalar.value, radix: 16)) reached the output")
        }
    }

    // MARK: - Finding 4: only regular files, size checked before reading

    @Test func devicesAreRefused() throws {
        #expect(DiskDialogFiles().read("/dev/zero") == .refused("it is a device, not a regular file"))
        let main = FileManager.default.temporaryDirectory.appendingPathComponent("parley-dev-\(getpid()).dialog").path
        defer { try? FileManager.default.removeItem(atPath: main) }
        try ("include /dev/zero\n" + Self.head + "  end\n").write(toFile: main, atomically: true, encoding: .utf8)
        let result = DialogCompiler.compile(path: main)
        #expect(result.diagnostics.map(\.code) == [.unreadableFile])
        #expect(result.diagnostics.first?.message == "cannot read '/dev/zero': it is a device, not a regular file")
        #expect(result.diagnostics.first?.location?.line == 1)
    }

    @Test func aFIFOWithoutAWriterIsRefusedNotWaitedOn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-fifo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.dialog").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let main = folder.appendingPathComponent("main.dialog").path
        try (Self.head + "  end\ninclude pipe.dialog\n").write(toFile: main, atomically: true, encoding: .utf8)
        let result = DialogCompiler.compile(path: main)
        #expect(result.diagnostics.contains { $0.code == .unreadableFile && $0.message.contains("FIFO") })
    }

    @Test func aFileOverTheLimitIsRefusedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-big-\(getpid()).dialog").path
        // Sparse: the size is there without the bytes.
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(DiskDialogFiles.maximumFileSize + 1))
        try handle.close()
        #expect(DiskDialogFiles().read(path) == .refused("it is larger than 64 MiB, the limit for a dialog file"))
    }

    // MARK: - The fuzz targets' regression inputs, in every `swift test` too

    @Test(arguments: Package.files(under: "Fuzz/regressions/dialog-compiler", suffix: ".dialog"))
    func fuzzRegressionInput(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Package.url(path)))
        let result = DialogCompiler.compile(path: "fuzz.dialog", source: Bytes(["fuzz.dialog": bytes]))
        #expect(result.dialog != nil || result.diagnostics.hasErrors)
        #expect(result.diagnostics.count <= DialogCompiler.maximumDiagnosticsPerFile + 1)
        let formatter = DiagnosticFormatter(sources: result.sources)
        for line in result.diagnostics.map(formatter.format).joined(separator: "\n").split(separator: "\n") {
            #expect(line.count <= 600)
            #expect(!line.unicodeScalars.contains(where: ControlCharacters.isUnsafeToShow))
        }
    }

    // MARK: - First definition wins, decided in one place

    @Test func theFirstDefinitionOfEachKindWins() throws {
        let files = [
            "main.dialog": "dialog T\nstart a\ninclude other.dialog\nstate a\n  say first\n  quote q\n  list l\n  answer f\n  end\n"
                + "quote q\n  by: First\n  text: one\nlist l\n  - first item\nfaq f\n  question: q?\n  keywords: alpha\n  answer: first answer\n",
            "other.dialog": "state a\n  say second\n  end\nquote q\n  by: Second\n  text: two\nlist l\n  - second item\n  - more\n"
                + "faq f\n  question: q?\n  keywords: beta\n  answer: second answer\n",
        ]
        let result = DialogCompiler.compile(path: "main.dialog", source: InMemoryDialogFiles(files))
        let duplicates = result.diagnostics.filter { $0.code == .duplicate }
        #expect(duplicates.count == 4)
        // Each later definition is the one reported, and its note points at the first.
        #expect(duplicates.allSatisfy { $0.location?.file == "other.dialog" })
        #expect(duplicates.allSatisfy { $0.notes.first?.location?.file == "main.dialog" })
    }
}
