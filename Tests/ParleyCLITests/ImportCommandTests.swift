import Foundation
import Testing

@Suite struct ImportCommandTests {
    static let script = """
        (HELLO)
        START
        (SORRY
            ((0)
                (NO NEED TO APOLOGIZE)))
        (NONE
            ((0)
                (GO ON)))
        ()
        """

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesAPrivateDialogThatLintsCleanAndRefusesToOverwrite() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("tiny.txt")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")

        let first = try ParleyProcess.run(["import", "eliza", script.path, "-o", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let dialog = out.appendingPathComponent("main.dialog")
        let attributes = try FileManager.default.attributesOfItem(atPath: dialog.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: out.path)
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)

        let lint = try ParleyProcess.run(["lint", out.path])
        #expect(lint.status == 0 && lint.stdout.contains("0 errors, 0 warnings"), "\(lint.stdout)")

        let chat = try ParleyProcess.run(["chat", "--no-color", out.path], input: Data("sorry\nhm\n".utf8))
        #expect(chat.stdout.contains("Hello") && chat.stdout.contains("No need to apologize") && chat.stdout.contains("Go on"),
                "\(chat.stdout)")

        try "keep me\n".write(to: dialog, atomically: true, encoding: .utf8)
        let second = try ParleyProcess.run(["import", "eliza", script.path, "-o", out.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already exists; use --force"))
        #expect(try String(contentsOf: dialog, encoding: .utf8) == "keep me\n")

        let forced = try ParleyProcess.run(["import", "eliza", "--force", script.path, "-o", out.path])
        #expect(forced.status == 0)
        #expect(try String(contentsOf: dialog, encoding: .utf8).contains("group sorry"))
    }

    @Test func anErrorInTheScriptNamesItsLineAndColumn() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("broken.txt")
        try "(HELLO)\n(SORRY\n  ((0) (OK))\n".write(to: script, atomically: true, encoding: .utf8)
        let result = try ParleyProcess.run(["import", "eliza", script.path, "-o", folder.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(script.path):2:1: error: '(' is never closed\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "nothing is written")
    }
}
