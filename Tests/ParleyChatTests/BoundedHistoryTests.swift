import BuiltinDialogs
import ParleyKit
import Testing
@testable import parley

/// The chat's `/back` history is a ring buffer of the last 200 lines (issue 12).
@Suite struct BoundedHistoryTests {
    @Test func keepsTheNewestElementsInOrder() {
        var history = BoundedHistory<Int>(capacity: 5)
        for k in 1...12 { history.append(k) }
        #expect(history.count == 5)
        #expect(history.elements == [8, 9, 10, 11, 12])
    }

    @Test func popsNewestFirstAcrossTheWrap() {
        var history = BoundedHistory<Int>(capacity: 4)
        for k in 1...6 { history.append(k) }
        #expect(history.popLast() == 6)
        #expect(history.popLast() == 5)
        history.append(7)
        #expect(history.elements == [3, 4, 7])
        for k in 8...10 { history.append(k) }
        #expect(history.elements == [7, 8, 9, 10])
        var popped: [Int] = []
        while let last = history.popLast() { popped.append(last) }
        #expect(popped == [10, 9, 8, 7])
        #expect(history.isEmpty)
        #expect(history.popLast() == nil)
    }

    @Test func removeAllEmptiesIt() {
        var history = BoundedHistory<String>(capacity: 3)
        for word in ["a", "b", "c", "d"] { history.append(word) }
        history.removeAll()
        #expect(history.isEmpty)
        history.append("e")
        #expect(history.elements == ["e"])
    }

    /// After more lines than the limit, `/back` takes back exactly the last
    /// `backLimit` of them, newest first, each to the turn that was on show.
    @Test func backGoesBackTheLastLimitLinesOfALongConversation() {
        let engine = Engine(dialog: BuiltinDialogs.compile("sample").dialog!)
        var conversation = Conversation(engine: engine, seed: 3, recording: false)
        let lines = ["1", "twenty pages", "yes", "menu", "2", "I feel slow", "no", "back"]
        var shown: [Turn] = []
        for k in 0..<(Conversation.backLimit + 37) {
            shown.append(conversation.current)
            _ = conversation.say(lines[k % lines.count])
        }
        var steps = 0
        while let turn = conversation.back() {
            steps += 1
            #expect(turn.replies == shown[shown.count - steps].replies)
            #expect(turn.state == shown[shown.count - steps].state)
        }
        #expect(steps == Conversation.backLimit)
    }
}
