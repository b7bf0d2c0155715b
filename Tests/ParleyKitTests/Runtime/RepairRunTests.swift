@testable import ParleyKit
import Testing

/// What ends a run of repair misses at a question: moving to a state or
/// choosing an option, not an aside that a handler answers before asking the
/// question again (the person is still stuck on the same question). This is
/// the rule the trust coach's counted non-answers rely on
/// (Fixtures/trust/off-topic.chat; docs/proposals/counted-non-answers.md).
@Suite struct RepairRunTests {
    static let script = """
        dialog Runs
        start a

        intent yes
          keywords: yes

        intent help
          keywords: help

        global after
          on help
            say Say "yes" when you are ready.

        state a
          ask Ready?
          option Go on -> b
          on yes -> b

        state b
          ask Still there?
          on yes -> end

        repair
          level 1
            say First miss.
          level 2
            say Second miss.
          level 3
            say Third miss.
        """

    static func repairText(_ chat: Conversation) -> [String] {
        chat.last.replies.filter { $0.kind == .repair || $0.kind == .say }.map(\.text)
    }

    @Test func anAnsweredAsideDoesNotEndTheRun() throws {
        var chat = Conversation(try dialog(Self.script))
        chat.say("qqq")
        #expect(Self.repairText(chat) == ["First miss."])
        chat.say("help")
        #expect(chat.last.state == "a")
        chat.say("zzz")
        #expect(Self.repairText(chat) == ["Second miss."])
        chat.say("help")
        chat.say("www")
        #expect(Self.repairText(chat) == ["Third miss."])
        chat.say("vvv")
        #expect(chat.last.replies.map(\.text) == ["Ready?"])
    }

    @Test func enteringAStateStartsANewRun() throws {
        var chat = Conversation(try dialog(Self.script))
        chat.say("qqq")
        chat.say("zzz")
        #expect(Self.repairText(chat) == ["Second miss."])
        chat.say("yes")
        #expect(chat.last.state == "b")
        chat.say("xxx")
        #expect(Self.repairText(chat) == ["First miss."])
    }

    @Test func choosingAnOptionStartsANewRun() throws {
        var chat = Conversation(try dialog(Self.script))
        chat.say("qqq")
        chat.say("zzz")
        chat.say("1")
        #expect(chat.last.state == "b")
        chat.say("xxx")
        #expect(Self.repairText(chat) == ["First miss."])
    }
}
