@testable import ParleyKit
import Testing

/// The word memo (issue 12): bounded, evicts in a fixed order, and never
/// changes what a line means.
@Suite struct WordMemoTests {
    static func analysis(_ word: String) -> WordAnalysis {
        WordAnalysis(stem: word + "-stem", term: Int32(word.utf8.count), typo: -1, startsPhrase: false)
    }

    @Test func staysWithinItsCapacity() {
        var memo = WordMemo(capacity: 64)
        for k in 0..<10_000 { _ = memo.analysis(of: "word\(k)", Self.analysis) }
        #expect(memo.capacity == 64)
        #expect(memo.count == 64)
        var kept = 0
        for k in 0..<10_000 where memo.kept("word\(k)") != nil { kept += 1 }
        #expect(kept == 64)
    }

    @Test func capacityIsRoundedToAPowerOfTwo() {
        #expect(WordMemo(capacity: 1).capacity == WordMemo.ways)
        #expect(WordMemo(capacity: 100).capacity == 128)
    }

    @Test func aKnownWordIsNotWorkedOutAgain() {
        var memo = WordMemo(capacity: 16)
        var calls = 0
        for word in ["trust", "trust", "partner", "trust", "partner"] {
            let found = memo.analysis(of: word) { calls += 1; return Self.analysis($0) }
            #expect(found == Self.analysis(word))
        }
        #expect(calls == 2)
    }

    @Test func evictsTheLeastRecentlyUsedWordOfItsSet() {
        // Capacity 4 is one set of four slots: every word shares it.
        var memo = WordMemo(capacity: 4)
        for word in ["a", "b", "c", "d"] { _ = memo.analysis(of: word, Self.analysis) }
        _ = memo.analysis(of: "a", Self.analysis)  // "a" is now the most recent, "b" the least
        _ = memo.analysis(of: "e", Self.analysis)
        #expect(memo.kept("b") == nil)
        #expect(["a", "c", "d", "e"].allSatisfy { memo.kept($0) != nil })
        _ = memo.analysis(of: "f", Self.analysis)
        #expect(memo.kept("c") == nil)
        #expect(memo.count == 4)
    }

    @Test func evictionIsTheSameOnEveryRun() {
        func survivors() -> [String] {
            var memo = WordMemo(capacity: 32)
            for k in 0..<500 { _ = memo.analysis(of: "w\(k * 7919 % 1000)", Self.analysis) }
            return (0..<1000).map { "w\($0)" }.filter { memo.kept($0) != nil }
        }
        let first = survivors()
        #expect(first.count == 32)
        #expect(survivors() == first)
    }

    @Test func longWordsAreNotKept() {
        var memo = WordMemo(capacity: 16)
        let long = String(repeating: "a", count: WordMemo.longestWord + 1)
        _ = memo.analysis(of: long, Self.analysis)
        #expect(memo.kept(long) == nil)
        #expect(memo.count == 0)
    }

    /// The tokens read through a tiny memo (evicting all the time) are the
    /// tokens read without one, for lines with stems, synonyms, phrases,
    /// typos, negation and unknown words.
    @Test func aMemoNeverChangesTheTokens() throws {
        let dialog = try ParleyKitTests.dialog(MatcherTests.dialogText)
        let lexicon = dialog.matcher.lexicon
        let lines = [
            "I apologized", "my wife had an affair", "my significant other slept with someone", "I want to apologze",
            "my husbnd cheeted", "I feel Lost in my marriage.", "I don't want to apologize but I will make amends",
            "I could kill for a coffee. I want to kill him", "twelve pages", "slept with slept with sleep",
            "Ünïcödé wörds and café", "apologize apologized apologizing apologze",
        ]
        var memo = WordMemo(capacity: 4)
        for _ in 0..<3 {
            for text in lines {
                let line = TextNormalizer.normalize(text)
                let direct = lexicon.tokens(of: line)
                let memoised = lexicon.tokens(of: line, memo: &memo)
                #expect(direct.map(\.term) == memoised.map(\.term), "\(text)")
                #expect(direct.map(\.typo) == memoised.map(\.typo), "\(text)")
                #expect(direct.map(\.lastWord) == memoised.map(\.lastWord), "\(text)")
            }
        }
        #expect(lexicon.tokens(of: TextNormalizer.normalize("I want to apologze")).contains { $0.typo })
    }

    /// The one-edit check of the typo search gives what the general edit
    /// distance gives with limit 1, on every pair of short words over three letters.
    @Test func oneEditCheckAgreesWithEditDistance() {
        let letters: [Unicode.Scalar] = ["a", "b", "c"]
        var words: [[Unicode.Scalar]] = [[]]
        var frontier: [[Unicode.Scalar]] = [[]]
        for _ in 0..<4 {
            frontier = frontier.flatMap { word in letters.map { word + [$0] } }
            words += frontier
        }
        var compared = 0
        for a in words {
            for b in words {
                let expected = min(NearestName.editDistance(a, b, limit: 1), 2)
                let got = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in Lexicon.editsUpToOne(x, y) } }
                if got != expected {
                    Issue.record("\(String(String.UnicodeScalarView(a))) / \(String(String.UnicodeScalarView(b))): \(got), expected \(expected)")
                }
                compared += 1
            }
        }
        #expect(compared == 121 * 121)
    }
}
