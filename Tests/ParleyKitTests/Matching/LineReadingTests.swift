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

        intent gibberish
          reads: nothing

        intent offtopic
          reads: little

        state a
          ask What part is hardest to own?
          option Take responsibility -> a
          on excuse, feel, gibberish, offtopic -> a
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
        #expect(intents("twelve").contains("offtopic"))
    }

    @Test func aReadingMatchComesAfterAnyMatchWithWordsOfItsRank() throws {
        // An intent with keywords of the same rank as the reading intent goes first.
        let matches = dialog.matcher.match(TextNormalizer.normalize("take responsibility"))
        #expect(matches.first.map { dialog.intents[Int($0.intent)].name } != "offtopic")
        let reading = try #require(dialog.matcher.match(TextNormalizer.normalize("blorp")).first)
        #expect(reading.score == 0 && reading.hits.isEmpty)
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
