import BuiltinDialogs
@testable import ParleyKit
import Testing
@testable import parley

/// A piped chat writes a turn's bytes directly (`ChatRenderer.append`), with
/// or without the memo of shown texts: always what its plain layout gives,
/// `lines(of:)` joined by new lines. Replies with controls and new lines,
/// quotes with and without an author, options, non-ASCII text, texts seen
/// again, and texts made afresh where an old one lay.
@Suite struct ChatRendererPipeTests {
    static let renderer = ChatRenderer(layout: .plain, ansi: ANSI(enabled: false))

    /// The plain way: the lines, joined.
    static func joined(_ replies: [Reply], _ options: [TurnOption]) -> [UInt8] {
        Array(renderer.lines(replies: replies, options: options).joined(separator: "\n").utf8)
    }

    /// The fast way, as the chat writes a turn.
    static func written(_ replies: [Reply], _ options: [TurnOption], memo: ChatRenderer.ShownTexts?) -> [UInt8] {
        var writer = JSONWriter()
        _ = renderer.append(replies: replies, options: options, to: &writer, memo: memo)
        return writer.bytes
    }

    static let replies: [Reply] = [
        Reply(text: "Hello! I'm a small reading coach, a computer program.", kind: .say),
        Reply(text: "short", kind: .say),
        Reply(text: "", kind: .say),
        Reply(text: "a long text with an escape \u{1B}[31m and a bell \u{7} in it", kind: .say),
        Reply(text: "two lines of a long reply\nand the second one, kept as it is", kind: .ask),
        Reply(text: "a carriage return \r\n and a tab \t in a long reply", kind: .say),
        Reply(text: "a long text that turns \u{202E} the writing direction around", kind: .ask),
        Reply(text: "It’s “fine” — • … and a C1 control \u{9B} after typography", kind: .say),
        Reply(text: "Ünïcödé without controls, long enough to be kept: 日本語のテキスト", kind: .answer),
        Reply(text: "Trust is built in very small moments.", kind: .quote, author: "Brené Brown"),
        Reply(text: "A quote whose author has a control,\nand a new line", kind: .quote, author: "A \u{7}teacher who writes long names"),
        Reply(text: "A quote without an author, long enough for the memo", kind: .quote),
        Reply(text: "• a list\n• of items\n• in one reply", kind: .list),
    ]

    static let options: [TurnOption] = [
        TurnOption(key: "1", label: "Set a reading goal for this week"),
        TurnOption(key: "2", label: "short"),
        TurnOption(key: "3", label: "a label over\ntwo lines, long enough to keep"),
        TurnOption(key: "4\u{7}", label: "a label with a bell \u{7} and an escape \u{1B}"),
        TurnOption(key: "5", label: "Ünïcödé label “quoted” — long enough"),
    ]

    @Test func aTurnIsWrittenAsItsPlainLinesJoined() {
        let plain = Self.joined(Self.replies, Self.options)
        #expect(Self.written(Self.replies, Self.options, memo: nil) == plain)
        // With the memo: a miss, then hits (the same string values).
        let memo = ChatRenderer.ShownTexts(placeholder: .unsafe)
        for _ in 0..<3 {
            #expect(Self.written(Self.replies, Self.options, memo: memo) == plain)
        }
        let shown = String(decoding: plain, as: UTF8.self)
        #expect(shown.contains("␛[31m") && shown.contains("“Trust is built in very small moments.” — Brené Brown"))
    }

    @Test func eachReplyAndOptionAloneToo() {
        // One text as a reply and the same storage as a label: the memo keeps
        // how it shows both ways.
        let memo = ChatRenderer.ShownTexts(placeholder: .unsafe)
        for _ in 0..<2 {
            for reply in Self.replies {
                #expect(Self.written([reply], [], memo: memo) == Self.joined([reply], []), "\(reply.text)")
                let asLabel = [TurnOption(key: "1", label: reply.text)]
                #expect(Self.written([], asLabel, memo: memo) == Self.joined([], asLabel), "\(reply.text)")
            }
        }
        #expect(Self.written([], [], memo: memo) == [])
    }

    @Test func theDialogsTurnsAreWrittenAsTheirLines() {
        // The built-in dialogs' openings, as the engine hands them out.
        let memo = ChatRenderer.ShownTexts(placeholder: .unsafe)
        for name in ["sample", "trust"] {
            let engine = Engine(dialog: BuiltinDialogs.compile(name).dialog!)
            var (session, turn) = engine.start(seed: 1)
            for line in ["1", "2", "I feel lost", "next", "3", "menu"] {
                #expect(Self.written(turn.replies, turn.options, memo: memo) == Self.joined(turn.replies, turn.options))
                turn = engine.respond(to: line, in: &session, explaining: false)
            }
        }
    }

    @Test func aTextMadeAfreshIsShownAsItIsNow() {
        // Texts built anew each round, of one length, dropped after use: their
        // storage comes and goes at the same few addresses. The memo keeps
        // the old string, so its address is not reused while it is held, and
        // a new text is always checked: safe and unsafe texts alternate.
        let memo = ChatRenderer.ShownTexts(placeholder: .unsafe)
        for round in 0..<500 {
            let safe = round % 2 == 0
            let text = String(repeating: "word ", count: 4 + round % 5) + (safe ? "plain" : "bell\u{7}")
            let replies = [Reply(text: text, kind: .say)]
            #expect(Self.written(replies, [], memo: memo) == Self.joined(replies, []))
        }
    }
}
