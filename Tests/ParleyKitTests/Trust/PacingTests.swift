@testable import ParleyKit
import Testing

/// Pacing (issue 11): a coach turn is at most about 120 words unless the
/// person asked for more. Every trust transcript is replayed, every turn's
/// coach text (replies, not the option labels) is counted, and the longest
/// turn is reported. A turn counts as asked for when it answers a question
/// (an FAQ), shows a list or a summary the person chose, gives a quote after
/// "tell me more", or gives the quiz's result.
@Suite struct PacingTests {
    /// "About 120 words": the limit with a tenth to spare.
    static let limit = 132

    struct Measured {
        var words: Int
        var place: String
    }

    static func words(_ turn: Turn) -> Int {
        turn.replies.reduce(0) { $0 + $1.plainText.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }
    }

    static func askedForMore(_ turn: Turn) -> Bool {
        if turn.intent == "more" { return true }
        if turn.replies.contains(where: { $0.kind == .answer || $0.kind == .list }) { return true }
        return turn.state.hasSuffix(".summary") || turn.state == "quiz.result"
    }

    @Test func noTurnIsLongUnlessAskedFor() throws {
        let dialog = try #require(try Package.compile("Dialogs/trust").dialog)
        var longest = Measured(words: 0, place: "")
        var longestUnasked = Measured(words: 0, place: "")
        var tooLong: [String] = []
        for path in Package.files(under: "Fixtures/trust", suffix: ".chat") {
            let transcript = try Transcript.parse(try Package.text(path), path: path).get()
            var chat = Conversation(dialog, seed: transcript.seed)
            for turn in transcript.turns {
                guard let input = turn.input else { continue }
                let reply = chat.say(input)
                let count = Self.words(reply)
                let place = "\(path):\(turn.line) (\(count) words, after \"\(input)\")"
                if count > longest.words { longest = Measured(words: count, place: place) }
                guard !Self.askedForMore(reply) else { continue }
                if count > longestUnasked.words { longestUnasked = Measured(words: count, place: place) }
                if count > Self.limit { tooLong.append(place) }
            }
        }
        print("longest coach turn: \(longest.place)")
        print("longest turn not asked for: \(longestUnasked.place)")
        #expect(longest.words > 0, "no transcript turns were measured")
        #expect(tooLong.isEmpty, "turns over \(Self.limit) words that were not asked for:\n\(tooLong.joined(separator: "\n"))")
    }
}
