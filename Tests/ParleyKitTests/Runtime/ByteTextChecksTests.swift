import BuiltinDialogs
@testable import ParleyKit
import Testing

/// Text checks of the turn read on bytes (issue 12, `turn7`) give what the
/// plain definitions give, on every short text over the bytes that matter.
@Suite struct ByteTextChecksTests {
    /// `Run.quotes` compares the phrase only right after an opening mark: the
    /// same answers as "the lower-cased text contains an opening mark, the
    /// phrase and its closing mark", for every text of up to five pieces of
    /// letters and the marks.
    @Test func quotesFindsExactlyTheQuotedPhrases() {
        let pieces = ["a", "b", "A", "\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}"]
        let pairs = [("\"", "\""), ("\u{201C}", "\u{201D}"), ("'", "'"), ("\u{2018}", "\u{2019}")]
        var texts = [""]
        var all: [String] = []
        for _ in 1...5 {
            texts = texts.flatMap { text in pieces.map { text + $0 } }
            all += texts
        }
        for text in all {
            for phrase in ["a", "ab", "ba"] {
                let lowered = text.lowercased()
                let expected = pairs.contains { lowered.contains($0.0 + phrase + $0.1) }
                #expect(Run.quotes(text, phrase) == expected, "\(text) \(phrase)")
            }
        }
    }

    /// The reflector's split of an ASCII text into words and what lies
    /// between them, read on bytes, is the split by characters (letters,
    /// numbers and apostrophes make words) for every text of one or two
    /// printable ASCII characters or CR, LF and tab, and for longer ones.
    @Test func reflectorSplitsASCIIAsByCharacters() {
        var characters = (UInt8(0x20)...UInt8(0x7E)).map { String(UnicodeScalar($0)) }
        characters += ["\r", "\n", "\t", "\r\n"]
        var texts = characters
        for first in characters { for second in characters { texts.append(first + second) } }
        texts += ["I want you to leave", "because you left, you know", "it's 2 o'clock; I'm done.", "a\r\nb"]
        for text in texts {
            let split = Reflector.asciiPieces(of: text)
            let expected = Reflector.pieces(of: text)
            #expect(split?.map { String($0.text) } == expected.map { String($0.text) }, "\(text.debugDescription)")
            #expect(split?.map(\.isWord) == expected.map(\.isWord), "\(text.debugDescription)")
        }
        #expect(Reflector.asciiPieces(of: "") == nil)
        #expect(Reflector.asciiPieces(of: "café") == nil)
    }

    /// A capture's edges trimmed on bytes (`CaptureText.trimASCII`, issue 12,
    /// `turn8`) as by characters, for every text of up to four characters
    /// over the marks, brackets, quotes and spaces that trimming reads.
    @Test func captureTextTrimsASCIIAsByCharacters() {
        let characters = ["a", " ", "\t", "\r", "\n", "\r\n", ",", ".", "-", "!", "?", "(", ")", "[", "]", "{", "}", "\"", "'"]
        var texts = [""]
        var all: [String] = [""]
        for _ in 1...4 {
            texts = texts.flatMap { text in characters.map { text + $0 } }
            all += texts
        }
        all += ["(sort of) lost", "\"lost\"", "lost.\"", "  (really) sad...", "[hurt], ", "{a} b}", "\u{1F622}", "(café"]
        for text in all {
            #expect(CaptureText.trim(text[...]) == CaptureText.trimByCharacters(text[...]), "\(text.debugDescription)")
            // Also as a part of a longer text, as captures are.
            let longer = "x" + text + "y"
            let inner = longer.dropFirst().dropLast()
            #expect(CaptureText.trim(inner) == CaptureText.trimByCharacters(inner), "\(text.debugDescription)")
        }
    }

    /// The check that lets most reflected texts through untouched
    /// (`Reflector.withoutDoubledPossessive`, issue 12, `turn8`) gives what
    /// splitting and joining them gives, for every text of up to four words.
    @Test func aDoubledPossessiveIsFoundAsBySplitting() {
        let words = ["my", "My", "MY", "your", "Your", "YOUR", "you", "mum", "", "my,", "yours", "café"]
        var texts = [""]
        var all: [String] = []
        for _ in 1...4 {
            texts = texts.flatMap { text in words.map { text.isEmpty ? $0 : text + " " + $0 } }
            all += texts
        }
        for text in all {
            #expect(Reflector.withoutDoubledPossessive(text) == Reflector.withoutDoubledPossessiveBySplitting(text), "\(text)")
        }
    }
}

/// A turn reads and matches its line in buffers the engine keeps from line
/// to line (`TurnBuffers`, issue 12, `turn7`): reused buffers give what new
/// ones give, whatever the lines before them left in them.
@Suite struct TurnBuffersTests {
    @Test(arguments: ["sample", "trust"])
    func reusedBuffersReadAndMatchAsNewOnes(_ name: String) throws {
        let dialog = try #require(BuiltinDialogs.compile(name, warnings: false).dialog)
        let buffers = TurnBuffers()
        var memo = WordMemo()
        for line in MatchBuffersTests.lines + MatchBuffersTests.lines.reversed() {
            let fresh = TextNormalizer.normalize(line)
            var reused = TextNormalizer.normalize(line, reusing: &buffers.line)
            #expect(reused.display == fresh.display && reused.sentences == fresh.sentences, "\(line)")
            #expect(reused.words.map(\.text) == fresh.words.map(\.text) && reused.words.map(\.range) == fresh.words.map(\.range)
                        && reused.words.map(\.sentence) == fresh.words.map(\.sentence) && reused.words.map(\.clause) == fresh.words.map(\.clause)
                        && reused.words.map(\.negated) == fresh.words.map(\.negated), "\(line)")
            let tokens = dialog.matcher.lexicon.tokens(of: fresh)
            // The tokens read into the buffers of earlier lines (`turn8`) are the fresh ones.
            dialog.matcher.lexicon.tokens(of: reused, memo: &memo, into: &buffers.tokens, analyses: &buffers.analyses)
            #expect(buffers.tokens.map(\.term) == tokens.map(\.term) && buffers.tokens.map(\.firstWord) == tokens.map(\.firstWord)
                        && buffers.tokens.map(\.lastWord) == tokens.map(\.lastWord) && buffers.tokens.map(\.sentence) == tokens.map(\.sentence)
                        && buffers.tokens.map(\.clause) == tokens.map(\.clause) && buffers.tokens.map(\.negated) == tokens.map(\.negated)
                        && buffers.tokens.map(\.isNegator) == tokens.map(\.isNegator) && buffers.tokens.map(\.typo) == tokens.map(\.typo),
                    "\(line)")
            #expect(buffers.analyses == fresh.words.map { dialog.matcher.lexicon.analyse($0.text) }, "\(line)")
            let expected = dialog.matcher.match(fresh, tokens: tokens, recordingHits: false)
            let matches = dialog.matcher.match(reused, tokens: buffers.tokens, recordingHits: false, scratch: &buffers.matching)
            #expect(matches.map(\.intent) == expected.map(\.intent) && matches.map(\.score) == expected.map(\.score)
                        && matches.map(\.exactScore) == expected.map(\.exactScore) && matches.map(\.captures) == expected.map(\.captures)
                        && matches.map(\.captureContexts) == expected.map(\.captureContexts) && matches.map(\.entry) == expected.map(\.entry),
                    "\(line)")
            buffers.line.keep(&reused)
        }
    }

    /// One engine answering every line (its buffers reused, by explained and
    /// unexplained turns in turn) answers as a new engine for each line.
    @Test(arguments: ["sample", "trust"])
    func anEngineAnswersAsANewOneAtEveryLine(_ name: String) throws {
        let dialog = try #require(BuiltinDialogs.compile(name, warnings: false).dialog)
        let engine = Engine(dialog: dialog)
        var (session, _) = engine.start(seed: 7)
        for (index, line) in (MatchBuffersTests.lines + MatchBuffersTests.lines).enumerated() {
            var expectedSession = session
            let expected = Engine(dialog: dialog).respond(to: line, in: &expectedSession, explaining: false)
            let turn = engine.respond(to: line, in: &session, explaining: index % 3 == 0)
            #expect(turn.replies == expected.replies && turn.options == expected.options && turn.state == expected.state
                        && turn.intent == expected.intent && turn.score == expected.score && turn.ended == expected.ended, "\(line)")
            #expect(session == expectedSession, "\(line)")
        }
    }
}
