import ParleyKit
import ParleyStore
import Testing

/// Keyword groups: ELIZA's procedure as a language feature.
@Suite struct KeywordGroupTests {
    static func reply(_ chat: inout Conversation, _ line: String) -> String {
        chat.say(line).replies.map(\.text).joined(separator: " | ")
    }

    @Test func theFirstClauseWithAKeywordIsAnswered() throws {
        let text = """
            dialog C
            start talk
            clauses , . but
            group my
              keywords: my
              pattern: * my *
                - Your {2}.
                - Again your {2}.
            state talk
              say Hi.
              on keywords
              on anything
                say Go on.
            """
        var chat = Conversation(try dialog(text))
        #expect(Self.reply(&chat, "Well, my boyfriend made me come here.") == "Your boyfriend made you come here.")
        #expect(Self.reply(&chat, "Perhaps my sister helps, but she is busy") == "Again your sister helps.")
        #expect(Self.reply(&chat, "It is late, I know") == "Go on.")
        // Without the clauses line only sentences end a clause.
        var plain = Conversation(try dialog(text.replacingOccurrences(of: "clauses , . but\n", with: "")))
        #expect(Self.reply(&plain, "Well, my dog barks, he is loud") == "Your dog barks he is loud.")
    }

    @Test func aKeywordThatOutranksAllBeforeItGoesFirstAnyOtherGoesLast() throws {
        // Stack for "zero two one": two (rank 2) on top, then zero, then one.
        // Sorting by rank would try one before zero.
        var chat = Conversation(try dialog("""
            dialog S
            start talk
            group two
              keywords: two
              rank: 2
              pattern: *
                pass
            group one
              keywords: one
              rank: 1
              pattern: *
                - one answered
            group zero
              keywords: zero
              pattern: *
                - zero answered
            state talk
              say Hi.
              on keywords
            """))
        #expect(Self.reply(&chat, "zero two one") == "zero answered")
        #expect(Self.reply(&chat, "one zero") == "one answered")
    }

    @Test func patternsInOrderEachCyclingItsOwnReplies() throws {
        var chat = Conversation(try dialog("""
            dialog P
            start talk
            matching exact
            group i
              keywords: i
              pattern: ^ i am *
                - A {1}
                - B {1}
              pattern: *
                - C
                - D
            state talk
              say Hi.
              on keywords
            """))
        #expect(Self.reply(&chat, "I am tired") == "A tired")
        #expect(Self.reply(&chat, "so I said") == "C")
        #expect(Self.reply(&chat, "I am cold") == "B cold")
        #expect(Self.reply(&chat, "I am cold") == "A cold")
        #expect(Self.reply(&chat, "so I said") == "D")
        #expect(Self.reply(&chat, "well I am cold") == "C", "'^' anchors the pattern at the clause's start")
    }

    @Test func passGoRewriteAndFallback() throws {
        var chat = Conversation(try dialog("""
            dialog G
            start talk
            swap
              i'm: you're
              i: you
            group like
              keywords: like
              rank: 10
              pattern: * [am is are] * like *
                go alike
              pattern: *
                pass
            group alike
              keywords: alike
              pattern: *
                - In what way?
            group im
              keywords: i'm
              pattern: * you're *
                go i with you are {2}
            group i
              keywords: i
              pattern: * you are *
                - How long have you been {2}?
              go alike
            group why
              keywords: why
              pattern: why not $
                - Why not indeed.
            state talk
              say Hi.
              on keywords
              on anything
                say Please go on.
            """))
        #expect(Self.reply(&chat, "he is like his father") == "In what way?")
        #expect(Self.reply(&chat, "I'm sad") == "How long have you been sad?")
        #expect(Self.reply(&chat, "I like tea") == "In what way?", "like passes to i, whose fallback goes to alike")
        #expect(Self.reply(&chat, "cats like milk") == "Please go on.", "pass with no keyword left goes on to 'on anything'")
        #expect(Self.reply(&chat, "why not me") == "Please go on.", "'$' anchors at the clause's end; no fit and no 'no fit' passes")
        #expect(Self.reply(&chat, "why not") == "Why not indeed.")
    }

    @Test func noFitAnswersByLineNumber() throws {
        var chat = Conversation(try dialog("""
            dialog N
            start talk
            group can
              keywords: can
              pattern: * can you *
                - Can I?
            no fit
              - one
              - two
              - three
            state talk
              say Hi.
              on keywords
            """))
        // The opening is line 1, so the first user line is line 2.
        #expect(Self.reply(&chat, "can cats fly") == "two")
        #expect(Self.reply(&chat, "can dogs fly") == "three")
        #expect(Self.reply(&chat, "can birds fly") == "one")
    }

    @Test func memoryKeepsAndRecallsOnlyWhenDue() throws {
        var chat = Conversation(try dialog("""
            dialog M
            start talk
            swap
              my: your
              me: you
            group my
              keywords: my
              pattern: * your *
                - Your {2}.
            memory my
              recall: every 3
              pattern: * your *
                - Earlier you said your {2}.
              pattern: * your *
                - Does that concern your {2}?
            state talk
              say Hi.
              on keywords
              on anything
                say Go on.
            """))
        // The opening is line 1; memories come back on lines 3, 6, 9…
        #expect(Self.reply(&chat, "my cat scratched me") == "Your cat scratched you.")  // line 2
        #expect(chat.session.memories == ["Earlier you said your cat scratched you."])
        #expect(Self.reply(&chat, "hmm") == "Earlier you said your cat scratched you.")  // line 3
        #expect(Self.reply(&chat, "my dog barks") == "Your dog barks.")  // line 4
        #expect(Self.reply(&chat, "hmm") == "Go on.", "line 5 is not due")
        #expect(chat.session.memories == ["Does that concern your dog barks?"], "the patterns are taken in order")
        #expect(Self.reply(&chat, "hmm") == "Does that concern your dog barks?")  // line 6
        #expect(Self.reply(&chat, "hmm") == "Go on.")
        #expect(Self.reply(&chat, "hmm") == "Go on.", "line 9 is due, but nothing is kept")
    }

    @Test func lastWordHashChoosesTheMemoryPattern() throws {
        var chat = Conversation(try dialog("""
            dialog H
            start talk
            group my
              keywords: my
              pattern: *
                - ok
            memory my
              choose: last word
              pattern: * my *
                - zero {2}
              pattern: * my *
                - one {2}
              pattern: * my *
                - two {2}
              pattern: * my *
                - three {2}
            state talk
              say Hi.
              on keywords
            """))
        for line in ["my boyfriend made me come here", "my wife wants kids", "my father talks all the time"] {
            _ = chat.say(line)
        }
        #expect(chat.session.memories == ["three boyfriend made you come here", "one wife wants kids", "zero father talks all the time"])
    }

    @Test func theSLIPHash() {
        #expect(LastWordHash.lastChunk("HERE") == 0o302551256060)
        #expect(LastWordHash.lastChunk("always") == 0o214366217062)
        #expect(LastWordHash.lastChunk("INVENTED") == 0o252460606060, "a long word is held in cells of six; the last is hashed")
        #expect(LastWordHash.lastChunk("") == 0o606060606060)
        #expect(LastWordHash.hash(0o214366217062, bits: 7) == 14, "CACM 1966 p. 38: 'always' yields 14")
        #expect(LastWordHash.hash(0o302551256060, bits: 2) == 3)
        #expect(LastWordHash.hash(0o423124626060, bits: 2) == 1)
        #expect(LastWordHash.hash(0o633144256060, bits: 2) == 0)
        #expect(LastWordHash.hash(0o777777777777, bits: 15) == 0x7F00, "the sign bit is not squared")
        #expect(LastWordHash.choice(lastWord: "here", count: 4) == 3)
    }

    @Test func wordClassesAlternativesCountsAndExactWords() throws {
        let text = """
            dialog W
            start talk
            matching exact
            classes
              family: mother, father
            group my
              keywords: my
              pattern: * my @family *
                - Family: {2}, then {3}.
              pattern: my *2 [is are] *
                - Two words: {1}; verb {2}.
            state talk
              say Hi.
              on keywords
              on anything
                say Go on.
            """
        var chat = Conversation(try dialog(text))
        #expect(Self.reply(&chat, "I think my mother hates me") == "Family: mother, then hates you.")
        #expect(Self.reply(&chat, "my old car is broken") == "Two words: old car; verb is.")
        #expect(Self.reply(&chat, "my mothers are kind") == "Go on.", "exact: 'mothers' is not 'mother', and '*2' takes two words")
        var stemmed = Conversation(try dialog(text.replacingOccurrences(of: "matching exact\n", with: "")))
        #expect(Self.reply(&stemmed, "my mothers are kind") == "Family: mothers, then are kind.")
    }

    @Test func elizaMatchingComparesTheFirstSixLettersOfAlternatives() throws {
        let text = """
            dialog E
            start talk
            matching eliza
            group i
              keywords: i
              pattern: * i am [sad depressed] *
                - Sorry you are {2}.
              pattern: *
                - Go on.
            state talk
              say Hi.
              on keywords
            """
        var chat = Conversation(try dialog(text))
        #expect(Self.reply(&chat, "I am depressing") == "Sorry you are depressing.", "DEPRES is a piece of DEPRESSED")
        #expect(Self.reply(&chat, "I am sed") == "Sorry you are sed.", "SED is the second piece of DEPRESSED")
        #expect(Self.reply(&chat, "I am sadly") == "Go on.")
        var exact = Conversation(try dialog(text.replacingOccurrences(of: "matching eliza", with: "matching exact")))
        #expect(Self.reply(&exact, "I am depressing") == "Go on.")
    }

    @Test func matcherRemembersFailuresSoLongLinesStayCheap() {
        let pattern = Decomposition(elements: [.any, .word("a"), .any, .word("b"), .any, .word("c"), .any, .word("z")],
                                    anchoredStart: false, anchoredEnd: true, replies: [], site: 0, text: "")
        let keys = Array(repeating: "a", count: 400) + ["b", "c"]
        #expect(KeywordMatcher.match(pattern, keys: keys) == nil)
        #expect(KeywordMatcher.match(pattern, keys: keys + ["z"])?.count == 4)
    }

    @Test func tokensAndClauseEnds() {
        let rule = ClauseRule.parse(", . but").rule
        #expect(KeywordMatcher.tokenize("You’re right, but I don't!", clauses: rule)
                == [.word("you're"), .word("right"), .clauseEnd, .clauseEnd, .word("i"), .word("don't"), .clauseEnd])
        #expect(ClauseRule.parse(", 9x").invalid == ["9x"])
    }

    @Test func sessionsKeepMemoriesAndLineCount() throws {
        var session = Session(state: "talk", seed: 3)
        session.memories = ["Earlier you said your dog barks."]
        session.lines = 7
        let bytes = SessionCodec.encode(session)
        let decoded = try bytes.withUnsafeBytes { try SessionCodec.decode($0) }
        #expect(decoded == session)
        // Sessions stored before memories existed (version 1) still load.
        var old = SessionCodec.encode(Session(state: "talk", seed: 3))
        #expect(old.suffix(3) == [0, 0, 0], "no fingerprint, no memories, line 0")
        old.removeLast(3)
        old[0] = 1
        #expect(try old.withUnsafeBytes { try SessionCodec.decode($0) } == Session(state: "talk", seed: 3))
    }
}
