import Foundation
import Testing

/// `parley chat --record FILE`: a chat becomes a transcript `parley test` replays.
@Suite struct ChatRecordTests {
    @Test func aRecordedChatReplaysAndIsPrivate() throws {
        let sandbox = try ChatPipeTests.Sandbox()
        let file = sandbox.folder.appendingPathComponent("new/folder/goal.chat")
        let chat = try sandbox.run(["chat", ChatPipeTests.sample, "--seed", "7", "--record", file.path],
                                   "1\nabout twelve pages a day\n/back\ntwenty pages\nyes\n  see my goal again  \n")
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(try permissions(file) == 0o600)
        #expect(try permissions(file.deletingLastPathComponent()) == 0o700)
        #expect(try permissions(file.deletingLastPathComponent().deletingLastPathComponent()) == 0o700)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("seed 7\n"))
        #expect(!text.contains("twelve"), "the line taken back with /back is not in the transcript")
        #expect(text.contains("\nyou: twenty pages\nbot: 20 pages a day is ambitious. Good for you!\n"))
        #expect(text.contains("\nyou: see my goal again\n"))
        #expect(text.contains("? state goal.set\n"))

        let replay = try sandbox.run(["test", file.path], "")
        #expect(replay.status == 0, "\(replay.stdout)")
        #expect(replay.stdout.contains("PASS"))
    }

    @Test func aDialogOnDiskIsNamedRelativeToTheTranscript() throws {
        let sandbox = try ChatPipeTests.Sandbox()
        let file = sandbox.folder.appendingPathComponent("transcripts/talk.chat")
        let dialog = try ChatPipeTests.copyOfSampleDialog(in: sandbox, as: "dialogs/coach").path
        let chat = try sandbox.run(["chat", dialog, "--record", file.path], "2\nI feel \u{1B}[1mbold\u{7}\n/restart\n3\nyes\n")
        #expect(chat.status == 0, "\(chat.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        let dialogLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("dialog ") })
        #expect(dialogLine == "dialog ../dialogs/coach")
        // After /restart the recording holds the new conversation only.
        #expect(!text.contains("bold"))
        #expect(text.contains("\nyou: 3\n"))
        let replay = try sandbox.run(["test", file.path], "")
        #expect(replay.status == 0, "\(replay.stdout)")
    }

    @Test func controlCharactersAreRecordedAsTheEngineSawThem() throws {
        let sandbox = try ChatPipeTests.Sandbox()
        let file = sandbox.folder.appendingPathComponent("controls.chat")
        let chat = try sandbox.run(["chat", ChatPipeTests.sample, "--seed", "3", "--record", file.path], "2\nI feel \u{1B}[1mbold\u{7}\tnow\n")
        #expect(chat.status == 0)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\nyou: I feel [1mbold now\n"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(try sandbox.run(["test", file.path], "").status == 0)
    }

    @Test func anUnwritableTranscriptIsReportedBeforeTheChat() throws {
        let sandbox = try ChatPipeTests.Sandbox()
        let blocker = sandbox.folder.appendingPathComponent("file")
        try Data().write(to: blocker)
        let result = try sandbox.run(["chat", "--record", blocker.appendingPathComponent("x.chat").path], "hello\n")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("parley: cannot create the folder for the transcript:"))
        #expect(result.stdout.isEmpty)
    }

    func permissions(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
