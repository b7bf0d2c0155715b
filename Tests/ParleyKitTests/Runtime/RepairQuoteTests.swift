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

    /// A plain ASCII reply is compared on its bytes, upper case read as lower
    /// case (`turnalloc`): the same answers as lower-casing it first, for
    /// every ASCII letter and the bytes around A-Z and a-z.
    @Test func asciiRepliesCompareIgnoringCase() {
        #expect(Run.quotes("You said \"Blah BLAH\", didn't you?", "blah blah"))
        #expect(Run.quotes("'NOT SURE'", "not sure"))
        for byte in UInt8(0x20)...UInt8(0x7E) where byte != 0x22 {
            let text = "said \"x" + String(UnicodeScalar(byte)) + "y\""
            for phraseByte in UInt8(0x20)...UInt8(0x7E) {
                let phrase = "x" + String(UnicodeScalar(phraseByte)) + "y"
                guard phrase == Run.quotable(phrase) else { continue }
                let lowered = text.lowercased()
                let expected = lowered.contains("\"" + phrase + "\"")
                #expect(Run.quotes(text, phrase) == expected, "\(text) \(phrase)")
            }
        }
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
