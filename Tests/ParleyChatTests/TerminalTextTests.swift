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
