import ArgumentParser

/// The command-line tool. Its entry point is `parleyMain()`, which the thin
/// `parley` executable (Sources/parley-main) calls.
struct Parley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A coaching chat-bot engine: write dialogs, test them like code, run them anywhere.",
        discussion: """
            Without a command, 'parley' starts a chat with the built-in dialog. DIALOG is a .dialog \
            file or a folder of them; without one, the built-in dialog is used.
            """,
        version: ParleyVersion.current,
        subcommands: [ChatCommand.self, TestCommand.self, LintCommand.self, GraphCommand.self, BridgeCommand.self, ImportCommand.self, LSPCommand.self],
        defaultSubcommand: ChatCommand.self
    )

    static func main() {
        // Before any user text is read: no crash report may show it.
        CrashReports.disable()
        main(nil)
    }
}

/// Runs `parley` with the process's arguments; ArgumentParser ends the process.
package func parleyMain() {
    Parley.main()
}

enum ParleyVersion {
    static let current = "0.1.0"
}
