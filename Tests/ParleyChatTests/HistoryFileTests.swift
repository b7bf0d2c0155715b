import Foundation
import ParleyFiles
import Testing
@testable import parley

/// The history file: never a torn line, no line lost between two chats, and
/// the habits of good REPLs (ignorespace, no immediate repeats).
@Suite struct HistoryFileSharingTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-history-\(UUID().uuidString.prefix(8))").path
        try PrivateFiles.makeFolder(path, tighten: true)
        return path
    }

    func text(_ path: String) throws -> String {
        String(decoding: try PrivateFiles.read(path, limit: 1 << 24) ?? [], as: UTF8.self)
    }

    @Test func aWriteThatFailsPartWayLeavesNoHalfLine() throws {
        let path = try folder() + "/h.history"
        var file = HistoryFile(path: path)
        try file.append("first line")
        // A disk with room for 5 more bytes: the write goes part-way, the next one fails.
        let disk = FullDisk(room: 5)
        file.writer = { descriptor, bytes, count in disk.write(descriptor, bytes, count) }
        #expect(throws: PrivateFiles.Failure.self) { try file.append("a line that does not fit") }
        #expect(try text(path) == "first line\n")
        file.writer = PrivateFiles.systemWriter
        try file.append("next")
        #expect(try text(path) == "first line\nnext\n")
    }

    @Test func aTornLastLineIsCutBeforeTheNextOne() throws {
        let path = try folder() + "/h.history"
        // As a chat killed mid-write leaves it.
        try PrivateFiles.append("whole\nhal", to: path)
        var file = HistoryFile(path: path)
        _ = try file.load()
        try file.append("next")
        #expect(try text(path) == "whole\nnext\n")
    }

    @Test func twoChatsNearTheCapLoseNoLine() throws {
        let path = try folder() + "/h.history"
        let old = (0..<(HistoryFile.limit - 10)).map { "old \($0)" }
        try PrivateFiles.write(old.joined(separator: "\n") + "\n", to: path)
        let perChat = 60
        let group = DispatchGroup()
        for chat in ["a", "b"] {
            group.enter()
            Thread {
                var file = HistoryFile(path: path)
                _ = try? file.load()
                for index in 0..<perChat { try? file.append("\(chat) \(index)") }
                group.leave()
            }.start()
        }
        group.wait()
        var reader = HistoryFile(path: path)
        let lines = try reader.load()
        for chat in ["a", "b"] {
            let kept = lines.filter { $0.hasPrefix("\(chat) ") }
            #expect(kept == (0..<perChat).map { "\(chat) \($0)" }, "chat \(chat) lost lines")
        }
        #expect(lines.count == HistoryFile.limit)
    }

    @Test func aLineTypedWithALeadingSpaceOrRepeatedIsNotKept() {
        #expect(HistoryFile.entry(typed: " secret", previous: nil) == nil)
        #expect(HistoryFile.entry(typed: "I feel fine", previous: "I feel fine") == nil)
        #expect(HistoryFile.entry(typed: "I feel fine ", previous: "I feel fine") == nil)
        #expect(HistoryFile.entry(typed: "I feel fine", previous: "I feel good") == "I feel fine")
        #expect(HistoryFile.entry(typed: "/why", previous: nil) == "/why")
    }
}

/// A disk that fills up: writes go through until `room` bytes are used, then fail with ENOSPC.
final class FullDisk: @unchecked Sendable {
    private var room: Int

    init(room: Int) { self.room = room }

    func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        guard room > 0 else {
            errno = ENOSPC
            return -1
        }
        let written = Foundation.write(descriptor, bytes, min(count, room))
        if written > 0 { room -= written }
        return written
    }
}

/// What a signal that came while the coach answered does at the next prompt.
@Suite struct PendingSignalTests {
    @Test func ctrlCDuringAnAnswerIsNotACtrlCAtThePrompt() {
        #expect(PendingSignal.beforePrompt(SIGINT) == .ignore)
        #expect(PendingSignal.beforePrompt(SIGWINCH) == .ignore)
        #expect(PendingSignal.beforePrompt(SIGTERM) == .leave)
        #expect(PendingSignal.beforePrompt(SIGHUP) == .leave)
        #expect(PendingSignal.beforePrompt(SIGQUIT) == .leave)
        #expect(PendingSignal.beforePrompt(SIGTSTP) == .stop)
    }

    @Test func readlineReadsTheFallbackLocaleFromTheVariableThatWins() {
        #expect(TerminalSetup.localeVariableReadlineReads(["LC_ALL": "C", "LANG": "C"]) == "LC_ALL")
        #expect(TerminalSetup.localeVariableReadlineReads(["LANG": "C"]) == "LC_CTYPE")
        #expect(TerminalSetup.localeVariableReadlineReads(["LC_ALL": "", "LC_CTYPE": "POSIX"]) == "LC_CTYPE")
    }
}
