import ParleyKit

/// Lays out what the chat shows: the coach's turns, the numbered options,
/// and the chat's own messages. On a terminal: wrapped to its width (at most
/// `widest` columns), with styles when wanted. In a pipe: the plain lines of
/// a transcript ("  1. label" for options), one per line, never wrapped.
///
/// Text is always in the terminal's own foreground colour, the one its
/// palette makes readable on its background. Colour marks structure only:
/// option numbers and the prompt, in bold magenta, which reaches 3:1 on
/// most common light and dark palettes (bright magenta on all of them; see
/// docs/chat.md and tools/contrast.py), and whose meaning never rests on the
/// colour. Bold marks the coach's questions, italic quotes and the chat's
/// own messages.
struct ChatRenderer {
    /// Lines longer than this are hard to read, however wide the terminal.
    static let widest = 100

    enum Layout {
        /// A person at a terminal this many columns wide.
        case terminal(columns: Int)
        /// A pipe or a file: transcript-like lines, never wrapped.
        case plain
    }

    var layout: Layout
    /// Colour and bold, or nothing (NO_COLOR, --no-color, a pipe).
    var ansi: ANSI

    init(layout: Layout, ansi: ANSI) {
        self.layout = layout
        if case .plain = layout { self.ansi = ANSI(enabled: false) } else { self.ansi = ansi }
    }

    var width: Int? {
        if case .terminal(let columns) = layout { return columns }
        return nil
    }

    /// Appends the lines of one turn to `out` as UTF-8, separated by new
    /// lines (none at the end): what `lines(of:)` gives, joined. False when the
    /// turn shows nothing. In a pipe the bytes are written directly: a reply's
    /// sanitized text holds no line break but "\n" (a "\r" is made visible),
    /// so splitting it into lines and joining them again gave it back
    /// unchanged, and text that needs no cleaning is copied as it is (issue
    /// 12: building the lines and joining them were 22,000 instructions a turn
    /// of the sample dialog, more than the rest of the chat around the engine).
    func append(_ turn: Turn, to out: inout [UInt8]) -> Bool {
        append(replies: turn.replies, options: turn.options, to: &out)
    }

    /// `append(_:to:)` given a turn's replies and options: the chat shows a
    /// turn it keeps in a class, and reading the whole `Turn` out of it to
    /// pass on copied it (issue 12: retaining and releasing its two dozen parts).
    func append(replies: [Reply], options: [TurnOption], to out: inout [UInt8]) -> Bool {
        guard case .plain = layout else {
            let lines = lines(replies: replies, options: options)
            out.append(contentsOf: lines.joined(separator: "\n").utf8)
            return !lines.isEmpty
        }
        guard !replies.isEmpty || !options.isEmpty else { return false }
        var first = true
        for reply in replies {
            if !first { out.append(0x0A) }
            first = false
            let text = reply.kind == .quote ? reply.plainText : reply.text
            if ControlCharacters.containsUnsafeToShow(text, allowing: 0x0A) {
                Self.append(TerminalText.sanitize(text), to: &out)
            } else {
                Self.append(text, to: &out)
            }
        }
        for option in options {
            if !first { out.append(0x0A) }
            first = false
            out.append(0x20)
            out.append(0x20)
            Self.appendLine(option.key, to: &out)
            out.append(0x2E)
            out.append(0x20)
            Self.appendLine(option.label, to: &out)
        }
        return true
    }

    /// `text`'s UTF-8 copied at once (through `append(contentsOf: text.utf8)`
    /// about 200 instructions a call, five or more a turn; issue 12).
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// `text` on one line (`TerminalText.sanitizeLine`): as it is when it holds
    /// no control character, new lines included.
    static func appendLine(_ text: String, to out: inout [UInt8]) {
        if ControlCharacters.containsUnsafeToShow(text) {
            append(TerminalText.sanitizeLine(text), to: &out)
        } else {
            append(text, to: &out)
        }
    }

    /// The lines of one turn, ready to print.
    func lines(of turn: Turn) -> [String] {
        lines(replies: turn.replies, options: turn.options)
    }

    func lines(replies: [Reply], options: [TurnOption]) -> [String] {
        if case .plain = layout {
            return replies.flatMap { reply -> [String] in
                let text = TerminalText.sanitize(reply.plainText)
                // Most replies are one line: looking for a line break in the
                // bytes spares splitting the text character by character
                // (issue 12: 8,000 instructions a turn of a piped chat).
                // Every line break, "\r\n" included, holds one of these bytes.
                guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return [text] }
                return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
                + options.map { "  \(TerminalText.sanitizeLine($0.key)). \(TerminalText.sanitizeLine($0.label))" }
        }
        var lines: [String] = []
        for reply in replies {
            lines += self.lines(of: reply)
        }
        for option in options {
            let key = TerminalText.sanitizeLine(option.key)
            let head = "  \(key). "
            let label = TerminalText.sanitizeLine(option.label)
            let wrapped = TerminalText.wrap(label, width: width, firstIndent: head,
                                            indent: String(repeating: " ", count: TerminalText.columns(head)))
            for (index, line) in wrapped.enumerated() {
                if index == 0 {
                    lines.append("  " + ansi.wrap(Self.mark, key + ".") + " " + String(line.dropFirst(head.count)))
                } else {
                    lines.append(line)
                }
            }
        }
        return lines
    }

    func lines(of reply: Reply) -> [String] {
        let text = TerminalText.sanitize(reply.text)
        switch reply.kind {
        case .quote:
            let quoted = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
            var lines = TerminalText.wrap("“\(quoted)”", width: width, indent: " ").map { ansi.italic($0) }
            if let author = reply.author {
                lines += TerminalText.wrap("— " + TerminalText.sanitizeLine(author), width: width,
                                           firstIndent: "  ", indent: "    ")
            }
            return lines
        case .ask:
            return paragraphs(text).map { ansi.bold($0) }
        case .say, .answer, .list, .repair:
            return paragraphs(text)
        }
    }

    /// Each line of `text`, wrapped; a bulleted or numbered line keeps its
    /// text aligned after the bullet when it wraps.
    func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let hanging = Self.hangingIndent(of: line)
            return TerminalText.wrap(String(line.dropFirst(hanging.count)), width: width, firstIndent: hanging,
                                     indent: String(repeating: " ", count: TerminalText.columns(hanging)))
        }
    }

    /// The leading spaces and bullet ("• ", "- ", "* ", "3. ") of a line.
    static func hangingIndent(of line: Substring) -> String {
        let spaces = line.prefix { $0 == " " }
        let rest = line.dropFirst(spaces.count)
        for bullet in ["• ", "- ", "* ", "– "] where rest.hasPrefix(bullet) {
            return String(spaces) + bullet
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, rest.dropFirst(digits.count).hasPrefix(". ") {
            return String(spaces) + digits + ". "
        }
        return String(spaces)
    }

    /// A message of the chat itself (help, /why, errors), not the coach's.
    func notice(_ text: String) -> [String] {
        TerminalText.sanitize(text).split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            TerminalText.wrap(String(line.dropFirst(Self.hangingIndent(of: line).count)), width: width,
                              firstIndent: Self.hangingIndent(of: line),
                              indent: String(repeating: " ", count: TerminalText.columns(Self.hangingIndent(of: line))))
        }.map { ansi.italic($0) }
    }

    /// Option numbers and the prompt: bold magenta (SGR 1;35).
    static let mark = "1;35"

    /// The prompt for readline: escape sequences are wrapped in \u{1}…\u{2} so
    /// readline does not count them as columns.
    func prompt(_ text: String) -> String {
        guard ansi.enabled else { return text + " " }
        return "\u{1}\u{1B}[\(Self.mark)m\u{2}\(text)\u{1}\u{1B}[0m\u{2} "
    }
}
