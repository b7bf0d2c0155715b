@testable import ParleyKit
import Testing

/// Parser tests mark where a diagnostic must point with `⟨P002⟩` right
/// before the offending text; the marker is removed before parsing.
@Suite struct ParserTests {
    /// The source without markers, and each marker's (code, line, column).
    static func unmark(_ marked: String) -> (String, [(String, Int, Int)]) {
        var text = ""
        var marks: [(String, Int, Int)] = []
        var line = 1, column = 1
        var rest = Substring(marked)
        while let c = rest.first {
            if c == "⟨", let close = rest.firstIndex(of: "⟩") {
                marks.append((String(rest[rest.index(after: rest.startIndex)..<close]), line, column))
                rest = rest[rest.index(after: close)...]
                continue
            }
            text.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
            rest = rest.dropFirst()
        }
        return (text, marks)
    }

    func expectDiagnostics(_ marked: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (text, marks) = Self.unmark(marked)
        let (_, diagnostics) = ScriptParser.parse(text, path: "t.dialog")
        let got = diagnostics.map { ($0.code.rawValue, $0.location?.line ?? 0, $0.location?.column ?? 0) }
        #expect(got.map { "\($0.0)@\($0.1):\($0.2)" } == marks.map { "\($0.0)@\($0.1):\($0.2)" },
                "\(diagnostics.map(\.message))", sourceLocation: sourceLocation)
    }

    @Test func reportsEveryProblemInOneRun() {
        expectDiagnostics("""
            dialog D
            start a
            ⟨P002⟩stat a
            state a
              ⟨P002⟩sya hello
              say fine
              set x ⟨P002⟩3
              go ⟨P002⟩not/a/name
            """)
    }

    @Test func tabsAndInconsistentIndentation() {
        expectDiagnostics("state a\n⟨P003⟩\tsay a\n  say b\n⟨P003⟩ say c\n")
    }

    @Test func unclosedInterpolationAndBadCondition() {
        expectDiagnostics("""
            state a
              say Hello ⟨P002⟩{name
              if score >=⟨P002⟩
                say x
              if ⟨P002⟩(a and b
                say y
            """)
    }

    @Test func patternsMustHaveWords() {
        expectDiagnostics("""
            intent x
              pattern: ⟨P022⟩* *
              pattern: ⟨P022⟩i feel*
            """)
    }

    @Test func continuationLinesJoinText() {
        let (file, diagnostics) = ScriptParser.parse("""
            state a
              say one
                  two
              say "quoted text"
            """, path: "t.dialog")
        #expect(diagnostics.isEmpty)
        guard case .say(.single(let first), _)? = file.states.first?.body.first,
              case .say(.single(let second), _)? = file.states.first?.body.last else {
            Issue.record("expected two say statements")
            return
        }
        #expect(first.source == "one two")
        #expect(second.source == "quoted text")
    }

    @Test func interpolationParts() {
        let (file, diagnostics) = ScriptParser.parse("state a\n  say {{literal}} {1} {input} {name} {list.2}\n", path: "t.dialog")
        #expect(diagnostics.isEmpty)
        guard case .say(.single(let template), _)? = file.states.first?.body.first else {
            Issue.record("expected a say")
            return
        }
        #expect(template.parts.count == 8)
        #expect(template.source == "{{literal}} {1} {input} {name} {list.2}")
    }

    @Test func triggersWithConditionsAndTargets() {
        let (file, diagnostics) = ScriptParser.parse("""
            state a
              on yes, sure if score >= 3 and not done -> b
              on faq how-long
                answer
              on faq, anything -> back
            """, path: "t.dialog")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let triggers = file.states.first?.triggers ?? []
        #expect(triggers.count == 3)
        #expect(triggers.first?.kinds.count == 2)
        #expect(triggers.first?.condition != nil)
    }

    @Test func survivesGarbage() {
        var generator = SplitMix64(state: 50)  // seeded, so a failing case can be replayed
        for _ in 0..<50 {
            let bytes = (0..<400).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = ScriptParser.parse(text, path: "garbage.dialog")
        }
        // A very long line and deep indentation parse in bounded time and depth.
        _ = ScriptParser.parse("state a\n  say " + String(repeating: "x", count: 2_000_000) + "\n", path: "long.dialog")
        let deep = (0..<5_000).map { String(repeating: " ", count: $0) + "if x" }.joined(separator: "\n")
        let (_, diagnostics) = ScriptParser.parse("state a\n" + deep, path: "deep.dialog")
        #expect(diagnostics.contains { $0.code == .tooDeep })
    }
}
