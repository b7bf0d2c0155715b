@testable import ParleyKit
import Testing

/// A repair reply that would quote the line it did not understand is not
/// said; the check compares bytes (issue 12) and must still find every quoting.
@Suite struct RepairQuoteTests {
    @Test func findsTheLineInEveryKindOfQuotes() {
        #expect(Run.quotes("You said \"blah blah\", didn't you?", "blah blah"))
        #expect(Run.quotes("You said \u{201C}Blah Blah\u{201D}.", "blah blah"))
        #expect(Run.quotes("You said 'blah blah'.", "blah blah"))
        #expect(Run.quotes("You said \u{2018}blah blah\u{2019}.", "blah blah"))
        #expect(Run.quotes("\"café\" is what you wrote", "café"))
    }

    @Test func otherTextIsNotAQuote() {
        #expect(!Run.quotes("Sorry, I did not follow.", "blah"))
        #expect(!Run.quotes("You said \"blah\" once", "blah blah"))
        #expect(!Run.quotes("You said blah blah", "blah blah"))
        #expect(!Run.quotes("Don't worry about \u{2014} it", "worry"))
    }
}

@Suite struct ByteSearchTests {
    @Test func findsBytesAnywhere() {
        #expect(Run.contains("abcabd", "abd"))
        #expect(Run.contains("abc", ""))
        #expect(Run.contains("\"café\"", "é\""))
        #expect(!Run.contains("abcab", "abd"))
        #expect(!Run.contains("ab", "abc"))
        #expect(!Run.contains("", "a"))
    }
}
