#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ParleyFiles
import ParleyKit

/// What the person asked for on the command line, and what the terminal is.
struct ChatSettings {
    /// Fixed seed for the coach's random choices; nil: a new one per conversation.
    var seed: UInt64?
    /// Write nothing to disk: no history, no saved conversation.
    var incognito = false
    /// Write the conversation as a transcript to this file.
    var recordPath: String?
    /// Colour and bold on the terminal (already false for NO_COLOR, --no-color).
    var color = false
    /// A person at a terminal (standard input and output), even one too
    /// plain for readline (TERM=dumb): prompts, wrapping, blank lines between turns.
    var terminal = false
}

/// The dialog being talked to, as the chat needs it.
struct ChatDialog {
    var result: CompileResult
    var compiled: CompiledDialog
    /// For the banner: "Reading coach 1.0".
    var title: String
    /// Files of this dialog's history and saved conversation; nil when there
    /// is no home folder to keep them in.
    var files: ChatFiles?
    /// The compiled dialog's fingerprint, stamped on a saved conversation.
    var fingerprint: String { SavedConversation.fingerprint(of: result) }
    /// How to name this dialog again on the command line, for `--resume` hints.
    var argument: String?
}

/// The chat loop: reads lines, runs slash commands, sends the rest to the
/// coach, shows the answers, and keeps history, saved conversations and the
/// recording as asked. Returns the exit status.
final class ChatREPL {
    private let dialog: ChatDialog
    private let settings: ChatSettings
    private let reader: LineReader
    private let output: ChatOutput
    private var conversation: Conversation
    /// nil: lines are not kept (incognito, piped input, or nowhere to keep them).
    private var history: HistoryFile?
    private var warnedAboutHistory = false
    private var warnedAboutRecording = false
    /// The newest line Up would bring back: a repeat of it is not kept again.
    private var lastKept: String?
    /// The person said something since the conversation started or was saved.
    private var unsaved = false

    /// `history` is the history file already loaded into `reader` (see
    /// `loadHistory`), nil when lines are not kept.
    init(dialog: ChatDialog, settings: ChatSettings, reader: LineReader, conversation: Conversation, history: HistoryFile?) {
        self.dialog = dialog
        self.settings = settings
        self.reader = reader
        self.output = ChatOutput(terminal: settings.terminal || reader.isInteractive)
        self.conversation = conversation
        self.history = history
        self.lastKept = history?.last
    }

    /// The history file of a chat on a terminal, its lines loaded into
    /// `reader`; nil in incognito, in a pipe, or without a home folder. A
    /// file that cannot be read is reported (once) and left alone.
    static func loadHistory(files: ChatFiles?, incognito: Bool, into reader: LineReader) -> HistoryFile? {
        guard reader.isInteractive, !incognito, let files else { return nil }
        var file = HistoryFile(path: files.historyPath)
        do {
            for entry in try file.load() { reader.addToHistory(entry) }
            return file
        } catch {
            warnHistory(error)
            return nil
        }
    }

    private var renderer: ChatRenderer {
        ChatRenderer(layout: output.terminal ? .terminal(columns: min(TerminalSetup.columns(), ChatRenderer.widest)) : .plain,
                     ansi: ANSI(enabled: settings.color))
    }

    /// Runs the chat to its end; the exit status.
    func run(notices: [String] = []) -> Int32 {
        defer { reader.finish() }
        if output.terminal {
            var banner = ["\(dialog.title) — Parley. Type /help for commands, Ctrl-D to leave."]
            if settings.incognito {
                banner.append("Incognito: nothing of this chat is written to disk.")
            } else if let history {
                // Say so: the coach may promise to keep nothing, the chat's history is the terminal's.
                banner.append("Lines you type are kept for Up and Ctrl-R in \(Self.abbreviated(history.path));"
                              + " /forget deletes them, --incognito keeps nothing.")
            }
            output.block(renderer.notice(banner.joined(separator: "\n")))
        }
        if !notices.isEmpty { output.block(renderer.notice(notices.joined(separator: "\n"))) }
        show(conversation.current)
        writeRecording()
        if conversation.ended, !reader.isInteractive { return output.endedStatus ?? 0 }
        if conversation.ended { sayEnded() }

        // Ctrl-C on an empty line asks once before an unsaved conversation is left.
        var askedBeforeLeaving = false
        while true {
            if let status = output.endedStatus { return status }
            // Only a terminal completes with Tab: piped input skips building the completer.
            let event = reader.readLine(prompt: renderer.prompt("you>"), completer: reader.isInteractive ? completer : Completer())
            if event == .interrupted, unsaved, !askedBeforeLeaving {
                askedBeforeLeaving = true
                say("(To leave, press Ctrl-C again or Ctrl-D." + (settings.incognito ? ")" : " /save keeps this conversation.)"))
                continue
            }
            askedBeforeLeaving = false
            switch event {
            case .endOfInput, .interrupted:
                return output.endedStatus ?? 0
            case .terminated(let signal):
                return 128 + signal
            case .line(let line):
                output.inputEntered()
                switch ChatInput(line) {
                case .blank:
                    continue
                case .command(let command):
                    keep(line, inFile: false)
                    if let status = run(command) { return status }
                case .message(let text):
                    keep(line, inFile: true)
                    if conversation.ended {
                        say("This conversation has ended: /restart starts it again, /save and /why still work, Ctrl-D leaves.")
                        continue
                    }
                    show(conversation.answer(text))
                    unsaved = true
                    writeRecording()
                    if conversation.ended {
                        if !reader.isInteractive { return output.endedStatus ?? 0 }
                        sayEnded()
                    }
                }
            }
        }
    }

    /// On a terminal the chat stays after the coach's last words, so /save and /why still work.
    private func sayEnded() {
        say("The conversation has ended. /save and /why still work; Ctrl-D or /quit leaves.")
    }

    private var completer: Completer {
        let options = conversation.current.options
        return Completer(optionKeys: options.map { TerminalText.sanitizeLine($0.key) },
                         optionLabels: options.map { TerminalText.sanitizeLine($0.label) })
    }

    /// How the dialog's texts show in a pipe, kept from turn to turn.
    private let shownTexts = ChatRenderer.ShownTexts(placeholder: .unsafe)

    private func show(_ turn: Turn) {
        let renderer = renderer
        let memo = shownTexts
        output.block { renderer.append(turn, to: &$0, memo: memo) }
    }

    /// The answer of an exchange the conversation keeps, shown from there.
    private func show(_ exchange: Conversation.Exchange) {
        let renderer = renderer
        let memo = shownTexts
        output.block { renderer.append(replies: exchange.answer.replies, options: exchange.answer.options, to: &$0, memo: memo) }
    }

    private func say(_ text: String) {
        output.block(renderer.notice(text))
    }

    // MARK: - Slash commands

    /// Runs a command; an exit status if the chat is over.
    private func run(_ command: SlashCommand) -> Int32? {
        switch command {
        case .help:
            say(SlashCommand.helpText(interactive: reader.isInteractive))
        case .back:
            guard let turn = conversation.back() else {
                say(conversation.backStopsAtCare
                    ? "What you told the coach about your safety stays with this conversation: /back does not go back before it."
                    : "Nothing to take back yet.")
                return nil
            }
            say("Took back your last line.")
            show(turn)
            writeRecording()
        case .restart:
            // A person at a terminal confirms; a script in a pipe means it.
            if reader.isInteractive, conversation.hasLines {
                switch confirm("Start this conversation over? What was said is dropped (/back cannot bring it back). Type yes or no.") {
                case .yes: break
                case .no:
                    say("Carrying on.")
                    return nil
                case .leave(let status): return status
                }
            }
            let turn = conversation.restart(seed: settings.seed ?? UInt64.random(in: 0...UInt64.max))
            unsaved = false
            say(conversation.recording == nil ? "Starting over." : "Starting over; the recording starts over too.")
            show(turn)
            writeRecording()
            if conversation.ended, !reader.isInteractive { return 0 }
        case .why:
            guard let exchange = conversation.lastExchange, let explanation = conversation.lastExplanation else {
                say("Nothing to explain yet: /why tells why the coach answered your last line as it did.")
                return nil
            }
            say(WhyText.lines(for: explanation, line: exchange.line, shown: exchange.shown).joined(separator: "\n"))
        case .save:
            save()
        case .forget:
            return forget()
        case .quit:
            return 0
        case .unknown(let word):
            say("Unknown command '\(TerminalText.sanitizeLine(word))': /help lists the commands (//text sends a line starting with \"/\" to the coach).")
        }
        return nil
    }

    private func save() {
        if settings.incognito {
            say("Incognito: nothing is saved. Start without --incognito to use /save.")
            return
        }
        guard let files = dialog.files else {
            say("Cannot save: there is no home folder (HOME or XDG_STATE_HOME) to save into.")
            return
        }
        do {
            try PrivateFiles.makeFolder(files.folder, tighten: true)
            try SavedConversation.save(conversation.session, dialog: files.key, fingerprint: dialog.fingerprint,
                                       to: files.sessionPath)
            unsaved = false
            let again = ["parley", "chat"] + (dialog.argument.map { [ChatREPL.shellQuoted($0)] } ?? []) + ["--resume"]
            say("Saved to \(files.sessionPath).\nGo on later with: \(again.joined(separator: " "))")
        } catch {
            say("Could not save: \(error)")
        }
    }

    /// `/forget`: after a yes, deletes this dialog's history and saved
    /// conversation and says what went. An exit status if input ended.
    private func forget() -> Int32? {
        guard let files = dialog.files else {
            say("Nothing to forget: there is no home folder (HOME or XDG_STATE_HOME) where anything could be kept.")
            return nil
        }
        var probe = HistoryFile(path: files.historyPath)
        let historyExists = PrivateFiles.exists(files.historyPath)
        let sessionExists = PrivateFiles.exists(files.sessionPath)
        guard historyExists || sessionExists else {
            say("Nothing to forget: this dialog has no history and no saved conversation.")
            return nil
        }
        var what: [String] = []
        if historyExists { what.append("history (\(Self.count(probe.linesOnDisk(), "line")))") }
        if sessionExists { what.append("saved conversation") }
        switch confirm("Delete this dialog's \(what.joined(separator: " and "))? Type yes or no.") {
        case .yes:
            break
        case .no:
            say("Nothing was deleted.")
            return nil
        case .leave(let status):
            if status == 0 { say("Nothing was deleted.") }
            return status
        }
        var deleted: [String] = []
        var problems: [String] = []
        do {
            if let lines = try probe.delete() { deleted.append("the history (\(Self.count(lines, "line"))) \(files.historyPath)") }
        } catch {
            problems.append("could not delete the history: \(error)")
        }
        do {
            if try PrivateFiles.delete(files.sessionPath) { deleted.append("the saved conversation \(files.sessionPath)") }
        } catch {
            problems.append("could not delete the saved conversation: \(error)")
        }
        reader.clearHistory()
        lastKept = nil
        if history != nil { history = HistoryFile(path: files.historyPath) }
        var lines = deleted.isEmpty ? ["Nothing was deleted."] : ["Deleted " + deleted.joined(separator: " and ") + "."]
        lines += problems
        if history != nil, !deleted.isEmpty {
            lines.append("Lines you type from now on are kept again; start with --incognito to keep nothing.")
        }
        say(lines.joined(separator: "\n"))
        return nil
    }

    enum Confirmation: Equatable {
        case yes, no
        /// Input ended (0) or a signal came (128 + its number): leave with this status.
        case leave(Int32)
    }

    /// Asks `question` and reads the answer at a "yes/no>" prompt.
    private func confirm(_ question: String) -> Confirmation {
        say(question)
        let answer = reader.readLine(prompt: renderer.prompt("yes/no>"), completer: Completer(commands: [], optionLabels: ["yes", "no"]))
        if case .line = answer { output.inputEntered() }
        switch answer {
        case .line(let line) where ["yes", "y"].contains(TerminalTextTrim.spaces(line).lowercased()):
            return .yes
        case .endOfInput:
            return .leave(0)
        case .terminated(let signal):
            return .leave(128 + signal)
        default:
            return .no
        }
    }

    // MARK: - History

    /// Keeps a line typed at the prompt for Up and Ctrl-R in this run and,
    /// when `inFile` (a line for the coach) and not incognito, in the history
    /// file at once. Not kept: a line typed with a leading space, or a
    /// repeat of the line kept just before (see `HistoryFile.entry(typed:previous:)`).
    private func keep(_ line: String, inFile: Bool) {
        guard reader.isInteractive, let entry = HistoryFile.entry(typed: line, previous: lastKept) else { return }
        lastKept = entry
        reader.addToHistory(entry)
        guard inFile, var file = history, let files = dialog.files else { return }
        do {
            try PrivateFiles.makeFolder(files.folder, tighten: true)
            try file.append(entry)
            history = file
        } catch {
            warnHistory(error)
        }
    }

    /// Says once that history cannot be kept; never says what was typed.
    private func warnHistory(_ error: Error) {
        guard !warnedAboutHistory else { return }
        warnedAboutHistory = true
        Self.warnHistory(error)
    }

    private static func warnHistory(_ error: Error) {
        Console.error("parley: history is not kept: \(error)")
    }

    // MARK: - Recording

    private func writeRecording() {
        guard let path = settings.recordPath, let recording = conversation.recording else { return }
        do {
            try PrivateFiles.write(recording.text, to: path, keepMode: true)
        } catch {
            guard !warnedAboutRecording else { return }
            warnedAboutRecording = true
            Console.error("parley: cannot write the transcript: \(error)")
        }
    }

    /// `path` with the home folder written as "~".
    static func abbreviated(_ path: String) -> String {
        guard let home = ProcessInfo.processInfo.environment["HOME"], home.count > 1, path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    static func shellQuoted(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/._-+,:@".unicodeScalars.contains($0))
        }
        return plain && !text.isEmpty ? text : "'" + text.replacing("'", with: "'\\''") + "'"
    }
}
