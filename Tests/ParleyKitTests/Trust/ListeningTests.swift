@testable import ParleyKit
import Testing

/// The trust coach listens (issue 11): replies depend on the kind of answer,
/// roles come from who did what to whom, leaving is respected.
@Suite struct ListeningTests {
    static let dialog: CompiledDialog? = try? Package.compile("Dialogs/trust").dialog

    func chat(_ lines: [String]) throws -> Conversation {
        var chat = Conversation(try #require(Self.dialog, "Dialogs/trust does not compile"))
        for line in lines { chat.say(line) }
        return chat
    }

    @Test(arguments: [
        "i was drunk, it just happened",
        "honestly i was wasted, i didn't know what i was doing",
        "it was only one time and it meant nothing",
        "it's her fault, she pushed me away",
    ])
    func anExcuseIsNotPraised(_ excuse: String) throws {
        let chat = try self.chat(["i cheated on my girlfriend", "1", excuse])
        #expect(chat.last.intent == "excuse" || chat.last.intent == "blame")
        #expect(!chat.text.lowercased().contains("exactly where rebuilding starts"))
        #expect(!chat.text.contains("Thank you for saying it so plainly"))
        #expect(chat.text.contains("excuse") || chat.text.contains("own"))
    }

    @Test func blameFromTheBetrayedPartnerIsHeardNotCorrected() throws {
        let chat = try self.chat(["my partner cheated on me", "1", "stop telling me to stop blaming him. its HIS fault"])
        #expect(chat.last.intent == "blame")
        #expect(!chat.text.contains("That's good to know about yourself"))
        #expect(chat.text.contains("theirs") || chat.text.contains("their decision"))
    }

    @Test(arguments: [
        ["my partner cheated on me", "honestly i think i want to leave him"],
        ["my partner cheated on me", "2", "1", "no idea", "no"],
        ["i cheated on my wife", "1", "i think we should take a break"],
    ])
    func leavingIsRespected(_ lines: [String]) throws {
        let chat = try self.chat(lines)
        #expect(chat.last.state == "leaving.start")
        #expect(chat.text.contains("your decision"))
        #expect(!chat.text.contains("another chance"))
    }

    @Test(arguments: [
        "my husband has been sleeping with a coworker and i just found out",
        "my wife has been seeing another man and I just found out",
        "my wife is seeing someone and i found out",
        "my boyfriend have another girlfriend in other city",
        "he confessed last night that he slept with his secretary",
    ])
    func theBetrayedPartnerIsReadFromTheSentence(_ line: String) throws {
        #expect(try chat([line]).last.state == "betrayed.start")
    }

    @Test(arguments: [
        "I did mistake, I was chatting with other woman and my wife see the messages",
        "my wife found out i cheated",
        "my girlfriend caught me texting my ex",
        "i confessed to my husband that i slept with someone",
        "i went with other man when my husband was away",
    ])
    func thePartnerWhoCheatedIsReadFromTheSentence(_ line: String) throws {
        #expect(try chat([line]).last.state == "betrayer.start")
    }

    @Test func aFeelingIsReflectedWithCorrectPronouns() throws {
        let chat = try self.chat(["my partner cheated on me", "1", "i feel like im going crazy"])
        #expect(chat.text.contains("you feel like you're going crazy"))
    }

    @Test func realAnswersAreKeptReflectedAndOthersAreNot() throws {
        let angry = try self.chat(["my partner cheated on me", "2", "1", "i dont know",
                              "honestly i want to throw all his shit on the lawn", "not sure"])
        #expect(angry.session.variables["betrayed.decide.answer.2"] == nil)
        let kept = try self.chat(["i cheated on my wife", "2", "1", "I can let her talk without defending myself"])
        #expect(kept.session.variables["betrayer.apology.answer.1"]?.description == "you can let her talk without defending yourself")
    }

    /// An answer is kept only when it answers: gibberish, an emoji alone, a
    /// line with no word of the dialog, a question about something else or
    /// chat is not kept, not praised, and the question is asked again.
    @Test(arguments: ["blorp", "asdfgh", "🙂", "banana banana", "qwerty qwerty", "whats the weather tomorrow",
                      "can you recommend a good pizza place", "who won the game last night", "lol ok ??? 🐸🐸",
                      "can you speak spanish", "what time is it"])
    func aNonAnswerIsNotKeptButAskedAgain(_ line: String) throws {
        let chat = try self.chat(["i cheated on my wife", "1", line])
        #expect(["nonsense", "off-topic"].contains(chat.last.intent))
        #expect(chat.last.state == "betrayer.tip.1")
        #expect(chat.session.variables["betrayer.answer.1"] == nil)
        #expect(!chat.text.contains("Thank you"))
        #expect(chat.text.contains("What part of what happened is hardest for you to own"))
        let couple = try self.chat(["we both want to work on it together", "1", line])
        #expect(couple.last.state == "couple.tip.1" && couple.session.variables["couple.answer.1"] == nil)
    }

    /// A line about something else is told what the coach can help with.
    @Test(arguments: ["whats the weather tomorrow", "who won the game last night", "lol ok", "my dog just threw up brb"])
    func anOffTopicLineHearsWhatTheCoachCanHelpWith(_ line: String) throws {
        let chat = try self.chat(["my partner cheated on me", "1", line])
        #expect(chat.last.intent == "off-topic")
        #expect(chat.last.replies.contains { $0.plainText.contains("help") })
    }

    /// One real word is an answer where one word can answer the question.
    @Test(arguments: ["hiking", "honesty", "everything", "the lies", "work"])
    func aOneWordAnswerIsKept(_ line: String) throws {
        let chat = try self.chat(["my partner cheated on me", "1", line])
        #expect(chat.last.intent == nil)
        #expect(chat.last.state == "betrayed.tip.2")
        #expect(chat.session.variables["betrayed.answer.1"] != nil)
    }

    /// A statement of one's situation at another track's list of tips goes
    /// to the track it names; danger still comes first.
    @Test func aDisclosureAtAnotherTracksMenuGoesToTheRightTrack() throws {
        #expect(try chat(["we both want to work on it together", "my partner cheated on me"]).last.state == "betrayed.start")
        #expect(try chat(["my partner cheated on me", "actually i was the one who cheated, she found out"]).last.state
            == "betrayer.start")
        #expect(try chat(["i cheated on my wife", "my husband has been sleeping with a coworker"]).last.state == "betrayed.start")
        #expect(try chat(["we both want to work on it together", "he hits me when he drinks"]).last.state == "safety.paused")
    }

    /// The end-of-track summary links the person's own words, reflected, each
    /// under the question it answered, says what they suggest together, and
    /// ends with an open question about the next step (issue 11).
    @Test func theSummaryLinksTheUsersOwnWordsUnderTheirQuestions() throws {
        let chat = try self.chat(["we both want to work on it together", "1", "we are open to it but I am worried about the cost",
                                  "I get impatient when my partner checks my phone", "asdfgh", "skip", "yes"])
        #expect(chat.last.state == "couple.summary")
        let text = chat.text
        #expect(text.contains("About seeing a couples therapist, you said you are open to it but you are worried about the cost."))
        #expect(text.contains("About where patience is hardest right now, you also said you get impatient when your partner checks your phone."))
        #expect(!text.contains("asdfgh") && !text.contains("a goal to share"))
        #expect(text.contains("It sounds like"))
        #expect(chat.last.replies.last?.plainText.hasPrefix("Hearing it put together, what feels like the next step") == true)
        #expect(chat.last.options.contains { $0.label == "Talk about leaving" })
    }
}
