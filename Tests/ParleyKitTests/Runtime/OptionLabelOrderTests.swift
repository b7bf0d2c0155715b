@testable import ParleyKit
import Testing

/// A fully typed option label wins before a state's triggers, so "fully typed"
/// must mean the label's words in the label's order, each counted once as a
/// term: two labels with the same words ("I broke my partner's trust", "My
/// partner broke my trust") are told apart by their order, and a phrase
/// synonym ("red flags" for "signs") is one word, not two.
@Suite struct OptionLabelOrderTests {
    static let source = """
        dialog Labels
        start menu

        synonyms
          partner: wife, husband
          sign: red flags

        intent signs
          keywords: sign
          rank: 2

        state menu
          ask Which fits?
          option I broke my partner's trust -> broke
          option My partner broke my trust -> hurt
          option What causes trust issues, and what are the signs? -> causes
          on signs -> signs

        state broke
          say broke
          go menu

        state hurt
          say hurt
          go menu

        state causes
          say causes
          go menu

        state signs
          say signs
          go menu
        """

    @Test func theSameWordsInAnotherOrderAreAnotherLabel() throws {
        var chat = Conversation(try dialog(Self.source))
        #expect(chat.say("my partner broke my trust").replies.first?.text == "hurt")
        #expect(chat.say("my wife broke my trust").replies.first?.text == "hurt")
        #expect(chat.say("I broke my husband's trust").replies.first?.text == "broke")
    }

    @Test func aPhraseSynonymIsOneWordOfTheLabel() throws {
        var chat = Conversation(try dialog(Self.source))
        // "red flags" stands for "sign": three of the label's four words, so
        // the state's own trigger takes the line.
        let turn = chat.say("red flags of trust issues")
        #expect(turn.intent == "signs")
        #expect(turn.replies.map(\.text) == ["signs", "Which fits?"])
        // The whole label, in order, still picks it.
        #expect(chat.say("what causes trust issues and what are the signs").replies.first?.text == "causes")
    }

    /// A label typed as a small part of a line does not win over a state's
    /// trigger that reads the line with a higher rank (issue 11: "I decided to
    /// break up with her" typed the tip "Decide what you want").
    @Test func aLabelThatIsASmallPartOfTheLineYieldsToAHigherRankedTrigger() throws {
        let source = """
            dialog Labels
            start menu

            intent leave
              keywords: break up
              rank: 2

            state menu
              ask Where would you like to begin?
              option Decide what you want -> decide
              on leave -> leaving

            state decide
              say decide
              go menu

            state leaving
              say leaving
              go menu
            """
        var chat = Conversation(try dialog(source))
        #expect(chat.say("i decided to break up with her").replies.first?.text == "leaving")
        #expect(chat.say("decide").replies.first?.text == "decide")
        #expect(chat.say("decide what i want").replies.first?.text == "decide")
    }
}
