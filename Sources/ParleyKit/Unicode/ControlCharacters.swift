/// The one definition of the characters Parley must not pass to a terminal
/// (or to any text view) as they are. Every place that cleans text for
/// showing, or refuses it, asks here.
public enum ControlCharacters {
    /// The control characters, general category Cc: C0 (U+0000–U+001F), DEL
    /// (U+007F) and C1 (U+0080–U+009F). A C1 byte such as U+009B (CSI) starts
    /// an escape sequence on many terminals just as ESC [ does.
    @inlinable
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// Whether a UTF-8 byte may be part of a control character: a C0 control
    /// or DEL itself, or any byte of a non-ASCII scalar (a C1 control is two
    /// bytes, 0xC2 0x80–0x9F). Text none of whose bytes answers true holds no
    /// control: the byte-level check that lets plain ASCII skip scalar-level cleaning.
    static func mayBelongToControl(utf8 byte: UInt8) -> Bool {
        byte < 0x20 || byte >= 0x7F
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

    /// Whether a UTF-8 byte may be part of a character `isUnsafeToShow`: every
    /// such character is below 0x20, is 0x7F, or starts with byte 0xC2 (C1),
    /// 0xD8 (U+061C) or 0xE2 (U+2000–U+2FFF). Text none of whose bytes answers
    /// true can be shown as it is, without reading its scalars.
    @inlinable
    public static func mayBeUnsafeToShow(utf8 byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
    }

    /// `text` with every character `isUnsafeToShow` replaced by `replacement`.
    public static func shown(_ text: some StringProtocol, replacement: Unicode.Scalar = " ") -> String {
        // Most text has nothing to replace: check the bytes first.
        if !text.utf8.contains(where: mayBeUnsafeToShow(utf8:)) {
            return String(text)
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isUnsafeToShow(scalar) ? replacement : scalar)
        }
        return String(out)
    }
}
