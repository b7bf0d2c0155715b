import ParleyKit

/// Text made safe to show on a terminal, measured and wrapped in columns.
///
/// Nothing a dialog or a user wrote may reach the terminal as a control
/// sequence: C0 controls and ESC become visible symbols (U+2400 "control
/// pictures", so "\e[31m" shows as "␛[31m" instead of turning text red), C1
/// controls become U+FFFD, and bidirectional overrides, which can make text
/// read differently from what it is, are dropped.
enum TerminalText {
    /// `text` with every control character made visible; new lines are kept
    /// (callers split on them) and tabs become a space.
    static func sanitize(_ text: String) -> String {
        // Most text has nothing to change (new lines stay): one look at its bytes.
        guard ControlCharacters.containsUnsafeToShow(text, allowing: 0x0A) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // Which characters are unsafe is ControlCharacters' to say; how each shows is decided here.
            switch scalar.value {
            case 0x0A: out.append(scalar)
            case 0x09: out.append(" ")
            case _ where !ControlCharacters.isUnsafeToShow(scalar): out.append(scalar)
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80..<0xA0: out.append("\u{FFFD}")
            case 0x2028, 0x2029: out.append(" ")
            default: continue  // bidirectional formatting characters
            }
        }
        return String(out)
    }

    /// `text` on one line: like `sanitize`, and new lines become spaces.
    static func sanitizeLine(_ text: String) -> String {
        sanitize(text).replacingNewlines()
    }

    /// Columns a character takes on a terminal: 0 for combining marks and
    /// invisible format characters, 2 for East Asian wide characters and
    /// emoji, 1 otherwise.
    static func columns(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation })
            || character.unicodeScalars.contains("\u{FE0F}") && first.properties.isEmoji {
            return 2
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    static func columns(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns($1) }
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F).
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Word-wraps one paragraph (no new lines) to `width` columns. The first
    /// line starts with `firstIndent`, the others with `indent`; spaces
    /// between words are kept (they may align columns), except where a line
    /// breaks; a word wider than a line is broken between characters.
    /// Without a width, the text stays on one line.
    static func wrap(_ paragraph: String, width: Int?, firstIndent: String = "", indent: String = "") -> [String] {
        guard let width else { return [firstIndent + paragraph] }
        var lines: [String] = []
        var line = firstIndent
        var used = columns(firstIndent)
        var lineHasWord = false
        // At least a few columns for text, even on an absurdly narrow terminal.
        let limit = max(width, columns(indent) + 8, columns(firstIndent) + 8)

        func newLine() {
            lines.append(line)
            line = indent
            used = columns(indent)
            lineHasWord = false
        }

        for (gap, word) in words(of: paragraph) {
            let wordColumns = columns(word)
            let spaces = lineHasWord ? gap : 0
            if used + spaces + wordColumns <= limit {
                line += String(repeating: " ", count: spaces) + word
                used += spaces + wordColumns
                lineHasWord = true
                continue
            }
            if lineHasWord { newLine() }
            if used + wordColumns <= limit {
                line += word
                used += wordColumns
                lineHasWord = true
                continue
            }
            // Too long for any line: break it wherever the line is full.
            for character in word {
                let characterColumns = columns(character)
                if used + characterColumns > limit, lineHasWord { newLine() }
                line.append(character)
                used += characterColumns
                lineHasWord = true
            }
        }
        lines.append(line)
        return lines
    }

    /// The words of a line, each with the number of spaces before it.
    static func words(of text: String) -> [(gap: Int, word: Substring)] {
        var result: [(Int, Substring)] = []
        var gap = 0
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == " " {
                gap += 1
                index = text.index(after: index)
                continue
            }
            let end = text[index...].firstIndex(of: " ") ?? text.endIndex
            result.append((gap, text[index..<end]))
            gap = 0
            index = end
        }
        return result
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        // Most options are one line: a look at the bytes spares rebuilding the
        // text scalar by scalar (issue 12: about 6,000 instructions an option).
        guard utf8.contains(0x0A) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" ? " " : $0 }))
    }
}
