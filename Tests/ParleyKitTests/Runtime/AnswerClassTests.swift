@testable import ParleyKit
import Testing

/// Answer classes (`answers NAME`, `use answers NAME`, `next STATE`), `remember
/// NAME reflected`, and repair that says each level once and never quotes the
/// line it could not understand.
@Suite struct AnswerClassTests {
    static let script = """
        dialog Classes
        start q1

        intent excuse
          keywords: drunk, it just happened

        intent dont-know
          keywords: do not know, not sure

        answers reflective
          on excuse
            say one of
              - That sounds like an excuse.
              - That may be a reason, not an answer.
            go next
          on dont-know -> next

        state q1
          ask What is hardest to own?
          use answers reflective
          next q2
          on anything
            remember a1 reflected
            say You said: {a1}.
            go next

        state q2
          ask And what will you change?
          use answers reflective
          next done
          on dont-know
            say That's fine, take your time.
            go done
          on anything
            remember a2
            go done

        state done
          say Summary: {a1} / {a2}
          end
        """

    @Test func eachStateMovesOnToItsOwnNext() throws {
        var chat = Conversation(try dialog(Self.script))
        chat.say("I was drunk")
        #expect(chat.last.state == "q2")
        #expect(chat.text.contains("excuse") || chat.text.contains("reason"))
        chat.say("i was drunk, it just happened")
        #expect(chat.last.state == "done")
    }

    @Test func consecutiveQuestionsDoNotRepeatAClassLine() throws {
        var chat = Conversation(try dialog(Self.script))
        let first = chat.say("drunk").replies.first?.text
        let second = chat.say("drunk").replies.first?.text
        #expect(first != nil && first != second)
    }

    @Test func aStatesOwnTriggerOverridesTheClass() throws {
        var chat = Conversation(try dialog(Self.script))
        chat.say("I cheated")
        chat.say("not sure")
        #expect(chat.text.contains("take your time"))
    }

    @Test func rememberReflectedSwapsPersonAndDropsEndPunctuation() throws {
        var chat = Conversation(try dialog(Self.script))
        chat.say("I lied to my wife.")
        #expect(chat.text.contains("You said: you lied to your wife."))
        chat.say("Stop")
        #expect(chat.text.contains("Summary: you lied to your wife / Stop"))
    }

    @Test func aSentenceCapitalIsLoweredButANameKeepsItsCapital() throws {
        var chat = Conversation(try dialog(Self.script))
        chat.say("That I lied to my wife.")
        #expect(chat.text.contains("You said: that you lied to your wife."))
        var named = Conversation(try dialog(Self.script))
        named.say("Sarah knows I lied")
        #expect(named.text.contains("You said: Sarah knows you lied."))
    }

    @Test func unknownClassAndMissingNextAreErrors() {
        let result = compile("""
            dialog Bad
            start a

            answers kinds
              on anything -> next

            state a
              ask Why?
              use answers kindz
              on anything -> next
            """)
        let codes = result.diagnostics.map(\.code.rawValue)
        #expect(codes.contains("P025"))
        #expect(codes.contains("P024"))
        #expect(result.diagnostics.contains { $0.message.contains("did you mean 'kinds'") })
    }

    static let repairScript = """
        dialog Repair
        start a

        intent yes
          keywords: yes

        state a
          ask Ready?
          on yes -> end

        repair
          level 1
            say one of
              - Sorry, for example "yes" or "not sure".
              - Sorry, try "yes".
          level 2
            say Type "yes" when you are ready.
          level 3
            say one of
              - Type "menu" for the list.
              - Or "help".
        """

    @Test func repairNeverQuotesTheLineItRejected() throws {
        for seed in UInt64(1)...8 {
            var chat = Conversation(try dialog(Self.repairScript), seed: seed)
            chat.say("not sure")
            #expect(!chat.text.contains("\"not sure\""), "seed \(seed): \(chat.text)")
            #expect(chat.text.contains("Sorry, try"))
        }
    }

    @Test func afterTheLastLevelTheCoachOnlyAsksAgain() throws {
        var chat = Conversation(try dialog(Self.repairScript))
        var repairLines: [String] = []
        for word in ["x", "y", "z", "w", "v", "u"] {
            chat.say(word)
            repairLines += chat.last.replies.filter { $0.kind == .repair || $0.kind == .say }.map(\.text)
        }
        #expect(repairLines.count == 3, "\(repairLines)")
        #expect(Set(repairLines).count == repairLines.count)
        #expect(chat.last.replies.map(\.text) == ["Ready?"])
    }
}
