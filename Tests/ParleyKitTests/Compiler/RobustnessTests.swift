import Foundation
@testable import ParleyKit
import Testing

/// No script may crash or hang the compiler: every prefix of a real dialog,
/// random bytes, huge lines, deep nesting.
@Suite struct RobustnessTests {
    @Test func everyTruncationOfTheSampleDialogCompilesOrReports() throws {
        for path in Package.files(under: "Dialogs/sample", suffix: ".dialog") {
            let bytes = [UInt8](try Data(contentsOf: Package.url(path)))
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 150)) {
                let prefix = Array(bytes[..<cut])
                let result = DialogCompiler.compile(path: "t.dialog", source: Bytes(["t.dialog": prefix]))
                // Every problem is placed inside the text that was read, and can be shown.
                Self.expectPlacedInside(result, lines: prefix.count { $0 == 0x0A } + 1, cut: cut, of: path)
            }
        }
    }

    @Test func randomBytesAreReportedNotFatal() {
        var generator = SplitMix64(state: 42)  // seeded, so a failing case can be replayed
        for round in 0..<40 {
            let count = 1 + Int(generator.next() % 3_000)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 2 == 0 { bytes = Array("dialog X\nstart a\nstate a\n  say ".utf8) + bytes }
            let result = DialogCompiler.compile(path: "g.dialog", source: Bytes(["g.dialog": bytes]))
            #expect(result.dialog != nil || !result.diagnostics.isEmpty)
            // A binary file is summed up, not listed line by line without end.
            #expect(result.diagnostics.count <= 102)
        }
    }

    @Test func aTenMegabyteLine() {
        let text = "dialog Big\nstart a\nstate a\n  say " + String(repeating: "word ", count: 2_000_000) + "\n  end\n"
        let result = DialogCompiler.compile(path: "big.dialog", source: InMemoryDialogFiles(["big.dialog": text]))
        #expect(result.dialog != nil)
        let broken = "dialog Big\nstart a\nstate a\n  sayy " + String(repeating: "x", count: 10_000_000) + "\n"
        let diagnostics = DialogCompiler.compile(path: "b.dialog", source: InMemoryDialogFiles(["b.dialog": broken])).diagnostics
        #expect(diagnostics.contains { $0.code == .syntax })
        // The caret excerpt of a huge line stays short.
        let formatted = DiagnosticFormatter(sources: ["b.dialog": broken]).format(diagnostics.first { $0.code == .syntax }!)
        #expect(formatted.count < 1_000)
    }

    @Test func deepNestingAndLongConditions() {
        let nested = "dialog D\nstart a\nstate a\n" + (1...200).map { String(repeating: "  ", count: $0) + "if x" }.joined(separator: "\n")
        #expect(compile(nested).diagnostics.contains { $0.code == .tooDeep })
        let parens = "dialog D\nstart a\nstate a\n  if " + String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
            + "\n    end\n"
        #expect(compile(parens).diagnostics.contains { $0.code == .tooDeep })
    }

    @Test func nulAndControlCharactersInScripts() {
        let text = "dialog \u{0}N\u{1B}[2J\nstart a\nstate a\n  say hi\u{7}\u{0}\n  end\n"
        let result = compile(text)
        Self.expectPlacedInside(result, lines: 6, cut: text.utf8.count, of: "test.dialog")
        // The control characters were read as text (the name), not lost or fatal.
        #expect(result.dialog?.name.contains("N") ?? result.diagnostics.hasErrors)
    }

    /// Each diagnostic of `result` points at a line of the file (or at none),
    /// and formats without crashing into a message that names its code.
    static func expectPlacedInside(_ result: CompileResult, lines: Int, cut: Int, of path: String,
                                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let formatter = DiagnosticFormatter(sources: result.sources)
        for diagnostic in result.diagnostics {
            if let location = diagnostic.location {
                #expect(location.line >= 1 && location.line <= lines && location.column >= 1,
                        "\(path) cut at byte \(cut): \(diagnostic.message) at \(location.line):\(location.column)",
                        sourceLocation: sourceLocation)
            }
            #expect(formatter.format(diagnostic).contains(diagnostic.code.rawValue), sourceLocation: sourceLocation)
        }
    }
}

struct Bytes: DialogFileSource {
    var files: [String: [UInt8]]
    init(_ files: [String: [UInt8]]) { self.files = files }
    func contents(of path: String) -> [UInt8]? { files[DialogPath.normalize(path)] }
    func dialogFiles(under path: String) -> [String]? { nil }
}

