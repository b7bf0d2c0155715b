/// What a line typed into the chat asks for.
enum ChatInput: Equatable {
    /// Nothing but spaces: not a turn.
    case blank
    /// A line for the coach.
    case message(String)
    /// A line starting with "/": for the chat itself, never the coach.
    case command(SlashCommand)

    init(_ line: String) {
        let trimmed = TerminalTextTrim.spaces(line)
        // Only a line whose first byte is "/" can start with the character
        // "/" (no other character is canonically equivalent to it): most
        // lines are messages known by one byte (issue 12: the two
        // `hasPrefix` were 190 instructions a line of a piped chat).
        let lead = trimmed.utf8.first
        if lead == nil {
            self = .blank
        } else if lead != UInt8(ascii: "/") {
            self = .message(trimmed)
        } else if trimmed.hasPrefix("//") {
            // "//" sends a line that starts with "/" to the coach.
            self = .message(String(trimmed.dropFirst()))
        } else if trimmed.hasPrefix("/") {
            self = .command(SlashCommand(trimmed))
        } else {
            self = .message(trimmed)
        }
    }
}

/// The chat's own commands.
enum SlashCommand: Equatable {
    case help, back, restart, why, save, forget, quit
    /// Any other "/word"; the text as typed.
    case unknown(String)

    /// Every command, in the order `/help` lists them.
    static let all: [SlashCommand] = [.help, .back, .restart, .why, .save, .forget, .quit]

    init(_ text: String) {
        let word = text.split(separator: " ", maxSplits: 1).first.map(String.init) ?? text
        switch word.lowercased() {
        case "/help", "/?": self = .help
        case "/back": self = .back
        case "/restart": self = .restart
        case "/why": self = .why
        case "/save": self = .save
        case "/forget": self = .forget
        case "/quit", "/exit": self = .quit
        default: self = .unknown(word)
        }
    }

    var name: String {
        switch self {
        case .help: "/help"
        case .back: "/back"
        case .restart: "/restart"
        case .why: "/why"
        case .save: "/save"
        case .forget: "/forget"
        case .quit: "/quit"
        case .unknown(let word): word
        }
    }

    var summary: String {
        switch self {
        case .help: "list these commands and keys"
        case .back: "take back your last line; the coach asks again"
        case .restart: "start the conversation over"
        case .why: "why the coach answered your last line as it did"
        case .save: "save this conversation; go on later with --resume"
        case .forget: "delete this dialog's history and saved conversation"
        case .quit: "leave (Ctrl-D does too)"
        case .unknown: ""
        }
    }

    /// The `/help` text.
    static func helpText(interactive: Bool) -> String {
        let width = all.map(\.name.count).max() ?? 0
        var lines = ["Commands:"]
        lines += all.map { "  " + $0.name + String(repeating: " ", count: width + 2 - $0.name.count) + $0.summary }
        lines.append("  //text" + String(repeating: " ", count: max(1, width - 4)) + "send a line that starts with \"/\" to the coach")
        if interactive {
            lines.append("Keys: Tab completes commands and options. Up, Down and Ctrl-R bring back earlier lines.")
            lines.append("Ctrl-C clears the line, and leaves on an empty one (asking once if you have not saved). Ctrl-D leaves.")
        }
        lines.append("Answer in your own words, or with the number of an option.")
        return lines.joined(separator: "\n")
    }
}

enum TerminalTextTrim {
    /// `text` without spaces and tabs at either end.
    static func spaces(_ text: String) -> String {
        // Most lines neither start nor end with a space or tab: they are
        // their own trimmed form (issue 12: making a new string of a trimmed
        // substring was 1,650 instructions a line of a piped chat).
        // Both ends read where the string lends its bytes (`utf8.last` alone
        // was 77 instructions a line).
        let utf8 = text.utf8
        let ends = utf8.withContiguousStorageIfAvailable { ($0.first, $0.last) } ?? (utf8.first, utf8.last)
        guard let first = ends.0, let last = ends.1,
              first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return text }
        return String(text.trimmed(tabs: true))
    }
}
