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
