import Testing
@testable import parley

@Suite struct ChatInputTests {
    @Test func linesAreMessagesCommandsOrBlank() {
        #expect(ChatInput("  ") == .blank)
        #expect(ChatInput("") == .blank)
        #expect(ChatInput("  hello there ") == .message("hello there"))
        #expect(ChatInput("/help") == .command(.help))
        #expect(ChatInput(" /WHY ") == .command(.why))
        #expect(ChatInput("/back please") == .command(.back))
        #expect(ChatInput("/quit") == .command(.quit))
        #expect(ChatInput("/exit") == .command(.quit))
        #expect(ChatInput("/nope") == .command(.unknown("/nope")))
        #expect(ChatInput("/") == .command(.unknown("/")))
        #expect(ChatInput("//etc/passwd is a file") == .message("/etc/passwd is a file"))
    }

    /// A line with no space or tab at either end is its own trimmed form
    /// (bridgeio): the same as trimming it, for spaces, tabs, other white
    /// space and none, at either end or both.
    @Test func trimsOnlyLinesWithSpacesOrTabsAtAnEnd() {
        for line in ["", " ", "\t", "a", " a", "a ", "\ta\t", "a b", "\u{A0}a\u{A0}", "\na\r", "é ", " 🙂", "x\t y"] {
            #expect(TerminalTextTrim.spaces(line) == String(line.trimmed(tabs: true)), "\(Array(line.unicodeScalars))")
        }
    }

    @Test func helpListsEveryCommand() {
        let help = SlashCommand.helpText(interactive: true)
        for command in SlashCommand.all {
            #expect(help.contains("  \(command.name) "), "\(command.name) missing from /help")
        }
        #expect(help.contains("Ctrl-C"))
        #expect(!SlashCommand.helpText(interactive: false).contains("Ctrl-C"))
    }

    @Test func tabCompletesCommandsThenOptions() {
        let completer = Completer(optionKeys: ["1", "2"], optionLabels: ["Set a goal", "Start again", "Talk"])
        #expect(completer.candidates(for: "/he") == ["/help"])
        #expect(completer.candidates(for: "/re") == ["/restart"])
        #expect(completer.candidates(for: "/") == SlashCommand.all.map(\.name))
        #expect(completer.candidates(for: "/x").isEmpty)
        #expect(completer.candidates(for: "s") == ["Set a goal", "Start again"])
        #expect(completer.candidates(for: "TA") == ["Talk"])
        #expect(completer.candidates(for: "2") == ["2"])
        #expect(completer.candidates(for: "") == ["Set a goal", "Start again", "Talk"])
    }
}
