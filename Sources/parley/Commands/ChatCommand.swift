import ArgumentParser
import BuiltinDialogs
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyFiles
import ParleyKit

struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk with a dialog in the terminal (the default command).",
        discussion: """
            On a terminal: line editing, history (Up, Ctrl-R), Tab completion and slash commands \
            (/help lists them). History is kept per dialog in $XDG_STATE_HOME/parley/ (default \
            ~/.local/state/parley/), readable by you alone. With piped input or output: plain lines, \
            no prompt, no colour, nothing kept.
            """
    )

    @OptionGroup var dialog: DialogArgument

    @Option(help: "Seed for the dialog's random choices (the same seed and lines give the same conversation).")
    var seed: UInt64?

    @Flag(help: "Write nothing to disk: no history, no saved conversation.")
    var incognito = false

    @Flag(help: "Continue the conversation saved with /save.")
    var resume = false

    @Option(help: ArgumentHelp("Write the conversation as a transcript that 'parley test' replays.", valueName: "FILE"))
    var record: String?

    func validate() throws {
        if resume, record != nil {
            throw ValidationError("--record cannot be combined with --resume: a transcript replays a conversation from its greeting.")
        }
        if let record, record.isEmpty { throw ValidationError("--record needs a file name.") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let terminal = Console.isTerminal(0) && Console.isTerminal(1)
        let interactive = terminal && !["dumb", ""].contains(environment["TERM"] ?? "")
        let files = ChatFiles.folder(environment: environment).map { folder in
            ChatFiles(folder: folder, key: dialog.path.map { path in
                DialogLoading.builtinName(path).map(ChatFiles.key(builtin:)) ?? ChatFiles.key(dialogPath: path)
            } ?? ChatFiles.key(builtin: BuiltinDialogs.defaultName))
        }
        // Loading the dialog (decoding a built-in compiled at build time, or
        // compiling a file) runs on a second core while readline starts and
        // the history loads.
        let compilation = DialogLoading.loading(dialog.path)
        let reader: LineReader
        if interactive {
            TerminalSetup.useUTF8Locale()
            reader = ReadlineLineReader()
        } else {
            reader = PlainLineReader(prompting: terminal)
        }
        let history = ChatREPL.loadHistory(files: files, incognito: incognito, into: reader)
        // While the dialog still decodes: what the first reply would build
        // after it (docs/performance.md, "Chat start-up", `start8`).
        Engine.prepareFirstTurn()

        let result = compilation.wait()
        DialogLoading.printDiagnostics(result, warnings: false, noColor: dialog.noColor)
        guard let compiled = result.dialog else { throw ExitCode(1) }
        let chatDialog = ChatDialog(result: result, compiled: compiled, title: "\(compiled.name) \(compiled.version)",
                                    files: files, argument: dialog.path)
        let settings = ChatSettings(seed: seed, incognito: incognito, recordPath: record,
                                    color: interactive && Console.wantsColor(descriptor: 1, disabled: dialog.noColor),
                                    terminal: terminal)

        let engine = Engine(dialog: compiled)
        var notices: [String] = []
        var conversation: Conversation
        if resume {
            if let session = try resumedSession(files, chatDialog) {
                conversation = Conversation(engine: engine, resuming: session)
                notices.append("Continuing the conversation saved in \(files!.sessionPath).")
            } else {
                Console.error("parley: no saved conversation for this dialog; starting a new one.")
                conversation = Conversation(engine: engine, seed: seed ?? UInt64.random(in: 0...UInt64.max), recording: false)
            }
        } else {
            conversation = try newConversation(engine)
        }

        let status = ChatREPL(dialog: chatDialog, settings: settings, reader: reader, conversation: conversation,
                              history: history).run(notices: notices)
        // The process ends here rather than by returning: returning would free
        // the dialog's tables one by one first (about 6 M instructions for the
        // trust coach), memory the exit gives back at once. Everything is
        // written by now (the REPL saves as it goes; stdio is flushed by exit).
        systemExit(status)
    }

    private func resumedSession(_ files: ChatFiles?, _ dialog: ChatDialog) throws -> Session? {
        guard let files else {
            throw ValidationError("--resume: there is no home folder (HOME or XDG_STATE_HOME) to find a saved conversation in.")
        }
        do {
            return try SavedConversation.load(from: files.sessionPath, dialog: files.key, compiled: dialog.compiled)
        } catch {
            Console.error("parley: \(error). Start without --resume, or delete it with /forget.")
            throw ExitCode(1)
        }
    }

    /// A new conversation; with --record, its transcript is written at once,
    /// so a file that cannot be written is reported before the chat begins.
    private func newConversation(_ engine: Engine) throws -> Conversation {
        let chosenSeed = seed ?? UInt64.random(in: 0...UInt64.max)
        guard let record else { return Conversation(engine: engine, seed: chosenSeed, recording: false) }
        let folder = PrivateFiles.folder(of: record)
        do {
            try PrivateFiles.makeFolder(folder, tighten: false)
        } catch {
            Console.error("parley: cannot create the folder for the transcript: \(error)")
            throw ExitCode(1)
        }
        var comments = ["Recorded by 'parley chat --record'. Replay it with: parley test \(ChatREPL.shellQuoted(record))"]
        var dialogLine: String?
        if let path = dialog.path {
            dialogLine = DialogLoading.builtinName(path) ?? RelativePath.from(folder: folder, to: path)
        } else {
            comments.append("Dialog: the built-in '\(BuiltinDialogs.defaultName)' dialog ('parley test' uses it for transcripts without a dialog line).")
        }
        let conversation = Conversation(engine: engine, seed: chosenSeed, recording: true, dialogForTranscript: dialogLine,
                                        comments: comments)
        do {
            try PrivateFiles.write(conversation.recording!.text, to: record, keepMode: true)
        } catch {
            Console.error("parley: cannot write the transcript: \(error)")
            throw ExitCode(1)
        }
        return conversation
    }
}

/// Paths relative to a folder, for the `dialog` line of a recorded transcript.
enum RelativePath {
    /// `target` as seen from `folder`; absolute if the two share nothing but "/".
    static func from(folder: String, to target: String) -> String {
        let base = absolute(folder), destination = absolute(target)
        let from = base.split(separator: "/"), to = destination.split(separator: "/")
        var shared = 0
        while shared < from.count, shared < to.count, from[shared] == to[shared] { shared += 1 }
        if shared == 0 { return destination }
        let ups = Array(repeating: "..", count: from.count - shared)
        let rest = to[shared...].map(String.init)
        let parts = ups + rest
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    static func absolute(_ path: String) -> String {
        if let real = ChatFiles.realPath(path) { return real }
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return DialogPath.normalize(joined)
    }
}
