import BuiltinDialogs
@testable import ParleyKit
import Testing

/// The table of a dialog's written keyword words (issue 12): each entry is
/// what the stemmer gives, every written word is in it, and a line reads the
/// same with it and without it.
@Suite struct KeywordWordsTests {
    /// Phrase synonyms, stems that differ from their words, a pattern and an option label.
    static let dialogText = """
        dialog K
        start a

        synonyms
          partner: husband, wife, significant other
          cheat: affair, sleep with, slept with

        intent apologize
          keywords: apologized, making amends
          typos: recall

        intent betrayed
          keywords: cheating + partner, broke my trust

        intent feel
          pattern: i feel * lately

        state a
          ask Which?
          option Happiness returns -> a
          on apologize, betrayed, feel -> a
        """

    /// The test that fails if the table and the stemmer disagree: every entry
    /// of the built-in dialogs' tables (compiled now, and as the build stored
    /// them) and of a dialog with synonyms is what `analyseByStemming` gives.
    @Test(arguments: BuiltinDialogs.names)
    func everyEntryOfABuiltInDialogIsWhatTheStemmerGives(_ name: String) throws {
        let compiled = try #require(BuiltinDialogs.compile(name, warnings: false).dialog)
        let loaded = try #require(BuiltinDialogs.load(name).dialog)
        for lexicon in [compiled.matcher.lexicon, loaded.matcher.lexicon] {
            let table = lexicon.keywordWords
            #expect(table.count > 0)
            for (word, analysis) in zip(table.words, table.analyses) {
                #expect(analysis == lexicon.analyseByStemming(word), "\(name): \(word)")
                #expect(table.analysis(of: word) == analysis, "\(name): \(word)")
            }
        }
    }

    @Test func everyEntryIsWhatTheStemmerGives() throws {
        let lexicon = try ParleyKitTests.dialog(Self.dialogText).matcher.lexicon
        for (word, analysis) in zip(lexicon.keywordWords.words, lexicon.keywordWords.analyses) {
            #expect(analysis == lexicon.analyseByStemming(word), "\(word)")
            #expect(analysis.stem == Stemmer.stem(word), "\(word)")
        }
        // A table holding a stem the stemmer does not give is caught by the comparison above.
        var wrong = lexicon
        wrong.keywordWords = KeywordWords(sortedStems: [(key: "cheating", value: "partner")], lexicon: lexicon)
        let entry = try #require(wrong.keywordWords.analysis(of: "cheating"))
        #expect(entry != wrong.analyseByStemming("cheating"))
    }

    @Test func everyWrittenWordIsInTheTableAndNoOtherWord() throws {
        let lexicon = try ParleyKitTests.dialog(Self.dialogText).matcher.lexicon
        let table = lexicon.keywordWords
        for word in ["apologized", "making", "amends", "cheating", "broke", "my", "trust", "i", "feel", "lately", "partner",
                     "happiness", "returns"] {
            #expect(table.analysis(of: word) != nil, "\(word)")
        }
        // Inflections and typos of keyword words, the alternatives of synonyms
        // (stemmed where they are declared) and everyday words are worked out as before.
        for word in ["apologizing", "cheats", "apologzed", "husband", "affair", "slept", "hiking", "", "x",
                     String(repeating: "a", count: 300), "café"] {
            #expect(table.analysis(of: word) == nil, "\(word)")
        }
        #expect(table.words == table.words.sorted())
        #expect(lexicon.analyse("cheats").term == lexicon.analyse("cheating").term)
        #expect(lexicon.analyse("apologzed").typo == lexicon.analyse("apologized").term)
    }

    /// Lines read with the table (through a memo too small to keep them) give
    /// the tokens they give without it.
    @Test func aLineReadsTheSameWithoutTheTable() throws {
        let lexicon = try ParleyKitTests.dialog(Self.dialogText).matcher.lexicon
        var without = lexicon
        without.keywordWords = KeywordWords()
        let lines = [
            "I apologized for making amends", "my wife had an affair", "my significant other slept with someone",
            "he was cheating, he broke my trust", "I feel lost lately", "I apologzed", "happiness returns",
            "slept with slept with sleep", "Ünïcödé wörds and café", "apologize apologized apologizing apologze",
        ]
        var memo = WordMemo(capacity: 4)
        for text in lines {
            let line = TextNormalizer.normalize(text)
            let with = lexicon.tokens(of: line, memo: &memo)
            let plain = without.tokens(of: line)
            #expect(with.map(\.term) == plain.map(\.term), "\(text)")
            #expect(with.map(\.typo) == plain.map(\.typo), "\(text)")
            #expect(with.map(\.lastWord) == plain.map(\.lastWord), "\(text)")
            for word in line.words { #expect(lexicon.analyse(word.text) == without.analyse(word.text), "\(word.text)") }
        }
    }

    @Test func theSameWordsGiveTheSameTable() throws {
        let first = try ParleyKitTests.dialog(Self.dialogText).matcher.lexicon.keywordWords
        let second = try ParleyKitTests.dialog(Self.dialogText).matcher.lexicon.keywordWords
        #expect(first.words == second.words && first.slots == second.slots)
        #expect(first.slots.count >= 2 * first.count && first.slots.count & (first.slots.count - 1) == 0)
    }

    /// Stored parts that no compiler wrote are refused, or at least never trap
    /// or loop: slots all full, and positions past the words.
    @Test func partsThatDoNotFitAreRefusedOrHarmless() {
        let analysis = WordAnalysis(stem: "a", term: 0, typo: -1, startsPhrase: false)
        #expect(KeywordWords(words: ["a"], analyses: [], slots: [0, 0]) == nil)
        #expect(KeywordWords(words: ["a"], analyses: [analysis], slots: [0, 0, 0]) == nil)
        #expect(KeywordWords(words: ["a"], analyses: [analysis], slots: [0]) == nil)
        #expect(KeywordWords(words: ["a"], analyses: [analysis], slots: []) == nil)
        #expect(KeywordWords(words: [], analyses: [], slots: [])?.analysis(of: "a") == nil)
        let full = KeywordWords(words: ["a"], analyses: [analysis], slots: [UInt64.max, UInt64.max])
        #expect(full?.analysis(of: "b") == nil)
        #expect(full?.analysis(of: "a") == nil)
    }
}
