/// The one definition of the characters Parley must not pass to a terminal
/// (or to any text view) as they are. Every place that cleans text for
/// showing, or refuses it, asks here.
public enum ControlCharacters {
    /// The control characters, general category Cc: C0 (U+0000–U+001F), DEL
    /// (U+007F) and C1 (U+0080–U+009F). A C1 byte such as U+009B (CSI) starts
    /// an escape sequence on many terminals just as ESC [ does.
    @inlinable
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// The controls above, and the characters that change how the text around
    /// them is laid out: the bidirectional formatting characters (U+061C,
    /// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069; an override can make a
    /// line read differently from what it holds) and the line and paragraph
    /// separators U+2028 and U+2029. Each is a grapheme cluster of its own, so
    /// replacing it with one character keeps columns where they were.
    @inlinable
    public static func isUnsafeToShow(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0xA0 { return isControl(scalar) }
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// `text` with every character `isUnsafeToShow` replaced by `replacement`.
    public static func shown(_ text: some StringProtocol, replacement: Unicode.Scalar = " ") -> String {
        // Most text has nothing to replace: check the bytes first (every unsafe
        // scalar is either below 0x20, 0x7F, or starts with byte 0xC2, 0xD8 or 0xE2).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) {
            return String(text)
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isUnsafeToShow(scalar) ? replacement : scalar)
        }
        return String(out)
    }
}
