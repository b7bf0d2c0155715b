import Testing
@testable import parley

@Suite struct TerminalTextTests {
    @Test func controlCharactersBecomeVisibleNeverRaw() {
        #expect(TerminalText.sanitize("\u{1B}[31mred\u{7}") == "␛[31mred␇")
        #expect(TerminalText.sanitize("a\u{9B}31mb") == "a\u{FFFD}31mb")
        #expect(TerminalText.sanitize("tab\there") == "tab here")
        #expect(TerminalText.sanitize("two\nlines") == "two\nlines")
        #expect(TerminalText.sanitize("cr\rdel\u{7F}nul\u{0}") == "cr␍del␡nul␀")
        #expect(TerminalText.sanitize("evil\u{202E}txt.exe\u{2066}") == "eviltxt.exe")
        #expect(TerminalText.sanitizeLine("one\ntwo") == "one two")
    }

    /// sanitize skips text its byte test finds safe; each scalar below U+3000
    /// is checked against a plain scalar-by-scalar reference, so the skip
    /// never keeps what should change.
    @Test func sanitizeAgreesWithAScalarByScalarReference() {
        func reference(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x0A: out.append(scalar)
                case 0x09: out.append(" ")
                case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
                case 0x7F: out.append("\u{2421}")
                case 0x80..<0xA0: out.append("\u{FFFD}")
                case 0x2028, 0x2029: out.append(" ")
                case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
                default: out.append(scalar)
                }
            }
            return String(out)
        }
        for value in 0..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "It’s \(scalar) “here”"
            #expect(TerminalText.sanitize(text) == reference(text), "U+\(String(value, radix: 16))")
        }
        #expect(TerminalText.sanitizeLine("one — two\nthree") == "one — two three")
    }

    @Test func everyOutputScalarIsPrintable() {
        let all = String(String.UnicodeScalarView((0..<0x100).compactMap(Unicode.Scalar.init)))
        let safe = TerminalText.sanitize(all)
        #expect(!safe.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) })
    }

    @Test func columnsCountWideAndCombiningCharacters() {
        #expect(TerminalText.columns("abc") == 3)
        #expect(TerminalText.columns("日本語") == 6)
        #expect(TerminalText.columns("e\u{301}") == 1)
        #expect(TerminalText.columns("👍") == 2)
        #expect(TerminalText.columns("née") == 3)
    }

    @Test func wrapBreaksBetweenWordsWithIndents() {
        let lines = TerminalText.wrap("the quick brown fox jumps over the lazy dog", width: 16, firstIndent: "  1. ", indent: "     ")
        #expect(lines == ["  1. the quick", "     brown fox", "     jumps over", "     the lazy", "     dog"])
        #expect(lines.allSatisfy { TerminalText.columns($0) <= 16 })
    }

    @Test func wrapKeepsSpacesThatAlignColumns() {
        #expect(TerminalText.wrap("/help     list", width: 80) == ["/help     list"])
    }

    @Test func wrapBreaksAWordWiderThanTheLine() {
        let lines = TerminalText.wrap("aaaaaaaaaaaaaaaaaaaaaaaaa bb", width: 10)
        #expect(lines == ["aaaaaaaaaa", "aaaaaaaaaa", "aaaaa bb"])
    }

    @Test func wrapCountsWideCharactersAsTwoColumns() {
        let lines = TerminalText.wrap("日本語 日本語 日本語", width: 14)
        #expect(lines == ["日本語 日本語", "日本語"])
    }

    @Test func withoutAWidthNothingWraps() {
        let long = String(repeating: "word ", count: 100)
        #expect(TerminalText.wrap(long, width: nil) == [long])
    }
}
