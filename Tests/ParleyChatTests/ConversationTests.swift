import BuiltinDialogs
import Foundation
import ParleyKit
import Testing
@testable import parley

@Suite struct ConversationTests {
    let result = BuiltinDialogs.compile("sample")
    var engine: Engine { Engine(dialog: result.dialog!) }

    @Test func backReturnsToTheTurnBeforeTheLastLine() {
        var conversation = Conversation(engine: engine, seed: 1, recording: true)
        let opening = conversation.current
        #expect(conversation.back() == nil)
        _ = conversation.say("1")
        let goal = conversation.say("twenty pages")
        #expect(goal.state == "goal.set")
        #expect(conversation.lastAnswer?.state == "goal.set")
        let back = conversation.back()
        #expect(back?.state == "goal.size")
        #expect(conversation.session.state == "goal.size")
        #expect(conversation.lastAnswer?.state == "goal.size")
        #expect(conversation.recording?.count == 1)
        _ = conversation.back()
        #expect(conversation.current.replies == opening.replies)
        #expect(conversation.lastAnswer == nil)
        #expect(conversation.recording?.count == 0)
    }

    @Test func theSameSeedAndLinesGiveTheSameConversation() {
        var first = Conversation(engine: engine, seed: 9, recording: false)
        var second = Conversation(engine: engine, seed: 9, recording: false)
        for line in ["2", "I feel slow", "no", "3"] {
            #expect(first.say(line).replies == second.say(line).replies)
        }
        #expect(first.session == second.session)
    }

    @Test func restartStartsAFreshRecording() {
        var conversation = Conversation(engine: engine, seed: 1, recording: true, dialogForTranscript: "d", comments: ["c"])
        _ = conversation.say("2")
        let opening = conversation.restart(seed: 5)
        #expect(opening.state == "welcome")
        #expect(conversation.recording?.count == 0)
        #expect(conversation.recording?.seed == 5)
        #expect(conversation.recording?.dialog == "d")
        #expect(conversation.back() == nil)
    }

    @Test func linesAreCleanedBeforeTheEngineSeesThem() {
        var conversation = Conversation(engine: engine, seed: 1, recording: true)
        _ = conversation.say("2")
        _ = conversation.say("  I feel \u{1B}[1mbold\u{7}  ")
        #expect(conversation.recording!.text.contains("\nyou: I feel [1mbold\n"))
    }

    @Test func savedConversationsComeBackOnlyToTheirDialog() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.path + "/s.json"
        var conversation = Conversation(engine: engine, seed: 1, recording: false)
        _ = conversation.say("1")
        let fingerprint = SavedConversation.fingerprint(of: result)
        #expect(fingerprint == result.dialog!.fingerprint && fingerprint.count == 16)
        try SavedConversation.save(conversation.session, dialog: "sample", fingerprint: fingerprint, to: path)
        #expect(temporary.permissions("s.json") == 0o600)
        let loaded = try SavedConversation.load(from: path, dialog: "sample", compiled: result.dialog!)
        #expect(loaded == conversation.session)
        #expect(throws: SavedConversation.LoadError.self) {
            try SavedConversation.load(from: path, dialog: "other", compiled: result.dialog!)
        }
        #expect(try SavedConversation.load(from: temporary.path + "/none", dialog: "sample", compiled: result.dialog!) == nil)
    }

    /// The library's check (`Engine.fit`) decides, as it does for the bridge:
    /// a state that is gone is refused, a changed dialog is repaired.
    @Test func aSavedConversationWhoseStateIsGoneIsRefusedAndAnEditedOneRepaired() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.path + "/s.json"
        var gone = Session(state: "nowhere", seed: 1)
        gone.fingerprint = "0"
        try SavedConversation.save(gone, dialog: "sample", fingerprint: "0", to: path)
        #expect(throws: SavedConversation.LoadError.self) {
            try SavedConversation.load(from: path, dialog: "sample", compiled: result.dialog!)
        }
        var edited = Session(state: "welcome", seed: 1)
        edited.fingerprint = "0"
        edited.options = [OptionID(key: "welcome\u{1F}No such option", index: 0)]
        edited.variables = ["no.such.variable": .text("words")]
        try SavedConversation.save(edited, dialog: "sample", fingerprint: "0", to: path)
        let loaded = try #require(try SavedConversation.load(from: path, dialog: "sample", compiled: result.dialog!))
        #expect(loaded.options.isEmpty && loaded.variables.isEmpty && loaded.fingerprint == result.dialog!.fingerprint)
    }
}
