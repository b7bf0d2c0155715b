import BuiltinDialogs
@testable import ParleyKit
import Testing

/// `IntentMatcher.match` keeps its hits in flat buffers and can leave them out
/// of the matches (`recordingHits: false`): the matches must be the same
/// either way, and the same hits as the matcher gave when each hit was an
/// array of its own (issue 12, `matchfast`).
@Suite struct MatchBuffersTests {
    /// Lines that reach phrases, `+` entries, patterns with captures and
    /// numbers, option labels, vetoes, negation, typos and ties.
    static let lines = [
        "hi", "I feel anxious about reading", "yes", "2", "twenty pages", "I'm not sure", "no", "back",
        "tell me a quote", "what about audiobooks?", "I want to set a goal", "10 pages", "help", "restart",
        "he cheated on me and lied about it", "I don't trust him anymore, but I want to", "she apologized",
        "I feel like I can never forgive him", "he hit me", "he never hit me, but he pushes me", "my partner broke my trust",
        "I broke my partner's trust", "lol ok", "what time is it", "asdfgh", "I want to kill myself",
        "I would never kill anyone", "he was unfaithfull and I feel betrayd", "set my reading goal again",
        "I'm not sure I can trust him again. He lied. He cheated, and I feel lost", "", "🍕", "thirty five pages a day",
    ]

    static func compare(_ dialog: CompiledDialog, _ line: String) {
        let normalized = TextNormalizer.normalize(line)
        let tokens = dialog.matcher.lexicon.tokens(of: normalized)
        let recorded = dialog.matcher.match(normalized, tokens: tokens)
        let bare = dialog.matcher.match(normalized, tokens: tokens, recordingHits: false)
        #expect(recorded.count == bare.count, "\(line)")
        for (a, b) in zip(recorded, bare) {
            #expect(a.intent == b.intent && a.rank == b.rank && a.score == b.score && a.exactScore == b.exactScore
                        && a.literalWords == b.literalWords && a.captures == b.captures
                        && a.captureContexts == b.captureContexts && a.entry == b.entry, "\(line)")
            #expect(b.hits.isEmpty)
            #expect(a.entry == (a.hits.first?.entry ?? -1), "\(line)")
            // Each word counts once, at the best weight any hit gave it.
            var best: [Int: Int] = [:]
            var bestExact: [Int: Int] = [:]
            for hit in a.hits {
                for word in hit.words {
                    best[word] = max(best[word] ?? 0, hit.weight)
                    if !hit.typo { bestExact[word] = max(bestExact[word] ?? 0, hit.weight) }
                }
            }
            #expect(a.score == best.values.reduce(0, +) && a.exactScore == bestExact.values.reduce(0, +), "\(line)")
        }
    }

    @Test(arguments: ["sample", "trust"])
    func theMatchesAreTheSameWithOrWithoutTheirHits(_ name: String) throws {
        let dialog = try #require(BuiltinDialogs.compile(name, warnings: false).dialog)
        for line in Self.lines { Self.compare(dialog, line) }
    }

    /// A veto, a pattern with a number, labels that share words, a `+` entry.
    @Test func theMatchesAreTheSameWithOrWithoutTheirHitsOnEveryShape() throws {
        let d = try dialog("""
            dialog B
            start a
            intent hurt
              keywords: hit me, push me, hurt + me
              unless: never hit me
            intent pages
              pattern: # pages
            intent feel
              pattern: i feel *
            state a
              ask ?
              option See my goal again -> a
              option Set a goal -> a
              option Again and again -> a
              on hurt, pages, feel -> a
            """)
        for line in ["he never hit me, but he pushes me", "he never hit me", "twenty five pages", "again and again, set my goal",
                     "I feel hurt by me", "me hurt", "I feel"] {
            Self.compare(d, line)
        }
        let vetoed = d.matcher.match(TextNormalizer.normalize("he never hit me, but he pushes me"))
        let hurt = try #require(vetoed.first { d.intents[Int($0.intent)].name == "hurt" })
        // The veto takes back "hit me" in its own clause; "pushes me" stays.
        #expect(hurt.hits.count == 1 && hurt.hits[0].words == [6, 7] && hurt.score == 200)
    }
}
