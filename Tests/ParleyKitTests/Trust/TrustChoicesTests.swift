@testable import ParleyKit
import Testing

/// Issue 11, item 6, as a class over the whole trust coach: at every question
/// with choices, "idk", "not sure" and "skip" are answers. The coach moves on,
/// or says once that it will wait and then only waits; it never says the same
/// thing twice in a row, and never cycles through the same lines.
@Suite struct TrustChoicesTests {
    static let dialog: CompiledDialog? = try? Package.compile("Dialogs/trust").dialog

    func trust() throws -> CompiledDialog {
        try #require(Self.dialog, "Dialogs/trust does not compile")
    }

    /// Each state that asks and shows options (or takes "yes"), entered as the
    /// engine enters it. States that ignore the global handlers are the safety
    /// pauses: they hold the conversation and repeat their help by design.
    func questionsWithChoices(_ dialog: CompiledDialog) -> [(Int32, String)] {
        let yes = Set(dialog.matcher.match(TextNormalizer.normalize("yes")).map(\.intent))
        return dialog.states.indices.compactMap { index in
            let state = dialog.states[index]
            guard !state.ignoresGlobals, UncertainAnswerChecks.asks(state.body),
                  UncertainAnswerChecks.offersChoices(state, yes: yes) else { return nil }
            return (Int32(index), state.name)
        }
    }

    @Test(arguments: ["idk", "not sure", "skip", "I don't know"])
    func unsureMovesOnOrWaitsAtEveryQuestionWithChoices(_ line: String) throws {
        let dialog = try trust()
        let engine = Engine(dialog: dialog)
        var checked = 0
        for (id, name) in questionsWithChoices(dialog) {
            // Reached from the menu, as in a conversation: `back` has somewhere to go.
            var start = Session(state: dialog.states[Int(dialog.start)].name, seed: 1)
            start.backStack = [start.state]
            var run = Run(engine: engine, session: start, input: "")
            run.enter(id)
            var session = run.session
            guard session.state == name, !session.ended else { continue }  // moved on by itself
            checked += 1
            var previous: [String]?
            var moved = false
            for attempt in 1...4 {
                let turn = engine.respond(to: line, in: &session)
                if turn.state != name { moved = true; break }
                let said = turn.replies.filter { $0.kind != .ask }.map(\.plainText)
                #expect(said.isEmpty || said != previous,
                        "'\(line)' twice at \(name) got the same reply twice in a row: \(said)")
                #expect(turn.replies.allSatisfy { $0.kind != .repair }, "'\(line)' at \(name) was repaired, not taken as an answer")
                // By the third time the coach has moved on or only waits.
                if attempt >= 3 { #expect(said.isEmpty, "'\(line)' \(attempt) times at \(name) still got: \(said)") }
                previous = said
            }
            _ = moved
        }
        #expect(checked >= 20, "only \(checked) questions with choices were checked")
    }

    /// The glossary ("what does vulnerable mean?") explains words the coach
    /// itself says: each `faq word.X` names a word found in the coach's text
    /// outside the glossary (states, handlers, options, quotes, lists, FAQs).
    @Test func glossaryExplainsWordsTheCoachUses() throws {
        let dialog = try trust()
        func literal(_ template: CompiledTemplate) -> String {
            template.parts.map { if case .literal(let text) = $0 { text } else { " " } }.joined()
        }
        func texts(_ actions: [Action]) -> [String] {
            actions.flatMap { action -> [String] in
                switch action {
                case .say(let spec, _), .ask(let spec):
                    switch spec {
                    case .single(let t): [literal(t)]
                    case .variants(let items, _, _): items.map(literal)
                    }
                case .branch(let branches, let otherwise): branches.flatMap { texts($0.1) } + texts(otherwise ?? [])
                case .option(let id): [literal(dialog.options[Int(id)].label)] + texts(dialog.options[Int(id)].body)
                default: []
                }
            }
        }
        var corpus = dialog.states.flatMap { texts($0.body) } + dialog.handlers.flatMap { texts($0.body) }
        corpus += dialog.quotes.map { literal($0.text) }
        corpus += dialog.lists.flatMap { $0.items.map(literal) }
        corpus += dialog.faqs.filter { !$0.name.hasPrefix("word.") }.map { literal($0.answer) }
        let text = corpus.joined(separator: " ").lowercased()
        let glossary = dialog.faqs.filter { $0.name.hasPrefix("word.") }
        #expect(glossary.count >= 8)
        for entry in glossary {
            let word = String(entry.name.dropFirst("word.".count))
            let said = text.contains(word)
            #expect(said, "the glossary explains '\(word)', a word the coach never says")
        }
    }
}
