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

    /// How a text shows in a pipe, as `ShownTexts` keeps it.
    enum ShownForm {
        /// No character `isUnsafeToShow` and no new line: as it is, as a
        /// reply and on one line.
        case plain
        /// New lines and nothing else to change: as it is as a reply,
        /// cleaned on one line (`TerminalText.sanitizeLine`).
        case lines
        /// Characters to make visible (`TerminalText.sanitize`).
        case unsafe
    }

    /// How the dialog's fixed texts show in a pipe, kept from turn to turn
    /// by their storage: a reply, label or author the engine hands out
    /// every turn is checked for control characters once (issue 12,
    /// `chat9`: the check was 2,900 instructions a turn of the trust coach).
    typealias ShownTexts = TextStorageMemo<ShownForm>

    /// Appends the lines of one turn to `out` as UTF-8, separated by new
    /// lines (none at the end): what `lines(of:)` gives, joined. False when the
    /// turn shows nothing. In a pipe the bytes are written directly: a reply's
    /// sanitized text holds no line break but "\n" (a "\r" is made visible),
    /// so splitting it into lines and joining them again gave it back
    /// unchanged, and text that needs no cleaning is copied as it is (issue
    /// 12: building the lines and joining them were 22,000 instructions a turn
    /// of the sample dialog, more than the rest of the chat around the engine).
    /// `memo`, on one thread, spares checking a text seen before.
    func append(_ turn: Turn, to out: inout JSONWriter, memo: ShownTexts? = nil) -> Bool {
        append(replies: turn.replies, options: turn.options, to: &out, memo: memo)
    }

    /// `append(_:to:memo:)` given a turn's replies and options: the chat shows a
    /// turn it keeps in a class, and reading the whole `Turn` out of it to
    /// pass on copied it (issue 12: retaining and releasing its two dozen parts).
    func append(replies: [Reply], options: [TurnOption], to out: inout JSONWriter, memo: ShownTexts? = nil) -> Bool {
        guard case .plain = layout else {
            let lines = lines(replies: replies, options: options)
            out.raw(lines.joined(separator: "\n"))
            return !lines.isEmpty
        }
        guard !replies.isEmpty || !options.isEmpty else { return false }
        var first = true
        // By index, not `for reply in replies`: the iterator hands out a copy
        // of each reply and option, retaining and releasing their strings
        // (issue 12, `chat9`: 14 of each a turn of the trust coach).
        for index in replies.indices {
            if !first { out.raw("\n" as StaticString) }
            first = false
            // A quote with an author shows as `Reply.plainText`, “text” —
            // author, written in its pieces: making that string was 2,000
            // instructions a turn of the trust coach, and the text itself,
            // fixed, is then found in the memo (cleaning it is cleaning each
            // character on its own, so the pieces clean as the whole does).
            // The kind is asked first: `author` is read for quotes only.
            if replies[index].kind == .quote, let author = replies[index].author {
                out.raw("\u{201C}" as StaticString)
                Self.append(replies[index].text, multiline: true, to: &out, memo: memo)
                out.raw("\u{201D} \u{2014} " as StaticString)
                Self.append(author, multiline: true, to: &out, memo: memo)
            } else {
                Self.append(replies[index].text, multiline: true, to: &out, memo: memo)
            }
        }
        for index in options.indices {
            if !first { out.raw("\n" as StaticString) }
            first = false
            out.raw("  " as StaticString)
            Self.append(options[index].key, multiline: false, to: &out, memo: memo)
            out.raw(". " as StaticString)
            Self.append(options[index].label, multiline: false, to: &out, memo: memo)
        }
        return true
    }

    /// `text` as it shows in a pipe: `TerminalText.sanitize(text)` when
    /// `multiline` (a reply), else `TerminalText.sanitizeLine(text)` (an
    /// option). Text with nothing to change, most of it, is copied from
    /// where it lies.
    static func append(_ text: String, multiline: Bool, to out: inout JSONWriter, memo: ShownTexts?) {
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            let asItIs: Bool
            if let memo, let entry = ShownTexts.entry(of: utf8) {
                let form: ShownForm
                if memo.holds(utf8, at: entry) {
                    form = memo[entry]
                } else {
                    form = shownForm(utf8)
                    memo.keep(form, for: text, utf8: utf8, at: entry)
                }
                asItIs = form == .plain || (multiline && form == .lines)
            } else {
                asItIs = !ControlCharacters.containsUnsafeToShow(utf8: utf8, allowing: multiline ? 0x0A : nil)
            }
            if asItIs { out.raw(UnsafeRawBufferPointer(utf8)) }
            return asItIs
        }
        guard copied != true else { return }
        out.raw(multiline ? TerminalText.sanitize(text) : TerminalText.sanitizeLine(text))
    }

    /// What `ShownTexts` keeps for the text whose UTF-8 is `utf8`.
    static func shownForm(_ utf8: UnsafeBufferPointer<UInt8>) -> ShownForm {
        if ControlCharacters.containsUnsafeToShow(utf8: utf8, allowing: 0x0A) { return .unsafe }
        return utf8.contains(0x0A) ? .lines : .plain
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
