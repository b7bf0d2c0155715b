@testable import ParleyKit
import Testing

/// `reads: nothing` and `reads: little` fire on lines the matcher can read
/// too little of (issue 11: "asdfgh", an emoji alone, "banana banana" kept as
/// answers), and never on a line with a word the dialog listens for.
@Suite struct LineReadingTests {
    static let dialogText = """
        dialog R
        start a

        intent excuse
          keywords: drunk, it just happened
          unless: pizza party
          rank: 2

        intent feel
          pattern: i feel *

        intent danger
          keywords: not be here tomorrow, a good reason, the last night

        intent yes
          keywords: ok, yes

        intent gibberish
          reads: nothing

        intent offtopic
          reads: little

        state a
          ask What part is hardest to own?
          option Take responsibility -> a
          on excuse, feel, danger, yes, gibberish, offtopic -> a
        """

    let dialog: CompiledDialog
    init() throws { dialog = try ParleyKitTests.dialog(Self.dialogText) }

    func intents(_ line: String) -> [String] {
        dialog.matcher.match(TextNormalizer.normalize(line)).map { dialog.intents[Int($0.intent)].name }
    }

    @Test(arguments: ["asdfghjkl", "blorp", "jjjjjjjjjjj", "🍕", "🐸🐸 ???", "", "...", "qwzx vbnm"])
    func unreadableLinesReadNothing(_ line: String) {
        #expect(intents(line).contains("gibberish"), "\(line)")
        #expect(intents(line).contains("offtopic"), "\(line): `little` takes every line `nothing` takes")
    }

    @Test(arguments: ["banana banana", "whats the weather", "who painted the ceiling", "pizza party tonight"])
    func englishWithoutTheDialogsWordsReadsLittle(_ line: String) {
        #expect(intents(line).contains("offtopic"), "\(line)")
        #expect(!intents(line).contains("gibberish"), "\(line): English words are read")
    }

    @Test(arguments: ["i was drunk", "it just happened", "i feel lost", "drnuk", "so drunk lol"])
    func aWordTheDialogListensForIsRead(_ line: String) {
        #expect(!intents(line).contains("offtopic"), "\(line)")
        #expect(!intents(line).contains("gibberish"), "\(line)")
    }

    @Test func numbersAreReadButAreNoWordOfTheDialog() {
        #expect(!intents("12").contains("gibberish"))
        #expect(!intents("42 blorp").contains("gibberish"))
        #expect(intents("twelve apples").contains("offtopic"))
    }

    /// One real word, alone or with small words, can answer an open question
    /// ("What would you like to do together?" "hiking"); a word that is not
    /// English, the dialog's or a number is still not read.
    @Test(arguments: ["hiking", "honesty", "the lies", "everything", "work", "twelve", "honesty?"])
    func oneRealWordIsAnAnswer(_ line: String) {
        #expect(!intents(line).contains("offtopic"), "\(line)")
    }

    @Test(arguments: ["asdfgh", "jjjj", "blorp", "🐸"])
    func oneUnreadableWordIsNot(_ line: String) {
        #expect(intents(line).contains("offtopic"), "\(line)")
    }

    /// A question put to the coach or about the world is measured by the words
    /// the line matched, not by every word of the dialog's keywords: "tomorrow",
    /// "good" and "last night" are words of keywords here, but none matched.
    @Test(arguments: ["whats the weather tomorrow", "what's the weather tomorrow", "can you recommend a good pizza place",
                      "who won the game last night", "what time is it", "do you like cats", "is this app free",
                      "what movie should we watch tonight", "can u speak spanish"])
    func aQuestionAboutTheWorldReadsLittle(_ line: String) {
        #expect(intents(line).contains("offtopic"), "\(line)")
    }

    /// Chat markers make a line an aside, and a nod ("ok") is no content in one.
    @Test(arguments: ["lol ok", "lol ok ??? 🐸🐸", "lmao", "my dog just threw up brb", "haha yes"])
    func chatReadsLittle(_ line: String) {
        #expect(intents(line).contains("offtopic"), "\(line)")
    }

    /// A question about oneself, a clause that starts like a question, a line
    /// about him or her, and an aside with a word that matched are read.
    @Test(arguments: ["so drunk lol", "can you believe i was drunk", "why did he do it", "she never listens anyway",
                      "what i did was stupid", "can i really change", "ok", "yes"])
    func linesAboutTheStoryAreRead(_ line: String) {
        #expect(!intents(line).contains("offtopic"), "\(line)")
    }

    @Test func aReadingMatchComesAfterAnyMatchWithWordsOfItsRank() throws {
        // An intent with keywords of the same rank as the reading intent goes first.
        let matches = dialog.matcher.match(TextNormalizer.normalize("take responsibility"))
        #expect(matches.first.map { dialog.intents[Int($0.intent)].name } != "offtopic")
        let reading = try #require(dialog.matcher.match(TextNormalizer.normalize("blorp")).first)
        #expect(reading.score == 0 && reading.hits.isEmpty)
    }

    /// A line of small words only has nothing to go on: `nothing` takes it,
    /// so a dialog asks again gently rather than calling it off-topic.
    @Test(arguments: ["no", "why?", "what should i do", "who is it"])
    func aLineOfSmallWordsSaysNothing(_ line: String) {
        #expect(intents(line).contains("gibberish"), "\(line)")
        #expect(!intents("he did").contains("gibberish"), "a line about him is about the story")
    }

    @Test func smallWordsAndQuestionWordsCarryNoTopic() {
        // "what", "is", "the" are small words; "who" and "when" ask, they say nothing about the topic.
        #expect(intents("who is it").contains("offtopic"))
        #expect(intents("when").contains("offtopic"))
    }

    @Test func aBadLevelIsAClearError() {
        let result = compile("dialog R\nstart a\nintent x\n  reads: some\nstate a\n  ask ?\n  on x -> a\n")
        #expect(result.diagnostics.contains { $0.message.contains("expected 'nothing' or 'little' after 'reads:'") })
    }
}
