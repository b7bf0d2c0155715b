import BuiltinDialogs
@testable import ParleyKit
import Testing

/// `HandlerReactions` says which handler lists react to an intent without
/// asking their dictionaries (issue 12, `turn8`): it must say what the lists
/// themselves say, `reacting(to:isFAQ:)` not empty, for every list and intent.
@Suite struct HandlerReactionsTests {
    static func isFAQ(_ dialog: CompiledDialog, _ intent: Int) -> Bool {
        if case .faq = dialog.intents[intent].kind { true } else { false }
    }

    static func compare(_ dialog: CompiledDialog) {
        let reactions = HandlerReactions(dialog)
        let lists: [(HandlerReactions.List, HandlerList)] = [
            (.safety, dialog.safetyHandlers), (.before, dialog.beforeHandlers), (.after, dialog.afterHandlers),
        ]
        for intent in dialog.intents.indices {
            let faq = isFAQ(dialog, intent)
            #expect(reactions.isFAQ(Int32(intent)) == faq)
            for (which, list) in lists {
                #expect(reactions.reacts(which, to: Int32(intent)) == !list.reacting(to: Int32(intent), isFAQ: faq).isEmpty,
                        "\(which) \(dialog.intents[intent].name)")
            }
            for state in dialog.states.indices {
                #expect(reactions.triggers(of: state, reactTo: Int32(intent))
                            == !dialog.states[state].triggers.reacting(to: Int32(intent), isFAQ: faq).isEmpty,
                        "\(dialog.states[state].name) \(dialog.intents[intent].name)")
            }
        }
    }

    @Test(arguments: BuiltinDialogs.names)
    func theTableSaysWhatTheListsSay(_ name: String) throws {
        Self.compare(try #require(BuiltinDialogs.compile(name, warnings: false).dialog))
    }

    /// FAQs taken by `on faq` in a state and in a global list, intents named
    /// by several handlers, a state that names none.
    @Test func faqsAndSharedIntents() throws {
        let d = try dialog("""
            dialog R
            start a
            intent yes
              keywords: yes
            intent no
              keywords: no
            intent help
              keywords: help
            faq hours
              question: When are you open?
              keywords: open
              answer: Always.
            faq price
              question: What does it cost?
              keywords: cost
              answer: Nothing.
            global after
              on help
                say Help.
              on faq
                answer
            state a
              ask ?
              on yes -> b
              on no -> b
              on yes if visited b
                say again
              on faq hours
                answer hours
            state b
              say b
              on faq
                answer
            state c
              say c
            """)
        Self.compare(d)
        let reactions = HandlerReactions(d)
        let id = { (name: String) in Int32(d.intents.firstIndex { $0.name == name }!) }
        #expect(reactions.triggers(of: 0, reactTo: id("yes")) && reactions.triggers(of: 0, reactTo: id("no")))
        #expect(!reactions.triggers(of: 0, reactTo: id("help")) && reactions.reacts(.after, to: id("help")))
        #expect(!reactions.triggers(of: 2, reactTo: id("yes")))
    }
}

/// `StateLookup` answers as `CompiledDialog.stateIDs` (issue 12, `turn8`):
/// every state's name, names it does not hold, and a name written with
/// other bytes that compares equal as a `String`.
@Suite struct StateLookupTests {
    @Test(arguments: BuiltinDialogs.names)
    func theTableAnswersAsTheDictionary(_ name: String) throws {
        let dialog = try #require(BuiltinDialogs.compile(name, warnings: false).dialog)
        let lookup = StateLookup(dialog.stateIDs)
        for state in dialog.states {
            #expect(lookup.id(of: state.name) == dialog.stateIDs[state.name], "\(state.name)")
            for other in [state.name + ".", String(state.name.dropLast()), state.name.uppercased(), ""] {
                #expect(lookup.id(of: other) == dialog.stateIDs[other], "\(other)")
            }
        }
    }

    @Test func aNameInAnotherNormalisationIsFound() {
        let precomposed = "caf\u{E9}", decomposed = "cafe\u{301}"
        let stateIDs: [String: Int32] = [precomposed: 0, "b": 1, "c": 2, "d": 3, "e": 4]
        let lookup = StateLookup(stateIDs)
        #expect(lookup.id(of: decomposed) == stateIDs[decomposed] && lookup.id(of: decomposed) == 0)
        for (key, id) in stateIDs { #expect(lookup.id(of: key) == id) }
        #expect(lookup.id(of: "f") == nil && StateLookup([:]).id(of: "a") == nil)
    }
}

extension HandlerReactionsTests {
    /// A state that names many intents, in no order (its triggers are
    /// searched by halves), and one that names every other one.
    @Test func aStateNamingManyIntents() throws {
        let count = 70
        var text = "dialog M\nstart a\n"
        for k in 0..<count { text += "intent i\(k)\n  keywords: word\(k)\n" }
        text += "state a\n  ask ?\n"
        for k in (0..<count).map({ ($0 * 37) % count }) { text += "  on i\(k)\n    say \(k)\n" }
        text += "state b\n  ask ?\n"
        for k in stride(from: 1, to: count, by: 2) { text += "  on i\(k)\n    say \(k)\n" }
        let d = try dialog(text)
        Self.compare(d)
        let reactions = HandlerReactions(d)
        for k in 0..<count {
            let id = Int32(d.intents.firstIndex { $0.name == "i\(k)" }!)
            #expect(reactions.triggers(of: 0, reactTo: id) && reactions.triggers(of: 1, reactTo: id) == (k % 2 == 1))
        }
    }
}
