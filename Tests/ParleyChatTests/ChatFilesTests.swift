import Foundation
@testable import ParleyFiles
import ParleyKit
import Testing
@testable import parley

/// A temporary folder for one test, removed afterwards.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-unit-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func permissions(_ relative: String) -> Int {
        var info = stat()
        return stat(path + "/" + relative, &info) == 0 ? Int(info.st_mode & 0o7777) : -1
    }
}

@Suite struct ChatFilesTests {
    @Test func stateFolderFollowsXDGThenHome() {
        #expect(ChatFiles.folder(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/parley")
        #expect(ChatFiles.folder(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/parley")
        #expect(ChatFiles.folder(environment: ["HOME": "/h"]) == "/h/.local/state/parley")
        #expect(ChatFiles.folder(environment: [:]) == nil)
    }

    @Test func keysAreSafeFileNames() {
        #expect(ChatFiles.key(builtin: "sample") == "sample")
        let key = ChatFiles.key(dialogPath: "/nowhere/../my coach;rm -rf.dialog")
        #expect(key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(key.hasPrefix("my_coach_rm_-rf-"))
        // Stable from run to run, and different for a different place.
        #expect(key == ChatFiles.key(dialogPath: "/nowhere/../my coach;rm -rf.dialog"))
        #expect(ChatFiles.key(dialogPath: "/a/coach") != ChatFiles.key(dialogPath: "/b/coach"))
        #expect(ChatFiles.safeName("..") == "__")
        #expect(ChatFiles.safeName("") == "dialog")
    }

    @Test func foldersAreMade0700AndFiles0600WhateverTheUmask() throws {
        let temporary = try TemporaryFolder()
        let old = umask(0)
        defer { umask(old) }
        try PrivateFiles.makeFolder(temporary.path + "/a/b/parley", tighten: true)
        #expect(temporary.permissions("a") == 0o700)
        #expect(temporary.permissions("a/b/parley") == 0o700)
        try PrivateFiles.append("one\n", to: temporary.path + "/a/b/parley/x.history")
        #expect(temporary.permissions("a/b/parley/x.history") == 0o600)
        try PrivateFiles.write("whole\n", to: temporary.path + "/a/b/parley/x.json")
        #expect(temporary.permissions("a/b/parley/x.json") == 0o600)
    }

    @Test func aLooseStateFolderAndFileAreTightened() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.path + "/parley"
        mkdir(folder, 0o755)
        chmod(folder, 0o755)
        _ = FileManager.default.createFile(atPath: folder + "/h", contents: Data(), attributes: [.posixPermissions: 0o644])
        try PrivateFiles.makeFolder(folder, tighten: true)
        try PrivateFiles.append("x\n", to: folder + "/h")
        #expect(temporary.permissions("parley") == 0o700)
        #expect(temporary.permissions("parley/h") == 0o600)
    }

    @Test func aSymbolicLinkIsNotWrittenThrough() throws {
        let temporary = try TemporaryFolder()
        _ = FileManager.default.createFile(atPath: temporary.path + "/target", contents: Data("keep\n".utf8))
        symlink(temporary.path + "/target", temporary.path + "/link")
        #expect(throws: PrivateFiles.Failure.self) { try PrivateFiles.append("evil\n", to: temporary.path + "/link") }
        #expect(throws: PrivateFiles.Failure.self) { try PrivateFiles.read(temporary.path + "/link", limit: 100) }
        #expect(try String(contentsOfFile: temporary.path + "/target", encoding: .utf8) == "keep\n")
    }

    @Test func aFailedSyncClosesTheTemporaryFileAndKeepsTheOldOne() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.path + "/saved.json"
        try PrivateFiles.write("old\n", to: path)
        var synced: (descriptor: Int32, inode: ino_t)?
        #expect(throws: PrivateFiles.Failure.self) {
            try AtomicFile.write("new\n", to: path, mode: 0o600, sync: { descriptor in
                var info = stat()
                fstat(descriptor, &info)
                synced = (descriptor, info.st_ino)
                errno = EIO
                return -1
            })
        }
        let (descriptor, inode) = try #require(synced)
        // Closed: the number is free, or (other tests open files at the same time) it names another file.
        var info = stat()
        #expect(fstat(descriptor, &info) != 0 || info.st_ino != inode, "the temporary file's descriptor was left open")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == ["saved.json"])
    }

    @Test func aDanglingLinkIsNotCreatedThroughAndALooseFileIsTightened() throws {
        let temporary = try TemporaryFolder()
        symlink(temporary.path + "/elsewhere", temporary.path + "/store")
        #expect(throws: PrivateFiles.Failure.self) { try PrivateFiles.open(temporary.path + "/store") }
        #expect(!FileManager.default.fileExists(atPath: temporary.path + "/elsewhere"))
        _ = FileManager.default.createFile(atPath: temporary.path + "/loose", contents: Data(), attributes: [.posixPermissions: 0o644])
        let descriptor = try PrivateFiles.open(temporary.path + "/loose")
        close(descriptor)
        #expect(temporary.permissions("loose") == 0o600)
        symlink(temporary.path + "/elsewhere", temporary.path + "/loose-wal")
        #expect(throws: PrivateFiles.Failure.self) { try PrivateFiles.checkCompanion(temporary.path + "/loose-wal") }
    }

    @Test func relativePathsForTranscripts() throws {
        let temporary = try TemporaryFolder()
        let real = ChatFiles.realPath(temporary.path)!
        try FileManager.default.createDirectory(atPath: real + "/dialogs/coach", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: real + "/tests/deep", withIntermediateDirectories: true)
        #expect(RelativePath.from(folder: real + "/tests/deep", to: real + "/dialogs/coach") == "../../dialogs/coach")
        #expect(RelativePath.from(folder: real, to: real + "/dialogs/coach") == "dialogs/coach")
        #expect(RelativePath.from(folder: real + "/dialogs/coach", to: real + "/dialogs/coach") == ".")
    }
}

@Suite struct HistoryFileTests {
    @Test func entriesAreOneCleanLine() {
        #expect(HistoryFile.entry("  hello\tthere\r\nyou \u{1B}[1m ") == "hello there  you [1m")
        #expect(HistoryFile.entry(" \u{7} ") == nil)
        #expect(HistoryFile.entry(String(repeating: "x", count: 10_000))?.count == HistoryFile.longestEntry)
    }

    /// A byte order mark (an editor's, or a file piped in) is not part of the first line.
    @Test func aByteOrderMarkIsNotText() {
        #expect(HistoryFile.lines(of: [0xEF, 0xBB, 0xBF] + Array("hello\nthere\n".utf8)) == ["hello", "there"])
        #expect(PlainLineReader.decode([0xEF, 0xBB, 0xBF] + Array("2\r".utf8)) == "2")
    }

    @Test func appendsAsItGoesAndKeepsTheNewestThousand() throws {
        let temporary = try TemporaryFolder()
        var file = HistoryFile(path: temporary.path + "/h")
        #expect(try file.load().isEmpty)
        for n in 1...1_005 { try file.append("line \(n)") }
        let lines = try String(contentsOfFile: file.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == HistoryFile.limit)
        #expect(lines.first == "line 6")
        #expect(lines.last == "line 1005")
        var reloaded = HistoryFile(path: file.path)
        #expect(try reloaded.load().count == HistoryFile.limit)
        #expect(temporary.permissions("h") == 0o600)
    }

    @Test func aLongerFileLoadsItsNewestLines() throws {
        let temporary = try TemporaryFolder()
        let text = (1...1_200).map { "l\($0)" }.joined(separator: "\n") + "\n"
        try text.write(toFile: temporary.path + "/h", atomically: true, encoding: .utf8)
        var file = HistoryFile(path: temporary.path + "/h")
        let loaded = try file.load()
        #expect(loaded.count == 1_000)
        #expect(loaded.first == "l201")
        try file.append("new")
        let lines = try String(contentsOfFile: file.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1_000)
        #expect(lines.last == "new")
    }

    @Test func invalidUTF8InTheFileIsRepairedNotFatal() throws {
        let temporary = try TemporaryFolder()
        _ = FileManager.default.createFile(atPath: temporary.path + "/h", contents: Data([0x61, 0xFF, 0x0A, 0x1B, 0x0A, 0x62, 0x0A]))
        var file = HistoryFile(path: temporary.path + "/h")
        #expect(try file.load() == ["a\u{FFFD}", "b"])
    }

    @Test func deleteSaysHowManyLinesWent() throws {
        let temporary = try TemporaryFolder()
        var file = HistoryFile(path: temporary.path + "/h")
        #expect(try file.delete() == nil)
        try file.append("a")
        try file.append("b")
        #expect(file.linesOnDisk() == 2)
        #expect(try file.delete() == 2)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
