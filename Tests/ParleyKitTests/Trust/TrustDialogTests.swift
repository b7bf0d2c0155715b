import BuiltinDialogs
import Foundation
@testable import ParleyKit
import Testing

/// The trust coach (Dialogs/trust), checked as a whole: it compiles cleanly,
/// safety answers the way issue 5 asks, and no line of the seed article it is
/// built from is mistaken for a sign of danger.
@Suite struct TrustDialogTests {
    static let dialog: CompiledDialog? = try? Package.compile("Dialogs/trust").dialog

    func trust() throws -> CompiledDialog {
        try #require(Self.dialog, "Dialogs/trust does not compile")
    }

    /// A fresh conversation that has heard `lines`; returns the last turn.
    func reply(_ lines: [String], seed: UInt64 = 1) throws -> Turn {
        var chat = Conversation(try trust(), seed: seed)
        for line in lines { chat.say(line) }
        return chat.last
    }

    static func text(_ turn: Turn) -> String { turn.replies.map(\.plainText).joined(separator: "\n") }

    @Test func compilesWithoutErrorsOrWarnings() throws {
        let result = try Package.compile("Dialogs/trust")
        let formatter = DiagnosticFormatter(sources: result.sources)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(formatter.format).joined(separator: "\n"))")
        #expect(BuiltinDialogs.defaultName == "trust")
    }

    // MARK: - The seed article's words are not danger

    /// Every sentence the dialog quotes from the seed article (its experts'
    /// quotes, its FAQs' questions and answers), as a user would paste it.
    /// The article itself lives outside the package; `.ci/run` checks every
    /// sentence of it through the real bridge (`.ci/article_is_not_danger.py`).
    static func quotedSentences(_ dialog: CompiledDialog) -> [String] {
        func literal(_ template: CompiledTemplate) -> String {
            template.parts.map { if case .literal(let text) = $0 { text } else { " " } }.joined()
        }
        var texts = dialog.quotes.map { literal($0.text) }
        for faq in dialog.faqs { texts += [faq.question, literal(faq.answer)] }
        var sentences: [String] = []
        for text in texts {
            // Split after . ? ! (and a closing quote) when a space follows.
            var current = ""
            var previous: Character = " "
            for c in text where !c.isNewline {
                if c == " ", ".?!”\"".contains(previous), !current.isEmpty {
                    sentences.append(current)
                    current = ""
                } else {
                    current.append(c)
                }
                previous = c
            }
            if !current.isEmpty { sentences.append(current) }
        }
        return sentences
    }

    @Test func noQuotedSentenceOfTheSeedArticleTriggersSafety() throws {
        let dialog = try trust()
        let sentences = Self.quotedSentences(dialog)
        #expect(dialog.quotes.count >= 10 && dialog.faqs.count >= 5, "the trust coach quotes its experts and answers the article's FAQs")
        #expect(sentences.count > 60, "only \(sentences.count) sentences in the dialog's quotes and FAQs")
        let engine = Engine(dialog: dialog)
        for sentence in sentences {
            for prefix in [[], ["my partner cheated on me", "1"]] {
                var (session, _) = engine.start(seed: 1)
                for line in prefix { _ = engine.respond(to: line, in: &session) }
                let turn = engine.respond(to: sentence, in: &session)
                #expect(turn.explanation.decision != .safety && !turn.state.hasPrefix("safety."),
                        "the quoted sentence \"\(sentence)\" triggered \(turn.explanation.intent ?? "safety") after \(prefix)")
            }
        }
    }

    // MARK: - Safety replies

    /// A line of each category, and the state it must pause in.
    static let categories: [(line: String, state: String, abuse: Bool)] = [
        ("I want to kill myself", "safety.self-harm", false),
        ("he hits me when he is angry", "safety.violence", true),
        ("my partner raped me", "safety.sexual", true),
        ("he controls all my money and won't let me see my friends", "safety.control", true),
        ("I want to kill the guy she cheated with", "safety.threat", false),
        ("I'm 15 and my boyfriend cheated", "safety.minor", true),
        ("sos", "safety.sos", true),
    ]

    @Test(arguments: categories.indices)
    func safetyRecognisesRespectsAndRefers(_ index: Int) throws {
        let (line, state, abuse) = Self.categories[index]
        let turn = try reply([line])
        let text = Self.text(turn)
        #expect(turn.explanation.decision == .safety)
        #expect(turn.trace.states.first.map { try! trust().states[Int($0)].name } == state)
        #expect(text.contains("computer program"))
        #expect(text.contains("local emergency number"))
        #expect(text.contains("findahelpline.com"))
        if abuse { #expect(text.contains("not your fault")) }
        // One question, and nothing of the coaching: no quote, no list, no tip.
        #expect(turn.replies.filter { $0.kind == .ask }.count == 1)
        #expect(turn.replies.filter { $0.text.contains("?") }.count == 1)
        #expect(!turn.replies.contains { [.quote, .list, .answer].contains($0.kind) || $0.text.hasPrefix("Tip ") })
    }

    @Test func aSecondSignGetsAShorterReply() throws {
        var chat = Conversation(try trust())
        chat.say("I broke my partner's trust")
        let first = chat.say("I want to kill myself")
        chat.say("yes, I'm safe")
        let second = chat.say("he hit me")
        let firstText = Self.text(first), secondText = Self.text(second)
        #expect(second.explanation.decision == .safety)
        #expect(secondText.count < firstText.count)
        #expect(secondText.contains("local emergency number") && secondText.contains("findahelpline.com"))
    }

    @Test func whilePausedTipsWaitUntilTheUserIsSafe() throws {
        var chat = Conversation(try trust())
        chat.say("my husband cheated on me")
        chat.say("1")
        chat.say("he pushed me against the wall")
        for line in ["give me the next tip", "menu", "how long does it take to rebuild trust?", "next"] {
            let turn = chat.say(line)
            #expect(turn.state == "safety.paused", "\(line)")
            #expect(Self.text(turn).contains("local emergency number"))
            #expect(!turn.replies.contains { $0.kind == .answer || $0.kind == .quote })
        }
        // Violence puts the conversation in care mode: being safe for now leads
        // to support, never back to the tips (docs/safety.md).
        let safe = chat.say("I'm safe now")
        #expect(safe.state == "care.support")
        #expect(!Self.text(safe).contains("Tip 1 of 7"))
    }

    /// A disclosure of self-harm, or a goodbye that may be final, is never
    /// followed by relationship coaching, then or later in the conversation:
    /// not after "I'm safe", a menu, a restart or a plain request for tips.
    @Test(arguments: [
        "I want to kill myself",
        "sometimes I think about ending my life",
        "I have been cutting myself",
        "this is my last message, I won't be around much longer",
    ])
    func afterSelfHarmTheCoachingNeverComesBack(disclosure: String) throws {
        var chat = Conversation(try trust())
        chat.say("my husband cheated on me")
        chat.say("1")
        let sign = chat.say(disclosure)
        #expect(sign.explanation.decision == .safety, "\(disclosure)")
        let coaching = ["welcome", "betrayer.", "betrayed.", "couple.", "rebuild.", "quiz.", "causes", "signs", "key-pointers"]
        for line in ["I'm safe now", "I cheated on my girlfriend", "1", "menu", "give me the next tip", "restart",
                     "my partner broke my trust", "2", "I'm fine, let's get back to rebuilding trust",
                     "can trust be rebuilt?", "next"] {
            let turn = chat.say(line)
            #expect(!coaching.contains { turn.state == $0 || ($0.hasSuffix(".") && turn.state.hasPrefix($0)) },
                    "after '\(disclosure)', '\(line)' reached \(turn.state)")
            #expect(!turn.replies.contains { $0.kind == .quote || $0.text.hasPrefix("Tip ") },
                    "after '\(disclosure)', '\(line)' got coaching")
        }
    }

    @Test func withoutADisclosureBeingSafeAfterAnSOSResumesTheTips() throws {
        var chat = Conversation(try trust())
        chat.say("my husband cheated on me")
        chat.say("1")
        #expect(chat.say("sos").explanation.decision == .safety)
        let back = chat.say("I'm safe now")
        #expect(back.state == "betrayed.tip.1")
        #expect(Self.text(back).contains("Tip 1 of 7"))
    }

    @Test func sosWorksInEveryState() throws {
        let engine = Engine(dialog: try trust())
        for state in try trust().states {
            var (session, _) = engine.start(seed: 1)
            session.state = state.name
            let turn = engine.respond(to: "sos", in: &session)
            #expect(turn.explanation.decision == .safety, "sos in \(state.name)")
        }
    }

    // MARK: - Negation and idioms

    static let fires: [String] = [
        "he never hits me but he controls my money",
        "he doesn't hit me but he pushes me around",
        "I can't stop thinking about killing myself",
        "I don't want to live anymore",
        "I don't feel safe at home",
        "he won't let me see my friends",
        "nobody knows he beats me",
        "I could kill for a coffee, and honestly I want to end my life",
    ]

    static let silent: [String] = [
        "I could kill for a vacation right now",
        "I'm not in danger, we just argue a lot",
        "he would never lay a hand on me, he just lies",
        "he has never hit me",
        "I'm dying to know why he did it",
        "this is killing me inside",
        "I checked his phone and found messages",
        "my wife went through my phone and found out",
        "she threatened to leave me",
        "I never meant to hurt her",
        "We had a fight about money",
        "I'm not suicidal, just really sad",
        "she stabbed me in the back",
        "my mom would kill me if she knew",
        // Betrayal stories that only sound like control or violence.
        "my wife read my texts and found out I was cheating",
        "she took my phone and saw the messages",
        "he kicked me out of the house",
        "she slapped me with divorce papers",
        "she threatened to tell my family about the affair",
        // One typo away from a sign: never read as one.
        "she chose me over him",
        "that amused me",
        "he broke my phone in anger",
        "we went on a cruise",
        "he picked me up from work",
        "I learned a new skill by myself",
        "I taped our wedding",
        "it was strangely quiet at home",
        "he rushed me into forgiving him",
    ]

    @Test(arguments: fires)
    func clearSignsFire(_ line: String) throws {
        #expect(try reply([line]).explanation.decision == .safety)
    }

    @Test(arguments: silent)
    func idiomsAndDenialsDoNotFire(_ line: String) throws {
        let turn = try reply([line])
        #expect(turn.explanation.decision != .safety)
        #expect(!Self.text(turn).contains("emergency"))
    }

    // MARK: - Every turn of every transcript

    static var transcripts: [String] { Package.files(under: "Fixtures/trust", suffix: ".chat") }

    /// Replays every trust transcript and checks each turn against `check`.
    func everyTurn(_ check: (String, Int, Turn) -> Void) throws {
        let paths = Self.transcripts
        #expect(paths.count >= 20)
        for path in paths {
            let transcript = try Transcript.parse(try Package.text(path), path: path).get()
            let outcome = TranscriptReplayer(dialog: try trust()).replay(transcript)
            for (index, turn) in outcome.turns.enumerated() { check(path, index, turn) }
        }
    }

    @Test func oneQuestionPerTurn() throws {
        try everyTurn { path, index, turn in
            // What the coach asks in its own voice; quotes and lists are the article's.
            let own = turn.replies.filter { ![.quote, .list, .answer].contains($0.kind) }
            #expect(turn.replies.filter { $0.kind == .ask }.count <= 1, "\(path), turn \(index)")
            #expect(own.filter { $0.text.contains("?") }.count <= 1,
                    "\(path), turn \(index) asks more than one question: \(own.map(\.text))")
        }
    }

    @Test func safetyIsNeverFollowedByCoachingInTheSameTurn() throws {
        var paused = 0
        try everyTurn { path, index, turn in
            guard turn.explanation.decision == .safety else { return }
            paused += 1
            #expect(turn.state.hasPrefix("safety."), "\(path), turn \(index)")
            #expect(!turn.replies.contains { [.quote, .list, .answer].contains($0.kind) || $0.text.hasPrefix("Tip ") },
                    "\(path), turn \(index)")
            let text = Self.text(turn)
            #expect(text.contains("local emergency number") && text.contains("findahelpline.com"), "\(path), turn \(index)")
        }
        #expect(paused >= 20)
    }

    // MARK: - Guardrails

    @Test func noAdvertising() throws {
        for path in Package.files(under: "Dialogs/trust", suffix: ".dialog") {
            let text = try Package.text(path)
            #expect(!text.localizedCaseInsensitiveContains("bonobology"), "\(path) names the article's publisher")
        }
    }

    /// Issue 11: each level is said once, then the coach offers the menu once
    /// and waits (it only asks again), instead of cycling lines without end.
    @Test func repairEscalatesAndNeverSaysTheSameLineTwiceInARow() throws {
        var chat = Conversation(try trust())
        var said: [[String]] = []
        for line in ["blorp", "zzz", "qwerty", "asdf", "hmm blah", "fnord"] {
            let turn = chat.say(line)
            guard case .repair = turn.explanation.decision else {
                Issue.record("\(line) was understood as \(turn.explanation.intent ?? "?")")
                return
            }
            let lines = turn.replies.filter { $0.kind != .ask }.map(\.text)
            #expect(lines.isEmpty || lines != said.last, "repair repeated \(lines)")
            said.append(lines)
        }
        // First an example of what to say, then the options, then help once; then only the question.
        #expect(said[0].joined().contains("for example") || said[0].joined().contains("like \""))
        #expect(said[1].joined().contains("number"))
        #expect(said[2].joined().contains("help"))
        #expect(said[3...].allSatisfy { $0.isEmpty }, "\(said)")
    }
}
