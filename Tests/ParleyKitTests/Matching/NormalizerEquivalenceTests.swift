@testable import ParleyKit
import Testing

/// The byte-level normaliser (issue 12) reads every line exactly as the
/// normaliser before it did (`ReferenceNormalizer`, a copy of it kept as the
/// oracle): same display text byte for byte, same words with the same ranges,
/// sentences, clauses and negation.
@Suite struct NormalizerEquivalenceTests {
    static let tricky = [
        "", " ", "I feel lost", "I DON'T want to apologize", "Dr. Smith said no. No, I won't!", "it's 1,000 pages, or 2.5?",
        "e.g. this; i.e. that… and www.example.com/a?b=c. me@example.com", "https://x.org/y), then stop.",
        "I'd been there; he's gone; she's married; I'd like tea", "parents' house, rock'n'roll, y'all, idk, dunno",
        "café naïve Straße ΣΑΣ İstanbul", "cafe\u{301} and cafe\u{301}\u{302}\u{303}", "ＡＢＣ ｆｕｌｌ ﬁne ①",
        "don\u{2019}t \u{201C}quoted\u{201D} \u{2014} dash \u{2013} en", "zero\u{200B}width soft\u{00AD}hyphen join\u{2060}er",
        "bidi \u{202E}override\u{202C} and \u{2066}isolate\u{2069}", "controls \u{1B}[31mred\u{1B}[0m \u{9B}31m \u{7}bell \u{7F}del",
        "tab\there\r\nnew line\rreturn\nend", "nbsp\u{00A0}and\u{2003}em\u{3000}ideographic", "👨\u{200D}👩\u{200D}👧 family 👍🏽 ok",
        "e" + String(repeating: "\u{301}", count: 40), "I don't - really - care but I will", "no no NO not never",
        "Mr. and Mrs. Jones (the neighbours) said: no.", "\u{FEFF}byte order mark", "نعم لا 是的 はい", "7.30am, 6.5 stars!!! wow?!",
        "he's never been, she's already gone, it's tired", "I cannot and can't and CANT", "'quoted' \"double\" [bracket]",
        "U+FFFD \u{FFFD} replacement", "ok k yeah yep nope nah u ur", "end.Next word", "trailing dots... more",
    ]

    static func check(_ text: String) -> String? {
        let new = TextNormalizer.normalize(text)
        let old = ReferenceNormalizer.normalize(text)
        func offset(_ line: NormalizedLine, _ index: String.Index) -> Int { line.display.utf8.distance(from: line.display.startIndex, to: index) }
        guard Array(new.display.utf8) == Array(old.display.utf8) else { return "display differs" }
        guard new.words.count == old.words.count else { return "\(new.words.count) words, expected \(old.words.count)" }
        for (a, b) in zip(new.words, old.words) {
            guard Array(a.text.utf8) == Array(b.text.utf8), offset(new, a.range.lowerBound) == offset(old, b.range.lowerBound),
                  offset(new, a.range.upperBound) == offset(old, b.range.upperBound), a.sentence == b.sentence,
                  a.clause == b.clause, a.negated == b.negated, a.isNegator == b.isNegator
            else { return "word '\(a.text)' differs from '\(b.text)'" }
        }
        guard new.sentences.map({ [offset(new, $0.lowerBound), offset(new, $0.upperBound)] })
                == old.sentences.map({ [offset(old, $0.lowerBound), offset(old, $0.upperBound)] }) else { return "sentences differ" }
        return nil
    }

    @Test(arguments: NormalizerEquivalenceTests.tricky) func trickyLinesReadAsBefore(_ text: String) {
        #expect(Self.check(text) == nil, "\(text.debugDescription)")
    }

    /// Lines put together from the pieces above at random (a seeded generator).
    @Test func randomLinesReadAsBefore() {
        let pieces = Self.tricky.flatMap { $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
            + [" ", ".", ",", "'", "-", "\u{301}", "\u{200D}", "\u{85}", "\n", "…", "@", "1", "A"]
        var state: UInt64 = 12
        var failures = 0
        for _ in 0..<3_000 {
            var line = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<(1 + Int(state >> 60)) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                line += pieces[Int((state >> 33) % UInt64(pieces.count))]
                if state & 1 == 0 { line += " " }
            }
            if let problem = Self.check(line) {
                failures += 1
                if failures <= 5 { Issue.record("\(line.debugDescription): \(problem)") }
            }
        }
        #expect(failures == 0)
    }
}
