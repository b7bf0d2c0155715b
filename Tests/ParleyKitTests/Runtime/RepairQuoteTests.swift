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

/// `quotes` looks at each place the phrase occurs for a pair of marks around
/// it (hotpath3): every place counts, at the ends of the text too, and the
/// two marks must be a pair.
@Suite struct QuoteSearchTests {
    @Test func everyPlaceThePhraseOccursIsChecked() {
        #expect(Run.quotes("abd, then \"abd\"", "abd"))
        #expect(Run.quotes("abcabd \"abcabd\"", "abd") == false)
        #expect(Run.quotes("'ab' and 'abab'", "abab"))
        #expect(Run.quotes("\"x\"", "x"))
    }

    @Test func theMarksMustBeAPair() {
        #expect(!Run.quotes("You said \u{201C}blah blah\"", "blah blah"))
        #expect(!Run.quotes("You said 'blah blah\"", "blah blah"))
        #expect(!Run.quotes("\"blah blah", "blah blah"))
        #expect(!Run.quotes("blah blah\"", "blah blah"))
        #expect(!Run.quotes("\"", "blah"))
    }
}
