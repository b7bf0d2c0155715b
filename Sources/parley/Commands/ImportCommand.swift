import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ParleyFiles
import ParleyKit

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a script from another chat-bot format into a Parley dialog.",
        subcommands: [ImportElizaCommand.self]
    )
}

struct ImportElizaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eliza",
        abstract: "Convert a script in Weizenbaum's ELIZA format (CACM 1966) into a dialog of keyword groups.",
        discussion: """
            Without -o, the dialog is printed. With -o FOLDER, it is written to FOLDER/main.dialog \
            (the folder is created 0700, the file 0600); an existing file is kept unless --force is given. \
            An error in the script is reported as SCRIPT:LINE:COLUMN.
            """
    )

    @Argument(help: ArgumentHelp("The ELIZA script.", valueName: "SCRIPT"))
    var script: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the dialog into this folder.", valueName: "FOLDER"))
    var output: String?

    @Flag(help: "Replace a dialog already in FOLDER.")
    var force = false

    /// A script larger than this is not a script; refused rather than read whole.
    static let maximumScriptBytes = 4 << 20

    func run() throws {
        guard let data = FileManager.default.contents(atPath: script) else {
            Console.error("error: cannot read \(script)")
            throw ExitCode(1)
        }
        guard data.count <= Self.maximumScriptBytes, let text = String(data: data, encoding: .utf8) else {
            Console.error("error: \(script) is not a UTF-8 text file of at most 4 MB")
            throw ExitCode(1)
        }
        let name = URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent
        let dialog: String
        do {
            dialog = try ElizaConverter.dialog(from: try ElizaScript.parse(text), name: name,
                                               source: URL(fileURLWithPath: script).lastPathComponent)
        } catch {
            Console.error("\(script):\(error.position): error: \(error.message)")
            throw ExitCode(1)
        }
        guard let output else {
            _ = Console.write(Array(dialog.utf8), to: 1)
            return
        }
        let path = DialogPath.join(output, "main.dialog")
        if !force, FileManager.default.fileExists(atPath: path) {
            Console.error("error: \(path) already exists; use --force to replace it")
            throw ExitCode(1)
        }
        do {
            try PrivateFiles.makeFolder(output, tighten: false)
            try AtomicFile.write(dialog, to: path, mode: 0o600)
        } catch {
            Console.error("error: cannot write \(path): \(error)")
            throw ExitCode(1)
        }
        Console.out("wrote \(path)")
    }
}
