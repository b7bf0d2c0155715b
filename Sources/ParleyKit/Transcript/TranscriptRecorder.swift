/// Turns a live conversation into a transcript (docs/transcripts.md) that
/// `parley test` replays: the seed, the opening, then each line the user
/// entered with the replies, options and state it got.
///
/// Replay feeds each `you:` line to a fresh engine with the same seed, so a
/// recording is faithful only if the engine saw exactly the text written
/// after `you:`. Front ends therefore pass lines through `recordable(_:)`
/// before the engine sees them; `record(input:turn:)` applies it again, so
/// a line that was not cleaned is at worst recorded as what replay will send.
public struct TranscriptRecorder: Sendable {
    /// The dialog's path relative to the transcript's folder; nil leaves it
    /// to `parley test --dialog` or the built-in dialog.
    public var dialog: String?
    /// The seed the conversation started with; written as the `seed` line.
    public let seed: UInt64
    /// Comment lines for the top of the file, without their "# ".
    public var comments: [String]
    private var opening: Turn
    private var exchanges: [(input: String, turn: Turn)] = []

    /// A recorder for a conversation started with `seed`, whose greeting was `opening`.
    public init(seed: UInt64, opening: Turn, dialog: String? = nil, comments: [String] = []) {
        self.seed = seed
        self.opening = opening
        self.dialog = dialog
        self.comments = comments
    }

    /// How many lines the user has entered so far.
    public var count: Int { exchanges.count }

    /// A user's line as a transcript can hold it: one line (no control
    /// characters, see `TextNormalizer.clean`) without spaces around it,
    /// since `you:` drops leading spaces when it is read back.
    public static func recordable(_ line: String) -> String {
        // A line of printable ASCII that neither starts nor ends with a
        // space, as most lines typed are, is its own recordable form: one
        // look at its bytes (issue 12: cleaning, trimming and a new string
        // were 1,000 instructions a line of a piped chat of long lines).
        let unchanged = line.utf8.withContiguousStorageIfAvailable { utf8 in
            ControlCharacters.isPrintableASCII(utf8: utf8) && utf8.first != 0x20 && utf8.last != 0x20
        }
        if unchanged == true { return line }
        return String(TextNormalizer.clean(line).trimmingSpaces)
    }

    /// Adds one exchange: the user's line (passed through `recordable(_:)`) and the turn it got.
    public mutating func record(input: String, turn: Turn) {
        exchanges.append((Self.recordable(input), turn))
    }

    /// Forgets the last exchange (the user took their line back).
    @discardableResult
    public mutating func removeLast() -> Bool {
        exchanges.popLast() != nil
    }

    /// The transcript file's text.
    public var text: String {
        var lines = comments.map { "# " + Self.singleLine($0) }
        if let dialog { lines.append("dialog " + Self.singleLine(dialog)) }
        lines.append("seed \(seed)")
        lines.append("")
        lines += Self.expectations(opening)
        for exchange in exchanges {
            lines.append("")
            lines.append("you: " + exchange.input)
            lines += Self.expectations(exchange.turn)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `bot:` lines, option lines and assertions for one turn.
    static func expectations(_ turn: Turn) -> [String] {
        var lines = TranscriptReplayer.replyLines(turn).map(replyLine)
        let options = TranscriptReplayer.optionLines(turn)
        // An option that cannot be written on one line is not checked at all,
        // rather than checked wrongly.
        if options.allSatisfy(isExactlyWritable) {
            lines += options.map { "  " + $0 }
        }
        lines.append("? state " + singleLine(turn.state))
        if turn.ended { lines.append("? ended") }
        return lines
    }

    /// `bot: text` when reading it back gives the same text; otherwise a
    /// `bot~` pattern in which `*` stands for what a line cannot hold
    /// (leading spaces are ignored by patterns anyway).
    static func replyLine(_ text: String) -> String {
        if text.isEmpty { return "bot:" }
        if isExactlyWritable(text), text.first != " " { return "bot: " + text }
        return "bot~ " + starringControls(text)
    }

    /// Text that reads back unchanged from a transcript line.
    static func isExactlyWritable(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: isControl)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        ControlCharacters.isControl(scalar)
    }

    static func starringControls(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                if out.last != "*" { out.append("*") }
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Header values and state names on one line.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }
}
