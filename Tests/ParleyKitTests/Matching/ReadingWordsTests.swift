@testable import ParleyKit
import Testing

/// The line reader's one table of word lists (issue 12) says what the lists say.
@Suite struct ReadingWordsTests {
    @Test func everyListedWordHasItsClassesAndNoOtherWordHasAny() {
        let table = ReadingWords.shared
        let listed = TextNormalizer.negators.union(TextNormalizer.scopeEnders).union(TextNormalizer.abbreviations)
            .union(TextNormalizer.expansions.keys)
        for word in listed {
            let entry = table.entry(word)
            #expect(entry?.word == word)
            #expect(entry?.classes.contains(.negator) == TextNormalizer.negators.contains(word), "\(word)")
            #expect(entry?.classes.contains(.endsScope) == TextNormalizer.scopeEnders.contains(word), "\(word)")
            #expect(entry?.classes.contains(.abbreviation) == TextNormalizer.abbreviations.contains(word), "\(word)")
            #expect(entry?.expansion == TextNormalizer.expansions[word], "\(word)")
        }
        for word in ["trust", "partner", "nots", "bu", "dr.", "", "café", "never ", "dontt", "x"] {
            #expect(table.entry(word) == nil, "\(word)")
        }
    }
}
