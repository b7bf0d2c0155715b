@testable import ParleyKit
import Testing

/// The per-turn shortcuts of issue 12 (`sampleturn`) give what the longer
/// ways gave: the written words of a tied entry, kept after its first tie;
/// a label's progress changed in place; the quotable form of an ASCII line.
@Suite struct SampleTurnCostTests {
    /// A tie is broken the same way the first time (the entry's words worked
    /// out) and every later time (read from the memo), on one engine.
    @Test func aTieIsBrokenAlikeBeforeAndAfterItsWordsAreKept() throws {
        let d = try dialog(KnownWordsAreNeverTypos.tieOfStems)
        for _ in 0..<3 {
            for (line, expected) in [("no which skabi tell", "singular"), ("no which skabis tell", "plural")] {
                let matches = d.matcher.match(TextNormalizer.normalize(line))
                #expect(matches.first.map { d.intents[Int($0.intent)].name } == expected)
                #expect(matches.count == 2 && matches[0].literalWords == 1 && matches[1].literalWords == 0)
            }
        }
    }

    @Test func theKeptWordsAreTheEntrysNormalisedWords() {
        let shared = EntryWrittenWords()
        let texts = ["I don't know", "Set a Reading goal", "can't stop, won't stop", "café au lait"]
        for (entry, text) in texts.enumerated() {
            let expected = Set(TextNormalizer.normalize(text).words.map(\.text)).sorted()
            let memo = EntryWrittenWords()
            #expect(memo.words(of: 7, written: text) == expected)
            // Kept under its entry: a second call does not read the text again.
            #expect(memo.words(of: 7, written: "other words") == expected)
            // Entries are kept apart.
            #expect(shared.words(of: Int32(entry), written: text) == expected)
        }
        for (entry, text) in texts.enumerated() {
            #expect(shared.words(of: Int32(entry), written: "") == Set(TextNormalizer.normalize(text).words.map(\.text)).sorted())
        }
    }

    /// Several labels reached by the same words, one of them twice ("again
    /// and again"): each keeps its own progress, in order of entry.
    @Test func labelsReachedByTheSameWordsKeepTheirOwnProgress() throws {
        let d = try dialog("""
            dialog L
            start a
            state a
              ask ?
              option See my goal again -> b
              option Set a goal -> b
              option Again and again -> c
            state b
              say b
            state c
              say c
            """)
        let matches = d.matcher.match(TextNormalizer.normalize("again and again, set my goal"))
        let names = Set(matches.map { d.intents[Int($0.intent)].name })
        #expect(names == ["option: See my goal again", "option: Set a goal", "option: Again and again"])
        let again = try #require(matches.first { d.intents[Int($0.intent)].name == "option: Again and again" })
        #expect(again.hits.count == 1 && again.hits[0].words == [0, 2])
    }

    /// The byte path for plain ASCII gives what lower-casing and trimming by
    /// characters give.
    @Test func theQuotableFormOfAnASCIILineIsTheSameAsByCharacters() {
        func byCharacters(_ line: String) -> String {
            var text = Substring(line.lowercased())
            while let last = text.last, last == " " || last == "." || last == "!" || last == "?" { text = text.dropLast() }
            while let first = text.first, first == " " { text = text.dropFirst() }
            return String(text)
        }
        let lines = ["", " ", "...", "Hello World?! ", "  Not SURE.", "a", "What about AUDIOBOOKS?", "x . y !", "@[`{ZAza",
                     "  ?!. ", "It's 10 PAGES!!!", "Café?", "  ÉTÉ. "]
        for line in lines { #expect(Run.quotable(line) == byCharacters(line), "\(line)") }
        for byte in UInt8(0x20)..<0x7F {
            let line = " A" + String(UnicodeScalar(byte)) + "z" + String(UnicodeScalar(byte))
            #expect(Run.quotable(line) == byCharacters(line))
        }
    }
}
