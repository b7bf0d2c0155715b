@testable import ParleyKit
import Testing

/// The parser and compiler on keyword groups: precise errors, and the
/// `matching` and `clauses` lines for intents.
@Suite struct KeywordCheckTests {
    func diagnostics(_ text: String) -> [String] {
        compile(text).diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code.rawValue) \($0.message)" }
    }

    @Test func malformedPatternsAndRepliesArePointedAt() {
        let found = diagnostics("""
            dialog B
            start talk
            group g
              keywords: g, two words
              pattern: * [want need *
                - x
              pattern: * want* *
                - x
              pattern: ^ g $ *
                - x
              pattern: g *0
                - {3}
              pattern: g
                go
                stay
            state talk
              say Hi.
              on keywords
            """)
        #expect(found.contains { $0.hasPrefix("4:16 P002") && $0.contains("single words") })
        #expect(found.contains { $0.hasPrefix("5:14 P022") && $0.contains("'['") })
        #expect(found.contains { $0.hasPrefix("7:14 P022") && $0.contains("stand alone") })
        #expect(found.contains { $0.hasPrefix("9:16 P022") && $0.contains("comes last") })
        #expect(found.contains { $0.hasPrefix("11:14 P022") && $0.contains("'*N'") })
        #expect(found.contains { $0.hasPrefix("14:7 P002") && $0.contains("group's name") }, "\(found)")
        #expect(!found.contains { $0.contains("expected replies below") }, "replies were there, only malformed")
        #expect(found.contains { $0.hasPrefix("15:5 P002") && $0.contains("expected a reply") && $0.contains("found 'stay'") })
    }

    @Test func groupsNoStateAnswersWithAreUnused() {
        let found = diagnostics("""
            dialog B
            start talk
            group g
              keywords: g
              pattern: *
                - ok
            state talk
              say Hi.
              on anything
                say I see.
            """)
        #expect(found.contains("3:7 P106 the keyword groups are never used: no state answers with them"), "\(found)")
    }

    @Test func capturesBeyondThePatternAreErrors() {
        let found = diagnostics("""
            dialog B
            start talk
            group g
              keywords: g
              pattern: * g [a b]
                - {1} {2} {3}
            state talk
              say Hi.
              on keywords
            """)
        #expect(found == ["6:15 P021 '{3}' shows a capture, but the pattern '* g [a b]' captures 2 parts"])
    }

    @Test func keywordsCannotBeCombinedWithOtherTriggers() {
        let found = diagnostics("""
            dialog B
            start talk
            intent hi
              keywords: hello
            group g
              keywords: g
              pattern: *
                - ok
            state talk
              say Hi.
              on keywords, hi
            """)
        #expect(found.contains { $0.contains("'keywords' cannot be combined") })
    }

    @Test func aMemoryKeepsTextOnly() {
        let found = diagnostics("""
            dialog B
            start talk
            group g
              keywords: g
              pattern: *
                - ok
            memory g
              choose: randomly
              recall: every 0
              pattern: *
                pass
            state talk
              say Hi.
              on keywords
            """)
        #expect(found.contains { $0.hasPrefix("8:11 P002") && $0.contains("'in order' or 'last word'") })
        #expect(found.contains { $0.hasPrefix("9:11 P002") && $0.contains("every N") })
        #expect(found.contains { $0.hasPrefix("10:3 P002") && $0.contains("keeps text") })
    }

    @Test func headerLinesAreCheckedAndGivenOnce() {
        let found = diagnostics("""
            dialog B
            start talk
            matching loosely
            clauses , 9x
            clauses ;
            state talk
              say Hi.
              on anything
                say ok
            """)
        #expect(found.contains { $0.hasPrefix("3:10 P002") && $0.contains("'exact', 'forgiving' or 'eliza'") })
        #expect(found.contains { $0.hasPrefix("4:9 P002") && $0.contains("'9x' cannot end a clause") },
                "the clauses line is read for intents too, so it is checked without groups")
        #expect(found.contains { $0.hasPrefix("5:1 P019") })
    }

    @Test func exactIntentsTakeOnlyTheWordsAsWritten() throws {
        var chat = Conversation(try dialog("""
            dialog E
            start s
            synonyms
              feel: sense
            intent feel
              keywords: feel
              matching: exact
            intent want
              keywords: want
            state s
              say hi
              on feel
                say feel
              on want
                say want
              on anything
                say other
            """))
        #expect(chat.say("I feel sad").replies.map(\.text) == ["feel"])
        #expect(chat.say("I am feeling sad").replies.map(\.text) == ["other"], "no stemming")
        #expect(chat.say("I sense it").replies.map(\.text) == ["other"], "no synonyms")
        #expect(chat.say("I do not feel sad").replies.map(\.text) == ["feel"], "negation is not looked at")
        #expect(chat.say("I wanted it").replies.map(\.text) == ["want"], "other intents still stem")
        #expect(chat.say("I do not want it").replies.map(\.text) == ["other"])
    }

    @Test func clausesBoundIntentCaptures() throws {
        let text = """
            dialog C
            start s
            clauses , . but
            intent need
              pattern: i need *
            state s
              say hi
              on need
                say Why do you need {1}?
            """
        var chat = Conversation(try dialog(text))
        #expect(chat.say("I need some help, that much seems certain").replies.map(\.text) == ["Why do you need some help?"])
        #expect(chat.say("I need rest but not now").replies.map(\.text) == ["Why do you need rest?"])
        var plain = Conversation(try dialog(text.replacingOccurrences(of: "clauses , . but\n", with: "")))
        #expect(plain.say("I need some help, that much seems certain").replies.map(\.text)
                == ["Why do you need some help, that much seems certain?"])
    }
}
