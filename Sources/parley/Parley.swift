import ArgumentParser
import BuiltinDialogs
import CTerminal

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
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let name = StartupPreload.dialog(for: arguments) {
        // One malloc arena, the main one, for the decoding thread too: glibc
        // grows a thread's own arena a page or so at a time, one `mprotect`
        // each (391 of them for the trust coach, with a page fault each),
        // the main arena in 128 KB steps. 569 system calls at start became
        // 199 (docs/performance.md, "Chat start-up", `startup6`). Not for a
        // bridge: its lanes allocate on two threads every turn, and one
        // arena's lock between them cost 5-8 % of the in-memory throughput
        // (docs/performance.md, the merged tree of 2026-12-01), more than
        // the start-up's system calls are worth to a long-running process.
        if !StartupPreload.isBridge(arguments) { parley_use_one_malloc_arena() }
        BuiltinDialogs.preload(name)
    }
    Parley.main()
}

/// The built-in dialog this start of `parley` will run, guessed from the
/// arguments before ArgumentParser reads them, so that decoding it runs on
/// the second core while the arguments are parsed (about 13 M instructions,
/// most of it the Swift runtime's first reflection and conformance look-ups;
/// docs/performance.md, "Chat start-up"). Only a guess: the command still
/// loads what the parsed arguments name, so a wrong guess costs the other
/// core's time, never a wrong dialog. It guesses only for the commands that
/// run one dialog (`chat`, the default, and `bridge`) and only when no
/// argument but a built-in's name stands where DIALOG may be: with an
/// option's value among them (`--seed 7`) it does not guess.
enum StartupPreload {
    /// Whether `arguments` (without the program's name) run `parley bridge`.
    static func isBridge(_ arguments: [String]) -> Bool {
        arguments.first == BridgeCommand.configuration.commandName
    }

    static func dialog(for arguments: [String]) -> String? {
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("-"),
           let command = Parley.configuration.subcommands.first(where: { $0.configuration.commandName == first }) {
            guard [ObjectIdentifier(ChatCommand.self), ObjectIdentifier(BridgeCommand.self)].contains(ObjectIdentifier(command)) else { return nil }
            rest = rest.dropFirst()
        }
        if rest.contains(where: { ["-h", "--help", "--version"].contains($0) }) { return nil }
        let words = rest.filter { !$0.hasPrefix("-") }
        guard let word = words.first else { return BuiltinDialogs.defaultName }
        guard words.count == 1, BuiltinDialogs.contains(word) else { return nil }
        return word
    }
}

enum ParleyVersion {
    static let current = "0.1.0"
}
