@testable import ParleyKit
import Testing

@Suite struct TranscriptTests {
    static let dialogText = """
        dialog T
        start a
        intent yes
          keywords: yes
        state a
          say Hello.
          ask Ready?
          option Go -> b
          on yes -> b
        state b
          set done to yes
          say one of
            - Off we go.
            - Here we go.
          end
        """

    func replay(_ text: String) throws -> TranscriptResult {
        let transcript = try Transcript.parse(text, path: "t.chat").get()
        return TranscriptReplayer(dialog: try dialog(Self.dialogText)).replay(transcript)
    }

    @Test func passingTranscript() throws {
        let result = try replay("""
            seed 3
            bot: Hello.
            bot: Ready?
              1. Go
            you: yes
            bot~ * we go.
            ? state b
            ? intent yes
            ? var done = "yes"
            ? ended
            """)
        #expect(result.passed, "\(result.report)")
    }

    @Test func failuresShowADiff() throws {
        let result = try replay("""
            bot: Hello there.
            bot: Ready?
            you: 1
            ? state a
            ? intent yes
            """)
        #expect(!result.passed)
        #expect(result.report == [
            "  opening:",
            "    - bot: Hello there.",
            "    + bot: Hello.",
            "      bot: Ready?",
            "  turn 1, line 3, you: 1",
            "    state is 'b', expected 'a'",
            "    intent is none, expected 'yes'",
        ])
    }

    @Test func updateFillsInAndFixes() throws {
        let result = try replay("""
            # a comment stays
            seed 3

            you: yes
            ? state a
            """)
        #expect(result.updatedText == """
            # a comment stays
            seed 3

            bot: Hello.
            bot: Ready?
              1. Go

            you: yes
            bot: Here we go.
            ? state b
            """)
        // The updated transcript passes.
        #expect(try replay(result.updatedText).passed)
    }

    @Test func badTranscriptLinesAreReported() {
        guard case .failure(let error) = Transcript.parse("you: hi\nbot hello\n", path: "t.chat") else {
            Issue.record("expected a parse error")
            return
        }
        #expect(error.line == 2)
        #expect(error.description.hasPrefix("t.chat:2: expected"))
    }

    @Test func windowsLineEndsAreLinesToo() throws {
        let transcript = try Transcript.parse("seed 3\r\nbot: Hello.\r\nbot: Ready?\r\nyou: yes\r\n? state b\r\n", path: "t.chat").get()
        #expect(transcript.turns.count == 2)
        #expect(transcript.turns[1].input == "yes")
        #expect(TranscriptReplayer(dialog: try dialog(Self.dialogText)).replay(transcript).passed)
    }

    @Test func globMatching() throws {
        let result = try replay("bot~ HELLO*\nbot~ *ready?\n")
        #expect(result.passed)
    }
}

/// Every transcript in Fixtures/ replays against its dialog, as `parley test` does.
@Suite struct FixtureTranscriptTests {
    static var transcripts: [String] { Package.files(under: "Fixtures", suffix: ".chat") }

    @Test(arguments: transcripts)
    func replays(_ path: String) throws {
        let transcript = try Transcript.parse(try Package.text(path), path: path).get()
        let dialogPath = DialogPath.join(DialogPath.directory(of: path), try #require(transcript.dialog, "\(path) names no dialog"))
        let result = try Package.compile(dialogPath)
        let dialog = try #require(result.dialog, "\(dialogPath) does not compile")
        let outcome = TranscriptReplayer(dialog: dialog).replay(transcript)
        #expect(outcome.passed, "\(path):\n\(outcome.report.joined(separator: "\n"))")
    }
}
