import BuiltinDialogs
import ParleyKit
import Testing
@testable import parley

/// `/back` keeps what each line changed (`SessionUndo`), not a copy of the
/// session (issue 12). Taking lines back must give exactly the conversation
/// that saying only the lines left gives: the same session, field by field,
/// the same turn on show and the same line for `/why`.
@Suite struct ConversationBackTests {
    /// Lines that reach the sample dialog's options, variables (`pages`,
    /// `mood`, `goals.set`), its `say one of` variants, `back` and `restart`,
    /// repair, and the end.
    static let sampleLines = [
        "1", "2", "3", "twenty pages", "five", "about 12 pages", "yes", "no", "menu", "back", "I feel tired",
        "I feel happy", "reading is fun", "zzz qqq", "blorp", "help", "4", "start again", "goodbye", "see my goal again",
    ]
    /// The trust coach: coaching, repair, and signs of danger that set care mode.
    static let trustLines = [
        "1", "2", "3", "yes", "no", "I think my partner lies to me", "we argue about money", "I want to trust again",
        "zzz qqq", "not sure", "he checks my phone", "I'm scared", "stop", "help", "my wife cheated on me", "ok",
    ]

    /// A replay of `lines` from the start.
    static func replayed(_ engine: Engine, seed: UInt64, _ lines: [String]) -> Conversation {
        var conversation = Conversation(engine: engine, seed: seed, recording: false)
        for line in lines { _ = conversation.say(line) }
        return conversation
    }

    /// `/why` answers the line on show again, explained, from the session
    /// before it (`turnalloc`: the chat's turns are not explained as they
    /// happen): the explanation the turn itself carries when it is
    /// explained, after every line and after every `/back`.
    @Test func whyExplainsTheTurnOnShow() {
        let engine = Engine(dialog: BuiltinDialogs.compile("sample").dialog!)
        var conversation = Conversation(engine: engine, seed: 5, recording: false)
        var session = engine.start(seed: 5).0
        var explained: [[String]] = []
        #expect(conversation.lastExplanation == nil)
        for line in Self.sampleLines {
            _ = conversation.say(line)
            explained.append(engine.respond(to: line, in: &session).explanation.summary)
            #expect(conversation.lastExplanation?.summary == explained.last, "after \(line)")
        }
        #expect(explained.contains { $0.contains { $0.contains("matched '") } })
        while conversation.back() != nil {
            explained.removeLast()
            #expect(conversation.lastExplanation?.summary == explained.last, "back to \(explained.count) lines")
        }
    }

    static func expectSame(_ a: Conversation, _ b: Conversation, _ place: String) {
        #expect(a.session == b.session, "session, \(place)")
        #expect(a.current.replies == b.current.replies && a.current.options == b.current.options, "turn on show, \(place)")
        #expect(a.current.state == b.current.state && a.current.ended == b.current.ended, "turn on show, \(place)")
        #expect(a.lastExchange?.line == b.lastExchange?.line && a.lastExchange?.shown == b.lastExchange?.shown, "last line, \(place)")
        #expect(a.lastAnswer?.replies == b.lastAnswer?.replies, "last answer, \(place)")
    }

    /// What the lines taken back had changed, so a walk that never took back
    /// a variable, a visit, a variant or a repair cannot pass for one that did.
    struct Coverage {
        var variables = 0, visits = 0, variants = 0, random = 0, misses = 0, backStack = 0, restarts = 0

        mutating func note(before: Session, after: Session) {
            if before.variables != after.variables { variables += 1 }
            if before.visits != after.visits { visits += 1 }
            if before.variants != after.variants { variants += 1 }
            if before.random != after.random { random += 1 }
            if before.misses != after.misses { misses += 1 }
            if before.backStack != after.backStack { backStack += 1 }
            if after.lines < before.lines { restarts += 1 }
        }
    }

    /// Random walks: lines and `/back`s mixed; after every step the
    /// conversation equals the replay of the lines still said.
    func walk(_ name: String, lines vocabulary: [String], seeds: ClosedRange<UInt64>, steps: Int) -> Coverage {
        let engine = Engine(dialog: BuiltinDialogs.compile(name).dialog!)
        var coverage = Coverage()
        for seed in seeds {
            var random = SplitMix64(state: seed &* 7919)
            var conversation = Conversation(engine: engine, seed: seed, recording: false)
            var said: [String] = []
            // Lines before this index cannot be taken back: care mode came on there.
            var floor = 0
            for step in 0..<steps {
                let roll = Int(random.next() % 10)
                if roll < 3 {
                    let before = conversation.session
                    let back = conversation.back()
                    if said.count > floor {
                        #expect(back != nil, "\(name) seed \(seed) step \(step): a line to take back")
                        said.removeLast()
                        coverage.note(before: conversation.session, after: before)
                    } else {
                        #expect(back == nil, "\(name) seed \(seed) step \(step): nothing to take back")
                    }
                } else {
                    let wasInCare = engine.isInCareMode(conversation.session)
                    let line = vocabulary[Int(random.next() % UInt64(vocabulary.count))]
                    _ = conversation.say(line)
                    said.append(line)
                    if !wasInCare, engine.isInCareMode(conversation.session) { floor = said.count }
                }
                Self.expectSame(conversation, Self.replayed(engine, seed: seed, said), "\(name) seed \(seed) step \(step)")
            }
        }
        return coverage
    }

    @Test func backAfterAnyLinesEqualsReplayingTheLinesLeftOnTheSampleDialog() {
        let coverage = walk("sample", lines: Self.sampleLines, seeds: 1...6, steps: 90)
        #expect(coverage.variables > 0 && coverage.visits > 0 && coverage.variants > 0 && coverage.random > 0)
        #expect(coverage.misses > 0 && coverage.backStack > 0 && coverage.restarts > 0, "\(coverage)")
    }

    @Test func backAfterAnyLinesEqualsReplayingTheLinesLeftOnTheTrustCoach() {
        let coverage = walk("trust", lines: Self.trustLines, seeds: 1...3, steps: 70)
        #expect(coverage.variables > 0 && coverage.visits > 0 && coverage.misses > 0, "\(coverage)")
    }

    /// The ELIZA script keeps memories (`memory my`) and says them later.
    @Test func backTakesBackKeywordMemories() throws {
        try #require(BuiltinDialogs.names.contains("eliza"))
        let lines = ["my mother hates me", "my job is boring", "I am sad", "you are a machine", "hello", "yes", "no", "because"]
        let coverage = walk("eliza", lines: lines, seeds: 1...3, steps: 80)
        #expect(coverage.random > 0 || coverage.variants > 0, "\(coverage)")
    }

    /// Care mode, once a disclosure set it, stays on in the conversation
    /// (docs/safety.md): `/back` takes back the lines after it, never the
    /// disclosure nor what came before it.
    @Test func backNeverTakesCareModeAway() {
        let engine = Engine(dialog: BuiltinDialogs.compile("trust").dialog!)
        var conversation = Conversation(engine: engine, seed: 1, recording: true)
        _ = conversation.say("1")
        _ = conversation.say("we argue about money")
        #expect(!engine.isInCareMode(conversation.session))
        let disclosure = conversation.say("he hits me")
        #expect(engine.isInCareMode(conversation.session), "a disclosure of violence sets care mode")
        _ = conversation.say("yes")
        let afterDisclosure = conversation.back()
        #expect(afterDisclosure?.replies == disclosure.replies)
        #expect(conversation.back() == nil, "the disclosure is not taken back")
        #expect(conversation.backStopsAtCare)
        #expect(engine.isInCareMode(conversation.session))
        #expect(conversation.current.replies == disclosure.replies)
        #expect(conversation.lastExchange?.line == "he hits me")
        #expect(conversation.recording?.count == 3, "the recording keeps the lines that cannot be taken back")
        // A fresh start is a new conversation.
        _ = conversation.restart(seed: 2)
        #expect(!conversation.backStopsAtCare && !engine.isInCareMode(conversation.session))
    }

    /// Beyond the limit the oldest lines are forgotten, and the turn shown
    /// after the last possible `/back` is the answer to the newest forgotten line.
    @Test func afterTheLimitTheOldestLineLeftShowsItsAnswer() {
        let engine = Engine(dialog: BuiltinDialogs.compile("sample").dialog!)
        let lines = (0..<(Conversation.backLimit + 5)).map { Self.sampleLines[($0 * 7) % Self.sampleLines.count] }
        var conversation = Conversation(engine: engine, seed: 4, recording: false)
        for line in lines { _ = conversation.say(line) }
        let said = lines.count
        var taken = 0
        while conversation.back() != nil { taken += 1 }
        #expect(taken == Conversation.backLimit)
        Self.expectSame(conversation, Self.replayed(engine, seed: 4, Array(lines.prefix(said - taken))), "at the limit")
    }
}
