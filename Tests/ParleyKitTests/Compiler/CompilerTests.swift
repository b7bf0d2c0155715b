@testable import ParleyKit
import Testing

@Suite struct CompilerTests {
    @Test func theShippedDialogsCompileWithoutWarnings() throws {
        for name in ["Dialogs/sample", "Dialogs/eliza"] {
            let result = try Package.compile(name)
            let formatter = DiagnosticFormatter(sources: result.sources)
            #expect(result.dialog != nil && result.diagnostics.isEmpty,
                    "\(name):\n\(result.diagnostics.map(formatter.format).joined(separator: "\n"))")
        }
    }

    @Test func unknownNamesSuggestTheNearOne() {
        let result = compile("""
            dialog D
            start welcome
            state welcome
              go betrayer.apologise
            state betrayer.apologize
              end
            """)
        let error = result.diagnostics.first { $0.code == .unknownState }
        #expect(error?.message == "unknown state 'betrayer.apologise'; did you mean 'betrayer.apologize'?")
        #expect(error?.location == SourceLocation(file: "test.dialog", line: 4, column: 6))
        #expect(error?.fixIts.first?.replacement == "betrayer.apologize")
        #expect(result.dialog == nil)
    }

    @Test func includesResolveRelativelyAndOnce() {
        let files = InMemoryDialogFiles([
            "d/main.dialog": "dialog D\nstart a\ninclude parts/a.dialog\ninclude parts/b.dialog\n",
            "d/parts/a.dialog": "include b.dialog\nstate a\n  go b\n",
            "d/parts/b.dialog": "state b\n  end\n",
        ])
        let result = DialogCompiler.compile(path: "d/main.dialog", source: files)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        #expect(result.dialog?.states.map(\.name) == ["a", "b"])
    }

    @Test func aFolderIsOneDialog() {
        let files = InMemoryDialogFiles([
            "d/1.dialog": "dialog D\nstart a\nstate a\n  go b\n",
            "d/sub/2.dialog": "state b\n  end\n",
        ])
        let result = DialogCompiler.compile(path: "d", source: files)
        #expect(result.dialog?.states.count == 2)
    }

    @Test func missingFileIsAnError() {
        let result = DialogCompiler.compile(path: "nowhere.dialog", source: InMemoryDialogFiles([:]))
        #expect(result.diagnostics.first?.code == .unreadableFile)
    }

    /// Correctness at scale; how fast is the benchmark's job (docs/performance.md).
    @Test func compilesALargeDialogWithEveryIntentReachable() throws {
        let text = BenchmarkDialogs.generated(intents: 5_000)
        let result = compile(text)
        #expect(!result.diagnostics.hasErrors)
        let dialog = try #require(result.dialog)
        #expect(dialog.userIntentCount == 5_000)
        // Every intent is reacted to by some handler: none is dead weight.
        var reached = Set<Int32>()
        for handler in dialog.handlers {
            for case .intent(let intent) in handler.triggers { reached.insert(intent) }
        }
        let written = dialog.intents.indices.filter { if case .intent = dialog.intents[$0].kind { true } else { false } }
        #expect(written.allSatisfy { reached.contains(Int32($0)) })
    }
}
