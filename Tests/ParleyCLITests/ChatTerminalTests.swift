import BuiltinDialogs
import Foundation
import Testing

/// `parley chat` on a real pseudo-terminal (tmux): what a person typing sees.
/// The sample dialog with --seed 1 opens with "Hi there!" and offers
/// 1. Set a reading goal, 2. Talk about reading, 3. Hear a quote; named by
/// its path, its history file is `sample-HASH.history`.
@Suite(.serialized) struct ChatTerminalTests {
    let chat = ["chat", ChatPipeTests.sample, "--seed", "1"]

    func session() throws -> TerminalSession {
        try #require(TerminalSession.tmuxAvailable, "these tests need tmux (apt-get install tmux)")
        return try TerminalSession()
    }

    func historyFile(_ terminal: TerminalSession) -> URL? {
        let folder = terminal.state.appendingPathComponent("parley")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.first { $0.hasSuffix(".history") }.map { folder.appendingPathComponent($0) }
    }

    func history(_ terminal: TerminalSession) -> String? {
        historyFile(terminal).flatMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    @Test func typingWithACursorMoveAndAnInsertion() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("I feel hapy")
        try terminal.press("Left", "Left")
        try terminal.type("p")
        try terminal.press("Home")
        try terminal.type("Well, ")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(2)
        #expect(screen.contains("you> Well, I feel happy"))
        #expect(screen.contains("Why do you feel happy?"))
        #expect(history(terminal) == "Well, I feel happy\n")
        try terminal.press("C-d")
        let exit = try terminal.waitForExit()
        #expect(exit.status == 0)
        #expect(exit.terminalRestored)
    }

    @Test func emacsKeysEditTheLine() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("alpha beta gamma")
        try terminal.press("C-w")
        try terminal.type("delta")
        try terminal.press("C-a")
        try terminal.type("I feel ")
        try terminal.press("C-e")
        try terminal.type("!!")
        try terminal.press("Left", "Left", "C-k")
        try terminal.waitForLastLine("you> I feel alpha beta delta")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        #expect(history(terminal) == "I feel alpha beta delta\n")
    }

    @Test func upRecallsALineFromTheLastRun() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("I feel curious")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        try terminal.type("/quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit().status == 0)

        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.press("Up")
        try terminal.waitForLastLine("you> I feel curious")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(2)
        #expect(screen.contains("Why do you feel curious?"))
        // The recalled line repeats the newest one: it is not kept twice.
        #expect(history(terminal) == "I feel curious\n")
    }

    @Test func ctrlRFindsAnEarlierLine() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("first")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        try terminal.press("C-d")
        #expect(try terminal.waitForExit().status == 0)
        let file = try #require(historyFile(terminal))
        try "I feel sleepy\ntalk about reading\nsomething else\n".write(to: file, atomically: true, encoding: .utf8)
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.press("C-r")
        try terminal.type("sleep")
        try terminal.waitForLastLine("(reverse-i-search)`sleep': I feel sleepy")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(2)
        #expect(screen.contains("Why do you feel sleepy?"))
    }

    @Test func ctrlCClearsAHalfTypedLineThenLeavesOnAnEmptyOne() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("half a thou")
        try terminal.press("Left", "Left")
        try terminal.press("C-c")
        try terminal.waitUntil("a fresh prompt after ^C") { lines in
            lines.suffix(2) == ["you> half a thou^C", "you>"]
        }
        // The old text is gone: this line is "2" alone, which picks option 2.
        try terminal.type("2")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(3)
        #expect(screen.contains("How do you feel about reading these days?"))
        #expect(history(terminal) == "2\n")
        // Something was said and not saved: the first Ctrl-C asks, the second leaves.
        try terminal.press("C-c")
        try terminal.waitFor("(To leave, press Ctrl-C again or Ctrl-D.")
        try terminal.waitForPrompt(4)
        try terminal.press("C-c")
        let exit = try terminal.waitForExit()
        #expect(exit.status == 0)
        #expect(exit.terminalRestored)
    }

    @Test func ctrlDLeavesCleanly() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.press("C-d")
        let exit = try terminal.waitForExit()
        #expect(exit.status == 0)
        #expect(exit.terminalRestored)
        #expect(terminal.storedFiles().isEmpty, "nothing typed, nothing stored: \(terminal.storedFiles())")
    }

    @Test func tabCompletesCommandsAndOptionLabels() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("/he")
        try terminal.press("Tab")
        try terminal.waitForLastLine("you> /help")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        #expect(try terminal.lines().contains("Commands:"))

        try terminal.type("tal")
        try terminal.press("Tab")
        try terminal.waitForLastLine("you> Talk about reading")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(3)
        #expect(screen.contains("How do you feel about reading these days?"))
        // Slash commands are not kept in history; what went to the coach is.
        #expect(history(terminal) == "Talk about reading\n")
    }

    @Test func incognitoLeavesNoFile() throws {
        let terminal = try session()
        try terminal.start(chat + ["--incognito"])
        try terminal.waitFor("Incognito: nothing of this chat is written to disk.")
        try terminal.waitForPrompt(1)
        try terminal.type("I feel private")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        try terminal.type("/save")
        try terminal.press("Enter")
        try terminal.waitFor("Incognito: nothing is saved.")
        try terminal.waitForPrompt(3)
        // Up still works within the run (slash commands come back too).
        try terminal.press("Up")
        try terminal.waitForLastLine("you> /save")
        try terminal.press("Up")
        try terminal.waitForLastLine("you> I feel private")
        try terminal.press("C-c")
        try terminal.waitForPrompt(4)
        try terminal.press("C-d")
        #expect(try terminal.waitForExit().status == 0)
        #expect(terminal.storedFiles().isEmpty, "incognito stored \(terminal.storedFiles())")
    }

    @Test func historyIsPrivateEvenWithAPermissiveUmask() throws {
        let terminal = try session()
        try terminal.start(chat, umask: "000")
        try terminal.waitForPrompt(1)
        try terminal.type("1")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        let folder = terminal.state.appendingPathComponent("parley")
        let file = try #require(historyFile(terminal))
        #expect(try permissions(folder) == 0o700)
        #expect(try permissions(file) == 0o600)
        #expect(history(terminal) == "1\n")
        try terminal.press("C-d")
        #expect(try terminal.waitForExit().status == 0)
    }

    @Test func aControlSequenceInInputIsShownHarmlessly() throws {
        let terminal = try session()
        try terminal.start(chat, environment: ["NO_COLOR": ""])
        try terminal.waitForPrompt(1)
        try terminal.type("2")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        // Ctrl-V Escape inserts a real ESC: the line is "\e[31mRED\e[0m stuff".
        try terminal.press("C-v", "Escape")
        try terminal.type("[31mRED")
        try terminal.press("C-v", "Escape")
        try terminal.type("[0m stuff")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(3)
        // readline shows the ESC as ^[; the coach's echo of the line has it removed.
        #expect(screen.contains("you> ^[[31mRED^[[0m stuff"))
        #expect(screen.contains { $0.contains("\"[31mRED[0m stuff\" matters to you") })
        let colored = try terminal.screen(escapes: true)
        #expect(colored.contains("35m"), "colour is on in this test (the prompt): \(colored)")
        #expect(!colored.contains("\u{1B}[31m"), "red reached the terminal: \(colored)")
        #expect(history(terminal) == "2\n[31mRED[0m stuff\n")
    }

    @Test func noColorMeansNoEscapeSequences() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        #expect(!(try terminal.screen(escapes: true)).contains("\u{1B}["))
        try terminal.start(chat + ["--no-color"], environment: ["NO_COLOR": ""])
        try terminal.waitForPrompt(1)
        #expect(!(try terminal.screen(escapes: true)).contains("\u{1B}["))
    }

    @Test func invalidUTF8KeysDoNotStopTheChat() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.send(bytes: ["c3", "28", "ff", "fe", "e2", "82"])
        try terminal.type("x")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        try terminal.type("2")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(3)
        #expect(screen.contains("How do you feel about reading these days?"))
    }

    @Test func longTextWrapsToTheTerminalWidth() throws {
        let terminal = try session()
        try terminal.start(chat, columns: 40)
        let screen = try terminal.waitForPrompt(1)
        #expect(screen.contains("Hi there! I'm a small reading coach, a"))
        #expect(screen.contains("computer program."))
        #expect(screen.allSatisfy { $0.count <= 40 })
    }

    @Test func aResizedTerminalGetsTextWrappedToItsNewWidth() throws {
        let terminal = try session()
        try terminal.start(chat, columns: 100)
        try terminal.waitForPrompt(1)
        try terminal.resize(columns: 40)
        try terminal.type("2")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(2)
        #expect(screen.contains("Let's talk. Tell me how you feel about"))
        #expect(screen.contains("reading, for example \"I feel guilty that"))
        #expect(screen.allSatisfy { $0.count <= 40 })
    }

    @Test func forgetAsksThenDeletesHistoryAndSavedConversation() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("1")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        try terminal.type("/save")
        try terminal.press("Enter")
        try terminal.waitFor("Go on later with: parley chat")
        try terminal.waitForPrompt(3)
        let stored = terminal.storedFiles()
        #expect(stored.count == 3 && stored[0] == "state/parley", "\(stored)")
        #expect(stored.dropFirst().allSatisfy { $0.hasPrefix("state/parley/sample-") }, "\(stored)")
        try terminal.type("/forget")
        try terminal.press("Enter")
        try terminal.waitFor("Delete this dialog's history (1 line) and saved conversation? Type yes or no.")
        try terminal.waitForLastLine("yes/no>")
        try terminal.type("yes")
        try terminal.press("Enter")
        try terminal.waitFor("Deleted the history (1 line)")
        try terminal.waitForPrompt(4)
        #expect(terminal.storedFiles() == ["state/parley"])
        // In-memory history went too.
        try terminal.press("Up")
        try terminal.type("x")
        try terminal.waitForLastLine("you> x")
        try terminal.press("C-u", "C-d")
        #expect(try terminal.waitForExit().status == 0)
    }

    @Test func plainParleyChatsWithTheBuiltInCoachAndSaysWhereHistoryGoes() throws {
        let terminal = try session()
        try terminal.start([])
        try terminal.waitFor("Type /help for commands, Ctrl-D to leave.")
        let path = terminal.state.appendingPathComponent("parley/\(BuiltinDialogs.defaultName).history").path
        try terminal.waitFor("Lines you type are kept for Up and Ctrl-R in")
        try terminal.waitForPrompt(1)
        // The path may wrap; its file name is on the screen.
        #expect(try terminal.screen().contains("\(BuiltinDialogs.defaultName).history"))
        try terminal.type("hello")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello\n")
        try terminal.press("C-d")
        #expect(try terminal.waitForExit().status == 0)
    }

    func permissions(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    // MARK: - Issue 15: locale, signals, Ctrl-C, job control, habits

    @Test func underTheCLocaleMultiByteTextIsEditedAsCharacters() throws {
        let terminal = try session()
        try terminal.start(chat, environment: ["LC_ALL": "C", "LANG": "C"])
        try terminal.waitForPrompt(1)
        try terminal.type("Zoë 你好 ok")
        try terminal.press("C-a")
        try terminal.type("X")
        // Ctrl-A went to the start of the line, not into the prompt.
        try terminal.waitForLastLine("you> XZoë 你好 ok")
        try terminal.press("C-u", "C-k")
        try terminal.waitForLastLine("you>")
        try terminal.type("é")
        try terminal.press("BSpace")
        try terminal.type("café")
        try terminal.waitForLastLine("you> café")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        #expect(history(terminal) == "café\n")
    }

    @Test func ctrlBackslashLeavesQuietlyWithNoCrashReport() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("my secret words")
        try terminal.waitForLastLine("you> my secret words")
        try terminal.press("C-\\")
        let exit = try terminal.waitForExit()
        #expect(exit.status == 128 + SIGQUIT)
        #expect(exit.terminalRestored)
        let screen = try terminal.screen()
        for sign in ["Crash", "crash", "Backtrace", "backtrace", "Thread 0", "Registers", "Press"] {
            #expect(!screen.contains(sign), "a crash report reached the terminal: \(screen)")
        }
        #expect(screen.components(separatedBy: "my secret words").count == 2, "\(screen)")
    }

    @Test func ctrlCWithBracketedPasteOnKeepsThePromptReadable() throws {
        let terminal = try session()
        try terminal.inputrc("set enable-bracketed-paste on\n")
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("half a thought")
        try terminal.waitForLastLine("you> half a thought")
        try terminal.press("C-c")
        try terminal.waitUntil("a fresh prompt after ^C") { lines in
            lines.suffix(2) == ["you> half a thought^C", "you>"]
        }
        // Nothing said yet: an empty line's Ctrl-C leaves at once.
        try terminal.press("C-c")
        let exit = try terminal.waitForExit()
        #expect(exit.status == 0)
        #expect(exit.terminalRestored)
    }

    @Test func ctrlDLeavesWithoutAnExtraBlankLine() throws {
        for setting in ["on", "off"] {
            let terminal = try session()
            try terminal.inputrc("set enable-bracketed-paste \(setting)\n")
            try terminal.startShell()
            try terminal.waitForLastLine("sh$")
            try terminal.type(TerminalSession.commandLine(chat))
            try terminal.press("Enter")
            try terminal.waitForPrompt(1)
            try terminal.press("C-d")
            let lines = try terminal.waitUntil("the shell's prompt") { $0.last == "sh$" && $0.contains("you>") }
            #expect(lines.suffix(2) == ["you>", "sh$"], "bracketed paste \(setting): \(lines)")
        }
    }

    @Test func ctrlZBgFgRedrawsTheLine() throws {
        let terminal = try session()
        try terminal.startShell()
        try terminal.waitForLastLine("sh$")
        try terminal.type(TerminalSession.commandLine(chat))
        try terminal.press("Enter")
        try terminal.waitForPrompt(1)
        try terminal.type("I feel")
        try terminal.waitForLastLine("you> I feel")
        try terminal.press("C-z")
        try terminal.waitForLastLine("sh$")
        try terminal.type("bg")
        try terminal.press("Enter")
        try terminal.waitUntil("bg") { $0.last == "sh$" && $0.contains("sh$ bg") }
        try terminal.type("fg")
        try terminal.press("Enter")
        try terminal.waitForLastLine("you> I feel")
        try terminal.type(" happy")
        try terminal.waitForLastLine("you> I feel happy")
        // Stopped and continued in the foreground too.
        try terminal.press("C-z")
        try terminal.waitForLastLine("sh$")
        try terminal.type("fg")
        try terminal.press("Enter")
        try terminal.waitForLastLine("you> I feel happy")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt()
        #expect(screen.contains("Why do you feel happy?"))
        #expect(history(terminal) == "I feel happy\n")
    }

    @Test func slashCommandsComeBackWithUpAndASpaceFirstKeepsALineOut() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("/why")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        try terminal.type(" I feel secret")
        try terminal.press("Enter")
        try terminal.waitForPrompt(3)
        try terminal.type("I feel open")
        try terminal.press("Enter")
        try terminal.waitForPrompt(4)
        try terminal.type("I feel open")
        try terminal.press("Enter")
        try terminal.waitForPrompt(5)
        try terminal.press("Up")
        try terminal.waitForLastLine("you> I feel open")
        try terminal.press("Up")
        try terminal.waitForLastLine("you> /why")
        try terminal.press("C-u")
        #expect(history(terminal) == "I feel open\n")
    }

    @Test func restartAsksAndTheEndStillTakesSaveAndWhy() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("2")
        try terminal.press("Enter")
        try terminal.waitForPrompt(2)
        try terminal.type("/restart")
        try terminal.press("Enter")
        try terminal.waitFor("Start this conversation over?")
        try terminal.waitForLastLine("yes/no>")
        try terminal.type("no")
        try terminal.press("Enter")
        try terminal.waitFor("Carrying on.")
        try terminal.waitForPrompt()
        // Back to the opening, where "goodbye" ends the conversation.
        try terminal.type("/back")
        try terminal.press("Enter")
        try terminal.waitFor("Took back your last line.")
        try terminal.waitForPrompt()
        try terminal.type("goodbye")
        try terminal.press("Enter")
        try terminal.waitFor("Happy reading. Goodbye!")
        try terminal.waitFor("The conversation has ended. /save and /why still work")
        try terminal.waitForPrompt()
        try terminal.type("/why")
        try terminal.press("Enter")
        try terminal.waitFor("The coach recognised \"goodbye\" in your line.")
        try terminal.type("/save")
        try terminal.press("Enter")
        try terminal.waitFor("Go on later with: parley chat")
        try terminal.waitForPrompt()
        try terminal.press("C-d")
        #expect(try terminal.waitForExit().status == 0)
    }

    @Test func anUnknownCommandGetsAOneLineHint() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        try terminal.type("/hlep")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(2)
        #expect(screen.contains("Unknown command '/hlep': /help lists the commands (//text sends a line starting with \"/\" to the"))
        #expect(!screen.contains("Commands:"))
    }

    @Test func wrappingStopsAtAHundredColumnsOnAWideTerminal() throws {
        let terminal = try session()
        try terminal.start(chat, columns: 180)
        let screen = try terminal.waitForPrompt(1)
        #expect(screen.allSatisfy { $0.count <= 100 }, "\(screen)")
        #expect(screen.contains { $0.count > 80 }, "the banner is long enough to wrap: \(screen)")
    }

    @Test func aDumbTerminalStillShowsThePromptAndWrapsAtWords() throws {
        let terminal = try session()
        try terminal.start(chat, environment: ["TERM": "dumb"], columns: 40)
        try terminal.waitForPrompt(1)
        try terminal.type("2")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(2)
        #expect(screen.contains("Let's talk. Tell me how you feel about"))
        #expect(screen.allSatisfy { $0.count <= 40 }, "\(screen)")
        #expect(!(try terminal.screen(escapes: true)).contains("\u{1B}["))
    }

    @Test func sigtermLeavesTheTerminalOnAFreshLine() throws {
        let terminal = try session()
        try terminal.startShell()
        try terminal.waitForLastLine("sh$")
        try terminal.type(TerminalSession.commandLine(chat))
        try terminal.press("Enter")
        try terminal.waitForPrompt(1)
        try terminal.type("half")
        try terminal.waitForLastLine("you> half")
        let pid = try #require(Self.parleyProcess(in: terminal))
        kill(pid, SIGTERM)
        let lines = try terminal.waitUntil("the shell after SIGTERM") { $0.last == "sh$" }
        #expect(lines.suffix(2) == ["you> half", "sh$"], "\(lines)")
    }

    // The time between Enter and the next prompt, made as long as the test
    // needs: the chat writes the line to its history under a lock on the
    // state folder, and the test holds that lock until it has pressed its keys.

    @Test func keysTypedDuringAnAnswerAreNotEchoedAndWaitForThePrompt() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        let lock = try FolderLock(terminal.state.appendingPathComponent("parley"))
        try terminal.type("2")
        try terminal.press("Enter")
        let pid = try #require(Self.parleyProcess(in: terminal))
        try Self.waitUntilWaitingForALock(pid)
        try terminal.type("typed ahead")
        lock.release()
        let screen = try terminal.waitForLastLine("you> typed ahead")
        #expect(screen.filter { $0.contains("typed ahead") }.count == 1, "echoed into the transcript: \(screen)")
        #expect(screen.contains("How do you feel about reading these days?"))
    }

    @Test func ctrlCDuringAnAnswerDoesNotEndTheChatAtTheNextPrompt() throws {
        let terminal = try session()
        try terminal.start(chat)
        try terminal.waitForPrompt(1)
        let lock = try FolderLock(terminal.state.appendingPathComponent("parley"))
        try terminal.type("2")
        try terminal.press("Enter")
        let pid = try #require(Self.parleyProcess(in: terminal))
        try Self.waitUntilWaitingForALock(pid)
        try terminal.press("C-c")
        lock.release()
        try terminal.waitForPrompt(2)
        // Still there: the next line is answered.
        try terminal.type("3")
        try terminal.press("Enter")
        let screen = try terminal.waitForPrompt(3)
        #expect(!screen.contains { $0.contains("^C") }, "\(screen)")
        #expect(!screen.contains { $0.contains("To leave, press Ctrl-C again") }, "taken as Ctrl-C at the prompt: \(screen)")
        #expect(history(terminal) == "2\n3\n")
    }

    /// Waits (a hang guard) until the process sleeps in `flock`.
    static func waitUntilWaitingForALock(_ pid: pid_t) throws {
        let deadline = Date().addingTimeInterval(TerminalSession.timeout)
        while true {
            let channel = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? ""
            if channel.contains("lock") { return }
            guard Date() < deadline else { throw TerminalSession.Failure(description: "parley never waited for the lock: \(channel)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The pid of the parley process whose environment names this session's HOME.
    static func parleyProcess(in terminal: TerminalSession) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry),
                  let name = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
                  name.hasPrefix("parley"),
                  let environment = FileManager.default.contents(atPath: "/proc/\(entry)/environ") else { continue }
            if String(decoding: environment, as: UTF8.self).contains("HOME=\(terminal.home.path)") { return pid }
        }
        return nil
    }
}

/// An exclusive `flock` on a folder (created 0700 if missing), held until `release`.
final class FolderLock {
    private var descriptor: Int32

    init(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, flock(descriptor, LOCK_EX) == 0 else {
            throw TerminalSession.Failure(description: "cannot lock \(folder.path): \(String(cString: strerror(errno)))")
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
