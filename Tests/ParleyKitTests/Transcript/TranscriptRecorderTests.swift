import BuiltinDialogs
@testable import ParleyKit
import Testing

@Suite struct TranscriptRecorderTests {
    let engine = Engine(dialog: BuiltinDialogs.compile("sample").dialog!)

    func recorded(seed: UInt64, _ lines: [String]) -> TranscriptRecorder {
        var (session, opening) = engine.start(seed: seed)
        var recorder = TranscriptRecorder(seed: seed, opening: opening, comments: ["made by a test"])
        for line in lines {
            let input = TranscriptRecorder.recordable(line)
            recorder.record(input: input, turn: engine.respond(to: input, in: &session))
        }
        return recorder
    }

    func replay(_ text: String) throws -> TranscriptResult {
        let transcript = try Transcript.parse(text, path: "recorded.chat").get()
        return TranscriptReplayer(dialog: engine.dialog).replay(transcript)
    }

    @Test func aRecordingReplaysClean() throws {
        let lines = ["1", "about twelve pages a day", "that is too many", "yes", "see my goal again", "2", "I feel lost", "no", "Back"]
        for seed: UInt64 in [0, 1, 2, 99, .max] {
            let recorder = recorded(seed: seed, lines)
            let result = try replay(recorder.text)
            #expect(result.passed, "seed \(seed): \(result.report.joined(separator: "\n"))\n\(recorder.text)")
            #expect(result.turns.count == lines.count + 1)
        }
    }

    @Test func theFileLooksLikeAHandWrittenTranscript() {
        let text = recorded(seed: 1, ["2"]).text
        #expect(text == """
            # made by a test
            seed 1

            bot: Hi there! I'm a small reading coach, a computer program.
            bot: I can help you set a reading goal, or we can talk about how reading makes you feel.
            bot: What would you like to do?
              1. Set a reading goal
              2. Talk about reading
              3. Hear a quote about reading
            ? state welcome

            you: 2
            bot: Let's talk. Tell me how you feel about reading, for example "I feel guilty that I stopped".
            bot: How do you feel about reading these days?
            ? state talk

            """)
    }

    @Test func linesAreRecordedAsReplayWillSendThem() throws {
        #expect(TranscriptRecorder.recordable("  I feel \u{1B}[1mbold\u{7}\tnow \n") == "I feel [1mbold now")
        let recorder = recorded(seed: 4, ["2", "   I like\u{0} it\r\nvery\u{85}much  "])
        #expect(recorder.text.contains("\nyou: I like it  verymuch\n"))
        #expect(try replay(recorder.text).passed)
    }

    /// A line of printable ASCII without a space at either end is taken as
    /// it is: every line is recorded as cleaning and trimming it gives.
    @Test func aPlainLineIsItsOwnRecordableForm() {
        let lines = ["", " ", "2", "hello", " hello", "hello ", "  both  ", "tab\tinside", "\tat the start",
                     "a plain line of printable ASCII, long enough to be read eight bytes at a time ~",
                     "caf\u{E9}", "a\u{1B}[1mbold", "del\u{7F}", "new\nline", "ends with a new line\n",
                     "nbsp\u{A0}", "\u{FF0F}fullwidth", "line feed at the end of a long line of text\r",
                     String(repeating: "word ", count: 40), String(repeating: "word ", count: 40) + "x"]
        for line in lines {
            #expect(TranscriptRecorder.recordable(line) == String(TextNormalizer.clean(line).trimmingSpaces), "\(line.debugDescription)")
        }
    }

    @Test func repliesThatALineCannotHoldBecomePatterns() {
        #expect(TranscriptRecorder.replyLine("plain") == "bot: plain")
        #expect(TranscriptRecorder.replyLine("") == "bot:")
        #expect(TranscriptRecorder.replyLine("  indented") == "bot~   indented")
        #expect(TranscriptRecorder.replyLine("bell\u{7}\u{7}here\r") == "bot~ bell*here*")
    }

    @Test func takingALineBackRemovesItsExchange() throws {
        var recorder = recorded(seed: 3, ["2", "I feel odd"])
        #expect(recorder.count == 2)
        let first = recorder.removeLast()
        #expect(first)
        #expect(!recorder.text.contains("odd"))
        #expect(try replay(recorder.text).passed)
        let second = recorder.removeLast(), third = recorder.removeLast()
        #expect(second && !third)
    }

    @Test func theEndIsAsserted() throws {
        let recorder = recorded(seed: 1, ["goodbye"])
        #expect(recorder.text.hasSuffix("bot: Happy reading. Goodbye!\n? state goodbye\n? ended\n"))
        #expect(try replay(recorder.text).passed)
    }
}
