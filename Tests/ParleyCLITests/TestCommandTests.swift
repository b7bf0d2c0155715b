import Foundation
import Testing

@Suite struct TestCommandTests {
    /// A temporary folder with a transcript for the sample dialog.
    func folder(_ transcript: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dialog = ParleyProcess.packageRoot.appendingPathComponent("Dialogs/sample").path
        try ("dialog \(dialog)\nseed 1\n" + transcript).write(to: dir.appendingPathComponent("t.chat"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func fixturesPass() throws {
        let result = try ParleyProcess.run(["test", "Fixtures"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.range(of: #"\d+ passed, 0 failed\n$"#, options: .regularExpression) != nil)
    }

    @Test func aFailureShowsADiffAndExitsOne() throws {
        let dir = try folder("you: 1\nbot: A big goal.\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ParleyProcess.run(["test", dir.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL \(dir.path)/t.chat\n  turn 1, line 3, you: 1\n    - bot: A big goal.\n    + bot: A small goal is easier to keep than a big one.\n"))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func updateRewritesAndThenPasses() throws {
        let dir = try folder("you: 1\nyou: five pages\n? state welcome\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let update = try ParleyProcess.run(["test", "--update", dir.path])
        #expect(update.status == 0)
        let text = try String(contentsOf: dir.appendingPathComponent("t.chat"), encoding: .utf8)
        #expect(text.contains("you: five pages\nbot: 5 pages a day is a gentle start, and gentle starts last.\n"))
        #expect(text.contains("? state goal.set"))
        let again = try ParleyProcess.run(["test", dir.path])
        #expect(again.status == 0, "\(again.stdout)")
    }

    @Test func coverageListsWhatWasNotVisited() throws {
        let dir = try folder("you: 1\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ParleyProcess.run(["test", "--coverage", dir.path])
        #expect(result.stdout.contains("unvisited state talk.feeling"))
        let full = try ParleyProcess.run(["test", "--coverage", "Fixtures/sample"])
        #expect(full.stdout.contains("everything was visited"))
    }

    @Test func aTranscriptThatChecksNothingPassesWithAWarning() throws {
        let dir = try folder("you: 1\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ParleyProcess.run(["test", dir.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS \(dir.path)/t.chat (1 turn)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("warning: this transcript checks nothing"))
        let checked = try folder("you: 1\n? state goal.size\nyou: 1\n")
        defer { try? FileManager.default.removeItem(at: checked) }
        let quiet = try ParleyProcess.run(["test", checked.path])
        #expect(quiet.stdout.contains("(2 turns)") && !quiet.stdout.contains("warning"), "\(quiet.stdout)")
    }

    /// A byte order mark (some Windows editors write one) is not part of the text.
    @Test func aTranscriptStartingWithAByteOrderMarkReadsTheSame() throws {
        let dir = try folder("you: 1\n? state goal.size\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.chat")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: file)).write(to: file)
        let result = try ParleyProcess.run(["test", dir.path])
        #expect(result.status == 0, "\(result.stdout)")
    }

    @Test func aBrokenTranscriptIsReported() throws {
        let dir = try folder("you: hi\nbut this line is nothing\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ParleyProcess.run(["test", dir.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("t.chat:4: expected 'you:'"))
    }
}
