import ArgumentParser
import Foundation
import ParleyKit

struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk with a dialog in the terminal (the default command)."
    )

    @OptionGroup var dialog: DialogArgument

    @Option(help: "Seed for the dialog's random choices (the same seed and lines give the same conversation).")
    var seed: UInt64?

    func run() throws {
        let compiled = try dialog.load()
        let engine = Engine(dialog: compiled)
        var (session, opening) = engine.start(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        PlainChat.show(opening)
        while !session.ended, let line = readLine(strippingNewline: true) {
            PlainChat.show(engine.respond(to: line, in: &session))
        }
    }
}

/// Chat without a terminal: one turn after another as plain text.
enum PlainChat {
    static func show(_ turn: Turn) {
        var lines = turn.replies.map { TerminalText.sanitize($0.plainText) }
        lines += turn.options.map { "  \($0.key). \(TerminalText.sanitize($0.label))" }
        Console.out(lines.joined(separator: "\n") + "\n")
    }
}

/// Text that is safe to print: no control sequences from dialogs or users.
enum TerminalText {
    static func sanitize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.append(scalar)
            case 0x09: out.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0: out.append("\u{FFFD}")
            case 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
