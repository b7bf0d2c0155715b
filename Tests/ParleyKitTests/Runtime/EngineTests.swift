import Foundation
@testable import ParleyKit
import Testing

@Suite struct EngineTests {
    let sample: CompiledDialog
    init() throws {
        let result = try Package.compile("Dialogs/sample")
        sample = try #require(result.dialog)
    }

    @Test func sameSeedSameConversation() {
        let lines = ["2", "I feel tired of reading", "no", "1", "twenty pages", "yes", "3", "yes", "no"]
        func run(_ seed: UInt64) -> [String] {
            var chat = Conversation(sample, seed: seed)
            var out = [chat.text]
            for line in lines { out.append(chat.say(line).replies.map(\.plainText).joined(separator: "|")) }
            return out
        }
        #expect(run(7) == run(7))
        #expect(Set((0..<20).map { run($0)[0] }).count > 1, "the greeting's variants should depend on the seed")
    }

    @Test func variantsDoNotRepeatUntilAllWereUsed() throws {
        let dialog = try ParleyKitTests.dialog("""
            dialog V
            start a
            state a
              say one of
                - one
                - two
                - three
              ask again?
              on anything -> a
            """)
        for seed in 0..<20 as Range<UInt64> {
            var chat = Conversation(dialog, seed: seed)
            var said = [chat.last.replies[0].text]
            for _ in 0..<8 { said.append(chat.say("x").replies[0].text) }
            for round in stride(from: 0, to: 9, by: 3) {
                #expect(Set(said[round..<round + 3]) == ["one", "two", "three"], "seed \(seed): \(said)")
            }
            for k in 1..<said.count { #expect(said[k] != said[k - 1]) }
        }
    }

    @Test func sessionsRoundTripThroughJSON() throws {
        var chat = Conversation(sample, seed: 3)
        chat.say("1")
        chat.say("twelve pages")
        let data = try JSONEncoder().encode(chat.session)
        var restored = try JSONDecoder().decode(Session.self, from: data)
        #expect(restored == chat.session)
        let a = chat.say("yes").replies.map(\.text)
        let b = Engine(dialog: sample).respond(to: "yes", in: &restored).replies.map(\.text)
        #expect(a == b)
    }

    @Test func resumeAsksTheQuestionAgain() {
        var chat = Conversation(sample)
        chat.say("1")
        let resumed = chat.engine.resume(chat.session)
        #expect(resumed.replies.map(\.text) == ["How many pages a day feels right?"])
        #expect(resumed.options.map(\.label) == ["Five pages", "Twenty pages"])
    }

    @Test func aLineAfterTheEndStartsOver() {
        var chat = Conversation(sample)
        chat.say("goodbye")
        #expect(chat.last.ended)
        let again = chat.say("hello")
        #expect(!again.ended)
        #expect(again.state == "welcome")
    }

    @Test func everyKindOfBadInputGetsAReply() {
        let inputs = [
            "", "   ", "\t\n", String(repeating: "word ", count: 200_000), String(decoding: [0xFF, 0xFE, 0xC3, 0x28], as: UTF8.self),
            "\u{0}\u{1}\u{1B}[2J\u{7F}", "😀😀😀", "e\u{301}\u{302}\u{303}", "مرحبا كيف حالك", "\u{202E}evil",
            String(repeating: "*", count: 10_000), "{1} {input} {{", "1.2.3", "-1", "99999999999999999999",
        ]
        for input in inputs {
            var chat = Conversation(sample)
            let turn = chat.say(input)
            #expect(!turn.replies.isEmpty, "no reply to \(input.prefix(20).debugDescription)")
            for reply in turn.replies {
                #expect(!reply.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control character in a reply")
            }
        }
    }

    @Test func automaticLoopsStopInsteadOfHanging() throws {
        let dialog = try #require(compile("""
            dialog L
            start a
            state a
              go b
            state b
              go a
            """).dialog)
        let engine = Engine(dialog: dialog)
        var (session, turn) = engine.start(seed: 1)
        #expect(turn.ended && session.ended)
        #expect(turn.replies.map(\.plainText) == ["Sorry, I went round in circles there. Let's pick up where we were."])
        let again = engine.respond(to: "hello", in: &session)
        #expect(again.ended, "the next line tries the start again, and is cut again")
    }

    /// A menu whose first option runs into a loop of automatic steps (`a`
    /// and `b`) that draws a variant and sets a variable on the way: the
    /// hop guard cuts the turn. Also read by `SessionUndoTests`.
    static let roundAndRound = """
        dialog L
        start menu
        state menu
          ask Where to?
          option Round -> a
          option Quiet -> quiet
        state a
          say one of
            - Round.
            - And round.
          set dizzy to yes
          go b
        state b
          go a
        state quiet
          say Quiet here.
          ask Anything else?
        """

    /// After the guard cuts a turn the session is where the user can answer, not inside the loop.
    @Test func aTurnCutByTheHopGuardIsUndone() throws {
        let dialog = try #require(compile(Self.roundAndRound).dialog)
        let engine = Engine(dialog: dialog)
        var (session, _) = engine.start(seed: 1)
        let before = session
        let cut = engine.respond(to: "1", in: &session)
        #expect(session.state == "menu" && session.variables.isEmpty && session.visits == before.visits)
        #expect(cut.replies.map(\.plainText) == ["Sorry, I went round in circles there. Let's pick up where we were.", "Where to?"])
        #expect(cut.options.map(\.label) == ["Round", "Quiet"])
        #expect(engine.respond(to: "2", in: &session).state == "quiet")
    }

    /// `visited` is "entered before": false in the state's own first arrival,
    /// true after; `visits` counts the arrival in progress, as ink does.
    @Test func visitedMeansEnteredBeforeAndVisitsCountsLikeInk() throws {
        let dialog = try #require(compile("""
            dialog V
            start hub
            state hub
              if visited hub
                say Back again.
              else
                say First time here.
              if visits hub is 1
                say Visit one.
              if visits hub > 2
                say Third time at least.
              if visited side
                say You have seen the side room.
              ask Go round?
              option Round -> hub
              option Side -> side
            state side
              if visited side
                say The side room again.
              say The side room.
              ask Back?
              option Back -> hub
              option Again -> side
            """).dialog)
        let engine = Engine(dialog: dialog)
        var (session, first) = engine.start(seed: 1)
        func said(_ turn: Turn) -> [String] { turn.replies.map(\.plainText).filter { $0.hasSuffix(".") } }
        #expect(said(first) == ["First time here.", "Visit one."])
        #expect(said(engine.respond(to: "1", in: &session)) == ["Back again."])
        #expect(said(engine.respond(to: "1", in: &session)) == ["Back again.", "Third time at least."])
        #expect(said(engine.respond(to: "2", in: &session)) == ["The side room."])
        #expect(said(engine.respond(to: "2", in: &session)) == ["The side room again.", "The side room."])
        #expect(said(engine.respond(to: "1", in: &session)) == ["Back again.", "Third time at least.", "You have seen the side room."])
    }

    @Test func aHigherRankedGlobalHandlerComesBeforeTheState() throws {
        let dialog = try ParleyKitTests.dialog("""
            dialog R
            start a
            intent begin
              keywords: start
            intent causes
              keywords: trust issues + start
              rank: 2
            global after
              on causes
                say Here is what causes them.
            state a
              ask Shall we start?
              on begin -> b
            state b
              end
            """)
        var chat = Conversation(dialog)
        #expect(chat.say("how do trust issues start").replies.first?.text == "Here is what causes them.")
        #expect(chat.last.state == "a")
        #expect(chat.say("let's start").state == "b")
    }

    @Test func triggerConditionsReadTheLinesCaptures() throws {
        let dialog = try ParleyKitTests.dialog("""
            dialog A
            start a
            intent age
              pattern: i am #
            safety
              on age if "{1}" < 18 -> young
            state a
              ask How can I help?
              on age
                say Thank you.
            state young
              say This is for adults.
              end
            """)
        var adult = Conversation(dialog)
        #expect(adult.say("I am 35").replies.first?.text == "Thank you.")
        var minor = Conversation(dialog)
        #expect(minor.say("I am 15").replies.first?.text == "This is for adults.")
        #expect(minor.last.ended)
    }

    @Test func explanationsNameTheWords() {
        var chat = Conversation(sample)
        let turn = chat.say("I feel happy about my novel")
        #expect(turn.intent == "feel")
        #expect(turn.explanation.evidence.first?.words == "I feel")
        #expect(turn.explanation.summary.contains { $0.contains("intent 'feel'") })
    }

    /// A turn not explained (`explaining: false`, the bridge's) answers the
    /// same, with the same decision, intent and score, and keeps no evidence,
    /// trace or signs; the session moves on the same (`turnalloc`).
    @Test func aTurnNotExplainedAnswersTheSame() {
        let engine = Engine(dialog: sample)
        var explained = engine.start(seed: 3).0
        var plain = explained
        for line in ["2", "I feel happy about my novel", "zzz", "1", "twenty pages", "yes", "back", "restart", "3"] {
            let a = engine.respond(to: line, in: &explained)
            let b = engine.respond(to: line, in: &plain, explaining: false)
            #expect(a.replies == b.replies && a.options == b.options && a.state == b.state && a.ended == b.ended, "\(line)")
            #expect(a.intent == b.intent && a.score == b.score && a.explanation.decision == b.explanation.decision, "\(line)")
            #expect(a.explanation.handler == b.explanation.handler, "\(line)")
            #expect(explained == plain, "\(line)")
            #expect(b.explanation.evidence.isEmpty && b.explanation.candidates.isEmpty && b.trace == TurnTrace() && b.signs.isEmpty, "\(line)")
        }
        var session = engine.start(seed: 3).0
        let feel = engine.respond(to: "I feel happy about my novel", in: &session, explaining: false)
        #expect(feel.intent == "feel")
        #expect(feel.explanation.summary.contains { $0.contains("intent 'feel'") })
    }
}
