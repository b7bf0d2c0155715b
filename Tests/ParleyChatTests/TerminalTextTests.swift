import Testing
@testable import parley

@Suite struct TerminalTextTests {
    @Test func escapeSequencesBecomeVisibleSymbols() {
        #expect(TerminalText.sanitize("\u{1B}[31mred\u{7}") == "␛[31mred␇")
        #expect(TerminalText.sanitize("a\u{9B}31mb") == "a\u{FFFD}31mb")
        #expect(TerminalText.sanitize("tab\there") == "tab here")
        #expect(TerminalText.sanitize("two\nlines") == "two\nlines")
        #expect(TerminalText.sanitize("del\u{7F}") == "del␡")
        #expect(TerminalText.sanitize("evil\u{202E}txt.exe") == "eviltxt.exe")
    }
}
