import BuiltinDialogs
import Foundation
import ParleyKit
import Testing
@testable import parley

@Suite struct ConversationTests {
    let result = BuiltinDialogs.compile("sample")
    var engine: Engine { Engine(dialog: result.dialog!) }

    @Test func backReturnsToTheTurnBeforeTheLastLine() {
        var conversation = Conversation(engine: engine, seed: 1, recording: true)
        let opening = conversation.current
        #expect(conversation.back() == nil)
        _ = conversation.say("1")
        let goal = conversation.say("twenty pages")
        #expect(goal.state == "goal.set")
        #expect(conversation.lastAnswer?.state == "goal.set")
        let back = conversation.back()
        #expect(back?.state == "goal.size")
        #expect(conversation.session.state == "goal.size")
        #expect(conversation.lastAnswer?.state == "goal.size")
        #expect(conversation.recording?.count == 1)
        _ = conversation.back()
        #expect(conversation.current.replies == opening.replies)
        #expect(conversation.lastAnswer == nil)
        #expect(conversation.recording?.count == 0)
    }

    @Test func theSameSeedAndLinesGiveTheSameConversation() {
        var first = Conversation(engine: engine, seed: 9, recording: false)
        var second = Conversation(engine: engine, seed: 9, recording: false)
        for line in ["2", "I feel slow", "no", "3"] {
            #expect(first.say(line).replies == second.say(line).replies)
        }
        #expect(first.session == second.session)
    }

    @Test func restartStartsAFreshRecording() {
        var conversation = Conversation(engine: engine, seed: 1, recording: true, dialogForTranscript: "d", comments: ["c"])
        _ = conversation.say("2")
        let opening = conversation.restart(seed: 5)
        #expect(opening.state == "welcome")
        #expect(conversation.recording?.count == 0)
        #expect(conversation.recording?.seed == 5)
        #expect(conversation.recording?.dialog == "d")
        #expect(conversation.back() == nil)
    }

    @Test func linesAreCleanedBeforeTheEngineSeesThem() {
        var conversation = Conversation(engine: engine, seed: 1, recording: true)
        _ = conversation.say("2")
        _ = conversation.say("  I feel \u{1B}[1mbold\u{7}  ")
        #expect(conversation.recording!.text.contains("\nyou: I feel [1mbold\n"))
    }

    @Test func savedConversationsComeBackOnlyToTheirDialog() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.path + "/s.json"
        var conversation = Conversation(engine: engine, seed: 1, recording: false)
        _ = conversation.say("1")
        let fingerprint = SavedConversation.fingerprint(of: result)
        #expect(fingerprint == result.dialog!.fingerprint && fingerprint.count == 16)
        try SavedConversation.save(conversation.session, dialog: "sample", fingerprint: fingerprint, to: path)
        #expect(temporary.permissions("s.json") == 0o600)
        let loaded = try SavedConversation.load(from: path, dialog: "sample", compiled: result.dialog!)
        #expect(loaded == conversation.session)
        #expect(throws: SavedConversation.LoadError.self) {
            try SavedConversation.load(from: path, dialog: "other", compiled: result.dialog!)
        }
        #expect(try SavedConversation.load(from: temporary.path + "/none", dialog: "sample", compiled: result.dialog!) == nil)
    }

    /// The library's check (`Engine.fit`) decides, as it does for the bridge:
    /// a state that is gone is refused, a changed dialog is repaired.
    @Test func aSavedConversationWhoseStateIsGoneIsRefusedAndAnEditedOneRepaired() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.path + "/s.json"
        var gone = Session(state: "nowhere", seed: 1)
        gone.fingerprint = "0"
        try SavedConversation.save(gone, dialog: "sample", fingerprint: "0", to: path)
        #expect(throws: SavedConversation.LoadError.self) {
            try SavedConversation.load(from: path, dialog: "sample", compiled: result.dialog!)
        }
        var edited = Session(state: "welcome", seed: 1)
        edited.fingerprint = "0"
        edited.options = [OptionID(key: "welcome\u{1F}No such option", index: 0)]
        edited.variables = ["no.such.variable": .text("words")]
        try SavedConversation.save(edited, dialog: "sample", fingerprint: "0", to: path)
        let loaded = try #require(try SavedConversation.load(from: path, dialog: "sample", compiled: result.dialog!))
        #expect(loaded.options.isEmpty && loaded.variables.isEmpty && loaded.fingerprint == result.dialog!.fingerprint)
    }
}

@Suite struct ChatRendererTests {
    let turn: Turn = {
        var (_, opening) = Engine(dialog: BuiltinDialogs.compile("sample").dialog!).start(seed: 1)
        opening.replies.append(Reply(text: "Small steps \u{1B}[5mgo far", kind: .quote, author: "A \u{7}teacher"))
        return opening
    }()

    @Test func plainLinesAreTranscriptLines() {
        let lines = ChatRenderer(layout: .plain, ansi: ANSI(enabled: true)).lines(of: turn)
        #expect(lines == [
            "Hi there! I'm a small reading coach, a computer program.",
            "I can help you set a reading goal, or we can talk about how reading makes you feel.",
            "What would you like to do?",
            "“Small steps ␛[5mgo far” — A ␇teacher",
            "  1. Set a reading goal",
            "  2. Talk about reading",
            "  3. Hear a quote about reading",
        ])
    }

    @Test func aTerminalGetsWrappedStyledLines() {
        let lines = ChatRenderer(layout: .terminal(columns: 40), ansi: ANSI(enabled: false)).lines(of: turn)
        #expect(lines == [
            "Hi there! I'm a small reading coach, a",
            "computer program.",
            "I can help you set a reading goal, or we",
            "can talk about how reading makes you",
            "feel.",
            "What would you like to do?",
            "“Small steps ␛[5mgo far”",
            "  — A ␇teacher",
            "  1. Set a reading goal",
            "  2. Talk about reading",
            "  3. Hear a quote about reading",
        ])
        let colored = ChatRenderer(layout: .terminal(columns: 40), ansi: ANSI(enabled: true)).lines(of: turn)
        // Text keeps the terminal's own colour; colour marks the option numbers only.
        #expect(colored[0] == "Hi there! I'm a small reading coach, a")
        #expect(colored[5] == "\u{1B}[1mWhat would you like to do?\u{1B}[0m")
        #expect(colored[6] == "\u{1B}[3m“Small steps ␛[5mgo far”\u{1B}[0m")
        #expect(colored[7] == "  — A ␇teacher")
        #expect(colored[8] == "  \u{1B}[1;35m1.\u{1B}[0m Set a reading goal")
        // Never a colour for text: no yellow or cyan, bright or not, and no 38/39 foreground codes.
        for line in colored {
            for code in ["[33m", "[36m", "[1;33m", "[1;36m", "[93m", "[96m", "[38;"] {
                #expect(!line.contains("\u{1B}" + code), "\(line)")
            }
        }
    }

    @Test func listItemsWrapUnderTheirText() {
        let renderer = ChatRenderer(layout: .terminal(columns: 20), ansi: ANSI(enabled: false))
        #expect(renderer.paragraphs("Tips:\n• read at the same time each day") == ["Tips:", "• read at the same", "  time each day"])
    }

    @Test func thePromptHidesItsEscapesFromReadline() {
        #expect(ChatRenderer(layout: .terminal(columns: 80), ansi: ANSI(enabled: false)).prompt("you>") == "you> ")
        #expect(ChatRenderer(layout: .terminal(columns: 80), ansi: ANSI(enabled: true)).prompt("you>")
            == "\u{1}\u{1B}[1;35m\u{2}you>\u{1}\u{1B}[0m\u{2} ")
    }

    @Test func noticesAreItalicInTheTextColour() {
        let renderer = ChatRenderer(layout: .terminal(columns: 80), ansi: ANSI(enabled: true))
        #expect(renderer.notice("Starting over.") == ["\u{1B}[3mStarting over.\u{1B}[0m"])
    }
}

/// `/why` in plain words, naming only what was on screen.
@Suite struct WhyTextTests {
    let engine = Engine(dialog: BuiltinDialogs.compile("sample").dialog!)

    func why(_ lines: [String]) -> [String] {
        var conversation = Conversation(engine: engine, seed: 1, recording: false)
        for line in lines { _ = conversation.say(line) }
        let exchange = conversation.lastExchange!
        return WhyText.lines(for: conversation.lastExplanation!, line: exchange.line, shown: exchange.shown)
    }

    @Test func aLineNotRecognisedSaysSoPlainly() {
        #expect(why(["zzz qqq"]) == ["I didn't recognise that, so I asked again."])
    }

    @Test func anOptionIsNamedWithItsLabelAsShown() {
        #expect(why(["2"]) == ["You typed the number of option 2 (\"Talk about reading\"), so the coach took that option."])
    }

    @Test func recognisedWordsAreTheLinesOwnAndNoInnerNames() {
        let lines = why(["2", "I feel tired"])
        #expect(lines.first?.hasPrefix("The coach recognised \"I feel\"") == true, "\(lines)")
        #expect(!lines.joined().contains("intent"), "\(lines)")
        #expect(!lines.joined().contains("'"), "no dialog names in quotes: \(lines)")
    }
}

@Suite struct PlainLineReaderTests {
    func reader(_ bytes: [UInt8]) -> PlainLineReader {
        var descriptors: [Int32] = [0, 0]
        pipe(&descriptors)
        // Written from another thread: a large input would fill the pipe.
        let writeEnd = descriptors[1]
        Thread.detachNewThread {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
            }
            close(writeEnd)
        }
        return PlainLineReader(descriptor: descriptors[0])
    }

    func all(_ reader: PlainLineReader) -> [String] {
        var lines: [String] = []
        while case .line(let line) = reader.readLine(prompt: "", completer: Completer()) { lines.append(line) }
        close(reader.descriptor)
        return lines
    }

    @Test func linesEndWithNewlineOrCRLFOrTheEnd() {
        #expect(all(reader(Array("one\ntwo\r\n\nthree".utf8))) == ["one", "two", "", "three"])
        #expect(all(reader([])) == [])
    }

    @Test func invalidUTF8IsReplaced() {
        #expect(all(reader([0x61, 0xFF, 0xC3, 0x0A, 0x00, 0x0A])) == ["a\u{FFFD}\u{FFFD}", "\u{0}"])
    }

    @Test func anOverlongLineIsCutAndTheRestSkipped() {
        let bytes = [UInt8](repeating: 0x78, count: PlainLineReader.longestLine * 3) + Array("\nnext\n".utf8)
        let lines = all(reader(bytes))
        #expect(lines.count == 2)
        #expect(lines[0].utf8.count == PlainLineReader.longestLine)
        #expect(lines[1] == "next")
    }

    /// Lines are taken from the read buffer by moving an offset on: lines that
    /// straddle reads, and an overlong line after short ones in the same read,
    /// still come back whole and in order.
    @Test func linesAcrossManyReadsComeBackWholeAndInOrder() {
        let lines = (0..<6_000).map { k in String(repeating: "w\(k % 10)", count: 1 + k % 17) }
        var bytes = Array(lines.joined(separator: "\n").utf8) + Array("\n".utf8)
        bytes += Array("short\n".utf8) + [UInt8](repeating: 0x79, count: PlainLineReader.longestLine * 2) + Array("\nlast".utf8)
        let read = all(reader(bytes))
        #expect(read.count == lines.count + 3)
        #expect(Array(read.prefix(lines.count)) == lines)
        #expect(read.suffix(3).map(\.utf8.count) == [5, PlainLineReader.longestLine, 4])
    }
}
