import Foundation
@testable import ParleyKit
import Testing

/// The engine's safety means: every sign of a line (`heard`, `Turn.signs`),
/// care mode (`care`, `not in care`), and recall-first typos (`typos: recall`).
@Suite struct CareModeTests {
    static let careDialog = """
        dialog Care
        start menu

        intent hurt
          keywords: he hurts me
        intent afraid
          keywords: i am afraid
        intent yes
          keywords: yes
        intent read
          keywords: read
        intent menu
          keywords: menu

        quote forgive
          by: A writer
          text: Forgiving is a gift.
          not in care

        faq therapy
          question: Should we see a couples therapist?
          keywords: couples therapist
          answer: A couples therapist can help you both.
          not in care

        care
          when: care
          instead: support

        safety
          on hurt -> disclosed

        global after
          on faq
            answer
          on menu -> menu

        state menu
          ask What would you like?
          option Tips -> tips
          option Something to read -> reading
          on yes -> tips
          on read -> reading

        state disclosed
          set care to yes
          say It is not your fault.
          if heard afraid
            say Being afraid of him matters too.
          ask Are you safe?
          on yes -> menu

        state support
          say Let's talk about you.
          ask What would help?
          option Back to the menu -> menu
          option Start again -> restart
          option Stop -> end

        state reading
          say Something to read.
          quote forgive
          ask More?
          on yes -> reading

        state tips
          not in care
          say Tip 1: talk it through together.
          end
        """

    @Test func everySignOfALineIsHeardAndReported() throws {
        let dialog = try ParleyKitTests.dialog(Self.careDialog)
        var chat = Conversation(dialog)
        let turn = chat.say("he hurts me and i am afraid")
        #expect(turn.state == "disclosed")
        #expect(chat.text.contains("not your fault"))
        #expect(chat.text.contains("Being afraid of him matters too."))
        #expect(turn.signs == ["hurt"], "only intents a safety handler reacts to are signs")
        var other = Conversation(dialog)
        other.say("he hurts me")
        #expect(!other.text.contains("afraid"), "'heard' reads this line only")
    }

    @Test func careModeNeverOffersWhatIsMarked() throws {
        let dialog = try ParleyKitTests.dialog(Self.careDialog)
        var before = Conversation(dialog)
        #expect(before.say("yes").state == "tips", "without a disclosure, tips are offered")
        var chat = Conversation(dialog)
        chat.say("he hurts me")
        let menu = chat.say("yes")
        #expect(menu.state == "menu")
        #expect(!menu.options.map(\.label).contains("Tips"), "an option leading to a marked state is not shown")
        #expect(chat.say("yes").state == "support", "a marked state is replaced by the care state")
        chat.say("menu")
        chat.say("read")
        #expect(!chat.text.contains("Forgiving"), "a marked quote is not said")
        chat.say("should we see a couples therapist?")
        #expect(!chat.text.contains("couples therapist can help"), "a marked FAQ is not answered")
    }

    @Test func careModeSurvivesRestartTheEndAndAJSONRoundTrip() throws {
        let dialog = try ParleyKitTests.dialog(Self.careDialog)
        var chat = Conversation(dialog)
        chat.say("he hurts me")
        chat.say("yes")
        chat.say("yes")  // -> support
        let restarted = chat.say("2")
        #expect(restarted.state == "menu")
        #expect(!restarted.options.map(\.label).contains("Tips"), "'restart' keeps care mode")
        #expect(chat.say("yes").state == "support")
        chat.say("3")
        #expect(chat.session.ended)
        let data = try JSONEncoder().encode(chat.session)
        var restored = try JSONDecoder().decode(Session.self, from: data)
        let engine = Engine(dialog: dialog)
        let next = engine.respond(to: "yes", in: &restored)
        #expect(next.state == "menu")
        #expect(!next.options.map(\.label).contains("Tips"))
        #expect(engine.respond(to: "yes", in: &restored).state == "support")
    }

    @Test func aSignAfterTheEndIsAnsweredNotDropped() throws {
        let dialog = try ParleyKitTests.dialog(Self.careDialog)
        var chat = Conversation(dialog)
        chat.say("he hurts me")
        chat.say("yes")
        chat.say("yes")
        chat.say("3")
        #expect(chat.session.ended)
        let turn = chat.say("he hurts me")
        #expect(turn.state == "disclosed")
        #expect(chat.text.contains("not your fault"))
    }

    @Test func recallTyposForgiveShortDangerWordsOnly() throws {
        let dialog = try ParleyKitTests.dialog("""
            dialog T
            start a
            intent danger
              keywords: hit me, slapped me
              typos: recall
            intent hug
              keywords: hugs me
            state a
              ask ?
              on danger
                say danger
              on hug
                say hug
            """)
        var chat = Conversation(dialog)
        chat.say("he hitt me")
        #expect(chat.text.hasPrefix("danger"), "a four-letter word is forgiven on its way to a recall word")
        chat.say("he slaped me")
        #expect(chat.text.hasPrefix("danger"))
        chat.say("he hugz me")
        #expect(!chat.text.hasPrefix("hug"), "ordinary intents still forgive only words of five letters or more")
    }

    @Test func theLanguageChecksItsNewForms() {
        let badTypos = compile("""
            dialog T
            start a
            intent x
              keywords: x
              typos: maybe
            state a
              ask ?
              on x -> a
            """)
        #expect(badTypos.diagnostics.contains { $0.code == .syntax && $0.message.contains("'normal' or 'recall'") })
        let badHeard = compile("""
            dialog T
            start a
            intent x
              keywords: x
            state a
              ask ?
              on x if heard nosuch -> a
            """)
        #expect(badHeard.diagnostics.contains { $0.code == .unknownIntent && $0.message.contains("nosuch") })
        let markWithoutCare = compile("""
            dialog T
            start a
            state a
              not in care
              end
            """)
        #expect(markWithoutCare.diagnostics.contains { $0.code == .careMode })
    }
}
