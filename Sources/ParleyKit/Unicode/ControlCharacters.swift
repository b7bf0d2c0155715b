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

    /// Whether `text` holds a character `isUnsafeToShow`, leaving out the
    /// ASCII control `allowed` if given (the chat keeps new lines). Read from
    /// the bytes: every such character is below 0x20, is 0x7F, or starts with
    /// byte 0xC2 (C1), 0xD8 (U+061C) or 0xE2 (U+2000–U+2FFF), and only there
    /// is a scalar decoded. Taking every 0xE2 for unsafe, as this once did,
    /// sent text with typographic punctuation (’ “ ” — •, all E2 80 xx) down
    /// the scalar-by-scalar path: most of the sample dialog's replies, 13,000
    /// instructions a piped chat turn (issue 12, callgrind).
    public static func containsUnsafeToShow(_ text: String, allowing allowed: UInt8? = nil) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            let count = bytes.count
            while i < count {
                // Eight bytes at a time while none is a control, DEL or
                // non-ASCII: most text is plain ASCII between a few marks,
                // and this check was 6,800 instructions a turn of the trust
                // coach's piped chat byte by byte (issue 12).
                if i + 8 <= count {
                    let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                    let belowSpace = (word &- ones &* 0x20) & ~word & highs
                    let delete = ((word ^ (ones &* 0x7F)) &- ones) & ~(word ^ (ones &* 0x7F)) & highs
                    if (word & highs) | belowSpace | delete == 0 {
                        i += 8
                        continue
                    }
                }
                let byte = bytes[i]
                if byte < 0x80 {
                    if (byte < 0x20 || byte == 0x7F) && byte != allowed { return true }
                    i += 1
                    continue
                }
                // A String's bytes are well-formed UTF-8: a lead byte has its
                // continuation bytes, and no continuation byte equals a lead byte.
                var value: UInt32?
                switch byte {
                case 0xC2 where i + 1 < count, 0xD8 where i + 1 < count:
                    value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                case 0xE2 where i + 2 < count:
                    value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                default:
                    break
                }
                if let value, let scalar = Unicode.Scalar(value), isUnsafeToShow(scalar) { return true }
                i += 1
            }
            return false
        }
    }

    /// `text` with every character `isUnsafeToShow` replaced by `replacement`.
    public static func shown(_ text: some StringProtocol, replacement: Unicode.Scalar = " ") -> String {
        // Most text has nothing to replace: check the bytes first, on the one
        // String made from `text` (a Substring would otherwise be copied twice).
        let whole = String(text)
        if !containsUnsafeToShow(whole) {
            return whole
        }
        var out = String.UnicodeScalarView()
        for scalar in whole.unicodeScalars {
            out.append(isUnsafeToShow(scalar) ? replacement : scalar)
        }
        return String(out)
    }
}
